"""Benchmark: the embedded catalogue (SQLite) at the sizes a city reaches and beyond.

    python benchmarks/catalog_bench.py [--upserts 1000] [--search-datasets 10000] [--repeat 20]

Measures, on real files in a temporary folder:

* upsert of N dataset folders (descriptor + CSV: hashing included), one transaction each, into an empty
  catalogue; the same N again unchanged (the idempotent no-write path of an incremental re-run); the N
  in one ``batch()``;
* ``add_report`` of a run over N datasets, ``list()`` and ``latest_reports()`` of the whole catalogue;
* search latency over a catalogue of M generated datasets (inline descriptors with German titles,
  descriptions, keywords and Table Schemas), per query kind: p50 / p95 / max over ``--repeat`` runs.

Numbers are printed (and written to benchmarks/_results/catalog.json); tests never assert timings.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stadtdaten.catalog.local import LocalCatalog  # noqa: E402
from stadtdaten.core.dataset import Dataset, load_dataset  # noqa: E402
from stadtdaten.core.findings import Severity  # noqa: E402
from stadtdaten.core.report import DatasetResult, Finding, Location, Report  # noqa: E402

TOPICS = [
    ("Stadtbäume", "Baumkataster mit Standort, Gattung, Pflanzjahr und Stammumfang", ["baum_id", "gattung", "pflanzjahr"]),
    ("Bevölkerung", "Einwohnerinnen und Einwohner nach Geschlecht und Altersgruppe", ["bezirk", "geschlecht", "anzahl"]),
    ("Parkplatzbelegung", "Belegung der Parkplätze, gemessen von LoRaWAN-Sensoren", ["zeitpunkt", "belegt", "sensor"]),
    ("Wahlergebnisse", "Stimmen je Partei und Wahlbezirk", ["wahlbezirk", "partei", "stimmen"]),
    ("Luftqualität", "Stickstoffdioxid und Feinstaub an Messstationen", ["station", "no2", "pm10"]),
    ("Verkehrszählung", "Kraftfahrzeuge und Fahrräder an Zählstellen", ["zaehlstelle", "kfz", "rad"]),
    ("Kindertagesstätten", "Plätze und Träger der Kitas", ["kita", "traeger", "plaetze"]),
    ("Straßenverzeichnis", "Alle Straßen mit Straßenschlüssel", ["strasse", "schluessel", "bezirk"]),
    ("Haushaltsplan", "Erträge und Aufwendungen je Produktgruppe", ["produkt", "ertrag", "aufwand"]),
    ("Abfallbehälter", "Füllstände der Unterflurbehälter", ["behaelter", "fuellstand", "zeit"]),
]
DISTRICTS = [
    "Mitte",
    "Schildesche",
    "Gadderbaum",
    "Brackwede",
    "Dornberg",
    "Jöllenbeck",
    "Heepen",
    "Stieghorst",
    "Sennestadt",
    "Senne",
]
QUERIES = {
    "rare word": "Stieghorst 2017",
    "common word": "bezirk",
    "compound part": "baum",
    "umlaut variant": "Fuellstaende",
    "two words": "luftqualität brackwede",
    "short prefix": "ba",
    "column description": "Stammumfang",
    "no hit": "xylophon",
}


def descriptor(i: int, rng: random.Random) -> dict[str, Any]:
    topic, text, columns = TOPICS[i % len(TOPICS)]
    district = DISTRICTS[(i // len(TOPICS)) % len(DISTRICTS)]
    year = 2000 + rng.randrange(25)
    return {
        "name": f"ds-{i:05d}",
        "title": f"{topic} {district} {year}",
        "description": f"{text} im Stadtbezirk {district}, Stand {year}. " + " ".join(rng.sample(DISTRICTS, 3)),
        "keywords": [topic, district, str(year)],
        "resources": [
            {
                "name": "daten",
                "path": "daten.csv",
                "schema": {"fields": [{"name": c, "type": "string", "description": f"{c} ({topic})"} for c in columns]},
            }
        ],
    }


def write_folders(root: Path, count: int) -> list[Path]:
    rng = random.Random(1)
    folders = []
    for i in range(count):
        folder = root / f"ds-{i:05d}"
        folder.mkdir(parents=True)
        (folder / "datapackage.yaml").write_text(yaml.safe_dump(descriptor(i, rng), allow_unicode=True), encoding="utf-8")
        (folder / "daten.csv").write_text("a;b;c\n" + "".join(f"{j};{j * 2};x\n" for j in range(200)), encoding="utf-8")
        folders.append(folder)
    return folders


CPU: dict[str, float] = {}
"""CPU seconds of the last ``timed`` call: on a shared, loaded machine wall time also counts waiting."""


def timed(function: Any) -> tuple[float, Any]:
    cpu = time.process_time()
    started = time.perf_counter()
    result = function()
    CPU["last"] = time.process_time() - cpu
    return time.perf_counter() - started, result


def bench_upserts(root: Path, count: int) -> dict[str, Any]:
    folders = write_folders(root / "data", count)
    datasets = [load_dataset(f) for f in folders]
    results: dict[str, Any] = {"datasets": count}
    with LocalCatalog.open(root / "one-by-one") as catalog:
        seconds, _ = timed(lambda: [catalog.upsert_dataset(d) for d in datasets])
        results["upsert_each_own_transaction_s"] = round(seconds, 3)
        results["upsert_each_own_transaction_cpu_s"] = round(CPU["last"], 3)
        seconds, entries = timed(lambda: [catalog.upsert_dataset(d) for d in datasets])
        assert not any(e.changed for e in entries)
        results["upsert_unchanged_s"] = round(seconds, 3)
        results["upsert_unchanged_cpu_s"] = round(CPU["last"], 3)
        report = Report(command="validate", options={"fail_on": "error"})
        for d in datasets:
            finding = Finding("descriptor-invalid", Severity.WARNING, Location(resource="daten", field="a", row=3))
            report.datasets.append(DatasetResult(name=d.name, content_hash=d.content_hash(), findings=[finding] * 5))
        seconds, _ = timed(lambda: catalog.add_report(report.finish()))
        results["add_report_s"] = round(seconds, 3)
        seconds, listed = timed(catalog.list)
        assert len(listed) == count
        results["list_all_s"] = round(seconds, 3)
        seconds, _ = timed(catalog.latest_reports)
        results["latest_reports_s"] = round(seconds, 3)
    with LocalCatalog.open(root / "batched") as catalog:
        seconds, _ = timed(lambda: catalog.upsert_datasets(datasets))
        results["upsert_one_batch_s"] = round(seconds, 3)
        results["upsert_one_batch_cpu_s"] = round(CPU["last"], 3)
    hashing, _ = timed(lambda: [d.content_hash() for d in datasets])
    results["hashing_only_s"] = round(hashing, 3)
    return results


def bench_search(root: Path, count: int, repeat: int) -> dict[str, Any]:
    rng = random.Random(2)
    results: dict[str, Any] = {"datasets": count}
    with LocalCatalog.open(root / "search") as catalog:
        datasets = [Dataset(descriptor(i, rng), basepath=root / "nowhere") for i in range(count)]
        seconds, _ = timed(lambda: catalog.upsert_datasets(datasets))
        results["build_s"] = round(seconds, 2)
        results["file_mb"] = round(catalog.path.stat().st_size / 1e6, 1)
        per_query = {}
        for kind, query in QUERIES.items():
            hits = catalog.search(query)  # warm
            times, cpu = [], []
            for _ in range(repeat):
                seconds, _ = timed(lambda q=query: catalog.search(q, 20))
                times.append(seconds * 1000)
                cpu.append(CPU["last"] * 1000)
            matches = len(catalog.search(query, 100_000))
            per_query[kind] = {
                "query": query,
                "matches": matches,
                "top": hits[0].name if hits else None,
                "p50_ms": round(statistics.median(times), 2),
                "p95_ms": round(sorted(times)[max(0, int(len(times) * 0.95) - 1)], 2),
                "max_ms": round(max(times), 2),
                "cpu_p50_ms": round(statistics.median(cpu), 2),
            }
        results["queries"] = per_query
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upserts", type=int, default=1000)
    parser.add_argument("--search-datasets", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="catalog-bench-") as tmp:
        root = Path(tmp)
        upserts = bench_upserts(root, args.upserts)
        search = bench_search(root, args.search_datasets, args.repeat)
    print(f"upsert of {upserts['datasets']} dataset folders (descriptor + 200-row CSV, hashing included):")
    for key in ("upsert_each_own_transaction_s", "upsert_unchanged_s", "upsert_one_batch_s", "hashing_only_s",
                "add_report_s", "list_all_s", "latest_reports_s"):  # fmt: skip
        cpu = upserts.get(key.replace("_s", "_cpu_s"))
        cpu_text = f"   cpu {cpu:.3f} s" if cpu is not None else ""
        print(f"  {key:32} {upserts[key]:8.3f} s   ({upserts[key] / upserts['datasets'] * 1000:.2f} ms per dataset){cpu_text}")
    print(f"search over {search['datasets']} datasets (built in {search['build_s']} s, file {search['file_mb']} MB):")
    print(f"  {'kind':20} {'query':26} {'matches':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'cpu p50':>8}  top")
    for kind, row in search["queries"].items():
        print(
            f"  {kind:20} {row['query']:26} {row['matches']:>8} {row['p50_ms']:>8} {row['p95_ms']:>8} {row['max_ms']:>8} "
            f"{row['cpu_p50_ms']:>8}  {row['top']}"
        )
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    out = ROOT / "benchmarks" / "_results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "catalog.json").write_text(json.dumps({"upserts": upserts, "search": search}, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
