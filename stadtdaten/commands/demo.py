"""``stadtdaten demo``: the main job on the bundled Bielefeld example, with the embedded catalogue.

It runs exactly what a steward would run in a dataset repository (``stadtdaten run`` when the pipeline
runner is available, else ``validate``), on ``examples/bielefeld``, records everything in the embedded
catalogue (``examples/bielefeld/.stadtdaten``) and prints the summary. The example has deliberate defects,
so findings are expected: the demo exits 0 when the job itself worked.
"""

from __future__ import annotations

from pathlib import Path

import click

from stadtdaten.cli import AppContext
from stadtdaten.core.config import load_config
from stadtdaten.core.errors import UsageError
from stadtdaten.core.exitcodes import ExitCode
from stadtdaten.pipelines.validate import ValidateOptions, validate_paths
from stadtdaten.render import RenderOptions, render


def examples_dir() -> Path:
    """The bundled example: beside the package in a source checkout (the README's set-up installs it so)."""
    here = Path(__file__).resolve().parents[2] / "examples" / "bielefeld"
    if here.is_dir():
        return here
    raise UsageError(
        "the bundled example examples/bielefeld was not found",
        hint="Run the demo from a clone of the stadtdaten repository (pip install -e .), or pass --dir.",
    )


@click.command("demo")
@click.option("--dir", "directory", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None)
@click.pass_obj
def command(app: AppContext, directory: Path | None) -> None:
    """Run the main job on the bundled Bielefeld example (embedded catalogue, no server)."""
    root = directory or examples_dir()
    config = load_config(start=root)
    translator = app.translator
    click.echo(translator.pgettext("demo", "stadtdaten demo on {path}").format(path=root), err=True)
    report = validate_paths([root], config, ValidateOptions(max_findings=config.max_findings))
    click.echo(render(report, "terminal", RenderOptions(translator=translator)))
    click.echo(
        translator.pgettext("demo", "Catalogue: {path}").format(path=config.catalog_path),
        err=True,
    )
    raise SystemExit(int(ExitCode.OK))
