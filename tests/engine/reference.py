"""Run frictionless (the reference) and the engine on the same file, schema, dialect and encoding.

Used by the differential tests: both sides see exactly the same inputs (frictionless's detected dialect
and encoding, and its inferred schema when the test gives none), so any difference is the engine's.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from stadtdaten.core.dataset import Resource
from stadtdaten.core.reading.types import Dialect, EncodingGuess
from stadtdaten.quality.engine import EngineOptions, ResourceOutcome, validate_resource
from stadtdaten.schemas.model import TableSchema

Triple = tuple[int | None, str | None, str]


def frictionless_run(
    path: Path, schema: dict[str, Any] | None = None, dialect: dict[str, Any] | None = None, encoding: str | None = None
) -> tuple[set[Triple], dict[str, Any], Dialect, str]:
    """frictionless's (row, field, code) set with the error limit lifted, and what it used to read the file."""
    import frictionless

    kwargs: dict[str, Any] = {}
    if schema is not None:
        kwargs["schema"] = frictionless.Schema.from_descriptor(schema)
    if dialect is not None:
        kwargs["dialect"] = frictionless.Dialect.from_descriptor(dialect)
    if encoding is not None:
        kwargs["encoding"] = encoding
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        resource = frictionless.Resource(path=path.name, basepath=str(path.parent), **kwargs)
        report = resource.validate(limit_errors=10**9)
    errors = report.tasks[0].errors if report.tasks else report.errors
    found = {(_row(e), _field(e), e.type) for e in errors}
    used_schema = resource.schema.to_descriptor() if resource.schema else {"fields": []}
    control = resource.dialect.get_control("csv") if resource.dialect.has_control("csv") else None
    ours = Dialect(
        delimiter=getattr(control, "delimiter", ",") or ",",
        quote_char=getattr(control, "quote_char", '"'),
        double_quote=getattr(control, "double_quote", True),
        escape_char=getattr(control, "escape_char", None),
        skip_initial_space=bool(getattr(control, "skip_initial_space", False)),
        header=resource.dialect.header,
        header_rows=tuple(resource.dialect.header_rows),
        comment_char=resource.dialect.comment_char,
    )
    return found, used_schema, ours, resource.encoding or "utf-8"


def _row(error: Any) -> int | None:
    return getattr(error, "row_number", None)


def _field(error: Any) -> str | None:
    name = getattr(error, "field_name", None)
    return name or None


def engine_run(path: Path, schema: dict[str, Any] | None, dialect: Dialect, encoding: str, **options: Any) -> ResourceOutcome:
    resource = Resource({"name": "data", "path": path.name}, path.parent)
    parsed = TableSchema.from_descriptor(schema) if schema is not None else None
    return validate_resource(
        resource,
        schema=parsed,
        options=EngineOptions(max_findings=None, dialect=dialect, encoding=EncodingGuess(encoding), **options),
    )


def engine_set(outcome: ResourceOutcome) -> set[Triple]:
    return {(f.location.row, f.location.field or None, f.code) for f in outcome.findings}
