"""Statistical confidentiality rules DS-PRIV-010 and DS-PRIV-011 over the declared count fields."""

from __future__ import annotations

from stadtdaten.core.dataset import Resource
from stadtdaten.quality import confidentiality as conf
from stadtdaten.quality.governance.context import Context
from stadtdaten.quality.governance.registry import implements
from stadtdaten.quality.rules import RuleSpec


def threshold(ctx: Context, spec: RuleSpec) -> int:
    """Dataset > config (explicit) > profile > default 3; sensitive topics raise it to the sensitive minimum (5)."""
    options = ctx.rules.options(spec)
    gov = ctx.meta.governance
    value = int(options.get("threshold", 3))
    project = ctx.config.raw.get("project", ctx.config.raw)
    if isinstance(project, dict) and "disclosure_threshold" in project:
        value = ctx.config.disclosure_threshold
    section = ctx.config.section("governance").get("disclosure_threshold")
    if isinstance(section, int):
        value = section
    if gov.sensitive_topic:
        value = max(value, int(options.get("sensitive_threshold", 5)))
    if gov.disclosure.threshold is not None:
        value = gov.disclosure.threshold
    return value


def _counts(ctx: Context, spec: RuleSpec, resource: Resource) -> list[str]:
    return conf.count_fields(ctx.fields(resource), ctx.rules.options(spec).get("count_units", []))


@implements("DS-PRIV-010")
def small_counts(ctx: Context, spec: RuleSpec) -> None:
    minimum = threshold(ctx, spec)
    dominance = ctx.meta.governance.disclosure
    for resource in ctx.dataset.resources:
        counts = _counts(ctx, spec, resource)
        if counts and "." not in ctx.missing_values(resource):
            for name in counts:
                ctx.emit(spec, "marker", resource=resource, field=name)
        frame = ctx.table(resource)
        if frame is None:
            continue
        for name in counts:
            if name not in frame.columns:
                continue
            cells = conf.small_cells(frame, name, minimum)
            # one finding per cell, up to the per-code limit; ``cells`` in the params gives the full number
            for row in cells.head(ctx.max_per_code).iter_rows(named=True):
                ctx.emit(
                    spec,
                    resource=resource,
                    field=name,
                    frame=frame,
                    index=int(row["_index"]),
                    params={"value": row[name], "threshold": minimum, "cells": cells.height},
                )
        fields = ctx.fields(resource)
        contribution = [str(f["name"]) for f in fields if f.get("disclosure") == "contribution"]
        cells_by = [str(f["name"]) for f in fields if f.get("disclosure") == "cell"]
        for name in contribution:
            if name not in frame.columns:
                continue
            n = dominance.dominance_n or int(ctx.rules.options(spec).get("dominance_n", 2))
            k = dominance.dominance_k or float(ctx.rules.options(spec).get("dominance_k", 85))
            for row in conf.dominance(frame, name, [c for c in cells_by if c in frame.columns], n, k).iter_rows(named=True):
                cell = ", ".join(f"{c}={row[c]}" for c in cells_by if c in row) or "all"
                ctx.emit(
                    spec,
                    "dominance",
                    resource=resource,
                    field=name,
                    params={"cell": cell, "n": n, "k": k, "share": round(float(row["_share"]), 1)},
                )


@implements("DS-PRIV-011")
def secondary(ctx: Context, spec: RuleSpec) -> None:
    additivity = not ctx.meta.governance.disclosure.cell_key_method
    counts_spec = ctx.rules.get("DS-PRIV-010") or spec
    for resource in ctx.dataset.resources:
        frame = ctx.table(resource)
        if frame is None:
            continue
        fields = ctx.fields(resource)
        counts = [c for c in _counts(ctx, counts_spec, resource) if c in frame.columns]
        totals = conf.dimension_totals(fields)
        if totals and counts:
            dimensions = [
                str(f["name"])
                for f in fields
                if str(f["name"]) not in counts and f.get("disclosure") not in ("total", "contribution")
            ]
            # dimensions are the fields that identify a cell; labels that repeat an id would only split lines wrongly
            dimensions = [d for d in dimensions if d in totals or f_is_key(fields, d)]
            for name in counts:
                leaks, broken = conf.long_form(frame, name, totals, dimensions, additivity=additivity)
                for leak in leaks:
                    ctx.emit(
                        spec,
                        resource=resource,
                        field=name,
                        frame=frame,
                        index=leak.index,
                        params={
                            "dimension": leak.dimension,
                            "row": frame["_row"][leak.index] if "_row" in frame.columns else leak.index + 2,
                        },
                    )
                for item in broken:
                    ctx.emit(
                        spec,
                        "not-additive",
                        resource=resource,
                        field=name,
                        frame=frame,
                        index=item.index,
                        params={
                            "dimension": item.dimension,
                            "count": item.count,
                            "total": item.total,
                            "sum": item.parts,
                            "row": frame["_row"][item.index] if "_row" in frame.columns else item.index + 2,
                        },
                    )
        row_totals = [str(f["name"]) for f in fields if f.get("disclosure") == "total" and str(f["name"]) in frame.columns]
        for total in row_totals:
            for index in conf.wide_form(frame, total, counts):
                ctx.emit(
                    spec,
                    resource=resource,
                    field=total,
                    frame=frame,
                    index=index,
                    params={"dimension": total, "row": frame["_row"][index] if "_row" in frame.columns else index + 2},
                )


def f_is_key(fields: list[dict[str, object]], name: str) -> bool:
    """A dimension: declared ``disclosure: dimension``, or any non-count field when none is declared."""
    declared = [str(f["name"]) for f in fields if f.get("disclosure") == "dimension"]
    return name in declared if declared else True
