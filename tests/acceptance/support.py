"""Helpers of the acceptance tests: run ``stadtdaten validate`` like a user does and read its JSON report.

The acceptance tests of issue 2 ("Done when") run the real command line on the real files in
``../shared/realdata``. Most runs go through :func:`stadtdaten.cli.run_cli` in this process (fast: the
package is imported once); a representative subset runs ``python -m stadtdaten.cli`` in a subprocess, to
prove there is no traceback at the process level either.

Files without a descriptor become one-resource datasets without a Table Schema. To check types, keys and
constraints on them, ``descriptors/<name>/datapackage.yaml`` hold small descriptors whose resource
``path`` is relative to ``../shared/realdata``; :func:`materialize` copies one into a temporary folder and
points its paths at the real files (nothing from ../shared is copied).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from stadtdaten.cli import run_cli
from stadtdaten.core.dataset import DESCRIPTOR_NAMES
from stadtdaten.core.report import report_json_schema
from tests.conftest import ROOT, SHARED

REALDATA = SHARED / "realdata"
DESCRIPTORS = Path(__file__).parent / "descriptors"

DATA_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".xls", ".json", ".geojson", ".ndjson", ".jsonl", ".yaml", ".yml", ".ttl"}
"""Every file in ../shared/realdata except the Markdown notes (SOURCES.md) is a data file to validate."""


def realdata_files() -> list[Path]:
    """Every data file below ../shared/realdata (empty when ../shared is absent: the tests then skip)."""
    if not REALDATA.is_dir():
        return []
    return sorted(p for p in REALDATA.rglob("*") if p.is_file() and p.suffix.lower() in DATA_SUFFIXES)


def realdata_packages() -> list[Path]:
    """Every folder holding a datapackage.json/.yaml/.yml, plus the ``*.package.json`` descriptors."""
    if not REALDATA.is_dir():
        return []
    folders = {p.parent for name in DESCRIPTOR_NAMES for p in REALDATA.rglob(name)}
    return sorted(folders) + sorted(REALDATA.rglob("*.package.json"))


def realdata_targets() -> list[Path]:
    return realdata_files() + realdata_packages()


def target_id(path: Path) -> str:
    relative = path.relative_to(REALDATA).as_posix()
    return relative + ("/" if path.is_dir() else "")


@dataclass
class Outcome:
    """One run of ``stadtdaten validate --json``: exit code, the parsed report, stderr."""

    exit_code: int
    stdout: str
    stderr: str
    report: dict[str, Any]

    def findings(self, code: str | None = None, *, dataset: str | None = None) -> list[dict[str, Any]]:
        """The listed findings (report-wide and of every dataset, or of one), optionally of exactly one code."""
        found = list(self.report.get("findings", []))
        for result in self.report.get("datasets", []):
            if dataset is None or result["name"] == dataset:
                found.extend(result["findings"])
        return [f for f in found if code is None or f["code"] == code]

    def facts(self, code: str, *, resource: str | None = None) -> set[tuple[int | None, str | None]]:
        """(row, field) of every finding of ``code`` (optionally of one resource)."""
        return {
            (f["location"].get("row"), f["location"].get("field"))
            for f in self.findings(code)
            if resource is None or f["location"].get("resource") == resource
        }

    def triples(self, *codes: str) -> set[tuple[int | None, str | None, str]]:
        """(row, field, code) of every finding of the given codes: the frictionless-style identity of a finding."""
        return {(f["location"].get("row"), f["location"].get("field"), f["code"]) for f in self.findings() if f["code"] in codes}

    def count(self, code: str) -> int:
        """How many findings of ``code`` the report counts, listed or not (``--max-findings``)."""
        return int(self.report["stats"]["by_code"].get(code, 0))

    def codes(self) -> Counter[str]:
        return Counter({k: int(v) for k, v in self.report["stats"]["by_code"].items()})

    def resources(self) -> dict[str, dict[str, Any]]:
        """Resource statistics (rows, fields, encoding) by resource name, over all datasets."""
        return {r["name"]: r for result in self.report.get("datasets", []) for r in result.get("resources", [])}


def validate_in_process(*paths: str | Path, lang: str = "en", extra: Iterable[str] = ()) -> Outcome:
    """``stadtdaten --lang LANG validate --json --no-catalog PATHS`` through :func:`run_cli`, output captured."""
    argv = ["--lang", lang, "validate", "--json", "--no-catalog", *extra, *(str(p) for p in paths)]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run_cli(argv)
    return _outcome(int(code or 0), out.getvalue(), err.getvalue())


def cli_command() -> list[str]:
    """``python -m stadtdaten.cli`` with the running interpreter; the venv's console script as a fallback."""
    if _module_runs():
        return [sys.executable, "-m", "stadtdaten.cli"]
    script = Path(sys.executable).with_name("stadtdaten")
    return [str(script)]


@cache
def _module_runs() -> bool:
    probe = subprocess.run(
        [sys.executable, "-m", "stadtdaten.cli", "--version"],
        check=False,
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
    )
    return probe.returncode == 0 and "stadtdaten" in probe.stdout


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("STADTDATEN_DEBUG", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["CI"] = "true"  # no progress bars
    if PYCACHE is not None:
        # Where PYTHONDONTWRITEBYTECODE is set, every subprocess would compile polars, rdflib & co. again
        # (seconds each); a bytecode cache outside the source tree is shared by the subprocesses of a run.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env


PYCACHE: Path | None = None
"""Set by the ``subprocess_cache`` fixture (tests/acceptance/conftest.py) to a folder of the test run."""


def validate_subprocess(*paths: str | Path, cwd: Path, lang: str | None = None, timeout: float = 300) -> Outcome:
    """The real process: ``python -m stadtdaten.cli [--lang LANG] validate --json --no-catalog PATHS``."""
    argv = [*cli_command(), *(["--lang", lang] if lang else []), "validate", "--json", "--no-catalog", *(str(p) for p in paths)]
    done = subprocess.run(
        argv, check=False, capture_output=True, text=True, encoding="utf-8", cwd=cwd, env=_env(), timeout=timeout
    )
    return _outcome(done.returncode, done.stdout, done.stderr)


def _outcome(code: int, stdout: str, stderr: str) -> Outcome:
    report: dict[str, Any] = {}
    if stdout.strip():
        with contextlib.suppress(json.JSONDecodeError):
            report = json.loads(stdout)
    return Outcome(exit_code=code, stdout=stdout, stderr=stderr, report=report)


@cache
def _report_validator() -> Any:
    import jsonschema

    schema = report_json_schema()
    validator_cls = jsonschema.validators.validator_for(schema)
    validator_cls.check_schema(schema)
    return validator_cls(schema)


def schema_errors(report: dict[str, Any]) -> list[str]:
    """Violations of the shipped report JSON Schema, each with its JSON pointer."""
    errors = sorted(_report_validator().iter_errors(report), key=lambda e: list(e.absolute_path))
    return ["/" + "/".join(str(p) for p in e.absolute_path) + ": " + e.message for e in errors[:10]]


PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
"""A template parameter left in a rendered message or hint ("{field}"): a gap in the catalogue or params."""


def assert_clean_report(outcome: Outcome, what: str, allowed_errors: dict[str, str] | None = None) -> None:
    """A report and never a traceback: exit 0/1, JSON on stdout matching the report schema.

    ``allowed_errors`` maps an exit code (2 or 3) to the one-line message expected on stderr instead.
    """
    assert "Traceback" not in outcome.stderr, f"{what}: traceback on stderr\n{outcome.stderr}"
    if allowed_errors and str(outcome.exit_code) in allowed_errors:
        lines = [line for line in outcome.stderr.splitlines() if line.strip()]
        assert lines and allowed_errors[str(outcome.exit_code)] in lines[0], f"{what}: unexpected error\n{outcome.stderr}"
        return
    assert outcome.exit_code in (0, 1), f"{what}: exit {outcome.exit_code}, stderr:\n{outcome.stderr.strip()}"
    assert outcome.report, f"{what}: stdout is not a JSON report:\n{outcome.stdout[:500]}"
    problems = schema_errors(outcome.report)
    assert not problems, f"{what}: the report does not match report.schema.json:\n" + "\n".join(problems)
    assert outcome.report["command"] == "validate"
    assert outcome.report["datasets"], f"{what}: the report holds no dataset"
    unrendered = [
        f"{f['code']}: {f[key]}" for f in outcome.findings() for key in ("message", "hint") if PLACEHOLDER.search(f.get(key, ""))
    ]
    assert not unrendered, f"{what}: messages with unfilled parameters ({outcome.report['language']}):\n" + "\n".join(
        unrendered[:5]
    )


def materialize(name: str, target: Path, change: Callable[[dict[str, Any]], None] | None = None) -> Path:
    """Copy ``descriptors/<name>/datapackage.yaml`` into ``target`` with resource paths pointing at ../shared.

    A path in a fixture is relative to ``../shared/realdata``; here it becomes the path of that file as
    seen from ``target`` (a relative path, computed now, as a descriptor next to the data would hold).
    ``change`` may edit the descriptor first (e.g. a disclosure threshold). Returns the descriptor file.
    """
    source = DESCRIPTORS / name / "datapackage.yaml"
    descriptor = yaml.safe_load(source.read_text(encoding="utf-8"))
    for resource in descriptor.get("resources", []):
        path = resource.get("path")
        if isinstance(path, str) and "://" not in path:
            data = REALDATA / path
            if not REALDATA.is_dir():
                pytest.skip(f"needs {REALDATA} (../shared is present in CI, not in a fresh clone)")
            assert data.is_file(), f"{source}: {path} is not in {REALDATA}"
            resource["path"] = os.path.relpath(data, target)
    if change is not None:
        change(descriptor)
    target.mkdir(parents=True, exist_ok=True)
    written = target / "datapackage.yaml"
    written.write_text(yaml.safe_dump(descriptor, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return written
