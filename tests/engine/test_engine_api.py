"""The engine's public API: options, outcome, typed frame, findings (locations, params, German text), chunks."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import polars as pl
import pytest

from stadtdaten.core.dataset import Dataset, Resource, load_dataset
from stadtdaten.core.i18n import get_translator
from stadtdaten.core.reading.types import Dialect, EncodingGuess
from stadtdaten.quality.engine import EngineOptions, validate_dataset, validate_resource
from stadtdaten.schemas.model import TableSchema

SCHEMA = {
    "fields": [
        {"name": "id", "type": "string", "constraints": {"required": True, "pattern": "B-[0-9]{3}"}},
        {"name": "hoehe", "type": "number", "decimalChar": ",", "constraints": {"minimum": 0, "maximum": 60}},
        {"name": "gepflanzt", "type": "date", "format": "%d.%m.%Y"},
        {"name": "bezirk", "type": "string", "constraints": {"enum": ["Mitte", "Senne"]}},
        {"name": "ags", "type": "string"},
    ],
    "primaryKey": ["id"],
    "missingValues": ["", "-"],
}
ROWS = [
    "id;hoehe;gepflanzt;bezirk;ags",
    "B-001;12,5;31.12.2019;Mitte;05711000",
    "B-002;ca. 12;01.01.2020;Senne;05711000",
    "B-002;-1;31.02.2020;Bielefeld;05711000",
    "",
    "B-004;7;-;Mitte",
    "B-005;8;01.01.2021;Mitte;05711000;zu viel",
]


def _resource(tmp_path: Path, rows: list[str] = ROWS, encoding: str = "utf-8", name: str = "baeume.csv") -> Resource:
    (tmp_path / name).write_bytes(("\n".join(rows) + "\n").encode(encoding))
    return Resource({"name": "baeume", "path": name}, tmp_path)


def _validate(resource: Resource, **options: object) -> object:
    defaults: dict[str, object] = {"dialect": Dialect(delimiter=";"), "encoding": EncodingGuess("utf-8")}
    defaults.update(options)
    return validate_resource(resource, schema=TableSchema.from_descriptor(SCHEMA), options=EngineOptions(**defaults))  # type: ignore[arg-type]


def test_findings_locations_and_params(tmp_path: Path) -> None:
    outcome = _validate(_resource(tmp_path))
    found = {(f.location.row, f.location.field, f.code) for f in outcome.findings}  # type: ignore[attr-defined]
    assert found == {
        (3, "hoehe", "type-error"),
        (4, "hoehe", "constraint-error"),
        (4, "gepflanzt", "type-error"),
        (4, "bezirk", "constraint-error"),
        (4, None, "primary-key"),
        (5, None, "blank-row"),
        (5, None, "primary-key"),
        (6, "ags", "missing-cell"),
        (7, None, "extra-cell"),
    }
    by_code = {f.code: f for f in outcome.findings}  # type: ignore[attr-defined]
    pk = next(f for f in outcome.findings if f.code == "primary-key" and f.location.row == 4)  # type: ignore[attr-defined]
    assert pk.location.row_key == {"id": "B-002"}
    assert pk.params["previous"] == 3
    type_error = next(f for f in outcome.findings if f.code == "type-error")  # type: ignore[attr-defined]
    assert type_error.params["cell"] == "ca. 12"
    assert type_error.location.field_number == 2
    german = type_error.message(get_translator("de"))
    assert german == "Zeile 3, Feld „hoehe“: „ca. 12“ ist keine Zahl. Erwartet: Zahl mit Dezimalkomma, z. B. 12,5"
    assert "is not a number" in type_error.message()
    assert by_code["extra-cell"].params["cell"] == "zu viel"
    json.dumps([f.to_dict(get_translator("de")) for f in outcome.findings])  # type: ignore[attr-defined]


def test_typed_frame(tmp_path: Path) -> None:
    outcome = _validate(_resource(tmp_path))
    frame = outcome.frame  # type: ignore[attr-defined]
    assert frame.columns == ["_row", "id", "hoehe", "gepflanzt", "bezirk", "ags"]
    assert frame["_row"].to_list() == [2, 3, 4, 5, 6, 7]
    assert frame.schema["hoehe"] == pl.Float64
    assert frame.schema["gepflanzt"] == pl.Date
    assert frame["hoehe"].to_list() == [12.5, None, -1.0, None, 7.0, 8.0]
    assert frame["ags"].to_list()[0] == "05711000"
    assert frame["gepflanzt"].to_list()[2] is None
    assert frame["ags"].to_list()[4] is None  # a missing cell is null
    assert outcome.stats.rows == 6  # type: ignore[attr-defined]


def test_max_findings_counts_the_rest(tmp_path: Path) -> None:
    rows = ["id;hoehe;gepflanzt;bezirk;ags"] + [f"B-{i:03d};x;;;" for i in range(50)]
    outcome = _validate(_resource(tmp_path, rows), max_findings=10)
    assert len(outcome.findings) == 10  # type: ignore[attr-defined]
    assert outcome.omitted == {"type-error": 40}  # type: ignore[attr-defined]
    assert [f.location.row for f in outcome.findings] == list(range(2, 12))  # type: ignore[attr-defined]
    assert _validate(_resource(tmp_path, rows), keep_frame=False).frame is None  # type: ignore[attr-defined]


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-8-sig", "latin-1"])
def test_encodings_are_transcoded(tmp_path: Path, encoding: str) -> None:
    rows = [*ROWS[:2], "B-003;3;01.01.2020;Mitte;Jöllenbeck ÄÖÜß"]
    resource = _resource(tmp_path, rows, encoding=encoding)
    outcome = _validate(resource, encoding=EncodingGuess(encoding))
    assert not outcome.findings  # type: ignore[attr-defined]
    assert outcome.frame["ags"].to_list()[-1] == "Jöllenbeck ÄÖÜß"  # type: ignore[attr-defined]


def test_invalid_utf8_is_reported_and_read_on(tmp_path: Path) -> None:
    (tmp_path / "bad.csv").write_bytes(b"id;hoehe;gepflanzt;bezirk;ags\nB-001;1;01.01.2020;Mitte;J\xf6llenbeck\n")
    outcome = _validate(Resource({"name": "bad", "path": "bad.csv"}, tmp_path))
    codes = [f.code for f in outcome.findings]  # type: ignore[attr-defined]
    assert codes == ["encoding-error"]
    assert outcome.findings[0].params["line"] == 2  # type: ignore[attr-defined]
    assert outcome.frame["ags"].to_list() == ["J\ufffdllenbeck"]  # type: ignore[attr-defined]


def test_schema_errors_are_findings_not_exceptions(tmp_path: Path) -> None:
    schema = TableSchema.from_descriptor(
        {
            "fields": [
                {"name": "id", "type": "magic"},
                {"name": "hoehe", "type": "number", "constraints": {"minimum": "abc", "pattern": "x"}},
                {"name": "id"},
            ],
            "primaryKey": ["nope"],
        }
    )
    notes = [f.params["note"] for f in schema.findings]
    assert len(notes) == 4, notes
    assert all(f.code == "schema-error" for f in schema.findings)
    outcome = validate_resource(
        _resource(tmp_path), schema=schema, options=EngineOptions(dialect=Dialect(delimiter=";"), encoding=EncodingGuess("utf-8"))
    )
    assert {f.code for f in outcome.findings} >= {"schema-error"}
    assert TableSchema.from_descriptor([1, 2]).findings[0].code == "schema-error"  # type: ignore[arg-type]


def test_chunked_mode_equals_in_memory(tmp_path: Path) -> None:
    rows = ["id;hoehe;gepflanzt;bezirk;ags"]
    for i in range(3000):
        ident = f"B-{i % 997:03d}" if i % 7 else f"B-{i:03d}"  # duplicates across chunk boundaries
        rows.append(f"{ident};{i % 70},5;01.0{1 + i % 9}.2020;{'Mitte' if i % 11 else 'Nord'};0571100{i % 10}")
        if i % 500 == 0:
            rows.append("")
    resource = _resource(tmp_path, rows)
    whole = _validate(resource, max_findings=None)
    chunked = _validate(resource, max_findings=None, chunk_rows=128)
    key = lambda f: (f.location.row, f.location.field, f.code, f.params.get("previous"))  # noqa: E731
    assert sorted(map(key, chunked.findings), key=str) == sorted(map(key, whole.findings), key=str)  # type: ignore[attr-defined]
    assert chunked.stats.rows == whole.stats.rows  # type: ignore[attr-defined]
    assert chunked.frame is None  # type: ignore[attr-defined]
    transcoded = _resource(tmp_path, rows, encoding="utf-16", name="utf16.csv")
    chunked16 = _validate(transcoded, max_findings=None, chunk_rows=100, encoding=EncodingGuess("utf-16"))
    assert sorted(map(key, chunked16.findings), key=str) == sorted(map(key, whole.findings), key=str)  # type: ignore[attr-defined]


def test_dataset_with_foreign_keys_and_library_schema(tmp_path: Path) -> None:
    (tmp_path / "bezirke.csv").write_text("id,name\n0,Mitte\n1,Schildesche\n", encoding="utf-8")
    (tmp_path / "baeume.csv").write_text("id,bezirk\n1,0\n2,1\n3,9\n4,\n", encoding="utf-8")
    (tmp_path / "baeume.schema.json").write_text(
        json.dumps(
            {
                "fields": [{"name": "id", "type": "integer"}, {"name": "bezirk", "type": "integer"}],
                "foreignKeys": [{"fields": "bezirk", "reference": {"resource": "bezirke", "fields": "id"}}],
            }
        ),
        encoding="utf-8",
    )
    descriptor = {
        "name": "baeume",
        "resources": [
            {
                "name": "bezirke",
                "path": "bezirke.csv",
                "schema": {"fields": [{"name": "id", "type": "integer"}, {"name": "name"}]},
            },
            {"name": "baeume", "path": "baeume.csv", "schema": "baeume.schema.json"},
            {"name": "extern", "path": "bezirke.csv", "schema": "library:does-not-exist@9"},
        ],
    }
    outcomes = {o.resource: o for o in validate_dataset(Dataset(descriptor, tmp_path))}
    assert [(f.location.row, f.code) for f in outcomes["baeume"].findings] == [(4, "foreign-key")]
    assert outcomes["baeume"].findings[0].params["key_values"] == "9"
    assert [f.code for f in outcomes["extern"].findings] == ["schema-error"]
    assert outcomes["bezirke"].frame is not None


def test_bare_file_without_schema_checks_structure(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text("a,b,a\n1,2\n\n", encoding="utf-8")
    outcomes = validate_dataset(load_dataset(tmp_path / "x.csv"))
    assert {(f.location.row, f.code) for f in outcomes[0].findings} == {
        (None, "duplicate-label"),
        (2, "missing-cell"),
        (3, "blank-row"),
    }


def test_missing_file_is_a_finding(tmp_path: Path) -> None:
    outcome = validate_resource(Resource({"name": "x", "path": "nope.csv"}, tmp_path))
    assert [f.code for f in outcome.findings] == ["source-error"]


def test_bom_and_crlf(tmp_path: Path) -> None:
    (tmp_path / "bom.csv").write_bytes(
        codecs.BOM_UTF8 + b"id;hoehe;gepflanzt;bezirk;ags\r\nB-001;1;01.01.2020;Mitte;05711000\r\n"
    )
    outcome = _validate(Resource({"name": "bom", "path": "bom.csv"}, tmp_path))
    assert not outcome.findings  # type: ignore[attr-defined]


def test_declared_bytes_and_hash(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text("a\n1\n", encoding="utf-8")
    resource = Resource({"name": "x", "path": "x.csv", "bytes": 3, "hash": "sha256:00"}, tmp_path)
    codes = sorted(f.code for f in validate_resource(resource).findings)
    assert codes == ["byte-count", "hash-count"]
    import hashlib

    good = hashlib.md5(b"a\n1\n").hexdigest()
    assert not validate_resource(Resource({"name": "x", "path": "x.csv", "bytes": 4, "hash": good}, tmp_path)).findings
