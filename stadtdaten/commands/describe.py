"""``stadtdaten describe PATH``: write or complete ``datapackage.yaml`` and say what was detected and what not.

Exit codes: 0 written (or nothing to add), 2 usage (no data, unsupported format, unknown sheet or preset),
3 a file could not be read (in a folder, the others are still described and written).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from stadtdaten.cli import AppContext
from stadtdaten.core.config import load_config
from stadtdaten.core.exitcodes import ExitCode
from stadtdaten.core.findings import registered
from stadtdaten.core.i18n import Translator
from stadtdaten.schemas.describe import DescribeResult, ResourceReport, describe_path
from stadtdaten.schemas.infer import NOTE_TEMPLATES
from stadtdaten.schemas.presets import PRESETS

CTX = "describe"
UNDECIDED = {
    "license": "Licence: not decided (a TODO marker is in the descriptor; validation reports it)",
    "title": "Title: missing (a German title for the portal)",
    "description": "Description: missing (what the data show, how they were collected)",
    "keywords": "Keywords: missing",
    "contact_point": "Contact point: missing (set contact_point in stadtdaten.toml or the descriptor)",
    "themes": "Themes: missing (EU data themes such as SOCI, ENVI, TRAN)",
    "temporal": "Temporal coverage: missing",
    "accrual_periodicity": "Update frequency: missing",
}
# shown in the field table, so not repeated in the notes
_IN_TABLE = {"unit-from-name", "sampled"}
_DELIMITERS = {";": "';'", ",": "','", "\t": "Tab", "|": "'|'"}


def note_text(translator: Translator, code: str, params: dict[str, Any]) -> str:
    """A reader note (a registered finding type) or an inference note, in the user's language."""
    if code in NOTE_TEMPLATES:
        if code == "type-exceptions" and isinstance(params.get("type"), str):
            params = {**params, "type": translator.pgettext("infer-type", params["type"])}
        return translator.format(f"infer:{code}", NOTE_TEMPLATES[code], params)
    finding = registered().get(code)
    if finding is not None:
        return translator.format(f"finding:{code}", finding.template, params)
    return f"{code} {params}"


@click.command("describe")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Descriptor to write (default: datapackage.yaml next to the data; .json writes JSON).",
)
@click.option("--force", is_flag=True, help="Replace existing descriptor values with the detected ones.")
@click.option("--preset", type=click.Choice(sorted(PRESETS)), default="de", show_default=True, help="Inference conventions.")
@click.option("--sheet", help="Worksheet of an XLSX file (default: the first).")
@click.option("--sample-rows", type=click.IntRange(min=10), default=None, help="Rows read for inference (default 10000).")
@click.option("--dry-run", is_flag=True, help="Show what would be written; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON (machine-readable).")
@click.pass_obj
def command(
    app: AppContext,
    path: Path,
    output: Path | None,
    force: bool,
    preset: str,
    sheet: str | None,
    sample_rows: int | None,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Detect encoding, dialect and Table Schema of data files and write datapackage.yaml.

    PATH is a data file (CSV, XLSX, JSON, GeoJSON, Parquet) or a folder. Existing descriptor content is
    kept; only missing keys are filled (use --force to replace). The licence is never guessed.
    """
    config = load_config(app.config_path, start=path)
    translator = app.translator
    result = describe_path(
        path,
        config,
        output=output,
        force=force,
        preset=preset,
        sheet=sheet,
        sample_rows=sample_rows,
        write=not dry_run,
        translator=translator,
    )
    if as_json:
        click.echo(json.dumps(result_to_json(result, translator), ensure_ascii=False, indent=2))
    else:
        print_result(result, translator, dry_run=dry_run)
    code = ExitCode.RUNTIME if result.failed else ExitCode.OK
    sys.stdout.flush()
    raise SystemExit(int(code))


# ---------------------------------------------------------------------------------------------- JSON


def result_to_json(result: DescribeResult, translator: Translator) -> dict[str, Any]:
    def notes(items: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
        return [{"code": c, "params": _jsonable(p), "message": note_text(translator, c, p)} for c, p in items]

    resources = []
    for report in result.resources:
        entry: dict[str, Any] = {"path": report.path, "name": report.name, "format": report.format}
        if report.encoding:
            entry["encoding"] = {
                "encoding": report.encoding.encoding,
                "confidence": report.encoding.confidence,
                "bom": report.encoding.bom,
                "reason": report.encoding.reason,
            }
        if report.dialect:
            entry["dialect"] = {
                **report.dialect.to_descriptor(),
                "delimiter": report.dialect.delimiter,
                "preambleRows": list(report.dialect.preamble_rows),
                "footerRows": list(report.dialect.footer_rows),
                "totalRows": report.dialect.total_rows,
            }
        if report.schema is not None:
            entry["fields"] = len(report.schema.get("fields", []))
            entry["primaryKey"] = report.schema.get("primaryKey")
        entry["sampledRows"] = report.sampled_rows
        entry["notes"] = notes(report.notes)
        if report.error is not None:
            entry["error"] = {
                "code": report.error.code,
                "message": report.error.render(translator),
                "hint": report.error.render_hint(translator),
            }
        resources.append(entry)
    return {
        "descriptor": str(result.descriptor_path),
        "created": result.created,
        "written": result.written,
        "filled": result.filled,
        "skipped": result.skipped,
        "replaced": result.replaced,
        "ignored": result.ignored,
        "undecided": [
            {"code": code, "message": translator.pgettext(CTX, UNDECIDED[code])}
            for code, _ in result.undecided
            if code in UNDECIDED
        ],
        "resources": resources,
    }


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


# ---------------------------------------------------------------------------------------------- terminal


def print_result(result: DescribeResult, translator: Translator, *, dry_run: bool = False) -> None:
    _ = translator.pgettext
    console = Console(highlight=False, soft_wrap=False)
    for report in result.resources:
        _print_resource(console, report, translator)
    if result.ignored:
        console.print(Text(_(CTX, "Not tables, left out: {files}").format(files=", ".join(result.ignored)), style="dim"))
    if result.undecided:
        console.print(Text(_(CTX, "Not decided (please fill in):"), style="bold yellow"))
        for code, _params in result.undecided:
            if code in UNDECIDED:
                console.print(f"  • {_(CTX, UNDECIDED[code])}")
    if result.skipped:
        console.print(
            Text(
                _(CTX, "Kept existing values (use --force to replace): {keys}").format(keys=", ".join(result.skipped[:12]))
                + (" …" if len(result.skipped) > 12 else ""),
                style="dim",
            )
        )
    if result.replaced:
        console.print(_(CTX, "Replaced: {keys}").format(keys=", ".join(result.replaced)))
    if dry_run:
        console.print(_(CTX, "Dry run: {path} was not written.").format(path=result.descriptor_path))
    elif result.written:
        if result.created:
            message = _(CTX, "Written: {path} ({count} resources)").format(
                path=result.descriptor_path, count=len(result.descriptor.get("resources", []))
            )
        else:
            message = _(CTX, "Completed: {path} ({count} keys filled)").format(
                path=result.descriptor_path, count=len(result.filled)
            )
        console.print(Text(message, style="bold green"))
    else:
        console.print(_(CTX, "Nothing to add: {path} is unchanged.").format(path=result.descriptor_path))


def _print_resource(console: Console, report: ResourceReport, translator: Translator) -> None:
    _ = translator.pgettext
    console.print(Text(f"{report.path}", style="bold"))
    if report.error is not None:
        console.print(
            Text("  " + _(CTX, "Could not read: {message}").format(message=report.error.render(translator)), style="red")
        )
        hint = report.error.render_hint(translator)
        if hint:
            console.print(f"  {_(CTX, 'What to do')}: {hint}")
        return
    if report.schema is None:
        console.print(Text("  " + _(CTX, "Already described (schema present); not read again."), style="dim"))
        return
    if report.encoding is not None:
        console.print(f"  {_(CTX, 'Encoding')}: {report.encoding.encoding.upper()} ({report.encoding.reason})")
    if report.dialect is not None:
        dialect = report.dialect
        console.print(
            f"  {_(CTX, 'Delimiter')}: {_DELIMITERS.get(dialect.delimiter, repr(dialect.delimiter))} ({dialect.reason})"
        )
        header = _(CTX, "row {rows}").format(rows=", ".join(map(str, dialect.header_rows))) if dialect.header else _(CTX, "none")
        console.print(f"  {_(CTX, 'Header')}: {header}")
        if dialect.total_rows is not None:
            console.print(f"  {_(CTX, 'Rows in the file')}: {dialect.total_rows}")
    console.print(f"  {_(CTX, 'Rows read for inference')}: {report.sampled_rows}")
    assert report.schema is not None
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False, padding=(0, 2, 0, 2))
    table.add_column(_(CTX, "Column"))
    table.add_column(_(CTX, "Type"))
    table.add_column(_(CTX, "Details"))
    for spec in report.schema.get("fields", []):
        table.add_row(str(spec.get("name")), str(spec.get("type")), _details(spec))
    console.print(table)
    keys = report.schema.get("primaryKey")
    if keys:
        console.print(f"  {_(CTX, 'Primary key')}: {', '.join(keys)}")
    missing = report.schema.get("missingValues") or []
    if len(missing) > 1:
        console.print(f"  {_(CTX, 'Missing values')}: {', '.join(repr(m) for m in missing)}")
    notes = [(c, p) for c, p in report.notes if c not in _IN_TABLE]
    if notes:
        console.print(Text("  " + _(CTX, "Check:"), style="yellow"))
        for code, params in notes[:40]:
            console.print(f"   • {note_text(translator, code, params)}")
        if len(notes) > 40:
            console.print("   • " + _(CTX, "… and {count} more").format(count=len(notes) - 40))


def _details(spec: dict[str, Any]) -> str:
    parts = []
    for key in ("format", "decimalChar", "groupChar", "unit"):
        if key in spec:
            parts.append(f"{key}={spec[key]}")
    if "trueValues" in spec:
        parts.append(f"true={'/'.join(spec['trueValues'])} false={'/'.join(spec['falseValues'])}")
    constraints = spec.get("constraints") or {}
    if "pattern" in constraints:
        parts.append(f"pattern={constraints['pattern']}")
    if "enum" in constraints:
        values = [str(v) for v in constraints["enum"]]
        parts.append("enum=" + ", ".join(values[:6]) + (" …" if len(values) > 6 else ""))
    if constraints.get("unique"):
        parts.append("unique")
    return "; ".join(parts)
