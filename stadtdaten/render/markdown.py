"""Markdown: the CI step summary (``$GITHUB_STEP_SUMMARY``, GitLab MR notes), datacontract-cli style.

A result line, the counts, then one table per dataset with the columns Result, Code, Location and
Details. The marker says what a row means for the run: 🔴 fails it (at or above ``--fail-on``),
🟠 a warning that does not fail it, 🟢 neither; the severity word stands next to it, so colour is
never the only signal. Each code shows at most ``options.samples`` rows, then "and N more"; GitHub
caps a summary at 1 MiB, so each dataset also stops after :data:`MAX_ROWS` rows. A code links to its
documentation when there is an address for it (its own page, or the finding reference under
``$STADTDATEN_DOCS_URL``); no address is guessed.
"""

from __future__ import annotations

from stadtdaten.core.findings import Severity
from stadtdaten.core.report import Finding, Report
from stadtdaten.render import RenderOptions
from stadtdaten.render._common import (
    UI,
    CodeGroup,
    DatasetView,
    dataset_views,
    docs_url,
    fails,
    help_uri,
    hidden_count,
    iter_samples,
    one_line,
    printable,
    summary_sentence,
    waiver_label,
)

MAX_ROWS = 200
RESULT_MARKERS = {"passed": "🟢", "warning": "🟠", "failed": "🔴"}
_SPECIAL = set("\\`*_[]<>|#~!")


def escape(text: str) -> str:
    """Plain text safe inside a Markdown table cell: one line, no markup, no raw HTML."""
    out = []
    for ch in one_line(printable(text)):
        if ch == "&":
            out.append("&amp;")
        elif ch in _SPECIAL:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def marker(severity: Severity, fail_on: str) -> str:
    if fails(severity, fail_on):
        return "🔴"
    return "🟠" if severity is Severity.WARNING else "🟢"


def render(report: Report, options: RenderOptions) -> str:
    ui = UI(options.translator)
    result = report.result(options.fail_on)
    lines = [
        f"## {RESULT_MARKERS[result]} stadtdaten {escape(report.command)}: {escape(ui.result(result))}",
        "",
        escape(summary_sentence(report, ui, options.fail_on)),
        "",
    ]
    for view in dataset_views(report):
        lines.extend(_dataset(view, ui, options))
    lines.append(f"<sub>stadtdaten {escape(report.tool_version)} · {escape(ui('run'))} {escape(report.run_id)}</sub>")
    return "\n".join(lines) + "\n"


def _dataset(view: DatasetView, ui: UI, options: RenderOptions) -> list[str]:
    title = ui("Findings of the run") if view.result is None else view.label
    word = view.result_word(options.fail_on)
    lines = [f"### {RESULT_MARKERS[word]} {escape(title)}", ""]
    counts = view.counts()
    lines.append(escape(" · ".join(ui.severity_count(s, counts[s.value]) for s in Severity)))
    lines.append("")
    if not view.groups:
        lines.extend([f"🟢 {escape(ui('No findings.'))}", ""])
        return lines
    header = [ui("Result"), ui("Code"), ui("Location"), ui("Details")]
    lines.append("| " + " | ".join(escape(h) for h in header) + " |")
    lines.append("|---|---|---|---|")
    rows = 0
    skipped = 0
    for group in view.groups:
        group_rows = _group_rows(group, view, ui, options)
        for row in group_rows:
            if rows >= MAX_ROWS:
                skipped += 1
                continue
            lines.append(row)
            rows += 1
    if skipped:
        lines.append(f"| | | | {escape(ui('and {n} more rows', n=ui.number(skipped)))} |")
    lines.append("")
    return lines


def _group_rows(group: CodeGroup, view: DatasetView, ui: UI, options: RenderOptions) -> list[str]:
    rows = []
    code = f"`{group.code}`" if "`" not in group.code else escape(group.code)
    uri = help_uri(group.type, docs_url(options.docs_url), ui.language)
    if uri:
        code = f"[{code}]({uri.replace('(', '%28').replace(')', '%29').replace(' ', '%20')})"
    for index, finding in enumerate(iter_samples(group, options.samples)):
        rows.append(_row(finding, code, ui, options, with_hint=index == 0))
    if not group.findings:
        severity = group.type.severity
        cell = f"{marker(severity, options.fail_on)} {escape(ui.severity(severity))}"
        rows.append(f"| {cell} | {code} | | {escape(ui.title(group.type))} |")
    hidden = hidden_count(group, options.samples)
    if hidden:
        rows.append(f"| | {code} | | {escape(ui('and {n} more', n=ui.number(hidden)))} |")
    return rows


def _row(finding: Finding, code: str, ui: UI, options: RenderOptions, *, with_hint: bool) -> str:
    severity = finding.effective_severity
    result = f"{marker(severity, options.fail_on)} {escape(ui.severity(finding.severity))}"
    if finding.waived:
        result += f" ({escape(ui('waived'))})"
    where = escape(ui.location(finding.location))
    details = escape(finding.message(options.translator))
    hint = finding.hint(options.translator) if with_hint else ""
    if hint:
        details += f"<br>{escape(ui('Fix'))}: {escape(hint)}"
    if finding.waived:
        details += "<br>" + escape(waiver_label(finding, ui))
    return f"| {result} | {code} | {where} | {details} |"
