"""Unique fields and primary keys: later occurrences of a typed value, pointing at the previous one.

Semantics (frictionless): a ``unique`` field ignores empty and invalid cells (their typed value is None);
a primary key is the tuple of typed values, ``None`` included (``(None, 1)`` twice is a duplicate), and a
row whose key cells are all empty is itself an error. A duplicate names the *most recent* earlier row
with the same value.

Two implementations with the same results:

* in memory (default), the duplicates are found in the engine's main pass (``table._key_conditions``:
  rows whose key hash repeats, then grouped by the real values), or by :func:`duplicates`;
* :class:`KeyTracker` works block by block for the bounded-memory mode. It keeps, per distinct key, a
  96-bit fingerprint (a 64-bit and a 32-bit hash of the typed values) and the last row, in sorted runs of
  at most two million keys (16 bytes each, merged like an LSM tree), so memory grows with the number of
  distinct keys, not with the file, and a block costs ``O(block * log(keys))``. Two different keys would
  have to agree on all 96 bits to be confused: about n^2 / 2^97, i.e. 10^-16 for 10 million keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
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


MAX_RUN = 2_000_000
"""Keys per sorted run: merging stops there, so a merge never needs more than a few dozen MB at once."""


def _hashes(frame: pl.DataFrame, columns: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A 96-bit fingerprint per key (64 + 32 bits; a collision needs about 2^48 keys) and the row (32 bits)."""
    key = key_expr(columns)
    hashed = frame.select(key.hash(SEEDS[0]).alias("h1"), key.hash(SEEDS[1]).alias("h2"), pl.col("_row"))
    rows = hashed["_row"].to_numpy()
    return (
        hashed["h1"].to_numpy(),
        (hashed["h2"].to_numpy() & 0xFFFFFFFF).astype(np.uint32),
        rows.astype(np.uint32) if len(rows) and rows.max() < 2**32 else rows.astype(np.int64),
    )


@dataclass
class _Run:
    """Distinct keys as sorted (h1, h2) with the last row each (16 bytes per key); immutable once built."""

    h1: np.ndarray
    h2: np.ndarray
    row: np.ndarray

    def __len__(self) -> int:
        return len(self.h1)

    def lookup(self, h1: np.ndarray, h2: np.ndarray) -> np.ndarray:
        """The stored row for each (h1, h2), or -1."""
        out = np.full(len(h1), -1, dtype=np.int64)
        if not len(self.h1) or not len(h1):
            return out
        lo = np.searchsorted(self.h1, h1, side="left")
        hi = np.searchsorted(self.h1, h1, side="right")
        single = (hi - lo) == 1
        hit = single & (self.h2[np.minimum(lo, len(self.h2) - 1)] == h2)
        out[hit] = self.row[lo[hit]]
        for i in np.flatnonzero((hi - lo) > 1):  # equal h1, different keys: practically never
            for j in range(lo[i], hi[i]):
                if self.h2[j] == h2[i]:
                    out[i] = self.row[j]
        return out


def _order(h1: np.ndarray, h2: np.ndarray, row: np.ndarray) -> np.ndarray:
    """Positions sorted by (h1, h2, row), given rows ascending in input order.

    A stable sort on h1 alone keeps the rows in order; only when two different keys share h1 (about one
    in 10^8 pairs) are h2 and row needed, and then the full lexicographic sort is used.
    """
    order = np.argsort(h1, kind="stable")
    sh1 = h1[order]
    same = sh1[1:] == sh1[:-1]
    if same.any() and (h2[order][1:][same] != h2[order][:-1][same]).any():
        return np.lexsort((row, h2, h1))
    return order


def _last_per_key(h1: np.ndarray, h2: np.ndarray, row: np.ndarray) -> _Run:
    order = _order(h1, h2, row)
    h1, h2, row = h1[order], h2[order], row[order]
    last = np.ones(len(h1), dtype=bool)
    if len(h1) > 1:
        last[:-1] = (h1[1:] != h1[:-1]) | (h2[1:] != h2[:-1])
    return _Run(h1[last], h2[last], row[last])


@dataclass
class KeyTracker:
    """Duplicate detection across blocks with memory proportional to the distinct keys (16 bytes each)."""

    columns: list[str]
    skip_nulls: bool
    runs: list[_Run] = field(default_factory=list)
    """Biggest first; the two newest are merged while the older is at most twice the newer's size."""

    def feed(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Duplicates in this block (``_row``, ``previous``), against earlier blocks and within the block."""
        lf = frame.lazy().select(["_row", *self.columns])
        if self.skip_nulls or len(self.columns) == 1:
            lf = lf.filter(pl.all_horizontal(pl.col(c).is_not_null() for c in self.columns))
        else:
            lf = lf.filter(pl.any_horizontal(pl.col(c).is_not_null() for c in self.columns))
        h1, h2, row = _hashes(lf.collect(), self.columns)
        if not len(row):
            return pl.DataFrame(schema={"_row": pl.Int64, "previous": pl.Int64})
        order = _order(h1, h2, row)
        sh1, sh2, srow = h1[order], h2[order], row[order]
        first = np.ones(len(sh1), dtype=bool)
        first[1:] = (sh1[1:] != sh1[:-1]) | (sh2[1:] != sh2[:-1])
        previous = np.empty(len(srow), dtype=np.int64)
        previous[1:] = srow[:-1]
        previous[first] = -1
        earlier = np.full(int(first.sum()), -1, dtype=np.int64)
        for run in self.runs:
            earlier = np.maximum(earlier, run.lookup(sh1[first], sh2[first]))
        srow = srow.astype(np.int64)
        previous[first] = earlier
        found = previous >= 0
        self._add(_last_per_key(h1, h2, row))
        result = pl.DataFrame({"_row": srow[found], "previous": previous[found]}, schema={"_row": pl.Int64, "previous": pl.Int64})
        return result.sort("_row")

    def _add(self, run: _Run) -> None:
        self.runs.append(run)
        while (
            len(self.runs) > 1
            and len(self.runs[-2]) <= 2 * len(self.runs[-1])
            and len(self.runs[-2]) + len(self.runs[-1]) <= MAX_RUN
        ):
            newer = self.runs.pop()
            older = self.runs.pop()
            self.runs.append(
                _last_per_key(
                    np.concatenate([older.h1, newer.h1]),
                    np.concatenate([older.h2, newer.h2]),
                    np.concatenate([older.row, newer.row]),
                )
            )

    @property
    def distinct(self) -> int:
        return sum(len(run) for run in self.runs)
