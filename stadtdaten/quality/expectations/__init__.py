"""Quality rules beyond the Table Schema (completeness, plausible ranges, drift, freshness) and Great
Expectations suites, as checks of the same engine (vectorised polars expressions).

Declared in the descriptor::

    quality:
      rules:
        - {type: completeness, resource: baeume, field: art, min: 0.95}
        - {type: range, field: hoehe_m, min: 0, max: 60}
        - {type: drift, field: hoehe_m, max_psi: 0.25}
        - {type: freshness, field: messzeit, max_age_days: 2}
        - {type: expect_column_values_to_be_unique, kwargs: {column: baum_id}}   # any GX type, inline
      expectations: [checks/baeume.suite.json]           # GX suites (JSON); meta.resource names the table

Common expectation types run natively (:mod:`.native`); others need Great Expectations (:mod:`.gx_bridge`).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from stadtdaten.core.findings import Severity
from stadtdaten.core.report import Finding
from stadtdaten.quality.expectations.drift import psi
from stadtdaten.quality.expectations.native import NATIVE_TYPES, Result, run_expectation
from stadtdaten.quality.expectations.suites import Expectation, Suite, SuiteError, read_suite

if TYPE_CHECKING:
    from stadtdaten.core.dataset import Resource
    from stadtdaten.quality.governance.context import Context

__all__ = ["NATIVE_TYPES", "Result", "run_expectation", "run_quality", "run_suite"]


def _severity(item: dict[str, Any], default: Severity) -> Severity:
    try:
        return Severity.parse(str(item["severity"])) if item.get("severity") else default
    except ValueError:
        return default


def run_quality(ctx: Context) -> list[Finding]:
    """Findings of ``quality.rules`` and ``quality.expectations``; emitted through ``ctx.emit``."""
    before = len(ctx.findings)
    quality = ctx.dataset.descriptor.get("quality")
    if not isinstance(quality, dict):
        return []
    for index, item in enumerate(quality.get("rules") or []):
        if not isinstance(item, dict):
            continue
        try:
            _run_rule(ctx, index, item)
        except (KeyError, TypeError, ValueError, pl.exceptions.PolarsError) as exc:
            _invalid(ctx, index, item, f"{type(exc).__name__}: {exc}")
    for path_text in quality.get("expectations") or []:
        path = (ctx.dataset.basepath / str(path_text)).resolve()
        try:
            suite = read_suite(path)
        except SuiteError as exc:
            spec = ctx.rules.get("expectation-unsupported")
            if spec:
                ctx.emit(
                    spec,
                    pointer="/quality/expectations",
                    params={"expectation": "*", "suite": str(path_text), "detail": str(exc)},
                )
            continue
        run_suite(ctx, suite)
    produced = ctx.findings[before:]
    del ctx.findings[before:]
    return produced


def _invalid(ctx: Context, index: int, item: dict[str, Any], detail: str) -> None:
    spec = ctx.rules.get("quality-rule-invalid")
    if spec:
        ctx.emit(
            spec, pointer=f"/quality/rules/{index}", params={"index": index, "type": item.get("type", "?"), "detail": detail}
        )


def _resource_and_frame(ctx: Context, name: str | None) -> tuple[Resource, pl.DataFrame | None]:
    resources = list(ctx.dataset.resources)
    if name:
        return ctx.dataset.resource(name), ctx.table(ctx.dataset.resource(name))
    tabular = [r for r in resources if ctx.table(r) is not None] or resources
    if not tabular:
        raise ValueError("the dataset has no resources")
    return tabular[0], ctx.table(tabular[0])


def _run_rule(ctx: Context, index: int, item: dict[str, Any]) -> None:
    kind = str(item.get("type", ""))
    resource, frame = _resource_and_frame(ctx, item.get("resource"))
    if kind.startswith("expect_"):
        suite = Suite(
            f"quality.rules[{index}]",
            [Expectation(kind, dict(item.get("kwargs") or {}), {"severity": item.get("severity")})],
            resource.name,
        )
        run_suite(ctx, suite)
        return
    if frame is None:
        return
    column = str(item.get("field") or "")
    if kind in ("completeness", "range", "drift", "freshness") and (not column or column not in frame.columns):
        _invalid(ctx, index, item, f"no column {column!r} in resource {resource.name!r}")
        return
    if kind == "completeness":
        spec = ctx.rules.get("quality-completeness")
        minimum = float(item.get("min", 1.0))
        ratio = 1 - frame[column].null_count() / max(1, frame.height)
        if spec and ratio < minimum:
            ctx.emit(
                spec,
                resource=resource,
                field=column,
                severity=_severity(item, spec.severity),
                params={"ratio": round(ratio * 100, 2), "min": round(minimum * 100, 2)},
            )
    elif kind == "range":
        spec = ctx.rules.get("quality-range")
        values = frame[column]
        low, high = item.get("min"), item.get("max")
        if values.dtype in (pl.Date, pl.Datetime) or isinstance(values.dtype, pl.Datetime):
            low = date.fromisoformat(str(low)) if low is not None else None
            high = date.fromisoformat(str(high)) if high is not None else None
            values = values.cast(pl.Date)
        bad = pl.Series([False] * frame.height)
        if low is not None:
            bad = bad | (values < low).fill_null(False)
        if high is not None:
            bad = bad | (values > high).fill_null(False)
        if spec and bad.any():
            first = int(bad.arg_true()[0])
            ctx.emit(
                spec,
                resource=resource,
                field=column,
                frame=frame,
                index=first,
                severity=_severity(item, spec.severity),
                params={"count": int(bad.sum()), "min": low, "max": high, "row": _row(frame, first), "value": str(values[first])},
                samples=_rows(ctx, resource, frame, bad.arg_true().head(5).to_list()),
            )
    elif kind == "drift":
        _drift(ctx, index, item, resource, frame, column)
    elif kind == "freshness":
        spec = ctx.rules.get("quality-freshness")
        newest = frame[column].max()
        if isinstance(newest, datetime):
            newest = newest.date()
        if not isinstance(newest, date):
            _invalid(ctx, index, item, f"column {column!r} holds no dates")
            return
        age = (ctx.today - newest).days
        limit = int(item.get("max_age_days", 1))
        if spec and age > limit:
            ctx.emit(
                spec,
                resource=resource,
                field=column,
                severity=_severity(item, spec.severity),
                params={"newest": newest.isoformat(), "age": age, "max_age": limit},
            )
    else:
        _invalid(ctx, index, item, "unknown type (completeness, range, drift, freshness or an expect_* type)")


def _drift(ctx: Context, index: int, item: dict[str, Any], resource: Resource, frame: pl.DataFrame, column: str) -> None:
    from stadtdaten.quality.governance.checks_metadata import _previous_summary

    spec = ctx.rules.get("quality-drift")
    previous = _previous_summary(ctx).get("resources")
    profile = previous.get(resource.name, {}).get("columns", {}).get(column) if isinstance(previous, dict) else None
    if not spec or not isinstance(profile, dict):
        return
    limit = float(item.get("max_psi", 0.25))
    score = psi(frame[column], profile)
    if score is not None and score > limit:
        ctx.emit(
            spec,
            resource=resource,
            field=column,
            severity=_severity(item, spec.severity),
            params={"measure": "PSI", "value": score, "limit": limit},
        )
    null_ratio = frame[column].null_count() / max(1, frame.height)
    old_null = float(profile.get("null_ratio", 0.0))
    null_limit = float(item.get("max_null_change", 0.10))
    if abs(null_ratio - old_null) > null_limit:
        ctx.emit(
            spec,
            resource=resource,
            field=column,
            severity=_severity(item, spec.severity),
            params={"measure": "Δ missing", "value": round(null_ratio - old_null, 4), "limit": null_limit},
        )


def _row(frame: pl.DataFrame, index: int) -> int:
    if "_row" in frame.columns and frame["_row"][index] is not None:
        return int(frame["_row"][index])
    return index + 2


def _rows(ctx: Context, resource: Resource, frame: pl.DataFrame, positions: list[int]) -> list[str]:
    """``row 12 (baum_id=B-7)`` for each position: row keys in every failure."""
    pk = [k for k in ctx.primary_key(resource) if k in frame.columns]
    out = []
    for position in positions:
        text = f"row {_row(frame, position)}"
        if pk:
            text += " (" + ", ".join(f"{k}={frame[k][position]}" for k in pk) + ")"
        out.append(text)
    return out


def run_suite(ctx: Context, suite: Suite, backend: str = "auto") -> None:
    """Run a suite natively where possible, the rest with Great Expectations (``backend``: auto, native, gx)."""
    from stadtdaten.quality.expectations.gx_bridge import GXMissing, run_with_gx

    try:
        resource, frame = _resource_and_frame(ctx, suite.resource)
    except KeyError:
        spec = ctx.rules.get("expectation-unsupported")
        if spec:
            ctx.emit(
                spec,
                pointer="/quality/expectations",
                params={"expectation": "*", "suite": suite.name, "detail": f"no resource {suite.resource!r}"},
            )
        return
    if frame is None:
        return
    results: list[tuple[Expectation, Result]] = []
    remote: list[Expectation] = []
    for item in suite.expectations:
        native = None if backend == "gx" else run_expectation(frame, item.type, item.kwargs)
        if native is None:
            remote.append(item)
        else:
            results.append((item, native))
    if remote:
        if backend == "native":
            _unsupported(ctx, suite, remote, "no native implementation")
        else:
            try:
                for item, result in zip(remote, run_with_gx(frame, remote, name=suite.name), strict=False):
                    results.append((item, result))
            except GXMissing as exc:
                _unsupported(ctx, suite, remote, str(exc))
    spec = ctx.rules.get("expectation-failed")
    if spec is None:
        return
    for item, result in results:
        if result.error:
            _unsupported(ctx, suite, [item], result.error)
            continue
        if result.success:
            continue
        positions = result.unexpected_index_list
        severity = _severity(item.meta, spec.severity)
        column = str(item.kwargs.get("column") or "*")
        total = result.element_count - (0 if item.type == "expect_column_values_to_not_be_null" else result.missing_count)
        ctx.emit(
            spec,
            resource=resource,
            field=column if column != "*" else None,
            frame=frame,
            index=positions[0] if positions else None,
            severity=severity,
            params={
                "expectation": item.type,
                "column": column,
                "unexpected": result.unexpected_count
                if positions
                else (result.observed_value if result.observed_value is not None else "-"),
                "total": total if positions else result.element_count,
                "suite": suite.name,
                "rows": [_row(frame, p) for p in positions[:50]],
            },
            samples=_rows(ctx, resource, frame, positions[:5]),
        )


def _unsupported(ctx: Context, suite: Suite, items: list[Expectation], detail: str) -> None:
    spec = ctx.rules.get("expectation-unsupported")
    if spec is None:
        return
    for item in items:
        ctx.emit(spec, pointer="/quality/expectations", params={"expectation": item.type, "suite": suite.name, "detail": detail})


def suite_path(ctx: Context, text: str) -> Path:
    return (ctx.dataset.basepath / text).resolve()
