"""Vectorised casting: each field's string column to its typed column, exact by construction.

Every type has a *fast* polars expression that is only allowed to say "valid, and this is the value" for
cells where it provably agrees with the exact reader (:mod:`stadtdaten.schemas.types`, frictionless's
semantics): a guard regex admits only the plain spellings (``-?[0-9]+`` for integers, ``YYYY-MM-DD`` with
valid hour/minute/second ranges for dates ...), numbers need 15 significant digits or fewer (below that
a double orders and equals decimals exactly) and a finite value. Every other present cell is
*uncertain*: its distinct values go through the exact reader once each, and the result is scattered
back. On clean data nothing is uncertain; on messy data only the messy values are.

Types without a sensible vectorised form (duration, geopoint, geojson, object, array, list, the string
formats email/uri/uuid/binary/wkt, and dates with ``any`` or unusual strftime patterns) are cast per
distinct value, which is fast while the number of distinct values is moderate.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import polars as pl

from stadtdaten.schemas.model import Field, TableSchema
from stadtdaten.schemas.types import GeoPoint, YearMonth, constraint_literals, failed_constraints, reader_for

FAST = "fast"
TOTAL = "total"  # the vectorised result is authoritative (boolean)
EXACT = "exact"  # per distinct value
RAW = "raw"  # string/any: the cell is the value

_DIRECTIVES = {
    "%d": "(?:0[1-9]|[12][0-9]|3[01])",
    "%m": "(?:0[1-9]|1[0-2])",
    "%Y": "[0-9]{4}",
    "%H": "(?:[01][0-9]|2[0-3])",
    "%M": "[0-5][0-9]",
    "%S": "[0-5][0-9]",
}
_DT_GUARD = r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
_TM_GUARD = r"(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"


@dataclass
class FieldPlan:
    """How one field is cast and checked."""

    field: Field
    number: int
    """1-based position in the file (frictionless's field_number)."""
    column: str
    missing_values: tuple[str, ...]
    kind: str
    dtype: pl.DataType
    literals: dict[str, Any] = dataclass_field(default_factory=dict)
    problems: list[tuple[str, str]] = dataclass_field(default_factory=list)
    """Constraints whose values cannot be used (reported as schema-error, then ignored)."""
    fast_pattern: str | None = None
    """The pattern constraint as a polars (Rust) regex, when it compiles there."""

    @property
    def name(self) -> str:
        return self.field.name

    @property
    def checks_exact_constraints(self) -> bool:
        return bool(self.literals)


def make_plan(item: Field, number: int, schema: TableSchema | None) -> FieldPlan:
    missing = schema.missing_values_of(item) if schema is not None else ("",)
    kind, dtype = _kind(item)
    literals, problems = constraint_literals(item)
    plan = FieldPlan(field=item, number=number, column=f"c{number - 1}", missing_values=missing, kind=kind, dtype=dtype)
    plan.literals = literals
    plan.problems = problems
    pattern = literals.get("pattern")
    if pattern is not None:
        plan.fast_pattern = _rust_pattern(item.constraints.pattern or "")
    return plan


def _kind(item: Field) -> tuple[str, pl.DataType]:
    ftype, fmt = item.type, item.format
    if ftype == "string":
        return (RAW if fmt == "default" else EXACT), pl.String()
    if ftype == "any":
        return RAW, pl.String()
    if ftype == "integer":
        return (FAST if item.bare_number else EXACT), pl.Int64()
    if ftype == "number":
        return (FAST if item.bare_number else EXACT), pl.Float64()
    if ftype == "boolean":
        return TOTAL, pl.Boolean()
    if ftype == "date":
        return (FAST if _strptime_guard(fmt, "date") else EXACT), pl.Date()
    if ftype == "time":
        return (FAST if _strptime_guard(fmt, "time") else EXACT), pl.Time()
    if ftype == "datetime":
        return (FAST if _strptime_guard(fmt, "datetime") else EXACT), pl.Datetime("us")
    if ftype == "year":
        return FAST, pl.Int64()
    if ftype == "yearmonth":
        return FAST, pl.Date()
    if ftype == "geopoint":
        return EXACT, pl.Struct({"lon": pl.Float64(), "lat": pl.Float64()})
    return EXACT, pl.String()  # duration, geojson, object, array, list: the canonical text


def _strptime_guard(fmt: str, ftype: str) -> str | None:
    """A regex admitting only zero-padded, in-range spellings of ``fmt`` (None: no fast path)."""
    if fmt == "default":
        return {"date": _DT_GUARD, "time": _TM_GUARD, "datetime": f"{_DT_GUARD}T{_TM_GUARD}Z?"}[ftype]
    if fmt == "any":
        return None
    out = []
    i = 0
    while i < len(fmt):
        if fmt[i] == "%":
            directive = fmt[i : i + 2]
            if directive not in _DIRECTIVES:
                return None
            out.append(_DIRECTIVES[directive])
            i += 2
        elif fmt[i].isspace():
            return None  # strptime turns whitespace into \s+: leave it to the exact path
        else:
            out.append(re.escape(fmt[i]))
            i += 1
    return "".join(out)


def _rust_pattern(pattern: str) -> str | None:
    """``re.match('^' + p + '$')`` as a Rust regex search, or None when Rust's syntax differs."""
    candidate = f"^(?:^{pattern}$)"
    try:
        pl.select(pl.lit("x").str.contains(candidate)).item()
    except Exception:
        return None
    return candidate


# ---------------------------------------------------------------------------------------------- fast casts


def fast_expr(plan: FieldPlan, raw: pl.Expr) -> pl.Expr | None:
    """The typed value where the fast path is certain, else null; None for EXACT/RAW kinds."""
    item = plan.field
    ftype = item.type
    if plan.kind == RAW:
        return raw
    if plan.kind == EXACT:
        return None
    if ftype == "boolean":
        mapping = dict.fromkeys(item.true_values, True)
        mapping.update(dict.fromkeys(item.false_values, False))
        return raw.replace_strict(list(mapping), list(mapping.values()), default=None, return_dtype=pl.Boolean)
    if ftype == "integer":
        return raw.cast(pl.Int64, strict=False)  # " 5", "+5 ", "1_000": uncertain, the exact reader decides
    if ftype == "number":
        value = raw
        if item.number_processing:
            if item.group_char:
                value = value.str.replace_all(item.group_char, "", literal=True)
            if item.decimal_char != ".":
                value = pl.when(value.str.contains(".", literal=True)).then(pl.lit(None, pl.String)).otherwise(value)
                value = value.str.replace_all(item.decimal_char, ".", literal=True)
        # certainty (<= 15 significant digits, finite) is checked with the other checks (table._uncertain)
        return value.cast(pl.Float64, strict=False)
    if ftype == "year":
        return pl.when(raw.str.contains(r"^[0-9]{4}$")).then(raw.cast(pl.Int64, strict=False))
    if ftype == "yearmonth":
        ok = raw.str.contains(r"^[0-9]{4}-(?:0[1-9]|1[0-2])$")
        year = raw.str.slice(0, 4).cast(pl.Int32, strict=False)
        month = raw.str.slice(5, 2).cast(pl.Int8, strict=False)
        return pl.when(ok & (year >= 1)).then(pl.date(year, month, 1))
    guard = _strptime_guard(item.format, ftype)
    assert guard is not None
    fmt = (
        {"date": "%Y-%m-%d", "time": "%H:%M:%S", "datetime": "%Y-%m-%dT%H:%M:%S"}[ftype]
        if item.format == "default"
        else item.format
    )
    ok = raw.str.contains(f"^{guard}$")
    # year 0 parses in polars but not in Python: such cells are sent to the exact reader (table._uncertain)
    if ftype == "date":
        return pl.when(ok).then(raw.str.to_date(fmt, strict=False, cache=False))
    if ftype == "time":
        return pl.when(ok).then(raw.str.to_time(fmt, strict=False, cache=False))
    text = raw.str.strip_suffix("Z") if item.format == "default" else raw
    return pl.when(ok).then(text.str.to_datetime(fmt, time_unit="us", strict=False, cache=False))


# ---------------------------------------------------------------------------------------------- exact casts


@dataclass
class ExactResult:
    """Per distinct raw value: valid?, the typed value for the frame, the failed constraints, the key."""

    ok: bool
    value: Any
    failed: list[str]
    key: str | None


def exact_values(plan: FieldPlan, values: list[str]) -> dict[str, ExactResult]:
    reader = reader_for(plan.field)
    out: dict[str, ExactResult] = {}
    for text in values:
        typed = reader(text)
        if typed is None:
            out[text] = ExactResult(False, None, [], None)
            continue
        failed = failed_constraints(plan.field, typed, plan.literals) if plan.literals else []
        out[text] = ExactResult(True, to_polars(plan, typed), failed, canonical_key(typed))
    return out


def to_polars(plan: FieldPlan, value: Any) -> Any:
    """A typed Python value as the frame stores it (None when the frame's type cannot hold it)."""
    ftype = plan.field.type
    if plan.kind == RAW:
        return value
    if ftype in ("integer", "year"):
        return value if -(2**63) <= value < 2**63 else None
    if ftype == "number":
        return float(value)
    if ftype == "boolean":
        return bool(value)
    if ftype == "yearmonth":
        ym = YearMonth(*value)
        try:
            return date(ym.year, ym.month, 1)
        except (ValueError, TypeError):
            return None
    if ftype == "datetime":
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value
    if ftype == "time":
        offset = value.utcoffset()
        if offset is not None:  # aware times compare in UTC
            value = (datetime.combine(date(2000, 1, 1), value.replace(tzinfo=None)) - offset).time()
        return value.replace(tzinfo=None)
    if ftype == "date":
        return value
    if ftype == "geopoint":
        point = GeoPoint(*value)
        return {"lon": float(point.lon), "lat": float(point.lat)}
    return canonical_key(value)


def canonical_key(value: Any) -> str:
    """A text that is equal for values Python considers equal (used for unique/primary keys of EXACT types)."""
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    if isinstance(value, Decimal):
        return str(value.normalize()) if value.is_finite() else str(value)
    if isinstance(value, datetime | date | time | timedelta):
        return value.isoformat() if not isinstance(value, timedelta) else str(value)
    return str(value)


def python_literal(plan: FieldPlan, value: Any) -> Any:
    """A constraint literal in the frame's representation, for vectorised comparisons."""
    if value is None:
        return None
    return to_polars(plan, value)
