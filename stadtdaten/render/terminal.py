"""Terminal: what a steward reads after ``stadtdaten validate``, grouped per dataset and then per code.

Per code group: the counts, the message and location of the first ``options.samples`` findings, the
fix hint and how many more there are. Waived findings stay visible (marked, with owner and expiry);
expired or unused waivers are named, since waivers never disappear silently. Colours only when
``options.color`` is true (default: stdout is a terminal and ``NO_COLOR`` is unset). User content is
added as plain :class:`rich.text.Text`, never parsed as markup.
"""

from __future__ import annotations

import io
import os
import sys

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from stadtdaten.core.findings import Severity
from stadtdaten.core.report import DatasetResult, Report
from stadtdaten.render import RenderOptions
from stadtdaten.render._common import (
    UI,
    CodeGroup,
    DatasetView,
    dataset_views,
    hidden_count,
    iter_samples,
    printable,
    summary_sentence,
    waiver_label,
)

STYLES = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "bold yellow",
    Severity.INFO: "bold cyan",
}
RESULT_STYLES = {"passed": "bold green", "warning": "bold yellow", "failed": "bold red"}


def use_color(option: bool | None) -> bool:
    if option is not None:
        return option
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


def render(report: Report, options: RenderOptions) -> str:
    color = use_color(options.color)
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        color_system="standard" if color else None,
        no_color=not color,
        width=options.width or 100,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )
    ui = UI(options.translator)
    for view in dataset_views(report):
        _dataset(console, view, ui, options)
    line = Text(ui("Summary") + ": ", style="bold")
    line.append(summary_sentence(report, ui, options.fail_on), style=RESULT_STYLES[report.result(options.fail_on)])
    console.print(line)
    text = buffer.getvalue()
    # Padding fills wrapped lines to the full width; without colour nothing shows it, so drop it.
    return text if color else "\n".join(part.rstrip() for part in text.split("\n"))


def _dataset(console: Console, view: DatasetView, ui: UI, options: RenderOptions) -> None:
    heading = Text()
    if view.result is None:
        heading.append(ui("Findings of the run"), style="bold underline")
    else:
        heading.append(ui("Dataset") + ": ", style="bold")
        heading.append(view.label, style="bold underline")
        if view.path:
            heading.append(f"  {view.path}", style="dim")
    console.print(heading)

    counts = view.counts()
    result = view.result_word(options.fail_on)
    tally = Text("  ")
    tally.append(" · ".join(ui.severity_count(s, counts[s.value]) for s in Severity))
    tally.append(" · ")
    tally.append(ui.result(result), style=RESULT_STYLES[result])
    console.print(tally)
    if not view.groups:
        console.print(Text("  " + ui("No findings."), style="green"))
    for group in view.groups:
        _group(console, group, ui, options)
    if view.result is not None:
        _waiver_notes(console, view.result, ui)
    console.print()


def _group(console: Console, group: CodeGroup, ui: UI, options: RenderOptions) -> None:
    severity = group.severity
    head = Text("  ")
    label = ui("waived") if group.findings and group.waived == len(group.findings) and not group.omitted else None
    head.append(f"{(label or ui.severity(severity)).upper():<{_label_width(ui)}}", style="dim" if label else STYLES[severity])
    head.append(" ")
    head.append(group.code, style="bold")
    head.append(" · " + ui.title(group.type))
    head.append("  (" + ui.plural(group.total, "{n} finding", "{n} findings") + ")", style="dim")
    console.print(head)

    for finding in iter_samples(group, options.samples):
        line = Text()
        where = ui.location(finding.location)
        if where:
            line.append(where, style="cyan")
            line.append("  ")
        line.append(printable(finding.message(options.translator)))
        if finding.samples:
            line.append("  " + ui("values: {values}", values=printable(", ".join(finding.samples))), style="dim")
        if finding.waiver is not None:
            note = (
                waiver_label(finding, ui)
                if finding.waived
                else ui("waiver expired on {expires}", expires=ui.date(finding.waiver.expires))
            )
            line.append(f"  [{note}]", style="magenta")
        _indent(console, line, 6)
        if finding.waived and finding.waiver is not None and finding.waiver.justification:
            _indent(console, Text(ui("Justification") + ": " + finding.waiver.justification, style="dim"), 8)

    hidden = hidden_count(group, options.samples)
    if hidden:
        _indent(console, Text(ui.more(hidden), style="dim"), 6)
    first = group.findings[0] if group.findings else None
    hint = first.hint(options.translator) if first is not None else ""
    if hint:
        tip = Text(ui("Fix") + ": ", style="bold green")
        tip.append(hint)
        _indent(console, tip, 6)


def _label_width(ui: UI) -> int:
    """Wide enough for every severity word and "waived" in the reader's language."""
    return max(len(word) for word in [*(ui.severity(s) for s in Severity), ui("waived")])


def _indent(console: Console, text: Text, spaces: int) -> None:
    console.print(Padding(text, (0, 0, 0, spaces), expand=False))


def _waiver_notes(console: Console, result: DatasetResult, ui: UI) -> None:
    used = [f.waiver for f in result.findings if f.waiver is not None]
    for waiver in result.waivers:
        if waiver.expired():
            text = ui(
                "Waiver for {code} ({owner}) expired on {expires}: the findings count again.",
                code=waiver.code,
                owner=waiver.owner,
                expires=ui.date(waiver.expires),
            )
            console.print(Text("  " + text, style="yellow"))
        elif waiver not in used:
            text = ui(
                "Waiver for {code} ({owner}) matched no finding; remove it if it is no longer needed.",
                code=waiver.code,
                owner=waiver.owner,
            )
            console.print(Text("  " + text, style="dim"))
