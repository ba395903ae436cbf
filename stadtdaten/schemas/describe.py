"""Describe data files: write or complete ``datapackage.yaml`` from what the files show and the project config.

``describe_path`` is what ``stadtdaten describe`` and the pipeline's describe stage run. Per data file it
detects the encoding and CSV dialect, reads a sample (CSV, XLSX, JSON, GeoJSON, Parquet), infers a Table
Schema with the chosen preset and builds a resource; the dataset gets the metadata defaults of the project
config (publisher, contact point, spatial coverage, language, access rights). What cannot be known from
the files is *not invented*: the licence is a ``TODO`` marker that validation flags, and title,
description, keywords and themes are listed as undecided.

An existing descriptor is only completed: missing keys are filled, present ones are kept (and reported as
skipped) unless ``force``; ``schema``, ``dialect`` and ``licenses`` are replaced as a whole or not at all.
With ruamel.yaml installed, comments and key order of a hand-written YAML descriptor survive the update.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from stadtdaten.core.config import ProjectConfig
from stadtdaten.core.dataset import DESCRIPTOR_NAMES, TABULAR_FORMATS, find_descriptor, read_descriptor, slugify
from stadtdaten.core.errors import InputError, StadtdatenError, UsageError
from stadtdaten.core.files import atomic_write
from stadtdaten.core.i18n import Translator, get_translator
from stadtdaten.core.reading.sample import CSV_FORMATS, JSON_FORMATS, XLSX_FORMATS, read_csv_sample, read_sample
from stadtdaten.core.reading.sniff import SniffedDialect, detect_encoding, sniff_dialect
from stadtdaten.core.reading.types import EncodingGuess, Rows
from stadtdaten.schemas.infer import infer_schema
from stadtdaten.schemas.presets import get_preset

LICENSE_TODO = "TODO"
ATOMIC_KEYS = {"schema", "dialect", "licenses", "fields", "keywords", "language", "themes"}
DERIVED_KEYS = {"bytes", "hash"}
"""Facts about the file, not content a person wrote: always refreshed, so a changed file never keeps a stale hash."""
MEDIATYPES = {
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "txt": "text/plain",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12",
    "json": "application/json",
    "geojson": "application/geo+json",
    "ndjson": "application/x-ndjson",
    "jsonl": "application/x-ndjson",
    "parquet": "application/vnd.apache.parquet",
}
_SKIP_DIRS = {".git", ".stadtdaten", "node_modules", "__pycache__", "_build", ".venv"}
_CTX = "describe"


class NoDataFilesError(UsageError):
    code = "no-data-files"
    template = "{path} contains no data files (CSV, XLSX, JSON, GeoJSON, Parquet)"
    hint = "Name a data file or a folder that holds one."


@dataclass
class ResourceReport:
    """What was detected for one file, and what could not be decided."""

    path: str
    name: str
    format: str
    encoding: EncodingGuess | None = None
    dialect: SniffedDialect | None = None
    schema: dict[str, Any] | None = None
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    sampled_rows: int = 0
    total_rows: int | None = None
    error: StadtdatenError | None = None


@dataclass
class DescribeResult:
    descriptor_path: Path
    descriptor: dict[str, Any]
    created: bool
    written: bool = False
    filled: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    undecided: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    resources: list[ResourceReport] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[ResourceReport]:
        return [r for r in self.resources if r.error is not None]


# ---------------------------------------------------------------------------------------------- finding files


def looks_like_descriptor(path: Path) -> bool:
    """Frictionless descriptors and schemas next to the data are not data (``datapackage.json``, ``schema.json``)."""
    name = path.name.lower()
    if name in DESCRIPTOR_NAMES or name.endswith((".package.json", ".package.yaml", ".schema.json", "-table-schema.json")):
        return True
    if path.suffix.lower() != ".json" or path.stat().st_size > 5_000_000:
        return False
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (ValueError, OSError):
        return False
    if not isinstance(data, dict):
        return False
    keys = set(data)
    return bool(
        {"resources", "fields"} & keys
        or ("path" in keys and ("schema" in keys or "dialect" in keys))
        or ("$schema" in keys and "properties" in keys)
        or "$ref" in keys
    )


def data_files(folder: Path) -> tuple[list[Path], list[Path]]:
    """Data files below ``folder`` (hidden and tool folders skipped) and the files ignored as not tabular."""
    found: list[Path] = []
    ignored: list[Path] = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") or part in _SKIP_DIRS for part in relative.parts[:-1]) or not path.is_file():
            continue
        if path.name.startswith("."):
            continue
        fmt = path.suffix.lstrip(".").lower()
        if fmt == "txt":  # README.txt and notes are not tables; name a .txt table explicitly to describe it
            ignored.append(path)
        elif fmt in TABULAR_FORMATS and not looks_like_descriptor(path):
            found.append(path)
        elif fmt not in ("yaml", "yml", "md", "toml") and not looks_like_descriptor(path):
            ignored.append(path)
    return found, ignored


# ---------------------------------------------------------------------------------------------- one resource


def describe_file(
    path: Path,
    base: Path,
    *,
    preset: str = "de",
    sheet: str | None = None,
    sample_rows: int | None = None,
    translator: Translator | None = None,
) -> tuple[dict[str, Any], ResourceReport]:
    """A resource descriptor for one data file (path relative to ``base``) and what was detected."""
    chosen = get_preset(preset)
    rows_wanted = sample_rows or chosen.sample_rows
    relative = _relative(path, base)
    fmt = path.suffix.lstrip(".").lower()
    report = ResourceReport(path=relative, name=slugify(path.stem), format=fmt)
    resource: dict[str, Any] = {"name": report.name, "path": relative, "profile": "tabular-data-resource", "format": fmt}
    if fmt in MEDIATYPES:
        resource["mediatype"] = MEDIATYPES[fmt]
    resource.update(file_facts(path))
    if sheet and fmt not in XLSX_FORMATS:
        raise UsageError(f"--sheet applies to XLSX files only, not to {relative}", path=str(path))
    rows: Rows
    if fmt in CSV_FORMATS:
        encoding = detect_encoding(path, translator=translator)
        dialect = sniff_dialect(path, encoding, translator=translator)
        report.encoding, report.dialect, report.total_rows = encoding, dialect, dialect.total_rows
        resource["encoding"] = encoding.encoding
        described = dialect.to_descriptor()
        if described:
            resource["dialect"] = described
        rows = read_csv_sample(path, encoding, dialect, rows_wanted)
    else:
        rows = read_sample(path, n=rows_wanted, sheet=sheet)
        if fmt in JSON_FORMATS:
            resource["encoding"] = "utf-8"
        if fmt in XLSX_FORMATS:
            if sheet:
                resource["sheet"] = sheet
            header_rows = _xlsx_header_rows(rows)
            if header_rows != [1]:
                resource["dialect"] = {"headerRows": header_rows}
    report.notes.extend(rows.notes)
    result = infer_schema(rows, chosen, rows_wanted)
    schema = result.schema
    if fmt == "geojson":
        for spec in schema["fields"]:
            if spec["name"] == "geometry":
                spec.clear()
                spec.update(name="geometry", type="geojson")
    resource["schema"] = schema
    report.schema = schema
    report.sampled_rows = result.sampled_rows
    report.notes.extend(result.notes)
    return resource, report


def file_facts(path: Path) -> dict[str, Any]:
    """``bytes`` and ``hash`` (``sha256:<hex>``, as DCAT's spdx:checksum and DS-SEC-003 expect)."""
    digest = hashlib.sha256()
    size = 0
    try:
        with path.open("rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
                size += len(block)
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), path=str(path)) from exc
    return {"bytes": size, "hash": "sha256:" + digest.hexdigest()}


def _xlsx_header_rows(rows: Rows) -> list[int]:
    if not rows.row_numbers:
        return [1]
    first = rows.row_numbers[0]
    data_start = rows.row_numbers[1] if len(rows.row_numbers) > 1 else first + 1
    return list(range(first, max(data_start, first + 1)))


def _relative(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        import os

        return Path(os.path.relpath(path.resolve(), base.resolve())).as_posix()


# ---------------------------------------------------------------------------------------------- the dataset


def dataset_defaults(name: str, config: ProjectConfig, translator: Translator | None = None) -> dict[str, Any]:
    """Metadata a Bielefeld dataset gets from the project config; the licence is left as a TODO marker."""
    t = translator or get_translator("en")
    dcat: dict[str, Any] = {"publisher": dict(config.publisher)}
    if config.contact_point:
        dcat["contact_point"] = dict(config.contact_point)
    dcat["spatial"] = {"geocoding": config.geocoding, "level": config.geocoding_level, "label": config.geocoding_label}
    dcat["language"] = [(config.language or "DEU").upper()]
    dcat["access_rights"] = "PUBLIC"
    return {
        "name": name,
        "licenses": [
            {
                "name": LICENSE_TODO,
                "title": t.pgettext(
                    _CTX, "TODO: choose the licence from the dcat-ap.de list, e.g. dl-by-de/2.0, dl-zero-de/2.0 or cc-by/4.0"
                ),
            }
        ],
        "dcat": dcat,
    }


def describe_path(
    path: Path,
    config: ProjectConfig,
    *,
    output: Path | None = None,
    force: bool = False,
    preset: str = "de",
    sheet: str | None = None,
    sample_rows: int | None = None,
    write: bool = True,
    translator: Translator | None = None,
) -> DescribeResult:
    """Describe a data file or a folder of data files and write (or complete) the descriptor.

    Raises :class:`InputError` for a file that cannot be read (exit 3) and :class:`UsageError` for a
    folder without data or an unsupported file (exit 2). In a folder, an unreadable file is reported in
    its :class:`ResourceReport` and the others are still described.
    """
    path = Path(path)
    if not path.exists():
        raise InputError("no such file or folder", path=str(path))
    get_preset(preset)  # an unknown preset is a usage error before any work
    single = path.is_file() and path.name not in DESCRIPTOR_NAMES
    folder = path.parent if path.is_file() else path
    descriptor_path = output or (path if path.is_file() and path.name in DESCRIPTOR_NAMES else None)
    descriptor_path = descriptor_path or find_descriptor(folder) or folder / "datapackage.yaml"
    base = descriptor_path.parent
    existing: dict[str, Any] | None = read_descriptor(descriptor_path) if descriptor_path.is_file() else None
    ignored: list[Path] = []
    if single:
        fmt = path.suffix.lstrip(".").lower()
        if fmt not in TABULAR_FORMATS:
            from stadtdaten.core.reading.sample import UnsupportedFormatError

            raise UnsupportedFormatError(path=str(path), format=fmt or "?")
        files = [path]
    else:
        files, ignored = data_files(folder)
        if not files and not (existing and existing.get("resources")):
            raise NoDataFilesError(path=str(folder))
    name = slugify(path.stem if single else folder.resolve().name)
    generated = dataset_defaults(str(existing.get("name")) if existing and existing.get("name") else name, config, translator)
    result = DescribeResult(descriptor_path=descriptor_path, descriptor={}, created=existing is None)
    result.ignored = [_relative(p, base) for p in ignored]
    existing_resources = {str(r.get("path")): r for r in (existing or {}).get("resources", []) if isinstance(r, dict)}
    resources: list[dict[str, Any]] = []
    used_names = {str(r.get("name")) for r in existing_resources.values()}
    for file in files:
        relative = _relative(file, base)
        old = existing_resources.get(relative)
        if old is not None and not force and isinstance(old.get("schema"), dict | str) and old.get("schema"):
            # described before: nothing to infer (its schema stays); only the file facts are refreshed
            result.resources.append(ResourceReport(path=relative, name=str(old.get("name", "")), format=file.suffix.lstrip(".")))
            try:
                resources.append({"path": relative, **file_facts(file)})
            except InputError as exc:
                result.resources[-1].error = exc
            continue
        try:
            resource, report = describe_file(
                file, base, preset=preset, sheet=sheet, sample_rows=sample_rows, translator=translator
            )
        except InputError as exc:
            if single:
                raise
            result.resources.append(
                ResourceReport(path=relative, name=slugify(file.stem), format=file.suffix.lstrip("."), error=exc)
            )
            continue
        if old is None:
            resource["name"] = _unique_name(resource["name"], file, used_names)
            used_names.add(resource["name"])
        else:
            resource["name"] = old.get("name", resource["name"])
        report.name = resource["name"]
        resources.append(resource)
        result.resources.append(report)
    generated["resources"] = resources
    merged = _merge_descriptor(existing, generated, force, result)
    result.descriptor = merged
    _undecided(merged, result)
    if write and (result.created or result.filled or result.replaced):
        _write(descriptor_path, merged, existing is not None)
        result.written = True
    return result


def describe_folder(folder: Path, config: ProjectConfig, **options: Any) -> DescribeResult:
    """The pipeline's describe stage: :func:`describe_path` on a dataset folder."""
    return describe_path(Path(folder), config, **options)


def _unique_name(name: str, file: Path, used: set[str]) -> str:
    if name not in used:
        return name
    candidate = f"{name}-{file.suffix.lstrip('.').lower()}"
    counter = 2
    while candidate in used:
        candidate = f"{name}-{counter}"
        counter += 1
    return candidate


# ---------------------------------------------------------------------------------------------- merging


def _merge_descriptor(
    existing: dict[str, Any] | None, generated: dict[str, Any], force: bool, result: DescribeResult
) -> dict[str, Any]:
    if existing is None:
        ordered = {"name": generated["name"], **{k: v for k, v in generated.items() if k not in ("name", "resources")}}
        ordered["resources"] = generated["resources"]
        return ordered
    merged = dict(existing)
    for key, value in generated.items():
        if key == "resources":
            continue
        _merge_key(merged, key, value, f"/{key}", force, result)
    resources = [dict(r) if isinstance(r, dict) else r for r in (existing.get("resources") or [])]
    by_path = {str(r.get("path")): i for i, r in enumerate(resources) if isinstance(r, dict)}
    for resource in generated["resources"]:
        index = by_path.get(str(resource.get("path")))
        if index is None:
            resources.append(resource)
            result.filled.append(f"/resources/{len(resources) - 1}")
            continue
        target = resources[index]
        for key, value in resource.items():
            _merge_key(target, key, value, f"/resources/{index}/{key}", force, result)
    merged["resources"] = resources
    return merged


def _merge_key(target: dict[str, Any], key: str, value: Any, pointer: str, force: bool, result: DescribeResult) -> None:
    if key in DERIVED_KEYS and key in target and not _same(target[key], value):
        target[key] = value
        result.replaced.append(pointer)
        return
    if key not in target or target[key] in (None, "", [], {}):
        target[key] = value
        result.filled.append(pointer)
        return
    current = target[key]
    if isinstance(current, dict) and isinstance(value, dict) and key not in ATOMIC_KEYS:
        copy = dict(current)
        for inner_key, inner_value in value.items():
            _merge_key(copy, inner_key, inner_value, f"{pointer}/{inner_key}", force, result)
        target[key] = copy
        return
    if _same(current, value):
        return
    if force:
        target[key] = value
        result.replaced.append(pointer)
    else:
        result.skipped.append(pointer)


def _same(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str)


def _undecided(descriptor: dict[str, Any], result: DescribeResult) -> None:
    licenses = descriptor.get("licenses") or []
    if not licenses or any(isinstance(x, dict) and x.get("name") == LICENSE_TODO for x in licenses):
        result.undecided.append(("license", {}))
    for key in ("title", "description", "keywords"):
        if not descriptor.get(key):
            result.undecided.append((key, {}))
    dcat = descriptor.get("dcat") if isinstance(descriptor.get("dcat"), dict) else {}
    assert isinstance(dcat, dict)
    if not dcat.get("contact_point"):
        result.undecided.append(("contact_point", {}))
    for key in ("themes", "temporal", "accrual_periodicity"):
        if not dcat.get(key):
            result.undecided.append((key, {}))


# ---------------------------------------------------------------------------------------------- writing


def render_descriptor(path: Path, descriptor: dict[str, Any], previous_text: str | None = None) -> str:
    """The descriptor as JSON or YAML (by suffix); YAML keeps the comments of ``previous_text`` if it can."""
    if path.suffix.lower() == ".json":
        return json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    if previous_text is not None:
        try:
            return _ruamel_update(previous_text, descriptor)
        except Exception:  # ruamel missing or a construct it cannot round-trip: plain YAML is still right
            pass
    return yaml.safe_dump(descriptor, sort_keys=False, allow_unicode=True, default_flow_style=False, width=120)


def _ruamel_update(previous_text: str, descriptor: dict[str, Any]) -> str:
    from ruamel.yaml import YAML

    handler = YAML()
    handler.preserve_quotes = True
    handler.width = 120
    document = handler.load(previous_text)
    _apply(document, descriptor)
    buffer = io.StringIO()
    handler.dump(document, buffer)
    return buffer.getvalue()


def _apply(document: Any, data: dict[str, Any]) -> None:
    """Update a ruamel mapping in place so that untouched keys keep their comments and order."""
    for key, value in data.items():
        current = document.get(key) if hasattr(document, "get") else None
        if key in ATOMIC_KEYS and current is not None and not _same(_plain(current), value):
            document[key] = value
        elif isinstance(value, dict) and hasattr(current, "items") and not _same(_plain(current), value):
            _apply(current, value)
        elif isinstance(value, list) and isinstance(current, list) and len(current) <= len(value) and key == "resources":
            for index, item in enumerate(value):
                if index < len(current) and isinstance(item, dict) and hasattr(current[index], "items"):
                    _apply(current[index], item)
                elif index >= len(current):
                    current.append(item)
        elif current is None or not _same(_plain(current), value):
            document[key] = value


def _plain(value: Any) -> Any:
    if hasattr(value, "items"):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _write(path: Path, descriptor: dict[str, Any], existed: bool) -> None:
    previous = path.read_text(encoding="utf-8-sig") if existed and path.suffix.lower() != ".json" else None
    atomic_write(path, render_descriptor(path, descriptor, previous))
