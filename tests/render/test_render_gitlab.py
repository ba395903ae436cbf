"""GitLab code quality: the required fields, the severity map and fingerprints stable across runs."""

from __future__ import annotations

import json

from stadtdaten.core.report import Report
from stadtdaten.render import RenderOptions, render
from tests.render.render_sample import build_report


def test_code_quality_fields_and_severities(report: Report) -> None:
    issues = json.loads(render(report, "gitlab", RenderOptions()))
    assert len(issues) == sum(1 for _ in report.all_findings())
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in {"major", "minor", "info"}
        assert isinstance(issue["location"]["path"], str) and issue["location"]["path"]
        assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1
        assert "\n" not in issue["description"]
    by_check = {}
    for issue in issues:
        by_check.setdefault(issue["check_name"], set()).add(issue["severity"])
    assert by_check["rt-type-error"] == {"major"}
    assert by_check["rt-plausibility"] == {"minor"}
    assert by_check["RT-TRANS-002"] == {"info"}
    assert by_check["rt-encoding"] == {"info"}  # waived
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(set(fingerprints)) == len(fingerprints)


def test_fingerprints_stable_across_runs_and_row_shifts() -> None:
    first = json.loads(render(build_report(), "gitlab", RenderOptions()))
    second_report = build_report()
    for finding in second_report.datasets[0].findings:
        if finding.location.row_key and finding.location.row:
            finding.location.row += 10  # a row inserted above: row numbers shift, row keys do not
    second = json.loads(render(second_report, "gitlab", RenderOptions()))
    assert [i["fingerprint"] for i in first] == [i["fingerprint"] for i in second]
    assert first[0]["fingerprint"] == build_report().findings[0].fingerprint


def test_duplicate_fingerprints_are_made_unique(report: Report) -> None:
    dataset = report.datasets[2]
    from stadtdaten.core.report import Finding, Location

    for _ in range(3):
        dataset.add(Finding("rt-publish", report.datasets[1].findings[-1].severity, Location(), params={"name": "x"}))
    issues = json.loads(render(report, "gitlab", RenderOptions()))
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(set(fingerprints)) == len(fingerprints)
