"""Checks of one table (or one block of it): header labels, cell types, constraints, blank rows, shape.

Everything is column-wise. A block becomes a frame ``T`` of raw cells ``c<j>``, typed values ``t<j>`` and
missing masks ``m<j>``; every check is a boolean expression over ``T``; only the rows where one of them
is true are materialised and turned into error rows (``ERROR_SCHEMA``). Findings are made from those
error rows later, and only as many as the report lists.

Rules copied from frictionless (``Row.__process``): missing values are matched on the raw text; a type
error suppresses the constraints of that cell; a missing cell is empty (so ``required`` fails too); a row
whose every cell is empty is reported as a single ``blank-row`` that replaces its cell errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

from stadtdaten.quality.engine.cast import EXACT, FAST, RAW, TOTAL, FieldPlan, exact_values, fast_expr, make_plan, python_literal
from stadtdaten.quality.engine.csv import Block
from stadtdaten.schemas.model import Field, TableSchema

ERROR_SCHEMA = {
    "row": pl.Int64,
    "field_number": pl.Int64,
    "field": pl.String,
    "code": pl.String,
    "constraint": pl.String,
    "cell": pl.String,
    "previous": pl.Int64,
    "phase": pl.Int8,
}
"""One error per row. ``row`` is null for header errors; ``phase`` orders errors within a row like frictionless."""

SEED = 0x5EED_0001
PHASE = {"label": 0, "cell": 1, "extra-cell": 2, "missing-cell": 3, "unique-error": 4, "primary-key": 5, "foreign-key": 6}
EXACT_CACHE_LIMIT = 200_000


def empty_errors() -> pl.DataFrame:
    return pl.DataFrame(schema=ERROR_SCHEMA)


def errors_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    if not rows:
        return empty_errors()
    return pl.DataFrame([{k: r.get(k) for k in ERROR_SCHEMA} for r in rows], schema=ERROR_SCHEMA)


@dataclass
class TableSpec:
    """The expected columns of a table, in file order, and what to check."""

    plans: list[FieldPlan]
    schema: TableSchema | None
    label_errors: list[dict[str, Any]] = field(default_factory=list)
    unique: list[FieldPlan] = field(default_factory=list)
    primary_key: list[FieldPlan] = field(default_factory=list)
    exact_cache: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def width(self) -> int:
        return len(self.plans)

    def plan(self, name: str) -> FieldPlan | None:
        for item in self.plans:
            if item.name == name:
                return item
        return None


def build_spec(schema: TableSchema | None, labels: list[str] | None) -> TableSpec:
    """Pair header labels with schema fields (``fieldsMatch``) and record the label errors."""
    fields = schema.fields if schema is not None else []
    if schema is None:
        names = _dedupe([label or f"field{i + 1}" for i, label in enumerate(labels or [])])
        plans = [make_plan(Field(name=n, type="any"), i + 1, None) for i, n in enumerate(names)]
        spec = TableSpec(plans=plans, schema=None)
        if labels is not None:
            spec.label_errors = _positional_label_errors(labels, [p.field for p in plans], check_names=False)
        return _finish(spec)
    if labels is None:  # no header row: the schema's fields, by position
        return _finish(TableSpec(plans=[make_plan(f, i + 1, schema) for i, f in enumerate(fields)], schema=schema))
    mode = schema.fields_match
    if mode == "exact":
        expected: list[Field] = []
        for i, label in enumerate(labels):
            expected.append(fields[i] if i < len(fields) else Field(name=label, type="any"))
        errors = _positional_label_errors(labels, fields, check_names=True)
    else:
        by_name = {f.name: f for f in fields}
        expected = [by_name.get(label) or Field(name=label, type="any") for label in labels]
        errors = []
        seen: dict[str, int] = {}
        for i, label in enumerate(labels, start=1):
            if label in seen:
                errors.append(_label("duplicate-label", i, label, label, previous=seen[label]))
            seen.setdefault(label, i)
            if label not in by_name and mode not in ("subset", "partial"):
                errors.append(_label("extra-label", i, "", label))
        unmatched = [f for f in fields if f.name not in seen]
        if mode in ("superset", "partial"):
            unmatched = [f for f in unmatched if f.required or f.name in schema.primary_key]
        for offset, item in enumerate(unmatched):
            errors.append(_label("missing-label", len(labels) + offset + 1, item.name, ""))
    names = _dedupe([f.name for f in expected])
    plans = []
    for i, (item, name) in enumerate(zip(expected, names, strict=True)):
        chosen = item if name == item.name else Field(name=name, type="any")
        plans.append(make_plan(chosen, i + 1, schema))
    spec = TableSpec(plans=plans, schema=schema, label_errors=errors)
    return _finish(spec)


def _finish(spec: TableSpec) -> TableSpec:
    spec.unique = [p for p in spec.plans if p.field.constraints.unique]
    if spec.schema is not None and spec.schema.primary_key:
        found = [spec.plan(name) for name in spec.schema.primary_key]
        spec.primary_key = [p for p in found if p is not None] if all(found) else []
    return spec


def _dedupe(names: list[str]) -> list[str]:
    out: list[str] = []
    used: set[str] = set()
    for name in names:
        candidate, suffix = name, 2
        while candidate in used:
            candidate, suffix = f"{name}{suffix}", suffix + 1
        out.append(candidate)
        used.add(candidate)
    return out


def _label(code: str, number: int, field_name: str, label: str, previous: int | None = None) -> dict[str, Any]:
    return {
        "row": None,
        "field_number": number,
        "field": field_name,
        "code": code,
        "constraint": None,
        "cell": label,
        "previous": previous,
        "phase": PHASE["label"],
    }


def _positional_label_errors(labels: list[str], fields: list[Field], *, check_names: bool) -> list[dict[str, Any]]:
    """frictionless's ``Header.__process`` for ``fieldsMatch: exact``."""
    if not labels:
        return [_label("blank-header", 1, "", "")]
    errors = [_label("extra-label", i, "", labels[i - 1]) for i in range(len(fields) + 1, len(labels) + 1)]
    errors += [_label("missing-label", i, fields[i - 1].name, "") for i in range(len(labels) + 1, len(fields) + 1)]
    for number, (item, label) in enumerate(zip(fields, labels, strict=False), start=1):
        if not label:
            errors.append(_label("blank-label", number, item.name, ""))
            continue
        earlier = [i for i, seen in enumerate(labels[: number - 1], start=1) if seen == label]
        if earlier:
            errors.append(_label("duplicate-label", number, item.name, label, previous=earlier[0]))
            continue
        if check_names and label != item.name:
            errors.append(_label("incorrect-label", number, item.name, label))
    return errors


# ---------------------------------------------------------------------------------------------- block checks


@dataclass
class BlockResult:
    typed: pl.DataFrame
    """Typed values named by field, plus ``_row``; ``__k<n>`` key columns for EXACT-typed fields."""
    errors: pl.DataFrame
    rows: int
    duplicates: dict[str, pl.DataFrame] | None = None
    """In-pass key checks (``check_block(keys=True)``): per unique field name and ``"<pk>"`` the rows
    (``_row``, ``previous``) repeating an earlier key, and ``"<pk-empty>"`` (``_row``); None when the
    keys could not be decided in the pass (a key cell needed the exact reader)."""


def _missing(plan: FieldPlan) -> pl.Expr:
    raw = pl.col(plan.column)
    values = plan.missing_values
    if not values:
        return raw.is_null()
    if len(values) == 1:
        return raw.is_null() | (raw == values[0])
    return raw.is_null() | raw.is_in(list(values))


def _needs_missing_guard(plan: FieldPlan) -> bool:
    """The fast cast turns "" (and text) into null anyway; only castable missing values ("0", "-1") need a guard."""
    return (
        any(v.strip() and (v.strip()[0].isdigit() or v.strip()[0] in "+-.") for v in plan.missing_values)
        or plan.field.type == "boolean"
    )


def check_block(block: Block, spec: TableSpec, *, keys: bool = False) -> BlockResult:
    """Cast and check one block of records (content rows only).

    Two passes over the data: one materialises the typed columns (fast casts), one evaluates every check
    and keeps only the rows where something is wrong or a cell needs the exact reader. The exact reader
    then runs once per distinct uncertain value; its results become errors and are scattered into the
    typed columns.
    """
    frame = block.frame
    typed_exprs = []
    for p in spec.plans:
        fast = fast_expr(p, pl.col(p.column))
        if p.kind == RAW:
            continue
        if fast is None:
            cast = pl.lit(None, dtype=p.dtype)
        elif _needs_missing_guard(p):
            cast = pl.when(~_missing(p)).then(fast)
        else:
            cast = fast
        typed_exprs.append(cast.cast(p.dtype).alias(f"t{p.number}"))
    typed_exprs += [
        _tz_flag(p)
        for p in spec.plans
        if p.field.type in ("datetime", "time") and (p.field.constraints.unique or p in spec.primary_key)
    ]
    table = frame.with_columns(typed_exprs) if typed_exprs else frame
    conditions, meta, helpers = _conditions(spec)
    in_pass = keys and _keys_in_pass(spec)
    extra: list[str] = []
    if in_pass:
        key_conditions, key_meta, extra = _key_conditions(spec)
        conditions += key_conditions
        meta += key_meta
    hits = _hits(table, spec, conditions, extra, helpers)
    errors, patches = _errors_from_hits(hits, spec, meta, block)
    duplicates = _duplicates_from_hits(hits, spec, meta) if in_pass else None
    if patches:
        table = table.with_columns(_apply_patches(table, patches))
    rename = {f"t{p.number}" if p.kind != RAW else p.column: p.name for p in spec.plans}
    keep = ["_row", *rename] + [c for c in table.columns if c.startswith(("__k", "__tz"))]
    typed = table.select(keep).rename(rename)
    typed = typed.with_columns(
        [pl.when(~_missing_named(p)).then(pl.col(p.name)).alias(p.name) for p in spec.plans if p.kind == RAW]
    )
    return BlockResult(typed=typed, errors=errors, rows=frame.height, duplicates=duplicates)


KEY_TYPES = frozenset({"string", "any", "integer", "number", "boolean", "date", "year", "yearmonth"})


def _keys_in_pass(spec: TableSpec) -> bool:
    """Unique and primary keys can be checked in the main pass when their typed values are plain columns."""
    plans = [*spec.unique, *spec.primary_key]
    return bool(plans) and all(p.kind != EXACT and p.field.type in KEY_TYPES for p in plans)


def _table_key(p: FieldPlan) -> pl.Expr:
    if p.kind == RAW:
        return pl.when(~pl.col(f"__m{p.number}")).then(pl.col(p.column))
    typed = pl.col(f"t{p.number}")
    return typed + 0.0 if p.field.type == "number" else typed  # Decimal('-0') == 0


def _key_conditions(spec: TableSpec) -> tuple[list[pl.Expr], list[Meta], list[str]]:
    """ "Repeats a key" flags (on a 64-bit hash: every occurrence of a repeated key is flagged; the exact
    grouping happens on the flagged rows), and "empty primary key"."""
    conditions: list[pl.Expr] = []
    meta: list[Meta] = []
    for p in spec.unique:
        key = _table_key(p)
        conditions.append(key.is_not_null() & key.hash(SEED).is_duplicated())
        meta.append(("dup", p, None))
    if spec.primary_key:
        parts = [_table_key(p) for p in spec.primary_key]
        nonempty = pl.any_horizontal([k.is_not_null() for k in parts])
        conditions.append(~nonempty)
        meta.append(("pk-empty", spec.primary_key[0], None))
        if not (len(spec.primary_key) == 1 and spec.primary_key[0] in spec.unique):
            struct = parts[0] if len(parts) == 1 else pl.struct([k.alias(f"k{i}") for i, k in enumerate(parts)])
            conditions.append(nonempty & struct.hash(SEED).is_duplicated())
            meta.append(("pk-dup", spec.primary_key[0], None))
    extra = [f"t{p.number}" for p in {p.number: p for p in [*spec.unique, *spec.primary_key]}.values() if p.kind != RAW]
    return conditions, meta, extra


def _duplicates_from_hits(hits: pl.DataFrame, spec: TableSpec, meta: list[Meta]) -> dict[str, pl.DataFrame] | None:
    key_plans = {p.number for p in [*spec.unique, *spec.primary_key]}
    for index, (code, p, _) in enumerate(meta):
        if code == "uncertain" and p.number in key_plans and hits[f"e{index}"].any():
            return None  # a key cell needs the exact reader: the keys are checked after it (run.py)
    out: dict[str, pl.DataFrame] = {}
    for index, (code, p, _) in enumerate(meta):
        flagged = hits.filter(pl.col(f"e{index}"))
        if code == "dup":
            out[p.name] = _previous(flagged, [_hit_key(p)], p.column)
        elif code == "pk-empty":
            out["<pk-empty>"] = flagged.select("_row")
        elif code == "pk-dup":
            out["<pk>"] = _previous(flagged, [_hit_key(q) for q in spec.primary_key])
    if "<pk>" not in out and spec.primary_key and spec.primary_key[0].name in out:
        out["<pk>"] = out[spec.primary_key[0].name]
    return out


def _hit_key(p: FieldPlan) -> pl.Expr:
    if p.kind == RAW:
        return pl.when(~_missing(p)).then(pl.col(p.column)).alias(f"k{p.number}")
    typed = pl.col(f"t{p.number}")
    return (typed + 0.0 if p.field.type == "number" else typed).alias(f"k{p.number}")


def _previous(flagged: pl.DataFrame, keys: list[pl.Expr], cell: str | None = None) -> pl.DataFrame:
    """Among rows flagged as repeating a key, each row's most recent earlier row with the same real key
    (and, with ``cell``, the raw cell text for the finding)."""
    extra = [pl.col(cell).alias("cell")] if cell else []
    if flagged.is_empty():
        return pl.DataFrame(schema={"_row": pl.Int64, "previous": pl.Int64, **({"cell": pl.String} if cell else {})})
    keyed = flagged.select("_row", *keys, *extra)
    names = [c for c in keyed.columns if c not in ("_row", "cell")]
    return (
        keyed.sort("_row")
        .with_columns(previous=pl.col("_row").shift(1).over(names))
        .filter(pl.col("previous").is_not_null())
        .select("_row", "previous", *(["cell"] if cell else []))
    )


def _tz_flag(plan: FieldPlan) -> pl.Expr:
    """Whether a date/time value carries a time zone: Python never finds a naive and an aware value equal."""
    fmt = plan.field.format
    if fmt == "default":
        aware = pl.col(plan.column).str.contains(r"(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)$")
    else:
        aware = pl.lit("%z" in fmt or "%Z" in fmt)
    return aware.alias(f"__tz{plan.number}")


def _missing_named(plan: FieldPlan) -> pl.Expr:
    col = pl.col(plan.name)
    values = plan.missing_values
    if not values:
        return col.is_null()
    return col.is_null() | col.is_in(list(values))


def _typed(p: FieldPlan) -> pl.Expr:
    return pl.col(p.column) if p.kind == RAW else pl.col(f"t{p.number}")


def _uncertain(plan: FieldPlan, present: pl.Expr) -> pl.Expr | None:
    if plan.kind == EXACT:
        return present
    if plan.kind == FAST:
        typed = pl.col(f"t{plan.number}")
        if plan.field.type == "number":
            # <= 15 significant digits: a double equals and orders like the decimal; NaN/inf: exact path
            return present & (typed.is_null() | ~typed.is_finite() | (pl.col(plan.column).str.len_bytes() > 15))
        if plan.field.type in ("date", "datetime"):
            return present & (typed.is_null() | (typed.dt.year() < 1))  # year 0 exists in polars, not in Python
        return present & typed.is_null()
    if plan.kind == RAW and "pattern" in plan.literals:
        if plan.fast_pattern is None:
            return present
        return present & pl.col(plan.column).str.ends_with("\n")  # Python's $ also matches before a final \n
    return None


Meta = tuple[str, FieldPlan, str | None]


def _conditions(spec: TableSpec) -> tuple[list[pl.Expr], list[Meta], list[list[pl.Expr]]]:
    """Boolean expressions, one per (field, check): type errors, constraints, and "needs the exact reader".

    Also returns helper columns in three stages (missing ``__m<n>``; uncertain ``__u<n>``; decided
    ``__d<n>``) that the conditions refer to, so each is computed once per row, not once per constraint.
    """
    conditions: list[pl.Expr] = []
    meta: list[Meta] = []
    helpers: list[list[pl.Expr]] = [[], [], []]
    for p in spec.plans:
        helpers[0].append(_missing(p).alias(f"__m{p.number}"))
        missing = pl.col(f"__m{p.number}")
        present = ~missing
        uncertain = _uncertain(p, present)
        if uncertain is not None:
            helpers[1].append(uncertain.alias(f"__u{p.number}"))
            uncertain = pl.col(f"__u{p.number}")
            conditions.append(uncertain)
            meta.append(("uncertain", p, None))
        if p.kind == TOTAL:
            conditions.append(present & _typed(p).is_null())
            meta.append(("type-error", p, None))
        if p.field.constraints.required:
            conditions.append(missing)
            meta.append(("constraint-error", p, "required"))
        if p.kind == EXACT or not p.literals:
            continue
        decided = present if p.kind == RAW else present & _typed(p).is_not_null()
        if uncertain is not None and (p.kind == RAW or p.field.type == "number"):
            decided = decided & ~uncertain
        helpers[2].append(decided.alias(f"__d{p.number}"))
        for name, literal in p.literals.items():
            fails = _vector_constraint(p, name, literal)
            if fails is None:
                continue
            conditions.append(pl.col(f"__d{p.number}") & fails.fill_null(False))
            meta.append(("constraint-error", p, name))
    return conditions, meta, helpers


def _hits(
    table: pl.DataFrame,
    spec: TableSpec,
    conditions: list[pl.Expr],
    extra: list[str] | None = None,
    helpers: list[list[pl.Expr]] | None = None,
) -> pl.DataFrame:
    names = [f"e{i}" for i in range(len(conditions))]
    if spec.plans and all(p.missing_values == ("",) for p in spec.plans):
        blank = pl.col("_len") == 0  # every cell empty (computed while parsing, for free)
    else:
        blank = pl.all_horizontal([pl.col(f"__m{p.number}") for p in spec.plans]) if spec.plans else pl.lit(False)
    flagged = [c.alias(n) for c, n in zip(conditions, names, strict=True)]
    anything = pl.any_horizontal([pl.col(n) for n in names]) if names else pl.lit(False)
    lazy = table.lazy().with_row_index("__i")
    for stage in helpers or []:
        if stage:
            lazy = lazy.with_columns(stage)
    return (
        lazy.select(["__i", "_row", *[p.column for p in spec.plans], *(extra or []), *flagged, blank.alias("blank")])
        .filter(anything | pl.col("blank"))
        .collect()
    )


@dataclass
class _Patch:
    plan: FieldPlan
    positions: list[int] = field(default_factory=list)
    values: list[Any] = field(default_factory=list)
    keys: list[str | None] = field(default_factory=list)


def _errors_from_hits(hits: pl.DataFrame, spec: TableSpec, meta: list[Meta], block: Block) -> tuple[pl.DataFrame, list[_Patch]]:
    frames: list[pl.DataFrame] = []
    patches: list[_Patch] = []
    blank_rows = hits.filter(pl.col("blank"))["_row"]
    cells = hits.filter(~pl.col("blank"))
    exact_rows: list[dict[str, Any]] = []
    for index, (code, p, constraint) in enumerate(meta):
        name = f"e{index}"
        sub = cells.filter(pl.col(name))
        if sub.is_empty():
            continue
        if code in ("dup", "pk-empty", "pk-dup"):
            continue
        if code == "uncertain":
            patch, rows = _exact(p, sub, spec)
            exact_rows.extend(rows)
            if patch.positions:
                patches.append(patch)
            continue
        frames.append(
            sub.select(
                pl.col("_row").alias("row"),
                pl.lit(p.number, pl.Int64).alias("field_number"),
                pl.lit(p.name).alias("field"),
                pl.lit(code).alias("code"),
                pl.lit(constraint, pl.String).alias("constraint"),
                pl.col(p.column).alias("cell"),
                pl.lit(None, pl.Int64).alias("previous"),
                pl.lit(PHASE["cell"], pl.Int8).alias("phase"),
            )
        )
    if exact_rows:
        frames.append(errors_frame(exact_rows))
    if len(blank_rows):
        frames.append(
            pl.DataFrame({"row": blank_rows}).with_columns(
                pl.lit(None, pl.Int64).alias("field_number"),
                pl.lit(None, pl.String).alias("field"),
                pl.lit("blank-row").alias("code"),
                pl.lit(None, pl.String).alias("constraint"),
                pl.lit(None, pl.String).alias("cell"),
                pl.lit(None, pl.Int64).alias("previous"),
                pl.lit(PHASE["cell"], pl.Int8).alias("phase"),
            )
        )
    shape = _shape_errors(block, spec, set(blank_rows.to_list()))
    if not shape.is_empty():
        frames.append(shape)
    if not frames:
        return empty_errors(), patches
    errors = pl.concat([f.select(list(ERROR_SCHEMA)).cast(ERROR_SCHEMA) for f in frames])  # type: ignore[arg-type]
    return errors, patches


def _exact(p: FieldPlan, sub: pl.DataFrame, spec: TableSpec) -> tuple[_Patch, list[dict[str, Any]]]:
    """Cast uncertain cells with the exact reader, once per distinct value (cached across blocks)."""
    cache = spec.exact_cache.setdefault(p.name, {})
    values = sub[p.column].to_list()
    todo = [v for v in dict.fromkeys(values) if v not in cache]
    if todo:
        if len(cache) > EXACT_CACHE_LIMIT:
            cache.clear()
        cache.update(exact_values(p, todo))
    patch = _Patch(plan=p)
    rows: list[dict[str, Any]] = []
    for position, row_number, text in zip(sub["__i"].to_list(), sub["_row"].to_list(), values, strict=True):
        result = cache[text]
        if not result.ok:
            rows.append(_cell_error(row_number, p, "type-error", None, text))
            if p.kind == FAST:  # the fast cast may have produced a value Python rejects (year 0): clear it
                patch.positions.append(position)
                patch.values.append(None)
                patch.keys.append(None)
            continue
        if p.kind != RAW:
            patch.positions.append(position)
            patch.values.append(result.value)
            patch.keys.append(result.key)
        for constraint in result.failed:
            rows.append(_cell_error(row_number, p, "constraint-error", constraint, text))
    return patch, rows


def _cell_error(row: int, p: FieldPlan, code: str, constraint: str | None, cell: str) -> dict[str, Any]:
    return {
        "row": row,
        "field_number": p.number,
        "field": p.name,
        "code": code,
        "constraint": constraint,
        "cell": cell,
        "previous": None,
        "phase": PHASE["cell"],
    }


def _apply_patches(table: pl.DataFrame, patches: list[_Patch]) -> list[pl.Series]:
    updates: list[pl.Series] = []
    height = table.height
    for patch in patches:
        p = patch.plan
        values = pl.Series(f"t{p.number}", patch.values, dtype=p.dtype, strict=False)
        updates.append(_scatter_any(table[f"t{p.number}"], patch.positions, values))
        # integers beyond 64 bits are valid but do not fit the column: they are keyed by their text
        big = p.kind == FAST and any(v is None and k is not None for v, k in zip(patch.values, patch.keys, strict=True))
        if p.kind == EXACT or big:
            keys = pl.Series(f"__k{p.number}", [None], dtype=pl.String).extend_constant(None, height - 1)
            chosen = (
                patch.keys
                if p.kind == EXACT
                else [k if v is None else None for k, v in zip(patch.keys, patch.values, strict=True)]
            )
            updates.append(keys.scatter(patch.positions, pl.Series(chosen, dtype=pl.String)))
    return updates


def _scatter_any(column: pl.Series, positions: list[int], values: pl.Series) -> pl.Series:
    """``column`` with ``values`` at ``positions``; struct columns (geopoint) cannot scatter, so they gather."""
    if not isinstance(column.dtype, pl.Struct):
        return column.clone().scatter(positions, values)
    source = pl.concat([column, values])  # the new values sit behind the old ones
    index = pl.Series(range(column.len()), dtype=pl.Int64).scatter(positions, range(column.len(), column.len() + len(positions)))
    return source.gather(index).alias(column.name)


def _vector_constraint(p: FieldPlan, name: str, literal: Any) -> pl.Expr | None:
    """A vectorised "constraint fails" expression on the fast/raw typed value, or None if not vectorisable."""
    typed = _typed(p)
    raw = pl.col(p.column)
    if name == "pattern":
        if p.fast_pattern is None:
            return None
        return ~raw.str.contains(p.fast_pattern)
    if name in ("minLength", "maxLength"):
        if p.kind != RAW:
            return None
        length = raw.str.len_chars()
        return length < literal if name == "minLength" else length > literal
    if name == "enum":
        allowed = [python_literal(p, v) for v in literal if v is not None]
        allowed = [v for v in allowed if v is not None]
        if not allowed:
            return pl.lit(True)
        return ~typed.is_in(pl.Series(allowed, dtype=p.dtype, strict=False).implode())
    value = python_literal(p, literal)
    if value is None:
        return None
    target = pl.lit(value, dtype=p.dtype)
    return {
        "minimum": typed < target,
        "maximum": typed > target,
        "exclusiveMinimum": typed <= target,
        "exclusiveMaximum": typed >= target,
    }[name]


def _shape_errors(block: Block, spec: TableSpec, blank: set[int]) -> pl.DataFrame:
    """extra-cell and missing-cell from the exact cells of ragged rows (not for blank rows)."""
    rows: list[dict[str, Any]] = []
    width = spec.width
    for number, cells in block.ragged.items():
        if number in blank:
            continue
        for k in range(width, len(cells)):
            rows.append(
                {
                    "row": number,
                    "field_number": k + 1,
                    "field": "",
                    "code": "extra-cell",
                    "cell": cells[k],
                    "phase": PHASE["extra-cell"],
                }
            )
        for k in range(len(cells), width):
            p = spec.plans[k]
            rows.append(
                {
                    "row": number,
                    "field_number": k + 1,
                    "field": p.name,
                    "code": "missing-cell",
                    "cell": "",
                    "phase": PHASE["missing-cell"],
                }
            )
    return errors_frame(rows)
