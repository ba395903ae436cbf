"""Options and output handling shared by every command that produces a report.

``--format`` chooses what goes to stdout (terminal by default, ``--json`` is short for ``--format json``);
``--output FILE`` (repeatable) writes further formats, chosen by suffix (``.json``, ``.xml`` JUnit,
``.sarif``, ``.md``, ``.html``, ``.codequality.json``). Under GitHub Actions the Markdown summary is
appended to ``$GITHUB_STEP_SUMMARY``. The exit code follows ``--fail-on``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from stadtdaten.core.exitcodes import ExitCode, combine
from stadtdaten.core.files import atomic_write
from stadtdaten.core.report import FAIL_ON_CHOICES, Report
from stadtdaten.render import FORMATS, RenderOptions, format_for_path, render

F = TypeVar("F", bound=Callable[..., Any])


def report_options(function: F) -> F:
    """Attach ``--format/--json/--output/--fail-on`` to a command."""
    decorators = [
        click.option(
            "--format",
            "fmt",
            type=click.Choice(sorted(FORMATS)),
            default=None,
            help="Format on stdout (default: terminal; json with --json).",
        ),
        click.option("--json", "as_json", is_flag=True, help="Only JSON on stdout (same as --format json)."),
        click.option(
            "--output",
            "-o",
            "outputs",
            type=click.Path(dir_okay=False, path_type=Path),
            multiple=True,
            help="Also write the report to FILE; format by suffix (.json .xml .sarif .md .html .codequality.json).",
        ),
        click.option(
            "--fail-on",
            type=click.Choice(FAIL_ON_CHOICES),
            default="error",
            show_default=True,
            help="Exit 1 when a finding of this severity or worse exists.",
        ),
    ]
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


def deliver(
    app: Any,
    report: Report,
    *,
    fmt: str | None,
    as_json: bool,
    outputs: tuple[Path, ...],
    fail_on: str,
    extra_code: ExitCode = ExitCode.OK,
) -> None:
    """Write the report everywhere it was asked for, then exit with the documented code."""
    report.options.setdefault("fail_on", fail_on)
    report.options.setdefault("language", app.language)
    if report.ended is None:
        report.finish()
    options = RenderOptions(translator=app.translator, fail_on=fail_on)
    chosen = "json" if as_json else (fmt or "terminal")
    text = render(report, chosen, options)
    if text:
        click.echo(text, nl=not text.endswith("\n"))
    for path in outputs:
        atomic_write(path, render(report, format_for_path(path), options))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary and os.environ.get("GITHUB_ACTIONS") == "true":
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(render(report, "markdown", options))
    code = combine(report.exit_code(fail_on), extra_code)
    sys.stdout.flush()
    raise SystemExit(int(code))
