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
        if name != item.name:
            item = Field(name=name, type="any")
        plans.append(make_plan(item, i + 1, schema))
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
    """Typed values named by field, plus ``_row``; key columns ``__k<j>`` for exact-typed unique/pk fields."""
    errors: pl.DataFrame
    rows: int


def _missing(plan: FieldPlan) -> pl.Expr:
    raw = pl.col(plan.column)
    values = plan.missing_values
    if not values:
        return raw.is_null()
    if len(values) == 1:
        return raw.is_null() | (raw == values[0])
    return raw.is_null() | raw.is_in(list(values))


def _uncertain(plan: FieldPlan) -> pl.Expr | None:
    present = ~pl.col(f"m{plan.number}")
    if plan.kind == EXACT:
        return present
    if plan.kind == FAST:
        return present & pl.col(f"t{plan.number}").is_null()
    if plan.kind == RAW and "pattern" in plan.literals:
        if plan.fast_pattern is None:
            return present
        return present & pl.col(plan.column).str.ends_with("\n")  # Python's $ also matches before a final \n
    return None


def check_block(block: Block, spec: TableSpec) -> BlockResult:
    """Cast and check one block of records (content rows only)."""
    frame = block.frame
    base = frame.with_columns(
        [_missing(p).alias(f"m{p.number}") for p in spec.plans],
    )
    typed_exprs = []
    for p in spec.plans:
        fast = fast_expr(p, pl.col(p.column))
        typed = pl.lit(None, dtype=p.dtype) if fast is None else pl.when(~pl.col(f"m{p.number}")).then(fast).cast(p.dtype)
        typed_exprs.append(typed.alias(f"t{p.number}"))
    table = base.with_columns(typed_exprs)
    table = _exact_fallback(table, spec)
    masks, meta = _check_masks(table, spec)
    errors = _collect_errors(table, spec, masks, meta, block)
    rename = {f"t{p.number}": p.name for p in spec.plans}
    keep = ["_row", *rename] + [c for c in table.columns if c.startswith("__k")]
    typed = table.select(keep).rename(rename)
    return BlockResult(typed=typed, errors=errors, rows=frame.height)


def _exact_fallback(table: pl.DataFrame, spec: TableSpec) -> pl.DataFrame:
    """Cast the uncertain cells with the exact reader (once per distinct value) and scatter the results."""
    uncertain = {p.number: u for p in spec.plans if (u := _uncertain(p)) is not None}
    if not uncertain:
        return table
    counts = table.select([u.sum().alias(str(n)) for n, u in uncertain.items()]).row(0, named=True)
    height = table.height
    updates: list[pl.Series] = []
    for p in spec.plans:
        if p.number not in uncertain or not counts[str(p.number)]:
            continue
        idx = table.select(pl.arg_where(uncertain[p.number])).to_series()
        values = table[p.column].gather(idx)
        cache = spec.exact_cache.setdefault(p.name, {})
        todo = [v for v in values.unique().to_list() if v not in cache]
        if todo:
            if len(cache) > EXACT_CACHE_LIMIT:
                cache.clear()
            cache.update(exact_values(p, todo))
        distinct = values.unique().to_list()
        results = [cache[v] for v in distinct]
        lut = pl.DataFrame(
            {
                "raw": distinct,
                "ok": [r.ok for r in results],
                "value": pl.Series([r.value for r in results], dtype=p.dtype, strict=False),
                "key": [r.key for r in results],
                **{f"f_{c}": [c in r.failed for r in results] for c in p.literals},
            },
            schema_overrides={"raw": pl.String, "ok": pl.Boolean, "key": pl.String},
        )
        sub = pl.DataFrame({"i": idx, "raw": values}).join(lut, on="raw", how="left", maintain_order="left")
        typed = table[f"t{p.number}"].clone().scatter(idx, sub["value"])
        updates.append(typed)
        updates.append(_scatter(f"x{p.number}", height, idx, sub["ok"], pl.Boolean))
        for c in p.literals:
            updates.append(_scatter(f"xf{p.number}_{c}", height, idx, sub[f"f_{c}"], pl.Boolean))
        if p.kind == EXACT:
            updates.append(_scatter(f"__k{p.number}", height, idx, sub["key"], pl.String))
    return table.with_columns(updates) if updates else table


def _scatter(name: str, height: int, idx: pl.Series, values: pl.Series, dtype: pl.DataType | type[pl.DataType]) -> pl.Series:
    return pl.Series(name, [None], dtype=dtype).extend_constant(None, height - 1).scatter(idx, values.cast(dtype))


def _vector_constraint(p: FieldPlan, name: str, literal: Any) -> pl.Expr | None:
    """A vectorised "constraint fails" expression on the fast/raw typed value, or None if not vectorisable."""
    typed = pl.col(f"t{p.number}")
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


def _check_masks(table: pl.DataFrame, spec: TableSpec) -> tuple[list[pl.Expr], list[tuple[str, FieldPlan | None, str | None]]]:
    masks: list[pl.Expr] = []
    meta: list[tuple[str, FieldPlan | None, str | None]] = []
    columns = set(table.columns)
    for p in spec.plans:
        present = ~pl.col(f"m{p.number}")
        exact = f"x{p.number}" in columns
        is_exact = pl.col(f"x{p.number}").is_not_null() if exact else pl.lit(False)
        if p.kind == EXACT:
            valid = pl.col(f"x{p.number}").fill_null(False) if exact else pl.lit(False)
        elif p.kind == RAW:
            valid = pl.lit(True)
        elif exact:
            valid = pl.col(f"t{p.number}").is_not_null() | pl.col(f"x{p.number}").fill_null(False)
        else:
            valid = pl.col(f"t{p.number}").is_not_null()
        if p.kind in (FAST, TOTAL, EXACT):
            masks.append(present & ~valid)
            meta.append(("type-error", p, None))
        if p.field.constraints.required:
            masks.append(pl.col(f"m{p.number}"))
            meta.append(("constraint-error", p, "required"))
        for name, literal in p.literals.items():
            vector = _vector_constraint(p, name, literal) if p.kind != EXACT else None
            from_exact = pl.col(f"xf{p.number}_{name}").fill_null(False) if f"xf{p.number}_{name}" in columns else pl.lit(False)
            if vector is None:
                fails = from_exact
            else:
                fails = pl.when(is_exact).then(from_exact).otherwise(vector.fill_null(False))
            masks.append(present & valid & fails)
            meta.append(("constraint-error", p, name))
    return masks, meta


def _collect_errors(
    table: pl.DataFrame,
    spec: TableSpec,
    masks: list[pl.Expr],
    meta: list[tuple[str, FieldPlan | None, str | None]],
    block: Block,
) -> pl.DataFrame:
    names = [f"e{i}" for i in range(len(masks))]
    blank = pl.all_horizontal([pl.col(f"m{p.number}") for p in spec.plans]) if spec.plans else pl.lit(False)
    named = [m.alias(n) for m, n in zip(masks, names, strict=True)]
    any_error = pl.any_horizontal([pl.col(n) for n in names]) if names else pl.lit(False)
    hits = (
        table.lazy()
        .select(["_row", *[p.column for p in spec.plans], *named, blank.alias("blank")])
        .filter(any_error | pl.col("blank"))
        .collect()
    )
    frames: list[pl.DataFrame] = []
    blank_rows = hits.filter(pl.col("blank"))["_row"]
    cells = hits.filter(~pl.col("blank"))
    for (code, p, constraint), name in zip(meta, names, strict=True):
        assert p is not None
        sub = cells.filter(pl.col(name))
        if sub.is_empty():
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
        return empty_errors()
    return pl.concat([f.cast(ERROR_SCHEMA) for f in frames]).select(list(ERROR_SCHEMA))  # type: ignore[arg-type]


def _shape_errors(block: Block, spec: TableSpec, blank: set[int]) -> pl.DataFrame:
    """extra-cell and missing-cell from the exact cells of ragged rows (not for blank rows)."""
    rows: list[dict[str, Any]] = []
    width = spec.width
    for number, cells in block.ragged.items():
        if number in blank:
            continue
        for k in range(width, len(cells)):
            rows.append(
                {"row": number, "field_number": k + 1, "field": "", "code": "extra-cell", "cell": cells[k], "phase": PHASE["extra-cell"]}
            )
        for k in range(len(cells), width):
            p = spec.plans[k]
            rows.append(
                {"row": number, "field_number": k + 1, "field": p.name, "code": "missing-cell", "cell": "", "phase": PHASE["missing-cell"]}
            )
    return errors_frame(rows)
