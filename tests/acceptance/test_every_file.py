"""Issue 2, "Done when": ``stadtdaten validate`` on every data file in ../shared/realdata returns a report
and never a traceback.

Every data file (CSV, TSV, XLSX, JSON, GeoJSON, YAML, Turtle) and every folder or file holding a package
descriptor is validated through the real command line with ``--json --no-catalog``: in this process for
each target (fast), and in a subprocess for representative groups (no traceback at the process level, and
the default language German). The exit code is 0 or 1 and stdout is a JSON report that matches the
shipped report schema.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.acceptance.support import (
    REALDATA,
    assert_clean_report,
    realdata_targets,
    target_id,
    validate_in_process,
    validate_subprocess,
)

pytestmark = pytest.mark.shared

TARGETS = realdata_targets()

EXPECTED_ERRORS: dict[str, dict[str, str]] = {}
"""Targets for which exit 2 or 3 with a one-line error (and no traceback) is the right answer:
``target id -> {exit code: text of the first stderr line}``, each with the reason in a comment.
None so far: even a descriptor that is not a mapping (frictionless-testsuite-basic/tests/datapackage.yml,
a YAML test-vector list) is a ``dataset-unreadable`` finding in a report, exit 1."""

TABULAR_SUFFIXES = {".csv", ".tsv", ".xlsx", ".geojson"}
NO_DATA_ROWS = {
    # the only sheet holds one merged block A1:B3 with the text "data" and nothing below it
    "frictionless-py-fixtures/merged-cells.xlsx",
}


def _skip_without_shared() -> None:
    if not REALDATA.is_dir():
        pytest.skip(f"needs ../shared/realdata at {REALDATA} (present in CI, not in a fresh clone)")


def test_the_collection_is_complete() -> None:
    """Guards the parametrisation below: the 15 datasets with their ~100 data files are all found."""
    _skip_without_shared()
    files = [t for t in TARGETS if t.is_file() and not t.name.endswith(".package.json")]
    folders = [t for t in TARGETS if t.is_dir()]
    assert len(files) >= 100, f"only {len(files)} data files under {REALDATA}"
    assert {target_id(f) for f in folders} >= {
        "camtrap-dp-example/",
        "datasets-country-codes/",
        "frictionless-example-packages/countries-and-currencies/",
        "frictionless-example-packages/donation-codes/",
        "frictionless-example-packages/donations/",
        "frictionless-example-packages/geo-location-fk/",
        "frictionless-py-fixtures/invalid/",
        "frictionless-py-fixtures/number/",
    }


@pytest.mark.parametrize("target", TARGETS or [None], ids=lambda t: target_id(t) if t else "no-shared")
def test_validate_returns_a_report(target: Path | None) -> None:
    _skip_without_shared()
    assert target is not None
    what = f"stadtdaten validate --json --no-catalog {target}"
    outcome = validate_in_process(target)
    assert "Internal error" not in outcome.stderr, f"{what}: exit {outcome.exit_code}\n{outcome.stderr}"
    assert_clean_report(outcome, what, EXPECTED_ERRORS.get(target_id(target)))
    if target.is_file() and target.suffix.lower() in TABULAR_SUFFIXES and target_id(target) not in NO_DATA_ROWS:
        rows = [r.get("rows", 0) for r in outcome.resources().values()]
        assert rows and max(rows) > 0, f"{what}: no rows were read: {outcome.resources()}"


SUBPROCESS_GROUPS: dict[str, list[str]] = {
    # encodings: UTF-16LE with BOM, Latin-1, ISO-8859-7, UTF-8 BOM, accents, a Cyrillic file name
    "encodings": [
        "steinfurt-windenergieanlagen/steinfurt_wea_kataster_2014.csv",
        "frictionless-py-fixtures/latin1.csv",
        "frictionless-py-fixtures/table-infer-iso-8859-7.csv",
        "frictionless-py-fixtures/bom.csv",
        "frictionless-py-fixtures/encoding-issue-274.csv",
        "frictionless-py-fixtures/accent.csv",
        "frictionless-py-fixtures/Таблица.csv",
    ],
    # ragged rows, blank rows, footers, blank and duplicate headers
    "structure": [
        "frictionless-py-fixtures/invalid.csv",
        "frictionless-py-fixtures/structure-errors.csv",
        "frictionless-py-fixtures/defective-rows.csv",
        "frictionless-py-fixtures/duplicate-headers.csv",
        "bielefeld-luftqualitaet/airquality_DENW200.csv",
        "bielefeld-bevoelkerung/metadateninfo.csv",
        "muenster-fahrradzaehlstellen/Fahrradzaehlstellen_2016_2017_taeglich.csv",
    ],
    # the other formats: XLSX with merged/multi-line headers, GeoJSON, nested JSON, Turtle
    "formats": [
        "frictionless-py-fixtures/merged-cells.xlsx",
        "frictionless-py-fixtures/multiline-headers.xlsx",
        "steinfurt-windenergieanlagen/steinfurt_wea_kataster_2014.xlsx",
        "steinfurt-windenergieanlagen/steinfurt_wea_kataster_2014.geojson",
        "bielefeld-lorawan-ttn/dragino_ttn_payload.json",
        "frictionless-py-fixtures/countries.json",
        "dkan-bielefeld/opendataportals.ttl",
    ],
    # German municipal tables, and a folder without descriptor (six daily files become one dataset)
    "municipal": [
        "bielefeld-bevoelkerung/bielefeld_bev_struktur_2000bis2019.csv",
        "koeln-bundestagswahl-2013/result_stimmbezirk_source.csv",
        "flensburg-baumkataster/baumfaellungen_flensburg_2023.csv",
        "muenster-verkehrsunfaelle/unfalldaten16.csv",
        "muenster-parkhaeuser",
    ],
}


@pytest.mark.parametrize("group", sorted(SUBPROCESS_GROUPS))
def test_validate_in_a_subprocess(group: str, tmp_path: Path) -> None:
    """The real process, German messages (the default), several files per run: one report, exit 0/1."""
    _skip_without_shared()
    paths = [REALDATA / p for p in SUBPROCESS_GROUPS[group]]
    outcome = validate_subprocess(*paths, cwd=tmp_path)
    assert_clean_report(outcome, f"stadtdaten validate --json --no-catalog <{group}: {len(paths)} paths>")
    assert outcome.report["language"] == "de"
    assert len(outcome.report["datasets"]) == len(paths)
    assert not any(tmp_path.iterdir()), "--no-catalog must not write into the working directory"


def test_validate_every_package_below_realdata_in_one_subprocess(tmp_path: Path) -> None:
    """A folder holding several packages: each descriptor folder is one dataset of the same report."""
    _skip_without_shared()
    outcome = validate_subprocess(REALDATA, cwd=tmp_path, lang="en")
    assert_clean_report(outcome, f"stadtdaten --lang en validate --json --no-catalog {REALDATA}")
    folders = [t for t in TARGETS if t.is_dir()]
    assert len(outcome.report["datasets"]) == len(folders)
