"""Foreign keys within a data package: an anti-join of the referencing tuples against the referenced ones.

Semantics (frictionless ``__open_lookup``/``row_stream``): the reference set holds the typed tuples of
the referenced fields, without all-empty tuples; a referencing row is skipped when all its key cells are
empty, otherwise its typed tuple must be in the set. Python equality decides: ``None == None`` inside a
tuple, ``1 == 1.0``, but ``1 != "1"``. So numeric columns are compared as doubles, columns whose types
differ otherwise can never match, and nulls join nulls.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import polars as pl

from stadtdaten.quality.engine.table import PHASE
from stadtdaten.schemas.model import ForeignKey

if TYPE_CHECKING:
    from stadtdaten.quality.engine.run import TableRun

NUMERIC = (pl.Int64, pl.Int32, pl.Float64, pl.Float32)


def _frame(run: TableRun) -> pl.DataFrame | None:
    return run.typed if run.typed is not None else run.keys


def foreign_key_errors(run: TableRun, fk: ForeignKey, target: TableRun) -> pl.DataFrame | None:
    from stadtdaten.quality.engine.run import key_expr, row_key_expr

    local, remote = _frame(run), _frame(target)
    if local is None or run.spec is None or local.is_empty():
        return None
    local_plans = [run.spec.plan(name) for name in fk.fields]
    if any(p is None for p in local_plans):
        return None  # the field is missing from the file: a missing-label error says so already
    columns = set(local.columns)
    keys = [f"fk{i}" for i in range(len(fk.fields))]
    left = local.select(
        "_row",
        *[key_expr(p, columns, distinct_nan=False).alias(k) for p, k in zip(local_plans, keys, strict=True) if p is not None],
    )
    left = left.filter(pl.any_horizontal(pl.col(k).is_not_null() for k in keys))
    if left.is_empty():
        return None
    if remote is not None and target.spec is not None:
        remote_columns = set(remote.columns)
        exprs = []
        for name, key in zip(fk.reference_fields, keys, strict=True):
            plan = target.spec.plan(name)
            exprs.append(
                (key_expr(plan, remote_columns, distinct_nan=False) if plan is not None else pl.lit(None, pl.String)).alias(key)
            )
        right = remote.select(exprs)
    else:
        right = pl.DataFrame({k: pl.Series([], dtype=left.schema[k]) for k in keys})
    right = right.filter(pl.any_horizontal(pl.col(k).is_not_null() for k in keys))
    left, right = _align(left, right, keys)
    missing = left.join(right.unique(), on=keys, how="anti", nulls_equal=True)
    if missing.is_empty():
        return None
    shown = missing.select(
        "_row", pl.concat_str([pl.col(k).cast(pl.String).fill_null("None") for k in keys], separator=", ").alias("values")
    )
    reference = fk.resource or run.name
    rows = []
    for number, values in shown.iter_rows():
        note = (
            f'for "{", ".join(fk.fields)}": values "{values}" not found in the lookup table "{reference}" as '
            f'"{", ".join(fk.reference_fields)}"'
        )
        params = {
            "key_fields": ", ".join(fk.fields),
            "key_values": values,
            "reference": reference,
            "reference_fields": ", ".join(fk.reference_fields),
            "note": note,
        }
        rows.append((number, json.dumps(params, ensure_ascii=False)))
    errors = pl.DataFrame(rows, schema={"row": pl.Int64, "constraint": pl.String}, orient="row").select(
        "row",
        pl.lit(None, pl.Int64).alias("field_number"),
        pl.lit(None, pl.String).alias("field"),
        pl.lit("foreign-key").alias("code"),
        "constraint",
        pl.lit(None, pl.String).alias("cell"),
        pl.lit(None, pl.Int64).alias("previous"),
        pl.lit(PHASE["foreign-key"], pl.Int8).alias("phase"),
    )
    if run.spec.primary_key and all(f"__raw{p.number}" in columns for p in run.spec.primary_key):
        errors = errors.join(local.select(pl.col("_row").alias("row"), row_key_expr(run.spec)), on="row", how="left")
    return errors


def _align(left: pl.DataFrame, right: pl.DataFrame, keys: list[str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Make the key columns joinable without changing which values Python would consider equal."""
    for key in keys:
        lt, rt = left.schema[key], right.schema[key]
        if lt == rt:
            continue
        if isinstance(lt, NUMERIC) and isinstance(rt, NUMERIC):
            left = left.with_columns(pl.col(key).cast(pl.Float64))
            right = right.with_columns(pl.col(key).cast(pl.Float64))
            continue
        if rt == pl.Null:
            right = right.with_columns(pl.col(key).cast(lt))
            continue
        # different types never compare equal: only the empty cells of the referenced column can match
        right = right.filter(pl.col(key).is_null()).with_columns(pl.col(key).cast(lt))
    return left, right
