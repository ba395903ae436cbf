"""Distribution drift against the previous version: decile profile per numeric column and the
population stability index (PSI) of the current values over the previous deciles."""

from __future__ import annotations

import math
from typing import Any

import polars as pl

QUANTILES = [i / 10 for i in range(1, 10)]


def column_profile(series: pl.Series) -> dict[str, Any]:
    values = series.drop_nulls().cast(pl.Float64, strict=False).drop_nulls()
    profile: dict[str, Any] = {"count": series.len(), "null_ratio": round(series.null_count() / max(1, series.len()), 6)}
    if values.len():
        cuts = [values.quantile(q, "linear") for q in QUANTILES]
        profile.update({"deciles": [float(c) for c in cuts if c is not None], "mean": float(values.mean() or 0.0)})  # type: ignore[arg-type]
    return profile


def psi(series: pl.Series, previous: dict[str, Any]) -> float | None:
    """PSI over the previous deciles (10 bins of 10 % each); None without a usable previous profile."""
    cuts = previous.get("deciles")
    values = series.drop_nulls().cast(pl.Float64, strict=False).drop_nulls()
    if not cuts or len(cuts) != 9 or values.len() == 0:
        return None
    edges = sorted(set(cuts))
    if len(edges) < 2:
        return None
    frame = pl.DataFrame({"v": values})
    index = frame.select(pl.sum_horizontal([(pl.col("v") > edge).cast(pl.Int32) for edge in edges]).alias("bin"))["bin"]
    counts = dict(index.value_counts().iter_rows())
    total = values.len()
    expected_share = 1 / (len(edges) + 1)
    score = 0.0
    for position in range(len(edges) + 1):
        actual = max(counts.get(position, 0) / total, 1e-4)
        score += (actual - expected_share) * math.log(actual / expected_share)
    return round(score, 4)
