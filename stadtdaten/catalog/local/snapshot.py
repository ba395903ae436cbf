"""What a dataset looks like to the catalogue: read from disk once, before any lock is taken.

Hashing files and resolving schema files is I/O; doing it outside the write transaction keeps the lock
short, so concurrent runs wait for each other only for the milliseconds of the actual write.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from stadtdaten.core.dataset import Dataset, Resource


@dataclass(frozen=True)
class ResourceSnapshot:
    name: str
    path: str | None
    format: str | None
    bytes: int | None
    hash: str | None
    schema: dict[str, Any] | None
    schema_ref: str | None
    local: bool
    """A file on disk (its hash enters the content hash), not remote or inline data."""


@dataclass(frozen=True)
class DatasetSnapshot:
    name: str
    title: str | None
    description: str | None
    descriptor: dict[str, Any]
    source_path: str | None
    content_hash: str
    resources: tuple[ResourceSnapshot, ...]

    @property
    def descriptor_json(self) -> str:
        return json.dumps(self.descriptor, ensure_ascii=False, sort_keys=True, default=str)


def snapshot(dataset: Dataset) -> DatasetSnapshot:
    resources = tuple(_resource(r) for r in dataset.resources)
    # Same recipe as Dataset.content_hash(), reusing the file hashes instead of reading every file twice
    # (tests/catalog/test_store.py keeps the two in step).
    digest = hashlib.sha256()
    digest.update(json.dumps(dataset.descriptor, sort_keys=True, ensure_ascii=False, default=str).encode())
    for resource in resources:
        digest.update(((resource.hash if resource.local else None) or "").encode())
    description = dataset.descriptor.get("description")
    if dataset.source is not None:
        source: Path | None = dataset.source.resolve()
    else:
        source = dataset.basepath.resolve() if dataset.basepath else None
    return DatasetSnapshot(
        name=dataset.name,
        title=dataset.title,
        description=str(description) if description else None,
        descriptor=dataset.descriptor,
        source_path=str(source) if source else None,
        content_hash="sha256:" + digest.hexdigest(),
        resources=resources,
    )


def _resource(resource: Resource) -> ResourceSnapshot:
    declared = resource.descriptor.get("bytes")
    size = declared if isinstance(declared, int) else None
    full = resource.fullpath  # resolve() once: it is a syscall per path component
    digest = None
    if full is not None and full.is_file():
        size = full.stat().st_size if size is None else size
        with full.open("rb") as handle:  # the recipe of Resource.file_hash()
            digest = "sha256:" + hashlib.file_digest(handle, "sha256").hexdigest()
    schema, ref = _schema(resource)
    return ResourceSnapshot(
        name=resource.name,
        path=resource.path,
        format=resource.format or None,
        bytes=size,
        hash=digest if full is not None else _declared_hash(resource),
        schema=schema,
        schema_ref=ref,
        local=full is not None,
    )


def _declared_hash(resource: Resource) -> str | None:
    value = resource.descriptor.get("hash")
    return str(value) if value else None


def _schema(resource: Resource) -> tuple[dict[str, Any] | None, str | None]:
    """Inline schemas as they are; a schema file next to the dataset is read so its columns are searchable.

    Library references (``library:name@version``) and URLs stay references: the catalogue never fetches.
    """
    value = resource.schema_descriptor
    if isinstance(value, dict):
        return value, None
    if not isinstance(value, str):
        return None, None
    if "://" in value or value.startswith("library:"):
        return None, value
    path = (resource.basepath / value).resolve()
    try:
        text = path.read_text(encoding="utf-8-sig")
        loaded = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError):
        return None, value  # the validator reports an unreadable schema; the catalogue just keeps the name
    return (loaded if isinstance(loaded, dict) else None), value
