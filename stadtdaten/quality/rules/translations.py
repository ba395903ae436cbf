"""German texts of a city's own rule files, added to the translator at run time.

Built-in texts live in ``governance.po``. A city's rule file carries its German inline (``{en, de}``);
those texts join the compiled catalogue of :mod:`stadtdaten.core.i18n` here, without touching the
process-wide gettext state. The catalogue is a chain of ``GNUTranslations``; entries are added to its
head under gettext's context key (``context + '\\x04' + msgid``).
"""

from __future__ import annotations

from stadtdaten.core import i18n


def add_translation(language: str, context: str, msgid: str, msgstr: str) -> bool:
    """Make ``pgettext(context, msgid)`` return ``msgstr`` (through the core's public runtime catalogue)."""
    i18n.add_translation(language, context, msgid, msgstr)
    return True
