"""Encoding and CSV dialect detection from a sample of the file, never from the whole of it.

Why not just ask a charset detector: on the short or mostly-ASCII files municipalities publish, statistical
detectors guess badly (frictionless's ``latin1.csv`` has a single ``0xE9`` byte and charset-normalizer
calls it CP932). So the order here is: byte-order marks, a strict UTF-8 decode, then byte statistics that
know German (umlauts in CP1252/Latin-1 at 0xE4/0xF6/0xFC, in CP850 at 0x84/0x94/0x81; the CP1252-only
typographic bytes 0x80–0x9F; CP850's box-drawing range), a small letter-frequency test for non-Latin
single-byte scripts, and charset-normalizer only to break a tie. Every guess carries its ``reason`` so that
``stadtdaten describe`` can tell the steward *why* ("CP1252: Bytes 0x80–0x9F gefunden").

The dialect sniffer parses the first records with each candidate delimiter and keeps the one that gives the
most consistent field count; it then finds title/preamble rows before the header and footer rows after the
data (reading the tail of big files separately, so it stays fast).
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stadtdaten.core.errors import InputError
from stadtdaten.core.i18n import Translator, get_translator
from stadtdaten.core.reading import notes as _notes  # noqa: F401  (registers title-rows, footer-rows, empty-file)
from stadtdaten.core.reading.types import Dialect, EncodingGuess

DEFAULT_SAMPLE_BYTES = 1 << 20
"""Head of the file used for encoding detection (plus 1/8 of it from the middle and from the end)."""
DIALECT_SAMPLE_BYTES = 256 * 1024
DIALECT_SAMPLE_RECORDS = 2000
COUNT_ROWS_UP_TO = 64 * 1024 * 1024
"""Files up to this size get an exact row count (a fast byte scan); bigger ones only when footer rows need numbers."""
DELIMITERS = (";", ",", "\t", "|")

_GERMAN = set("äöüÄÖÜß")
_TYPOGRAPHIC = set("€„“”‚‘’–—…•°§µ²³½¼¾·«»×÷©®™¹£¥¢¬±¤")
_CTX = "sniff"

# Letter frequencies (most common lower-case letters) for the non-Latin single-byte scripts we try.
_SCRIPT_LETTERS = {
    "greek": set("αεινοστςηυρκμπλ"),
    "cyrillic": set("оеаинтсрвлкмдпу"),
}
_SCRIPT_NAMES = {"greek": "Greek", "cyrillic": "Cyrillic"}
_NON_LATIN_CANDIDATES = (
    ("iso8859-7", "greek"),
    ("cp1253", "greek"),
    ("cp1251", "cyrillic"),
    ("koi8-r", "cyrillic"),
    ("iso8859-5", "cyrillic"),
)


class NotTextError(InputError):
    """The file is binary (NUL bytes that are not UTF-16): it cannot be read as CSV."""

    code = "not-text"
    template = "{path} is not a text file ({detail})"
    hint = "Export the table as CSV (UTF-8) or name the right format (xlsx, json, parquet) in the descriptor."


# ---------------------------------------------------------------------------------------------- encoding


def _t(translator: Translator | None) -> Translator:
    return translator or get_translator("en")


def _reason(translator: Translator | None, template: str, **params: Any) -> str:
    return _t(translator).format(_CTX, template, params)


def _read_chunks(path: Path, sample_bytes: int) -> tuple[list[bytes], bool]:
    """Head, middle and tail of the file (or the whole file when small) and whether it was whole."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            if size <= sample_bytes + sample_bytes // 4:
                return [handle.read()], True
            head = handle.read(sample_bytes)
            part = max(sample_bytes // 8, 4096)
            handle.seek(size // 2)
            middle = handle.read(part)
            handle.seek(max(size - part, 0))
            tail = handle.read()
            return [head, middle, tail], False
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), path=str(path)) from exc


def _utf8_ok(chunks: list[bytes], whole: bool) -> tuple[bool, int | None]:
    """Strictly decode every chunk as UTF-8; continuation bytes cut at chunk borders are tolerated."""
    offset = 0
    for index, chunk in enumerate(chunks):
        data = chunk
        if index > 0:  # a chunk from the middle may start inside a multi-byte sequence
            skip = 0
            while skip < 3 and skip < len(data) and 0x80 <= data[skip] <= 0xBF:
                skip += 1
            data = data[skip:]
        decoder = codecs.getincrementaldecoder("utf-8")("strict")
        final = whole or index == len(chunks) - 1
        try:
            decoder.decode(data, final=final)
        except UnicodeDecodeError as exc:
            return False, offset + exc.start
        offset += len(chunk)
    return True, None


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 without BOM: ASCII text has a NUL in every other byte."""
    probe = head[:4096]
    half = len(probe) // 2
    if half < 8:
        return None
    zeros_even = sum(1 for i in range(0, len(probe) - 1, 2) if probe[i] == 0)
    zeros_odd = sum(1 for i in range(1, len(probe), 2) if probe[i] == 0)
    if zeros_odd > 0.4 * half and zeros_even < 0.05 * half:
        return "utf-16-le"
    if zeros_even > 0.4 * half and zeros_odd < 0.05 * half:
        return "utf-16-be"
    return None


def detect_encoding(
    path: Path, sample_bytes: int = DEFAULT_SAMPLE_BYTES, *, translator: Translator | None = None
) -> EncodingGuess:
    """Guess the encoding of a text file from a sample; the ``reason`` says why (in the translator's language).

    Raises :class:`NotTextError` for binary files (so a wrong guess never turns bytes into garbage text).
    """
    path = Path(path)
    chunks, whole = _read_chunks(path, sample_bytes)
    head = chunks[0]
    if head.startswith(codecs.BOM_UTF8):
        ok, bad = _utf8_ok([head[3:], *chunks[1:]], whole)
        if ok:
            return EncodingGuess("utf-8-sig", 1.0, True, _reason(translator, "UTF-8 with byte-order mark (EF BB BF)"))
        return EncodingGuess(
            "utf-8-sig",
            0.6,
            True,
            _reason(translator, "UTF-8 byte-order mark, but invalid UTF-8 at byte {offset}: mixed encodings?", offset=bad),
        )
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return EncodingGuess("utf-32", 1.0, True, _reason(translator, "UTF-32 byte-order mark"))
    if head.startswith(codecs.BOM_UTF16_LE):
        return EncodingGuess("utf-16", 1.0, True, _reason(translator, "UTF-16 LE with byte-order mark (FF FE)"))
    if head.startswith(codecs.BOM_UTF16_BE):
        return EncodingGuess("utf-16", 1.0, True, _reason(translator, "UTF-16 BE with byte-order mark (FE FF)"))
    utf16 = _utf16_without_bom(head)
    if utf16:
        return EncodingGuess(
            utf16,
            0.8,
            False,
            _reason(translator, "{encoding} without byte-order mark (every other byte is 0x00)", encoding=utf16.upper()),
        )
    if b"\x00" in head:
        raise NotTextError(f"NUL bytes at offset {head.index(0)}", path=str(path))
    if all(chunk.isascii() for chunk in chunks):
        sampled = "" if whole else _reason(translator, " (sampled)")
        return EncodingGuess(
            "utf-8",
            1.0 if whole else 0.95,
            False,
            _reason(translator, "only ASCII bytes{sampled}: UTF-8 compatible", sampled=sampled),
        )
    ok, bad = _utf8_ok(chunks, whole)
    if ok:
        text = b"".join(chunks).decode("utf-8", errors="replace")
        replacement = text.count("\ufffd")
        if replacement:
            return EncodingGuess(
                "utf-8",
                1.0,
                False,
                _reason(
                    translator,
                    "valid UTF-8, but with {count} replacement characters (U+FFFD): letters were lost in an earlier conversion",
                    count=replacement,
                ),
            )
        return EncodingGuess("utf-8", 1.0 if whole else 0.95, False, _reason(translator, "valid UTF-8 with non-ASCII characters"))
    return _single_byte(b"".join(chunks), bad, translator)


def _score_single_byte(sample: bytes, encoding: str) -> float | None:
    """How German/Western-European the high bytes look when decoded as ``encoding``; None if impossible."""
    try:
        text = sample.decode(encoding)
    except UnicodeDecodeError:
        return None
    score = 0.0
    seen = 0
    for match in re.finditer(r"[^\x00-\x7f]", text):
        seen += 1
        if seen > 20000:
            break
        char = match.group()
        start = match.start()
        before = text[start - 1] if start else " "
        after = text[start + 1] if start + 1 < len(text) else " "
        in_word = before.isalpha() or after.isalpha()
        category = unicodedata.category(char)
        if char in _GERMAN:
            score += 3 + (1 if in_word else 0)
        elif char.isalpha():
            score += 1 + (1 if in_word else 0)
        elif char in _TYPOGRAPHIC:
            score += 1
        elif category.startswith("C"):
            score -= 5
        elif 0x2500 <= ord(char) <= 0x259F:  # box drawing and blocks (CP850 0xB0-0xDF)
            score -= 2
        else:
            score -= 1
    return score / max(seen, 1)


def _high_byte_runs(sample: bytes) -> float:
    """Share of high bytes that sit next to another high byte: German has few, Greek/Cyrillic text many."""
    runs = [len(m.group()) for m in re.finditer(rb"[\x80-\xff]+", sample[:200000])]
    total = sum(runs)
    return sum(r for r in runs if r > 1) / total if total else 0.0


def _script_score(sample: bytes, encoding: str, script: str) -> float:
    """Share of common letters of the script, minus words whose case flips (KOI8-R read as Greek, ...)."""
    try:
        text = sample.decode(encoding)
    except UnicodeDecodeError:
        return -1.0
    words = re.findall(r"[^\W\d_]+", text)
    letters = [c.lower() for word in words for c in word if ord(c) >= 0x80]
    if not letters:
        return -1.0
    common = _SCRIPT_LETTERS[script]
    frequency = sum(1 for c in letters if c in common) / len(letters)
    non_latin = [w for w in words if any(ord(c) >= 0x80 for c in w)]
    flips = sum(1 for w in non_latin if any(a.islower() and b.isupper() for a, b in itertools.pairwise(w)))
    return frequency - flips / max(len(non_latin), 1)


def _single_byte(sample: bytes, bad_offset: int | None, translator: Translator | None) -> EncodingGuess:
    c1 = len(re.findall(rb"[\x80-\x9f]", sample))
    runs = _high_byte_runs(sample)
    if runs > 0.5:
        scored = sorted(((_script_score(sample, enc, script), enc) for enc, script in _NON_LATIN_CANDIDATES), reverse=True)
        best_score, best = scored[0]
        if best_score >= 0.4:
            return EncodingGuess(
                best,
                round(min(0.9, best_score), 2),
                False,
                _reason(
                    translator,
                    "runs of high bytes decode to common letters ({script}); not UTF-8 (invalid byte at {offset})",
                    offset=bad_offset,
                    script=_reason(translator, _SCRIPT_NAMES[dict(_NON_LATIN_CANDIDATES)[best]]),
                ),
            )
    candidates: dict[str, float] = {}
    for encoding, prior in (("cp1252", 0.05), ("latin-1", 0.05), ("cp850", 0.0)):
        score = _score_single_byte(sample, encoding)
        if score is not None:
            candidates[encoding] = score + prior
    if c1 == 0 and "cp1252" in candidates:
        candidates["latin-1"] += 0.01  # identical text: name the simpler one
    ranked = sorted(candidates.items(), key=lambda item: item[1], reverse=True)
    best, best_score = ranked[0]
    same_text = len(ranked) > 1 and {ranked[0][0], ranked[1][0]} == {"cp1252", "latin-1"} and c1 == 0
    others = [score for name, score in ranked[1:] if not (same_text and name in ("cp1252", "latin-1"))]
    margin = best_score - (others[0] if others else -10.0)
    tie_break = ""
    if margin < 0.2 and len(ranked) > 1 and not same_text:
        suggestion = _charset_normalizer(sample)
        names = {"cp1252": "cp1252", "windows-1252": "cp1252", "latin_1": "latin-1", "iso-8859-1": "latin-1", "cp850": "cp850"}
        if suggestion and names.get(suggestion) in (ranked[0][0], ranked[1][0]) and names[suggestion] != best:
            best = names[suggestion]
            tie_break = _reason(translator, "; charset-normalizer broke the tie")
    confidence = round(max(0.3, min(0.95, 0.5 + margin / 4)), 2)
    if best == "cp1252":
        text = _reason(
            translator,
            "{count} bytes in 0x80–0x9F found (Windows characters such as „ “ – €); not UTF-8 (invalid byte at {offset})",
            offset=bad_offset,
            count=c1,
        )
    elif best == "cp850":
        text = _reason(
            translator,
            "umlauts at the DOS positions 0x84/0x94/0x81; not UTF-8 (invalid byte at {offset})",
            offset=bad_offset,
        )
    else:
        text = _reason(
            translator,
            "no bytes in 0x80–0x9F (CP1252 would read the same); not UTF-8 (invalid byte at {offset})",
            offset=bad_offset,
        )
    return EncodingGuess(best, confidence, False, text + tie_break)


def _charset_normalizer(sample: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    best = from_bytes(sample[:65536]).best()
    return best.encoding.replace("_", "-") if best is not None else None


# ---------------------------------------------------------------------------------------------- dialect


@dataclass(frozen=True)
class SniffedDialect(Dialect):
    """A :class:`Dialect` plus what the sniffer saw around the table; the extra fields are never written.

    ``preamble_rows``: title, comment or blank rows before the header (1-based file row numbers).
    ``footer_rows``: footnote, source or blank rows after the last data row. ``total_rows``: records in the
    file when known (whole file read or counted). ``notes``: (code, params) for the engine/describe.
    """

    preamble_rows: tuple[int, ...] = ()
    footer_rows: tuple[int, ...] = ()
    total_rows: int | None = None
    confidence: float = 1.0
    reason: str = ""
    notes: tuple[tuple[str, dict[str, Any]], ...] = field(default=())

    def plain(self) -> Dialect:
        """The dialect without the sniffing notes (compares equal to a hand-written one)."""
        return Dialect(
            delimiter=self.delimiter,
            quote_char=self.quote_char,
            double_quote=self.double_quote,
            escape_char=self.escape_char,
            header=self.header,
            header_rows=self.header_rows,
            skip_initial_space=self.skip_initial_space,
            comment_char=self.comment_char,
            line_terminator=self.line_terminator,
        )


def _decode_head(path: Path, encoding: EncodingGuess, sample_bytes: int) -> tuple[str, bool]:
    """The first ``sample_bytes`` as text, cut at the last complete line unless it is the whole file."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            raw = handle.read(sample_bytes)
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), path=str(path)) from exc
    whole = len(raw) >= size
    decoder = codecs.getincrementaldecoder(_codec(encoding))("replace")
    text = decoder.decode(raw, final=whole)
    if text.startswith("\ufeff"):
        text = text[1:]
    if not whole:
        cut = text.rfind("\n")
        if cut > 0:
            text = text[: cut + 1]
    return text, whole


def _codec(encoding: EncodingGuess) -> str:
    name = encoding.encoding.lower()
    if name in ("utf-8", "utf8") and encoding.bom:
        return "utf-8-sig"
    return name


def _parse(text: str, delimiter: str, quote_char: str = '"', limit: int = DIALECT_SAMPLE_RECORDS) -> list[list[str]]:
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))  # geometry columns exceed the 128 KiB default
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar=quote_char, strict=False)
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(row)
            if len(rows) >= limit:
                break
    except csv.Error:
        pass
    return rows


def _consistency(rows: list[list[str]]) -> tuple[float, int]:
    """(share of non-blank rows having the most common field count, that count)."""
    counts = Counter(len(r) for r in rows if any(cell.strip() for cell in r))
    if not counts:
        return 0.0, 0
    mode, hits = counts.most_common(1)[0]
    return hits / sum(counts.values()), mode


def _choose_delimiter(text: str) -> tuple[str, float, int, list[list[str]]]:
    best: tuple[float, int, str, list[list[str]]] = (-1.0, 0, ",", [])
    results = {}
    for delimiter in DELIMITERS:
        if delimiter not in text:
            continue
        rows = _parse(text, delimiter)
        share, mode = _consistency(rows)
        results[delimiter] = (share, mode, rows)
        # a delimiter must split rows; more columns win only when equally consistent
        score = share if mode > 1 else 0.0
        key = (round(score, 2), mode)
        if key > (round(best[0], 2), best[1]):
            best = (score, mode, delimiter, rows)
    if best[0] <= 0:
        rows = results.get(",", (0.0, 1, _parse(text, ",")))[2]
        return ",", 0.3, 1, rows
    return best[2], best[0], best[1], best[3]


_NUMERIC = re.compile(r"^\s*[-+]?(\d+([.,]\d+)*|\d*[.,]\d+)\s*$")


def _is_blank(row: list[str]) -> bool:
    return not any(cell.strip() for cell in row)


def _filled(row: list[str]) -> int:
    return sum(1 for cell in row if cell.strip())


def _note_like(row: list[str], mode: int, typical_filled: float) -> bool:
    """A row that is not data: blank, a ``#`` comment, or a single text cell (a title, a footnote, a source)."""
    if _is_blank(row):
        return True
    if row and row[0].lstrip().startswith("#"):
        return True
    filled = [cell for cell in row if cell.strip()]
    if len(filled) != 1 or _NUMERIC.match(filled[0]) or not any(c.isalpha() for c in filled[0]):
        return False
    return typical_filled >= 3 or (len(row) != mode and mode >= 2)


def byte_codec(path: Path, encoding: EncodingGuess) -> str:
    """A codec without BOM handling, for decoding a slice from the middle or the end of the file."""
    name = _codec(encoding).replace("-sig", "")
    if name in ("utf-16", "utf-32"):
        with path.open("rb") as handle:
            start = handle.read(4)
        if name == "utf-32":
            return "utf-32-be" if start.startswith(codecs.BOM_UTF32_BE) else "utf-32-le"
        return "utf-16-be" if start.startswith(codecs.BOM_UTF16_BE) else "utf-16-le"
    return name


def _count_records(path: Path, encoding: EncodingGuess) -> int:
    """Lines in the file (records when no quoted field spans lines); fast byte counting."""
    newline = "\n".encode(byte_codec(path, encoding))
    count = 0
    last = b""
    with path.open("rb") as handle:
        while block := handle.read(1 << 22):
            count += block.count(newline)
            last = block
    if last and not last.endswith(newline):
        count += 1
    return count


def _tail_records(path: Path, encoding: EncodingGuess, delimiter: str, quote_char: str, nbytes: int = 65536) -> list[list[str]]:
    size = path.stat().st_size
    with path.open("rb") as handle:
        handle.seek(max(size - nbytes, 0))
        raw = handle.read()
    codec = byte_codec(path, encoding)
    width = 4 if codec.startswith("utf-32") else 2 if codec.startswith("utf-16") else 1
    raw = raw[len(raw) % width :]
    text = raw.decode(codec, errors="replace")
    first = text.find("\n")
    text = text[first + 1 :] if first >= 0 else text
    return _parse(text, delimiter, quote_char, limit=10**9)


def sniff_dialect(
    path: Path,
    encoding: EncodingGuess,
    *,
    sample_bytes: int = DIALECT_SAMPLE_BYTES,
    translator: Translator | None = None,
) -> SniffedDialect:
    """Delimiter, quoting, header row(s), preamble and footer rows of a CSV file, from a sample.

    The returned :class:`SniffedDialect` is a :class:`Dialect`; ``to_descriptor()`` writes only the
    Frictionless properties. Preamble rows move ``header_rows`` to the real header; footer rows are only
    reported (the steward should remove them: DS-TRANS-022), never hidden.
    """
    path = Path(path)
    text, whole = _decode_head(path, encoding, sample_bytes)
    line_terminator = "\r\n" if "\r\n" in text[:65536] else ("\r" if "\r" in text[:65536] and "\n" not in text[:65536] else "\n")
    if not text.strip():
        return SniffedDialect(
            total_rows=0,
            confidence=0.0,
            reason=_reason(translator, "the file is empty"),
            notes=(("empty-file", {}),),
        )
    delimiter, share, mode, rows = _choose_delimiter(text)
    quote_char = '"'
    double_quote = True
    escape_char = None
    if '\\"' in text and '""' not in text:
        escape_char, double_quote = "\\", False
        rows = _parse(text, delimiter, quote_char)
    skip_initial_space = False
    plain_count = text.count(delimiter)
    if plain_count and text.count(delimiter + " ") / plain_count > 0.8:
        skip_initial_space = True

    typical = sorted(_filled(r) for r in rows if len(r) == mode)
    typical_filled = typical[len(typical) // 2] if typical else 0
    # preamble: note-like rows (title, comment, blank) before the header
    start = 0
    while start < len(rows) - 1 and start < 50 and _note_like(rows[start], mode, typical_filled):
        start += 1
    if start and _filled(rows[start]) < 2:
        start = 0  # no header after the notes: do not guess
    preamble = tuple(range(1, start + 1))
    comment_char = None
    if any(r and r[0].lstrip().startswith("#") for r in rows[start + 1 :]):
        comment_char = "#"

    header_row = rows[start] if rows else []
    body = [r for r in rows[start + 1 :] if not _is_blank(r)]
    header = True
    if (
        header_row
        and len(header_row) > 1
        and all(_NUMERIC.match(c) for c in header_row if c.strip())
        and _filled(header_row) == len(header_row)
    ):
        years = [c.strip() for c in header_row]
        looks_like_years = all(len(y) == 4 and y.isdigit() for y in years) and years == sorted(years)
        if not looks_like_years and body and all(_NUMERIC.match(c) for c in body[0] if c.strip()):
            header = False

    # footer: trailing note-like rows (from the sample when whole, else from the file's tail)
    total_rows: int | None
    notes: list[tuple[str, dict[str, Any]]] = []
    if whole:
        all_rows = _parse(text, delimiter, quote_char, limit=10**9)
        total_rows = len(all_rows)
        tail = all_rows
    else:
        tail = _tail_records(path, encoding, delimiter, quote_char)
        needs_count = path.stat().st_size <= COUNT_ROWS_UP_TO or (tail and _note_like(tail[-1], mode, typical_filled))
        total_rows = _count_records(path, encoding) if needs_count else None
    footer: list[int] = []
    last = total_rows if total_rows is not None else len(tail)
    index = len(tail) - 1
    while index >= 0 and len(footer) < 50 and _note_like(tail[index], mode, typical_filled):
        footer.append(last - (len(tail) - 1 - index))
        index -= 1
    has_note = any(not _is_blank(tail[len(tail) - 1 - (last - r)]) for r in footer)
    if not has_note or index < 0 or (whole and index <= start):
        footer = []  # trailing blank rows only (the engine reports blank-row), or nothing but notes
    footer_rows = tuple(sorted(r for r in footer if r > start + 1))
    if preamble:
        notes.append(("title-rows", {"rows": _ranges(preamble), "header_row": start + 1}))
    if footer_rows:
        notes.append(("footer-rows", {"rows": _ranges(footer_rows)}))

    reason = _reason(
        translator,
        "{share} of the sampled rows have {columns} fields",
        share=f"{math.floor(share * 100)}%",
        columns=mode,
    )
    header_rows = (start + 1,) if header else (1,)
    return SniffedDialect(
        delimiter=delimiter,
        quote_char=quote_char,
        double_quote=double_quote,
        escape_char=escape_char,
        header=header,
        header_rows=header_rows,
        skip_initial_space=skip_initial_space,
        comment_char=comment_char,
        line_terminator=line_terminator,
        preamble_rows=preamble,
        footer_rows=footer_rows,
        total_rows=total_rows,
        confidence=round(share, 2),
        reason=reason,
        notes=tuple(notes),
    )


def _ranges(numbers: tuple[int, ...] | list[int]) -> str:
    """``1, 2, 3, 7`` -> ``1–3, 7`` (for messages)."""
    out: list[str] = []
    ordered = sorted(numbers)
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        out.append(str(ordered[i]) if i == j else f"{ordered[i]}–{ordered[j]}")
        i = j + 1
    return ", ".join(out)
