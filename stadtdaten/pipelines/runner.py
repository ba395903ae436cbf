"""The runner: chains the stages for every dataset of a pipeline spec, incrementally and in parallel.

Per dataset: source -> describe -> validate -> transform -> dcat -> ai-ready -> publish-ckan run in one
worker process (datasets are independent, so they run in parallel across processes); publish-local
(the embedded catalogue) runs in the parent, which is the catalogue's only writer in a run.

Incremental: a dataset's *run key* hashes its content (descriptor + every file), the dataset's part of
the spec, the rule profile and the tool version. When the key equals the one recorded in the catalogue
for the last successful run and the outputs are still there, the dataset is not touched again: its
stored result is reused and marked ``unchanged``, so an unchanged catalogue costs one hash per file.
"""

from __future__ import annotations

import copy
import hashlib
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from stadtdaten import __version__
from stadtdaten.core.config import ProjectConfig
from stadtdaten.core.dataset import Dataset, find_descriptor, load_dataset
from stadtdaten.core.errors import StadtdatenError
from stadtdaten.core.findings import Category, FindingType, Severity, register
from stadtdaten.core.report import DatasetResult, Finding, Location, Report
from stadtdaten.pipelines.spec import DatasetSpec, PipelineSpec
from stadtdaten.pipelines.validate import ValidateOptions, keep_summary, previous_summary, validate_dataset_with_tables

STAGE_FAILED = register(
    FindingType(
        code="stage-failed",
        title="Pipeline stage failed",
        template="The stage '{stage}' failed for this dataset: {detail}",
        hint="{hint}",
        category=Category.SOURCE,
    )
)


@dataclass(frozen=True)
class RunOptions:
    workers: int | None = None
    """Processes for datasets; None = one per core (at most one per dataset)."""
    force: bool = False
    """Ignore the incremental state and redo every stage."""
    catalog_dir: Path | None = None
    ckan_url: str | None = None
    max_findings: int | None = 1000


@dataclass
class Task:
    spec: DatasetSpec
    output: Path
    config: ProjectConfig
    options: RunOptions
    profile: str | None
    previous_key: str | None = None
    previous_result: DatasetResult | None = None
    previous_summary: dict[str, Any] | None = None
    ckan: dict[str, Any] = field(default_factory=dict)


@dataclass
class Outcome:
    result: DatasetResult
    run_key: str | None
    unchanged: bool
    dataset_path: Path | None
    outputs: dict[str, str] = field(default_factory=dict)
    dcat_turtle: str | None = None


def run_key(content_hash: str, spec: DatasetSpec, profile: str | None) -> str:
    raw = "|".join((content_hash, spec.fingerprint(), profile or "", __version__))
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def run_pipeline(
    spec: PipelineSpec,
    config: ProjectConfig,
    options: RunOptions | None = None,
    *,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Run every dataset of ``spec``; returns one report for the whole run."""
    options = options or RunOptions()
    started = time.perf_counter()
    report = Report(command="run", options={"pipeline": spec.name, "profile": spec.profile or config.profile})
    catalog = _open_catalog(config, options)
    outcomes: dict[int, Outcome] = {}
    pending: list[tuple[int, Task]] = []
    for index, dataset_spec in enumerate(spec.datasets):
        profile = dataset_spec.profile or spec.profile
        task = Task(dataset_spec, spec.output, config, options, profile, ckan=dict(spec.ckan))
        if catalog is not None and not options.force:
            try:
                dataset = load_dataset(dataset_spec.path)
            except StadtdatenError:
                dataset = None  # the worker reports it as a finding
            if dataset is not None:
                task.previous_key, task.previous_result, task.previous_summary = _previous(catalog, dataset.name)
            reused = _unchanged(task, dataset)
            if reused is not None:
                # decided in the parent: an unchanged dataset costs one hash per file, no worker process
                outcomes[index] = reused
                if progress:
                    progress(dataset_spec.path.name)
                continue
        pending.append((index, task))
    for (index, _), outcome in zip(pending, _execute([t for _, t in pending], options, progress), strict=True):
        outcomes[index] = outcome
    ordered = [outcomes[i] for i in sorted(outcomes)]
    for outcome in ordered:
        report.datasets.append(outcome.result)
        if catalog is not None:
            _record(catalog, outcome, report.run_id)
    if catalog is not None:
        catalog.add_report(_changed_only(report, ordered))
    report.options["seconds"] = round(time.perf_counter() - started, 3)
    report.options["unchanged"] = sum(1 for o in ordered if o.unchanged)
    return report.finish()


def _execute(tasks: list[Task], options: RunOptions, progress: Callable[[str], None] | None) -> list[Outcome]:
    workers = options.workers or min(len(tasks), os.cpu_count() or 1)
    if workers <= 1 or len(tasks) <= 1:
        outcomes = []
        for task in tasks:
            outcomes.append(process_dataset(task))
            if progress:
                progress(task.spec.path.name)
        return outcomes
    # spawn, not fork: polars' thread pool does not survive a fork safely
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(process_dataset, task) for task in tasks]
        outcomes = []
        for task, future in zip(tasks, futures, strict=True):
            outcomes.append(future.result())
            if progress:
                progress(task.spec.path.name)
    return outcomes


def process_dataset(task: Task) -> Outcome:
    """All per-dataset stages; never raises for bad input (findings instead)."""
    spec = task.spec
    steps = spec.steps
    name = spec.path.name
    try:
        if spec.source and "source" not in spec.transform:
            from stadtdaten.pipelines.sources import fetch_source

            fetch_source(spec.source, spec.path)
        if "describe" in steps and find_descriptor(spec.path) is None:
            _describe(spec.path, task.config)
        dataset = load_dataset(spec.path)
    except StadtdatenError as exc:
        return _failed(name, "load", exc, spec.path)
    key = run_key(dataset.content_hash(), spec, task.profile)
    outdir = task.output / dataset.name
    reused = _reuse(task, key)
    if reused is not None:
        return reused

    options = ValidateOptions(
        only="all" if "validate" in steps else "metadata",
        profile=task.profile,
        max_findings=task.options.max_findings,
        store=False,
        keep_tables=True,
    )
    result, tables = validate_dataset_with_tables(dataset, task.config, options, previous=task.previous_summary)
    outputs: dict[str, str] = {}
    turtle = None
    for stage in ("transform", "ai-ready", "dcat", "publish-ckan"):
        if stage not in steps:
            continue
        try:
            if stage == "transform" and spec.transform:
                from stadtdaten.pipelines.transform import apply_transforms

                tables, written = apply_transforms(dataset, tables, spec.transform, outdir)
                outputs.update(written)
            elif stage == "ai-ready":
                from stadtdaten.pipelines.ai_ready import write_ai_ready

                for path in write_ai_ready(dataset, tables, outdir).files():
                    outputs[path.name] = str(path)
            elif stage == "dcat":
                turtle = _dcat(dataset, task.config, result, outdir, outputs)
            elif stage == "publish-ckan":
                _publish_ckan(dataset, result, task, outputs)
        except StadtdatenError as exc:
            result.add(_stage_finding(stage, exc, dataset.display_path()))
        except ImportError as exc:
            result.add(_stage_finding(stage, exc, dataset.display_path()))
    result.extras["outputs"] = outputs
    result.extras["incremental"] = "processed"
    return Outcome(result, key, False, spec.path, outputs, turtle)


def _reuse(task: Task, key: str) -> Outcome | None:
    """The stored outcome when the run key is unchanged and every output file is still there."""
    previous = task.previous_result
    if task.previous_key != key or previous is None:
        return None
    outputs = dict(previous.extras.get("outputs", {}))
    if not all(Path(p).exists() for p in outputs.values()):
        return None
    result = copy.copy(previous)
    result.extras = {**previous.extras, "incremental": "unchanged"}
    return Outcome(result, key, True, task.spec.path, outputs)


def _unchanged(task: Task, dataset: Dataset | None) -> Outcome | None:
    """Decide in the parent whether a dataset can be skipped (sources are always fetched, so never here)."""
    if dataset is None or task.previous_key is None or task.spec.source:
        return None
    if "describe" in task.spec.steps and find_descriptor(task.spec.path) is None:
        return None
    return _reuse(task, run_key(dataset.content_hash(), task.spec, task.profile))


def _describe(folder: Path, config: ProjectConfig) -> None:
    from stadtdaten.schemas.describe import describe_folder

    describe_folder(folder, config)


def _dcat(dataset: Any, config: ProjectConfig, result: DatasetResult, outdir: Path, outputs: dict[str, str]) -> str:
    from stadtdaten.core.files import atomic_write
    from stadtdaten.dcat import check_graph, dataset_graph, mqa_score, serialize

    graph = dataset_graph(dataset, config)
    turtle = serialize(graph, "ttl")
    path = outdir / "dcat.ttl"
    atomic_write(path, turtle)
    outputs[path.name] = str(path)
    result.extend(check_graph(graph))
    score = mqa_score(graph)
    result.extras["mqa"] = {"score": score.score, "max": score.max, "rating": score.rating}
    return turtle


def _publish_ckan(dataset: Any, result: DatasetResult, task: Task, outputs: dict[str, str]) -> None:
    from stadtdaten.catalog.ckan import publish_dataset

    url = task.options.ckan_url or task.ckan.get("url") or task.config.ckan_url
    if not url:
        raise StadtdatenError("no CKAN URL: set [ckan] url in stadtdaten.toml, publish.ckan.url in the spec, or --ckan")
    from stadtdaten.catalog.ckan import PublishOptions

    options = PublishOptions(
        organization=task.ckan.get("organization") or task.config.ckan_organization,
        force=bool(task.ckan.get("force", False)),
        reason=task.ckan.get("reason"),
    )
    extra = [Path(p) for p in outputs.values()]
    result.extras["publish"] = publish_dataset(dataset, result, url=url, config=task.config, extra_files=extra, options=options)


def _stage_finding(stage: str, exc: BaseException, path: str) -> Finding:
    if isinstance(exc, StadtdatenError):
        detail, hint = exc.render(), exc.render_hint()
    else:
        detail, hint = f"{type(exc).__name__}: {exc}", "Install the missing component (see the README)."
    return Finding(
        STAGE_FAILED.code,
        Severity.ERROR,
        Location(path=path),
        {"stage": stage, "detail": detail, "hint": hint},
    )


def _failed(name: str, stage: str, exc: StadtdatenError, path: Path) -> Outcome:
    result = DatasetResult(name=name, path=str(path))
    result.add(_stage_finding(stage, exc, str(path)))
    return Outcome(result, None, False, None)


def _open_catalog(config: ProjectConfig, options: RunOptions) -> Any:
    from stadtdaten.catalog.local import LocalCatalog

    return LocalCatalog.open(options.catalog_dir or config.catalog_path)


def _previous(catalog: Any, name: str) -> tuple[str | None, DatasetResult | None, dict[str, Any] | None]:
    """The last run's key and result (for skipping) and governance summary (for drift checks)."""
    summary = previous_summary(name, catalog)
    state = catalog.stage_state(name, "run") if catalog.get(name) is not None else None
    latest = catalog.latest_report(name, command="run") if state is not None else None
    if state is None or latest is None:
        return None, None, summary
    return state.input_hash, latest.dataset_result, summary


PUBLISH_INCOMPLETE = ("failed", "blocked", "not-owned")


def publish_incomplete(result: DatasetResult) -> bool:
    """True when the CKAN stage ran and did not bring the portal to the dataset's state."""
    publish = result.extras.get("publish")
    return isinstance(publish, dict) and publish.get("status") in PUBLISH_INCOMPLETE


def _complete(outcome: Outcome) -> bool:
    """Only a run whose every stage succeeded is recorded as done: a failed stage runs again next time."""
    failed_stage = any(f.code == STAGE_FAILED.code for f in outcome.result.findings)
    return not failed_stage and not publish_incomplete(outcome.result)


def _record(catalog: Any, outcome: Outcome, run_id: str) -> None:
    if outcome.unchanged or outcome.dataset_path is None or outcome.run_key is None:
        return
    dataset = load_dataset(outcome.dataset_path)
    catalog.upsert_dataset(dataset)
    keep_summary(outcome.result, catalog)
    if outcome.dcat_turtle:
        catalog.put_extra(dataset.name, "dcat.ttl", outcome.dcat_turtle)
    if "mqa" in outcome.result.extras:
        catalog.put_extra(dataset.name, "mqa", outcome.result.extras["mqa"])
    if _complete(outcome):
        catalog.record_stage(dataset.name, "run", outcome.run_key, {"outputs": outcome.outputs}, run_id=run_id)
    else:
        catalog.forget_stage(dataset.name, "run")


def _changed_only(report: Report, outcomes: list[Outcome]) -> Report:
    """The history records what was actually checked in this run; unchanged datasets keep their last entry."""
    changed = Report(command=report.command, run_id=report.run_id, started=report.started, options=report.options)
    changed.datasets = [o.result for o in outcomes if not o.unchanged]
    return changed.finish()
