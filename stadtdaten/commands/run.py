"""``stadtdaten run [PIPELINE|PATH]``: every stage for every dataset, one report for the whole run.

Incremental (content hashes decide what is redone; ``--force`` redoes everything) and parallel across
datasets (``--workers``). Exit codes as for ``validate``; 4 when publishing failed.
"""

from __future__ import annotations

from pathlib import Path

import click

from stadtdaten.cli import AppContext
from stadtdaten.commands._options import deliver, report_options
from stadtdaten.core.config import load_config
from stadtdaten.core.exitcodes import ExitCode
from stadtdaten.pipelines.runner import RunOptions, publish_incomplete, run_pipeline
from stadtdaten.pipelines.spec import ALL_STEPS, spec_for
from stadtdaten.render.progress import progress


@click.command("run")
@click.argument("target", required=False, default=".", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--steps",
    help="Comma-separated steps to run instead of the spec's: " + ", ".join(ALL_STEPS),
)
@click.option("--force", is_flag=True, help="Redo every stage, even for unchanged datasets.")
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Processes (default: one per core).")
@click.option("--ckan", "ckan_url", help="CKAN URL for the publish-ckan step (token from CKAN_API_TOKEN).")
@click.option(
    "--catalog",
    "catalog_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="STADTDATEN_CATALOG",
    help="Catalogue folder (default: .stadtdaten next to the project config).",
)
@report_options
@click.pass_obj
def command(
    app: AppContext,
    target: Path,
    steps: str | None,
    force: bool,
    workers: int | None,
    ckan_url: str | None,
    catalog_dir: Path | None,
    fmt: str | None,
    as_json: bool,
    outputs: tuple[Path, ...],
    fail_on: str,
) -> None:
    """Run the pipeline: describe, validate, transform, DCAT, AI-ready outputs, publish."""
    chosen = None
    if steps:
        chosen = tuple(s.strip() for s in steps.split(",") if s.strip())
        unknown = [s for s in chosen if s not in ALL_STEPS]
        if unknown:
            raise click.BadParameter(f"unknown step(s) {', '.join(unknown)}; choose from {', '.join(ALL_STEPS)}")
    spec = spec_for(target, chosen)
    config = load_config(app.config_path, start=target)
    options = RunOptions(
        workers=workers, force=force, catalog_dir=catalog_dir, ckan_url=ckan_url, max_findings=config.max_findings
    )
    label = app.translator.pgettext("run", "Datasets")
    with progress(label, total=len(spec.datasets), enabled=app.progress and not as_json) as bar:
        report = run_pipeline(spec, config, options, progress=bar)
    publish_failed = any(
        f.code == "stage-failed" and f.params.get("stage") == "publish-ckan" for _, f in report.all_findings()
    ) or any(publish_incomplete(d) and d.extras["publish"].get("status") != "blocked" for d in report.datasets)
    deliver(
        app,
        report,
        fmt=fmt,
        as_json=as_json,
        outputs=outputs,
        fail_on=fail_on,
        extra_code=ExitCode.PUBLISH if publish_failed else ExitCode.OK,
    )
