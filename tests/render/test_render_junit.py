"""JUnit XML: one suite per resource, one testcase per code, failures by --fail-on, valid XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from stadtdaten.core.report import Report
from stadtdaten.render import RenderOptions, render


def _parse(report: Report, fail_on: str = "error") -> ET.Element:
    return ET.fromstring(render(report, "junit", RenderOptions(fail_on=fail_on)).encode("utf-8"))


def _cases(root: ET.Element) -> dict[tuple[str, str], ET.Element]:
    return {(s.get("name", ""), c.get("name", "").split(":")[0]): c for s in root.iter("testsuite") for c in s.iter("testcase")}


def test_junit_parses_with_one_suite_per_resource(report: Report) -> None:
    root = _parse(report)
    names = [s.get("name") for s in root.iter("testsuite")]
    assert names == [
        "stadtdaten",
        "stadtbaeume",
        "stadtbaeume/baeume",
        "bevoelkerung",
        "bevoelkerung/bevoelkerung",
        "parken",
        "parken/belegung",
    ]


def test_junit_failures_follow_fail_on(report: Report) -> None:
    root = _parse(report, "error")
    cases = _cases(root)
    failing = {key for key, case in cases.items() if case.find("failure") is not None}
    # error codes fail; the expired waiver no longer protects rt-missing-cell; the waived warning does not fail
    assert failing == {
        ("stadtbaeume", "rt-descriptor"),
        ("stadtbaeume/baeume", "rt-type-error"),
        ("stadtbaeume/baeume", "rt-missing-cell"),
        ("stadtbaeume/baeume", "rt-extra-cell"),
        ("bevoelkerung/bevoelkerung", "RT-PRIV-001"),
    }
    assert root.get("failures") == "5"
    assert sum(int(s.get("failures", "0")) for s in root.iter("testsuite")) == 5
    assert int(root.get("tests", "0")) == len(cases)

    warning_root = _parse(report, "warning")
    assert warning_root.get("failures") == "7"  # + rt-plausibility and rt-shacl; the waived rt-encoding stays out
    assert _parse(report, "never").get("failures") == "0"


def test_junit_below_threshold_goes_to_system_out(report: Report) -> None:
    cases = _cases(_parse(report))
    out = cases[("stadtbaeume/baeume", "rt-encoding")].find("system-out")
    assert out is not None and out.text and "Amt 62" in out.text
    failure = cases[("stadtbaeume/baeume", "rt-type-error")].find("failure")
    assert failure is not None
    assert failure.get("message", "").startswith("5,000 findings")
    assert "+4,993 more" in (failure.text or "")


def test_junit_escapes_everything(report: Report) -> None:
    text = render(report, "junit", RenderOptions(fail_on="warning"))
    assert "<script>" not in text
    assert "\x1b" not in text and "\x00" not in text
    case = _cases(ET.fromstring(text.encode()))[("stadtbaeume/baeume", "rt-plausibility")]
    failure = case.find("failure")
    assert failure is not None and "Straße „Am Bach“ 🌳 <script>" in (failure.text or "")


def test_junit_passing_testcase_per_category_that_ran(clean_report: Report) -> None:
    root = _parse(clean_report)
    assert root.get("failures") == "0"
    names = [c.get("name") for c in root.iter("testcase")]
    assert "Table Schema: no findings" in names
    assert "Metadata: no findings" in names
    assert "Publishing: no findings" not in names  # nothing says publishing ran

    clean_report.options["checks"] = ["schema", "publish"]
    names = [c.get("name") for c in _parse(clean_report).iter("testcase")]
    assert sorted(names) == ["Publishing: no findings", "Table Schema: no findings"]
