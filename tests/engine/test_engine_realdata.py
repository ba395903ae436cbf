"""Every real data file goes through the engine without a traceback, and the known defects are found."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from stadtdaten.core.dataset import TABULAR_FORMATS, find_datasets, load_dataset
from stadtdaten.quality.engine import EngineOptions, validate_dataset
from tests.conftest import shared_path


def _data_files(root: Path) -> list[Path]:
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file()
        and p.suffix.lstrip(".").lower() in TABULAR_FORMATS
        and not p.name.startswith("datapackage")
        and not p.name.endswith((".package.json", ".schema.json"))
    )


@pytest.mark.shared
def test_every_real_file_and_package_gives_findings_not_tracebacks() -> None:
    root = shared_path("realdata")
    files = _data_files(root)
    assert len(files) > 60
    for path in files:
        outcomes = validate_dataset(load_dataset(path), EngineOptions(max_findings=200))
        assert outcomes, path
        for outcome in outcomes:
            for finding in outcome.findings:
                finding.message()
    for folder in find_datasets(root):
        try:
            dataset = load_dataset(folder)
        except Exception:  # a descriptor that is not a data package (load_dataset's business, not the engine's)
            continue
        validate_dataset(dataset, EngineOptions(max_findings=200))


@pytest.mark.shared
def test_air_quality_ragged_row_blank_row_and_footer() -> None:
    path = shared_path("realdata", "bielefeld-luftqualitaet", "airquality_DENW200.csv")
    outcome = validate_dataset(load_dataset(path))[0]
    codes = Counter(f.code for f in outcome.findings)
    assert codes["extra-cell"] == 1
    assert codes["blank-row"] == 1
    assert codes["footer-rows"] == 1
    assert outcome.stats.encoding in ("utf-8", "utf-8-sig")
    extra = next(f for f in outcome.findings if f.code == "extra-cell")
    assert outcome.frame is not None
    row = outcome.frame.filter(outcome.frame["_row"] == extra.location.row)
    assert "11.09.2024 12:00" in str(row.row(0))


@pytest.mark.shared
def test_population_bom_semicolon_and_leading_zero_codes() -> None:
    path = shared_path("realdata", "bielefeld-bevoelkerung", "bielefeld_bev_struktur_2000bis2019.csv")
    outcome = validate_dataset(load_dataset(path))[0]
    assert not outcome.findings
    assert outcome.stats.rows == 17280
    assert outcome.frame is not None
    assert outcome.frame.columns[1] == "stichtag"  # the BOM is not part of the first label
    assert outcome.frame["stat_id"].to_list()[0].startswith("057110")


@pytest.mark.shared
def test_utf16_register_is_read() -> None:
    path = shared_path("realdata", "steinfurt-windenergieanlagen", "steinfurt_wea_kataster_2014.csv")
    outcome = validate_dataset(load_dataset(path))[0]
    assert outcome.stats.encoding is not None and outcome.stats.encoding.startswith("utf-16")
    assert outcome.stats.rows > 200


@pytest.mark.shared
def test_duplicate_keys_in_a_declared_primary_key(tmp_path: Path) -> None:
    source = shared_path("realdata", "flensburg-baumkataster", "lebende-baeume.csv")
    descriptor = {
        "name": "baeume",
        "resources": [
            {
                "name": "baeume",
                "path": str(source),
                "schema": {"fields": [{"name": "baumnummer,C,20"}], "fieldsMatch": "subset", "primaryKey": ["baumnummer,C,20"]},
            }
        ],
    }
    from stadtdaten.core.dataset import Dataset

    outcome = validate_dataset(Dataset(descriptor, tmp_path), EngineOptions(max_findings=10))[0]
    assert outcome.omitted.get("primary-key", 0) + sum(f.code == "primary-key" for f in outcome.findings) > 10_000
