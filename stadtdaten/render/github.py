"""GitHub Actions workflow commands: annotations on the changed files, grouped per dataset.

``::error file=F,line=L,col=C,title=T::message`` (``::warning``, ``::notice`` likewise), inside
``::group::<dataset>`` / ``::endgroup::``. Escaping follows actions/toolkit ``command.ts``: in the
message ``%``, CR and LF become ``%25``, ``%0D``, ``%0A``; in property values ``:`` and ``,`` too
(``%3A``, ``%2C``). ``line`` is the line in the CSV file (header = line 1), ``col`` the field number.

The severity maps one to one (info → notice); waived findings become notices. GitHub shows only the
first annotations of each kind per step, so errors come first; codes not listed (``--max-findings``)
get one notice with the count.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from stadtdaten.core.findings import Severity
from stadtdaten.core.report import Finding, Report
from stadtdaten.render import RenderOptions
from stadtdaten.render._common import (
    UI,
    DatasetView,
    artifact_path,
    dataset_views,
    finding_line,
    location_detail,
    relative_path,
    summary_sentence,
)

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    text = "".join("\ufffd" if ch not in "\r\n\t" and unicodedata.category(ch) == "Cc" else ch for ch in text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, properties: dict[str, object] | None = None) -> str:
    """One workflow command line; properties with value ``None`` are left out."""
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in (properties or {}).items() if value is not None)
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def render(report: Report, options: RenderOptions) -> str:
    ui = UI(options.translator)
    base = options.base_dir
    lines: list[str] = []
    for view in dataset_views(report):
        title = view.label if view.result is not None else ui("Findings of the run")
        lines.append(command("group", f"stadtdaten: {title}"))
        for group in view.groups:
            for finding in group.ordered():
                lines.append(annotation(finding, view, ui, options, base))
            if group.omitted:
                lines.append(
                    command(
                        "notice",
                        ui(
                            "{n} more findings of {code} are not listed (see the full report).",
                            n=ui.number(group.omitted),
                            code=group.code,
                        ),
                        {"file": relative_path(view.path, base) if view.path else None, "title": f"stadtdaten {group.code}"},
                    )
                )
        if not view.groups:
            lines.append(ui("No findings."))
        lines.append("::endgroup::")
    lines.append("stadtdaten: " + summary_sentence(report, ui, options.fail_on))
    return "\n".join(lines) + "\n"


def annotation(finding: Finding, view: DatasetView, ui: UI, options: RenderOptions, base: Path | None = None) -> str:
    level = LEVELS[finding.effective_severity]
    message = finding.message(options.translator)
    detail = location_detail(finding.location)
    if detail:
        message = f"{message} ({detail})"
    hint = finding.hint(options.translator)
    if hint:
        message += "\n" + ui("Fix") + ": " + hint
    if finding.waived and finding.waiver is not None:
        message += "\n" + ui(
            "waived by {owner} until {expires}", owner=finding.waiver.owner, expires=ui.date(finding.waiver.expires)
        )
    properties: dict[str, object] = {
        "file": artifact_path(finding, view.path, base),
        "line": finding_line(finding),
        "col": finding.location.field_number,
        "title": f"stadtdaten {finding.code}: {ui.title(finding.type)}",
    }
    return command(level, message, properties)
