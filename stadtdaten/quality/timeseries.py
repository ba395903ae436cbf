"""Time-series checks that need no declared key: a timestamp that repeats in an ordered series.

The classic case is local time: when summer time ends (last Sunday of October), the clock hour
02:00-03:00 (MESZ -> MEZ) happens twice, and a series written in local time without an offset repeats a
timestamp. With a declared primary key on the timestamp the engine reports it as ``primary-key``; this
check finds it in files without a schema (most real exports). It only looks at text columns holding
local timestamps without an offset (where the ambiguity lives) in time order (at least 95 % of consecutive
values increase), so multi-sensor tables whose readings share timestamps are not flagged.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from stadtdaten.core.dataset import Dataset
from stadtdaten.core.findings import Category, FindingType, Severity, register
from stadtdaten.core.report import Finding, Location

DUPLICATE_TIMESTAMP = register(
    FindingType(
        code="duplicate-timestamp",
        title="Repeated timestamp in a time series",
        template="Row {row}: the timestamp {value} in “{field}” repeats row {previous}",
        hint=(
            "Give every reading its own timestamp. In local time (MEZ/MESZ) the hour 02:00–03:00 repeats when "
            "summer time ends: store UTC or a UTC offset (e.g. 2023-10-29T02:00:00+01:00)."
        ),
        category=Category.QUALITY,
        severity=Severity.WARNING,
    )
)

ROW = "_row"
FORMATS = ("%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M")
MIN_ORDERED = 0.95
MIN_PARSED = 0.9
MIN_ROWS = 24


def _as_datetime(column: pl.Series) -> pl.Series | None:
    """The column as datetimes when it holds timestamps (typed already, or text in a common format)."""
    if column.dtype != pl.Utf8:
        # a declared datetime field is the schema's business (a declared key catches repeats exactly);
        # the engine's typed frames also normalise offsets away, so only undeclared text is judged here
        return None
    text = column.str.strip_chars().str.strip_chars("'\"")
    present = text.drop_nulls()
    if present.len() < MIN_ROWS or not present.head(50).str.contains(r"\d{1,2}:\d{2}").all():
        return None
    for fmt in FORMATS:
        parsed = text.str.strptime(pl.Datetime, fmt, strict=False)
        if parsed.drop_nulls().len() >= MIN_PARSED * present.len():
            return parsed
    return None


def repeated_timestamps(frame: pl.DataFrame, resource: str, path: str | None, limit: int = 100) -> list[Finding]:
    findings: list[Finding] = []
    if ROW not in frame.columns or frame.height < MIN_ROWS:
        return findings
    for name in frame.columns:
        if name == ROW:
            continue
        stamps = _as_datetime(frame[name])
        if stamps is None:
            continue
        series = pl.DataFrame({"row": frame[ROW], "t": stamps, "raw": frame[name].cast(pl.Utf8)}).drop_nulls("t")
        if series.height < MIN_ROWS:
            continue
        series = series.with_columns(pl.col("t").shift(1).alias("prev_t"), pl.col("row").shift(1).alias("prev_row")).slice(1)
        increasing = (series["t"] > series["prev_t"]).sum() / series.height
        if increasing < MIN_ORDERED:
            continue  # not one ordered series (several sensors, unsorted): repeats are normal there
        for item in series.filter(pl.col("t") == pl.col("prev_t")).head(limit).iter_rows(named=True):
            findings.append(
                Finding(
                    DUPLICATE_TIMESTAMP.code,
                    Severity.WARNING,
                    Location(path=path, resource=resource, row=item["row"], field=name),
                    {
                        "value": str(item["raw"]).strip().strip("'\""),
                        "previous": item["prev_row"],
                        "field": name,
                        "row": item["row"],
                    },
                )
            )
    return findings


def timeseries_findings(dataset: Dataset, tables: Mapping[str, Any]) -> list[Finding]:
    """Repeated timestamps in every readable table of the dataset."""
    findings: list[Finding] = []
    for resource in dataset.resources:
        frame = tables.get(resource.name)
        if isinstance(frame, pl.DataFrame):
            findings.extend(repeated_timestamps(frame, resource.name, resource.path))
    return findings
