"""GitLab code quality (``artifacts:reports:codequality``): a JSON array of Code Climate issues.

Each listed finding becomes ``{description, check_name, fingerprint, severity, location: {path,
lines: {begin}}}``. ``fingerprint`` is the finding's own fingerprint (file, code, field, row key: not
the row number), so an unchanged problem keeps its fingerprint across runs and GitLab can tell new
from fixed ones in a merge request. Two findings that share a fingerprint within one report (same
place, same code) get a suffix-derived fingerprint for the second and later ones, since GitLab
drops duplicates. Severity: error → ``major``, warning → ``minor``, info → ``info``; waived
findings are reported as ``info`` and say so.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from stadtdaten.core.findings import Severity
from stadtdaten.core.report import Report
from stadtdaten.render import RenderOptions
from stadtdaten.render._common import UI, artifact_path, dataset_views, finding_line, location_detail, one_line

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}

INDENT_LIMIT = 1000


def render(report: Report, options: RenderOptions) -> str:
    issues = to_code_quality(report, options)
    # Indented for people up to INDENT_LIMIT issues; beyond, compact (json's C encoder is ~10x faster).
    return json.dumps(issues, ensure_ascii=False, indent=2 if len(issues) <= INDENT_LIMIT else None) + "\n"


def to_code_quality(report: Report, options: RenderOptions) -> list[dict[str, Any]]:
    ui = UI(options.translator)
    issues: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for view in dataset_views(report):
        for group in view.groups:
            for finding in group.ordered():
                fingerprint = finding.fingerprint
                count = seen.get(fingerprint, 0)
                seen[fingerprint] = count + 1
                if count:
                    fingerprint = hashlib.sha256(f"{fingerprint}#{count}".encode()).hexdigest()[:32]
                description = one_line(finding.message(options.translator))
                detail = location_detail(finding.location)
                if detail:
                    description += f" ({detail})"
                if finding.waived and finding.waiver is not None:
                    description += (
                        " ["
                        + ui(
                            "waived by {owner} until {expires}",
                            owner=finding.waiver.owner,
                            expires=ui.date(finding.waiver.expires),
                        )
                        + "]"
                    )
                issue: dict[str, Any] = {
                    "type": "issue",
                    "engine_name": "stadtdaten",
                    "check_name": finding.code,
                    "description": description,
                    "categories": ["Bug Risk"] if finding.severity is Severity.ERROR else ["Clarity"],
                    "fingerprint": fingerprint,
                    "severity": SEVERITIES[finding.effective_severity],
                    "location": {
                        "path": artifact_path(finding, view.path, options.base_dir) or "stadtdaten.toml",
                        "lines": {"begin": finding_line(finding) or 1},
                    },
                }
                hint = finding.hint(options.translator)
                if hint:
                    issue["content"] = {"body": hint}
                issues.append(issue)
    return issues
