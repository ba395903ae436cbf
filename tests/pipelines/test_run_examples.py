"""``stadtdaten run`` on the bundled Bielefeld example: first run does everything, a second run is a near
no-op, changing one file re-processes only that dataset; outputs round-trip and validate."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from stadtdaten.core.config import load_config
from stadtdaten.core.dataset import load_dataset
from stadtdaten.pipelines.runner import RunOptions, run_pipeline
from stadtdaten.pipelines.spec import spec_for
from stadtdaten.pipelines.validate import ValidateOptions, validate_dataset_with_tables

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "bielefeld"


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory):
    if not (EXAMPLES / "stadtbaeume").is_dir():
        pytest.skip("examples/bielefeld is not there")
    root = tmp_path_factory.mktemp("run") / "bielefeld"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns(".stadtdaten", "_build"))
    config = load_config(start=root)
    steps = ("validate", "dcat", "ai-ready", "publish-local")
    first = run_pipeline(spec_for(root, steps), config, RunOptions(workers=2))
    second = run_pipeline(spec_for(root, steps), config, RunOptions(workers=2))
    descriptor = root / "wahlergebnisse" / "datapackage.yaml"
    text = descriptor.read_text(encoding="utf-8")
    assert "\ntitle: " in text
    descriptor.write_text(text.replace("\ntitle: ", "\ntitle: Neu - ", 1), encoding="utf-8")
    third = run_pipeline(spec_for(root, steps), config, RunOptions(workers=2))
    return root, config, first, second, third


def _states(report) -> dict[str, str]:
    return {d.name: d.extras.get("incremental") for d in report.datasets}


def test_first_run_processes_every_dataset(runs) -> None:
    _, _, first, _, _ = runs
    assert set(_states(first).values()) == {"processed"}
    for result in first.datasets:
        outputs = result.extras["outputs"]
        assert "dcat.ttl" in outputs and "croissant.json" in outputs
        assert any(name.endswith(".parquet") for name in outputs)
        assert result.extras["mqa"]["score"] > 0


def test_second_run_is_a_no_op(runs) -> None:
    _, _, first, second, _ = runs
    assert set(_states(second).values()) == {"unchanged"}
    assert second.options["unchanged"] == len(first.datasets)
    assert second.counts() == first.counts(), "an unchanged dataset keeps its findings"


def test_changing_one_dataset_reprocesses_only_it(runs) -> None:
    _, _, _, _, third = runs
    states = _states(third)
    assert states.pop("wahlergebnisse") == "processed"
    assert set(states.values()) == {"unchanged"}


def test_parquet_round_trips_the_validated_values(runs) -> None:
    root, config, first, _, _ = runs
    dataset = load_dataset(root / "wahlergebnisse")
    _, tables = validate_dataset_with_tables(dataset, config, ValidateOptions(store=False, keep_tables=True))
    outputs = next(d for d in first.datasets if d.name == "wahlergebnisse").extras["outputs"]
    for name, frame in tables.items():
        if frame is None:
            continue
        parquet = pl.read_parquet(outputs[f"{name}.parquet"])
        assert parquet.equals(frame.drop("_row")), name


def test_croissant_files_validate_with_mlcroissant(runs) -> None:
    mlc = pytest.importorskip("mlcroissant")
    _, _, first, _, _ = runs
    for result in first.datasets:
        dataset = mlc.Dataset(jsonld=result.extras["outputs"]["croissant.json"])
        assert dataset.metadata.record_sets, result.name
