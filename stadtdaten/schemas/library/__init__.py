"""The library of reusable municipal Table Schemas, referenced as ``library:<name>@<version>``.

Modelled on schema.data.gouv.fr: one schema per file with a ``name`` and a semantic ``version``, so a
descriptor pins what it was checked against and a new version never changes old results. A file is
``<name>-<version>.yaml`` in this package; its content is a Table Schema plus ``name``, ``version``,
``title``, ``description`` and ``keywords``. Field properties beyond Table Schema (``unit``, ``crs``,
``disclosure: count``, ``totalValue``) are read by the quality and governance checks.

``load_schema("baumkataster")`` gives the latest version, ``load_schema("library:baumkataster@1.0.0")``
an exact one; an unknown reference raises :class:`UnknownSchemaError` naming what is available.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from stadtdaten.core.errors import UsageError

PREFIX = "library:"
_REF = re.compile(r"^(?:library:)?(?P<name>[a-z0-9][a-z0-9-]*)(?:@(?P<version>[0-9A-Za-z.+-]+))?$")


class UnknownSchemaError(UsageError):
    code = "unknown-schema"
    template = "Unknown schema '{ref}'. Available: {available}"
    hint = "Run `stadtdaten schemas list`; reference a schema as library:<name>@<version> or by its name (latest version)."


@dataclass(frozen=True)
class SchemaInfo:
    name: str
    version: str
    title: str
    description: str
    fields: int
    keywords: tuple[str, ...] = ()

    @property
    def ref(self) -> str:
        return f"{PREFIX}{self.name}@{self.version}"


def version_key(version: str) -> tuple[tuple[int, str], ...]:
    """Semantic-version order: ``1.10.0`` after ``1.9.0``; pre-release parts sort by text."""
    return tuple((int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"[.+-]", version))


@cache
def _catalog() -> dict[tuple[str, str], dict[str, Any]]:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for entry in resources.files(__name__).iterdir():
        if not entry.name.endswith((".yaml", ".yml")):
            continue
        data = yaml.safe_load(entry.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or "name" not in data or "version" not in data or "fields" not in data:
            raise ValueError(f"library schema {entry.name} needs name, version and fields")
        found[(str(data["name"]), str(data["version"]))] = data
    return found


def list_schemas() -> list[SchemaInfo]:
    """Every schema version in the library, by name, newest version first."""
    infos = [
        SchemaInfo(
            name=name,
            version=version,
            title=str(data.get("title", "")),
            description=" ".join(str(data.get("description", "")).split()),
            fields=len(data.get("fields", [])),
            keywords=tuple(str(k) for k in data.get("keywords", [])),
        )
        for (name, version), data in _catalog().items()
    ]
    infos.sort(key=lambda i: version_key(i.version), reverse=True)
    infos.sort(key=lambda i: i.name)
    return infos


def is_library_ref(value: object) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def resolve(ref: str) -> tuple[str, str]:
    """``library:name@1.0.0`` / ``name@1.0.0`` / ``name`` -> (name, exact version)."""
    match = _REF.match(ref.strip())
    catalog = _catalog()
    available = ", ".join(sorted({f"{n}@{v}" for n, v in catalog})) or "(none)"
    if not match:
        raise UnknownSchemaError(ref=ref, available=available)
    name, version = match.group("name"), match.group("version")
    versions = sorted((v for n, v in catalog if n == name), key=version_key)
    if not versions or (version is not None and version not in versions):
        raise UnknownSchemaError(ref=ref, available=available)
    return name, version or versions[-1]


def load_schema(ref: str) -> dict[str, Any]:
    """The Table Schema (a fresh copy) for a library reference or a bare name (latest version)."""
    name, version = resolve(ref)
    return copy.deepcopy(_catalog()[(name, version)])


__all__ = ["PREFIX", "SchemaInfo", "UnknownSchemaError", "is_library_ref", "list_schemas", "load_schema", "resolve"]
