"""The CSV fast path: bytes to an all-string polars frame plus the exact shape of every odd row.

Frictionless reads CSV with Python's ``csv`` module, one row at a time; its row numbers count records
(header = 1, blank lines count). The engine must report the same rows, but a Python loop per row is
50x too slow, so a block of bytes is read twice, both times by polars' multi-threaded parser:

1. as a table of ``W`` string columns (``W`` = cells in the header): the cell values. Short rows come
   out padded with ``""``, long rows truncated, so this alone cannot tell a missing cell from an empty one;
2. as one column of physical lines (no quoting): a record whose line length differs from the sum of its
   cell lengths plus ``W - 1`` delimiters is not a plain ``W``-cell record (blank line, missing or extra
   cells, quoting). Only those few records are re-parsed exactly with Python's ``csv`` module.

With quote characters in the file, lines are grouped into records by quote parity (vectorised), and
records that contain quotes are re-parsed exactly. A file polars cannot read at all (a quote inside an
unquoted cell, an escape character, lone CR line ends, ``skipInitialSpace``), or one where most records
need re-parsing, takes the *exact path*: Python's ``csv`` module for the whole block. It is slower
(about 1 s per million rows) but identical to frictionless by construction.

Encodings other than UTF-8 are transcoded to UTF-8 first; invalid bytes become U+FFFD and one
``encoding-error`` finding (frictionless stops at the first invalid byte; reporting and going on is a
deliberate difference).
"""

from __future__ import annotations

import codecs
import csv as pycsv
import io
import mmap
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from stadtdaten.core.reading.types import Dialect

LINE_SEPARATORS = (b"\x00", b"\x01", b"\x1f", b"\x1e", b"\x02")
EXACT_SHARE = 0.5
"""Above this share of records needing re-parse, the exact path is faster than patching."""
HEADER_PROBE = 1 << 16


class NeedsExactPath(Exception):
    """polars cannot read this block the way Python's csv module does."""


class InvalidUtf8(Exception):
    """The block is not valid UTF-8: the caller reports it and parses again with ``lossy=True``."""


@dataclass
class Block:
    """Records of one block of a CSV file.

    ``frame``: columns ``c0 .. c{W-1}`` (String; ``""`` for an empty cell, null for a cell the record does
    not have) and ``_row`` (Int64, the record number in the file, header = 1). ``ragged``: the exact cells
    of every record with a cell count other than ``W`` (a blank line has ``[]``).
    """

    frame: pl.DataFrame
    ragged: dict[int, list[str]] = field(default_factory=dict)
    exact: bool = False


@dataclass
class Header:
    labels: list[str] | None
    """Stripped labels (frictionless strips them), or None when the dialect says there is no header."""
    raw_cells: list[list[str]]
    """The header records as read (one list per header row)."""
    last_row: int
    """Row number of the last header row (0 without a header)."""
    width: int


def column_names(width: int) -> list[str]:
    return [f"c{i}" for i in range(width)]


# ---------------------------------------------------------------------------------------------- decoding


def normalise_encoding(name: str | None) -> str:
    if not name:
        return "utf-8"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "utf-8"


def to_utf8(data: bytes, encoding: str) -> tuple[bytes, dict[str, Any] | None]:
    """UTF-8 bytes without BOM, and an encoding problem (first bad byte) or None.

    UTF-8 input is not copied or decoded here (polars validates it while parsing; see ``first_bad_utf8``).
    """
    enc = normalise_encoding(encoding)
    if enc in ("utf-8", "utf-8-sig", "ascii"):
        return (data[3:] if data.startswith(codecs.BOM_UTF8) else data), None
    problem = None
    try:
        text = data.decode(enc)
    except UnicodeDecodeError as exc:
        problem = {"offset": exc.start, "encoding": enc, "byte": data[exc.start : exc.start + 1].hex(), "reason": exc.reason}
        text = data.decode(enc, errors="replace")
    except LookupError:
        text = data.decode("utf-8", errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.encode("utf-8"), problem


def first_bad_utf8(data: bytes) -> dict[str, Any] | None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return {
            "offset": exc.start,
            "line": line,
            "encoding": "utf-8",
            "byte": data[exc.start : exc.start + 1].hex(),
            "reason": exc.reason,
        }
    return None


# ---------------------------------------------------------------------------------------------- buffers

Buffer = bytes | mmap.mmap
"""The block's bytes: ``bytes``, or a read-only ``mmap`` of the whole file (no copy, no doubled memory).

mmap has ``find`` (from an explicit start: its default start is the file position) and slicing, but no
``count``/``endswith``; the helpers below work for both.
"""


def _has(data: Buffer, sub: bytes) -> bool:
    return data.find(sub, 0) >= 0


def _count(data: Buffer, sub: bytes, start: int = 0, end: int | None = None) -> int:
    """Occurrences of a 1- or 2-byte pattern; whole-buffer counts of an mmap use numpy."""
    end = len(data) if end is None else end
    if isinstance(data, bytes) or end - start < (1 << 20):
        return data[start:end].count(sub) if not isinstance(data, bytes) else data.count(sub, start, end)
    arr = np.frombuffer(data, dtype=np.uint8)[start:end]
    if len(sub) == 1:
        return int(np.count_nonzero(arr == sub[0]))
    return int(np.count_nonzero((arr[:-1] == sub[0]) & (arr[1:] == sub[1])))


def _ends_with_newline(data: Buffer) -> bool:
    return len(data) > 0 and data[len(data) - 1 : len(data)] == b"\n"


def open_buffer(path: Path) -> Buffer:
    """The file as a read-only memory map (empty files as ``b""``)."""
    with path.open("rb") as handle:
        if path.stat().st_size == 0:
            return b""
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


# ---------------------------------------------------------------------------------------------- dialect


def python_dialect(dialect: Dialect) -> type[pycsv.Dialect]:
    """Python csv dialect exactly as frictionless builds it (``CsvControl.to_python``)."""

    class _Dialect(pycsv.excel):
        pass

    _Dialect.delimiter = dialect.delimiter
    _Dialect.quotechar = dialect.quote_char or '"'
    _Dialect.doublequote = dialect.double_quote if dialect.escape_char else True
    _Dialect.escapechar = dialect.escape_char
    _Dialect.quoting = pycsv.QUOTE_NONE if dialect.quote_char == "" else pycsv.QUOTE_MINIMAL
    _Dialect.skipinitialspace = dialect.skip_initial_space
    return _Dialect


def polars_can_read(dialect: Dialect) -> bool:
    single = len(dialect.delimiter) == 1 and dialect.delimiter.isascii() and dialect.delimiter not in "\r\n"
    quote_ok = dialect.quote_char == "" or (len(dialect.quote_char) == 1 and dialect.quote_char.isascii())
    return (
        single
        and quote_ok
        and not dialect.escape_char
        and not dialect.skip_initial_space
        and dialect.quote_char != dialect.delimiter
    )


def read_header(data: Buffer, dialect: Dialect, fallback_width: int, *, lossy: bool = False) -> Header:
    """Labels from the header row(s), as frictionless reads them (joined with a space, stripped)."""
    if not dialect.header:
        return Header(labels=None, raw_cells=[], last_row=0, width=fallback_width)
    wanted = max(dialect.header_rows or (1,))
    probe = HEADER_PROBE
    while True:
        text = data[:probe].decode("utf-8", errors="replace").removeprefix("\ufeff")
        records = _python_records(text, dialect, limit=wanted + 1)
        complete = probe >= len(data) or len(records) > wanted
        if complete:
            break
        probe *= 4
    lists = [records[i - 1] for i in dialect.header_rows if i - 1 < len(records)]
    labels: list[str] = []
    previous: dict[int, str] = {}
    for cells in lists:
        for index, cell in enumerate(["" if c is None else str(c).strip() for c in cells]):
            if previous.get(index) == cell:
                continue
            previous[index] = cell
            if len(labels) <= index:
                labels.append(cell)
            else:
                labels[index] = f"{labels[index]} {cell}"
    width = len(labels) if labels else fallback_width
    return Header(labels=labels, raw_cells=lists, last_row=max(dialect.header_rows or (1,)), width=max(width, 1))


def _python_records(text: str, dialect: Dialect, limit: int | None = None) -> list[list[str]]:
    reader = pycsv.reader(io.StringIO(text, newline=""), dialect=python_dialect(dialect))
    out: list[list[str]] = []
    try:
        for row in reader:
            out.append(row)
            if limit is not None and len(out) >= limit:
                break
    except pycsv.Error:
        pass
    return out


# ---------------------------------------------------------------------------------------------- blocks


def parse_block(
    data: Buffer,
    width: int,
    dialect: Dialect,
    first_row: int = 1,
    *,
    lossy: bool = False,
    primed: bool = False,
    path: Path | None = None,
) -> Block:
    """Parse complete records (UTF-8 bytes) into a :class:`Block`; row numbers start at ``first_row``.

    ``primed``: the first record is known to have ``width`` cells (the header), so polars needs no
    priming line. ``path``: the file ``data`` maps (polars then reads it itself, zero-copy). Raises
    :class:`InvalidUtf8` unless ``lossy``.
    """
    if not data:
        return Block(frame=_empty_frame(width))
    if not polars_can_read(dialect) or _lone_cr(data):
        return parse_exact(data, width, dialect, first_row, lossy=lossy)
    try:
        return _parse_fast(data, width, dialect, first_row, lossy=lossy, primed=primed, path=path)
    except NeedsExactPath:
        return parse_exact(data, width, dialect, first_row, lossy=lossy)
    except (pl.exceptions.ComputeError, pl.exceptions.SchemaError, pl.exceptions.ShapeError, pl.exceptions.NoDataError) as exc:
        if not lossy and "utf-8" in str(exc).lower():
            raise InvalidUtf8(str(exc)) from exc
        return parse_exact(data, width, dialect, first_row, lossy=lossy)


def _lone_cr(data: Buffer) -> bool:
    """Line ends other than LF or CRLF throughout (polars and Python's csv module split them differently)."""
    if not _has(data, b"\r"):
        return False
    crlf = _count(data, b"\r\n")
    return not (crlf == _count(data, b"\r") == _count(data, b"\n"))


def _line_separator(data: Buffer) -> str:
    for candidate in LINE_SEPARATORS:
        if not _has(data, candidate):
            return candidate.decode()
    raise NeedsExactPath("no free byte to read lines with")


def _parse_fast(
    data: Buffer, width: int, dialect: Dialect, first_row: int, *, lossy: bool, primed: bool, path: Path | None
) -> Block:
    names = column_names(width)
    encoding = "utf8-lossy" if lossy else "utf8"
    quote = dialect.quote_char or None
    quotes_at = quote_positions(data, quote) if quote is not None else None
    if quotes_at is not None and len(quotes_at) and not regular_quoting(data, quotes_at, dialect.delimiter):
        raise NeedsExactPath("quote characters inside unquoted cells")
    # a first line with W cells fixes polars' column count even when the block starts with a short row
    primer = b"" if primed else (dialect.delimiter * (width - 1) + "\n").encode()
    if primer:
        source: Any = primer + bytes(data)
    else:
        source = path if path is not None and not isinstance(data, bytes) else bytes(data)
    cells = pl.read_csv(
        source,
        has_header=False,
        separator=dialect.delimiter,
        quote_char=quote,
        schema=dict.fromkeys(names, pl.String),
        empty_string_is_null=False,
        truncate_ragged_lines=True,
        encoding=encoding,
        raise_if_empty=False,
    )
    if primer:
        cells = cells.slice(1)
    crlf = _has(data, b"\r")  # uniform CRLF (mixed line ends took the exact path in parse_block)
    lengths = cells.select(_cell_bytes(names)).to_series()
    try:
        odd, texts = _walk_records(data, lengths, width, dialect, crlf=crlf, quotes_at=quotes_at)
    except _TooManyOdd:
        odd, texts = _odd_by_lines(data, cells, width, dialect, crlf=crlf, lossy=lossy)
    if width == 1:
        # one column: a blank line and an empty cell have the same length; unquoted, "" is a blank line
        empty = cells.select(pl.arg_where(pl.col("c0") == "")).to_series().to_list()
        known = set(odd)
        for index in empty:
            if index not in known:
                odd.append(index)
                texts.append("")
        order = sorted(range(len(odd)), key=odd.__getitem__)
        odd, texts = [odd[i] for i in order], [texts[i] for i in order]
    if len(odd) > EXACT_SHARE * max(cells.height, 1) and cells.height > 1000:
        raise NeedsExactPath("most records need exact re-parsing")
    # ``_row`` comes first: polars splits a query by the first column's chunks, and a single-chunk column
    # in front of the 60-chunk string columns would make every query over this frame rechunk them
    frame = cells.with_row_index("_row", offset=first_row).with_columns(pl.col("_row").cast(pl.Int64), lengths.alias("_len"))
    ragged: dict[int, list[str]] = {}
    replace: dict[int, list[str]] = {}
    if odd:
        parsed = _python_records("\n".join(texts), dialect) if texts else []
        if len(parsed) != len(texts):  # parse one by one (few rows); a text holding two records: exact path
            parsed = []
            for text in texts:
                records = _python_records(text, dialect) if text else [[]]
                if len(records) != 1:
                    raise NeedsExactPath("a re-parsed record splits in two")
                parsed.append(records[0])
        for index, row in zip(odd, parsed, strict=True):
            number = first_row + int(index)
            if len(row) != width:
                ragged[number] = row
            replace[int(index)] = row
        frame = _patch_rows(frame, replace, width)
        fixed = (
            frame["_len"]
            .clone()
            .scatter(list(replace), pl.Series([_row_bytes(r, width) for r in replace.values()], dtype=pl.Int64))
        )
        frame = frame.with_columns(fixed)
    return Block(frame=frame, ragged=ragged)


class _TooManyOdd(Exception):
    pass


WALK_LIMIT = 20_000
"""Odd records the byte walk handles one by one; beyond that the line table (or the exact path) is cheaper."""


def _cell_bytes(names: list[str]) -> pl.Expr:
    """Bytes in the first W cells of a record (missing cells count 0): 0 means every cell is empty."""
    return pl.sum_horizontal([pl.col(c).str.len_bytes().fill_null(0) for c in names]).cast(pl.Int64).alias("_len")


def _row_bytes(cells: list[str], width: int) -> int:
    return sum(len(c.encode("utf-8")) for c in cells[:width])


def _walk_records(
    data: Buffer, lengths: pl.Series, width: int, dialect: Dialect, *, crlf: bool, quotes_at: np.ndarray | None
) -> tuple[list[int], list[str]]:
    """Find the records whose bytes are not exactly their ``W`` cells joined by delimiters.

    If every record were plain, record ``i`` would end (at its newline) where the running sum of
    ``len(cells) + W - 1 + len(line end)`` says. That is checked for all records at once by looking up the
    byte at each expected position (vectorised, ~1 ms per 100k rows). At the first mismatch the record's
    real end is found (next newline outside quotes), the record is kept for exact re-parsing, and the
    check resumes shifted by the difference, in a small window first (cheap when mismatches are many).

    Two checks make this exact: the file must hold exactly one newline per plain record (so no plain
    record hides a line break: a blank line next to a short row cannot cancel out), and every record
    containing a quote character is re-parsed whether its length matched or not.
    """
    n = len(data)
    if lengths.len() == 0:
        return [], []
    arr = np.frombuffer(data, dtype=np.uint8)
    eol = 2 if crlf else 1
    ends = np.cumsum(lengths.to_numpy() + ((width - 1) * len(dialect.delimiter.encode()) + eol)) - 1
    quote = dialect.quote_char.encode() if dialect.quote_char else None
    has_quotes = quotes_at is not None and len(quotes_at) > 0
    odd: dict[int, str] = {}
    internal_newlines = 0
    change_at: list[int] = [0]
    change_delta: list[int] = [0]
    delta = 0
    i0 = 0
    total = len(ends)
    window = total
    last_virtual = not _ends_with_newline(data)
    while i0 < total:
        hi = min(total, i0 + window)
        pos = ends[i0:hi] + delta
        ok = (arr.take(np.minimum(pos, n - 1)) == 10) & (pos < n)
        if last_virtual and hi == total:
            ok[-1] = ok[-1] or bool(pos[-1] == n - 1 + eol)
        bad = ok.argmin() if len(ok) else 0
        if len(ok) == 0 or ok[bad]:
            i0 = hi
            window = min(total, window * 4)
            continue
        i = i0 + int(bad)
        start = int(ends[i - 1] + delta + 1) if i > 0 else 0
        end = _record_end(data, start, quote if has_quotes else None)
        if end >= n and i != total - 1:
            raise _TooManyOdd  # the file ends inside this record: polars and the bytes disagree
        internal_newlines += _count(data, b"\n", start, end)
        odd[i] = _text(data, start, end, crlf)
        if len(odd) > WALK_LIMIT:
            raise _TooManyOdd
        delta = (end if end < n else n - 1 + eol) - int(ends[i])
        change_at.append(i)
        change_delta.append(delta)
        i0 = i + 1
        window = 4096
    records_with_newline = total - (1 if last_virtual or (total - 1 in odd and delta == n - 1 + eol - int(ends[-1])) else 0)
    # without quotes polars' records are the file's lines, so the newline count is known for free
    newlines = total - (1 if last_virtual else 0)
    if has_quotes and quotes_at is not None:
        newlines += _quoted_newlines(data, quotes_at)
    if newlines != records_with_newline + internal_newlines:
        raise _TooManyOdd  # a record hides a line break: let the line table sort it out
    if has_quotes and quotes_at is not None:
        actual = ends + np.asarray(change_delta)[np.searchsorted(np.asarray(change_at), np.arange(total), side="right") - 1]
        quoted = np.unique(np.searchsorted(actual, quotes_at, side="left"))
        if len(quoted) > WALK_LIMIT:
            raise _TooManyOdd
        for j in quoted.tolist():
            if j >= total or j in odd:
                continue
            start = int(actual[j - 1] + 1) if j > 0 else 0
            end = min(int(actual[j]), n)
            odd[j] = _text(data, start, end, crlf)
    ordered = sorted(odd)
    return ordered, [odd[i] for i in ordered]


def _quoted_newlines(data: Buffer, quotes_at: np.ndarray) -> int:
    """Line breaks inside quoted cells: between each opening quote and its closing quote (regular quoting)."""
    n = len(data)
    bounds = quotes_at.tolist() if len(quotes_at) <= FIND_LIMIT else None
    if bounds is None:
        lines = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 10)
        opening, closing = quotes_at[0::2], np.append(quotes_at[1::2], n)[: len(quotes_at[0::2])]
        return int((np.searchsorted(lines, closing) - np.searchsorted(lines, opening)).sum())
    total = 0
    for k in range(0, len(bounds), 2):
        end = bounds[k + 1] if k + 1 < len(bounds) else n
        total += _count(data, b"\n", bounds[k], end)
    return total


def _text(data: Buffer, start: int, end: int, crlf: bool) -> str:
    raw = data[start:end]
    if crlf and raw.endswith(b"\r"):
        raw = raw[:-1]
    return raw.decode("utf-8", errors="replace")


FIND_LIMIT = 4096


def quote_positions(data: Buffer, quote: str) -> np.ndarray:
    """Byte offsets of the quote character (memchr for a few, numpy for many)."""
    q = quote.encode()
    found: list[int] = []
    at = data.find(q, 0)
    while at >= 0:
        found.append(at)
        if len(found) > FIND_LIMIT:
            return np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == q[0])
        at = data.find(q, at + 1)
    return np.asarray(found, dtype=np.int64)


def regular_quoting(data: Buffer, quotes_at: np.ndarray, delimiter: str) -> bool:
    """Every quote opens a cell, closes one, or is doubled inside one (RFC 4180).

    With parity (even: opening, odd: closing), an opening quote must follow a delimiter, a line break,
    the start or a closing quote (``""``); a closing quote must precede a delimiter, a line break, the
    end or another quote. Otherwise Python's csv module reads the quote as a literal character and
    polars reads the line differently: the caller takes the exact path.
    """
    n = len(data)
    arr = np.frombuffer(data, dtype=np.uint8)
    d = delimiter.encode()[0]
    prev = np.where(quotes_at > 0, arr[np.maximum(quotes_at - 1, 0)], 10)
    nxt = np.where(quotes_at < n - 1, arr[np.minimum(quotes_at + 1, n - 1)], 10)
    quote = arr[quotes_at[0]]
    opening = (np.arange(len(quotes_at)) % 2) == 0
    open_ok = (prev == d) | (prev == 10) | (prev == quote) | (prev == 13)
    close_ok = (nxt == d) | (nxt == 10) | (nxt == 13) | (nxt == quote)
    return bool(np.all(np.where(opening, open_ok, close_ok)))


def _record_end(data: Buffer, start: int, quote: bytes | None) -> int:
    """Offset of the newline that ends the record starting at ``start`` (``len(data)`` at the end)."""
    n = len(data)
    end = data.find(b"\n", start)
    if end < 0:
        return n
    if quote is None:
        return end
    count = _count(data, quote, start, end)
    while count % 2:
        nxt = data.find(b"\n", end + 1)
        if nxt < 0:
            return n
        count += _count(data, quote, end, nxt)
        end = nxt
    return end


def _odd_by_lines(
    data: Buffer, cells: pl.DataFrame, width: int, dialect: Dialect, *, crlf: bool, lossy: bool
) -> tuple[list[int], list[str]]:
    """Many odd records: compare every line with its cells in one vectorised pass (quote-free files)."""
    quote = dialect.quote_char or None
    if quote is not None and _has(data, quote.encode()):
        raise NeedsExactPath("many irregular records with quotes")
    lines = pl.read_csv(
        bytes(data),
        has_header=False,
        separator=_line_separator(data),
        quote_char=None,
        schema={"l": pl.String},
        empty_string_is_null=False,
        encoding="utf8-lossy" if lossy else "utf8",
        raise_if_empty=False,
    )
    if lines.height != cells.height:
        raise NeedsExactPath("line count differs from record count")
    expected = pl.sum_horizontal([pl.col(c).str.len_bytes() for c in cells.columns]) + (width - 1) * len(
        dialect.delimiter.encode()
    )
    check = pl.concat([cells, lines], how="horizontal").lazy()
    found = (
        check.with_columns(i=pl.int_range(pl.len(), dtype=pl.Int64))
        .filter(pl.col("l").str.len_bytes() != expected)
        .select("i", "l")
        .collect()
    )
    return [int(x) for x in found["i"].to_list()], found["l"].to_list()


def _patch_rows(frame: pl.DataFrame, rows: dict[int, list[str]], width: int) -> pl.DataFrame:
    """Make a few records (by position) equal to their exact parse: missing cells null, differing cells replaced."""
    names = column_names(width)
    positions = list(rows)
    current = frame.select(names)[positions].rows()
    changes: dict[int, tuple[list[int], list[str | None]]] = {}
    for position, now, cells in zip(positions, current, rows.values(), strict=True):
        for j in range(width):
            want = cells[j] if j < len(cells) else None
            if now[j] != want:
                idx, values = changes.setdefault(j, ([], []))
                idx.append(position)
                values.append(want)
    if not changes:
        return frame
    updates = [frame[names[j]].clone().scatter(idx, pl.Series(values, dtype=pl.String)) for j, (idx, values) in changes.items()]
    return frame.with_columns(updates)


def parse_exact(data: Buffer, width: int, dialect: Dialect, first_row: int = 1, *, lossy: bool = False) -> Block:
    """The whole block with Python's csv module (frictionless's own reader): exact, slower."""
    raw = bytes(data)
    text = raw.decode("utf-8", errors="replace")
    if not lossy and "\ufffd" in text and "\ufffd".encode() not in raw:
        raise InvalidUtf8("invalid utf-8")
    records = _python_records(text, dialect)
    ragged = {first_row + i: row for i, row in enumerate(records) if len(row) != width}
    padded = [
        row if len(row) == width else (row + [None] * (width - len(row)) if len(row) < width else row[:width]) for row in records
    ]
    columns: list[tuple[str | None, ...]] = list(zip(*padded, strict=True)) if padded else [() for _ in range(width)]
    names = column_names(width)
    frame = pl.DataFrame(
        {n: pl.Series(n, list(col), dtype=pl.String) for n, col in zip(names, columns, strict=True)},
        schema=dict.fromkeys(names, pl.String),
    ).with_row_index("_row", offset=first_row)
    frame = frame.with_columns(pl.col("_row").cast(pl.Int64), frame.select(_cell_bytes(names)).to_series())
    return Block(frame=frame, ragged=ragged, exact=True)


def _empty_frame(width: int) -> pl.DataFrame:
    return pl.DataFrame(schema={"_row": pl.Int64, **dict.fromkeys(column_names(width), pl.String), "_len": pl.Int64})


# ---------------------------------------------------------------------------------------------- chunks


def record_boundary(block: bytes, quote: str | None) -> int:
    """Offset just after the last newline of ``block`` that ends a record (quote parity even), or -1."""
    end = len(block)
    q = quote.encode() if quote else None
    while True:
        cut = block.rfind(b"\n", 0, end)
        if cut < 0:
            return -1
        if q is None or block.count(q, 0, cut) % 2 == 0:
            return cut + 1
        end = cut


def iter_blocks(path: Path, quote: str | None, block_bytes: int, start: int = 0) -> Iterator[bytes]:
    """Complete records of a UTF-8 file, about ``block_bytes`` at a time (bounded memory)."""
    with path.open("rb") as handle:
        handle.seek(start)
        rest = b""
        while True:
            chunk = handle.read(block_bytes)
            if not chunk:
                if rest:
                    yield rest
                return
            data = rest + chunk
            cut = record_boundary(data, quote)
            if cut <= 0:
                rest = data  # one record longer than a block: keep reading
                continue
            yield data[:cut]
            rest = data[cut:]


def transcode_to_file(source: Path, encoding: str, target: Path, chunk: int = 1 << 22) -> dict[str, Any] | None:
    """Stream ``source`` into a UTF-8 file (bounded memory); returns the first decoding problem or None."""
    enc = normalise_encoding(encoding)
    decoder = codecs.getincrementaldecoder(enc)(errors="strict")
    problem: dict[str, Any] | None = None
    offset = 0
    first = True
    with source.open("rb") as src, target.open("wb") as dst:
        while True:
            raw = src.read(chunk)
            final = not raw
            try:
                text = decoder.decode(raw, final=final)
            except UnicodeDecodeError as exc:
                if problem is None:
                    problem = {"offset": offset + max(exc.start, 0), "encoding": enc, "reason": exc.reason}
                decoder = codecs.getincrementaldecoder(enc)(errors="replace")
                text = decoder.decode(raw, final=final)
            if first:
                text = text.removeprefix("\ufeff")
                first = False
            dst.write(text.encode("utf-8"))
            offset += len(raw)
            if final:
                return problem
