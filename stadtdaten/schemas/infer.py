"""Table Schema inference over a sample, vectorised with polars (one pass of regex counts per column).

Why not frictionless's inference: it reads ``05711000`` as the integer 5711000, ``1.234,56`` as text and
``31.12.2019`` as text. German offices publish exactly these, so the German preset (see
:mod:`stadtdaten.schemas.presets`) decides per column, in this order:

1. missing-value tokens (``-``, ``.``, ``k. A.`` ...) are set aside; they are declared only if used;
2. booleans (``ja``/``nein``);
3. compact dates ``31122000`` when the column name says date/Stichtag and every value parses;
4. integers: zero-padded codes and key-named columns (AGS, PLZ, ``stat_id``) stay **strings** with a
   pattern; 4-digit values in a ``...jahr`` column become ``year``;
5. numbers with decimal comma / thousands dot (``decimalChar``/``groupChar``);
6. dates, datetimes and times by shape, verified by parsing (``format: "%d.%m.%Y"``);
7. strings, with an ``enum`` suggestion for low-cardinality category columns.

A type is taken when it fits at least ``preset.confidence`` of the non-missing values; the exceptions are
reported as a note (validation will list them as type errors). Every decision the steward should check is a
note ``(code, params)`` with an English template in :data:`NOTE_TEMPLATES` (German in ``describe.po``).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from stadtdaten.core.reading.types import Rows
from stadtdaten.schemas.presets import (
    DateCandidate,
    Preset,
    get_preset,
    is_category_name,
    is_date_name,
    is_identifier_name,
    is_key_name,
    is_row_id_name,
    is_year_name,
    unit_from_name,
)

NOTE_TEMPLATES: dict[str, str] = {
    "sampled": "Types inferred from {rows} sampled data rows",
    "type-exceptions": "{field}: {share} of the values are {type}; {count} do not fit (e.g. {examples}): validate will list them",
    "leading-zeros": "{field}: codes with leading zeros (e.g. {example}) stay text, pattern {pattern}",
    "key-by-name": "{field}: digits kept as text because the name marks a key or identifier (pattern {pattern})",
    "ambiguous-group": "{field}: '{example}' read with '.' as thousands separator (German), not as a decimal point",
    "ambiguous-decimal-point": "{field}: '{example}' read with '.' as decimal point, not as a German thousands separator",
    "ambiguous-date-order": "{field}: day/month order cannot be told from the values (e.g. {example}); assumed {format}",
    "compact-date": "{field}: 8-digit values read as dates in the form {format} (the column name says it is a date)",
    "apostrophe-prefix": "{field}: values are wrapped in apostrophes (an Excel text marker); the format includes them",
    "missing-values": "Missing values declared: {tokens}",
    "enum-suggested": "{field}: only {count} different values, suggested as enum {values}: check the list is complete",
    "primary-key": "{field}: unique in the sample and named like an identifier: set as primary key",
    "composite-key": "Columns {fields} are unique together in the sample: a candidate primary key (not set)",
    "not-unique-id": "{field}: named like an identifier, but {count} values repeat in the sample: no primary key",
    "empty-column": "{field}: empty in the sample; type 'any'",
    "blank-label": "Column {index} has no name; it is called {name} in the schema",
    "duplicate-label": "Column {index} repeats the name '{label}'; it is called {name} in the schema",
    "unit-from-name": "{field}: unit {unit} taken from the column name",
    "whitespace": "{field}: {count} values have leading or trailing spaces (e.g. '{example}')",
    "mixed-decimal": "{field}: both decimal comma and decimal point occur; the majority ({decimal}) was chosen",
}


@dataclass
class InferenceResult:
    """The inferred Table Schema and the notes that explain (or doubt) it."""

    schema: dict[str, Any]
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    sampled_rows: int = 0
    missing_counts: dict[str, int] = field(default_factory=dict)


def _field_names(header: list[str | None], notes: list[tuple[str, dict[str, Any]]]) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    for index, label in enumerate(header, start=1):
        name = label if label not in (None, "") else None
        if name is None or not str(name).strip():
            name = f"field{index}"
            notes.append(("blank-label", {"index": index, "name": name}))
        elif name in seen:
            original = name
            counter = 2
            while f"{original}{counter}" in seen:
                counter += 1
            name = f"{original}{counter}"
            notes.append(("duplicate-label", {"index": index, "label": original, "name": name}))
        seen.add(str(name))
        names.append(str(name))
    return names


def frame_from_rows(rows: Rows) -> tuple[pl.DataFrame, list[str]]:
    """All cells as strings in a polars frame; ragged rows padded/cut to the header width."""
    notes: list[tuple[str, dict[str, Any]]] = []
    header = list(rows.rows[0]) if rows.rows and rows.has_header else []
    body = rows.rows[1:] if rows.has_header else rows.rows
    width = len(header) if header else max((len(r) for r in body), default=0)
    if not header:
        header = [f"field{i}" for i in range(1, width + 1)]
    names = _field_names(header, notes)
    padded = [(list(r) + [None] * width)[:width] if len(r) != width else list(r) for r in body]
    columns = [f"c{i}" for i in range(width)]
    frame = (
        pl.DataFrame(padded, schema=dict.fromkeys(columns, pl.Utf8), orient="row")
        if padded
        else pl.DataFrame(schema=dict.fromkeys(columns, pl.Utf8))
    )
    return frame, names


def infer_schema(rows: Rows, preset: str | Preset | None = None, sample_rows: int | None = None) -> InferenceResult:
    """Infer a Table Schema (a plain dict) from :class:`Rows` (header + data rows as text)."""
    chosen = get_preset(preset)
    limit = sample_rows or chosen.sample_rows
    notes: list[tuple[str, dict[str, Any]]] = []
    header = list(rows.rows[0]) if rows.rows and rows.has_header else []
    names = _field_names(header, notes) if header else []
    trimmed = Rows(
        rows=rows.rows[: limit + 1] if rows.has_header else rows.rows[:limit], row_numbers=[], has_header=rows.has_header
    )
    frame, frame_names = frame_from_rows(trimmed)
    names = names or frame_names
    fields: list[dict[str, Any]] = []
    used_tokens: dict[str, int] = {}
    typed_columns: list[tuple[str, str, pl.Series]] = []
    for column, name in zip(frame.columns, names, strict=False):
        series = frame[column]
        spec, tokens = _infer_field(name, series, chosen, notes)
        for token, count in tokens.items():
            used_tokens[token] = used_tokens.get(token, 0) + count
        fields.append(spec)
        typed_columns.append((name, spec["type"], series))
    schema: dict[str, Any] = {"fields": fields}
    declared = ["", *sorted((t for t in used_tokens if t != ""), key=chosen.missing_tokens.index)]
    schema["missingValues"] = declared
    if len(declared) > 1:
        notes.append(("missing-values", {"tokens": ", ".join(f"'{t}'" for t in declared)}))
    _suggest_keys(frame, names, fields, chosen, schema, notes)
    if frame.height:
        notes.insert(0, ("sampled", {"rows": frame.height}))
    return InferenceResult(schema=schema, notes=notes, sampled_rows=frame.height, missing_counts=used_tokens)


# ---------------------------------------------------------------------------------------------- one field


def _count(series: pl.Series, pattern: str) -> int:
    if series.len() == 0:
        return 0
    return int(series.str.contains(pattern).sum())


def _share(part: int, whole: int) -> str:
    """Rounded down, so that a column with one exception never reads as 100 %."""
    return f"{math.floor(100 * part / whole)}%" if whole else "0%"


def _examples(series: pl.Series, mask: pl.Series, limit: int = 3) -> str:
    values = series.filter(mask).value_counts(sort=True).head(limit)
    if values.is_empty():
        return ""
    return ", ".join(f"{v!r} ({c}×)" for v, c in zip(values[series.name].to_list(), values["count"].to_list(), strict=True))


def _digits_pattern(values: pl.Series) -> str:
    lengths = values.str.len_chars()
    low, high = int(lengths.min() or 0), int(lengths.max() or 0)  # type: ignore[arg-type]
    # Table Schema patterns are XML Schema regexes: implicitly anchored, so no ^ and $
    return f"[0-9]{{{low}}}" if low == high else f"[0-9]{{{low},{high}}}"


def _infer_field(
    name: str, series: pl.Series, preset: Preset, notes: list[tuple[str, dict[str, Any]]]
) -> tuple[dict[str, Any], dict[str, int]]:
    spec: dict[str, Any] = {"name": name}
    tokens = [t for t in preset.missing_tokens if t != ""]
    present = series.drop_nulls()
    is_token = present.is_in(tokens) if tokens else pl.Series([False] * present.len())
    empty = present.str.strip_chars() == ""
    token_counts: dict[str, int] = {}
    if tokens and bool(is_token.any()):
        counted = present.filter(is_token).value_counts()
        token_counts = dict(zip(counted[present.name].to_list(), counted["count"].to_list(), strict=True))
    values = present.filter(~is_token & ~empty)
    n = values.len()
    if n == 0:
        spec["type"] = "any"
        notes.append(("empty-column", {"field": name}))
        return spec, token_counts if token_counts else {}
    threshold = preset.confidence * n

    def accept(matches: int) -> bool:
        return matches >= threshold

    def exceptions(mask: pl.Series, kind: str) -> None:
        bad = n - int(mask.sum())
        if bad:
            notes.append(
                (
                    "type-exceptions",
                    {
                        "field": name,
                        "share": _share(n - bad, n),
                        "type": kind,
                        "count": bad,
                        "examples": _examples(values, ~mask),
                    },
                )
            )

    spaced = int((values != values.str.strip_chars()).sum())
    if spaced:
        example = values.filter(values != values.str.strip_chars())[0]
        notes.append(("whitespace", {"field": name, "count": spaced, "example": example}))

    # booleans
    true_set, false_set = set(preset.true_values), set(preset.false_values)
    is_bool = values.is_in(list(true_set | false_set))
    if accept(int(is_bool.sum())) and not bool(values.str.contains(r"^\d+$").any()):
        seen_true = sorted(set(values.filter(values.is_in(list(true_set))).unique().to_list()))
        seen_false = sorted(set(values.filter(values.is_in(list(false_set))).unique().to_list()))
        spec["type"] = "boolean"
        spec["trueValues"] = seen_true or [_counterpart(seen_false, preset, True)]
        spec["falseValues"] = seen_false or [_counterpart(seen_true, preset, False)]
        exceptions(is_bool, "boolean")
        return spec, token_counts

    is_int = values.str.contains(r"^[+-]?\d+$")
    ints = int(is_int.sum())

    # compact dates: 31122000 in a column named stichtag/datum
    if preset.compact_dates and ints == n and is_date_name(name) and bool(values.str.contains(r"^\d{8}$").all()):
        for fmt in ("%d%m%Y", "%Y%m%d"):
            parsed = values.str.strptime(pl.Date, fmt, strict=False)
            if parsed.null_count() == 0 and bool(parsed.dt.year().is_between(1800, 2200).all()):
                spec.update(type="date", format=fmt)
                notes.append(("compact-date", {"field": name, "format": fmt}))
                return spec, token_counts

    if accept(ints) and ints < n:  # decimals among the integers: number fits more values
        number = _number(name, values, preset, notes)
        if number is not None and int(number[1].sum()) > ints:
            spec.update(number[0])
            _unit(name, spec, preset, notes)
            exceptions(number[1], number[2])
            return spec, token_counts
    if accept(ints):
        int_values = values.filter(is_int)
        padded = int_values.str.contains(r"^0\d")
        if bool(padded.any()) or (preset.codes_by_name and is_key_name(name)) or bool(int_values.str.len_chars().max() > 18):  # type: ignore[operator]
            pattern = _digits_pattern(int_values)
            spec["type"] = "string"
            spec["constraints"] = {"pattern": pattern}
            if bool(padded.any()):
                notes.append(("leading-zeros", {"field": name, "example": int_values.filter(padded)[0], "pattern": pattern}))
            else:
                notes.append(("key-by-name", {"field": name, "pattern": pattern}))
            exceptions(is_int, "digit codes")
            return spec, token_counts
        if is_year_name(name) and bool(int_values.str.contains(r"^\d{4}$").all()):
            numbers = int_values.cast(pl.Int64, strict=False)
            if bool(numbers.is_between(1000, 2999).all()):
                spec["type"] = "year"
                exceptions(is_int, "year")
                return spec, token_counts
        spec["type"] = "integer"
        _unit(name, spec, preset, notes)
        exceptions(is_int, "integer")
        _integer_enum(name, int_values, spec, preset, notes)
        return spec, token_counts

    number = _number(name, values, preset, notes)
    if number is not None:
        spec_number, mask, kind = number
        if accept(int(mask.sum())):
            spec.update(spec_number)
            _unit(name, spec, preset, notes)
            exceptions(mask, kind)
            return spec, token_counts

    dated = _dates(name, values, preset, notes)
    if dated is not None:
        spec_date, mask = dated
        spec.update(spec_date)
        exceptions(mask, spec_date["type"])
        return spec, token_counts

    spec["type"] = "string"
    _string_enum(name, values, spec, preset, notes)
    return spec, {}


def _counterpart(seen: list[str], preset: Preset, want_true: bool) -> str:
    """The missing half of a boolean pair: ``Ja`` -> ``Nein`` (same capitalisation)."""
    source = preset.false_values if want_true else preset.true_values
    target = preset.true_values if want_true else preset.false_values
    if seen and seen[0] in source:
        index = source.index(seen[0])
        if index < len(target):
            return target[index]
    return target[0]


def _number(
    name: str, values: pl.Series, preset: Preset, notes: list[tuple[str, dict[str, Any]]]
) -> tuple[dict[str, Any], pl.Series, str] | None:
    """Numbers with decimal comma or point, optional thousands separators, optional % / € suffix."""
    suffix = r"(\s?(%|€|EUR))?"
    if preset.decimal_comma:
        group_int = values.str.contains(rf"^[+-]?\d{{1,3}}(\.\d{{3}})+{suffix}$")
        comma_dec = values.str.contains(rf"^[+-]?(\d+|\d{{1,3}}(\.\d{{3}})+),\d+{suffix}$")
        point_dec = values.str.contains(rf"^[+-]?\d*\.\d+([eE][+-]?\d+)?{suffix}$") & ~group_int
    else:
        group_int = values.str.contains(rf"^[+-]?\d{{1,3}}(,\d{{3}})+{suffix}$")
        comma_dec = pl.Series([False] * values.len())
        point_dec = values.str.contains(rf"^[+-]?(\d+|\d{{1,3}}(,\d{{3}})+)?\.\d+([eE][+-]?\d+)?{suffix}$")
    plain = values.str.contains(rf"^[+-]?\d+([eE][+-]?\d+)?{suffix}$")
    if bool(values.str.contains(r"^0\d+$").any()):
        return None  # zero-padded codes next to decimals ("01", "0.5"): text, never numbers
    comma_n, point_n, group_n = int(comma_dec.sum()), int(point_dec.sum()), int(group_int.sum())
    if comma_n + point_n + group_n == 0:
        return None
    spec: dict[str, Any] = {}
    if preset.decimal_comma and comma_n and point_n:
        decimal = "," if comma_n >= point_n else "."
        notes.append(("mixed-decimal", {"field": name, "decimal": f"'{decimal}'"}))
        if decimal == ",":
            point_dec = pl.Series([False] * values.len())
        else:
            comma_dec = pl.Series([False] * values.len())
    if preset.decimal_comma and group_n and not comma_dec.sum() and not point_dec.sum():
        # "3.559" is 3559 with a German thousands dot, or 3.559 volts. Grouping is credible only with several
        # groups (1.234.567) or small plain numbers next to the grouped ones (7, 12.000) and no plain 1500.
        grouped = values.filter(group_int)
        several = bool(grouped.str.count_matches(r"\.").max() > 1)  # type: ignore[operator]
        small_plain = bool(values.filter(plain).str.contains(r"^[+-]?\d{1,3}$").any())
        big_plain = bool(values.filter(plain).str.contains(r"^[+-]?\d{4,}$").any())
        if not several and (big_plain or not small_plain):
            point_dec = point_dec | group_int
            group_int = pl.Series([False] * values.len())
            group_n = 0
            notes.append(("ambiguous-decimal-point", {"field": name, "example": grouped[0]}))
    if preset.decimal_comma and (comma_dec.sum() or (group_n and not point_dec.sum())):
        mask = plain | comma_dec | group_int
        if comma_dec.sum():
            spec.update(type="number", decimalChar=",")
        else:
            spec.update(type="integer")
            if (
                group_n
                and bool(values.filter(group_int).str.count_matches(r"\.").max() == 1)
                and not bool(values.filter(group_int).str.contains(r"^\d{1,3}\.\d{3}\.").any())
            ):
                notes.append(("ambiguous-group", {"field": name, "example": values.filter(group_int)[0]}))
        if group_n or bool(values.filter(comma_dec).str.contains(r"\.").any()):
            spec["groupChar"] = "."
        kind = "German numbers"
    else:
        mask = plain | point_dec | group_int
        if point_dec.sum():
            spec["type"] = "number"
        else:
            spec["type"] = "integer"
        if not preset.decimal_comma and (group_n or bool(values.filter(point_dec).str.contains(",").any())):
            spec["groupChar"] = ","
        kind = "numbers"
    if bool(values.str.contains(rf"\d{suffix}$").any()) and bool(values.str.contains(r"(%|€|EUR)$").any()):
        spec["bareNumber"] = False
        unit = "%" if bool(values.str.contains("%$").any()) else "EUR"
        spec.setdefault("unit", unit)
    return spec, mask, kind


def _dates(
    name: str, values: pl.Series, preset: Preset, notes: list[tuple[str, dict[str, Any]]]
) -> tuple[dict[str, Any], pl.Series] | None:
    quoted = values.str.contains(r"^'.*'$")
    wrapped = bool(quoted.sum() >= preset.confidence * values.len())
    probe = values.str.strip_chars("'") if wrapped else values
    best: tuple[int, DateCandidate, pl.Series] | None = None
    for candidate in preset.date_candidates:
        mask = probe.str.contains(candidate.regex)
        hits = int(mask.sum())
        if hits and (best is None or hits > best[0]):
            best = (hits, candidate, mask)
    if best is None or best[0] < preset.confidence * values.len():
        return None
    _, candidate, mask = best
    fmt = candidate.fmt
    if fmt in ("%d/%m/%Y", "%m/%d/%Y"):
        parts = probe.filter(mask).str.split("/")
        first = parts.list.get(0).cast(pl.Int32, strict=False)
        second = parts.list.get(1).cast(pl.Int32, strict=False)
        if bool((second > 12).any()):
            fmt = "%m/%d/%Y"
        elif bool((first > 12).any()):
            fmt = "%d/%m/%Y"
        else:
            notes.append(("ambiguous-date-order", {"field": name, "example": probe.filter(mask)[0], "format": fmt}))
    polars_fmt = fmt if candidate.fmt is not None else candidate.polars_fmt
    if polars_fmt is not None:
        dtype = {"date": pl.Date, "datetime": pl.Datetime, "time": pl.Time}[candidate.type]
        parsed = probe.str.strptime(dtype, polars_fmt, strict=False)  # type: ignore[arg-type]
        mask = parsed.is_not_null()
        if int(mask.sum()) < preset.confidence * values.len():
            return None
    spec: dict[str, Any] = {"type": candidate.type}
    if fmt is not None:
        spec["format"] = f"'{fmt}'" if wrapped else fmt
    elif wrapped:
        return None  # an ISO value inside apostrophes has no strptime form here: leave it text
    if wrapped:
        notes.append(("apostrophe-prefix", {"field": name}))
    return spec, mask


def _unit(name: str, spec: dict[str, Any], preset: Preset, notes: list[tuple[str, dict[str, Any]]]) -> None:
    if not preset.units or "unit" in spec:
        return
    unit = unit_from_name(name)
    if unit:
        spec["unit"] = unit
        notes.append(("unit-from-name", {"field": name, "unit": unit}))


def _integer_enum(
    name: str, values: pl.Series, spec: dict[str, Any], preset: Preset, notes: list[tuple[str, dict[str, Any]]]
) -> None:
    if not is_category_name(name) or "groupChar" in spec:
        return
    distinct = values.unique()
    if 2 <= distinct.len() <= preset.enum_max and values.len() >= 5 * distinct.len():
        members = sorted(int(v) for v in distinct.to_list())
        spec.setdefault("constraints", {})["enum"] = members
        notes.append(("enum-suggested", {"field": name, "count": len(members), "values": members}))


def _string_enum(
    name: str, values: pl.Series, spec: dict[str, Any], preset: Preset, notes: list[tuple[str, dict[str, Any]]]
) -> None:
    distinct = values.unique()
    k = distinct.len()
    if k < 2 or values.len() < 5 * k or bool(distinct.str.len_chars().max() > 40):  # type: ignore[operator]
        return
    if not (is_category_name(name) or k <= 5) or k > preset.enum_max:
        return
    members = sorted(distinct.to_list())
    spec.setdefault("constraints", {})["enum"] = members
    notes.append(("enum-suggested", {"field": name, "count": k, "values": members}))


# ---------------------------------------------------------------------------------------------- keys


def _suggest_keys(
    frame: pl.DataFrame,
    names: list[str],
    fields: list[dict[str, Any]],
    preset: Preset,
    schema: dict[str, Any],
    notes: list[tuple[str, dict[str, Any]]],
) -> None:
    if frame.height < 2:
        return
    tokens = list(preset.missing_tokens)
    reported = False
    non_unique_id: tuple[str, str] | None = None
    for column, name, spec in zip(frame.columns, names, fields, strict=False):
        if not is_identifier_name(name) or spec["type"] in ("any", "boolean", "number"):
            continue
        series = frame[column]
        if series.null_count() or bool(series.is_in(tokens).any()):
            continue
        duplicates = frame.height - series.n_unique()
        if duplicates == 0:
            schema["primaryKey"] = [name]
            spec.setdefault("constraints", {}).update(required=True, unique=True)
            notes.append(("primary-key", {"field": name}))
            return
        if not reported and not is_key_name(name) and is_row_id_name(name):
            notes.append(("not-unique-id", {"field": name, "count": duplicates}))
            reported = True
            non_unique_id = column, name

    def priority(item: tuple[str, str, dict[str, Any]]) -> int:
        _, name, spec = item
        if spec["type"] in ("date", "datetime", "year"):
            return 0
        if is_key_name(name) or is_identifier_name(name):
            return 1
        return 2 if is_category_name(name) or "enum" in spec.get("constraints", {}) else 3

    dimensions = [
        (column, name, spec)
        for column, name, spec in zip(frame.columns, names, fields, strict=False)
        if spec["type"] in ("string", "integer", "date", "datetime", "year")
        and frame[column].null_count() == 0
        and frame[column].n_unique() < frame.height
        and "groupChar" not in spec
        and "decimalChar" not in spec
        and not spec.get("unit")
    ]
    candidates = [
        (column, name) for column, name, spec in sorted(dimensions, key=priority) if priority((column, name, spec)) <= 2
    ][:8]
    for size in (2, 3, 4):
        for combo in itertools.combinations(candidates, size):
            if _unique(frame, combo, notes):
                return
    if non_unique_id is not None:  # an id that repeats: which text columns make it unique?
        others = [(column, name) for column, name, spec in dimensions if spec["type"] == "string" and column != non_unique_id[0]][
            :6
        ]
        for size in (1, 2):
            for combo in itertools.combinations(others, size):
                if _unique(frame, (non_unique_id, *combo), notes):
                    return


def _unique(frame: pl.DataFrame, combo: tuple[tuple[str, str], ...], notes: list[tuple[str, dict[str, Any]]]) -> bool:
    columns = [c for c, _ in combo]
    if bool(frame.select(columns).is_duplicated().any()):
        return False
    notes.append(("composite-key", {"fields": ", ".join(n for _, n in combo)}))
    return True
