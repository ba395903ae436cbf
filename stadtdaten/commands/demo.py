"""``stadtdaten demo``: the main job on the bundled Bielefeld example, with the embedded catalogue.

It does what a steward would do in a dataset repository, on ``examples/bielefeld``: describes any data
folder that has no descriptor yet, validates every dataset, records datasets and reports in the embedded
catalogue (``examples/bielefeld/.stadtdaten``) and prints the summary. The example has deliberate defects,
so findings are expected: the demo exits 0 when the job itself worked.
"""

from __future__ import annotations

from pathlib import Path

import click

from stadtdaten.cli import AppContext
from stadtdaten.core.config import load_config
from stadtdaten.core.dataset import TABULAR_FORMATS, find_descriptor
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


def _undescribed(root: Path) -> list[Path]:
    """Sub-folders with data files and no descriptor (hidden and build folders skipped)."""
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        has_data = any(f.suffix.lower().lstrip(".") in TABULAR_FORMATS for f in folder.iterdir() if f.is_file())
        if has_data and find_descriptor(folder) is None:
            found.append(folder)
    return found


@click.command("demo")
@click.option("--dir", "directory", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None)
@click.pass_obj
def command(app: AppContext, directory: Path | None) -> None:
    """Run the main job on the bundled Bielefeld example (embedded catalogue, no server)."""
    root = directory or examples_dir()
    config = load_config(start=root)
    translator = app.translator
    click.echo(translator.pgettext("demo", "stadtdaten demo on {path}").format(path=root), err=True)
    for folder in _undescribed(root):
        # a folder with data but no descriptor gets one first, exactly as `stadtdaten describe` writes it
        from stadtdaten.schemas.describe import describe_folder

        describe_folder(folder, config)
        click.echo(translator.pgettext("demo", "described: {path}").format(path=folder), err=True)
    report = validate_paths([root], config, ValidateOptions(max_findings=config.max_findings))
    click.echo(render(report, "terminal", RenderOptions(translator=translator)))
    click.echo(
        translator.pgettext("demo", "Catalogue: {path}").format(path=config.catalog_path),
        err=True,
    )
    raise SystemExit(int(ExitCode.OK))
