"""Transform steps municipal data needs, on the typed tables from validation (no re-parse).

* ``normalize``: write each table as canonical CSV: UTF-8, RFC 4180 (comma, ``"`` quoting, CRLF),
  numbers with a decimal point and no grouping, ISO 8601 dates. German formats stay in the source file;
  the normalised copy is what machines get.
* ``join``: join a code list of the same package (foreign key) to add a label column.
* ``aggregate-sensor``: turn raw sensor readings into privacy-safe open data: windows of at least 15
  minutes, device identifiers dropped, windows with fewer contributing devices than the threshold
  suppressed (values set to null, never silently dropped).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import polars as pl

from stadtdaten.core.dataset import Dataset
from stadtdaten.core.errors import StadtdatenError
from stadtdaten.core.exitcodes import ExitCode
from stadtdaten.core.files import atomic_write

ROW = "_row"
MIN_WINDOW_MINUTES = 15


class TransformError(StadtdatenError):
    code = "transform-error"
    exit_code = ExitCode.USAGE
    template = "Transform '{step}' cannot run: {detail}"
    hint = "Correct the transform in the pipeline spec."


def apply_transforms(
    dataset: Dataset, tables: dict[str, Any], steps: tuple[dict[str, Any], ...], outdir: Path
) -> tuple[dict[str, Any], dict[str, str]]:
    """Apply the steps in order; returns the new tables and the files written (name -> path)."""
    written: dict[str, str] = {}
    tables = dict(tables)
    for step in steps:
        (kind, params), *_ = step.items()
        if kind == "join":
            tables[params["resource"]] = join_codelist(tables, params)
        elif kind == "aggregate-sensor":
            tables[params["resource"]] = aggregate_sensor(_table(tables, params["resource"], kind), params)
        elif kind == "normalize":
            names = params.get("resources") or [n for n, t in tables.items() if t is not None]
            for name in names:
                path = write_canonical_csv(_table(tables, name, kind), outdir / f"{name}.csv")
                written[path.name] = str(path)
        else:
            raise TransformError(f"unknown step {kind!r}", step=kind)
    return tables, written


def _table(tables: dict[str, Any], name: str, step: str) -> pl.DataFrame:
    frame = tables.get(name)
    if frame is None:
        raise TransformError(f"no readable table '{name}' (validate it first)", step=step)
    assert isinstance(frame, pl.DataFrame)
    return frame


def write_canonical_csv(frame: pl.DataFrame, path: Path) -> Path:
    """UTF-8, comma, CRLF, '.' decimals, ISO dates: what RFC 4180 readers and every library expect."""
    data = frame.drop(ROW, strict=False)
    # ISO 8601 per column: an offset only where the column has a time zone
    data = data.with_columns(
        pl.col(name).dt.strftime("%Y-%m-%dT%H:%M:%S%:z" if dtype.time_zone else "%Y-%m-%dT%H:%M:%S")
        for name, dtype in data.schema.items()
        if isinstance(dtype, pl.Datetime)
    )
    text = data.write_csv(line_terminator="\r\n", date_format="%Y-%m-%d", quote_style="necessary")
    atomic_write(path, text)
    return path


def join_codelist(tables: dict[str, Any], params: dict[str, Any]) -> pl.DataFrame:
    frame = _table(tables, params["resource"], "join")
    codes = _table(tables, params["codelist"], "join")
    label = params.get("as") or f"{params['field']}_{params['label']}"
    for column, owner in ((params["field"], frame), (params["key"], codes), (params["label"], codes)):
        if column not in owner.columns:
            raise TransformError(f"column '{column}' not found", step="join")
    lookup = codes.select(pl.col(params["key"]).cast(pl.Utf8).alias("__key"), pl.col(params["label"]).alias(label))
    joined = frame.with_columns(pl.col(params["field"]).cast(pl.Utf8).alias("__key")).join(
        lookup.unique("__key", keep="first"), on="__key", how="left", maintain_order="left"
    )
    return joined.drop("__key")


def window_minutes(text: str) -> int:
    """``15m`` -> 15, ``1h`` -> 60, ``1d`` -> 1440."""
    match = re.fullmatch(r"(\d+)(m|h|d)", text)
    if not match:
        raise TransformError(f"window {text!r} is not like 15m, 1h or 1d", step="aggregate-sensor")
    return int(match.group(1)) * {"m": 1, "h": 60, "d": 1440}[match.group(2)]


def aggregate_sensor(frame: pl.DataFrame, params: dict[str, Any]) -> pl.DataFrame:
    """Readings -> windows per group; device ids dropped; thin windows suppressed."""
    minutes = window_minutes(str(params.get("window", "15m")))
    if minutes < MIN_WINDOW_MINUTES:
        raise TransformError(f"window {params.get('window')} is shorter than 15 minutes", step="aggregate-sensor")
    timestamp = params["timestamp"]
    if timestamp not in frame.columns:
        raise TransformError(f"timestamp column '{timestamp}' not found", step="aggregate-sensor")
    group_by = [c for c in params.get("group_by", []) if c in frame.columns]
    devices = params.get("devices")
    data = frame.drop(ROW, strict=False)
    if data.schema[timestamp] == pl.Utf8:
        data = data.with_columns(pl.col(timestamp).str.to_datetime(time_zone="UTC"))
    ts_dtype = data.schema[timestamp]
    if isinstance(ts_dtype, pl.Datetime) and ts_dtype.time_zone is not None:
        # windows on UTC: the duplicated hour at the DST change stays two distinct hours
        data = data.with_columns(pl.col(timestamp).dt.convert_time_zone("UTC"))
    aggregations: list[pl.Expr] = [pl.len().alias(params.get("count_as", "messwerte"))]
    if devices and devices in data.columns:
        aggregations.append(pl.col(devices).n_unique().alias("geraete"))
    aggregations += [pl.col(c).sum().alias(c) for c in params.get("sum", []) if c in data.columns]
    aggregations += [pl.col(c).mean().alias(c) for c in params.get("mean", []) if c in data.columns]
    aggregations += [pl.col(c).max().alias(c) for c in params.get("max", []) if c in data.columns]
    out = (
        data.sort([*group_by, timestamp])
        .group_by_dynamic(timestamp, every=_polars_duration(minutes), group_by=group_by or None, closed="left", label="left")
        .agg(aggregations)
    )
    dropped = set(params.get("drop", [])) | ({devices} if devices else set())
    out = out.drop([c for c in dropped if c in out.columns])
    threshold = params.get("suppress_below")
    if threshold and "geraete" in out.columns:
        values = [c for c in out.columns if c not in (timestamp, *group_by, "geraete")]
        thin = pl.col("geraete") < threshold
        out = out.with_columns([pl.when(thin).then(None).otherwise(pl.col(c)).alias(c) for c in values])
        out = out.with_columns(pl.when(thin).then(None).otherwise(pl.col("geraete")).alias("geraete"))
    return out


def _polars_duration(minutes: int) -> str:
    if minutes % 1440 == 0:
        return f"{minutes // 1440}d"
    if minutes % 60 == 0:
        return f"{minutes // 60}h"
    return f"{minutes}m"
