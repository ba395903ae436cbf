"""The common Great Expectations expectation types, run natively with polars.

Semantics follow GX 1.x (checked by differential tests in tests/governance/test_expectations_gx.py):
column-map expectations ignore missing values, except ``not_be_null``; ``mostly`` is the share of
(non-missing) values that must pass; ``unexpected_index_list`` holds row positions (0-based).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import polars as pl


@dataclass
class Result:
    type: str
    kwargs: dict[str, Any]
    success: bool
    element_count: int = 0
    unexpected_count: int = 0
    missing_count: int = 0
    unexpected_index_list: list[int] = field(default_factory=list)
    partial_unexpected_list: list[Any] = field(default_factory=list)
    observed_value: Any = None
    error: str | None = None


def _map(
    frame: pl.DataFrame,
    kwargs: dict[str, Any],
    etype: str,
    bad: Callable[[pl.Expr], pl.Expr],
    *,
    nulls_are_unexpected: bool = False,
) -> Result:
    column = kwargs["column"]
    if column not in frame.columns:
        return Result(etype, kwargs, False, error=f"column {column!r} does not exist")
    col = pl.col(column)
    unexpected_expr = col.is_null() if nulls_are_unexpected else (col.is_not_null() & bad(col).fill_null(False))
    flags = frame.select(unexpected_expr.alias("u"))["u"]
    element_count = frame.height
    missing = int(frame[column].null_count())
    unexpected = int(flags.sum())
    positions = flags.arg_true().to_list()
    base = element_count if nulls_are_unexpected else element_count - missing
    mostly = float(kwargs.get("mostly", 1.0))
    ratio_ok = 1.0 if base == 0 else (base - unexpected) / base
    success = ratio_ok >= mostly if base else True
    values = frame[column].gather(positions[:20]).to_list() if positions else []
    return Result(etype, kwargs, success, element_count, unexpected, missing, positions, values)


def _between(col: pl.Expr, kwargs: dict[str, Any]) -> pl.Expr:
    low, high = kwargs.get("min_value"), kwargs.get("max_value")
    ok = pl.lit(True)
    if low is not None:
        ok = ok & ((col > low) if kwargs.get("strict_min") else (col >= low))
    if high is not None:
        ok = ok & ((col < high) if kwargs.get("strict_max") else (col <= high))
    return ~ok


def _lengths(col: pl.Expr, kwargs: dict[str, Any]) -> pl.Expr:
    return _between(col.cast(pl.String).str.len_chars(), kwargs)


def _as_string(col: pl.Expr) -> pl.Expr:
    return col.cast(pl.String)


MAP_TYPES: dict[str, Callable[[pl.Expr, dict[str, Any]], pl.Expr]] = {
    "expect_column_values_to_be_between": _between,
    "expect_column_values_to_be_in_set": lambda c, k: ~c.is_in(list(k["value_set"])),
    "expect_column_values_to_not_be_in_set": lambda c, k: c.is_in(list(k["value_set"])),
    "expect_column_values_to_match_regex": lambda c, k: ~_as_string(c).str.contains(k["regex"]),
    "expect_column_values_to_not_match_regex": lambda c, k: _as_string(c).str.contains(k["regex"]),
    "expect_column_value_lengths_to_be_between": _lengths,
    "expect_column_value_lengths_to_equal": lambda c, k: _as_string(c).str.len_chars() != k["value"],
    "expect_column_values_to_be_null": lambda c, k: c.is_not_null(),
}


def _unique(frame: pl.DataFrame, kwargs: dict[str, Any]) -> Result:
    etype = "expect_column_values_to_be_unique"
    column = kwargs.get("column")
    if column in frame.columns:
        values = frame[column].drop_nulls()
        if values.hash().n_unique() == values.len():  # equal values hash equally: no duplicate exists
            return Result(etype, kwargs, True, frame.height, 0, frame.height - values.len())
    return _map(frame, kwargs, etype, lambda c: c.is_duplicated())


def _aggregate(frame: pl.DataFrame, kwargs: dict[str, Any], etype: str, function: str) -> Result:
    column = kwargs["column"]
    if column not in frame.columns:
        return Result(etype, kwargs, False, error=f"column {column!r} does not exist")
    value = getattr(frame[column], function)()
    bad = frame.select(_between(pl.lit(value), kwargs).alias("b"))["b"][0] if value is not None else True
    return Result(etype, kwargs, not bad, element_count=frame.height, observed_value=value)


def run_expectation(frame: pl.DataFrame, etype: str, kwargs: dict[str, Any]) -> Result | None:
    """The native result, or None when the type has no native implementation."""
    if etype in MAP_TYPES:
        check = MAP_TYPES[etype]
        if etype == "expect_column_values_to_be_null":
            column = kwargs["column"]
            flags = frame[column].is_not_null() if column in frame.columns else None
            if flags is None:
                return Result(etype, kwargs, False, error=f"column {column!r} does not exist")
            positions = flags.arg_true().to_list()
            mostly = float(kwargs.get("mostly", 1.0))
            success = (frame.height - len(positions)) / max(1, frame.height) >= mostly
            return Result(
                etype, kwargs, success, frame.height, len(positions), 0, positions, frame[column].gather(positions[:20]).to_list()
            )
        return _map(frame, kwargs, etype, lambda c: check(c, kwargs))
    if etype == "expect_column_values_to_not_be_null":
        return _map(frame, kwargs, etype, lambda c: c.is_null(), nulls_are_unexpected=True)
    if etype == "expect_column_values_to_be_unique":
        return _unique(frame, kwargs)
    if etype == "expect_table_row_count_to_be_between":
        bad = frame.select(_between(pl.lit(frame.height), kwargs).alias("b"))["b"][0]
        return Result(etype, kwargs, not bad, element_count=frame.height, observed_value=frame.height)
    if etype == "expect_table_row_count_to_equal":
        return Result(etype, kwargs, frame.height == kwargs["value"], element_count=frame.height, observed_value=frame.height)
    if etype == "expect_column_to_exist":
        return Result(etype, kwargs, kwargs["column"] in frame.columns)
    if etype == "expect_table_columns_to_match_ordered_list":
        columns = [c for c in frame.columns if c != "_row"]
        return Result(etype, kwargs, columns == list(kwargs["column_list"]), observed_value=columns)
    if etype == "expect_table_columns_to_match_set":
        present = {c for c in frame.columns if c != "_row"}
        wanted = set(kwargs["column_set"])
        exact = kwargs.get("exact_match", True)
        return Result(etype, kwargs, present == wanted if exact else wanted <= present, observed_value=sorted(present))
    for name, function in (("min", "min"), ("max", "max"), ("mean", "mean"), ("median", "median"), ("sum", "sum")):
        if etype == f"expect_column_{name}_to_be_between":
            return _aggregate(frame, kwargs, etype, function)
    return None


NATIVE_TYPES = frozenset(
    [
        *MAP_TYPES,
        "expect_column_values_to_not_be_null",
        "expect_column_values_to_be_unique",
        "expect_table_row_count_to_be_between",
        "expect_table_row_count_to_equal",
        "expect_column_to_exist",
        "expect_table_columns_to_match_ordered_list",
        "expect_table_columns_to_match_set",
        *(f"expect_column_{n}_to_be_between" for n in ("min", "max", "mean", "median", "sum")),
    ]
)
