"""JUnit XML: for the test widgets of GitHub, GitLab (``artifacts:reports:junit``) and Jenkins.

One ``<testsuite>`` per dataset resource (plus one per dataset for descriptor-level findings such as
metadata and Leitlinie rules), one ``<testcase>`` per finding code. A code with a finding at or above
``--fail-on`` is a ``<failure>``; findings below it (and waived ones) are ``<system-out>`` lines. Each
check category that ran without findings adds a passing testcase, so a clean resource shows green
tests instead of none. Which categories ran is read from ``report.options["checks"]`` when the
command records it, else inferred from the report (see :func:`categories_ran`).

Built with ElementTree (which escapes ``& < > "``); characters XML 1.0 forbids are replaced first.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field

from stadtdaten.core.findings import Category
from stadtdaten.core.report import DatasetResult, Finding, Report
from stadtdaten.render import RenderOptions
from stadtdaten.render._common import UI, CodeGroup, fails, group_findings, sanitize_text

RESOURCE_CATEGORIES = (Category.SOURCE, Category.STRUCTURE, Category.SCHEMA, Category.QUALITY)
DATASET_CATEGORIES = (Category.METADATA, Category.GOVERNANCE, Category.DCAT, Category.PUBLISH)
TABLE_COMMANDS = ("validate", "run", "ci")


@dataclass
class Suite:
    name: str
    level: str
    """``resource`` or ``dataset``: decides which passing category testcases it gets."""
    findings: list[Finding] = field(default_factory=list)
    omitted: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def categories_ran(report: Report) -> set[str]:
    """Check categories that ran: ``options["checks"]`` if recorded, else what the report shows.

    Without a record, a category counts as run when any finding of it exists, plus the descriptor and
    table checks for the commands that always run them (validate, run, ci).
    """
    recorded = report.options.get("checks")
    if isinstance(recorded, list | tuple):
        return {str(c) for c in recorded}
    ran = {f.type.category.value for _, f in report.all_findings()}
    for result in report.datasets:
        ran.update(_lookup_category(code) for code in result.omitted)
    if report.command in TABLE_COMMANDS:
        ran.update({Category.METADATA.value, Category.SOURCE.value, Category.STRUCTURE.value, Category.SCHEMA.value})
    return ran


def _lookup_category(code: str) -> str:
    from stadtdaten.core.findings import lookup

    return lookup(code).category.value


def suites_of(result: DatasetResult) -> list[Suite]:
    """The dataset's suite (descriptor level) followed by one suite per resource, in declared order."""
    dataset_suite = Suite(result.name, "dataset")
    by_name: dict[str, Suite] = {}
    by_path: dict[str, Suite] = {}
    for stats in result.resources:
        resource_suite = Suite(f"{result.name}/{stats.name}", "resource", seconds=stats.seconds)
        by_name[stats.name] = resource_suite
        if stats.path:
            by_path[stats.path] = resource_suite
    for finding in result.findings:
        loc = finding.location
        suite: Suite | None = None
        if loc.resource:
            suite = by_name.get(loc.resource)
            if suite is None:
                suite = by_name[loc.resource] = Suite(f"{result.name}/{loc.resource}", "resource")
        elif loc.path and loc.path in by_path:
            suite = by_path[loc.path]
        (suite or dataset_suite).findings.append(finding)
    # Omitted findings were not listed, so their resource is unknown: they count where their code lives.
    for code, number in result.omitted.items():
        homes = [s for s in by_name.values() if any(f.code == code for f in s.findings)]
        target = homes[0] if homes else dataset_suite
        target.omitted[code] = target.omitted.get(code, 0) + number
    return [dataset_suite, *by_name.values()]


def render(report: Report, options: RenderOptions) -> str:
    ui = UI(options.translator)
    ran = categories_ran(report)
    root = ET.Element("testsuites", name=f"stadtdaten {report.command}")
    totals = {"tests": 0, "failures": 0}
    timestamp = (report.started or "").replace("Z", "")[:19]
    suites: list[Suite] = []
    if report.findings:
        suites.append(Suite("stadtdaten", "dataset", findings=list(report.findings)))
    for result in report.datasets:
        suites.extend(suites_of(result))
    for suite in suites:
        element = _suite(suite, ran, ui, options)
        element.set("timestamp", timestamp)
        root.append(element)
        totals["tests"] += int(element.get("tests", "0"))
        totals["failures"] += int(element.get("failures", "0"))
    root.set("tests", str(totals["tests"]))
    root.set("failures", str(totals["failures"]))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _suite(suite: Suite, ran: set[str], ui: UI, options: RenderOptions) -> ET.Element:
    element = ET.Element("testsuite", name=_x(suite.name))
    groups = group_findings(suite.findings, suite.omitted)
    failures = 0
    tests = 0
    for group in groups:
        case, failed = _testcase(suite, group, ui, options)
        element.append(case)
        tests += 1
        failures += failed
    present = {g.type.category.value for g in groups}
    categories: Iterable[Category] = RESOURCE_CATEGORIES if suite.level == "resource" else DATASET_CATEGORIES
    for category in categories:
        if category.value in ran and category.value not in present:
            ET.SubElement(
                element,
                "testcase",
                name=_x(ui("{category}: no findings", category=ui.category(category))),
                classname=_x(suite.name),
                time="0",
            )
            tests += 1
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", "0")
    element.set("skipped", "0")
    element.set("time", f"{suite.seconds:.3f}")
    return element


def _testcase(suite: Suite, group: CodeGroup, ui: UI, options: RenderOptions) -> tuple[ET.Element, int]:
    case = ET.Element("testcase", name=_x(f"{group.code}: {ui.title(group.type)}"), classname=_x(suite.name), time="0")
    failing = [f for f in group.findings if fails(f.effective_severity, options.fail_on)]
    passing = [f for f in group.findings if not fails(f.effective_severity, options.fail_on)]
    omitted_fail = group.omitted if fails(group.type.severity, options.fail_on) else 0
    failed = 0
    if failing or omitted_fail:
        first = failing[0].message(options.translator) if failing else ui.title(group.type)
        count = len(failing) + omitted_fail
        message = ui.plural(count, "{n} finding", "{n} findings") + ": " + first
        lines = [_line(f, ui, options) for f in failing]
        if omitted_fail:
            lines.append(ui.more(omitted_fail))
        hint = failing[0].hint(options.translator) if failing else ""
        if hint:
            lines.append(ui("Fix") + ": " + hint)
        failure = ET.SubElement(case, "failure", message=_x(message), type=_x(group.code))
        failure.text = _x("\n".join(lines))
        failed = 1
    out_lines = [_line(f, ui, options) for f in passing]
    if group.omitted and not omitted_fail:
        out_lines.append(ui.more(group.omitted))
    if out_lines:
        ET.SubElement(case, "system-out").text = _x("\n".join(out_lines))
    return case, failed


def _line(finding: Finding, ui: UI, options: RenderOptions) -> str:
    where = ui.location(finding.location)
    text = f"[{ui.severity(finding.severity)}] "
    if where:
        text += where + ": "
    text += finding.message(options.translator)
    if finding.waiver is not None and finding.waived:
        text += (
            " ("
            + ui("waived by {owner} until {expires}", owner=finding.waiver.owner, expires=ui.date(finding.waiver.expires))
            + ")"
        )
    return text


def _x(text: str) -> str:
    return sanitize_text(text)
