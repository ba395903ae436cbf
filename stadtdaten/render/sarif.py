"""SARIF 2.1.0: for GitHub code scanning and every SARIF viewer.

One run; ``tool.driver`` lists a rule per finding code that occurs (id = code, name, short and full
description, help text, ``defaultConfiguration.level``, category and pillar as properties).
``helpUri`` is the code's own documentation page if it has one, else its entry in the generated
reference ``docs/findings.md`` (``befunde.md`` in German) under ``$STADTDATEN_DOCS_URL``; without a
configured URL it is left out (a SARIF ``helpUri`` must be absolute, and no address is guessed) and the
repository-relative path stands in ``properties.documentation``. ``informationUri`` likewise appears
only when ``$STADTDATEN_PROJECT_URL`` is set. Each listed finding is a result with ``ruleId``/``ruleIndex``, level
(error/warning/note), the message in the chosen language, a ``physicalLocation`` (the file relative
to the working directory, ``region.startLine`` = CSV line, ``startColumn`` = field number) and, for
descriptor and RDF findings, ``logicalLocations`` (JSON pointer, focus node, property path).
``partialFingerprints["stadtdaten/v1"]`` is the finding's stable fingerprint. Waived findings carry an
accepted external suppression with the justification; codes not listed (``--max-findings``) are
named in a tool notification. Validated against the OASIS schema in ``tests/render/test_sarif.py``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from stadtdaten.core.findings import FindingType, Severity, lookup
from stadtdaten.core.report import Finding, Report
from stadtdaten.render import RenderOptions
from stadtdaten.render._common import (
    UI,
    DatasetView,
    artifact_path,
    dataset_views,
    docs_url,
    finding_line,
    findings_doc_path,
    help_uri,
    path_uri,
    project_url,
)

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
FINGERPRINT_KEY = "stadtdaten/v1"
_PLACEHOLDER = re.compile(r"\{(\w+)[^{}]*\}")

INDENT_LIMIT = 1000


def render(report: Report, options: RenderOptions) -> str:
    data = to_sarif(report, options)
    # Indented for people up to INDENT_LIMIT results; beyond, compact (json's C encoder is ~10x faster).
    indent = 2 if len(data["runs"][0]["results"]) <= INDENT_LIMIT else None
    return json.dumps(data, ensure_ascii=False, indent=indent) + "\n"


def to_sarif(report: Report, options: RenderOptions) -> dict[str, Any]:
    ui = UI(options.translator)
    views = dataset_views(report)
    codes = sorted({f.code for _, f in report.all_findings()} | {c for r in report.datasets for c, n in r.omitted.items() if n})
    rule_index = {code: index for index, code in enumerate(codes)}
    base = docs_url(options.docs_url)
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for view in views:
        for group in view.groups:
            results.extend(_result(f, view, rule_index[f.code], ui, options) for f in group.ordered())
            if group.omitted:
                notifications.append(
                    {
                        "level": "note",
                        "message": {
                            "text": ui(
                                "{n} more findings of {code} are not listed (see the full report).",
                                n=ui.number(group.omitted),
                                code=group.code,
                            )
                        },
                        "associatedRule": {"id": group.code, "index": rule_index[group.code]},
                    }
                )
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if report.started:
        invocation["startTimeUtc"] = report.started
    if report.ended:
        invocation["endTimeUtc"] = report.ended
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    driver: dict[str, Any] = {
        "name": "stadtdaten",
        "version": report.tool_version,
        "semanticVersion": report.tool_version,
    }
    homepage = project_url()
    if homepage:
        driver["informationUri"] = homepage
    driver["rules"] = [_rule(lookup(code), ui, base) for code in codes]
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "automationDetails": {"id": f"stadtdaten/{report.command}/{report.run_id}"},
        "invocations": [invocation],
        "results": results,
        "columnKind": "unicodeCodePoints",
        "language": "de-DE" if ui.language == "de" else "en-US",
        "properties": {"command": report.command, "result": report.result(options.fail_on), "failOn": options.fail_on},
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _readable(template: str) -> str:
    """A message template without its placeholders' format specs: ``{value}`` reads as ``‹value›``."""
    return _PLACEHOLDER.sub(lambda m: f"‹{m.group(1)}›", template)


def _rule(ftype: FindingType, ui: UI, base: str | None) -> dict[str, Any]:
    title = ui.title(ftype)
    full = _readable(ui.translator.pgettext(f"finding:{ftype.code}", ftype.template))
    rule: dict[str, Any] = {
        "id": ftype.code,
        "name": _pascal(ftype.title) or ftype.code,
        "shortDescription": {"text": title},
        "fullDescription": {"text": full},
        "defaultConfiguration": {"level": LEVELS[ftype.severity]},
        "properties": {
            "category": ftype.category.value,
            "tags": [ftype.category.value, *ftype.tags],
            "documentation": findings_doc_path(ftype.code, ui.language),
        },
    }
    uri = help_uri(ftype, base, ui.language)
    if uri:
        rule["helpUri"] = uri
    hint = ui.translator.pgettext(f"hint:{ftype.code}", ftype.hint) if ftype.hint else ""
    help_text = _readable(hint) if hint and hint.strip("{}") != "hint" else title
    rule["help"] = {"text": help_text}
    if ftype.pillar:
        rule["properties"]["pillar"] = ftype.pillar
        rule["properties"]["tags"].append(ftype.pillar)
    return rule


def _pascal(text: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", text)
    return "".join(w[:1].upper() + w[1:] for w in words)


def _result(finding: Finding, view: DatasetView, index: int, ui: UI, options: RenderOptions) -> dict[str, Any]:
    message = finding.message(options.translator)
    hint = finding.hint(options.translator)
    if hint:
        message += "\n" + ui("Fix") + ": " + hint
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": index,
        "level": LEVELS[finding.severity],
        "message": {"text": message},
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
    }
    location = _location(finding, view, ui, options)
    if location:
        result["locations"] = [location]
    properties: dict[str, Any] = {}
    if view.result is not None:
        properties["dataset"] = view.result.name
    if finding.location.row_key:
        properties["rowKey"] = finding.location.row_key
    if finding.samples:
        properties["samples"] = finding.samples
    if properties:
        result["properties"] = properties
    if finding.waiver is not None and finding.waived:
        result["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": ui(
                    "{justification} (waived by {owner} until {expires})",
                    justification=finding.waiver.justification,
                    owner=finding.waiver.owner,
                    expires=finding.waiver.expires.isoformat(),
                ),
            }
        ]
    return result


def _location(finding: Finding, view: DatasetView, ui: UI, options: RenderOptions) -> dict[str, Any]:
    location: dict[str, Any] = {}
    path = artifact_path(finding, view.path, options.base_dir)
    if path:
        physical: dict[str, Any] = {"artifactLocation": {"uri": path_uri(path)}}
        line = finding_line(finding)
        if line is not None:
            region: dict[str, Any] = {"startLine": line}
            if finding.location.field_number:
                region["startColumn"] = finding.location.field_number
            physical["region"] = region
        location["physicalLocation"] = physical
    logical = _logical(finding)
    if logical:
        location["logicalLocations"] = logical
    where = ui.location(finding.location, view.path)
    if where and location:
        location["message"] = {"text": where}
    return location


def _logical(finding: Finding) -> list[dict[str, Any]]:
    loc = finding.location
    found = []
    if loc.pointer is not None:
        found.append({"name": loc.pointer.rsplit("/", 1)[-1] or "/", "fullyQualifiedName": loc.pointer, "kind": "member"})
    if loc.node:
        found.append({"name": loc.node, "fullyQualifiedName": loc.node, "kind": "object"})
    if loc.property:
        qualified = f"{loc.node} {loc.property}" if loc.node else loc.property
        found.append({"name": loc.property, "fullyQualifiedName": qualified, "kind": "property"})
    if loc.field is not None and not found and loc.resource:
        found.append({"name": loc.field, "fullyQualifiedName": f"{loc.resource}.{loc.field}", "kind": "member"})
    return found
