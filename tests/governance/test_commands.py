"""``stadtdaten rules list/show/docs`` and ``stadtdaten report governance``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from stadtdaten.cli import run_cli
from stadtdaten.core.config import parse_config
from stadtdaten.core.i18n import get_translator
from stadtdaten.core.report import DatasetResult, Report
from stadtdaten.quality.governance import apply_waivers, check_dataset, declared_waivers
from stadtdaten.quality.governance.report import render_html, render_markdown, summarize_results
from stadtdaten.quality.rules.docs import render_pages
from tests.governance.test_engine import _dataset

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules"
TODAY = date(2026, 11, 29)


def test_rules_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["--lang", "de", "rules", "list", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    ids = {r["id"] for r in data}
    assert {"DS-PRIV-001", "DS-ETH-003", "quality-drift"} <= ids
    priv = next(r for r in data if r["id"] == "DS-PRIV-010")
    assert priv["title"] == "Statistische Geheimhaltung: kleine Fallzahlen" and priv["active"]


def test_rules_list_table_and_pillar_filter(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["--lang", "en", "rules", "list", "--pillar", "SOV"]) == 0
    out = capsys.readouterr().out
    assert "DS-SOV-002" in out and "DS-PRIV-001" not in out


def test_rules_show_in_german_and_english(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["--lang", "de", "rules", "show", "DS-SOV-002"]) == 0
    german = capsys.readouterr().out
    assert "Vereinbarung bei Daten Dritter" in german and "Behebung" in german
    assert run_cli(["--lang", "en", "rules", "show", "DS-PRIV-002.iban"]) == 0
    english = capsys.readouterr().out
    assert "DS-PRIV-002.iban" in english and "What it checks" in english


def test_rules_show_unknown_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["rules", "show", "DS-NOPE-999"]) == 2


def test_rule_docs_are_current() -> None:
    for name, content in render_pages().items():
        assert (DOCS / name).read_text(encoding="utf-8") == content, f"regenerate with `stadtdaten rules docs` ({name})"


def _results(patch: dict) -> DatasetResult:
    dataset, tables = _dataset(patch)
    findings = apply_waivers(check_dataset(dataset, tables, parse_config({}), today=TODAY), dataset, today=TODAY)
    return DatasetResult(name=dataset.name, findings=findings, waivers=declared_waivers(dataset))


WAIVERS = [
    {
        "code": "DS-SOV-004",
        "justification": "Amt wird umbenannt, Eintrag folgt.",
        "owner": "Digitalisierungsbüro",
        "expires": "2027-01-31",
    },
    {"code": "DS-TRANS-006", "justification": "Geokodierung folgt mit dem Relaunch.", "owner": "Amt 62", "expires": "2026-01-31"},
]


def _runs() -> tuple[list[DatasetResult], list[DatasetResult]]:
    before = [_results({"name": "baeume"}), _results({"name": "parken", "licenses": [{"name": "cc-by-nc/4.0"}]})]
    after = [
        _results({"name": "baeume", "dcat": {"publisher": None}}),
        _results({"name": "parken", "dcat": {"maintainer": None, "spatial": None}, "governance": {"waivers": WAIVERS}}),
    ]
    return after, before


def test_governance_summary_and_markdown() -> None:
    current, previous = _runs()
    summary = summarize_results(current, previous, TODAY)
    assert summary.blocked.keys() == {"baeume"}
    assert summary.newly_blocked == ["baeume"] and summary.unblocked == ["parken"]
    assert summary.pillars["Datenhoheit"].waived == 1
    assert [w.expired for w in summary.waivers] == [True, False]
    text = render_markdown(summary, get_translator("de"))
    assert "# Governance-Bericht" in text and "Blockierte Datensätze" in text and "Abgelaufen" in text
    assert "| Datenhoheit |" in text
    english = render_markdown(summary, get_translator("en"))
    assert "Data sovereignty (Datenhoheit)" in english and "Newly blocked: baeume" in english


def test_governance_html_is_accessible() -> None:
    current, previous = _runs()
    page = render_html(summarize_results(current, previous, TODAY), get_translator("de"))
    assert page.startswith("<!DOCTYPE html>") and '<html lang="de">' in page
    assert '<main id="content">' in page and 'class="skip"' in page
    assert page.count("<caption>") >= 3 and 'scope="col"' in page and 'scope="row"' in page
    assert "<script" not in page


def test_report_governance_command_from_report_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    current, previous = _runs()
    old = Report(command="validate", datasets=previous, started="2026-01-01T00:00:00Z").finish()
    new = Report(command="validate", datasets=current, started="2026-11-01T00:00:00Z").finish()
    paths = []
    for index, report in enumerate((old, new)):
        path = tmp_path / f"r{index}.json"
        path.write_text(report.to_json(), encoding="utf-8")
        paths.append(path)
    out = tmp_path / "bericht.html"
    code = run_cli(["--lang", "en", "report", "governance", "--from", str(paths[0]), "--from", str(paths[1]), "-o", str(out)])
    assert code == 0
    page = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "Governance report" in page and "baeume" in page
    assert run_cli(["--lang", "de", "report", "governance", "--from", str(paths[1]), "--format", "markdown"]) == 0
    assert "Kein vorheriger Lauf" in capsys.readouterr().out


def test_report_governance_from_the_local_catalogue(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from stadtdaten.catalog.local import LocalCatalog

    current, previous = _runs()
    catalog = LocalCatalog.open(tmp_path / "cat")
    for name in ("baeume", "parken"):
        catalog.upsert_dataset(_dataset({"name": name})[0])
    catalog.add_report(Report(command="validate", datasets=previous, started="2026-01-01T00:00:00Z").finish())
    catalog.add_report(Report(command="validate", datasets=current, started="2026-11-01T00:00:00Z").finish())
    assert run_cli(["--lang", "en", "report", "governance", "--catalog", str(tmp_path / "cat")]) == 0
    text = capsys.readouterr().out
    assert "Datasets checked: 2" in text and "Newly blocked: baeume" in text


def test_report_governance_without_runs_is_a_usage_error(tmp_path: Path) -> None:
    assert run_cli(["report", "governance", "--catalog", str(tmp_path / "empty")]) == 2
