"""Read JSON tables into :class:`Rows`: arrays of objects, arrays of arrays, GeoJSON, NDJSON.

Shapes, in the order they are tried:

* an array of objects: the header is the union of the keys in order of first appearance; nested objects
  are flattened to dotted names (``uplink_message.rx_metadata``) and noted as ``json-flattened``;
* an array of arrays: the first array is the header (Frictionless inline-data convention);
* a GeoJSON ``FeatureCollection`` (or a single ``Feature``): one row per feature with its properties plus
  ``geometry`` as compact GeoJSON text (and ``id`` when features have one); a legacy ``crs`` member is noted;
* an object holding exactly one array of objects (``{"data": [...]}``, ``{"records": [...]}``);
* any other object: one flattened row, noted as ``json-not-tabular``.

Cells become the text a person reads in the file: JSON numbers as written, ``true``/``false``, ``null`` as
None, arrays and objects as compact JSON. Row numbers are the array index + 1 (NDJSON: the line number).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from stadtdaten.core.errors import InputError
from stadtdaten.core.reading import notes as _notes  # noqa: F401  (registers the note codes)
from stadtdaten.core.reading.types import Rows

NDJSON_SUFFIXES = (".ndjson", ".jsonl")


class JsonSyntaxError(InputError):
    code = "json-syntax"
    template = "{path} is not valid JSON: {detail}"
    hint = "Fix the JSON at the line and column given (a validator such as `python -m json.tool FILE` shows the spot)."


def json_text(value: Any) -> str | None:
    """A JSON value as the text a person reads: numbers as written, compact JSON for arrays and objects."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _flatten(record: dict[str, Any], prefix: str = "", out: dict[str, Any] | None = None) -> dict[str, Any]:
    out = {} if out is None else out
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            _flatten(value, name + ".", out)
        else:
            out[name] = value
    return out


def _load(path: Path) -> Any:
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError("file not found", path=str(path)) from exc
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), path=str(path)) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise JsonSyntaxError(
            f"not UTF-8 (byte 0x{raw[exc.start]:02X} at offset {exc.start}); JSON must be UTF-8 (RFC 8259)", path=str(path)
        ) from exc
    if path.suffix.lower() in NDJSON_SUFFIXES:
        items = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                items.append((number, json.loads(line)))
            except json.JSONDecodeError as exc:
                raise JsonSyntaxError(f"line {number}, column {exc.colno}: {exc.msg}", path=str(path)) from exc
        return _NdJson(items)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonSyntaxError(f"line {exc.lineno}, column {exc.colno}: {exc.msg}", path=str(path)) from exc
    except RecursionError as exc:
        raise JsonSyntaxError("nested too deeply", path=str(path)) from exc


class _NdJson(list[tuple[int, Any]]):
    """(line number, value) pairs of a JSON-lines file."""


def read_json(path: Path, max_rows: int | None = None) -> Rows:
    """A JSON, GeoJSON or NDJSON file as :class:`Rows` (see the module docstring for the shapes)."""
    path = Path(path)
    data = _load(path)
    if isinstance(data, _NdJson):
        return _records([v for _, v in data], [n for n, _ in data], max_rows, [])
    return rows_from_value(data, max_rows)


def rows_from_value(data: Any, max_rows: int | None = None) -> Rows:
    """Parsed JSON (or a resource's inline ``data``) as :class:`Rows`."""
    notes: list[tuple[str, dict[str, Any]]] = []
    if isinstance(data, dict) and data.get("type") in ("FeatureCollection", "Feature"):
        return _geojson(data, max_rows, notes)
    if isinstance(data, list):
        if data and all(isinstance(item, list) for item in data):
            header = [json_text(v) for v in data[0]]
            body = data[1 : None if max_rows is None else max_rows + 1]
            rows = [header, *[[json_text(v) for v in item] for item in body]]
            return Rows(rows=rows, row_numbers=list(range(1, len(rows) + 1)), has_header=True, encoding="utf-8", notes=notes)
        return _records(data, list(range(1, len(data) + 1)), max_rows, notes)
    if isinstance(data, dict):
        arrays = [(k, v) for k, v in data.items() if isinstance(v, list) and v and all(isinstance(i, dict) for i in v)]
        if len(arrays) == 1:
            key, items = arrays[0]
            notes.append(("json-not-tabular", {"detail": f"the table is the array '{key}'"}))
            return _records(items, list(range(1, len(items) + 1)), max_rows, notes)
        notes.append(("json-not-tabular", {"detail": "a single object"}))
        return _records([data], [1], max_rows, notes)
    notes.append(("json-not-tabular", {"detail": f"a single {type(data).__name__} value"}))
    return Rows(rows=[["value"], [json_text(data)]], row_numbers=[0, 1], has_header=True, encoding="utf-8", notes=notes)


def _records(
    items: list[Any],
    numbers: list[int],
    max_rows: int | None,
    notes: list[tuple[str, dict[str, Any]]],
) -> Rows:
    if max_rows is not None:
        items, numbers = items[:max_rows], numbers[:max_rows]
    flat: list[dict[str, Any]] = []
    nested_example = None
    for item in items:
        if isinstance(item, dict):
            record = _flatten(item)
            if nested_example is None:
                nested_example = next((k for k in record if "." in k and k not in item), None)
        else:
            record = {"value": item}
        flat.append(record)
    if nested_example:
        notes.append(("json-flattened", {"example": nested_example}))
    header: dict[str, None] = {}
    for record in flat:
        for key in record:
            header.setdefault(key, None)
    names = list(header)
    rows: list[list[str | None]] = [list(names)]
    rows.extend([json_text(record.get(name)) for name in names] for record in flat)
    return Rows(rows=rows, row_numbers=[0, *numbers], has_header=True, encoding="utf-8", notes=notes)


def _geojson(data: dict[str, Any], max_rows: int | None, notes: list[tuple[str, dict[str, Any]]]) -> Rows:
    crs = data.get("crs")
    if crs is not None:
        name = (
            crs.get("properties", {}).get("name") if isinstance(crs, dict) and isinstance(crs.get("properties"), dict) else None
        )
        notes.append(("geojson-crs-member", {"crs": name or json_text(crs)}))
    features = data.get("features") if data.get("type") == "FeatureCollection" else [data]
    if not isinstance(features, list):
        features = []
    if max_rows is not None:
        features = features[:max_rows]
    with_id = any(isinstance(f, dict) and "id" in f for f in features)
    records: list[dict[str, Any]] = []
    for item in features:
        feature = item if isinstance(item, dict) else {}
        properties = feature.get("properties")
        record: dict[str, Any] = {}
        if with_id:
            record["id"] = feature.get("id")
        if isinstance(properties, dict):
            record.update(_flatten(properties))
        record["geometry"] = feature.get("geometry")
        records.append(record)
    header: dict[str, None] = {}
    for record in records:
        for key in record:
            if key != "geometry":
                header.setdefault(key, None)
    names = [*header, "geometry"]
    rows: list[list[str | None]] = [list(names)]
    rows.extend([json_text(record.get(name)) for name in names] for record in records)
    return Rows(rows=rows, row_numbers=list(range(len(rows))), has_header=True, encoding="utf-8", notes=notes)
