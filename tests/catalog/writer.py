"""A separate process that writes to a catalogue: used by the concurrency and kill tests.

    python writer.py concurrent CATALOG WORKER N SHARED_DIR GO   many small transactions, interleaved with
                                                                  others; starts when the file GO exists
    python writer.py batches    CATALOG FIRST LAST            one transaction per batch; skips finished batches
    python writer.py hold       CATALOG READY_FILE            a big transaction, then waits (to be SIGKILLed)
    python writer.py open       CATALOG                       just open (races the creation and migration)

Datasets are descriptors with inline data, so no files are needed; every batch ``b`` writes ten datasets,
a run ``batch-b`` with their reports, a stage state and an extra, all in one transaction: after a kill
either all of it is there or none.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from stadtdaten.catalog.local import LocalCatalog  # noqa: E402
from stadtdaten.core.dataset import Dataset, load_dataset  # noqa: E402
from stadtdaten.core.findings import Severity  # noqa: E402
from stadtdaten.core.report import DatasetResult, Finding, Location, Report  # noqa: E402

PER_BATCH = 10


def inline_dataset(name: str, words: str) -> Dataset:
    descriptor = {
        "name": name,
        "title": f"Datensatz {name}: {words}",
        "description": f"Beschreibung von {name}. " + words * 20,
        "keywords": ["Test", name],
        "resources": [
            {
                "name": "daten",
                "data": [{"id": i, "wert": f"{words} {i}"} for i in range(50)],
                "schema": {
                    "fields": [{"name": "id", "type": "integer"}, {"name": "wert", "type": "string", "description": words}]
                },
            }
        ],
    }
    return Dataset(descriptor, basepath=Path("/nonexistent"))


def batch_names(batch: int) -> list[str]:
    return [f"batch-{batch}-{i}" for i in range(PER_BATCH)]


def write_batch(catalog: LocalCatalog, batch: int) -> None:
    run_id = f"batch-{batch}"
    report = Report(command="validate", run_id=run_id, options={"fail_on": "error"})
    with catalog.batch():
        for name in batch_names(batch):
            dataset = inline_dataset(name, "Stadtbäume Parkplätze Straßen ")
            catalog.upsert_dataset(dataset)
            finding = Finding("descriptor-invalid", Severity.ERROR, Location(resource="daten", field="id", row=batch + 2))
            report.datasets.append(DatasetResult(name=name, content_hash=dataset.content_hash(), findings=[finding]))
            catalog.record_stage(name, "validate", dataset.content_hash(), {"batch": batch})
            catalog.put_extra(name, "mqa", {"score": batch})
        catalog.add_report(report.finish())


def batch_done(catalog: LocalCatalog, batch: int) -> bool:
    return catalog.run_report(f"batch-{batch}") is not None


def main(argv: list[str]) -> int:
    mode, location = argv[0], Path(argv[1])
    if mode == "open":
        with LocalCatalog.open(location) as catalog:
            return 0 if catalog.check() == [] else 1
    if mode == "concurrent":
        worker, count, shared, go = int(argv[2]), int(argv[3]), Path(argv[4]), Path(argv[5])
        while not go.exists():  # all workers start together, so their transactions really interleave
            time.sleep(0.01)
        with LocalCatalog.open(location) as catalog:
            shared_paths = sorted(p for p in shared.iterdir() if p.is_dir())
            for i in range(count):
                own = inline_dataset(f"w{worker}-{i}", f"Arbeiter {worker} Schritt {i}")
                catalog.upsert_dataset(own)
                path = shared_paths[i % len(shared_paths)]
                catalog.upsert_dataset(load_dataset(path))  # every worker upserts the same shared datasets
                report = Report(command="validate", options={"fail_on": "error"})
                report.datasets.append(DatasetResult(name=own.name, content_hash=own.content_hash()))
                report.datasets.append(DatasetResult(name=path.name, content_hash=None))
                catalog.add_report(report.finish())
                catalog.record_stage(own.name, "validate", own.content_hash())
                catalog.put_extra(path.name, f"seen-by-{worker}", i)
                catalog.search("Stadtbäume")
                catalog.list(limit=5)
        return 0
    if mode == "batches":
        first, last = int(argv[2]), int(argv[3])
        with LocalCatalog.open(location) as catalog:
            for batch in range(first, last):
                if not batch_done(catalog, batch):
                    write_batch(catalog, batch)
        return 0
    if mode == "hold":
        ready = Path(argv[2])
        with LocalCatalog.open(location) as catalog, catalog.batch():
            for batch in range(1000, 1005):
                write_batch(catalog, batch)  # nested: savepoints inside the one open transaction
            ready.write_text("in transaction")
            time.sleep(120)  # the test kills us here, mid-transaction
        return 0
    raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
