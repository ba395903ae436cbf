"""The Leitlinie Datensouveränität and the quality rules as executable checks.

Entry points (the contract with the validation pipeline):

* :func:`check_dataset` runs every selected rule on a dataset's metadata and typed tables
  (``tables``: resource name -> typed polars frame with ``_row``, or None when unreadable).
* :func:`apply_waivers` attaches the descriptor's waivers; expired and unused ones become findings.
* :func:`load_profile` reads a rule profile (``bielefeld``, ``strict``, ``open-nrw`` or a path).
* :func:`summarize` is what the pipeline stores per run (``DatasetResult.extras["governance_summary"]``)
  and hands back as ``previous`` next time, for drift, renumbering and trend checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from stadtdaten.core.config import ProjectConfig
from stadtdaten.core.dataset import Dataset
from stadtdaten.core.findings import Severity
from stadtdaten.core.report import Finding, Location
from stadtdaten.quality.governance import (
    checks_confidentiality,
    checks_formats,
    checks_metadata,
    checks_personal,
    declarative,
)
from stadtdaten.quality.governance.context import Context
from stadtdaten.quality.governance.registry import CHECK_TYPES, IMPLEMENTATIONS
from stadtdaten.quality.governance.waivers import apply_allow_list, declared_waivers
from stadtdaten.quality.governance.waivers import apply_waivers as _apply_waivers
from stadtdaten.quality.rules import Profile, RuleSet, load_rules
from stadtdaten.quality.rules import load_profile as _load_profile

__all__ = ["apply_waivers", "check_dataset", "declared_waivers", "load_profile", "summarize"]
_ = (checks_confidentiality, checks_formats, checks_metadata, checks_personal, declarative)  # registration by import


def load_profile(name_or_path: str | Path | None = None) -> Profile:
    return _load_profile(name_or_path)


def apply_waivers(findings: list[Finding], dataset: Dataset, today: date | None = None) -> list[Finding]:
    return _apply_waivers(findings, dataset, today)


def check_dataset(
    dataset: Dataset,
    tables: Mapping[str, pl.DataFrame | None],
    config: ProjectConfig,
    *,
    profile: str | None = None,
    previous: Mapping[str, Any] | None = None,
    today: date | None = None,
    rules: RuleSet | None = None,
) -> list[Finding]:
    """All governance and quality findings of one dataset (waivers not yet applied).

    The profile is ``profile``, else the dataset's ``governance.profile``, else the config's. A rule that
    fails is reported as ``governance-rule-error``, never as a traceback; allow-list entries are applied.
    """
    chosen = profile or dataset.metadata.governance.profile or config.profile
    ruleset = rules or load_rules(config, chosen)
    ctx = Context(
        dataset=dataset,
        tables=tables,
        config=config,
        rules=ruleset,
        previous=previous,
        today=today or date.today(),
        max_per_code=config.max_findings or 100_000,
    )
    for spec in ruleset:
        if not ruleset.any_active(spec):
            continue
        try:
            if spec.test is not None:
                CHECK_TYPES[spec.test["type"]](ctx, spec, spec.test)
            elif spec.id in IMPLEMENTATIONS:
                IMPLEMENTATIONS[spec.id](ctx, spec)
        except Exception as exc:
            ctx.findings.append(
                Finding(
                    "governance-rule-error",
                    Severity.ERROR,
                    Location(path=dataset.display_path()),
                    {"rule": spec.id, "detail": f"{type(exc).__name__}: {exc}"},
                )
            )
    from stadtdaten.quality.expectations import run_quality

    ctx.findings.extend(run_quality(ctx))
    return apply_allow_list(ctx.findings, dataset)


def summarize(dataset: Dataset, tables: Mapping[str, pl.DataFrame | None]) -> dict[str, Any]:
    """A small, JSON-safe profile of this version: provenance, row counts, numeric distributions
    (deciles, null ratio) and a key sample. Stored with the run, passed back as ``previous``."""
    from stadtdaten.quality.expectations.drift import column_profile
    from stadtdaten.quality.governance.checks_formats import key_sample

    ctx = Context(dataset=dataset, tables=tables, config=ProjectConfig(), rules=load_rules())
    resources: dict[str, Any] = {}
    for resource in dataset.resources:
        frame = ctx.table(resource)
        if frame is None:
            continue
        columns = {name: column_profile(frame[name]) for name in ctx.data_columns(frame) if frame[name].dtype.is_numeric()}
        entry: dict[str, Any] = {"rows": frame.height, "columns": columns}
        pk = ctx.primary_key(resource)
        if pk and all(k in frame.columns for k in pk):
            entry["keys"] = key_sample(frame, pk)
        resources[resource.name] = entry
    return {"provenance": dataset.metadata.provenance, "resources": resources}
