"""Typed Parquet: column types from the Table Schema; schema, titles, descriptions and units in the metadata.

The Table Schema travels inside the file (key ``table_schema`` in the Parquet key-value metadata, and per
column ``description``/``unit``/``title`` field metadata), so a Parquet file stays self-describing after it
leaves the catalogue.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from stadtdaten.core.dataset import Dataset

ROW_COLUMN = "_row"


def to_arrow(frame: pl.DataFrame, fields: list[dict[str, Any]], dataset: Dataset | None = None) -> pa.Table:
    """The typed frame as an Arrow table in schema order, with field metadata."""
    # schema order first, then columns a transform added (join labels, window counts): nothing is dropped
    declared = [f["name"] for f in fields if f.get("name") in frame.columns]
    names = declared + [c for c in frame.columns if c != ROW_COLUMN and c not in declared]
    table = frame.select(names).to_arrow()
    by_name = {f.get("name"): f for f in fields}
    arrow_fields = []
    for arrow_field in table.schema:
        spec = by_name.get(arrow_field.name, {})
        meta = {
            key: str(spec[key]) for key in ("title", "description", "unit", "type", "format") if spec.get(key) not in (None, "")
        }
        arrow_fields.append(arrow_field.with_metadata(meta or None))
    schema_meta = {
        b"table_schema": json.dumps({"fields": fields}, ensure_ascii=False).encode(),
        b"created_by": b"stadtdaten",
    }
    if dataset is not None:
        schema_meta[b"dataset"] = dataset.name.encode()
        if dataset.title:
            schema_meta[b"title"] = dataset.title.encode()
        license_ = dataset.metadata.license
        if license_ and license_.iri:
            schema_meta[b"license"] = license_.iri.encode()
    return table.cast(pa.schema(arrow_fields, metadata=schema_meta))


def write_parquet(frame: pl.DataFrame, fields: list[dict[str, Any]], path: Path, dataset: Dataset | None = None) -> Path:
    """Write atomically (temporary file + rename): a reader never sees half a Parquet file."""
    table = to_arrow(frame, fields, dataset)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    tmp.replace(path)
    return path
