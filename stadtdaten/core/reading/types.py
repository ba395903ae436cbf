"""Value types shared by the readers, the inference (``schemas``) and the validation engine (``quality``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class EncodingGuess:
    """What the bytes are. ``bom`` is True when a byte-order mark was found (and must be stripped)."""

    encoding: str
    """Python codec name: utf-8, utf-8-sig, utf-16, cp1252, latin-1, cp850 ..."""
    confidence: float = 1.0
    bom: bool = False
    reason: str = ""
    """Why this encoding: shown to the steward (``describe`` reports it, never silently)."""


@dataclass(frozen=True)
class Dialect:
    """A CSV dialect in Frictionless's terms (Table Dialect / CSV Dialect)."""

    delimiter: str = ","
    quote_char: str = '"'
    double_quote: bool = True
    escape_char: str | None = None
    header: bool = True
    header_rows: tuple[int, ...] = (1,)
    """Row numbers (1-based, as in the file) that form the header; several are joined with a space."""
    skip_initial_space: bool = False
    comment_char: str | None = None
    line_terminator: str | None = None

    def to_descriptor(self) -> dict[str, Any]:
        """Frictionless dialect properties, only where they differ from the defaults."""
        out: dict[str, Any] = {}
        if self.delimiter != ",":
            out["delimiter"] = self.delimiter
        if self.quote_char != '"':
            out["quoteChar"] = self.quote_char
        if not self.double_quote:
            out["doubleQuote"] = False
        if self.escape_char:
            out["escapeChar"] = self.escape_char
        if not self.header:
            out["header"] = False
        if self.header_rows != (1,):
            out["headerRows"] = list(self.header_rows)
        if self.skip_initial_space:
            out["skipInitialSpace"] = True
        if self.comment_char:
            out["commentChar"] = self.comment_char
        return out

    @classmethod
    def from_descriptor(cls, data: dict[str, Any] | None) -> Dialect:
        data = data or {}
        # v1 puts CSV options at the top level; v2 may nest them under "csv"
        csv = data.get("csv") if isinstance(data.get("csv"), dict) else {}
        merged = {**data, **csv}  # type: ignore[dict-item]
        header_rows = merged.get("headerRows", [1])
        return cls(
            delimiter=str(merged.get("delimiter", ",")),
            quote_char=str(merged.get("quoteChar", '"')),
            double_quote=bool(merged.get("doubleQuote", True)),
            escape_char=merged.get("escapeChar"),
            header=bool(merged.get("header", True)),
            header_rows=tuple(int(x) for x in header_rows) if isinstance(header_rows, list) else (1,),
            skip_initial_space=bool(merged.get("skipInitialSpace", False)),
            comment_char=merged.get("commentChar"),
            line_terminator=merged.get("lineTerminator"),
        )


@dataclass
class Rows:
    """A small table read from a non-CSV source (XLSX, JSON, GeoJSON): strings as the source shows them.

    ``rows[0]`` is the header when ``has_header``; ``row_numbers[i]`` is the number a person would use to
    find ``rows[i]`` (spreadsheet row, array index + 1). ``notes`` carry what the reader noticed (title
    rows, merged header cells) as (code, params) pairs for the engine to turn into findings.
    """

    rows: list[list[str | None]]
    row_numbers: list[int]
    has_header: bool = True
    encoding: str | None = None
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
