"""The governance rules on the real files in ../shared/realdata (read with polars directly)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from stadtdaten.core.config import parse_config
from stadtdaten.core.dataset import Dataset, load_dataset
from stadtdaten.core.report import Finding
from stadtdaten.quality.governance import check_dataset
from tests.conftest import shared_path

TODAY = date(2026, 11, 29)
pytestmark = pytest.mark.shared


def _typed(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_row_index("_row", offset=2).with_columns(pl.col("_row").cast(pl.Int64))


def _codes(findings: list[Finding], prefix: str) -> list[Finding]:
    return [f for f in findings if f.code == prefix or f.code.startswith(prefix + ".")]


POPULATION_FIELDS = [
    {"name": "stichtag", "type": "date", "format": "%d%m%Y"},
    {"name": "stad_name", "type": "string"},
    {"name": "stad_id_k", "type": "string"},
    {"name": "stat_name", "type": "string"},
    {"name": "stat_id", "type": "string"},
    {"name": "stat_id_k", "type": "string"},
    {"name": "geschlecht", "type": "integer", "total": 3},
    {"name": "altersgruppen4", "type": "integer"},
    {"name": "einwohnerzahl", "type": "integer", "disclosure": "count", "unit": "Personen"},
]


def _population(threshold: int | None) -> tuple[Dataset, dict[str, pl.DataFrame | None]]:
    folder = shared_path("realdata", "bielefeld-bevoelkerung")
    governance: dict[str, Any] = {"disclosure": {"threshold": threshold}} if threshold else {}
    descriptor = {
        "name": "bevoelkerung",
        "licenses": [{"name": "cc-by-sa/4.0"}],
        "governance": governance,
        "resources": [
            {
                "name": "bevoelkerung",
                "path": "bielefeld_bev_struktur_2000bis2019.csv",
                "format": "csv",
                "dialect": {"delimiter": ";"},
                "schema": {
                    "fields": POPULATION_FIELDS,
                    "missingValues": ["", "."],
                    "primaryKey": ["stichtag", "stat_id", "geschlecht", "altersgruppen4"],
                },
            }
        ],
    }
    frame = pl.read_csv(folder / "bielefeld_bev_struktur_2000bis2019.csv", separator=";", infer_schema=False).with_columns(
        pl.col("stichtag").str.strptime(pl.Date, "%d%m%Y"),
        pl.col("geschlecht", "altersgruppen4", "einwohnerzahl").cast(pl.Int64),
    )
    return Dataset(descriptor, basepath=folder), {"bevoelkerung": _typed(frame)}


def test_population_table_threshold_5_flags_the_smallest_cell() -> None:
    dataset, tables = _population(5)
    findings = check_dataset(dataset, tables, parse_config({}), today=TODAY)
    small = [f for f in findings if f.code == "DS-PRIV-010"]
    assert len(small) == 1
    finding = small[0]
    assert finding.params["value"] == 4 and finding.params["threshold"] == 5
    assert finding.location.row_key == {"stichtag": "2001-12-31", "stat_id": "05711000009", "geschlecht": 1, "altersgruppen4": 4}
    assert "DS-TRANS-002.share-alike" in {f.code for f in findings}
    assert "DS-TRANS-021.bom" in {f.code for f in findings}
    # totals (geschlecht 3) add up, nothing is suppressed: no secondary-suppression finding
    assert not _codes(findings, "DS-PRIV-011")


def test_population_table_threshold_3_passes() -> None:
    dataset, tables = _population(None)
    findings = check_dataset(dataset, tables, parse_config({}), today=TODAY)
    assert not [f for f in findings if f.code == "DS-PRIV-010"]


def test_population_threshold_from_config_and_profile() -> None:
    dataset, tables = _population(None)
    config = parse_config({"project": {"disclosure_threshold": 5}})
    assert [f for f in check_dataset(dataset, tables, config, today=TODAY) if f.code == "DS-PRIV-010"]
    assert [f for f in check_dataset(dataset, tables, parse_config({}), profile="strict", today=TODAY) if f.code == "DS-PRIV-010"]


def _accidents(year: str) -> tuple[Dataset, dict[str, pl.DataFrame | None]]:
    folder = shared_path("realdata", "muenster-verkehrsunfaelle")
    name = f"unfalldaten{year}"
    frame = pl.read_csv(folder / f"{name}.csv", infer_schema=False)
    frame = frame.with_columns(pl.col("01_alter_in_jahren").cast(pl.Int64, strict=False))
    descriptor = {"name": name, "resources": [{"name": name, "path": f"{name}.csv", "format": "csv"}]}
    return Dataset(descriptor, basepath=folder), {name: _typed(frame)}


def test_muenster_accidents_quasi_identifiers() -> None:
    dataset, tables = _accidents("16")
    findings = check_dataset(dataset, tables, parse_config({}), today=TODAY)
    quasi = _codes(findings, "DS-PRIV-003")
    assert len(quasi) == 1 and quasi[0].severity.value == "warning"
    columns = quasi[0].params["columns"]
    assert all(c in columns for c in ("vu_ort", "vu_hoehe", "uhrzeit", "01_alter_in_jahren"))
    # kennz_01/kennz_02 hold district prefixes only: a warning at most, never an error
    kennz = [f for f in findings if f.location.field in ("kennz_01", "kennz_02") and f.code.startswith("DS-PRIV")]
    assert kennz and all(f.severity.value == "warning" for f in kennz)
    free_text = [f for f in findings if f.code == "DS-PRIV-002.free-text"]
    assert [f.location.field for f in free_text] == ["bemerkungen"]
    review = {f.location.field for f in findings if f.code == "DS-PRIV-004.review"}
    assert {"alkohol", "bemerkungen"} <= review
    assert not [f for f in findings if f.code.startswith("DS-PRIV-002") and f.severity.value == "error"]


def test_camtrap_personal_data_in_metadata_and_columns() -> None:
    folder = shared_path("realdata", "camtrap-dp-example")
    dataset = load_dataset(folder / "datapackage.json")
    tables: dict[str, pl.DataFrame | None] = {}
    for name in ("deployments", "media", "observations"):
        tables[name] = _typed(pl.read_csv(folder / f"{name}.csv", infer_schema=False))
    tables["individuals"] = None
    findings = check_dataset(dataset, tables, parse_config({}), today=TODAY)
    emails = [f for f in findings if f.code == "DS-PRIV-005"]
    names = [f for f in findings if f.code == "DS-PRIV-005.name"]
    assert len(emails) >= 4 and all("@" in f.params["value"] and "***" in f.params["value"] for f in emails)
    assert {f.location.pointer for f in names} >= {"/contributors/0/title", "/contributors/3/title"}
    person_columns = {(f.location.resource, f.location.field) for f in findings if f.code == "DS-PRIV-002.person-name"}
    assert {("observations", "classifiedBy"), ("deployments", "setupBy")} <= person_columns
    classified = next(f for f in findings if f.code == "DS-PRIV-002.person-name" and f.location.field == "classifiedBy")
    assert classified.severity.value == "error" and all("Desmet" not in s for s in classified.samples)
    # "anonymized:3eb30aa" and the model name are not counted as names
    assert classified.params["count"] == 527


def _flatten(message: dict[str, Any]) -> pl.DataFrame:
    frame = pl.json_normalize(message, separator=".")
    rx = pl.json_normalize(message["uplink_message"]["rx_metadata"], separator=".").rename(
        lambda c: f"uplink_message.rx_metadata.{c}"
    )
    frame = frame.drop(
        [c for c in frame.columns if frame.schema[c] in (pl.List, pl.Struct) or isinstance(frame.schema[c], pl.List | pl.Struct)]
    )
    return pl.concat([frame, rx], how="horizontal")


def test_lorawan_message_device_ids_and_tokens() -> None:
    path = shared_path("realdata", "bielefeld-lorawan-ttn", "dragino_ttn_payload.json")
    message = json.loads(path.read_text(encoding="utf-8"))
    frame = _typed(_flatten(message))
    descriptor = {
        "name": "bodenfeuchte",
        "keywords": ["Sensor", "LoRaWAN"],
        "resources": [{"name": "uplinks", "path": path.name, "format": "json"}],
    }
    dataset = Dataset(descriptor, basepath=path.parent)
    findings = check_dataset(dataset, {"uplinks": frame}, parse_config({}), today=TODAY)
    device = {f.location.field for f in findings if f.code == "DS-ETH-001"}
    assert {"end_device_ids.dev_eui", "end_device_ids.device_id", "uplink_message.rx_metadata.gateway_ids.eui"} <= device
    tokens = [f for f in findings if f.code == "DS-SEC-001"]
    assert [f.location.field for f in tokens] == ["uplink_message.rx_metadata.uplink_token"]
    assert tokens[0].params["kind"] == "high-entropy token" and "Ch0K" not in "".join(tokens[0].samples)[5:]
    secret_named = {f.location.field for f in findings if f.code == "DS-SEC-001.column"}
    assert "uplink_message.session_key_id" in secret_named
    assert [f for f in findings if f.code == "DS-TRANS-025"]  # exact device location without CRS


def test_koeln_election_small_counts_are_not_flagged_without_marking() -> None:
    folder = shared_path("realdata", "koeln-bundestagswahl-2013")
    frame = pl.read_csv(folder / "result_stimmbezirk_source.csv", separator=";", infer_schema_length=0)
    frame = frame.select([c for c in frame.columns if c])
    descriptor = {
        "name": "wahl",
        "resources": [{"name": "wahl", "path": "result_stimmbezirk_source.csv", "format": "csv", "dialect": {"delimiter": ";"}}],
    }
    findings = check_dataset(Dataset(descriptor, basepath=Path(folder)), {"wahl": _typed(frame)}, parse_config({}), today=TODAY)
    assert not _codes(findings, "DS-PRIV-010") and not _codes(findings, "DS-PRIV-011")
