"""Read a worksheet (XLSX) into :class:`Rows`: cells as the strings a person sees, row numbers as in Excel.

openpyxl in read-only mode streams the sheet (constant memory); read-only mode does not expose merged
cells, so their ranges are read from the sheet XML's ``<mergeCells>`` block directly. Structure is reported,
not guessed: leading title rows (a single text cell above a wide table) are skipped and noted as
``title-rows``; a header whose cells are merged across several rows is joined only along the merged ranges
(the evidence in the file) and noted as ``merged-header``.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from stadtdaten.core.errors import InputError, UsageError
from stadtdaten.core.reading import notes as _notes  # noqa: F401  (registers the note codes)
from stadtdaten.core.reading.types import Rows

_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


class WorkbookError(InputError):
    code = "workbook-unreadable"
    template = "Cannot read the workbook {path}: {detail}"
    hint = "Open the file in a spreadsheet program and save it again as .xlsx (Excel 2007 or newer), or export CSV (UTF-8)."


class SheetNotFoundError(UsageError):
    code = "sheet-not-found"
    template = "The workbook {path} has no sheet '{sheet}'; its sheets are: {sheets}"
    hint = "Name one of the sheets listed (--sheet NAME, or 'sheet' in the resource)."


def _col_index(letters: bytes) -> int:
    value = 0
    for char in letters:
        value = value * 26 + (char - 64)
    return value


def cell_text(value: Any) -> str | None:
    """A cell value as text: integers without ``.0``, dates in ISO form, booleans as true/false."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0, 0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


def sheet_names(path: Path) -> list[str]:
    workbook = _open(path)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def _open(path: Path) -> Any:
    import openpyxl

    if Path(path).suffix.lower() == ".xls":
        raise WorkbookError(
            "the old binary .xls format is not supported",
            path=str(path),
            hint="Save the workbook as .xlsx or export CSV (UTF-8).",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError as exc:
        raise InputError("file not found", path=str(path)) from exc
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise WorkbookError(str(exc) or type(exc).__name__, path=str(path)) from exc


def _merged_ranges(path: Path, worksheet_path: str | None) -> list[tuple[int, int, int, int]]:
    """(min_row, min_col, max_row, max_col) of every merged range, streamed from the sheet XML."""
    if not worksheet_path:
        return []
    found: list[tuple[int, int, int, int]] = []
    try:
        with zipfile.ZipFile(path) as archive, archive.open(worksheet_path.lstrip("/")) as handle:
            carry = b""
            while block := handle.read(1 << 20):
                data = carry + block
                for m in _MERGE.finditer(data):
                    found.append((int(m.group(2)), _col_index(m.group(1)), int(m.group(4)), _col_index(m.group(3))))
                carry = data[-200:]  # a tag cut at the block border is found again (duplicates vanish below)
    except (KeyError, zipfile.BadZipFile, OSError):
        return []
    return sorted(set(found))


def _ref(min_row: int, min_col: int, max_row: int, max_col: int) -> str:
    def letters(col: int) -> str:
        out = ""
        while col:
            col, rest = divmod(col - 1, 26)
            out = chr(65 + rest) + out
        return out

    return f"{letters(min_col)}{min_row}:{letters(max_col)}{max_row}"


def read_xlsx(path: Path, sheet: str | int | None = None, max_rows: int | None = None) -> Rows:
    """The first sheet (or ``sheet`` by name or 0-based index) as :class:`Rows`.

    ``max_rows`` limits the data rows read (for inference samples); the header is always included.
    """
    path = Path(path)
    workbook = _open(path)
    try:
        names = list(workbook.sheetnames)
        if sheet is None or sheet == "":
            worksheet = workbook.worksheets[0]
        elif isinstance(sheet, int) or (isinstance(sheet, str) and sheet.isdigit() and sheet not in names):
            index = int(sheet)
            if not 0 <= index < len(names):
                raise SheetNotFoundError(path=str(path), sheet=sheet, sheets=", ".join(names))
            worksheet = workbook.worksheets[index]
        elif sheet in names:
            worksheet = workbook[sheet]
        else:
            raise SheetNotFoundError(path=str(path), sheet=sheet, sheets=", ".join(names))
        raw: list[list[str | None]] = []
        limit = None if max_rows is None else max_rows + 60  # room for title rows and a multi-row header
        try:
            for values in worksheet.iter_rows(min_row=1, values_only=True):
                raw.append([cell_text(v) for v in values])
                if limit is not None and len(raw) >= limit:
                    break
        except (ValueError, TypeError, KeyError, zipfile.BadZipFile) as exc:
            raise WorkbookError(str(exc) or type(exc).__name__, path=str(path)) from exc
        worksheet_path = getattr(worksheet, "_worksheet_path", None)
        title = worksheet.title
    finally:
        workbook.close()
    return _shape(raw, _merged_ranges(path, worksheet_path), max_rows, title)


def _filled(row: list[str | None]) -> int:
    return sum(1 for cell in row if cell not in (None, "") and str(cell).strip())


def _shape(
    raw: list[list[str | None]],
    merged: list[tuple[int, int, int, int]],
    max_rows: int | None,
    sheet_title: str,
) -> Rows:
    notes: list[tuple[str, dict[str, Any]]] = []
    # trailing empty rows and columns are formatting, not data
    while raw and _filled(raw[-1]) == 0:
        raw.pop()
    width = 0
    for row in raw:
        for index in range(len(row) - 1, -1, -1):
            if row[index] not in (None, ""):
                width = max(width, index + 1)
                break
    rows = [(row + [None] * width)[:width] for row in raw]
    if not rows:
        return Rows(rows=[], row_numbers=[], has_header=False, notes=[("empty-file", {})])

    # title rows: leading rows with a single text cell (or none) above a table at least three cells wide
    typical = sorted(_filled(r) for r in rows[: min(len(rows), 200)])
    widest = typical[int(len(typical) * 0.75)] if typical else 0
    start = 0
    merged_top = [m for m in merged if m[0] <= 1 + 5]
    while start < len(rows) - 1 and _filled(rows[start]) <= 1 and widest >= 3 and not _in_merged_header(start + 1, merged_top):
        cells = [c for c in rows[start] if c not in (None, "")]
        if cells and not any(ch.isalpha() for ch in str(cells[0])):
            break
        start += 1
    if start and _filled(rows[start]) < 2:
        start = 0
    if start:
        notes.append(("title-rows", {"rows": _span(1, start), "header_row": start + 1, "sheet": sheet_title}))

    # a header merged across several rows: join the rows along the merged ranges only
    header_first = start + 1
    header_last = header_first
    touching = [m for m in merged if m[0] <= header_first <= m[2]]
    if touching:
        header_last = min(max(m[2] for m in touching), header_first + 9, len(rows))
        # ranges that start inside the header block extend it (a header merged in steps)
        while True:
            inside = [m for m in merged if header_first <= m[0] <= header_last]
            grown = min(max(m[2] for m in inside), header_first + 9, len(rows))
            if grown <= header_last:
                break
            header_last = grown
        touching = [m for m in merged if header_first <= m[0] <= header_last or m[0] <= header_first <= m[2]]
    header = _join_header(rows, merged, header_first, header_last, width)
    if touching:
        notes.append(
            (
                "merged-header",
                {
                    "ranges": ", ".join(_ref(*m) for m in touching),
                    "header_rows": _span(header_first, header_last),
                    "sheet": sheet_title,
                },
            )
        )
    data = rows[header_last:]
    numbers = list(range(header_last + 1, header_last + 1 + len(data)))
    if max_rows is not None:
        data, numbers = data[:max_rows], numbers[:max_rows]
    return Rows(rows=[header, *data], row_numbers=[header_first, *numbers], has_header=True, notes=notes)


def _in_merged_header(row_number: int, merged: list[tuple[int, int, int, int]]) -> bool:
    return any(m[0] <= row_number <= m[2] and m[3] > m[1] for m in merged)


def _join_header(
    rows: list[list[str | None]],
    merged: list[tuple[int, int, int, int]],
    first: int,
    last: int,
    width: int,
) -> list[str | None]:
    """Labels of rows ``first..last`` (1-based), merged cells filled from their top-left, parts joined by a space."""
    block = [list(rows[r - 1]) for r in range(first, last + 1)]
    for min_row, min_col, max_row, max_col in merged:
        if max_row < first or min_row > last:
            continue
        source_row = min_row - first
        value = block[source_row][min_col - 1] if 0 <= source_row < len(block) and min_col - 1 < width else None
        for r in range(max(min_row, first), min(max_row, last) + 1):
            for c in range(min_col, min(max_col, width) + 1):
                if r == min_row and c == min_col:
                    continue
                # vertical repeats are dropped by the join below; horizontal ones name each column
                block[r - first][c - 1] = value if r == min_row else None
    header: list[str | None] = []
    for col in range(width):
        parts: list[str] = []
        for row in block:
            cell = row[col]
            if cell not in (None, "") and (not parts or parts[-1] != cell):
                parts.append(str(cell))
        header.append(" ".join(parts) if parts else None)
    return header


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"
