"""``stadtdaten rules list | show ID | docs``: the governance and quality rule catalogue.

The texts come from the rule specifications (YAML) and ``governance.po``; the pages in docs/rules/ are
generated from the same source (``stadtdaten rules docs``).
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.markdown import Markdown
from rich.table import Table

from stadtdaten.cli import AppContext
from stadtdaten.core.config import load_config
from stadtdaten.core.errors import UsageError
from stadtdaten.quality.rules import PILLARS, RuleSet, load_rules
from stadtdaten.quality.rules.docs import rule_markdown, text_of, write_docs

CTX = "rules"


def _rules(app: AppContext, profile: str | None) -> RuleSet:
    return load_rules(load_config(app.config_path), profile)


@click.group("rules")
def command() -> None:
    """The rules of the Leitlinie Datensouveränität and the quality rules (with a city's own rules)."""


@command.command("list")
@click.option("--profile", help="Rule profile: bielefeld (default), strict, open-nrw, or a path.")
@click.option("--pillar", type=click.Choice(sorted(PILLARS)), help="Only rules of this pillar.")
@click.option("--json", "as_json", is_flag=True, help="JSON on stdout.")
@click.pass_obj
def list_command(app: AppContext, profile: str | None, pillar: str | None, as_json: bool) -> None:
    """List every rule with pillar, severity and whether the profile selects it."""
    ruleset = _rules(app, profile)
    specs = [s for s in ruleset if pillar is None or s.pillar == pillar]
    language = app.language
    if as_json:
        data = [
            {
                "id": s.id,
                "pillar": s.pillar,
                "pillar_name": s.pillar_name,
                "category": s.category,
                "severity": s.severity.value,
                "level": list(s.level),
                "sources": list(s.sources),
                "title": text_of(s, "title", language),
                "codes": s.codes(),
                "active": ruleset.any_active(s),
                "origin": s.origin,
            }
            for s in specs
        ]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    _ = app.translator.pgettext
    table = Table(box=None, header_style="bold", pad_edge=False)
    for label in ("Rule", "Pillar", "Severity", "Level", "Source", "Title"):
        table.add_column(_(CTX, label))
    for spec in specs:
        level = ", ".join(_(CTX, lvl) for lvl in spec.level)
        pillar_name = _("pillar", spec.pillar_name) if spec.pillar_name else "–"
        title = text_of(spec, "title", language)
        if not ruleset.any_active(spec):
            title += f" ({_(CTX, 'Active in profile')}: {_(CTX, 'no')})"
        table.add_row(spec.id, pillar_name, _(CTX, spec.severity.value), level, ",".join(spec.sources), title)
    Console(highlight=False, soft_wrap=False).print(table)


@command.command("show")
@click.argument("rule_id")
@click.option("--profile", help="Rule profile to report whether the rule is active.")
@click.option("--json", "as_json", is_flag=True, help="JSON on stdout.")
@click.pass_obj
def show_command(app: AppContext, rule_id: str, profile: str | None, as_json: bool) -> None:
    """Show what a rule checks, why (its source), its messages and how to fix them."""
    ruleset = _rules(app, profile)
    spec = ruleset.get(rule_id) or ruleset.get(rule_id.upper()) or ruleset.by_code(rule_id)
    if spec is None:
        raise UsageError(app.translator.pgettext(CTX, "Unknown rule {rule}").format(rule=rule_id), hint="stadtdaten rules list")
    if as_json:
        variants = {
            key: {"code": v.code, "severity": v.severity.value, "message": v.message.en, "hint": v.hint.en}
            for key, v in spec.variants.items()
        }
        data = {
            "id": spec.id,
            "pillar": spec.pillar,
            "severity": spec.severity.value,
            "sources": list(spec.sources),
            "basis": spec.basis,
            "level": list(spec.level),
            "title": text_of(spec, "title", app.language),
            "check": text_of(spec, "check", app.language),
            "message": spec.message.en,
            "hint": spec.hint.en,
            "variants": variants,
            "options": ruleset.options(spec),
            "active": ruleset.any_active(spec),
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    text = rule_markdown(spec, app.language, heading="#", active=ruleset.any_active(spec))
    console = Console(highlight=False)
    if console.is_terminal:
        console.print(Markdown(text))
    else:
        click.echo(text, nl=False)


@command.command("docs")
@click.option(
    "--output", "-o", "directory", type=click.Path(file_okay=False, path_type=Path), default=Path("docs/rules"), show_default=True
)
def docs_command(directory: Path) -> None:
    """Write the rule documentation pages (German and English) from the rule specifications."""
    for path in write_docs(directory):
        click.echo(str(path))
