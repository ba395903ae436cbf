"""German and English messages, keyed by stable codes.

Design (see README, design notes):

* English is the source language: templates live next to the code that emits them (a finding type's
  ``template``, an error's ``template``), so a missing translation degrades to English, never to a key.
* German translations live in gettext catalogues ``stadtdaten/locale/de/LC_MESSAGES/<domain>.po``, one
  domain per component so that parts of the code base can be translated independently. The *stable code*
  is the gettext message context (``msgctxt``): ``finding:type-error``, ``hint:type-error``,
  ``error:input-error``, ``rule:DS-PRIV-001`` ... so the key never changes when the English wording does.
* Catalogues are loaded with Babel and compiled in memory on first use: no build step, no ``.mo`` drift.
* Class-based translations only (``gettext.GNUTranslations`` objects); never the process-global
  ``textdomain`` (click and other libraries share it).
"""

from __future__ import annotations

import gettext
import io
import os
from functools import cache
from importlib import resources
from typing import Any

SUPPORTED = ("de", "en")
DEFAULT_LANGUAGE = "de"


def choose_language(explicit: str | None = None, environ: dict[str, str] | None = None) -> str:
    """``--lang``, then ``STADTDATEN_LANG``, then the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), then German."""
    env = os.environ if environ is None else environ
    candidates = [explicit, env.get("STADTDATEN_LANG"), env.get("LC_ALL"), env.get("LC_MESSAGES"), env.get("LANG")]
    for value in candidates:
        if not value:
            continue
        short = value.split(".")[0].split("_")[0].split("-")[0].lower()
        if short in SUPPORTED:
            return short
        if value is explicit:
            break  # an explicit but unknown language is a usage error handled by the CLI
    return DEFAULT_LANGUAGE


class Translator:
    """Translate English templates by message context (the stable code)."""

    def __init__(self, language: str = DEFAULT_LANGUAGE) -> None:
        self.language = language if language in SUPPORTED else DEFAULT_LANGUAGE
        runtime = _runtime(self.language)
        if not runtime.chained:  # first use in this process: chain runtime entries before the catalogues
            runtime.add_fallback(_load(self.language))
            runtime.chained = True
        self._catalog: gettext.NullTranslations = runtime

    def gettext(self, message: str) -> str:
        return self._catalog.gettext(message)

    def pgettext(self, context: str, message: str) -> str:
        return self._catalog.pgettext(context, message)

    def format(self, context: str, template: str, params: dict[str, Any] | None = None) -> str:
        """Translate ``template`` under ``context`` and fill in ``params``; never raises."""
        text = self.pgettext(context, template)
        if not params:
            return text
        params = {key: self.resolve(value) for key, value in params.items()}
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError, AttributeError):
            return template.format_map(_Lenient(params))

    def resolve(self, value: Any) -> Any:
        """A message-valued parameter, ``{"msgctxt": ..., "msgid": ..., "params": {...}}``, in this language.

        Lets a finding carry a phrase that varies with the case ("is not a number" / "ist keine Zahl")
        while the report stays language-neutral; other values pass through unchanged.
        """
        if isinstance(value, dict) and isinstance(value.get("msgid"), str):
            return self.format(str(value.get("msgctxt") or "param"), value["msgid"], value.get("params") or None)
        return value

    def __repr__(self) -> str:
        return f"Translator({self.language!r})"


class _Lenient(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@cache
def get_translator(language: str = DEFAULT_LANGUAGE) -> Translator:
    return Translator(language)


def _po_files(language: str) -> list[tuple[str, bytes]]:
    base = resources.files("stadtdaten") / "locale" / language / "LC_MESSAGES"
    if not base.is_dir():
        return []
    return sorted((entry.name, entry.read_bytes()) for entry in base.iterdir() if entry.name.endswith(".po"))


@cache
def _load(language: str) -> gettext.NullTranslations:
    """Compile every ``.po`` domain of ``language`` into one chained translations object."""
    if language == "en":
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    chain: gettext.NullTranslations = gettext.NullTranslations()
    for name, raw in _po_files(language):
        catalog = read_po(io.BytesIO(raw), locale=language, domain=name[:-3])
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        buffer.seek(0)
        translations = gettext.GNUTranslations(buffer)
        translations.add_fallback(chain)
        chain = translations
    return chain


class _Runtime(gettext.NullTranslations):
    """Messages added at run time (a city's own rule files carry their German inline)."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: dict[str, str] = {}
        self.chained = False

    def gettext(self, message: str) -> str:
        return self.messages.get(message) or super().gettext(message)

    def pgettext(self, context: str, message: str) -> str:
        return self.messages.get(f"{context}\x04{message}") or super().pgettext(context, message)


@cache
def _runtime(language: str) -> _Runtime:
    return _Runtime()


def add_translation(language: str, context: str, msgid: str, msgstr: str) -> None:
    """Make ``pgettext(context, msgid)`` return ``msgstr`` in ``language`` for this process.

    Runtime entries take precedence over the shipped catalogues, so a city rule file can also correct a
    built-in text. English needs no entries: msgids are English.
    """
    _runtime(language).messages[f"{context}\x04{msgid}"] = msgstr


def catalog_entries(language: str = "de") -> dict[tuple[str | None, str], str]:
    """Every (context, msgid) -> msgstr of a language; used by the i18n completeness test."""
    from babel.messages.pofile import read_po

    entries: dict[tuple[str | None, str], str] = {}
    for name, raw in _po_files(language):
        catalog = read_po(io.BytesIO(raw), locale=language, domain=name[:-3])
        for message in catalog:
            if message.id and isinstance(message.id, str):
                entries[(message.context, message.id)] = str(message.string or "")
    return entries
