"""``stadtdaten schemas list | show NAME[@VERSION]``: the library of reusable municipal Table Schemas."""

from __future__ import annotations

import json

import click
import yaml
from rich.console import Console
from rich.table import Table

from stadtdaten.cli import AppContext
from stadtdaten.schemas.library import list_schemas, load_schema, resolve

CTX = "schemas"


@click.group("schemas")
def command() -> None:
    """Reusable Table Schemas for municipal data (reference them as library:<name>@<version>)."""


@command.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON on stdout.")
@click.pass_obj
def list_command(app: AppContext, as_json: bool) -> None:
    """List the schemas in the library, newest version first."""
    infos = list_schemas()
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "name": i.name,
                        "version": i.version,
                        "ref": i.ref,
                        "title": i.title,
                        "fields": i.fields,
                        "description": i.description,
                    }
                    for i in infos
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    _ = app.translator.pgettext
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column(_(CTX, "Reference"))
    table.add_column(_(CTX, "Title"))
    table.add_column(_(CTX, "Fields"), justify="right")
    for info in infos:
        table.add_row(info.ref, info.title, str(info.fields))
    Console(highlight=False).print(table)


@command.command("show")
@click.argument("ref")
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True)
@click.pass_obj
def show_command(app: AppContext, ref: str, fmt: str) -> None:
    """Print a schema: NAME (latest), NAME@VERSION or library:NAME@VERSION."""
    name, version = resolve(ref)
    schema = load_schema(f"{name}@{version}")
    if fmt == "json":
        click.echo(json.dumps(schema, ensure_ascii=False, indent=2))
    else:
        header = app.translator.pgettext(CTX, "# Reference it in a resource as: schema: library:{name}@{version}").format(
            name=name, version=version
        )
        click.echo(header)
        click.echo(yaml.safe_dump(schema, sort_keys=False, allow_unicode=True, width=120), nl=False)
