"""German and English messages keyed by stable codes: every registered finding type is translated."""

from __future__ import annotations

import json
import string
import subprocess
import sys

from stadtdaten.core.i18n import catalog_entries, choose_language

MISSING_SCRIPT = """
import importlib, json, pkgutil
import stadtdaten
from stadtdaten.core.findings import registered
from stadtdaten.core.i18n import catalog_entries
for module in pkgutil.walk_packages(stadtdaten.__path__, "stadtdaten."):
    importlib.import_module(module.name)
entries = catalog_entries("de")
missing = []
for code, ftype in sorted(registered().items()):
    if not entries.get((f"finding:{code}", ftype.template)):
        missing.append(f"finding:{code}: {ftype.template!r}")
    if ftype.hint and not entries.get((f"hint:{code}", ftype.hint)):
        missing.append(f"hint:{code}: {ftype.hint!r}")
print(json.dumps(missing))
"""


def test_language_choice() -> None:
    assert choose_language("en", {}) == "en"
    assert choose_language(None, {"LANG": "de_DE.UTF-8"}) == "de"
    assert choose_language(None, {"LANG": "en_GB.UTF-8"}) == "en"
    assert choose_language(None, {"LANG": "C.UTF-8"}) == "de"
    assert choose_language(None, {"STADTDATEN_LANG": "en", "LANG": "de_DE"}) == "en"


def test_every_finding_type_has_german_template_and_hint() -> None:
    """Every type the package registers (all modules, all entry-point providers) has German texts.

    Runs in a fresh interpreter: other tests register stand-in types of their own in this process.
    """
    done = subprocess.run([sys.executable, "-c", MISSING_SCRIPT], capture_output=True, text=True, timeout=300, check=True)
    missing = json.loads(done.stdout.strip().splitlines()[-1])
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
