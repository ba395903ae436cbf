"""The vectorised Table Schema validation engine.

``validate_dataset`` checks every tabular resource of a dataset against its Table Schema, with
foreign keys between resources; ``validate_resource`` checks one. Findings use frictionless's error
codes and row numbers (header = row 1, blank lines count), and the set of (row, field, code) is tested to
equal frictionless 5.x's on its own fixtures and on generated tables (tests/engine). The typed table
(``ResourceOutcome.frame``) is handed on so later checks (governance, quality rules) need no second parse.

How it is fast: see :mod:`.csv` (reading), :mod:`.cast` (types), :mod:`.table` (checks), :mod:`.keys`
(unique/primary keys, also across blocks in the bounded-memory mode), and docs/engine.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from stadtdaten.core.dataset import Dataset, Resource
from stadtdaten.core.findings import Severity
from stadtdaten.core.reading.types import Dialect, EncodingGuess
from stadtdaten.core.report import Finding, Location, ResourceStats
from stadtdaten.quality.engine import codes as codes  # registers the finding types
from stadtdaten.quality.engine.foreign import foreign_key_errors
from stadtdaten.quality.engine.run import TableRun, run_resource, to_findings
from stadtdaten.schemas.model import SCHEMA_ERROR, TableSchema

__all__ = ["EngineOptions", "ResourceOutcome", "resolve_schema", "validate_dataset", "validate_resource"]


@dataclass
class EngineOptions:
    max_findings: int | None = 1000
    """Findings listed per resource; more are counted in ``ResourceOutcome.omitted``. None: all."""
    chunk_rows: int | None = None
    """Bounded-memory mode: read about this many rows at a time (no ``frame`` is kept)."""
    encoding: EncodingGuess | None = None
    """Overrides the descriptor's encoding and detection (for single-resource calls)."""
    dialect: Dialect | None = None
    """Overrides the descriptor's dialect and sniffing (for single-resource calls)."""
    keep_frame: bool = True


@dataclass
class ResourceOutcome:
    resource: str
    findings: list[Finding]
    omitted: dict[str, int]
    stats: ResourceStats
    schema: TableSchema | None
    frame: pl.DataFrame | None = None
    """The typed table: one column per field (cast values, invalid cells null) and ``_row`` (row in the file)."""
    extras: dict[str, Any] = field(default_factory=dict)


DEFAULT_OPTIONS = EngineOptions()


def validate_resource(
    resource: Resource, *, schema: TableSchema | None = None, options: EngineOptions = DEFAULT_OPTIONS
) -> ResourceOutcome:
    """Validate one resource (foreign keys only within itself)."""
    if schema is None:
        schema, problems = resolve_schema(resource, resource.basepath)
    else:
        problems = []
    runs = _run_all([(resource, schema, problems)], options)
    return runs[0]


def validate_dataset(dataset: Dataset, options: EngineOptions = DEFAULT_OPTIONS) -> list[ResourceOutcome]:
    """Validate every tabular resource of ``dataset``, including foreign keys between them."""
    items = []
    for resource in dataset.tabular_resources():
        schema, problems = resolve_schema(resource, dataset.basepath)
        items.append((resource, schema, problems))
    return _run_all(items, options, dataset)


def resolve_schema(resource: Resource, basepath: Path) -> tuple[TableSchema | None, list[Finding]]:
    """The resource's Table Schema: inline, a file relative to the dataset, or ``library:<name>@<version>``."""
    value = resource.schema_descriptor
    where = resource.path or resource.name
    if value is None:
        return None, []
    if isinstance(value, dict):
        return TableSchema.from_descriptor(value, path=where, resource=resource.name), []
    ref = str(value)
    if ref.startswith("library:"):
        try:
            from stadtdaten.schemas.library import load_schema
        except ImportError:
            return None, [_schema_problem(resource, f'the schema library is not available to resolve "{ref}"')]
        try:
            loaded: Any = load_schema(ref)
        except Exception as exc:  # unknown name/version: a finding, not a traceback
            return None, [_schema_problem(resource, f'cannot load "{ref}" from the schema library: {exc}')]
        if isinstance(loaded, TableSchema):
            return loaded, []
        return TableSchema.from_descriptor(loaded, path=where, resource=resource.name), []
    if "://" in ref:
        return None, [
            _schema_problem(resource, f'remote schemas are not fetched ("{ref}"); store the schema next to the descriptor')
        ]
    path = (basepath / ref).resolve()
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except FileNotFoundError:
        return None, [_schema_problem(resource, f'the schema file "{ref}" does not exist')]
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        return None, [_schema_problem(resource, f'the schema file "{ref}" cannot be read: {exc}')]
    return TableSchema.from_descriptor(data, path=str(ref), resource=resource.name), []


def _schema_problem(resource: Resource, note: str) -> Finding:
    return Finding(
        code=SCHEMA_ERROR.code,
        severity=Severity.ERROR,
        location=Location(path=resource.path, resource=resource.name, pointer="/schema"),
        params={"pointer": "/schema", "note": note},
    )


def _run_all(
    items: list[tuple[Resource, TableSchema | None, list[Finding]]], options: EngineOptions, dataset: Dataset | None = None
) -> list[ResourceOutcome]:
    fk_columns: dict[str, set[str]] = {}
    names = {resource.name for resource, _, _ in items}
    for resource, schema, _ in items:
        for fk in schema.foreign_keys if schema else []:
            target = fk.resource or resource.name
            fk_columns.setdefault(resource.name, set()).update(fk.fields)
            fk_columns.setdefault(target, set()).update(fk.reference_fields)
    runs: list[TableRun] = []
    for resource, schema, problems in items:
        run = run_resource(
            resource,
            schema,
            encoding=options.encoding,
            dialect=options.dialect,
            chunk_rows=options.chunk_rows,
            fk_columns=fk_columns.get(resource.name, set()),
        )
        run.findings[:0] = problems
        runs.append(run)
    by_name = {run.name: run for run in runs}
    for run in runs:
        for fk in run.schema.foreign_keys if run.schema else []:
            target_name = fk.resource or run.name
            referenced = by_name.get(target_name)
            if referenced is None:
                note = f'the foreign key on {", ".join(fk.fields)} refers to resource "{target_name}", which does not exist'
                if dataset is None and target_name not in names:
                    note += " (foreign keys to other resources are checked by validate_dataset)"
                run.findings.append(
                    Finding(
                        code=SCHEMA_ERROR.code,
                        severity=Severity.ERROR,
                        location=Location(path=run.path, resource=run.name, pointer="/schema/foreignKeys"),
                        params={"pointer": "/schema/foreignKeys", "note": note},
                    )
                )
                continue
            errors = foreign_key_errors(run, fk, referenced)
            if errors is not None and not errors.is_empty():
                run.errors.append(errors)
    outcomes = []
    for run in runs:
        findings, omitted = to_findings(run, options.max_findings)
        frame = None
        if options.keep_frame and run.typed is not None and not options.chunk_rows:
            frame = run.typed.select([c for c in run.typed.columns if not c.startswith("__")])
        assert run.stats is not None
        outcomes.append(
            ResourceOutcome(
                resource=run.name, findings=findings, omitted=omitted, stats=run.stats, schema=run.schema, frame=frame
            )
        )
        run.typed = None
        run.keys = None
    return outcomes
