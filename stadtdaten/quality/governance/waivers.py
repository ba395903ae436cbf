"""Waivers and allow-lists: accepted findings stay visible.

A waiver (``governance.waivers``) needs a justification, an owner and an expiry date. A matching
finding keeps its severity but carries the waiver (it then counts as info); an expired waiver no longer
waives and is a finding of its own; a waiver that matches nothing is reported too. Waiver codes match
the exact code or, given a rule id, every variant of the rule (``DS-PRIV-002`` covers ``DS-PRIV-002.iban``).
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from stadtdaten.core.dataset import Dataset
from stadtdaten.core.findings import Severity
from stadtdaten.core.report import Finding, Location, Waiver


def waiver_matches(waiver: Waiver, finding: Finding) -> bool:
    loc = finding.location
    code_ok = finding.code == waiver.code or finding.code.startswith(waiver.code + ".")
    return (
        code_ok
        and (waiver.resource is None or waiver.resource == loc.resource)
        and (waiver.field is None or waiver.field == loc.field)
    )


def apply_waivers(findings: list[Finding], dataset: Dataset, today: date | None = None) -> list[Finding]:
    """Attach waivers to the findings they cover; add findings for expired and unused waivers.

    Callers put ``dataset.metadata.governance.waivers`` into ``DatasetResult.waivers`` so every declared
    waiver appears in the report (:func:`declared_waivers`).
    """
    today = today or date.today()
    result = list(findings)
    waivers = declared_waivers(dataset)
    used: Counter[int] = Counter()
    # a valid waiver wins over an expired one for the same finding
    order = sorted(range(len(waivers)), key=lambda i: waivers[i].expired(today))
    for finding in result:
        if finding.code.startswith("governance-waiver"):
            continue
        for index in order:
            if waiver_matches(waivers[index], finding):
                finding.waiver = waivers[index]
                used[index] += 1
                break
    for index, waiver in enumerate(waivers):
        params = {"waiver_code": waiver.code, "owner": waiver.owner, "expires": waiver.expires.isoformat()}
        location = Location(
            path=dataset.display_path(), resource=waiver.resource, field=waiver.field, pointer=f"/governance/waivers/{index}"
        )
        if waiver.expired(today):
            result.append(Finding("governance-waiver-expired", Severity.WARNING, location, params))
        elif not used[index]:
            result.append(Finding("governance-waiver-unused", Severity.INFO, location, params))
    return result


def declared_waivers(dataset: Dataset) -> list[Waiver]:
    return list(dataset.metadata.governance.waivers)


def apply_allow_list(findings: list[Finding], dataset: Dataset) -> list[Finding]:
    """Drop findings covered by ``governance.allow`` and report each entry used (with its justification)."""
    entries = dataset.metadata.governance.allow
    if not entries:
        return findings
    kept: list[Finding] = []
    used: Counter[int] = Counter()
    for finding in findings:
        for index, entry in enumerate(entries):
            rule = str(entry.get("rule", ""))
            code_ok = finding.code == rule or finding.code.startswith(rule + ".")
            if (
                code_ok
                and entry.get("resource") in (None, finding.location.resource)
                and entry.get("field") in (None, finding.location.field)
            ):
                used[index] += 1
                break
        else:
            kept.append(finding)
    for index, count in used.items():
        entry = entries[index]
        kept.append(
            Finding(
                "governance-allowlisted",
                Severity.INFO,
                Location(
                    path=dataset.display_path(),
                    resource=entry.get("resource"),
                    field=entry.get("field"),
                    pointer=f"/governance/allow/{index}",
                ),
                {
                    "count": count,
                    "rule": entry.get("rule"),
                    "field": entry.get("field") or "*",
                    "justification": entry.get("justification", ""),
                },
            )
        )
    return kept
