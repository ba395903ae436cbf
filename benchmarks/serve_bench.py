"""Page latency of ``stadtdaten serve`` for a 100-dataset DCAT page, the search page and a dataset page.

Builds a catalogue of N generated datasets (descriptors modelled on the bundled tree cadastre, with a
small CSV each), serves it on 127.0.0.1 (port chosen by the OS) and times requests (cold = first request,
warm = median of repeats). Run: ``python benchmarks/serve_bench.py [--datasets 300] [--repeat 20]``.
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml

from stadtdaten.catalog.local import LocalCatalog
from stadtdaten.catalog.server.app import make_server, serve_in_thread
from stadtdaten.core.config import load_config
from stadtdaten.core.dataset import load_dataset

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "examples" / "bielefeld" / "wahlergebnisse"


def build(work: Path, count: int) -> Path:
    base = yaml.safe_load((TEMPLATE / "datapackage.yaml").read_text(encoding="utf-8"))
    catalog = LocalCatalog.open(work / "catalog")
    datasets = []
    for index in range(count):
        folder = work / "data" / f"d{index:05d}"
        folder.mkdir(parents=True)
        descriptor = copy.deepcopy(base)
        descriptor["name"] = f"datensatz-{index:05d}"
        descriptor["title"] = f"{base['title']} ({index})"
        for resource in descriptor["resources"]:
            source = TEMPLATE / resource["path"]
            (folder / resource["path"]).write_bytes(source.read_bytes())
        (folder / "datapackage.yaml").write_text(yaml.safe_dump(descriptor, allow_unicode=True), encoding="utf-8")
        datasets.append(load_dataset(folder))
    catalog.upsert_datasets(datasets)
    catalog.close()
    return work / "catalog"


def timed(url: str) -> tuple[float, int]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        size = len(response.read())
    return time.perf_counter() - started, size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--datasets", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        location = build(Path(tmp), args.datasets)
        server = make_server(location, load_config(start=ROOT / "examples" / "bielefeld"), "127.0.0.1", 0, "de")
        serve_in_thread(server)
        url = server.service.public_url
        rows = []
        for label, path in (
            ("catalog.ttl, 100 datasets", "/catalog.ttl?page=1&page_size=100"),
            ("catalog.jsonld, 100 datasets", "/catalog.jsonld?page=2&page_size=100"),
            ("catalog.rdf, 100 datasets", "/catalog.rdf?page=3&page_size=100"),
            ("dataset page (HTML)", "/dataset/datensatz-00007?lang=de"),
            ("search page (HTML)", "/?q=wahl"),
        ):
            cold, size = timed(url + path)
            warm = statistics.median(timed(url + path)[0] for _ in range(args.repeat))
            rows.append({"request": label, "cold_ms": round(cold * 1000, 1), "warm_ms": round(warm * 1000, 1), "bytes": size})
        server.shutdown()
    print(f"{'request':32} {'cold ms':>9} {'warm ms':>9} {'bytes':>10}")
    for row in rows:
        print(f"{row['request']:32} {row['cold_ms']:>9} {row['warm_ms']:>9} {row['bytes']:>10}")
    out = ROOT / "benchmarks" / "_results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "serve.json").write_text(json.dumps({"datasets": args.datasets, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
