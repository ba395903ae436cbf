# ruff: noqa: E501  (HTML/Markdown templates read better unwrapped)
"""Rule documentation from the rule specs: ``stadtdaten rules show`` and the pages in docs/rules/.

One source for both: :func:`rule_markdown` renders a rule in German or English; :func:`write_docs`
writes one page per pillar (both languages) plus an index. A test keeps the committed pages in step.
"""

from __future__ import annotations

import json
from pathlib import Path

from stadtdaten.core.i18n import Translator, get_translator
from stadtdaten.quality.rules.spec import PILLAR_EN, PILLARS, SOURCE_TAGS, RuleSpec, builtin_rules

PAGES = ("priv", "sec", "sov", "trans", "part", "eth", "quality")
PAGE_TITLES = {
    "priv": ("Datenschutz (PRIV)", "Data protection (PRIV)"),
    "sec": ("Datensicherheit (SEC)", "Data security (SEC)"),
    "sov": ("Datenhoheit (SOV)", "Data sovereignty (SOV)"),
    "trans": ("Transparenz (TRANS)", "Transparency (TRANS)"),
    "part": ("Partizipation (PART)", "Participation (PART)"),
    "eth": ("Datenethik (ETH)", "Data ethics (ETH)"),
    "quality": ("Qualitätsregeln und Governance-Mechanik", "Quality rules and governance machinery"),
}


def _t(translator: Translator, text: str) -> str:
    return translator.pgettext("rules", text)


def text_of(spec: RuleSpec, part: str, language: str) -> str:
    """Title/check/message/hint in ``language``: built-in German from governance.po, city rules inline."""
    translator = get_translator(language)
    value = getattr(spec, part)
    if language == "de":
        if value.de:
            return str(value.de)
        context = {
            "title": f"rule-title:{spec.id}",
            "check": f"rule-check:{spec.id}",
            "message": f"finding:{spec.id}",
            "hint": f"hint:{spec.id}",
        }
        return translator.pgettext(context[part], value.en)
    return str(value.en)


def rule_markdown(spec: RuleSpec, language: str = "en", *, heading: str = "##", active: bool | None = None) -> str:
    translator = get_translator(language)
    pillar = (
        (spec.pillar_name if language == "de" else PILLAR_EN.get(spec.pillar or "", ""))
        if spec.pillar
        else _t(translator, "Quality rules")
    )
    lines = [f"{heading} {spec.id}: {text_of(spec, 'title', language)}", ""]
    rows = [
        (_t(translator, "Pillar"), pillar or "–"),
        (_t(translator, "Severity"), _t(translator, spec.severity.value)),
        (_t(translator, "Level"), ", ".join(_t(translator, lvl) for lvl in spec.level) or "–"),
        (_t(translator, "Source"), ", ".join(f"{s} ({_t(translator, SOURCE_TAGS[s])})" for s in spec.sources) or "–"),
        (_t(translator, "Basis"), spec.basis or "–"),
    ]
    if active is not None:
        rows.append((_t(translator, "Active in profile"), _t(translator, "yes" if active else "no")))
    if not spec.builtin:
        rows.append((_t(translator, "Defined in"), spec.origin))
    lines += [f"- **{label}:** {value}" for label, value in rows]
    lines += ["", f"**{_t(translator, 'What it checks')}:** {text_of(spec, 'check', language)}", ""]
    lines += [
        f"| {_t(translator, 'Codes')} | {_t(translator, 'Severity')} | {_t(translator, 'Message')} | {_t(translator, 'How to fix')} |",
        "|---|---|---|---|",
    ]
    for key in [None, *spec.variants]:
        variant = spec.variant(key)
        message = (
            variant.message.get(language)
            if not spec.builtin
            else translator.pgettext(f"finding:{variant.code}", variant.message.en)
        )
        hint = variant.hint.get(language) if not spec.builtin else translator.pgettext(f"hint:{variant.code}", variant.hint.en)
        lines.append(f"| `{variant.code}` | {_t(translator, variant.severity.value)} | {_cell(message)} | {_cell(hint)} |")
    if spec.options:
        lines += ["", f"**{_t(translator, 'Options')}:** `{json.dumps(spec.options, ensure_ascii=False)}`"]
    if spec.test:
        lines += ["", f"**{_t(translator, 'Declarative check')}:** `{json.dumps(spec.test, ensure_ascii=False)}`"]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def page_of(spec: RuleSpec) -> str:
    return (spec.pillar or "quality").lower()


def render_pages() -> dict[str, str]:
    """File name -> content of every docs page."""
    specs = list(builtin_rules())
    de, en = get_translator("de"), get_translator("en")
    note = f"_{_t(en, 'Generated from the rule specifications; do not edit by hand (stadtdaten rules docs).')}_ / _{_t(de, 'Generated from the rule specifications; do not edit by hand (stadtdaten rules docs).')}_\n"
    pages: dict[str, str] = {}
    index = [
        "# Leitlinie Datensouveränität: rules / Regeln",
        "",
        note,
        _t(en, "Source tags: G guideline text, B City of Bielefeld pages, L law or standard, D project derivation."),
        "",
        _t(de, "Source tags: G guideline text, B City of Bielefeld pages, L law or standard, D project derivation."),
        "",
        "| ID | Säule / Pillar | Schwere / Severity | Titel | Title |",
        "|---|---|---|---|---|",
    ]
    for page in PAGES:
        members = [s for s in specs if page_of(s) == page]
        german, english = PAGE_TITLES[page]
        parts = [f"# {german} / {english}", "", note]
        for spec in members:
            parts.append(f'<a id="{spec.id.lower()}"></a>\n')
            parts.append(rule_markdown(spec, "de", heading="##"))
            parts.append(rule_markdown(spec, "en", heading="###"))
            pillar = f"{PILLARS.get(spec.pillar or '', 'Qualität')} / {PILLAR_EN.get(spec.pillar or '', 'Quality')}"
            index.append(
                f"| [{spec.id}]({page}.md#{spec.id.lower()}) | {pillar} | {spec.severity.value} | {text_of(spec, 'title', 'de')} | {spec.title.en} |"
            )
        pages[f"{page}.md"] = "\n".join(parts)
    pages["index.md"] = "\n".join(index) + "\n\nSiehe auch / see also: [personal-data.md](personal-data.md)\n"
    return pages


def write_docs(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in render_pages().items():
        path = directory / name
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written
