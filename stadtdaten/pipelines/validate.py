"""The validate stage: descriptor, structure and Table Schema, quality and Leitlinie rules, in one report.

This is the steward's core loop. For each dataset it

1. checks the descriptor against the shipped JSON Schema (``core``),
2. runs the vectorised engine over every tabular resource (``quality.engine``),
3. runs the Leitlinie Datensouveränität and quality rules on the typed tables the engine produced
   (``quality.governance``), so no file is parsed twice,
4. applies the dataset's waivers (visible in every report, never silent),
5. records the dataset and the report in the embedded catalogue (``catalog.local``).

Bad input never raises out of here: a dataset that cannot be loaded becomes a finding of its own, and
the other datasets are still validated.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stadtdaten.core.config import ProjectConfig
from stadtdaten.core.dataset import Dataset, find_datasets, load_dataset, validate_descriptor
from stadtdaten.core.errors import StadtdatenError
from stadtdaten.core.findings import Category, FindingType, Severity, register
from stadtdaten.core.report import DatasetResult, Finding, Location, Report

ONLY_CHOICES = ("all", "schema", "metadata", "governance")
SUMMARY_KEY = "governance_summary"

DATASET_UNREADABLE = register(
    FindingType(
        code="dataset-unreadable",
        title="Dataset cannot be loaded",
        template="The dataset at {path} cannot be loaded: {detail}",
        hint="{hint}",
        category=Category.SOURCE,
    )
)


CATALOG_CONFLICT = register(
    FindingType(
        code="catalog-conflict",
        title="Not recorded in the catalogue",
        template="The dataset '{name}' was validated but not recorded in the catalogue: {detail}",
        hint="Rename the dataset, or remove the other entry with `stadtdaten catalog remove` if it is obsolete.",
        category=Category.SOURCE,
        severity=Severity.WARNING,
    )
)


@dataclass(frozen=True)
class ValidateOptions:
    only: str = "all"
    """``schema``: structure and Table Schema only (the fast pre-commit hook); ``metadata``: descriptor only;
    ``governance``: descriptor and Leitlinie rules; ``all``: everything."""
    profile: str | None = None
    max_findings: int | None = 1000
    chunk_rows: int | None = None
    store: bool = True
    """Record datasets and reports in the embedded catalogue."""
    catalog_dir: Path | None = None
    keep_tables: bool = False
    """Keep the typed tables even for ``only='schema'`` (the AI-ready stage needs them)."""


ProgressHook = Callable[[str], None]


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Each path is a dataset folder, a descriptor, a data file, or a folder holding several datasets."""
    expanded: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = find_datasets(path)
            expanded.extend(found if found else [path])
        else:
            expanded.append(path)
    seen: set[Path] = set()
    unique = []
    for path in expanded:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def validate_paths(
    paths: Sequence[str | Path],
    config: ProjectConfig,
    options: ValidateOptions | None = None,
    *,
    progress: ProgressHook | None = None,
) -> Report:
    """Validate every dataset found under ``paths`` and return one report."""
    options = options or ValidateOptions(max_findings=config.max_findings)
    report = Report(command="validate", options={"only": options.only, "profile": options.profile or config.profile})
    loaded: list[Dataset] = []
    catalog = _catalog(config, options) if options.store else None
    for path in expand_paths(paths):
        if progress:
            progress(str(path))
        try:
            dataset = load_dataset(path)
        except StadtdatenError as exc:
            result = report.dataset(path.stem or str(path))
            result.path = str(path)
            result.add(
                Finding(
                    code=DATASET_UNREADABLE.code,
                    severity=Severity.ERROR,
                    location=Location(path=str(path)),
                    params={"path": str(path), "detail": exc.render(), "hint": exc.render_hint()},
                )
            )
            continue
        loaded.append(dataset)
        report.datasets.append(validate_dataset_with_tables(dataset, config, options, catalog=catalog)[0])
    report.finish()
    if catalog is not None:
        _store(report, loaded, catalog)
        catalog.close()
    return report


def validate_dataset(dataset: Dataset, config: ProjectConfig, options: ValidateOptions) -> DatasetResult:
    """All checks of one dataset."""
    return validate_dataset_with_tables(dataset, config, options)[0]


def validate_dataset_with_tables(
    dataset: Dataset,
    config: ProjectConfig,
    options: ValidateOptions,
    *,
    catalog: Any = None,
    previous: dict[str, Any] | None = None,
) -> tuple[DatasetResult, dict[str, Any]]:
    """All checks of one dataset, plus the typed tables (resource name -> polars frame) for later stages.

    The typed tables flow from the engine into the governance rules and on to the AI-ready outputs, so no
    file is parsed twice.
    """
    result = DatasetResult(
        name=dataset.name,
        title=dataset.title,
        path=dataset.display_path(),
        content_hash=dataset.content_hash(),
    )
    result.extend(validate_descriptor(dataset))
    tables: dict[str, Any] = {}
    if options.only == "metadata":
        return result, tables
    if options.only in ("all", "schema"):
        tables = _run_engine(dataset, result, options)
    elif options.only == "governance":
        # the data-level Leitlinie rules (small counts, device ids, keys, coordinates) need the typed
        # tables; the engine's own structure and schema findings are not asked for here
        tables = _run_engine(dataset, DatasetResult(name=dataset.name), options)
    if options.only == "all":
        from stadtdaten.quality.timeseries import timeseries_findings

        result.extend(timeseries_findings(dataset, tables))
    if options.only in ("all", "governance"):
        if previous is None and catalog is not None:
            previous = previous_summary(dataset.name, catalog)
        _run_governance(dataset, tables, config, options, result, previous)
    return result, tables


def _run_engine(dataset: Dataset, result: DatasetResult, options: ValidateOptions) -> dict[str, Any]:
    from stadtdaten.quality.engine import EngineOptions
    from stadtdaten.quality.engine import validate_dataset as engine_validate

    started = time.perf_counter()
    outcomes = engine_validate(
        dataset,
        EngineOptions(
            max_findings=options.max_findings,
            chunk_rows=options.chunk_rows,
            keep_frame=options.only in ("all", "governance") or options.keep_tables,
        ),
    )
    tables: dict[str, Any] = {}
    for outcome in outcomes:
        result.extend(outcome.findings)
        for code, number in outcome.omitted.items():
            result.omitted[code] = result.omitted.get(code, 0) + number
        result.resources.append(outcome.stats)
        tables[outcome.resource] = outcome.frame
    result.extras["engine_seconds"] = round(time.perf_counter() - started, 4)
    return tables


def _run_governance(
    dataset: Dataset,
    tables: dict[str, Any],
    config: ProjectConfig,
    options: ValidateOptions,
    result: DatasetResult,
    previous: dict[str, Any] | None,
) -> None:
    from stadtdaten.quality.governance import apply_waivers, check_dataset, summarize

    for resource in dataset.resources:
        tables.setdefault(resource.name, None)
    result.extend(check_dataset(dataset, tables, config, profile=options.profile, previous=previous))
    # the profile of this version (row counts, distributions, key sample): next run's drift and trend checks
    result.extras[SUMMARY_KEY] = summarize(dataset, tables)
    result.findings = apply_waivers(result.findings, dataset)
    result.waivers = list(dataset.metadata.governance.waivers)


def _catalog(config: ProjectConfig, options: ValidateOptions) -> Any:
    from stadtdaten.catalog.local import LocalCatalog

    return LocalCatalog.open(options.catalog_dir or config.catalog_path)


def previous_summary(name: str, catalog: Any) -> dict[str, Any] | None:
    """What the last stored run of this dataset recorded for drift and trend checks."""
    summary = catalog.get_extra(name, SUMMARY_KEY) if catalog.get(name) is not None else None
    if not isinstance(summary, dict):
        return None
    return {"governance_summary": summary}


def keep_summary(result: DatasetResult, catalog: Any) -> None:
    """Move the governance summary out of the report into the catalogue (it is data for the next run,
    not something a reader of the report needs)."""
    summary = result.extras.pop(SUMMARY_KEY, None)
    if summary is not None and catalog.get(result.name) is not None:
        catalog.put_extra(result.name, SUMMARY_KEY, summary)


def _store(report: Report, datasets: list[Dataset], catalog: Any) -> None:
    """Record the datasets and the report in the embedded catalogue (one transaction)."""
    from stadtdaten.catalog.local import CatalogConflictError

    with catalog.batch():
        for dataset in datasets:
            try:
                catalog.upsert_dataset(dataset)
            except CatalogConflictError as exc:
                # another dataset of that name is in the catalogue (harvested, or from another folder):
                # it is not overwritten; the steward learns why this one was not recorded
                report.dataset(dataset.name).add(
                    Finding(
                        CATALOG_CONFLICT.code,
                        Severity.WARNING,
                        Location(path=dataset.display_path()),
                        {"name": dataset.name, "detail": exc.render()},
                    )
                )
        for result in report.datasets:
            keep_summary(result, catalog)
        catalog.add_report(report)
