"""``stadtdaten harvest URL|FILE``: read a DCAT catalogue (all pages) into the local catalogue and export it."""

from __future__ import annotations

from pathlib import Path

import click

from stadtdaten.cli import AppContext
from stadtdaten.commands._options import deliver, report_options
from stadtdaten.core.config import load_config
from stadtdaten.core.report import DatasetResult, Report
from stadtdaten.dcat.harvest import Limits
from stadtdaten.pipelines.harvest import run_harvest


@click.command("harvest")
@click.argument("source")
@click.option(
    "--export", "export_dir", type=click.Path(file_okay=False, path_type=Path), help="Write CSV + Parquet exports here."
)
@click.option("--no-catalog", is_flag=True, help="Do not store the harvested datasets in the local catalogue.")
@click.option("--catalog", "catalog_dir", type=click.Path(file_okay=False, path_type=Path), envvar="STADTDATEN_CATALOG")
@click.option("--max-bytes", type=click.IntRange(min=1), default=50 * 1024 * 1024, show_default=True)
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True)
@click.option("--max-pages", type=click.IntRange(min=1), default=1000, show_default=True)
@report_options
@click.pass_obj
def command(
    app: AppContext,
    source: str,
    export_dir: Path | None,
    no_catalog: bool,
    catalog_dir: Path | None,
    max_bytes: int,
    timeout: float,
    max_pages: int,
    fmt: str | None,
    as_json: bool,
    outputs: tuple[Path, ...],
    fail_on: str,
) -> None:
    """Harvest DCAT (Turtle, RDF/XML, JSON-LD; hydra paging) into the local catalogue; export CSV/Parquet."""
    catalog = None
    if not no_catalog:
        from stadtdaten.catalog.local import LocalCatalog

        config = load_config(app.config_path)
        catalog = LocalCatalog.open(catalog_dir or config.catalog_path)
    outcome = run_harvest(source, catalog, export_dir, Limits(max_bytes=max_bytes, timeout=timeout, max_pages=max_pages))
    report = Report(command="harvest", options={"source": source, "pages": outcome.pages})
    for record in outcome.records:
        title = record.title.get("de") or record.title.get("") or next(iter(record.title.values()), None)
        result = DatasetResult(name=record.identifier, title=title, path=record.source)
        result.extras["distributions"] = len(record.distributions)
        if record.identifier in outcome.scores:
            result.extras["mqa"] = outcome.scores[record.identifier]
        report.datasets.append(result)
    report.options["stored"] = len(outcome.stored)
    report.options["skipped"] = [name for name, _ in outcome.skipped]
    report.options["exports"] = [str(p) for p in outcome.exports]
    deliver(app, report, fmt=fmt, as_json=as_json, outputs=outputs, fail_on=fail_on)
