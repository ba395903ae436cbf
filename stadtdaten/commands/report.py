"""``stadtdaten report governance``: the governance report across the whole catalogue.

For the Digitalisierungsausschuss (yearly Datenschutzbericht and Sachstandbericht): findings per pillar,
blocked datasets, open and expired waivers, trend against the previous run; Markdown or an accessible
HTML page, in the language of ``--lang``. Reads the stored runs of the local catalogue (or report JSON
files given with ``--from``); the report itself is built in :mod:`stadtdaten.quality.governance.report`.
"""

from __future__ import annotations

from pathlib import Path

import click

from stadtdaten.cli import AppContext
from stadtdaten.core.config import load_config
from stadtdaten.core.errors import InputError, UsageError
from stadtdaten.core.files import atomic_write
from stadtdaten.core.report import DatasetResult, Report
from stadtdaten.quality.governance.report import render_html, render_markdown, split_runs, summarize_results

CTX = "governance-report"


@click.group("report")
def command() -> None:
    """Reports across the catalogue."""


@command.command("governance")
@click.option(
    "--catalog",
    "catalog_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Catalogue folder (default: from the config).",
)
@click.option(
    "--from",
    "sources",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    multiple=True,
    help="Report JSON files instead of the catalogue (repeatable).",
)
@click.option("--run-command", default="validate", show_default=True, help="Which stored runs to read (validate, run, ...).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "html"]),
    default=None,
    help="Output format (default: by the -o suffix, else markdown).",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE instead of stdout.")
@click.pass_obj
def governance_command(
    app: AppContext, catalog_dir: Path | None, sources: tuple[Path, ...], run_command: str, fmt: str | None, output: Path | None
) -> None:
    """Findings per pillar, blocked datasets, waivers and the trend: for the Digitalisierungsausschuss."""
    if sources:
        reports = []
        for path in sources:
            try:
                reports.append(Report.from_json(path.read_text(encoding="utf-8")))
            except (OSError, ValueError, KeyError) as exc:
                raise InputError(f"not a stadtdaten report: {exc}", path=str(path)) from exc
        current, previous = split_runs(reports)
    else:
        current, previous = _from_catalog(app, catalog_dir, run_command)
    if not current:
        where = str(catalog_dir or "catalogue")
        raise UsageError(
            app.translator.pgettext(CTX, "No stored runs found in {path}").format(path=where),
            hint="Run `stadtdaten validate` first, or pass --from REPORT.json.",
        )
    summary = summarize_results(current, previous)
    chosen = fmt or ("html" if output is not None and output.suffix.lower() in (".html", ".htm") else "markdown")
    text = render_html(summary, app.translator) if chosen == "html" else render_markdown(summary, app.translator)
    if output is None:
        click.echo(text, nl=False)
    else:
        atomic_write(output, text)
        click.echo(str(output), err=True)


def _from_catalog(app: AppContext, catalog_dir: Path | None, run_command: str) -> tuple[list[DatasetResult], list[DatasetResult]]:
    from stadtdaten.catalog.local import LocalCatalog
    from stadtdaten.catalog.local import catalog_dir as default_dir

    location = catalog_dir if catalog_dir is not None else default_dir(None, load_config(app.config_path))
    catalog = LocalCatalog.open(location)
    current, previous = [], []
    for trend in catalog.trends(run_command):
        current.append(trend.current.dataset_result)
        if trend.previous is not None:
            previous.append(trend.previous.dataset_result)
    return current, previous
