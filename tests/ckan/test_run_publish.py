"""``stadtdaten run`` on the bundled Bielefeld example, publishing to the real test CKAN: the first run
validates, emits, writes the AI-ready files and publishes (local catalogue and CKAN); a second run with
nothing changed is a near no-op with zero CKAN writes."""

from __future__ import annotations

import json
import shutil
import urllib.request
from pathlib import Path

import pytest
import yaml

from stadtdaten.cli import run_cli

pytestmark = pytest.mark.ckan
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "bielefeld"


def _spec(root: Path, url: str, org: str) -> Path:
    spec = {
        "version": 1,
        "name": "bielefeld",
        "output": "_build",
        "steps": ["validate", "dcat", "ai-ready", "publish-local", "publish-ckan"],
        # the example carries deliberate defects; publishing them anyway needs a recorded reason
        "publish": {"ckan": {"url": url, "organization": org, "force": True, "reason": "Testlauf mit absichtlichen Fehlern"}},
        "datasets": [{"path": "wahlergebnisse"}, {"path": "bevoelkerung"}],
    }
    path = root / "stadtdaten-pipeline.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    return path


def test_run_publishes_then_is_a_no_op(ckan_env, token, run_id, tmp_path: Path, capsys) -> None:
    root = tmp_path / "bielefeld"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns(".stadtdaten", "_build"))
    # unique dataset names per test run, so a reused stack never mixes runs
    for folder in ("wahlergebnisse", "bevoelkerung"):
        descriptor = root / folder / "datapackage.yaml"
        text = descriptor.read_text(encoding="utf-8")
        descriptor.write_text(text.replace(f"\nname: {folder}\n", f"\nname: {folder}-{run_id}\n", 1), encoding="utf-8")
    spec = _spec(root, ckan_env["CKAN_URL"], f"run-{run_id}")

    first_code = run_cli(["--lang", "en", "run", str(spec), "--json", "--fail-on", "never"])
    first = json.loads(capsys.readouterr().out)
    assert first_code == 0, first
    publish = {d["name"]: d["extras"]["publish"] for d in first["datasets"]}
    assert {p["status"] for p in publish.values()} <= {"created", "updated"}, publish
    for name in publish:
        with urllib.request.urlopen(f"{ckan_env['CKAN_URL']}/api/3/action/package_show?id={name}", timeout=30) as r:
            package = json.loads(r.read())["result"]
        formats = {res.get("name") for res in package["resources"]}
        assert any(n and n.endswith(".parquet") for n in formats), formats  # the AI-ready outputs are distributions

    second_code = run_cli(["--lang", "en", "run", str(spec), "--json", "--fail-on", "never"])
    second = json.loads(capsys.readouterr().out)
    assert second_code == 0
    assert {d["extras"]["incremental"] for d in second["datasets"]} == {"unchanged"}
    assert second["options"]["unchanged"] == 2
