"""Where a resource's records come from: its encoding, dialect and reader (CSV fast path, spreadsheets, JSON).

The readers for XLSX and JSON (``stadtdaten.core.reading.xlsx``/``jsonfile``) and the sniffers
(``stadtdaten.core.reading.sniff``) are imported lazily: when one is missing the engine falls back to UTF-8
and the descriptor's dialect, and says so in a finding rather than failing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from stadtdaten.core.dataset import Resource
from stadtdaten.core.reading.types import Dialect, EncodingGuess, Rows
from stadtdaten.quality.engine.csv import Block, column_names

SPREADSHEETS = {"xlsx", "xlsm", "xls"}
JSON_FORMATS = {"json", "geojson", "ndjson", "jsonl"}


@dataclass
class Resolved:
    """Encoding and dialect the engine will use, and how it got them (for the report)."""

    encoding: EncodingGuess
    dialect: Dialect
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    problems: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    """(code, params) the engine reports as findings: source-error, format-error."""


def resolve_encoding(
    resource: Resource, explicit: EncodingGuess | None, path: Path | None
) -> tuple[EncodingGuess, list[tuple[str, dict[str, Any]]]]:
    if explicit is not None:
        return explicit, []
    if resource.encoding:
        return EncodingGuess(encoding=resource.encoding, reason="declared in the descriptor"), []
    if path is None:
        return EncodingGuess(encoding="utf-8"), []
    try:
        from stadtdaten.core.reading.sniff import detect_encoding
    except ImportError:
        return EncodingGuess(encoding="utf-8", reason="default"), []
    try:
        return detect_encoding(path), []
    except Exception as exc:  # a binary file or an unreadable one: reported, never a traceback
        detail = getattr(exc, "params", {}).get("detail") if hasattr(exc, "params") else None
        return EncodingGuess(encoding="utf-8", reason="default"), [("source-error", {"note": detail or str(exc)})]


def resolve_dialect(
    resource: Resource, explicit: Dialect | None, path: Path | None, encoding: EncodingGuess
) -> tuple[Dialect, list[tuple[str, dict[str, Any]]]]:
    """The explicit dialect, else the descriptor's over the sniffed one (frictionless also sniffs)."""
    if explicit is not None:
        return explicit, []
    declared = resource.dialect
    base: dict[str, Any] = {}
    notes: list[tuple[str, dict[str, Any]]] = []
    if resource.format == "tsv":
        base["delimiter"] = "\t"
    csv_part = declared.get("csv") if isinstance(declared.get("csv"), dict) else {}
    has_delimiter = "delimiter" in declared or "delimiter" in (csv_part or {})
    if path is not None and not has_delimiter and resource.format != "tsv":
        try:
            from stadtdaten.core.reading.sniff import sniff_dialect

            sniffed = sniff_dialect(path, encoding)
            base.update(sniffed.to_descriptor())
            if sniffed.header_rows != (1,):
                base["headerRows"] = list(sniffed.header_rows)
            notes.extend((code, dict(params)) for code, params in getattr(sniffed, "notes", ()))
        except ImportError:
            pass
        except Exception as exc:
            notes.append(("source-error", {"note": str(exc)}))
    merged = {**base, **declared}
    return Dialect.from_descriptor(merged), notes


def rows_to_block(rows: Rows, width: int | None = None) -> tuple[list[str] | None, Block]:
    """A reader's :class:`Rows` as the engine's block: labels and the all-string frame with row numbers."""
    data = rows.rows
    numbers = rows.row_numbers
    labels: list[str] | None = None
    if rows.has_header and data:
        labels = ["" if c is None else str(c).strip() for c in data[0]]
        data, numbers = data[1:], numbers[1:]
    w = width if width is not None else (len(labels) if labels is not None else max((len(r) for r in data), default=0))
    w = max(w, 1)
    names = column_names(w)
    columns: list[list[str | None]] = [[] for _ in range(w)]
    ragged: dict[int, list[str]] = {}
    for number, row in zip(numbers, data, strict=False):
        count = len(row)
        if count != w:
            ragged[number] = ["" if c is None else str(c) for c in row]
        for i in range(w):
            columns[i].append(row[i] if i < count else None)
    frame = pl.DataFrame(
        {
            "_row": pl.Series(numbers[: len(data)], dtype=pl.Int64),
            **{n: pl.Series(n, col, dtype=pl.String) for n, col in zip(names, columns, strict=True)},
        }
    )
    frame = frame.with_columns(
        pl.sum_horizontal([pl.col(c).str.len_bytes().fill_null(0) for c in names]).cast(pl.Int64).alias("_len")
    )
    return labels, Block(frame=frame, ragged=ragged, exact=True)


def read_rows(resource: Resource, path: Path | None) -> Rows:
    """Rows of a non-CSV resource (spreadsheet, JSON, inline data); raises ImportError/OSError/ValueError."""
    if path is None:
        from stadtdaten.core.reading.jsonfile import rows_from_value

        return rows_from_value(resource.descriptor.get("data"))
    fmt = resource.format
    if fmt in SPREADSHEETS:
        from stadtdaten.core.reading.xlsx import read_xlsx

        excel = resource.dialect.get("excel")
        sheet = resource.descriptor.get("sheet") or (excel.get("sheet") if isinstance(excel, dict) else None)
        return read_xlsx(path, sheet=sheet)
    if fmt == "parquet":
        frame = pl.read_parquet(path)
        header: list[str | None] = list(frame.columns)
        body: list[list[str | None]] = [list(r) for r in frame.select(pl.all().cast(pl.String)).rows()]
        return Rows(rows=[header, *body], row_numbers=list(range(1, frame.height + 2)))
    from stadtdaten.core.reading.jsonfile import read_json

    return read_json(path)
