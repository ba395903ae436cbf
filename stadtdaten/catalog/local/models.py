"""What the catalogue hands out: plain, frozen records that serialise to JSON (``to_dict``)."""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from stadtdaten.core.dataset import Dataset
from stadtdaten.core.report import DatasetResult, Finding

Origin = Literal["local", "harvested"]
ORIGINS: tuple[str, ...] = ("local", "harvested")


@dataclass(frozen=True)
class ResourceEntry:
    """One resource as registered: where it is, how big, its hash and its Table Schema (resolved when local)."""

    name: str
    position: int
    path: str | None
    format: str | None
    bytes: int | None
    hash: str | None
    schema: dict[str, Any] | None = field(hash=False)
    schema_ref: str | None
    """The schema as the descriptor names it when it is not inline (a file path or ``library:name@version``)."""

    @property
    def fields(self) -> list[dict[str, Any]]:
        raw = self.schema.get("fields") if self.schema else None
        return [f for f in raw if isinstance(f, dict)] if isinstance(raw, list) else []

    @property
    def column_names(self) -> list[str]:
        return [str(f.get("name")) for f in self.fields if f.get("name") is not None]

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "path": self.path,
            "format": self.format,
            "bytes": self.bytes,
            "hash": self.hash,
            "schema": self.schema,
            "schema_ref": self.schema_ref,
        }


@dataclass(frozen=True)
class CatalogEntry:
    """A dataset as the catalogue knows it. ``changed`` tells whether the call that returned it wrote."""

    name: str
    title: str | None
    description: str | None
    origin: Origin
    source_path: str | None
    source_url: str | None
    content_hash: str
    descriptor: dict[str, Any] = field(hash=False)
    created: str
    updated: str
    revision: int
    resources: tuple[ResourceEntry, ...] = ()
    changed: bool = False

    @property
    def keywords(self) -> list[str]:
        value = self.descriptor.get("keywords")
        return [str(v) for v in value] if isinstance(value, list) else []

    def to_dataset(self) -> Dataset:
        """The dataset again, relative paths resolved against where its descriptor was registered from."""
        source = Path(self.source_path) if self.source_path else None
        if source is not None and source.suffix.lower() in (".yaml", ".yml", ".json"):
            return Dataset(self.descriptor, basepath=source.parent, source=source)
        return Dataset(self.descriptor, basepath=source or Path.cwd())

    def to_dict(self, *, descriptor: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "origin": self.origin,
            "source_path": self.source_path,
            "source_url": self.source_url,
            "content_hash": self.content_hash,
            "created": self.created,
            "updated": self.updated,
            "revision": self.revision,
            "keywords": self.keywords,
            "resources": [r.to_dict() for r in self.resources],
        }
        if descriptor:
            data["descriptor"] = self.descriptor
        return data


@dataclass(frozen=True)
class SearchHit:
    name: str
    title: str | None
    origin: str
    score: float
    """Points for where the words were found (higher is better); hits come sorted best first."""
    bm25: float | None
    """SQLite's bm25 (lower is better), the tie-breaker between equal scores; None where no tie needed it."""
    snippet: str | None
    """A few words around the first match, matches wrapped in the caller's markers."""
    title_marked: str | None
    matched: tuple[str, ...]
    """Where the words were found: title, description, keywords, columns, column_descriptions, name."""
    all_terms: bool = True
    """False when no dataset matched every word and the search fell back to any word."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "origin": self.origin,
            "score": round(self.score, 4),
            "bm25": round(self.bm25, 4) if self.bm25 is not None else None,
            "snippet": self.snippet,
            "title_marked": self.title_marked,
            "matched": list(self.matched),
            "all_terms": self.all_terms,
        }


def compress(data: Any) -> bytes:
    return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str).encode(), 6)


def decompress(blob: bytes) -> Any:
    return json.loads(zlib.decompress(blob).decode())


@dataclass(frozen=True)
class ReportRecord:
    """One dataset's result in one run, as stored in the history. The full result loads on demand."""

    id: int
    run_id: str
    command: str
    dataset: str
    timestamp: str
    result: str
    """passed, warning or failed: judged with the run's own ``--fail-on``."""
    errors: int
    warnings: int
    infos: int
    codes: dict[str, int] = field(hash=False)
    content_hash: str | None
    tool_version: str | None
    blob: bytes = field(repr=False, compare=False)

    @property
    def counts(self) -> dict[str, int]:
        return {"error": self.errors, "warning": self.warnings, "info": self.infos}

    @cached_property
    def dataset_result(self) -> DatasetResult:
        """The stored :class:`DatasetResult` (findings with codes and params: renders in any language)."""
        return DatasetResult.from_dict(decompress(self.blob))

    def to_dict(self, *, full: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "run_id": self.run_id,
            "command": self.command,
            "dataset": self.dataset,
            "timestamp": self.timestamp,
            "result": self.result,
            "counts": self.counts,
            "codes": self.codes,
            "content_hash": self.content_hash,
            "tool_version": self.tool_version,
        }
        if full:
            data["report"] = decompress(self.blob)
        return data


@dataclass(frozen=True)
class ReportTrend:
    """A dataset's latest result against its previous one for the same command (governance reports)."""

    dataset: str
    current: ReportRecord
    previous: ReportRecord | None

    @property
    def delta(self) -> dict[str, int]:
        """Change in findings per severity (positive: more findings than last time)."""
        before = self.previous.counts if self.previous else {"error": 0, "warning": 0, "info": 0}
        return {key: self.current.counts[key] - before[key] for key in self.current.counts}

    @property
    def direction(self) -> str:
        """``new`` (first run), ``better``, ``worse`` or ``same``: errors weigh before warnings."""
        if self.previous is None:
            return "new"
        now = (self.current.errors, self.current.warnings, self.current.infos)
        then = (self.previous.errors, self.previous.warnings, self.previous.infos)
        return "better" if now < then else "worse" if now > then else "same"

    @property
    def content_changed(self) -> bool:
        return self.previous is not None and self.previous.content_hash != self.current.content_hash

    @property
    def new_codes(self) -> list[str]:
        before = self.previous.codes if self.previous else {}
        return sorted(code for code in self.current.codes if code not in before)

    @property
    def resolved_codes(self) -> list[str]:
        now = self.current.codes
        return sorted(code for code in (self.previous.codes if self.previous else {}) if code not in now)

    def new_findings(self) -> list[Finding]:
        """Findings whose fingerprint (file, code, field, row key) the previous run did not have."""
        old = {f.fingerprint for f in self.previous.dataset_result.findings} if self.previous else set()
        return [f for f in self.current.dataset_result.findings if f.fingerprint not in old]

    def resolved_findings(self) -> list[Finding]:
        if self.previous is None:
            return []
        now = {f.fingerprint for f in self.current.dataset_result.findings}
        return [f for f in self.previous.dataset_result.findings if f.fingerprint not in now]

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "direction": self.direction,
            "delta": self.delta,
            "content_changed": self.content_changed,
            "new_codes": self.new_codes,
            "resolved_codes": self.resolved_codes,
            "current": self.current.to_dict(),
            "previous": self.previous.to_dict() if self.previous else None,
        }


@dataclass(frozen=True)
class StageState:
    """The last successful run of a stage for a dataset: the input hash it saw and what it produced."""

    dataset: str
    stage: str
    input_hash: str
    output: Any = field(hash=False)
    run_id: str | None
    updated: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "stage": self.stage,
            "input_hash": self.input_hash,
            "output": self.output,
            "run_id": self.run_id,
            "updated": self.updated,
        }


@dataclass(frozen=True)
class Extra:
    """A stored derived value (DCAT Turtle, MQA score ...) and the dataset content it was derived from."""

    dataset: str
    key: str
    value: Any = field(hash=False)
    dataset_hash: str | None
    updated: str
    current: bool
    """False when the dataset changed after the value was stored: the value may be stale."""
