"""Statistical confidentiality (statistische Geheimhaltung, §16 BStatG): small counts, suppression
markers, secondary suppression, additivity and the dominance rule, vectorised with polars.

Declarations come from the Table Schema fields:

* ``disclosure: count`` (or a ``unit`` of persons/cases/households): a count under confidentiality.
* ``total: <code>`` on a dimension field: the code that stands for "all" (Bielefeld: ``geschlecht`` 3).
* ``disclosure: total`` on a field: the row total of the count fields of the same row (wide tables).
* ``disclosure: contribution`` / ``disclosure: contributor`` / ``disclosure: cell``: contributor-level
  input for the dominance rule; cells are identified by the ``cell`` fields.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl


@dataclass(frozen=True)
class SmallCell:
    index: int
    value: int
    field: str


def count_fields(fields: Sequence[dict[str, Any]], units: Sequence[str]) -> list[str]:
    """Fields under confidentiality: ``disclosure: count``, or a unit that counts persons/cases/households."""
    names = []
    lowered = {u.lower() for u in units}
    for item in fields:
        disclosure = str(item.get("disclosure", "")).lower()
        unit = str(item.get("unit", "")).strip().lower()
        if disclosure == "count" or (unit in lowered and disclosure != "none"):
            names.append(str(item.get("name")))
    return names


def small_cells(frame: pl.DataFrame, field: str, threshold: int) -> pl.DataFrame:
    """Rows whose count is 1 <= x < threshold (zero is not disclosive), with their positions."""
    column = frame[field]
    if not column.dtype.is_numeric():
        column = column.cast(pl.Float64, strict=False)
    mask = (column >= 1) & (column < threshold)
    return frame.with_row_index("_index").filter(mask.fill_null(False))


def dimension_totals(fields: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Dimension field -> its declared total code."""
    return {str(f["name"]): f["total"] for f in fields if "total" in f and f.get("name")}


@dataclass(frozen=True)
class Recomputable:
    dimension: str
    field: str
    index: int


@dataclass(frozen=True)
class NonAdditive:
    dimension: str
    field: str
    count: int
    index: int
    total: float
    parts: float


def _total_literal(frame: pl.DataFrame, dimension: str, code: Any) -> pl.Expr:
    dtype = frame.schema[dimension]
    if dtype == pl.String:
        return pl.col(dimension) == str(code)
    try:
        return pl.col(dimension) == pl.lit(code).cast(dtype)
    except Exception:
        return pl.col(dimension).cast(pl.String) == str(code)


def long_form(
    frame: pl.DataFrame,
    count_field: str,
    totals: dict[str, Any],
    dimensions: Sequence[str],
    *,
    additivity: bool,
    tolerance: float = 0.0,
) -> tuple[list[Recomputable], list[NonAdditive]]:
    """Secondary suppression and additivity along each dimension that declares a total code.

    For a dimension D, a *line* is the set of rows equal in every other dimension; it holds the total
    row (D = total code) and the component rows. Suppressed = null count.
    """
    recomputable: list[Recomputable] = []
    broken: list[NonAdditive] = []
    indexed = frame.with_row_index("_index")
    for dimension, code in totals.items():
        if dimension not in frame.columns:
            continue
        others = [d for d in dimensions if d != dimension and d in frame.columns]
        is_total = _total_literal(frame, dimension, code)
        # components of one line must not be totals of another dimension either
        component_filter = pl.lit(True)
        for other, other_code in totals.items():
            if other != dimension and other in frame.columns:
                component_filter = component_filter & ~_total_literal(frame, other, other_code)
        lines = indexed.with_columns(is_total.alias("_is_total"))
        components = lines.filter(~pl.col("_is_total") & component_filter)
        totals_rows = lines.filter(pl.col("_is_total") & component_filter)
        keys = others or []
        agg = components.group_by(keys or pl.lit(1).alias("_all")).agg(
            pl.col(count_field).null_count().alias("_suppressed"),
            pl.col(count_field).sum().alias("_sum"),
            pl.col("_index").filter(pl.col(count_field).is_null()).first().alias("_suppressed_index"),
        )
        if not keys:
            totals_rows = totals_rows.with_columns(pl.lit(1).alias("_all"))
            keys = ["_all"]
        joined = totals_rows.select([*keys, "_index", pl.col(count_field).alias("_total")]).join(agg, on=keys, how="inner")
        leaks = joined.filter(pl.col("_total").is_not_null() & (pl.col("_suppressed") == 1))
        for index in leaks["_suppressed_index"].to_list():
            recomputable.append(Recomputable(dimension, count_field, int(index)))
        if additivity:
            diff = joined.filter(
                pl.col("_total").is_not_null()
                & (pl.col("_suppressed") == 0)
                & ((pl.col("_total").cast(pl.Float64) - pl.col("_sum").cast(pl.Float64)).abs() > tolerance)
            )
            if diff.height:
                first = diff.row(0, named=True)
                broken.append(
                    NonAdditive(
                        dimension, count_field, diff.height, int(first["_index"]), float(first["_total"]), float(first["_sum"])
                    )
                )
    return recomputable, broken


def wide_form(frame: pl.DataFrame, total_field: str, parts: Sequence[str]) -> Iterator[int]:
    """Rows with a shown row total and exactly one suppressed part."""
    if not parts:
        return iter(())
    suppressed = pl.sum_horizontal([pl.col(p).is_null().cast(pl.Int32) for p in parts])
    rows = frame.with_row_index("_index").filter(pl.col(total_field).is_not_null() & (suppressed == 1))
    return iter(int(i) for i in rows["_index"].to_list())


def dominance(frame: pl.DataFrame, value_field: str, cell_fields: Sequence[str], n: int = 2, k: float = 85.0) -> pl.DataFrame:
    """Cells whose n largest contributions exceed k % of the cell total (the (n, k) dominance rule)."""
    keys: list[Any] = list(cell_fields) or [pl.lit(1).alias("_all")]
    grouped = frame.group_by(keys).agg(
        pl.col(value_field).sum().alias("_total"),
        pl.col(value_field).sort(descending=True).head(n).sum().alias("_top"),
    )
    return (
        grouped.filter(pl.col("_total") > 0)
        .with_columns((pl.col("_top") / pl.col("_total") * 100).alias("_share"))
        .filter(pl.col("_share") > k)
    )
