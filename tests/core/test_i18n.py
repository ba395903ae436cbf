"""German and English messages keyed by stable codes: every registered finding type is translated."""

from __future__ import annotations

import importlib
import pkgutil
import string

import stadtdaten
from stadtdaten.core.findings import registered
from stadtdaten.core.i18n import catalog_entries, choose_language


def _import_everything() -> None:
    for module in pkgutil.walk_packages(stadtdaten.__path__, "stadtdaten."):
        if ".tests" in module.name:
            continue
        importlib.import_module(module.name)


def test_language_choice() -> None:
    assert choose_language("en", {}) == "en"
    assert choose_language(None, {"LANG": "de_DE.UTF-8"}) == "de"
    assert choose_language(None, {"LANG": "en_GB.UTF-8"}) == "en"
    assert choose_language(None, {"LANG": "C.UTF-8"}) == "de"
    assert choose_language(None, {"STADTDATEN_LANG": "en", "LANG": "de_DE"}) == "en"


def test_every_finding_type_has_german_template_and_hint() -> None:
    _import_everything()
    entries = catalog_entries("de")
    missing = []
    for code, ftype in sorted(registered().items()):
        if (f"finding:{code}", ftype.template) not in entries or not entries[(f"finding:{code}", ftype.template)]:
            missing.append(f"finding:{code}: {ftype.template!r}")
        if ftype.hint and not entries.get((f"hint:{code}", ftype.hint)):
            missing.append(f"hint:{code}: {ftype.hint!r}")
    assert not missing, "untranslated (add to a .po file in stadtdaten/locale/de/LC_MESSAGES):\n" + "\n".join(missing)


def test_translations_keep_placeholders() -> None:
    formatter = string.Formatter()
    broken = []
    for (context, msgid), msgstr in catalog_entries("de").items():
        if not msgstr:
            continue
        source = {name for _, name, _, _ in formatter.parse(msgid) if name}
        target = {name for _, name, _, _ in formatter.parse(msgstr) if name}
        if source != target:
            broken.append(f"{context}: {msgid!r} -> {msgstr!r}")
    assert not broken, "placeholders differ:\n" + "\n".join(broken)
