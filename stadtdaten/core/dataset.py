"""The dataset: a Frictionless Data Package descriptor plus its resources, located on disk.

The descriptor dict stays the source of truth (so nothing a user wrote is lost on a round trip); typed
views over it (:mod:`stadtdaten.core.metadata`) serve the components that need DCAT or governance fields.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

import yaml

from stadtdaten.core.errors import DescriptorError, InputError
from stadtdaten.core.findings import Category, FindingType, Severity, register
from stadtdaten.core.metadata import DatasetMetadata
from stadtdaten.core.report import Finding, Location

# libyaml's safe loader where available: ten times faster on large inline schemas, same safety
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

DESCRIPTOR_NAMES = ("datapackage.yaml", "datapackage.yml", "datapackage.json")
TABULAR_FORMATS = {"csv", "tsv", "txt", "xlsx", "xls", "json", "geojson", "ndjson", "jsonl", "parquet"}

DESCRIPTOR_INVALID = register(
    FindingType(
        code="descriptor-invalid",
        title="Invalid descriptor",
        template="The descriptor is invalid at {pointer}: {detail}",
        hint="Correct the value at {pointer} in {path}; the expected form is: {expected}",
        category=Category.METADATA,
    )
)
RESOURCE_MISSING = register(
    FindingType(
        code="resource-missing",
        title="Resource file missing",
        template="The resource '{resource}' points to {path}, which does not exist",
        hint="Fix the 'path' of the resource or add the file.",
        category=Category.SOURCE,
    )
)


@dataclass
class Resource:
    """One resource of a dataset: a file (or inline data) with optional dialect and Table Schema."""

    descriptor: dict[str, Any]
    basepath: Path

    @property
    def name(self) -> str:
        return str(self.descriptor.get("name") or slugify(Path(str(self.descriptor.get("path", "data"))).stem))

    @property
    def path(self) -> str | None:
        value = self.descriptor.get("path")
        if isinstance(value, list):  # multipart resources: the first part names the resource
            value = value[0] if value else None
        return str(value) if value is not None else None

    @property
    def fullpath(self) -> Path | None:
        if self.path is None or "://" in self.path:
            return None
        return (self.basepath / self.path).resolve()

    @property
    def is_remote(self) -> bool:
        return self.path is not None and "://" in self.path

    @property
    def format(self) -> str:
        explicit = self.descriptor.get("format")
        if explicit:
            return str(explicit).lower()
        if self.path:
            return Path(self.path).suffix.lstrip(".").lower()
        return "json" if "data" in self.descriptor else ""

    @property
    def is_tabular(self) -> bool:
        return self.descriptor.get("profile") == "tabular-data-resource" or bool(self.schema_descriptor) or (
            self.format in TABULAR_FORMATS
        )

    @property
    def schema_descriptor(self) -> dict[str, Any] | str | None:
        """Inline schema dict, a path relative to the dataset, or ``library:<name>@<version>``."""
        value = self.descriptor.get("schema")
        return value if isinstance(value, dict | str) else None

    @property
    def dialect(self) -> dict[str, Any]:
        value = self.descriptor.get("dialect")
        return dict(value) if isinstance(value, dict) else {}

    @property
    def encoding(self) -> str | None:
        value = self.descriptor.get("encoding")
        return str(value) if value else None

    @property
    def title(self) -> str | None:
        value = self.descriptor.get("title")
        return str(value) if value else None

    def file_hash(self) -> str | None:
        """``sha256:<hex>`` of the file, or None for inline/remote/missing data."""
        path = self.fullpath
        if path is None or not path.is_file():
            return None
        with path.open("rb") as handle:
            return "sha256:" + hashlib.file_digest(handle, "sha256").hexdigest()


@dataclass
class Dataset:
    descriptor: dict[str, Any]
    basepath: Path
    source: Path | None = None
    """The descriptor file, or None for a dataset made on the fly from a bare data file."""
    resources: list[Resource] = field(init=False)

    def __post_init__(self) -> None:
        raw = self.descriptor.get("resources")
        items = raw if isinstance(raw, list) else []
        self.resources = [Resource(r, self.basepath) for r in items if isinstance(r, dict)]

    @property
    def name(self) -> str:
        value = self.descriptor.get("name")
        if isinstance(value, str) and value:
            return value
        return slugify(self.source.parent.name if self.source else self.basepath.name)

    @property
    def title(self) -> str | None:
        value = self.descriptor.get("title")
        return str(value) if value else None

    @cached_property
    def metadata(self) -> DatasetMetadata:
        return DatasetMetadata.from_descriptor(self.descriptor)

    def resource(self, name: str) -> Resource:
        for resource in self.resources:
            if resource.name == name:
                return resource
        raise KeyError(name)

    def tabular_resources(self) -> Iterator[Resource]:
        return (r for r in self.resources if r.is_tabular)

    def content_hash(self) -> str:
        """Hash of the descriptor and every local resource file: decides what a re-run must redo."""
        digest = hashlib.sha256()
        digest.update(json.dumps(self.descriptor, sort_keys=True, ensure_ascii=False, default=str).encode())
        for resource in self.resources:
            digest.update((resource.file_hash() or "").encode())
        return "sha256:" + digest.hexdigest()

    def display_path(self) -> str:
        return str(self.source or self.basepath)


def slugify(text: str) -> str:
    """A CKAN- and IRI-safe id: ``Stadtbäume Bielefeld`` -> ``stadtbaeume-bielefeld``."""
    text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = text.replace("Ä", "Ae").replace("Ö", "Oe").replace("Ü", "Ue")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "dataset"


def find_descriptor(directory: Path) -> Path | None:
    for name in DESCRIPTOR_NAMES:
        candidate = directory / name
        if candidate.is_file():
            return candidate
    return None


def read_descriptor(path: Path) -> dict[str, Any]:
    """Parse a YAML or JSON descriptor; syntax errors name the line and column."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InputError("file not found", path=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise DescriptorError(f"not UTF-8 ({exc.reason} at byte {exc.start})", path=str(path)) from exc
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), path=str(path)) from exc
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.load(text, Loader=_YAML_LOADER)
    except json.JSONDecodeError as exc:
        raise DescriptorError(f"JSON syntax error at line {exc.lineno}, column {exc.colno}: {exc.msg}", path=str(path)) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise DescriptorError(f"YAML syntax error{where}: {problem}", path=str(path)) from exc
    if not isinstance(data, dict):
        raise DescriptorError("the top level must be a mapping (name, title, resources, ...)", path=str(path))
    return _plain(data)


def _plain(value: Any) -> Any:
    """YAML turns ``2024-01-31`` into a date object; descriptors keep ISO strings (JSON-compatible)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def load_dataset(path: str | Path) -> Dataset:
    """A dataset from a folder with a descriptor, a descriptor file, or a bare data file.

    A bare data file becomes a one-resource dataset without metadata: validation then reports what is
    missing, and ``stadtdaten describe`` writes the descriptor.
    """
    target = Path(path)
    if not target.exists():
        raise InputError("no such file or folder", path=str(target))
    if target.is_dir():
        descriptor_path = find_descriptor(target)
        if descriptor_path is None:
            data_files = sorted(p for p in target.iterdir() if p.is_file() and p.suffix.lstrip(".").lower() in TABULAR_FORMATS)
            if not data_files:
                raise InputError(
                    "no datapackage.yaml/.json and no data files in this folder",
                    path=str(target),
                    hint="Run `stadtdaten describe` on the data file to create a descriptor.",
                )
            return Dataset(_bare_descriptor(target.name, data_files, target), basepath=target.resolve())
        return Dataset(read_descriptor(descriptor_path), basepath=descriptor_path.parent.resolve(), source=descriptor_path)
    if target.name in DESCRIPTOR_NAMES or target.name.endswith((".package.json", ".package.yaml")):
        return Dataset(read_descriptor(target), basepath=target.parent.resolve(), source=target)
    return Dataset(_bare_descriptor(target.stem, [target], target.parent), basepath=target.parent.resolve())


def _bare_descriptor(name: str, files: list[Path], base: Path) -> dict[str, Any]:
    return {
        "name": slugify(name),
        "resources": [{"name": slugify(f.stem), "path": str(f.relative_to(base))} for f in files],
    }


def find_datasets(root: str | Path) -> list[Path]:
    """Every folder below ``root`` (inclusive) that holds a descriptor, sorted; hidden folders skipped."""
    base = Path(root)
    found = []
    for name in DESCRIPTOR_NAMES:
        for candidate in base.rglob(name):
            if not any(part.startswith(".") for part in candidate.relative_to(base).parts[:-1]):
                found.append(candidate.parent)
    return sorted(set(found))


def descriptor_json_schema() -> dict[str, Any]:
    text = (importlib_resources.files("stadtdaten.core") / "descriptor.schema.json").read_text(encoding="utf-8")
    return dict(json.loads(text))


def validate_descriptor(dataset: Dataset) -> list[Finding]:
    """Check the descriptor against the shipped JSON Schema; every violation is a finding with a JSON pointer."""
    import jsonschema

    validator_cls = jsonschema.validators.validator_for(descriptor_json_schema())
    validator = validator_cls(descriptor_json_schema(), format_checker=validator_cls.FORMAT_CHECKER)
    path = dataset.display_path()
    findings = []
    for error in sorted(validator.iter_errors(dataset.descriptor), key=lambda e: list(e.absolute_path)):
        pointer = "/" + "/".join(str(p) for p in error.absolute_path)
        described = error.schema.get("description") if isinstance(error.schema, dict) else None
        # a short description says what is expected better than the raw constraint; a long one is noise
        expected = described if isinstance(described, str) and len(described) <= 120 else _expected(error)
        findings.append(
            Finding(
                code=DESCRIPTOR_INVALID.code,
                severity=Severity.ERROR,
                location=Location(path=path, pointer=pointer),
                params={"detail": error.message, "expected": expected, "pointer": pointer, "path": path},
            )
        )
    for resource in dataset.resources:
        full = resource.fullpath
        if full is not None and not full.exists():
            findings.append(
                Finding(
                    code=RESOURCE_MISSING.code,
                    severity=Severity.ERROR,
                    location=Location(path=resource.path, resource=resource.name),
                    params={"resource": resource.name, "path": resource.path},
                )
            )
    return findings


def _expected(error: Any) -> str:
    validator = error.validator
    value = error.validator_value
    if validator == "enum":
        return "one of " + ", ".join(map(str, value))
    if validator == "required":
        return "the properties " + ", ".join(map(str, value))
    if validator == "pattern":
        return f"text matching {value}"
    if validator == "type":
        return f"a value of type {value}"
    if validator == "format":
        return f"a valid {value}"
    return f"{validator}: {value}"
