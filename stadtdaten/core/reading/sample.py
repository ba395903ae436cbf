"""The first rows of any tabular resource as :class:`Rows`, for schema inference and previews.

One entry point for every format, so that ``describe`` and the inference never branch on file types:
CSV/TSV (encoding and dialect sniffed unless given), XLSX, JSON/GeoJSON/NDJSON, Parquet and inline data.
For CSV, title rows before the header are skipped, a multi-row header is joined with a space, ``#``
comment rows and reported footer rows are left out: the sample shows the table as the steward means it.
"""

from __future__ import annotations

import contextlib
import csv
import io
from pathlib import Path
from typing import Any

from stadtdaten.core.dataset import Resource
from stadtdaten.core.errors import InputError, UsageError
from stadtdaten.core.reading.sniff import SniffedDialect, _codec, byte_codec, detect_encoding, sniff_dialect
from stadtdaten.core.reading.types import Dialect, EncodingGuess, Rows

DEFAULT_SAMPLE_ROWS = 10_000
CSV_FORMATS = {"csv", "tsv", "txt", "tab"}
XLSX_FORMATS = {"xlsx", "xlsm", "xls"}
JSON_FORMATS = {"json", "geojson", "ndjson", "jsonl", "topojson"}


class UnsupportedFormatError(UsageError):
    code = "unsupported-format"
    template = "{path}: the format '{format}' is not a table stadtdaten can read"
    hint = "Supported: CSV/TSV, XLSX, JSON (arrays, GeoJSON, NDJSON), Parquet; set 'format' in the resource if needed."


def file_format(path: Path, declared: str | None = None) -> str:
    """The format by declaration or suffix (``data.geojson`` -> ``geojson``)."""
    if declared:
        return declared.lower()
    return path.suffix.lstrip(".").lower()


def read_sample(
    resource: Resource | Path | str,
    encoding: EncodingGuess | None = None,
    dialect: Dialect | None = None,
    n: int = DEFAULT_SAMPLE_ROWS,
    *,
    sheet: str | int | None = None,
) -> Rows:
    """Header plus up to ``n`` data rows of a resource (or a bare file path).

    A resource's declared ``encoding``/``dialect``/``sheet`` are used when the arguments are None.
    """
    declared_format = None
    if isinstance(resource, Resource):
        if resource.path is None and "data" in resource.descriptor:
            from stadtdaten.core.reading.jsonfile import rows_from_value

            return rows_from_value(resource.descriptor["data"], n)
        if resource.fullpath is None:
            raise InputError("remote resources are not sampled", path=str(resource.path))
        path = resource.fullpath
        declared_format = resource.descriptor.get("format")
        if encoding is None and resource.encoding:
            encoding = EncodingGuess(
                resource.encoding, 1.0, resource.encoding.lower() == "utf-8-sig", "declared in the descriptor"
            )
        if dialect is None and resource.dialect:
            dialect = Dialect.from_descriptor(resource.dialect)
        if sheet is None and resource.descriptor.get("sheet") not in (None, ""):
            sheet = resource.descriptor["sheet"]
    else:
        path = Path(resource)
    if not path.is_file():
        raise InputError("no such file", path=str(path))
    fmt = file_format(path, str(declared_format) if declared_format else None)
    if fmt in XLSX_FORMATS:
        from stadtdaten.core.reading.xlsx import read_xlsx

        return read_xlsx(path, sheet, max_rows=n)
    if fmt in JSON_FORMATS:
        from stadtdaten.core.reading.jsonfile import read_json

        return read_json(path, max_rows=n)
    if fmt == "parquet":
        return _parquet(path, n)
    if fmt in CSV_FORMATS or fmt == "":
        encoding = encoding or detect_encoding(path)
        if dialect is None:
            dialect = sniff_dialect(path, encoding)
            if fmt in ("tsv", "tab") and dialect.delimiter != "\t":
                dialect = Dialect(delimiter="\t")
        return read_csv_sample(path, encoding, dialect, n)
    raise UnsupportedFormatError(path=str(path), format=fmt)


def read_csv_sample(
    path: Path,
    encoding: EncodingGuess,
    dialect: Dialect,
    n: int = DEFAULT_SAMPLE_ROWS,
    *,
    spread: bool = True,
) -> Rows:
    """Parse up to ``n`` data rows with Python's csv module (C speed; the rest of the file is not read).

    With ``spread`` (default) a file longer than the sample contributes rows from its head (60 %), its
    middle and its end (20 % each), so that a file sorted by district or date does not hide values from the
    inference (an enum of five Stadtbezirke where the file has ten). Rows from the middle and the end have
    ``row_numbers`` 0 (unknown without reading everything before them).
    """
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))  # geometry columns exceed the 128 KiB default
    header_rows = set(dialect.header_rows) if dialect.header else set()
    first_header = min(header_rows) if header_rows else 1
    footer = set(dialect.footer_rows) if isinstance(dialect, SniffedDialect) else set()
    notes: list[tuple[str, dict[str, Any]]] = list(dialect.notes) if isinstance(dialect, SniffedDialect) else []
    head_n = n - 2 * (n // 5) if spread else n
    header_parts: list[list[str]] = []
    rows: list[list[str | None]] = []
    numbers: list[int] = []
    chars = 0
    exhausted = True
    with _open_text(path, encoding) as handle:
        reader = csv.reader(handle, **_reader_options(dialect))
        number = 0
        try:
            for record in reader:
                number += 1
                if number in header_rows:
                    header_parts.append(record)
                    continue
                if number < first_header or number in footer or _skip(record, dialect):
                    continue
                rows.append(list(record))
                numbers.append(number)
                if len(rows) <= head_n:
                    chars += len("".join(record)) + len(record)
                if len(rows) >= n:
                    exhausted = next(reader, None) is None
                    break
        except csv.Error as exc:
            raise InputError(f"CSV syntax error in row {number + 1}: {exc}", path=str(path)) from exc
    if not exhausted and spread and head_n < n:
        del rows[head_n:], numbers[head_n:]  # the file is longer than the sample: spread the rest
    else:
        spread = False
    width = max((len(p) for p in header_parts), default=max((len(r) for r in rows), default=0))
    if spread and rows:
        per_row = max(chars / len(rows), 1.0)
        footer_count = len(footer)
        for position in (0.5, 1.0):
            extra = _slice_rows(path, encoding, dialect, position, int(per_row * (n // 5) * 1.3) + 4096)
            if position == 1.0 and footer_count:
                extra = extra[: max(len(extra) - footer_count, 0)]
            extra = (
                [r for r in extra if len(r) == width and not _skip(r, dialect)][-(n // 5) :]
                if position == 1.0
                else [r for r in extra if len(r) == width and not _skip(r, dialect)][: n // 5]
            )
            rows.extend(list(r) for r in extra)
            numbers.extend([0] * len(extra))
    if header_parts:
        header: list[str | None] = []
        for col in range(width):
            parts = [p[col] for p in header_parts if col < len(p) and p[col].strip()]
            header.append(" ".join(parts) if parts else "")
        if header and header[0]:
            header[0] = header[0].lstrip("\ufeff")
    else:
        header = [f"field{i}" for i in range(1, width + 1)]
    return Rows(
        rows=[header, *rows],
        row_numbers=[first_header if header_parts else 0, *numbers],
        has_header=bool(header_parts),
        encoding=encoding.encoding,
        notes=notes,
    )


def _reader_options(dialect: Dialect) -> dict[str, Any]:
    return {
        "delimiter": dialect.delimiter,
        "quotechar": dialect.quote_char or '"',
        "doublequote": dialect.double_quote,
        "escapechar": dialect.escape_char,
        "skipinitialspace": dialect.skip_initial_space,
        "strict": False,
    }


def _skip(record: list[str], dialect: Dialect) -> bool:
    if dialect.comment_char and record and record[0].startswith(dialect.comment_char):
        return True
    return not "".join(record).strip()


def _open_text(path: Path, encoding: EncodingGuess) -> io.TextIOWrapper:
    try:
        return path.open("r", encoding=_codec(encoding), errors="replace", newline="")
    except LookupError as exc:
        raise InputError(f"unknown encoding '{encoding.encoding}'", path=str(path)) from exc
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), path=str(path)) from exc


def _slice_rows(path: Path, encoding: EncodingGuess, dialect: Dialect, position: float, nbytes: int) -> list[list[str]]:
    """Records from a byte slice at ``position`` (0.5 = middle, 1.0 = end), starting after a line break."""
    size = path.stat().st_size
    start = max(0, int(size * position) - (nbytes if position >= 1.0 else 0))
    codec = byte_codec(path, encoding)
    width = 4 if codec.startswith("utf-32") else 2 if codec.startswith("utf-16") else 1
    start -= start % width
    with path.open("rb") as handle:
        handle.seek(start)
        raw = handle.read(nbytes)
    text = raw.decode(codec, errors="replace")
    first = text.find("\n")
    if first < 0:
        return []
    text = text[first + 1 :]
    if position < 1.0:
        last = text.rfind("\n")
        text = text[: last + 1] if last >= 0 else ""
    records: list[list[str]] = []
    with contextlib.suppress(csv.Error):
        records.extend(csv.reader(io.StringIO(text, newline=""), **_reader_options(dialect)))
    return records


def _parquet(path: Path, n: int) -> Rows:
    import polars as pl

    try:
        frame = pl.read_parquet(path, n_rows=n)
    except Exception as exc:  # polars raises several error types for damaged files
        raise InputError(f"not a readable Parquet file ({type(exc).__name__}: {exc})", path=str(path)) from exc
    columns = []
    for name in frame.columns:
        series = frame[name]
        try:
            columns.append(series.cast(pl.Utf8).to_list())
        except Exception:
            columns.append([None if v is None else str(v) for v in series.to_list()])
    rows: list[list[str | None]] = [list(frame.columns)]
    rows.extend([list(r) for r in zip(*columns, strict=True)] if columns else [])
    return Rows(rows=rows, row_numbers=list(range(len(rows))), has_header=True, encoding=None)
