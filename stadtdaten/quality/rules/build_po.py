"""Write ``stadtdaten/locale/de/LC_MESSAGES/governance.po`` from the rule specs and UI strings.

Run ``python -m stadtdaten.quality.rules.build_po`` after editing a rule file; a test keeps the .po in
step with the specs. Contexts: ``finding:<code>``, ``hint:<code>``, ``rule-title:<id>``,
``rule-check:<id>``, and component contexts for UI strings.
"""

from __future__ import annotations

from pathlib import Path

from stadtdaten.quality.rules.spec import builtin_rules
from stadtdaten.quality.rules.uistrings import UI

HEADER = """# German messages of stadtdaten's governance and quality rules (Leitlinie Datensouveränität).
# GENERATED from stadtdaten/quality/rules/catalogue/*.yaml and uistrings.py by
# `python -m stadtdaten.quality.rules.build_po`; edit those files, not this one.
msgid ""
msgstr ""
"Project-Id-Version: stadtdaten 0.1\\n"
"Language: de\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"""


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def entries() -> list[tuple[str, str, str]]:
    """(context, msgid, msgstr) in a stable order."""
    out: list[tuple[str, str, str]] = []
    for spec in builtin_rules():
        if spec.title.de:
            out.append((f"rule-title:{spec.id}", spec.title.en, spec.title.de))
        if spec.check.de:
            out.append((f"rule-check:{spec.id}", spec.check.en, spec.check.de))
        for key in [None, *spec.variants]:
            variant = spec.variant(key)
            if spec.title.de:
                out.append((f"title:{variant.code}", spec.title.en, spec.title.de))
            if variant.message.de:
                out.append((f"finding:{variant.code}", variant.message.en, variant.message.de))
            if variant.hint.en and variant.hint.de:
                out.append((f"hint:{variant.code}", variant.hint.en, variant.hint.de))
    out.extend((context, english, german) for (context, english), german in UI.items())
    return out


def render() -> str:
    parts = [HEADER]
    for context, msgid, msgstr in entries():
        parts.append(f"\nmsgctxt {_quote(context)}\nmsgid {_quote(msgid)}\nmsgstr {_quote(msgstr)}\n")
    return "".join(parts)


def target() -> Path:
    return Path(__file__).resolve().parents[2] / "locale" / "de" / "LC_MESSAGES" / "governance.po"


def main() -> None:
    target().write_text(render(), encoding="utf-8")
    print(f"wrote {target()}")


if __name__ == "__main__":
    main()
