"""XLSX, JSON/GeoJSON and the any-format sample reader, on real files and on small made-up ones."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from stadtdaten.core.dataset import Resource
from stadtdaten.core.errors import InputError
from stadtdaten.core.reading.jsonfile import JsonSyntaxError, read_json, rows_from_value
from stadtdaten.core.reading.sample import UnsupportedFormatError, read_sample
from stadtdaten.core.reading.sniff import detect_encoding, sniff_dialect
from stadtdaten.core.reading.xlsx import SheetNotFoundError, WorkbookError, read_xlsx, sheet_names
from tests.conftest import shared_path


def test_steinfurt_xlsx_first_sheet() -> None:
    rows = read_xlsx(shared_path("realdata", "steinfurt-windenergieanlagen", "steinfurt_wea_kataster_2014.xlsx"))
    header = rows.rows[0]
    assert header[0] is None  # the empty first column stays (a blank label the engine reports)
    assert header[1] == "Bezeichnung" and "Rotor-Durchmesser (m) " in header
    assert rows.rows[1][1:4] == ["A1", "Enercon", "1800"]
    assert rows.row_numbers[:2] == [1, 2]
    assert len(rows.rows) == 251


def test_multiline_headers_are_joined_along_merged_cells() -> None:
    rows = read_xlsx(shared_path("realdata", "frictionless-py-fixtures", "multiline-headers.xlsx"))
    assert rows.rows[0] == [
        "Region",
        "Caloric contribution (%)",
        "Cumulative impact of changes on cost of food basket from previous quarter",
        "Cumulative impact of changes on cost of food basket from baseline (%)",
    ]
    assert rows.row_numbers[:2] == [1, 6]
    code, params = rows.notes[0]
    assert code == "merged-header" and params["header_rows"] == "1–5"
    assert "C1:D3" in params["ranges"]


def test_merged_cells_reported() -> None:
    rows = read_xlsx(shared_path("realdata", "frictionless-py-fixtures", "merged-cells.xlsx"))
    assert [code for code, _ in rows.notes] == ["merged-header"]
    assert rows.rows[0][0] == "data"


def _workbook(path: Path, data: list[list[object]], title: str = "Daten") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row in data:
        sheet.append(row)
    second = workbook.create_sheet("Zweites")
    second.append(["x"])
    workbook.save(path)
    return path


def test_title_rows_and_named_sheet(tmp_path: Path) -> None:
    import datetime

    path = _workbook(
        tmp_path / "t.xlsx",
        [
            ["Bevölkerung 2019"],
            [],
            ["stat_id", "datum", "anteil", "ja"],
            ["05711000001", datetime.datetime(2019, 12, 31), 0.25, True],
        ],
    )
    rows = read_xlsx(path)
    assert rows.rows[0] == ["stat_id", "datum", "anteil", "ja"]
    assert rows.rows[1] == ["05711000001", "2019-12-31", "0.25", "true"]
    assert rows.row_numbers == [3, 4]
    assert rows.notes[0][0] == "title-rows" and rows.notes[0][1]["header_row"] == 3
    assert sheet_names(path) == ["Daten", "Zweites"]
    assert read_xlsx(path, "Zweites").rows == [["x"]]
    assert read_xlsx(path, 1).rows == [["x"]]
    with pytest.raises(SheetNotFoundError) as info:
        read_xlsx(path, "Fehlt")
    assert "Daten, Zweites" in str(info.value)


def test_broken_workbook(tmp_path: Path) -> None:
    path = tmp_path / "kaputt.xlsx"
    path.write_bytes(b"not a zip file")
    with pytest.raises(WorkbookError):
        read_xlsx(path)
    with pytest.raises(WorkbookError):
        read_xlsx(tmp_path / "old.xls")


def test_geojson_properties_and_geometry() -> None:
    rows = read_json(shared_path("realdata", "steinfurt-windenergieanlagen", "steinfurt_wea_kataster_2014.geojson"))
    header = rows.rows[0]
    assert header[0] == "Bezeichnung" and header[-1] == "geometry"
    assert "Rotor-Durchmesser (m)" in header  # no trailing space here, unlike the CSV
    first = dict(zip(header, rows.rows[1], strict=True))
    assert first["Rotor-Durchmesser (m)"] == "70,0"
    assert first["Rechtswert"] == "3391608"
    assert json.loads(str(first["geometry"]))["type"] == "Point"
    assert ("geojson-crs-member", {"crs": "urn:ogc:def:crs:OGC:1.3:CRS84"}) in rows.notes
    assert len(rows.rows) == 226


def test_nested_ttn_message_flattened() -> None:
    rows = read_json(shared_path("realdata", "bielefeld-lorawan-ttn", "dragino_ttn_payload.json"))
    assert "end_device_ids.dev_eui" in rows.rows[0]
    codes = [code for code, _ in rows.notes]
    assert "json-flattened" in codes and "json-not-tabular" in codes
    assert len(rows.rows) == 2


def test_json_shapes(tmp_path: Path) -> None:
    records = rows_from_value([{"a": 1, "b": {"c": True}}, {"a": 2.5, "d": None}])
    assert records.rows == [["a", "b.c", "d"], ["1", "true", None], ["2.5", None, None]]
    assert records.row_numbers == [0, 1, 2]
    arrays = rows_from_value([["id", "name"], [1, "x"], [2, "y"]])
    assert arrays.rows[0] == ["id", "name"] and arrays.row_numbers == [1, 2, 3]
    wrapped = rows_from_value({"meta": {"n": 1}, "records": [{"id": 1}]})
    assert wrapped.rows == [["id"], ["1"]]
    ndjson = tmp_path / "x.ndjson"
    ndjson.write_text('{"id": 1}\n\n{"id": 2, "x": [1, 2]}\n', encoding="utf-8")
    lines = read_json(ndjson)
    assert lines.rows == [["id", "x"], ["1", None], ["2", "[1,2]"]]
    assert lines.row_numbers == [0, 1, 3]
    broken = tmp_path / "broken.json"
    broken.write_text('[{"a": 1,}]', encoding="utf-8")
    with pytest.raises(JsonSyntaxError) as info:
        read_json(broken)
    assert "line 1" in str(info.value)
    latin = tmp_path / "latin.json"
    latin.write_bytes('[{"a": "Größe"}]'.encode("latin-1"))
    with pytest.raises(JsonSyntaxError):
        read_json(latin)


def test_read_sample_any_format_and_resource(tmp_path: Path) -> None:
    csv_path = shared_path("realdata", "bielefeld-bevoelkerung", "bielefeld_bev_struktur_2000bis2019.csv")
    rows = read_sample(csv_path, n=100)
    assert rows.rows[0][0] == "stichtag"  # BOM stripped
    assert rows.encoding == "utf-8-sig"
    assert len(rows.rows) == 101
    # spread sample: rows from the end of the file (sorted by district: Senne is last)
    assert any(r[1] == "Senne" for r in rows.rows[1:])
    resource = Resource({"name": "x", "data": [["a"], ["1"]]}, tmp_path)
    assert read_sample(resource).rows == [["a"], ["1"]]
    with pytest.raises(UnsupportedFormatError):
        read_sample(shared_path("realdata", "dkan-bielefeld", "opendataportals.ttl"))
    with pytest.raises(InputError):
        read_sample(tmp_path / "missing.csv")


def test_read_sample_skips_footer_and_preamble() -> None:
    path = shared_path("realdata", "bielefeld-luftqualitaet", "airquality_DENW200.csv")
    rows = read_sample(path)
    assert len(rows.rows) == 8810  # header + 8809 data rows, no blank line, no source note
    assert rows.row_numbers[-1] == 8810
    path = shared_path("realdata", "frictionless-py-fixtures", "skip-rows-before-headers.csv")
    rows = read_sample(path)
    assert rows.rows[0] == ["id", "name"]
    assert rows.row_numbers[0] == 2


def test_declared_encoding_and_dialect_win(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_bytes("a|b\n1|Größe\n".encode("cp1252"))
    resource = Resource({"name": "d", "path": "d.csv", "encoding": "cp1252", "dialect": {"delimiter": "|"}}, tmp_path)
    assert read_sample(resource).rows == [["a", "b"], ["1", "Größe"]]
    guess = detect_encoding(path)
    assert sniff_dialect(path, guess).delimiter == "|"
