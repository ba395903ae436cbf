"""Encoding and dialect detection on the real files of ../shared/realdata and on made-up German text."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from stadtdaten.core.i18n import get_translator
from stadtdaten.core.reading.sniff import NotTextError, SniffedDialect, detect_encoding, sniff_dialect
from tests.conftest import shared_path

GERMAN = "Straße;Größe;Bemerkung\nHauptstraße;12,5;gut\nÜbergang;3;Bäume an der Möhne\nÖlweg;7;süß\n"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_bielefeld_population_bom_semicolon() -> None:
    path = shared_path("realdata", "bielefeld-bevoelkerung", "bielefeld_bev_struktur_2000bis2019.csv")
    encoding = detect_encoding(path)
    assert (encoding.encoding, encoding.bom) == ("utf-8-sig", True)
    dialect = sniff_dialect(path, encoding)
    assert dialect.delimiter == ";"
    assert dialect.header_rows == (1,)
    assert dialect.total_rows == 17281
    assert dialect.footer_rows == () and dialect.preamble_rows == ()


def test_air_quality_footer_rows() -> None:
    path = shared_path("realdata", "bielefeld-luftqualitaet", "airquality_DENW200.csv")
    encoding = detect_encoding(path)
    assert encoding.encoding == "utf-8-sig"
    dialect = sniff_dialect(path, encoding)
    assert dialect.delimiter == ";"
    assert dialect.footer_rows == (8811, 8812)  # blank line, then the source note
    assert ("footer-rows", {"rows": "8811–8812"}) in dialect.notes


def test_steinfurt_utf16le_bom() -> None:
    path = shared_path("realdata", "steinfurt-windenergieanlagen", "steinfurt_wea_kataster_2014.csv")
    encoding = detect_encoding(path)
    assert encoding.encoding == "utf-16" and encoding.bom
    assert "UTF-16 LE" in encoding.reason
    dialect = sniff_dialect(path, encoding)
    assert dialect.delimiter == ","
    assert dialect.line_terminator == "\r\n"


@pytest.mark.parametrize("name", ["result_stimmbezirk_source.csv", "result_stadtbezirk_source.csv"])
def test_koeln_semicolon(name: str) -> None:
    path = shared_path("realdata", "koeln-bundestagswahl-2013", name)
    dialect = sniff_dialect(path, detect_encoding(path))
    assert dialect.delimiter == ";"


def test_frictionless_latin1_single_byte() -> None:
    path = shared_path("realdata", "frictionless-py-fixtures", "latin1.csv")
    encoding = detect_encoding(path)
    assert encoding.encoding == "latin-1"
    assert "0x80" in encoding.reason
    assert path.read_bytes().decode(encoding.encoding).endswith("2,©\n")  # the one high byte is 0xA9


def test_greek_iso_8859_7() -> None:
    path = shared_path("realdata", "frictionless-py-fixtures", "table-infer-iso-8859-7.csv")
    encoding = detect_encoding(path)
    assert encoding.encoding in ("iso8859-7", "cp1253")
    assert "Λεωνιδας" in path.read_bytes().decode(encoding.encoding)


def test_semicolon_fixture_and_comment_preamble() -> None:
    semicolon = shared_path("realdata", "frictionless-py-fixtures", "issue-1009-semicolon.csv")
    assert sniff_dialect(semicolon, detect_encoding(semicolon)).delimiter == ";"
    skip = shared_path("realdata", "frictionless-py-fixtures", "skip-rows-before-headers.csv")
    dialect = sniff_dialect(skip, detect_encoding(skip))
    assert dialect.preamble_rows == (1,)
    assert dialect.header_rows == (2,)
    assert dialect.to_descriptor() == {"headerRows": [2]}


def test_metadata_file_replacement_characters_and_footer() -> None:
    path = shared_path("realdata", "bielefeld-bevoelkerung", "metadateninfo.csv")
    encoding = detect_encoding(path)
    assert encoding.encoding == "utf-8"
    assert "U+FFFD" in encoding.reason
    dialect = sniff_dialect(path, encoding)
    assert dialect.delimiter == ";"
    assert dialect.footer_rows and max(dialect.footer_rows) == dialect.total_rows


@pytest.mark.parametrize(
    ("codec", "expected"),
    [("cp1252", "latin-1"), ("latin-1", "latin-1"), ("cp850", "cp850"), ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig")],
)
def test_german_text_in_each_encoding(tmp_path: Path, codec: str, expected: str) -> None:
    path = _write(tmp_path, "data.csv", GERMAN.encode(codec))
    guess = detect_encoding(path)
    assert guess.encoding == expected, guess.reason
    assert path.read_bytes().decode(guess.encoding).lstrip("\ufeff") == GERMAN


def test_cp1252_typographic_bytes(tmp_path: Path) -> None:
    text = GERMAN + "Zitat;„gut“ – 5 €;x\n"
    path = _write(tmp_path, "data.csv", text.encode("cp1252"))
    guess = detect_encoding(path, translator=get_translator("de"))
    assert guess.encoding == "cp1252"
    assert "0x80–0x9F gefunden" in guess.reason


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(tmp_path: Path, codec: str) -> None:
    path = _write(tmp_path, "data.csv", GERMAN.encode(codec))
    assert detect_encoding(path).encoding == codec


def test_utf16_be_with_bom_dialect(tmp_path: Path) -> None:
    path = _write(tmp_path, "data.csv", codecs.BOM_UTF16_BE + GERMAN.encode("utf-16-be"))
    guess = detect_encoding(path)
    assert guess.encoding == "utf-16" and "BE" in guess.reason
    assert sniff_dialect(path, guess).delimiter == ";"


def test_binary_file_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "data.csv", b"PK\x03\x04\x00\x00\x01\x02" * 50 + b"\x00\x00\xff")
    with pytest.raises(NotTextError):
        detect_encoding(path)


def test_big_file_is_sampled_and_footer_found(tmp_path: Path) -> None:
    rows = "".join(f"{i};{i * 3},5;Bezirk {i % 10}\n" for i in range(200_000))
    path = _write(tmp_path, "big.csv", ("id;wert;bezirk\n" + rows + "\nQuelle: Stadt Bielefeld\n").encode())
    guess = detect_encoding(path, sample_bytes=1 << 16)
    assert guess.encoding == "utf-8"
    dialect = sniff_dialect(path, guess, sample_bytes=1 << 14)
    assert isinstance(dialect, SniffedDialect)
    assert dialect.delimiter == ";"
    assert dialect.total_rows == 200_003
    assert dialect.footer_rows == (200_002, 200_003)


def test_tab_and_pipe(tmp_path: Path) -> None:
    for delimiter in ("\t", "|"):
        path = _write(tmp_path, "t.csv", GERMAN.replace(";", delimiter).encode())
        assert sniff_dialect(path, detect_encoding(path)).delimiter == delimiter


def test_title_row_before_header(tmp_path: Path) -> None:
    path = _write(tmp_path, "t.csv", ("Einwohner 2019;;\n" + GERMAN).encode())
    dialect = sniff_dialect(path, detect_encoding(path))
    assert dialect.preamble_rows == (1,)
    assert dialect.header_rows == (2,)


def test_empty_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "empty.csv", b"")
    dialect = sniff_dialect(path, detect_encoding(path))
    assert ("empty-file", {}) in dialect.notes
