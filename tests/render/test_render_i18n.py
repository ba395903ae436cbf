"""Every UI string of the renderers has a German translation that keeps its placeholders."""

from __future__ import annotations

import string

from stadtdaten.core.i18n import catalog_entries, get_translator
from stadtdaten.render._common import UI
from tests.render.render_ui_strings import ui_strings


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_ui_string_is_translated() -> None:
    entries = catalog_entries("de")
    used = ui_strings()
    assert len(used) > 80
    missing = sorted(text for text in used if not entries.get(("render", text)))
    assert not missing, missing
    stale = sorted(msgid for (ctx, msgid) in entries if ctx == "render" and msgid not in used)
    assert not stale, f"render.po has entries no renderer uses: {stale}"


def test_translations_keep_their_placeholders() -> None:
    for (ctx, msgid), msgstr in catalog_entries("de").items():
        if ctx and ctx.startswith("render"):
            assert _fields(msgid) == _fields(msgstr), (msgid, msgstr)


def test_number_and_date_formats() -> None:
    de, en = UI(get_translator("de")), UI(get_translator("en"))
    assert de.number(4993) == "4.993" and en.number(4993) == "4,993"
    assert de.number(1234567) == "1.234.567"
    assert de.number(12.5) == "12,5" and en.number(12.5) == "12.5"
    assert de.date("2025-12-31") == "31.12.2025" and en.date("2025-12-31") == "2025-12-31"
    assert de.timestamp("2025-06-01T10:00:00.000Z") == "01.06.2025 10:00 UTC"
    assert de.plural(1, "{n} finding", "{n} findings") == "1 Befund"
    assert de.plural(2, "{n} finding", "{n} findings") == "2 Befunde"
    assert en.plural(0, "{n} finding", "{n} findings") == "0 findings"
    assert de.translator.pgettext("render:mqa-rating", "Good") == "Gut"
