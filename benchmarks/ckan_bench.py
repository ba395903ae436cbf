"""Benchmark: publishing to the real CKAN test stack (scripts/ckan-stack/up.sh).

    . /tmp/stadtdaten-ckan/state/env.sh
    python benchmarks/ckan_bench.py [--datasets 100] [--skip-example]

Measures, against the running stack:

* the bundled Bielefeld example (``examples/bielefeld``, 5 datasets, 6.7 MB of CSV) through the real CLI
  (``stadtdaten publish ... --force --reason``: validation, uploads, DataStore tables with every row,
  reports), first publish and an unchanged re-publish;
* N generated datasets (one small CSV with a Table Schema each): first publish, then the no-op
  re-publish, in-process (``Publisher`` with one prefetch) and through the CLI with ``--report`` (no
  re-validation); CKAN calls are counted by the client: the no-op must make 0 writes.

Numbers are printed and written to benchmarks/_results/ckan.json; tests never assert timings.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stadtdaten.catalog.ckan import CkanClient, Publisher, PublishOptions  # noqa: E402
from stadtdaten.core.config import ProjectConfig  # noqa: E402
from stadtdaten.core.dataset import load_dataset  # noqa: E402
from stadtdaten.core.report import DatasetResult  # noqa: E402
from tests.ckan.conftest import make_dataset  # noqa: E402


def cli(args: list[str]) -> tuple[float, dict[str, Any]]:
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "stadtdaten.cli", "--lang", "en", *args, "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.monotonic() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"publish failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds, json.loads(done.stdout)


def in_process(url: str, token: str, folders: list[Path], org: str) -> tuple[float, dict[str, Any], dict[str, int]]:
    start = time.monotonic()
    client = CkanClient(url, token)
    publisher = Publisher(client, ProjectConfig(), PublishOptions(organization=org, attach_reports=False))
    publisher.preflight(need_datastore=True)
    publisher.prefetch()
    statuses: dict[str, int] = {}
    for folder in folders:
        dataset = load_dataset(folder)
        summary = publisher.publish(dataset, None, DatasetResult(name=dataset.name))
        statuses[summary["status"]] = statuses.get(summary["status"], 0) + 1
    return time.monotonic() - start, client.stats.as_dict(), statuses


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--datasets", type=int, default=100)
    parser.add_argument("--skip-example", action="store_true")
    args = parser.parse_args()
    url, token = os.environ["CKAN_URL"], os.environ["CKAN_API_TOKEN"]
    results: dict[str, Any] = {"ckan": url, "datasets": args.datasets}

    if not args.skip_example:
        example = ROOT / "examples" / "bielefeld"
        base = ["publish", str(example), "--ckan", url, "--force", "--reason", "benchmark of the bundled example"]
        first, report = cli(base)
        again, report2 = cli(base)
        results["example"] = {
            "first_publish_s": round(first, 2),
            "first_calls": report["options"]["calls"],
            "statuses": [d["extras"]["publish"]["status"] for d in report["datasets"]],
            "republish_s": round(again, 2),
            "republish_calls": report2["options"]["calls"],
            "republish_statuses": [d["extras"]["publish"]["status"] for d in report2["datasets"]],
        }
        print(json.dumps(results["example"], indent=2))

    run = uuid.uuid4().hex[:6]
    with tempfile.TemporaryDirectory(prefix="stadtdaten-ckan-bench-") as tmp:
        folders = [make_dataset(Path(tmp) / f"d{i:03d}", f"bench-{run}-{i:03d}") for i in range(args.datasets)]
        org = f"bench-{run}"
        first_s, first_calls, first_status = in_process(url, token, folders, org)
        noop_s, noop_calls, noop_status = in_process(url, token, folders, org)
        report = Path(tmp) / "report.json"
        report.write_text(json.dumps({"command": "validate", "run_id": "b", "started": "2024-01-01T00:00:00Z", "datasets": []}))
        cli_s, cli_report = cli(["publish", tmp, "--ckan", url, "--organization", org, "--report", str(report), "--no-reports"])
        results["generated"] = {
            "first_publish_s": round(first_s, 2),
            "first_calls": first_calls,
            "first_statuses": first_status,
            "noop_in_process_s": round(noop_s, 2),
            "noop_calls": noop_calls,
            "noop_statuses": noop_status,
            "noop_cli_s": round(cli_s, 2),
            "noop_cli_calls": cli_report["options"]["calls"],
        }
    print(json.dumps(results["generated"], indent=2))
    out = ROOT / "benchmarks" / "_results" / "ckan.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
