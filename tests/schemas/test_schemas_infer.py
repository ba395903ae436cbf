"""Table Schema inference with the German and the neutral preset."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from stadtdaten.core.reading.sample import read_sample
from stadtdaten.core.reading.types import Rows
from stadtdaten.schemas.infer import infer_schema
from stadtdaten.schemas.presets import is_key_name, unit_from_name
from tests.conftest import shared_path


def _rows(header: list[str], *data: list[str | None]) -> Rows:
    return Rows(rows=[list(header), *[list(r) for r in data]], row_numbers=list(range(1, len(data) + 2)))


def _fields(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["name"]: f for f in schema["fields"]}


def test_german_numbers_dates_booleans_and_missing() -> None:
    rows = _rows(
        ["betrag", "anzahl", "datum", "zeit", "aktiv", "ags", "plz", "wert", "notiz"],
        ["1.234,56", "1.500", "31.12.2019", "2024-03-31T01:00:00+01:00", "ja", "05711000", "33602", "-", "a"],
        ["0,5", "12.000", "01.01.2020", "2024-03-31T03:00:00+02:00", "nein", "05711000", "33604", "7", "b"],
        ["-3,25", "7", "5.6.2021", "2024-10-27T02:00:00Z", "Ja", "05711000", "33619", "k. A.", "-"],
    )
    result = infer_schema(rows)
    fields = _fields(result.schema)
    assert fields["betrag"] == {"name": "betrag", "type": "number", "decimalChar": ",", "groupChar": "."}
    assert fields["anzahl"]["type"] == "integer" and fields["anzahl"]["groupChar"] == "."
    assert fields["datum"] == {"name": "datum", "type": "date", "format": "%d.%m.%Y"}
    assert fields["zeit"] == {"name": "zeit", "type": "datetime"}
    assert fields["aktiv"]["type"] == "boolean" and fields["aktiv"]["trueValues"] == ["Ja", "ja"]
    assert fields["ags"]["type"] == "string" and fields["ags"]["constraints"]["pattern"] == "[0-9]{8}"
    assert fields["plz"]["type"] == "string"  # named like a key: PLZ never becomes a number
    assert fields["wert"]["type"] == "integer"
    assert result.schema["missingValues"] == ["", "-", "k. A."]
    assert fields["notiz"]["type"] == "string"
    codes = [code for code, _ in result.notes]
    assert "ambiguous-group" in codes and "leading-zeros" in codes and "missing-values" in codes


def test_neutral_preset() -> None:
    rows = _rows(["n", "d", "code", "b"], ["1,234.5", "12/31/2019", "0042", "true"], ["2.5", "01/02/2020", "0043", "false"])
    fields = _fields(infer_schema(rows, "neutral").schema)
    assert fields["n"] == {"name": "n", "type": "number", "groupChar": ","}
    assert fields["d"] == {"name": "d", "type": "date", "format": "%m/%d/%Y"}
    assert fields["code"]["type"] == "string"  # zero-padded codes stay text in every preset
    assert fields["b"]["type"] == "boolean"


def test_percent_suffix_and_yearmonth() -> None:
    rows = _rows(["anteil", "monat"], ["45,81 %", "2024-01"], ["3,2 %", "2024-02"], ["0,5 %", "2024-12"])
    fields = _fields(infer_schema(rows).schema)
    assert fields["anteil"] == {"name": "anteil", "type": "number", "decimalChar": ",", "bareNumber": False, "unit": "%"}
    assert fields["monat"] == {"name": "monat", "type": "yearmonth"}


def test_three_decimals_are_not_thousands() -> None:
    volts = infer_schema(_rows(["batterie_v"], ["3.559"], ["3.601"], ["3.620"]))
    assert volts.schema["fields"][0] == {"name": "batterie_v", "type": "number"}
    assert "ambiguous-decimal-point" in [code for code, _ in volts.notes]
    counts = infer_schema(_rows(["einwohner"], ["1.234.567"], ["12.000"]))
    assert counts.schema["fields"][0] == {"name": "einwohner", "type": "integer", "groupChar": "."}


def test_type_exceptions_are_reported_not_hidden() -> None:
    data = [[str(i)] for i in range(40)] + [["ges"], ["ges"]]
    result = infer_schema(_rows(["belegt"], *data))
    assert _fields(result.schema)["belegt"]["type"] == "integer"
    note = next(params for code, params in result.notes if code == "type-exceptions")
    assert note["count"] == 2 and "'ges'" in note["examples"]


def test_decimals_among_integers_make_a_number() -> None:
    result = infer_schema(_rows(["no2"], *([["13"]] * 30 + [["0.3"]])))
    assert _fields(result.schema)["no2"]["type"] == "number"


def test_primary_key_enum_units_and_composite_key() -> None:
    rows = _rows(
        ["baum_id", "art", "hoehe_m", "Leistung (kW)", "jahr", "bezirk"],
        *[[f"B{i}", ["Linde", "Eiche", "Ahorn"][i % 3], f"{i % 20},5", str(i), str(2000 + i % 5), str(i % 4)] for i in range(60)],
    )
    result = infer_schema(rows)
    fields = _fields(result.schema)
    assert result.schema["primaryKey"] == ["baum_id"]
    assert fields["baum_id"]["constraints"] == {"required": True, "unique": True}
    assert fields["art"]["constraints"]["enum"] == ["Ahorn", "Eiche", "Linde"]
    assert fields["hoehe_m"]["unit"] == "m" and fields["hoehe_m"]["decimalChar"] == ","
    assert fields["Leistung (kW)"]["unit"] == "kW"
    assert fields["jahr"]["type"] == "year"


def test_unit_and_key_names() -> None:
    assert unit_from_name("Ozon (O₃) Ein-Stunden-Mittelwert in µg/m³") == "µg/m³"
    assert unit_from_name("Rotor-Durchmesser (m) ") == "m"
    assert unit_from_name("CDU_Proz") == "%"
    assert unit_from_name("Alter (Jahre)") is None
    assert unit_from_name("Bezeichnung") is None
    assert is_key_name("stat_id") and is_key_name("stad_id_k") and is_key_name("AGS") and is_key_name("Gemeindeschlüssel")
    assert not is_key_name("einwohnerzahl") and not is_key_name("Nr")


def test_bielefeld_population() -> None:
    path = shared_path("realdata", "bielefeld-bevoelkerung", "bielefeld_bev_struktur_2000bis2019.csv")
    result = infer_schema(read_sample(path))
    fields = _fields(result.schema)
    assert fields["stichtag"] == {"name": "stichtag", "type": "date", "format": "%d%m%Y"}
    for key in ("stat_id", "stat_id_k", "stad_id_k"):
        assert fields[key]["type"] == "string", key
    assert fields["stat_id"]["constraints"]["pattern"] == "[0-9]{11}"
    assert fields["einwohnerzahl"]["type"] == "integer"
    assert fields["geschlecht"]["constraints"]["enum"] == [1, 2, 3]
    composite = next(params for code, params in result.notes if code == "composite-key")
    assert composite["fields"] == "stichtag, stat_id, geschlecht, altersgruppen4"


def test_air_quality() -> None:
    path = shared_path("realdata", "bielefeld-luftqualitaet", "airquality_DENW200.csv")
    result = infer_schema(read_sample(path))
    fields = list(result.schema["fields"])
    assert fields[1] == {"name": "Datum", "type": "datetime", "format": "'%d.%m.%Y %H:%M'"}
    assert fields[2]["unit"] == "µg/m³"
    assert fields[3]["type"] == "any"  # ozone is '-' throughout
    assert result.schema["missingValues"] == ["", "-"]
    assert fields[6]["constraints"]["enum"] == ["gut", "mäßig", "schlecht", "sehr gut"]
    exceptions = next(params for code, params in result.notes if code == "type-exceptions" and params["field"] == "Datum")
    assert exceptions["count"] == 367 and "24:00" in exceptions["examples"]  # 24:00 for midnight


def test_koeln_decimal_comma_and_trailing_column() -> None:
    path = shared_path("realdata", "koeln-bundestagswahl-2013", "result_stimmbezirk_source.csv")
    result = infer_schema(read_sample(path))
    fields = _fields(result.schema)
    assert fields["Wahlbeteiligung"]["decimalChar"] == ","
    assert fields["CDU_Proz"]["unit"] == "%"
    assert fields["CDU"]["type"] == "integer"
    assert result.schema["fields"][-1]["name"] == "field102"  # the trailing ';' makes an unnamed column
    assert result.schema["primaryKey"] == ["Nr"]


def test_muenster_budget_and_accidents() -> None:
    budget = infer_schema(read_sample(shared_path("realdata", "muenster-haushalt", "ergebnis-2010-band1.csv")))
    fields = _fields(budget.schema)
    assert fields["Code-2"]["type"] == "string" and fields["Code-2"]["constraints"]["pattern"] == "[0-9]{4}"
    assert fields["Betrag"] == {"name": "Betrag", "type": "number", "decimalChar": ",", "groupChar": "."}
    accidents = infer_schema(read_sample(shared_path("realdata", "muenster-verkehrsunfaelle", "unfalldaten16.csv")))
    fields = _fields(accidents.schema)
    assert fields["datum"]["format"] == "%m/%d/%Y"  # US dates: a month > 12 never occurs, a day > 12 does
    assert fields["1_urs"]["type"] == "string"  # '01' next to '0.5': codes, never numbers
    parking = infer_schema(read_sample(shared_path("realdata", "muenster-parkhaeuser", "2019-09-10.csv")))
    assert _fields(parking.schema)["Datum und Uhrzeit"]["type"] == "datetime"


def test_flensburg_trees_not_unique_id() -> None:
    path = shared_path("realdata", "flensburg-baumkataster", "lebende-baeume.csv")
    result = infer_schema(read_sample(path))
    fields = list(result.schema["fields"])
    assert fields[0]["type"] == "string" and fields[1]["type"] == "number"
    assert "primaryKey" not in result.schema
    codes = [code for code, _ in result.notes]
    assert "not-unique-id" in codes and "whitespace" in codes
    felled = infer_schema(read_sample(shared_path("realdata", "flensburg-baumkataster", "baumfaellungen_flensburg_2023.csv")))
    assert _fields(felled.schema)["Hochwert"]["decimalChar"] == ","


def test_steinfurt_three_formats_agree() -> None:
    base = ("realdata", "steinfurt-windenergieanlagen")
    csv = _fields(infer_schema(read_sample(shared_path(*base, "steinfurt_wea_kataster_2014.csv"))).schema)
    geo = _fields(infer_schema(read_sample(shared_path(*base, "steinfurt_wea_kataster_2014.geojson"))).schema)
    xlsx = _fields(infer_schema(read_sample(shared_path(*base, "steinfurt_wea_kataster_2014.xlsx"))).schema)
    assert csv["Rotor-Durchmesser (m) "]["decimalChar"] == ","
    assert geo["Rotor-Durchmesser (m)"]["decimalChar"] == ","
    assert csv["Errichtungsjahr "]["type"] == geo["Errichtungsjahr"]["type"] == "year"
    assert csv["Bürgerwind"]["type"] == geo["Bürgerwind"]["type"] == "boolean"
    assert xlsx["Leistung (kW)"]["type"] == "number" and xlsx["Leistung (kW)"]["unit"] == "kW"  # one 0.7 kW turbine


def test_frictionless_fixtures() -> None:
    zeros = infer_schema(read_sample(shared_path("realdata", "frictionless-py-fixtures", "leading-zeros.csv")))
    assert zeros.schema["fields"][0]["type"] == "string"
    semicolon = infer_schema(read_sample(shared_path("realdata", "frictionless-py-fixtures", "issue-1009-semicolon.csv")))
    assert semicolon.schema["fields"][0] == {"name": "fieldNameA", "type": "string", "constraints": {"pattern": "[0-9]{4}"}}
    greek = infer_schema(read_sample(shared_path("realdata", "frictionless-py-fixtures", "table-infer-iso-8859-7.csv")))
    assert [f["type"] for f in greek.schema["fields"]] == ["integer", "integer", "string"]


@settings(max_examples=60, deadline=None)
@given(
    width=st.integers(min_value=2, max_value=12),
    values=st.lists(st.integers(min_value=0, max_value=10**11), min_size=1, max_size=60),
    preset=st.sampled_from(["de", "neutral"]),
    name=st.sampled_from(["code", "wert", "anzahl", "id", "x"]),
)
def test_zero_padded_codes_are_always_strings(width: int, values: list[int], preset: str, name: str) -> None:
    """Property: a column of zero-padded digit codes is never inferred as a number."""
    codes = [str(v % 10**width).zfill(width) for v in values]
    codes[0] = "0" + codes[0][1:]  # at least one leading zero
    result = infer_schema(_rows([name], *[[c] for c in codes]), preset)
    field = result.schema["fields"][0]
    assert field["type"] == "string"
    assert field["constraints"]["pattern"] == f"[0-9]{{{width}}}"
