"""Real processes on one catalogue file: concurrent writers, a SIGKILL mid-transaction, random kills.

No mocks: every test spawns ``writer.py`` processes against a SQLite file in a tmp dir. Each test is
bounded in time (subprocess timeouts), and none asserts a duration.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from stadtdaten.catalog.local import CatalogBusyError, LocalCatalog
from tests.catalog.conftest import write_dataset

WRITER = Path(__file__).with_name("writer.py")
PER_BATCH = 10


def spawn(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(WRITER), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen[str], timeout: float = 120) -> None:
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, f"writer failed ({process.returncode}):\n{out}\n{err}"


def assert_batches_atomic(catalog: LocalCatalog) -> set[int]:
    """Every batch is all there (10 datasets, their reports, stages, extras and the run) or not at all."""
    names = set(catalog.names())
    complete = set()
    batches = {int(name.split("-")[1]) for name in names if name.startswith("batch-")}
    for run in catalog.runs(10_000):
        if run["run_id"].startswith("batch-"):
            batches.add(int(run["run_id"].split("-")[1]))
    for batch in batches:
        members = {f"batch-{batch}-{i}" for i in range(PER_BATCH)}
        present = members & names
        report = catalog.run_report(f"batch-{batch}")
        assert present in (set(), members), f"batch {batch} half written: {sorted(present)}"
        assert (report is not None) == bool(present), f"batch {batch}: datasets and run disagree"
        if present:
            assert len(report.datasets) == PER_BATCH  # type: ignore[union-attr]
            assert set(catalog.stage_states("validate")) >= members
            assert all(catalog.get_extra(n, "mqa") == {"score": batch} for n in members)
            complete.add(batch)
    return complete


def test_concurrent_first_open_migrates_once(tmp_path: Path) -> None:
    location = tmp_path / "fresh"
    processes = [spawn("open", str(location)) for _ in range(6)]
    for process in processes:
        finish(process)
    with LocalCatalog.open(location) as catalog:
        assert catalog.check() == []
        assert catalog._conn.execute("SELECT count(*) FROM meta WHERE key = 'schema_version'").fetchone()[0] == 1


def test_concurrent_writers(tmp_path: Path) -> None:
    location = tmp_path / "catalog"
    shared = tmp_path / "shared"
    for i in range(3):
        write_dataset(shared, f"geteilt-{i}", title=f"Geteilter Datensatz {i}", description="Stadtbäume")
    LocalCatalog.open(location).close()
    workers, steps = 4, 40
    go = tmp_path / "go"
    processes = [spawn("concurrent", str(location), str(w), str(steps), str(shared), str(go)) for w in range(workers)]
    time.sleep(1.0)  # let every interpreter start and import
    go.touch()
    for process in processes:
        finish(process)
    with LocalCatalog.open(location) as catalog:
        assert catalog.check() == []
        names = set(catalog.names())
        assert {f"w{w}-{i}" for w in range(workers) for i in range(steps)} <= names
        assert {f"geteilt-{i}" for i in range(3)} <= names
        assert catalog.count() == workers * steps + 3
        assert len(catalog.runs(1000)) == workers * steps
        assert catalog.get("geteilt-0").revision == 1  # type: ignore[union-attr]  # 100 upserts, one write
        assert len(catalog.stage_states("validate")) == workers * steps
        assert len(catalog.extras("geteilt-0")) == workers
        assert len(catalog.reports("geteilt-0", None)) == workers * len(range(0, steps, 3))


def test_sigkill_mid_transaction_leaves_a_consistent_file_and_the_next_run_converges(tmp_path: Path) -> None:
    location = tmp_path / "catalog"
    finish(spawn("batches", str(location), "0", "3"))
    ready = tmp_path / "ready"
    holder = spawn("hold", str(location), str(ready))
    deadline = time.monotonic() + 60
    while not ready.exists():
        assert holder.poll() is None, holder.communicate()
        assert time.monotonic() < deadline, "writer never got into its transaction"
        time.sleep(0.05)
    # while the writer holds its transaction: readers still work (WAL) and see only committed data ...
    with LocalCatalog.open(location, timeout=0.3) as reader:
        assert reader.count() == 3 * PER_BATCH
        assert reader.search("batch")
        # ... and another writer waits for the lock, then gives up with a clear error
        with pytest.raises(CatalogBusyError) as info:
            reader.put_extra("batch-0-0", "x", 1)
        assert "STADTDATEN_CATALOG_TIMEOUT" in info.value.render_hint()
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(timeout=30)
    assert holder.returncode == -signal.SIGKILL
    assert Path(str(location / "catalog.sqlite") + "-wal").exists()  # the killed writer left its log behind
    with LocalCatalog.open(location) as catalog:
        assert catalog.check() == []
        assert assert_batches_atomic(catalog) == {0, 1, 2}  # nothing of the killed transaction
        assert catalog.count() == 3 * PER_BATCH
    finish(spawn("batches", str(location), "0", "5"))  # the next run converges
    finish(spawn("batches", str(location), "0", "5"))  # and a further one changes nothing
    with LocalCatalog.open(location) as catalog:
        assert catalog.check() == []
        assert assert_batches_atomic(catalog) == {0, 1, 2, 3, 4}
        assert all(e.revision == 1 for e in catalog.list())


def test_random_sigkills_never_leave_half_a_batch(tmp_path: Path) -> None:
    location = tmp_path / "catalog"
    LocalCatalog.open(location).close()
    rng = random.Random(20240229)
    total = 200  # several seconds of work: a kill after 0.3-1.2 s lands before the writer is done
    kills = 0
    for _ in range(8):
        writer = spawn("batches", str(location), "0", str(total))
        time.sleep(rng.uniform(0.3, 1.2))  # includes start-up; kills land at arbitrary points of the work
        if writer.poll() is None:
            os.kill(writer.pid, signal.SIGKILL)
            kills += 1
        writer.wait(timeout=60)
        with LocalCatalog.open(location) as catalog:
            assert catalog.check() == []
            assert_batches_atomic(catalog)
    finish(spawn("batches", str(location), "0", str(total)))
    with LocalCatalog.open(location) as catalog:
        assert catalog.check() == []
        assert assert_batches_atomic(catalog) == set(range(total))
        assert catalog.count() == total * PER_BATCH
    assert kills >= 1
