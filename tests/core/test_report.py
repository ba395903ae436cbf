"""The report model: JSON contract, round trip, severities, waivers, fingerprints, exit codes."""

from __future__ import annotations

from datetime import date, timedelta

import jsonschema
import pytest

from stadtdaten.core.exitcodes import ExitCode, combine
from stadtdaten.core.findings import Severity
from stadtdaten.core.i18n import get_translator
from stadtdaten.core.report import DatasetResult, Finding, Location, Report, Waiver, report_json_schema


def _report() -> Report:
    report = Report(command="validate")
    result = report.dataset("stadtbaeume")
    result.add(
        Finding("resource-missing", Severity.ERROR, Location(path="a.csv", resource="a"), {"resource": "a", "path": "a.csv"})
    )
    result.add(
        Finding(
            "descriptor-invalid",
            Severity.WARNING,
            Location(path="datapackage.yaml", pointer="/title"),
            {"pointer": "/title", "detail": "x", "path": "p", "expected": "text"},
        )
    )
    result.omitted["type-error"] = 7
    return report.finish()


def test_serialised_report_matches_shipped_schema() -> None:
    report = _report()
    for language in ("en", "de"):
        jsonschema.validate(report.to_dict(get_translator(language)), report_json_schema())


def test_round_trip_keeps_everything() -> None:
    report = _report()
    again = Report.from_json(report.to_json())
    assert again.to_dict() == report.to_dict()


def test_fail_on_levels_and_exit_codes() -> None:
    report = _report()
    assert report.failed("error") and report.exit_code("error") == ExitCode.FINDINGS
    assert report.failed("warning")
    assert not report.failed("never") and report.exit_code("never") == ExitCode.OK
    assert report.counts()["error"] == 1 + 7  # omitted findings are counted, not listed


def test_waived_finding_does_not_fail_but_stays_visible() -> None:
    finding = Finding("resource-missing", Severity.ERROR, Location(resource="a"))
    finding.waiver = Waiver("resource-missing", "Known, file follows next week", "Amt 360", date.today() + timedelta(days=3))
    report = Report(command="validate", datasets=[DatasetResult(name="x", findings=[finding])])
    assert not report.failed("error")
    assert report.to_dict()["datasets"][0]["findings"][0]["waiver"]["owner"] == "Amt 360"


def test_expired_waiver_no_longer_waives() -> None:
    finding = Finding("resource-missing", Severity.ERROR, Location(resource="a"))
    finding.waiver = Waiver("resource-missing", "Was known last year", "Amt 360", date.today() - timedelta(days=1))
    assert not finding.waived and finding.effective_severity is Severity.ERROR


def test_fingerprint_ignores_row_number_when_row_key_is_known() -> None:
    one = Finding("type-error", Severity.ERROR, Location(path="a.csv", row=5, field="h", row_key={"id": "B1"}))
    two = Finding("type-error", Severity.ERROR, Location(path="a.csv", row=9, field="h", row_key={"id": "B1"}))
    assert one.fingerprint == two.fingerprint


def test_german_message_from_catalogue() -> None:
    finding = Finding("resource-missing", Severity.ERROR, Location(resource="a"), {"resource": "a", "path": "a.csv"})
    assert "verweist" in finding.message(get_translator("de"))
    assert "points to" in finding.message(get_translator("en"))


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        ((ExitCode.FINDINGS, ExitCode.RUNTIME), ExitCode.RUNTIME),
        ((ExitCode.RUNTIME, ExitCode.PUBLISH), ExitCode.PUBLISH),
        ((ExitCode.OK,), ExitCode.OK),
    ],
)
def test_exit_code_precedence(codes: tuple[ExitCode, ...], expected: ExitCode) -> None:
    assert combine(*codes) == expected
