"""The DataStore table of a tabular resource: its data dictionary from the Table Schema, and its rows.

CKAN's data dictionary keeps per-column ``info`` (``label``, ``notes``, and any further key): the
Table Schema ``title`` becomes ``label``, ``description`` becomes ``notes``, and the unit, the Table
Schema type and the constraints are kept beside them so a portal user sees what the validator saw.

Rows are converted here rather than left to PostgreSQL's casts, because the city's CSV files write
``1,5`` (decimalChar), ``ja``/``nein`` (trueValues) and ``31.12.2024`` (date formats). A value that does
not convert becomes NULL and is counted: validation, not publishing, is where bad values are reported.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from stadtdaten.core.dataset import Resource, read_descriptor

TYPE_MAP = {
    "string": "text",
    "integer": "int8",
    "number": "numeric",
    "boolean": "bool",
    "date": "date",
    "datetime": "timestamp",
    "time": "time",
    "year": "int4",
    "yearmonth": "text",
    "duration": "text",
    "geopoint": "text",
    "geojson": "json",
    "object": "json",
    "array": "json",
    "any": "text",
}
DATASTORE_FORMATS = {"csv", "tsv", "txt"}


def table_schema(resource: Resource) -> dict[str, Any] | None:
    """The resource's Table Schema as a dict: inline, a file beside the descriptor, or ``library:``."""
    value = resource.schema_descriptor
    if isinstance(value, dict):
        return value
    if not isinstance(value, str):
        return None
    if value.startswith("library:"):
        try:
            from stadtdaten.schemas.library import load_schema
        except ImportError:
            return None
        return load_schema(value)
    path = (resource.basepath / value).resolve()
    if not path.is_file():
        return None
    return read_descriptor(path)


def dictionary(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """DataStore ``fields`` with ``info`` from the Table Schema (type, title, description, unit)."""
    out = []
    for spec in schema.get("fields") or []:
        if not isinstance(spec, dict) or not spec.get("name"):
            continue
        kind = str(spec.get("type") or "string")
        info: dict[str, Any] = {"type_override": ""}
        if spec.get("title"):
            info["label"] = str(spec["title"])
        if spec.get("description"):
            info["notes"] = str(spec["description"])
        if spec.get("unit"):
            info["unit"] = str(spec["unit"])
        info["tableschema_type"] = kind
        if spec.get("format") and spec.get("format") != "default":
            info["tableschema_format"] = str(spec["format"])
        constraints = spec.get("constraints")
        if isinstance(constraints, dict) and constraints:
            info["constraints"] = json.dumps(constraints, ensure_ascii=False, sort_keys=True)
        out.append({"id": str(spec["name"]), "type": TYPE_MAP.get(kind, "text"), "info": info})
    return out


@dataclass
class LoadStats:
    rows: int = 0
    nulled: dict[str, int] = field(default_factory=dict)


class _Converter:
    def __init__(self, spec: dict[str, Any], missing: set[str]) -> None:
        self.name = str(spec["name"])
        self.kind = str(spec.get("type") or "string")
        self.format = str(spec.get("format") or "default")
        self.decimal = str(spec.get("decimalChar") or ".")
        self.group = str(spec.get("groupChar") or "")
        self.bare = spec.get("bareNumber", True)
        self.true = {str(v) for v in spec.get("trueValues") or ["true", "True", "TRUE", "1"]}
        self.false = {str(v) for v in spec.get("falseValues") or ["false", "False", "FALSE", "0"]}
        self.missing = missing | {str(v) for v in spec.get("missingValues") or []}

    def __call__(self, raw: str | None) -> tuple[Any, bool]:
        """``(value, ok)``; ``ok`` is False when a non-missing value could not be converted."""
        if raw is None or raw in self.missing:
            return None, True
        try:
            return self._convert(raw), True
        except (ValueError, TypeError, ArithmeticError):
            return None, False

    def _convert(self, raw: str) -> Any:
        kind = self.kind
        if kind in ("integer", "year"):
            text = raw.strip().replace(self.group, "") if self.group else raw.strip()
            return int(text)
        if kind == "number":
            text = raw.strip()
            if self.group:
                text = text.replace(self.group, "")
            if self.decimal != ".":
                text = text.replace(self.decimal, ".")
            if not self.bare:
                text = "".join(c for c in text if c.isdigit() or c in ".-+eE")
            float(text)  # validates; the text goes to numeric exactly as written
            return text
        if kind == "boolean":
            if raw in self.true:
                return True
            if raw in self.false:
                return False
            raise ValueError(raw)
        if kind in ("date", "datetime", "time"):
            return self._temporal(raw.strip())
        if kind in ("object", "array", "geojson"):
            return json.loads(raw)
        return raw

    def _temporal(self, text: str) -> str:
        if self.format not in ("default", "any") and "%" in self.format:
            value = datetime.strptime(text, self.format)
            if self.kind == "date":
                return value.date().isoformat()
            if self.kind == "time":
                return value.time().isoformat()
            return value.isoformat()
        if self.kind == "date":
            return datetime.fromisoformat(text).date().isoformat()
        if self.kind == "datetime":
            return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
        datetime.strptime(text[:8], "%H:%M:%S")
        return text


def records(resource: Resource, schema: dict[str, Any], stats: LoadStats, chunk: int = 5000) -> Iterator[list[dict[str, Any]]]:
    """The rows of a CSV resource as DataStore records, in chunks, converted per Table Schema field."""
    path = resource.fullpath
    if path is None:
        return
    dialect = resource.dialect
    delimiter = str(dialect.get("delimiter") or ("\t" if resource.format == "tsv" else ","))
    quote = str(dialect.get("quoteChar") or '"')
    header_rows = int(dialect.get("headerRows", 1) if dialect.get("header", True) else 0)
    missing = {str(v) for v in schema.get("missingValues", [""])}
    specs = [s for s in schema.get("fields") or [] if isinstance(s, dict) and s.get("name")]
    converters = [_Converter(s, missing) for s in specs]
    encoding = resource.encoding or "utf-8"
    if encoding.lower().replace("-", "") == "utf8":
        encoding = "utf-8-sig"
    with Path(path).open(encoding=encoding, newline="", errors="replace") as handle:
        reader = csv.reader(handle, delimiter=delimiter, quotechar=quote)
        for _ in range(header_rows):
            next(reader, None)
        batch: list[dict[str, Any]] = []
        for row in reader:
            if not row or all(not cell for cell in row):
                continue
            record: dict[str, Any] = {}
            for index, convert in enumerate(converters):
                value, ok = convert(row[index] if index < len(row) else None)
                if not ok:
                    stats.nulled[convert.name] = stats.nulled.get(convert.name, 0) + 1
                record[convert.name] = value
            batch.append(record)
            stats.rows += 1
            if len(batch) >= chunk:
                yield batch
                batch = []
        if batch:
            yield batch


def supports_datastore(resource: Resource) -> bool:
    return resource.fullpath is not None and resource.format in DATASTORE_FORMATS and bool(resource.schema_descriptor)
