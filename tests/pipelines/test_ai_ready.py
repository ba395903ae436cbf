"""AI-ready outputs: Parquet round-trips the typed values with schema and units; Croissant validates."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest

from stadtdaten.core.dataset import load_dataset
from stadtdaten.pipelines.ai_ready import write_ai_ready

DESCRIPTOR = """
name: baeume
title: Stadtbäume
description: Bäume im Stadtgebiet
licenses: [{name: dl-by-de/2.0}]
resources:
  - name: baeume
    path: baeume.csv
    title: Bäume
    schema:
      fields:
        - {name: baum_id, type: string, title: Baum-ID, description: Kennung}
        - {name: hoehe, type: number, unit: m, description: Baumhöhe}
        - {name: pflanzjahr, type: integer}
        - {name: erfasst, type: date}
"""


@pytest.fixture
def outputs(tmp_path: Path):
    (tmp_path / "datapackage.yaml").write_text(DESCRIPTOR)
    (tmp_path / "baeume.csv").write_text("baum_id,hoehe,pflanzjahr,erfasst\nB1,12.5,1990,2024-01-02\n")
    dataset = load_dataset(tmp_path)
    frame = pl.DataFrame(
        {
            "baum_id": ["B1", "B2"],
            "hoehe": [12.5, None],
            "pflanzjahr": [1990, 2001],
            "erfasst": [dt.date(2024, 1, 2), dt.date(2024, 1, 3)],
            "_row": [2, 3],
        }
    )
    return frame, write_ai_ready(dataset, {"baeume": frame}, tmp_path / "out")


def test_parquet_round_trip_and_metadata(outputs) -> None:
    frame, written = outputs
    table = pq.read_table(written.parquet["baeume"])
    assert pl.from_arrow(table).equals(frame.drop("_row"))
    assert table.schema.field("hoehe").metadata[b"unit"] == b"m"
    schema = json.loads(table.schema.metadata[b"table_schema"])
    assert [f["name"] for f in schema["fields"]] == ["baum_id", "hoehe", "pflanzjahr", "erfasst"]


def test_dictionary_lists_units(outputs) -> None:
    _, written = outputs
    text = written.dictionary_md["baeume"].read_text()
    assert "| hoehe | number |" in text and "| m |" in text


def test_croissant_validates_with_mlcroissant(outputs) -> None:
    mlc = pytest.importorskip("mlcroissant")
    _, written = outputs
    dataset = mlc.Dataset(jsonld=str(written.croissant))
    records = list(dataset.records(record_set="baeume"))
    assert len(records) == 2
