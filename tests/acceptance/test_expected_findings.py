"""Issue 2, "Done when": the expected findings of ``stadtdaten validate`` on real files.

Every fact below was verified by reading the file itself (row numbers count as in the file, header =
row 1, blank lines included, as frictionless counts them); where a frictionless fixture is involved the
same (row, field, code) set is what frictionless 5 reports. Files without a descriptor are validated as
they are (structure only); for types, keys and constraints the small descriptors in ``descriptors/``
declare a Table Schema for the real file (see ``support.materialize``).

Topics: structure (ragged rows, blank rows, footers, blank/duplicate labels), encodings, ``;`` and
decimal commas, leading-zero codes, duplicate keys, and the repeated local hour at the end of summer
time in the air-quality series.
"""

from __future__ import annotations

import codecs
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from stadtdaten.cli import run_cli
from tests.acceptance.support import REALDATA, Outcome, materialize, validate_in_process
from tests.conftest import shared_path

pytestmark = pytest.mark.shared

STRUCTURE = (
    "blank-label",
    "duplicate-label",
    "incorrect-label",
    "extra-label",
    "missing-label",
    "blank-row",
    "extra-cell",
    "missing-cell",
)
ENGINE = (
    *STRUCTURE,
    "type-error",
    "constraint-error",
    "unique-error",
    "primary-key",
    "foreign-key",
    "encoding-error",
    "source-error",
    "format-error",
)

AIR = "bielefeld-luftqualitaet/airquality_DENW200.csv"
AIR_VALUES = (
    "Feinstaub (PM₁₀) Tagesmittel (stündlich gleitend) in µg/m³",
    "Ozon (O₃) Ein-Stunden-Mittelwert in µg/m³",
    "Stickstoffdioxid (NO₂) Ein-Stunden-Mittelwert in µg/m³",
    "Feinstaub (PM₂,₅) Tagesmittel (stündlich gleitend) in µg/m³",
)


def realdata(relative: str) -> Path:
    return shared_path("realdata", *relative.split("/"))


def validate_file(relative: str) -> Outcome:
    outcome = validate_in_process(realdata(relative), extra=["--max-findings", "0"])
    assert outcome.exit_code in (0, 1) and outcome.report, outcome.stderr
    return outcome


def validate_fixture(name: str, tmp_path: Path, change: Callable[[dict[str, Any]], None] | None = None) -> Outcome:
    shared_path("realdata")
    descriptor = materialize(name, tmp_path / name, change)
    outcome = validate_in_process(descriptor, extra=["--max-findings", "0"])
    assert outcome.exit_code in (0, 1) and outcome.report, outcome.stderr
    return outcome


def cells(outcome: Outcome, codes: tuple[str, ...] = STRUCTURE) -> set[tuple[int | None, int | None, str]]:
    """(row, column number, code) of the findings of ``codes``: independent of inferred field names."""
    return {
        (f["location"].get("row"), f["location"].get("field_number"), f["code"]) for f in outcome.findings() if f["code"] in codes
    }


def engine_triples(outcome: Outcome, resource: str | None = None) -> set[tuple[int | None, str | None, str]]:
    return {
        (f["location"].get("row"), f["location"].get("field"), f["code"])
        for f in outcome.findings()
        if f["code"] in ENGINE and (resource is None or f["location"].get("resource") == resource)
    }


def codec(name: str | None) -> str:
    assert name, "no encoding reported"
    return codecs.lookup(name).name


# --- structure: ragged rows, blank rows, footers, header labels (files as they are) -------------------

STRUCTURE_FACTS: dict[str, set[tuple[int | None, int | None, str]]] = {
    # header "id,name,,name": column 3 blank, column 4 repeats "name"; rows 2-3 "1,english" lack columns
    # 3-4; row 4 is empty; row 5 "2,german,1,2,3" has a fifth cell
    "frictionless-py-fixtures/invalid.csv": {
        (None, 3, "blank-label"),
        (None, 4, "duplicate-label"),
        (2, 3, "missing-cell"),
        (2, 4, "missing-cell"),
        (3, 3, "missing-cell"),
        (3, 4, "missing-cell"),
        (4, None, "blank-row"),
        (5, 5, "extra-cell"),
    },
    # row 4 ",," is blank; row 5 "1,2,3,4,5,6" has three cells too many
    "frictionless-py-fixtures/structure-errors.csv": {
        (4, None, "blank-row"),
        (5, 4, "extra-cell"),
        (5, 5, "extra-cell"),
        (5, 6, "extra-cell"),
    },
    # row 2 "1101,John" lacks age; row 3 "1102,Julie,26,Potatoes" has a fourth cell
    "frictionless-py-fixtures/defective-rows.csv": {(2, 3, "missing-cell"), (3, 4, "extra-cell")},
    # header "id,name,name"; row 10 "8,Warsaw" short; row 11 empty; row 12 "x,Tokio,Japan,review" long
    "frictionless-py-fixtures/capital-invalid.csv": {
        (None, 3, "duplicate-label"),
        (10, 3, "missing-cell"),
        (11, None, "blank-row"),
        (12, 4, "extra-cell"),
    },
    # a title row "# clean this data!" above the header: rows still count as in the file
    "frictionless-py-fixtures/countries.csv": {
        (4, 5, "extra-cell"),
        (7, 2, "missing-cell"),
        (7, 3, "missing-cell"),
        (7, 4, "missing-cell"),
    },
    # the ragged row 11.09.2024 12:00 (8 cells), a blank line, then the one-cell source note
    AIR: {
        (8413, 8, "extra-cell"),
        (8811, None, "blank-row"),
        *((8812, column, "missing-cell") for column in range(2, 8)),
    },
    # spacer lines 3, 6, 10 and the ";;" line 14 before the licence footnote (rows 15-16)
    "bielefeld-bevoelkerung/metadateninfo.csv": {(row, None, "blank-row") for row in (3, 6, 10, 14)},
    # every line ends with ";": a 102nd column without a name
    "koeln-bundestagswahl-2013/result_stimmbezirk_source.csv": {(None, 102, "blank-label")},
    # "Datum,,Gartenstraße  stadteinwärts,...": the second column (constant 00:00) has no name
    "muenster-fahrradzaehlstellen/Fahrradzaehlstellen_2016_2017_taeglich.csv": {(None, 2, "blank-label")},
    # a new car park appeared in December 2022 before it had a name
    "muenster-parkhaeuser/2022-12-02.csv": {(None, 2, "blank-label")},
}


@pytest.mark.parametrize("relative", sorted(STRUCTURE_FACTS))
def test_structure_findings(relative: str) -> None:
    outcome = validate_file(relative)
    assert cells(outcome) == STRUCTURE_FACTS[relative]


def test_title_row_is_reported_not_taken_as_header() -> None:
    outcome = validate_file("frictionless-py-fixtures/countries.csv")
    titles = outcome.findings("title-rows")
    assert len(titles) == 1 and titles[0]["params"]["header_row"] == 2
    assert outcome.resources()["countries"]["fields"] == 4  # id, neighbor_id, name, population


def test_air_quality_footer_is_a_footnote_not_data() -> None:
    outcome = validate_file(AIR)
    assert outcome.findings("footer-rows"), "the blank line and source note after the data are not reported"
    assert outcome.facts("DS-TRANS-022.footnote") == {(8812, None)}
    assert outcome.facts("DS-TRANS-022.blank-rows") == {(8811, None)}
    resource = outcome.resources()["airquality-denw200"]
    # 8,809 hours + the blank line + the source note; the quoted header "Feinstaub (PM₂,₅) ..." is one column
    assert resource["rows"] == 8811 and resource["fields"] == 7


def test_data_dictionary_footnotes_and_lost_letters() -> None:
    outcome = validate_file("bielefeld-bevoelkerung/metadateninfo.csv")
    assert outcome.findings("footer-rows")
    assert outcome.facts("DS-TRANS-022.footnote") == {(15, None), (16, None)}
    # "m\ufffdnnlich", "\ufffdlter", "\ufffd Stadt Bielefeld": the letters were lost before the file was published
    (replacement,) = outcome.findings("DS-TRANS-021.replacement")
    assert replacement["params"]["count"] == 3


# --- encodings -----------------------------------------------------------------------------------------


def test_steinfurt_utf16_is_detected_and_read(tmp_path: Path) -> None:
    """UTF-16LE with BOM: read correctly (11 named columns, 225 turbines) and reported as not UTF-8."""
    bare = validate_file("steinfurt-windenergieanlagen/steinfurt_wea_kataster_2014.csv")
    resource = bare.resources()["steinfurt-wea-kataster-2014"]
    assert codec(resource.get("encoding")) in {"utf-16", "utf-16-le"}
    assert (resource["rows"], resource["fields"]) == (225, 11)
    assert not cells(bare, ENGINE)
    assert bare.facts("DS-TRANS-021") == {(None, None)}  # the error variant: not UTF-8 (UTF-16 BOM)

    declared = validate_fixture("steinfurt-wea", tmp_path)
    # the German decimal commas ("70,0") parse with decimalChar; only row 132 writes "-" with spaces
    assert engine_triples(declared) == {(132, "Rotor-Durchmesser (m)", "type-error"), (132, "Nabenhöhe (m)", "type-error")}
    assert {f["params"]["cell"] for f in declared.findings("type-error")} == {" -    ", " - "}


def test_latin1_byte_is_decoded_as_copyright_sign(tmp_path: Path) -> None:
    outcome = validate_fixture("latin1", tmp_path)
    assert codec(outcome.resources()["latin1"].get("encoding")) in {"iso8859-1", "cp1252"}
    assert not engine_triples(outcome)  # the enum ["english", "©"] holds
    assert outcome.facts("DS-TRANS-021") == {(None, None)}


def test_greek_iso_8859_7_is_decoded(tmp_path: Path) -> None:
    outcome = validate_fixture("iso-8859-7", tmp_path)
    assert codec(outcome.resources()["greek"].get("encoding")) in {"iso8859-7", "cp1253"}
    assert not engine_triples(outcome)  # the enum of the four Greek names holds
    assert outcome.facts("DS-TRANS-021") == {(None, None)}


# --- ";" and decimal commas ---------------------------------------------------------------------------


def test_bielefeld_population_semicolon_and_bom(tmp_path: Path) -> None:
    outcome = validate_fixture("bevoelkerung", tmp_path)
    resource = outcome.resources()["bevoelkerung"]
    assert (resource["rows"], resource["fields"]) == (17280, 9)
    assert codec(resource.get("encoding")) == "utf-8-sig"
    # dates as DDMMYYYY, AGS keys with pattern, codes as enums, the composite key: all hold
    assert not engine_triples(outcome)
    assert "DS-TRANS-021.bom" in outcome.codes() and "DS-TRANS-021" not in outcome.codes()


def test_koeln_election_semicolon_decimal_comma_and_trailing_delimiter(tmp_path: Path) -> None:
    bare = validate_file("koeln-bundestagswahl-2013/result_stimmbezirk_source.csv")
    assert bare.resources()["result-stimmbezirk-source"]["fields"] == 102  # ";" was sniffed

    outcome = validate_fixture("koeln-bundestagswahl", tmp_path)
    resources = outcome.resources()
    assert (resources["stimmbezirke"]["rows"], resources["stadtbezirke"]["rows"]) == (1024, 9)
    # 45 percentage columns with decimal commas ("45,81") parse; only the nameless 102nd column remains
    assert cells(outcome, ENGINE) == {(None, 102, "blank-label")}
    assert engine_triples(outcome, "stimmbezirke") == {(None, "leer", "blank-label")}
    assert "DS-TRANS-021.delimiter" not in outcome.codes()  # ";" is declared


def test_muenster_budget_german_amounts_and_coded_keys(tmp_path: Path) -> None:
    """Quoted amounts "4.712.862,29" (decimalChar "," groupChar "."), codes "01"/"0101" as foreign keys."""
    outcome = validate_fixture("haushalt-2010", tmp_path)
    resources = outcome.resources()
    assert [resources[n]["rows"] for n in ("ergebnis-2010", "produktbereiche", "produktgruppen")] == [138, 17, 70]
    assert not engine_triples(outcome)


# --- leading-zero codes --------------------------------------------------------------------------------


def test_leading_zeros_declared_as_text_stay(tmp_path: Path) -> None:
    outcome = validate_fixture("leading-zeros", tmp_path)
    assert not engine_triples(outcome)  # enum ["01", "002", "00003"] holds


@pytest.mark.parametrize(
    ("relative", "field"),
    [
        ("frictionless-py-fixtures/leading-zeros.csv", "value"),  # 01, 002, 00003
        ("bielefeld-bevoelkerung/bielefeld_bev_struktur_2000bis2019.csv", "stat_id"),  # 05711000001 ...
        ("bielefeld-bevoelkerung/bielefeld_bev_struktur_2000bis2019.csv", "stat_id_k"),  # 01 ... 72
        ("muenster-haushalt/ergebnis-2010-complete.csv", "Code-1"),  # 01 ... 17
        ("muenster-haushalt/ergebnis-2010-complete.csv", "Code-2"),  # 0101 ...
    ],
)
def test_inferred_schema_keeps_leading_zeros(
    relative: str, field: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``stadtdaten describe`` infers text for codes with leading zeros; validating that schema passes."""
    source = realdata(relative)
    descriptor = tmp_path / "datapackage.yaml"
    code = run_cli(["--lang", "en", "describe", str(source), "--output", str(descriptor), "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    written = yaml.safe_load(descriptor.read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in written["resources"][0]["schema"]["fields"]}
    assert fields[field]["type"] == "string", fields[field]
    outcome = validate_in_process(descriptor, extra=["--only", "schema"])
    assert outcome.exit_code in (0, 1), outcome.stderr
    assert not [
        f for f in outcome.findings() if f["code"] in ("type-error", "constraint-error") and f["location"].get("field") == field
    ]


def test_typed_table_keeps_ags_keys_as_text(tmp_path: Path) -> None:
    """The typed table the engine hands to the governance rules holds "05711000001", not 5711000001."""
    from stadtdaten.core.config import ProjectConfig
    from stadtdaten.core.dataset import load_dataset
    from stadtdaten.pipelines.validate import ValidateOptions, validate_dataset_with_tables

    shared_path("realdata")
    dataset = load_dataset(materialize("bevoelkerung", tmp_path / "bevoelkerung"))
    _, tables = validate_dataset_with_tables(
        dataset, ProjectConfig(), ValidateOptions(only="schema", store=False, keep_tables=True)
    )
    frame = tables["bevoelkerung"]
    assert str(frame["stat_id"].dtype) == "String"
    assert frame["stat_id"][0] == "05711000001" and frame["stat_id"].str.starts_with("05711000").all()
    assert frame["stat_id_k"][0] == "01"


# --- duplicate keys ------------------------------------------------------------------------------------


def test_unique_field_duplicate_id(tmp_path: Path) -> None:
    """unique-field.csv: "ao" is Angola (row 2) and again Belgium (row 10)."""
    outcome = validate_fixture("unique-field", tmp_path)
    assert engine_triples(outcome) == {(10, "id", "unique-error"), (10, None, "primary-key")}
    assert all(f["params"].get("previous") == 2 for f in outcome.findings() if f["code"] in ("unique-error", "primary-key"))


def test_frictionless_invalid_package(tmp_path: Path) -> None:
    """invalid/datapackage.json: a blank row in each file; the blank row of data.csv has an empty key.

    Every parent of data2.csv (A3001 twice, A5032) exists in data.csv: no foreign-key finding.
    """
    outcome = validate_file("frictionless-py-fixtures/invalid/datapackage.json")
    assert engine_triples(outcome, "data") == {(3, None, "blank-row"), (3, None, "primary-key")}
    assert engine_triples(outcome, "data2") == {(4, None, "blank-row")}


def test_flensburg_tree_numbers_repeat(tmp_path: Path) -> None:
    """18,697 trees, 2,336 distinct baumnummer: 16,361 repetitions; unique with GEBIET and STRASSE."""
    outcome = validate_in_process(materialize("flensburg-baeume", tmp_path / "baeume"))
    assert outcome.exit_code == 1, outcome.stderr
    assert outcome.resources()["baeume"]["rows"] == 18697
    assert outcome.count("unique-error") == 16361  # listed (default 1000) plus counted
    assert outcome.count("primary-key") == 0
    first = min(outcome.findings("unique-error"), key=lambda f: f["location"]["row"])
    assert (first["location"]["row"], first["location"]["field"], first["params"]["previous"]) == (12, "baumnummer,C,20", 2)
    assert first["params"]["cell"] == " 20"  # leading space kept, as in the file


PARKING_CLOSED = (
    "PH Coesfelder Kreuz",
    "PP Hörsterplatz",
    "Busparkplatz",
    "PP Schlossplatz Nord",
    "PP Schlossplatz Süd",
    "PP Georgskommende",
)


def test_parking_capacity_row_and_closed_sentinel(tmp_path: Path) -> None:
    """2024-11-09.csv: row 2 is the capacity row ("(869)" ...), rows 3-10 have "ges" in six car parks."""
    outcome = validate_fixture("parkhaeuser-2024-11-09", tmp_path)
    type_errors = {(row, field) for row, field, code in engine_triples(outcome) if code == "type-error"}
    capacity = {(row, field) for row, field in type_errors if row == 2}
    assert len(capacity) == 18  # the timestamp column and all 17 car parks
    assert type_errors - capacity == {(row, field) for row in range(3, 11) for field in PARKING_CLOSED}
    assert outcome.count("type-error") == 66
    assert outcome.facts("primary-key") == {(2, None)}  # the capacity row has no timestamp

    def closed_is_missing(descriptor: dict[str, Any]) -> None:
        descriptor["resources"][0]["schema"]["missingValues"] = ["", "ges"]

    declared = validate_fixture("parkhaeuser-2024-11-09", tmp_path / "ges", closed_is_missing)
    assert {row for row, _, code in engine_triples(declared) if code == "type-error"} == {2}


def test_accident_ages_mixed_with_sentinels(tmp_path: Path) -> None:
    """unfalldaten16.csv, ``01_alter_in_jahren``: ages 2-95 mixed with "F" (1,358), "?" (65), "? " (1)."""
    outcome = validate_fixture("unfalldaten-2016", tmp_path)
    assert outcome.resources()["unfaelle"]["rows"] == 10474
    errors = outcome.findings("type-error")
    assert {f["location"]["field"] for f in errors} == {"01_alter_in_jahren"}
    assert Counter(f["params"]["cell"] for f in errors) == {"F": 1358, "?": 65, "? ": 1}
    assert min(f["location"]["row"] for f in errors) == 9
    assert not outcome.findings("constraint-error")  # every real age lies in 0..120

    def question_mark_is_missing(descriptor: dict[str, Any]) -> None:
        descriptor["resources"][0]["schema"]["missingValues"] = ["", "?"]

    declared = validate_fixture("unfalldaten-2016", tmp_path / "unknown", question_mark_is_missing)
    assert declared.count("type-error") == 1359  # "F" and the "? " with a trailing space (row 9684)
    assert (9684, "01_alter_in_jahren") in declared.facts("type-error")


# --- the repeated local hour at the end of summer time -------------------------------------------------


def test_air_quality_declared_key_reports_the_repeated_hour(tmp_path: Path) -> None:
    """29.10.2023 03:00 appears in rows 772 and 773 (MESZ -> MEZ); the key (Stationscode, Datum) breaks.

    The full set is what frictionless 5 reports for the same descriptor.
    """
    outcome = validate_fixture("luftqualitaet", tmp_path)
    assert engine_triples(outcome) == {
        (773, None, "primary-key"),
        (8413, None, "extra-cell"),
        (8811, None, "blank-row"),
        (8811, None, "primary-key"),
        (8812, "Stationscode", "constraint-error"),
        (8812, "Datum", "constraint-error"),
        *((8812, field, "missing-cell") for field in ("Datum", *AIR_VALUES, "Luftqualitätsindex")),
    }
    (repeated,) = [f for f in outcome.findings("primary-key") if f["location"]["row"] == 773]
    assert repeated["params"]["previous"] == 772
    assert "'29.10.2023 03:00'" in repeated["params"]["key_values"]


def test_air_quality_repeated_local_hour_without_declared_key() -> None:
    """What a steward without a descriptor should learn from ``stadtdaten validate airquality_DENW200.csv``.

    Expected: one finding with code ``duplicate-timestamp`` at row 773, field ``Datum`` (the column holds
    timestamps ``'DD.MM.YYYY HH:MM'`` in local time), naming row 772 as the first occurrence
    (``params.previous == 772``) and the cause in its hint: local time (MEZ/MESZ) repeats the hour
    02:00-03:00 when summer time ends on 29.10.2023; use UTC or an offset. No other row is reported as a
    repeated timestamp.
    """
    outcome = validate_file(AIR)
    repeated = outcome.findings("duplicate-timestamp")
    assert [(f["location"].get("row"), f["location"].get("field")) for f in repeated] == [(773, "Datum")]
    assert repeated[0]["params"].get("previous") == 772


def test_geopoint_objects_in_the_example_package() -> None:
    """geo-location-fk: ``location`` is a geopoint in format "object" ({"lon": 151.266, "lat": -27.1944});
    all three gazetteer rows are valid (frictionless agrees). The resource-level ``primaryKeys`` and
    ``foreignKeys`` of that package are not Table Schema and change nothing."""
    outcome = validate_in_process(realdata("frictionless-example-packages/geo-location-fk"), extra=["--max-findings", "0"])
    assert outcome.exit_code in (0, 1), outcome.stderr
    assert outcome.resources()["gazetteer"]["rows"] == 3
    assert not engine_triples(outcome, "gazetteer")
    assert not engine_triples(outcome, "offices")


def test_realdata_root_is_where_the_facts_were_read() -> None:
    """The facts above name files relative to this folder; a moved collection must fail loudly, not skip."""
    shared_path("realdata")
    missing = [r for r in (*STRUCTURE_FACTS, AIR) if not (REALDATA / r).is_file()]
    assert not missing, missing
