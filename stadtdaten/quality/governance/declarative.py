"""Declarative check types for a city's own rules (no package code needed).

``required-field``, ``pattern`` (on a descriptor value), ``forbidden-column-names``, ``value-pattern``
(on text columns, vectorised) and ``threshold`` (a column's values or an aggregate against min/max).
Message parameters available: resource, field, pointer, value, count, total, limit.
"""

from __future__ import annotations

import re
from typing import Any

import polars as pl

from stadtdaten.quality.governance.context import Context
from stadtdaten.quality.governance.registry import check_type
from stadtdaten.quality.rules import RuleSpec


def resolve_pointer(document: Any, pointer: str) -> tuple[bool, Any]:
    """RFC 6901; ``/resources/*/title`` is not supported on purpose (one value per rule)."""
    current = document
    for raw in pointer.lstrip("/").split("/"):
        if raw == "":
            continue
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return False, None
    return True, current


def _empty(value: Any) -> bool:
    return value is None or value in ("", [], {})


@check_type("required-field")
def required_field(ctx: Context, spec: RuleSpec, test: dict[str, Any]) -> None:
    found, value = resolve_pointer(ctx.dataset.descriptor, test["pointer"])
    if not found or _empty(value):
        ctx.emit(spec, pointer=test["pointer"])


@check_type("pattern")
def pattern(ctx: Context, spec: RuleSpec, test: dict[str, Any]) -> None:
    found, value = resolve_pointer(ctx.dataset.descriptor, test["pointer"])
    if not found or value is None:
        return
    values = value if isinstance(value, list) else [value]
    regex = re.compile(test["regex"])
    for item in values:
        hit = bool(regex.search(str(item)))
        if hit == bool(test.get("negate", False)):
            ctx.emit(spec, pointer=test["pointer"], params={"value": str(item)})


@check_type("forbidden-column-names")
def forbidden_columns(ctx: Context, spec: RuleSpec, test: dict[str, Any]) -> None:
    as_regex = bool(test.get("regex", False))
    patterns = [re.compile(p, re.I) if as_regex else None for p in test["names"]]
    for resource in ctx.dataset.resources:
        names = [str(f["name"]) for f in ctx.fields(resource)]
        frame = ctx.table(resource)
        if frame is not None:
            names = list(dict.fromkeys([*names, *ctx.data_columns(frame)]))
        for name in names:
            if as_regex:
                hit = any(p is not None and p.search(name) for p in patterns)
            else:
                hit = name.lower() in {n.lower() for n in test["names"]}
            if hit:
                ctx.emit(spec, resource=resource, field=name)


@check_type("value-pattern")
def value_pattern(ctx: Context, spec: RuleSpec, test: dict[str, Any]) -> None:
    regex = test["regex"]
    negate = bool(test.get("negate", False))
    limit = float(test.get("max_ratio", 0.0))
    wanted = set(test.get("columns") or [])
    for resource in ctx.dataset.resources:
        frame = ctx.table(resource)
        if frame is None:
            continue
        for name in ctx.data_columns(frame):
            if (wanted and name not in wanted) or frame.schema[name] != pl.String:
                continue
            series = frame[name]
            total = series.len() - series.null_count()
            if not total:
                continue
            matched = series.str.contains(regex).fill_null(False)
            if negate:
                matched = ~matched & series.is_not_null()
            count = int(matched.sum())
            if count and count / total > limit:
                first = int(matched.arg_true()[0])
                ctx.emit(
                    spec,
                    resource=resource,
                    field=name,
                    frame=frame,
                    index=first,
                    params={"count": count, "total": total, "limit": limit, "value": str(series[first])[:60]},
                )


@check_type("threshold")
def threshold(ctx: Context, spec: RuleSpec, test: dict[str, Any]) -> None:
    aggregate = test.get("aggregate", "value")
    low, high = test.get("min"), test.get("max")
    for resource in ctx.dataset.resources:
        if test.get("resource") and test["resource"] != resource.name:
            continue
        frame = ctx.table(resource)
        if frame is None:
            continue
        name = test.get("field")
        if aggregate == "row_count":
            _compare(ctx, spec, resource, None, float(frame.height), low, high)
            continue
        if not name or name not in frame.columns:
            continue
        series = frame[name]
        if aggregate == "null_ratio":
            _compare(ctx, spec, resource, name, series.null_count() / max(1, series.len()), low, high)
            continue
        numeric = series.cast(pl.Float64, strict=False)
        if aggregate in ("mean", "max", "min"):
            value = getattr(numeric, aggregate)()
            if value is not None:
                _compare(ctx, spec, resource, name, float(value), low, high)
            continue
        bad = pl.Series([False] * numeric.len())
        if low is not None:
            bad = bad | (numeric < low).fill_null(False)
        if high is not None:
            bad = bad | (numeric > high).fill_null(False)
        if bad.any():
            first = int(bad.arg_true()[0])
            ctx.emit(
                spec,
                resource=resource,
                field=name,
                frame=frame,
                index=first,
                params={"count": int(bad.sum()), "total": numeric.len(), "value": numeric[first], "limit": f"[{low}, {high}]"},
            )


def _compare(ctx: Context, spec: RuleSpec, resource: Any, name: str | None, value: float, low: Any, high: Any) -> None:
    if (low is not None and value < low) or (high is not None and value > high):
        ctx.emit(spec, resource=resource, field=name, params={"value": round(value, 4), "limit": f"[{low}, {high}]"})
