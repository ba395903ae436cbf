"""``stadtdaten init [DIR]``: scaffold a dataset repository (config, example dataset, pipeline, CI, pre-commit)."""

from __future__ import annotations

from pathlib import Path

import click

from stadtdaten.cli import AppContext
from stadtdaten.pipelines.scaffold import scaffold


@click.command("init")
@click.argument("directory", required=False, default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
@click.pass_obj
def command(app: AppContext, directory: Path, force: bool) -> None:
    """Create a dataset repository that validates itself (templates in the --lang language)."""
    result = scaffold(directory, lang=app.language, force=force)
    t = app.translator
    for path in result.written:
        click.echo(t.pgettext("init", "written: {path}").format(path=path))
    for path in result.kept:
        click.echo(t.pgettext("init", "kept (exists, use --force to overwrite): {path}").format(path=path))
