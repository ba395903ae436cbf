"""The library of municipal Table Schemas and the ``schemas`` command."""

from __future__ import annotations

import json

import pytest
import yaml

from stadtdaten.cli import run_cli
from stadtdaten.core.errors import UsageError
from stadtdaten.schemas.library import UnknownSchemaError, list_schemas, load_schema, resolve, version_key

REQUIRED = {"baumkataster", "bevoelkerung-statistische-bezirke", "sensor-zeitreihe", "wahlergebnisse-stimmbezirk"}


def test_required_schemas_exist_with_versions() -> None:
    infos = list_schemas()
    assert {i.name for i in infos} >= REQUIRED
    for info in infos:
        assert info.ref == f"library:{info.name}@{info.version}"
        assert info.title and info.fields > 0


def test_load_by_name_and_exact_version() -> None:
    latest = load_schema("bevoelkerung-statistische-bezirke")
    exact = load_schema("library:bevoelkerung-statistische-bezirke@1.0.0")
    assert latest == exact
    count = next(f for f in exact["fields"] if f["name"] == "einwohnerzahl")
    assert count["disclosure"] == "count"
    stat_id = next(f for f in exact["fields"] if f["name"] == "stat_id")
    assert stat_id["type"] == "string"
    latest["fields"].clear()  # a copy: the library stays intact
    assert load_schema("bevoelkerung-statistische-bezirke")["fields"]


@pytest.mark.parametrize("ref", ["nope", "library:baumkataster@9.9.9", "library:", "Baum Kataster"])
def test_unknown_reference_lists_the_available(ref: str) -> None:
    with pytest.raises(UnknownSchemaError) as info:
        load_schema(ref)
    assert isinstance(info.value, UsageError)
    assert "baumkataster@1.0.0" in str(info.value)


def test_version_order() -> None:
    assert version_key("1.10.0") > version_key("1.9.0") > version_key("1.0.0")
    assert resolve("sensor-zeitreihe") == ("sensor-zeitreihe", "1.0.0")


def test_every_library_schema_is_a_valid_table_schema() -> None:
    frictionless = pytest.importorskip("frictionless")
    for info in list_schemas():
        schema = load_schema(info.ref)
        report = frictionless.Schema.validate_descriptor(schema)
        assert report.valid, (info.ref, [e.message for e in report.errors])
        names = [f["name"] for f in schema["fields"]]
        assert len(names) == len(set(names))
        assert set(schema.get("primaryKey", [])) <= set(names)


def test_library_population_schema_matches_the_real_file() -> None:
    """The Bielefeld file's inferred schema agrees with the library schema on names and types."""
    from stadtdaten.core.reading.sample import read_sample
    from stadtdaten.schemas.infer import infer_schema
    from tests.conftest import shared_path

    path = shared_path("realdata", "bielefeld-bevoelkerung", "bielefeld_bev_struktur_2000bis2019.csv")
    inferred = {f["name"]: f for f in infer_schema(read_sample(path)).schema["fields"]}
    library = {f["name"]: f for f in load_schema("bevoelkerung-statistische-bezirke")["fields"]}
    assert inferred.keys() == library.keys()
    for name, spec in library.items():
        assert inferred[name]["type"] == spec["type"], name
    assert inferred["stichtag"]["format"] == library["stichtag"]["format"]


def test_schemas_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["schemas", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {item["name"] for item in listed} >= REQUIRED
    assert run_cli(["--lang", "de", "schemas", "list"]) == 0
    assert "Verweis" in capsys.readouterr().out
    assert run_cli(["schemas", "show", "baumkataster@1.0.0"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# ") and yaml.safe_load(out)["name"] == "baumkataster"
    assert run_cli(["schemas", "show", "library:sensor-zeitreihe", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["primaryKey"] == ["sensor_id", "zeitpunkt", "messgroesse"]
    assert run_cli(["--lang", "de", "schemas", "show", "gibtsnicht"]) == 2
    err = capsys.readouterr().err
    assert "unknown-schema" in err and "Unbekanntes Schema" in err
