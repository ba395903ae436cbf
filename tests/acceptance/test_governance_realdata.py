"""Issue 2 acceptance: the Leitlinie rules as ``stadtdaten validate`` applies them to real files.

The rules are unit-tested on frames in tests/governance; here they run end to end (reader -> engine ->
typed table -> rules -> report) through the command line. Facts verified by reading the files:

* camtrap-dp-example: ``observations.classifiedBy`` holds person names in 527 of 549 rows (Peter Desmet
  508, Danny Van der beeck 18, Axel Neukermans 1; the rest a model name), ``deployments.setupBy`` in rows 3
  and 4 (row 2 a pseudonym, row 5 empty); the descriptor lists four contributors with personal e-mails.
* bielefeld-bevoelkerung: the smallest count is 4 (row 1937: Güterbahnhof-Ost, 31.12.2001, male, 80+),
  the only one below 5; none is below 3.
* koeln-bundestagswahl-2013: NPD has 1 or 2 votes in 256 of the 1,024 polling districts (rows 2, 3, 4,
  8, 9, ...); election results are published at that level, so only a declared count column is checked.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.acceptance.support import Outcome, materialize, validate_in_process
from tests.conftest import shared_path

pytestmark = pytest.mark.shared

CAMTRAP = "camtrap-dp-example"


def _codes(outcome: Outcome, prefix: str) -> list[dict[str, Any]]:
    return [f for f in outcome.findings() if f["code"] == prefix or f["code"].startswith(prefix + ".")]


def _threshold(value: int) -> Any:
    def change(descriptor: dict[str, Any]) -> None:
        descriptor["governance"] = {"disclosure": {"threshold": value}}

    return change


@pytest.mark.parametrize(("threshold", "expected"), [(3, set()), (5, {(1937, "einwohnerzahl", 4)})])
def test_population_small_counts_depend_on_the_threshold(threshold: int, expected: set[Any], tmp_path: Path) -> None:
    shared_path("realdata")
    outcome = validate_in_process(materialize("bevoelkerung", tmp_path / "b", _threshold(threshold)))
    assert outcome.exit_code in (0, 1), outcome.stderr
    small = outcome.findings("DS-PRIV-010")
    assert {(f["location"].get("row"), f["location"].get("field"), f["params"]["value"]) for f in small} == expected
    assert all(f["params"]["threshold"] == threshold for f in small)
    if small:
        assert small[0]["location"]["row_key"] == {
            "stichtag": "2001-12-31",
            "stat_id": "05711000009",
            "geschlecht": 1,
            "altersgruppen4": 4,
        }
    assert "DS-TRANS-002.share-alike" in outcome.codes()  # CC BY-SA 4.0


def test_election_counts_are_not_flagged_unless_declared(tmp_path: Path) -> None:
    shared_path("realdata")
    silent = validate_in_process(materialize("koeln-bundestagswahl", tmp_path / "plain"))
    assert silent.exit_code in (0, 1), silent.stderr
    assert not _codes(silent, "DS-PRIV-010")

    def npd_is_a_count(descriptor: dict[str, Any]) -> None:
        for field in descriptor["resources"][0]["schema"]["fields"]:
            if field["name"] == "NPD":
                field["disclosure"] = "count"

    declared = validate_in_process(
        materialize("koeln-bundestagswahl", tmp_path / "npd", npd_is_a_count), extra=["--max-findings", "0"]
    )
    small = declared.findings("DS-PRIV-010")
    assert len(small) == 256
    assert {(f["location"].get("resource"), f["location"].get("field")) for f in small} == {("stimmbezirke", "NPD")}
    assert sorted(f["location"]["row"] for f in small)[:5] == [2, 3, 4, 8, 9]
    assert {f["params"]["value"] for f in small} == {1, 2}


def test_camera_trap_personal_data() -> None:
    outcome = validate_in_process(shared_path("realdata", CAMTRAP), extra=["--max-findings", "0"])
    assert outcome.exit_code == 1, outcome.stderr
    names = {(f["location"].get("resource"), f["location"].get("field")): f for f in outcome.findings("DS-PRIV-002.person-name")}
    assert set(names) == {("observations", "classifiedBy"), ("deployments", "setupBy")}
    observed = names[("observations", "classifiedBy")]
    assert observed["severity"] == "error" and observed["location"]["row"] == 2
    assert (observed["params"]["count"], observed["params"]["total"]) == (527, 549)
    assert (names[("deployments", "setupBy")]["params"]["count"], names[("deployments", "setupBy")]["params"]["total"]) == (2, 3)
    assert names[("deployments", "setupBy")]["location"]["row"] == 3
    emails = {f["location"].get("pointer") for f in outcome.findings("DS-PRIV-005")}
    assert {f"/contributors/{i}/email" for i in range(4)} <= emails
    # the masked value is shown, never the address itself
    assert "peter.desmet@inbo.be" not in json.dumps(outcome.report)


def test_camera_trap_package_with_local_schemas(tmp_path: Path) -> None:
    """The Camtrap DP schemas are remote; with the local copies the package (primary and foreign keys
    observations -> deployments/media, enums, ranges, patterns) has no structure or schema finding,
    as frictionless also says."""
    folder = shared_path("realdata", CAMTRAP)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    remote = validate_in_process(folder)
    assert {(f["location"].get("resource"), f["code"]) for f in remote.findings("schema-error")} == {
        ("deployments", "schema-error"),
        ("media", "schema-error"),
        ("observations", "schema-error"),
    }  # remote schemas are not fetched: reported, not a traceback
    for resource in descriptor["resources"]:
        if "path" in resource:
            resource["path"] = os.path.relpath(folder / resource["path"], tmp_path)
        if isinstance(resource.get("schema"), str):
            local = folder / "_profile_and_schemas_repo_head" / resource["schema"].rsplit("/", 1)[1]
            resource["schema"] = os.path.relpath(local, tmp_path)
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    outcome = validate_in_process(tmp_path)
    assert outcome.exit_code in (0, 1), outcome.stderr
    rows = {name: stats["rows"] for name, stats in outcome.resources().items()}
    assert rows == {"deployments": 4, "media": 423, "observations": 549, "individuals": 1}
    engine = {
        "schema-error",
        "type-error",
        "constraint-error",
        "unique-error",
        "primary-key",
        "foreign-key",
        "missing-cell",
        "extra-cell",
    }
    assert not [f for f in outcome.findings() if f["code"] in engine]


def test_accident_records_warn_but_registration_districts_are_no_plates(tmp_path: Path) -> None:
    """Münster accidents 2016: ``kennz_01``/``kennz_02`` hold registration districts (ms, st, waf, ...),
    not plates, so at most a warning; street + time + age are quasi-identifiers (warning); the free-text
    ``bemerkungen`` with blood-alcohol readings ("2.14 °/oo") needs a human decision (review)."""
    shared_path("realdata")
    outcome = validate_in_process(materialize("unfalldaten-2016", tmp_path / "u"), extra=["--max-findings", "0"])
    assert outcome.exit_code in (0, 1), outcome.stderr
    plates = [
        f
        for f in _codes(outcome, "DS-PRIV-001") + _codes(outcome, "DS-PRIV-002")
        if f["location"].get("field") in ("kennz_01", "kennz_02")
    ]
    assert plates and all(f["severity"] != "error" for f in plates)
    assert any(f["location"].get("field") == "bemerkungen" and f["severity"] == "warning" for f in _codes(outcome, "DS-PRIV-002"))
    assert any(f["location"].get("field") == "bemerkungen" for f in outcome.findings("DS-PRIV-004.review"))
    assert [f["severity"] for f in outcome.findings("DS-PRIV-003")] == ["warning"]


def test_sensor_message_identifiers_and_secrets() -> None:
    """The TTN uplink: device EUIs and ids (DS-ETH-001) and a session key column (DS-SEC-001)."""
    outcome = validate_in_process(shared_path("realdata", "bielefeld-lorawan-ttn", "dragino_ttn_payload.json"))
    assert outcome.exit_code == 1, outcome.stderr
    identifiers = {f["location"].get("field") for f in outcome.findings("DS-ETH-001")}
    assert {"end_device_ids.dev_eui", "end_device_ids.device_id"} <= identifiers
    assert outcome.facts("DS-SEC-001.column") == {(None, "uplink_message.session_key_id")}


@pytest.mark.parametrize(
    ("relative", "where"),
    [
        # the file name "airquality_DENW200.csv" in /resources/0/path of the bare dataset
        ("bielefeld-luftqualitaet/airquality_DENW200.csv", "/resources/0/path"),
        # camera image file names "media/20210531082538-RCNX0031.JPG" in media.filePath
        ("camtrap-dp-example/media.csv", "filePath"),
    ],
)
def test_file_names_are_not_secrets(relative: str, where: str) -> None:
    """DS-SEC-001 (secrets and access tokens, severity error) must not take a file name for a token."""
    outcome = validate_in_process(shared_path("realdata", *relative.split("/")))
    assert outcome.exit_code in (0, 1), outcome.stderr
    flagged = [f for f in _codes(outcome, "DS-SEC-001") if where in (f["location"].get("pointer"), f["location"].get("field"))]
    assert not flagged, json.dumps(flagged, ensure_ascii=False, indent=1)
