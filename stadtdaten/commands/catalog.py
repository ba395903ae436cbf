"""``stadtdaten catalog list | show ID | search TEXT | add PATH... | remove ID | check``: the embedded catalogue.

The catalogue folder is ``--catalog DIR`` (on the group or the subcommand), else ``STADTDATEN_CATALOG``,
else ``catalog_dir`` of the project config (``.stadtdaten`` next to ``stadtdaten.toml``, or in the working
directory). Reading commands never create a catalogue. ``--json`` prints only JSON on stdout.

Exit codes: 0 ok; 2 unknown dataset id (the hint names close matches) or unusable descriptor; 3 the
catalogue file cannot be used or a path cannot be read.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from stadtdaten.catalog.local import CatalogEntry, LocalCatalog, ReportRecord, catalog_dir, catalog_file
from stadtdaten.cli import AppContext
from stadtdaten.core.config import load_config
from stadtdaten.core.dataset import find_datasets, find_descriptor, load_dataset
from stadtdaten.core.errors import StadtdatenError
from stadtdaten.core.exitcodes import ExitCode, combine
from stadtdaten.core.i18n import Translator

F = TypeVar("F", bound=Callable[..., Any])
CTX = "catalog"
_META_KEY = "stadtdaten.catalog_dir"
_MARK = ("\x02", "\x03")
RESULT_STYLES = {"passed": "green", "warning": "yellow", "failed": "bold red"}


def _catalog_option(envvar: str | None) -> Callable[[F], F]:
    return click.option(
        "--catalog",
        "catalog_location",
        type=click.Path(path_type=Path),
        envvar=envvar,
        default=None,
        help="Catalogue folder (default: STADTDATEN_CATALOG, else .stadtdaten next to the project config or here).",
    )


def _json_option(function: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Only JSON on stdout (machine-readable).")(function)


@click.group("catalog")
@_catalog_option("STADTDATEN_CATALOG")
@click.pass_context
def command(ctx: click.Context, catalog_location: Path | None) -> None:
    """The embedded local catalogue: datasets, their descriptors and the history of their reports."""
    ctx.meta[_META_KEY] = catalog_location


def _location(app: AppContext, explicit: Path | None) -> Path:
    chosen = explicit or click.get_current_context().meta.get(_META_KEY)
    if chosen is None:
        return catalog_dir(None, load_config(app.config_path))
    return catalog_dir(chosen)


def _open(app: AppContext, explicit: Path | None, *, create: bool) -> LocalCatalog | None:
    location = _location(app, explicit)
    if not create and not LocalCatalog.exists(location):
        return None
    return LocalCatalog.open(location)


FIELD_LABELS = {
    "title": "title",
    "description": "description",
    "keywords": "keywords",
    "columns": "column names",
    "column_descriptions": "column descriptions",
    "name": "ID",
}
"""Where a search matched, in words (translated under the ``catalog`` context)."""


def _console() -> Console:
    # a pipe or CI log gets a wide, plain table instead of rich's 80-column default
    width = None if sys.stdout.isatty() else 120
    return Console(file=sys.stdout, highlight=False, emoji=False, soft_wrap=False, width=width)


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _t(translator: Translator, text: str) -> str:
    return translator.pgettext(CTX, text)


def _when(timestamp: str | None) -> str:
    return timestamp[:16].replace("T", " ") if timestamp else "–"


def _size(value: int | None) -> str:
    if value is None:
        return "–"
    size = float(value)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return str(value)


def _short(digest: str | None) -> str:
    return digest.split(":", 1)[-1][:12] if digest else "–"


def _result_text(translator: Translator, record: ReportRecord | None) -> str:
    if record is None:
        return _t(translator, "not checked")
    label = _t(translator, record.result)
    return f"[{RESULT_STYLES.get(record.result, '')}]{escape(label)}[/]"


def _missing(app: AppContext, explicit: Path | None, as_json: bool, payload: dict[str, Any]) -> None:
    location = catalog_file(_location(app, explicit))
    if as_json:
        _echo_json({"catalog": str(location), **payload})
        return
    message = _t(app.translator, "There is no catalogue at {path} yet.").format(path=location)
    hint = _t(app.translator, "`stadtdaten catalog add PATH` or `stadtdaten validate PATH` fills it.")
    click.echo(f"{message}\n{hint}")


# -- list -------------------------------------------------------------------------------------------------


@command.command("list")
@_catalog_option(None)
@click.option("--origin", type=click.Choice(["local", "harvested"]), help="Only datasets of this origin.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many datasets.")
@_json_option
@click.pass_obj
def list_command(app: AppContext, catalog_location: Path | None, origin: str | None, limit: int | None, as_json: bool) -> None:
    """Every dataset in the catalogue, with the result of its latest report."""
    catalog = _open(app, catalog_location, create=False)
    if catalog is None:
        _missing(app, catalog_location, as_json, {"count": 0, "datasets": []})
        return
    with catalog, catalog.snapshot():
        entries = catalog.list(origin=origin, limit=limit)
        latest = catalog.latest_reports()
        total = catalog.count(origin=origin)
    if as_json:
        _echo_json(
            {
                "catalog": str(catalog.path),
                "count": total,
                "datasets": [
                    {**e.to_dict(descriptor=False), "latest_report": latest[e.name].to_dict() if e.name in latest else None}
                    for e in entries
                ],
            }
        )
        return
    t = app.translator
    if not entries:
        click.echo(_t(t, "The catalogue {path} holds no datasets yet.").format(path=catalog.path))
        return
    table = Table(title=_t(t, "Catalogue {path}").format(path=escape(str(catalog.path))), title_justify="left")
    table.add_column(_t(t, "ID"), style="bold", no_wrap=True)
    table.add_column(_t(t, "Title"))
    table.add_column(_t(t, "Origin"))
    table.add_column(_t(t, "Resources"), justify="right")
    table.add_column(_t(t, "Latest report"))
    table.add_column(_t(t, "Updated"), no_wrap=True)
    for entry in entries:
        table.add_row(
            escape(entry.name),
            escape(entry.title or "–"),
            escape(_t(t, entry.origin)),
            str(len(entry.resources)),
            _result_text(t, latest.get(entry.name)),
            _when(entry.updated),
        )
    console = _console()
    console.print(table)
    console.print(_t(t, "{shown} of {total} datasets").format(shown=len(entries), total=total))


# -- show -------------------------------------------------------------------------------------------------


@command.command("show")
@_catalog_option(None)
@click.argument("name")
@click.option("--history", type=click.IntRange(min=0), default=5, show_default=True, help="Reports of the history to show.")
@_json_option
@click.pass_obj
def show_command(app: AppContext, catalog_location: Path | None, name: str, history: int, as_json: bool) -> None:
    """One dataset: metadata, resources with their columns, report history and trend, stage state, extras."""
    catalog = _open(app, catalog_location, create=False)
    if catalog is None:
        from stadtdaten.catalog.local import UnknownDatasetError

        raise UnknownDatasetError(name, str(catalog_file(_location(app, catalog_location))))
    with catalog, catalog.snapshot():
        entry = catalog.require(name)
        reports = catalog.reports(name, history or None) if history else []
        trend = catalog.trend(name)
        extras = catalog.extras(name)
        stages = catalog.stages(name)
    if as_json:
        _echo_json(
            {
                "catalog": str(catalog.path),
                **entry.to_dict(),
                "reports": [r.to_dict() for r in reports],
                "trend": trend.to_dict() if trend else None,
                "stages": {k: v.to_dict() for k, v in stages.items()},
                "extras": {k: {"updated": v.updated, "current": v.current} for k, v in extras.items()},
            }
        )
        return
    _show_human(app.translator, entry, reports, trend, stages, extras)


def _show_human(
    t: Translator, entry: CatalogEntry, reports: list[ReportRecord], trend: Any, stages: dict[str, Any], extras: dict[str, Any]
) -> None:
    console = _console()
    console.print(f"[bold]{escape(entry.title or entry.name)}[/]  ({escape(entry.name)})")
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim")
    facts.add_column()
    source = entry.source_url if entry.origin == "harvested" else entry.source_path
    facts.add_row(_t(t, "Origin"), escape(f"{_t(t, entry.origin)}: {source or '–'}"))
    facts.add_row(_t(t, "Content hash"), _short(entry.content_hash))
    facts.add_row(_t(t, "Registered"), _when(entry.created))
    facts.add_row(_t(t, "Updated"), f"{_when(entry.updated)} ({_t(t, 'revision')} {entry.revision})")
    if entry.keywords:
        facts.add_row(_t(t, "Keywords"), escape(", ".join(entry.keywords)))
    console.print(facts)
    if entry.description:
        console.print()
        console.print(escape(entry.description.strip()))
    for resource in entry.resources:
        console.print()
        console.print(
            f"[bold]{escape(_t(t, 'Resource'))} {escape(resource.name)}[/]  "
            f"{escape(resource.path or '–')} · {escape(resource.format or '–')} · "
            f"{_size(resource.bytes)} · {_short(resource.hash)}"
        )
        if resource.fields:
            columns = Table(show_edge=False, pad_edge=False)
            columns.add_column(_t(t, "Column"), style="bold")
            columns.add_column(_t(t, "Type"))
            columns.add_column(_t(t, "Description"))
            for field in resource.fields:
                text = " – ".join(str(field[k]) for k in ("title", "description") if field.get(k))
                columns.add_row(escape(str(field.get("name", ""))), escape(str(field.get("type", "any"))), escape(text))
            console.print(columns)
        elif resource.schema_ref:
            console.print(f"  {escape(_t(t, 'Table Schema'))}: {escape(resource.schema_ref)}")
    console.print()
    if not reports:
        console.print(_t(t, "No reports yet: `stadtdaten validate` records them."))
    else:
        table = Table(title=_t(t, "Report history"), title_justify="left")
        table.add_column(_t(t, "When"), no_wrap=True)
        table.add_column(_t(t, "Command"))
        table.add_column(_t(t, "Result"))
        for label in ("Errors", "Warnings", "Infos"):
            table.add_column(_t(t, label), justify="right")
        table.add_column(_t(t, "Content hash"))
        for record in reports:
            table.add_row(
                _when(record.timestamp),
                escape(record.command),
                _result_text(t, record),
                str(record.errors),
                str(record.warnings),
                str(record.infos),
                _short(record.content_hash),
            )
        console.print(table)
    if trend is not None:
        delta = trend.delta
        console.print(
            _t(t, "Trend against the previous run: {direction} (errors {errors:+d}, warnings {warnings:+d})").format(
                direction=_t(t, trend.direction), errors=delta["error"], warnings=delta["warning"]
            )
        )
    if stages:
        console.print()
        console.print(f"[bold]{escape(_t(t, 'Pipeline stages'))}[/]")
        for stage, state in stages.items():
            console.print(f"  {escape(stage)}: {_when(state.updated)} · {_short(state.input_hash)}")
    if extras:
        console.print()
        console.print(f"[bold]{escape(_t(t, 'Extras'))}[/]")
        for key, extra in extras.items():
            stale = "" if extra.current else f" ({escape(_t(t, 'outdated'))})"
            console.print(f"  {escape(key)}: {_when(extra.updated)}{stale}")


# -- search -----------------------------------------------------------------------------------------------


@command.command("search")
@_catalog_option(None)
@click.argument("words", nargs=-1, required=True)
@click.option("--limit", type=click.IntRange(min=1, max=1000), default=20, show_default=True)
@click.option("--origin", type=click.Choice(["local", "harvested"]), help="Only datasets of this origin.")
@_json_option
@click.pass_obj
def search_command(
    app: AppContext, catalog_location: Path | None, words: tuple[str, ...], limit: int, origin: str | None, as_json: bool
) -> None:
    """Full-text search over titles, descriptions, keywords, column names and column descriptions.

    Every word must match, as the start of a word or part of a compound ("baum" finds "Stadtbäume");
    umlauts may be written either way ("baeume" = "bäume"). Best matches first.
    """
    text = " ".join(words)
    catalog = _open(app, catalog_location, create=False)
    if catalog is None:
        _missing(app, catalog_location, as_json, {"query": text, "hits": []})
        return
    with catalog:
        hits = catalog.search(text, limit, origin=origin, mark=("**", "**") if as_json else _MARK)
    if as_json:
        _echo_json({"catalog": str(catalog.path), "query": text, "hits": [h.to_dict() for h in hits]})
        return
    t = app.translator
    console = _console()
    if not hits:
        console.print(_t(t, "No dataset matches “{query}”.").format(query=escape(text)))
        return
    if not hits[0].all_terms:
        console.print(_t(t, "No dataset matches every word; showing datasets that match some of them."))
    table = Table(title=_t(t, "Search results for “{query}”").format(query=escape(text)), title_justify="left")
    table.add_column("#", justify="right")
    table.add_column(_t(t, "ID"), style="bold", no_wrap=True)
    table.add_column(_t(t, "Title"))
    table.add_column(_t(t, "Found in"))
    for rank, hit in enumerate(hits, 1):
        title = _marked(hit.title_marked or hit.title or "–")
        context = _marked(hit.snippet) if hit.snippet else ""
        found = ", ".join(_t(t, FIELD_LABELS[m]) for m in hit.matched if m in FIELD_LABELS)
        table.add_row(str(rank), escape(hit.name), title + (f"\n[dim]{context}[/]" if context else ""), escape(found))
    console.print(table)


def _marked(text: str) -> str:
    return escape(text).replace(_MARK[0], "[bold yellow]").replace(_MARK[1], "[/bold yellow]")


# -- add / remove -----------------------------------------------------------------------------------------


def _dataset_paths(path: Path) -> list[Path]:
    if path.is_dir() and find_descriptor(path) is None:
        found = find_datasets(path)
        if found:
            return found
    return [path]


@command.command("add")
@_catalog_option(None)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True, help="Replace a dataset of the same id registered from another folder.")
@_json_option
@click.pass_obj
def add_command(app: AppContext, catalog_location: Path | None, paths: tuple[Path, ...], replace: bool, as_json: bool) -> None:
    """Register datasets without validating them (a folder with several datasets adds each)."""
    t = app.translator
    rows: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    codes = [ExitCode.OK]
    with LocalCatalog.open(_location(app, catalog_location)) as catalog:
        for given in paths:
            for path in _dataset_paths(given):
                try:
                    dataset = load_dataset(path)
                    existed = catalog.get(dataset.name) is not None
                    entry = catalog.upsert_dataset(dataset, replace=replace)
                except StadtdatenError as exc:
                    errors.append({"path": str(path), "code": exc.code, "message": exc.render(t), "hint": exc.render_hint(t)})
                    codes.append(exc.exit_code)
                    continue
                action = "unchanged" if not entry.changed else "updated" if existed else "added"
                rows.append({"name": entry.name, "action": action, "path": str(path), "content_hash": entry.content_hash})
        location = catalog.path
    if as_json:
        _echo_json({"catalog": str(location), "datasets": rows, "errors": errors})
    else:
        console = _console()
        if rows:
            table = Table(title=_t(t, "Catalogue {path}").format(path=escape(str(location))), title_justify="left")
            table.add_column(_t(t, "ID"), style="bold")
            table.add_column(_t(t, "Action"))
            table.add_column(_t(t, "Path"))
            for row in rows:
                table.add_row(escape(row["name"]), escape(_t(t, row["action"])), escape(row["path"]))
            console.print(table)
        for error in errors:
            click.echo(f"{_t(t, 'Error')} [{error['code']}]: {error['message']}", err=True)
            if error["hint"]:
                click.echo(f"  {error['hint']}", err=True)
    raise SystemExit(int(combine(*codes)))


@command.command("remove")
@_catalog_option(None)
@click.argument("name")
@click.option("--harvested", is_flag=True, help="Remove a harvested dataset (normally kept in step by its harvest).")
@_json_option
@click.pass_obj
def remove_command(app: AppContext, catalog_location: Path | None, name: str, harvested: bool, as_json: bool) -> None:
    """Remove a dataset's entry from the catalogue (its files are not touched; its report history stays)."""
    catalog = _open(app, catalog_location, create=False)
    if catalog is None:
        from stadtdaten.catalog.local import UnknownDatasetError

        raise UnknownDatasetError(name, str(catalog_file(_location(app, catalog_location))))
    with catalog:
        entry = catalog.remove(name, origin="harvested" if harvested else "local")
    if as_json:
        _echo_json({"catalog": str(catalog.path), "removed": entry.name})
    else:
        click.echo(_t(app.translator, "Removed {name} from the catalogue.").format(name=entry.name))


@command.command("check")
@_catalog_option(None)
@_json_option
@click.pass_obj
def check_command(app: AppContext, catalog_location: Path | None, as_json: bool) -> None:
    """Check the catalogue file: SQLite integrity, foreign keys, search index (exit 3 on a problem)."""
    catalog = _open(app, catalog_location, create=False)
    if catalog is None:
        _missing(app, catalog_location, as_json, {"problems": []})
        return
    with catalog:
        problems = catalog.check()
        summary = {"catalog": str(catalog.path), "schema_version": catalog.schema_version, "datasets": catalog.count()}
    if as_json:
        _echo_json({**summary, "problems": problems})
    elif problems:
        for problem in problems:
            click.echo(problem, err=True)
    else:
        click.echo(_t(app.translator, "The catalogue {path} is healthy ({count} datasets).").format(
            path=summary["catalog"], count=summary["datasets"]
        ))  # fmt: skip
    raise SystemExit(int(ExitCode.RUNTIME if problems else ExitCode.OK))
