"""Emit, serve, harvest back: the harvested datasets equal the emitted ones (loopback only)."""

from __future__ import annotations

import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from stadtdaten.catalog.local import LocalCatalog
from stadtdaten.catalog.server.app import make_server, serve_in_thread
from stadtdaten.core.config import load_config
from stadtdaten.core.dataset import find_datasets, load_dataset
from stadtdaten.dcat.emit import emit
from stadtdaten.dcat.harvest import HarvestedDataset, extract, harvest
from stadtdaten.pipelines.harvest import run_harvest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "bielefeld"


def _fields(record: HarvestedDataset) -> tuple:
    return (
        record.identifier,
        tuple(sorted(record.title.items())),
        tuple(record.licenses),
        tuple(record.themes),
        record.geocoding,
        record.temporal_start,
        record.temporal_end,
        tuple((d.iri, d.format, d.media_type, d.download_url, d.license) for d in record.distributions),
    )


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list, object]]:
    if not find_datasets(EXAMPLES):
        pytest.skip("examples/bielefeld has no datasets yet")
    work = tmp_path_factory.mktemp("serve")
    shutil.copytree(EXAMPLES, work / "bielefeld", ignore=shutil.ignore_patterns(".stadtdaten", "_build"))
    root = work / "bielefeld"
    config = load_config(start=root)
    datasets = [load_dataset(p) for p in find_datasets(root)]
    catalog = LocalCatalog.open(work / "catalog")
    for dataset in datasets:
        catalog.upsert_dataset(dataset)
    server = make_server(work / "catalog", config, "127.0.0.1", 0, "de")
    serve_in_thread(server)
    yield server.service.public_url, datasets, config
    server.shutdown()
    server.server_close()


def test_round_trip_equals_emitted(served) -> None:
    url, datasets, config = served
    emitted = Graph().parse(data=emit(datasets, config, "ttl"), format="turtle")
    expected = sorted(_fields(r) for r in extract(emitted))
    records, pages = harvest(f"{url}/catalog.ttl?page_size=2")
    assert pages == -(-len(datasets) // 2), "paging must be followed to the last page"
    assert sorted(_fields(r) for r in records) == expected
    titles = {r.title.get("de") for r in records}
    assert titles == {d.title for d in datasets}


@pytest.mark.parametrize("fmt", ["rdf", "jsonld", "nt"])
def test_every_serialisation_harvests_the_same(served, fmt: str) -> None:
    url, _datasets, _ = served
    turtle, _ = harvest(f"{url}/catalog.ttl")
    other, _ = harvest(f"{url}/catalog.{fmt}")
    assert sorted(_fields(r) for r in other) == sorted(_fields(r) for r in turtle)


def test_content_negotiation_and_pages(served) -> None:
    url, datasets, _ = served
    name = datasets[0].name
    request = urllib.request.Request(f"{url}/dataset/{name}", headers={"Accept": "text/turtle"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers.get_content_type() == "text/turtle"
        assert b"dcat:Dataset" in response.read()
    with urllib.request.urlopen(f"{url}/dataset/{name}?lang=en", timeout=10) as response:
        html = response.read().decode()
    assert '<html lang="en">' in html and "Data dictionary" in html
    with urllib.request.urlopen(f"{url}/?q=baum", timeout=10) as response:
        assert "<mark>" in response.read().decode()


def test_harvest_into_catalogue_and_export(served, tmp_path: Path) -> None:
    url, datasets, _ = served
    catalog = LocalCatalog.open(tmp_path / "harvested")
    outcome = run_harvest(f"{url}/catalog.ttl", catalog, tmp_path / "export")
    assert len(outcome.stored) == len(datasets)
    assert {e.origin for e in catalog.list()} == {"harvested"}
    assert (tmp_path / "export" / "harvest-datasets.parquet").exists()
    assert (tmp_path / "export" / "harvest-distributions.csv").read_text().count("\n") >= len(datasets) + 1
