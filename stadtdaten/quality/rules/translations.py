"""German texts of a city's own rule files, added to the translator at run time.

Built-in texts live in ``governance.po``. A city's rule file carries its German inline (``{en, de}``);
those texts join the compiled catalogue of :mod:`stadtdaten.core.i18n` here, without touching the
process-wide gettext state. The catalogue is a chain of ``GNUTranslations``; entries are added to its
head under gettext's context key (``context + '\\x04' + msgid``).
"""

from __future__ import annotations

import gettext

from stadtdaten.core import i18n


def add_translation(language: str, context: str, msgid: str, msgstr: str) -> bool:
    """Make ``pgettext(context, msgid)`` return ``msgstr``; False when the language has no catalogue."""
    catalog = i18n._load(language)
    if not isinstance(catalog, gettext.GNUTranslations):
        return False
    entries = getattr(catalog, "_catalog", None)
    if not isinstance(entries, dict):
        return False
    entries[f"{context}\x04{msgid}"] = msgstr
    return True
