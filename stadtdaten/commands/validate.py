"""``stadtdaten validate PATH...``: what is wrong, where, and how to fix it, in German or English.

Exit codes: 0 ok, 1 findings at or above ``--fail-on``, 2 usage/configuration, 3 runtime error.
"""

from __future__ import annotations

from pathlib import Path

import click

from stadtdaten.cli import AppContext
from stadtdaten.commands._options import deliver, report_options
from stadtdaten.core.config import load_config
from stadtdaten.pipelines.validate import ONLY_CHOICES, ValidateOptions, validate_paths


@click.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--only",
    type=click.Choice(ONLY_CHOICES),
    default="all",
    show_default=True,
    help="schema: structure and Table Schema only (fast); metadata: the descriptor; governance: Leitlinie rules.",
)
@click.option("--profile", help="Rule profile: bielefeld (default), strict, open-nrw, or a YAML file.")
@click.option(
    "--max-findings",
    type=click.IntRange(min=0),
    default=None,
    help="Findings listed per resource (more are counted). 0 = all. Default 1000.",
)
@click.option("--chunk-rows", type=click.IntRange(min=1000), default=None, help="Bounded-memory mode: rows per chunk.")
@click.option("--no-catalog", is_flag=True, help="Do not record datasets and reports in the embedded catalogue.")
@click.option(
    "--catalog",
    "catalog_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="STADTDATEN_CATALOG",
    help="Catalogue folder (default: .stadtdaten next to the project config, or in the working directory).",
)
@report_options
@click.pass_obj
def command(
    app: AppContext,
    paths: tuple[Path, ...],
    only: str,
    profile: str | None,
    max_findings: int | None,
    chunk_rows: int | None,
    no_catalog: bool,
    catalog_dir: Path | None,
    fmt: str | None,
    as_json: bool,
    outputs: tuple[Path, ...],
    fail_on: str,
) -> None:
    """Validate datasets: descriptor, structure, Table Schema, quality and Leitlinie rules."""
    config = load_config(app.config_path, start=paths[0])
    limit = config.max_findings if max_findings is None else (max_findings or None)
    options = ValidateOptions(
        only=only,
        profile=profile,
        max_findings=limit,
        chunk_rows=chunk_rows,
        store=not no_catalog,
        catalog_dir=catalog_dir,
    )
    report = validate_paths(paths, config, options)
    deliver(app, report, fmt=fmt, as_json=as_json, outputs=outputs, fail_on=fail_on)
