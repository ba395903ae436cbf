"""Unique fields and primary keys: later occurrences of a typed value, pointing at the previous one.

Semantics (frictionless): a ``unique`` field ignores empty and invalid cells (their typed value is None);
a primary key is the tuple of typed values, ``None`` included (``(None, 1)`` twice is a duplicate), and a
row whose key cells are all empty is itself an error. A duplicate names the *most recent* earlier row
with the same value.

Two implementations with the same results:

* :func:`duplicates` works on a whole table in memory, on the exact values (polars hashing with
  equality checks);
* :class:`KeyTracker` works block by block for the bounded-memory mode. It keeps, per distinct key, a
  128-bit hash (two independent 64-bit hashes of the typed values) and the last row, in size-tiered
  sorted runs (like an LSM tree), so memory grows with the number of distinct keys, not with the file,
  and the work per block is ``O(block * log(runs))``. Two different keys would have to agree on 128 bits
  of hash to be confused (probability about n^2 / 2^129, i.e. 10^-27 for a million keys).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

SEEDS = (0x5EED_0001, 0x5EED_0002)


def key_expr(columns: list[str]) -> pl.Expr:
    return pl.col(columns[0]) if len(columns) == 1 else pl.struct(columns)


def duplicates(frame: pl.DataFrame, columns: list[str], *, skip_nulls: bool) -> pl.DataFrame:
    """Rows (``_row``) whose key occurred before, with ``previous`` (the most recent earlier row).

    ``skip_nulls``: a unique field ignores null values; a primary key ignores only all-null keys.
    Candidates are found on a 64-bit hash of the key (cheap), then grouped by the real values (exact).
    """
    lf = frame.lazy().select(["_row", *columns])
    if skip_nulls or len(columns) == 1:
        lf = lf.filter(pl.all_horizontal(pl.col(c).is_not_null() for c in columns))
    else:
        lf = lf.filter(pl.any_horizontal(pl.col(c).is_not_null() for c in columns))
    candidates = lf.filter(key_expr(columns).hash(SEEDS[0]).is_duplicated())
    return (
        candidates.sort("_row")
        .with_columns(previous=pl.col("_row").shift(1).over(columns))
        .filter(pl.col("previous").is_not_null())
        .select("_row", "previous")
        .collect()
    )


def empty_keys(frame: pl.DataFrame, columns: list[str]) -> pl.Series:
    """Rows whose primary-key cells are all empty."""
    return frame.filter(pl.all_horizontal(pl.col(c).is_null() for c in columns))["_row"]


def _hashes(frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    key = key_expr(columns)
    return frame.select(
        "_row",
        key.hash(SEEDS[0]).alias("h1"),
        key.hash(SEEDS[1]).alias("h2"),
    )


@dataclass
class KeyTracker:
    """Duplicate detection across blocks with memory proportional to the distinct keys."""

    columns: list[str]
    skip_nulls: bool
    runs: list[pl.DataFrame] = field(default_factory=list)
    """Sorted (h1, h2) -> last row, biggest first; merged when two neighbours are of similar size."""

    def feed(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Duplicates in this block (``_row``, ``previous``), against earlier blocks and within the block."""
        lf = frame.lazy().select(["_row", *self.columns])
        if self.skip_nulls or len(self.columns) == 1:
            lf = lf.filter(pl.all_horizontal(pl.col(c).is_not_null() for c in self.columns))
        else:
            lf = lf.filter(pl.any_horizontal(pl.col(c).is_not_null() for c in self.columns))
        hashed = _hashes(lf.collect(), self.columns).sort("_row")
        within = hashed.with_columns(previous=pl.col("_row").shift(1).over("h1", "h2"))
        firsts = within.filter(pl.col("previous").is_null()).select("_row", "h1", "h2")
        earlier = self._lookup(firsts)
        found = pl.concat(
            [
                within.filter(pl.col("previous").is_not_null()).select("_row", "previous"),
                earlier,
            ]
        ).sort("_row")
        last = hashed.group_by("h1", "h2").agg(pl.col("_row").max()).sort("h1", "h2")
        self._add(last)
        return found

    def _lookup(self, firsts: pl.DataFrame) -> pl.DataFrame:
        if not self.runs or firsts.is_empty():
            return pl.DataFrame(schema={"_row": pl.Int64, "previous": pl.Int64})
        matches = [firsts.join(run.rename({"_row": "previous"}), on=["h1", "h2"], how="inner") for run in self.runs]
        joined = pl.concat(matches)
        return joined.group_by("_row").agg(pl.col("previous").max()).select("_row", "previous")

    def _add(self, run: pl.DataFrame) -> None:
        self.runs.append(run)
        while len(self.runs) > 1 and self.runs[-2].height <= 2 * self.runs[-1].height:
            newer = self.runs.pop()
            older = self.runs.pop()
            merged = pl.concat([older, newer]).group_by("h1", "h2").agg(pl.col("_row").max()).sort("h1", "h2")
            self.runs.append(merged)

    @property
    def distinct(self) -> int:
        return sum(run.height for run in self.runs)
