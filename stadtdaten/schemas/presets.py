"""Inference presets: the conventions a table is read with (German municipal data, or neutral).

The German preset (default) encodes what German offices export: decimal comma and thousands dot, dates
``31.12.2019``, ``ja``/``nein``, ``-``/``.``/``k. A.`` for missing values, and keys with leading zeros
(AGS ``05711000``, PLZ, Stadtbezirk and statistical district ids) that must stay text. The neutral preset is
close to frictionless's own inference (dot decimals, ISO dates, ``true``/``false``), but it too keeps
zero-padded codes as text, because a lost leading zero breaks every join.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DateCandidate:
    """A date/time shape: a cheap regex pre-filter, the Table Schema type and a strptime format.

    ``fmt`` None means the Table Schema default format for the type (ISO 8601).
    """

    regex: str
    type: str
    fmt: str | None
    polars_fmt: str | None = None


@dataclass(frozen=True)
class Preset:
    name: str
    missing_tokens: tuple[str, ...]
    """Tokens that may stand for "no value"; declared only when the data use them."""
    true_values: tuple[str, ...]
    false_values: tuple[str, ...]
    decimal_comma: bool
    """True: ``1.234,5`` is German (comma decimal, dot groups); False: ``1,234.5``."""
    date_candidates: tuple[DateCandidate, ...]
    codes_by_name: bool
    """Integers in columns named like keys (ags, plz, *_id_k, schluessel ...) stay text."""
    compact_dates: bool
    """``31122000`` is a date (DDMMYYYY) when the column name says it is one."""
    confidence: float = 0.9
    """Share of the non-missing values a type must fit; the rest become type errors in validation."""
    enum_max: int = 12
    sample_rows: int = 10_000
    units: bool = True
    extra: dict[str, object] = field(default_factory=dict)


_ISO_DATE = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"
_TIME = r"([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?"
_ISO_DATETIME = rf"^\d{{4}}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T{_TIME}(Z|[+-]\d{{2}}:?\d{{2}})?$"

_COMMON_DATES = (
    DateCandidate(_ISO_DATE, "date", None, "%Y-%m-%d"),
    DateCandidate(_ISO_DATETIME, "datetime", None, None),
    DateCandidate(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$", "datetime", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M"),
    DateCandidate(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", "datetime", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S"),
    DateCandidate(r"^\d{4}-(0[1-9]|1[0-2])$", "yearmonth", None, None),
    DateCandidate(r"^([01]?\d|2[0-3]):[0-5]\d$", "time", "%H:%M", "%H:%M"),
    DateCandidate(r"^([01]?\d|2[0-3]):[0-5]\d:[0-5]\d$", "time", None, "%H:%M:%S"),
)

GERMAN = Preset(
    name="de",
    missing_tokens=("", "-", ".", "k.A.", "k. A.", "k.a.", "n.v.", "n. v.", "x", "/", "–", "—"),
    true_values=("ja", "Ja", "JA", "wahr", "Wahr", "WAHR", "true", "True", "TRUE"),
    false_values=("nein", "Nein", "NEIN", "falsch", "Falsch", "FALSCH", "false", "False", "FALSE"),
    decimal_comma=True,
    date_candidates=(
        DateCandidate(r"^\d{1,2}\.\d{1,2}\.\d{4}$", "date", "%d.%m.%Y", "%d.%m.%Y"),
        DateCandidate(r"^\d{1,2}\.\d{1,2}\.\d{4} \d{1,2}:\d{2}$", "datetime", "%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M"),
        DateCandidate(r"^\d{1,2}\.\d{1,2}\.\d{4} \d{1,2}:\d{2}:\d{2}$", "datetime", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M:%S"),
        DateCandidate(r"^\d{1,2}\.\d{1,2}\.\d{2}$", "date", "%d.%m.%y", "%d.%m.%y"),
        DateCandidate(r"^\d{1,2}/\d{1,2}/\d{4}$", "date", "%d/%m/%Y", "%d/%m/%Y"),
        *_COMMON_DATES,
    ),
    codes_by_name=True,
    compact_dates=True,
)

NEUTRAL = Preset(
    name="neutral",
    missing_tokens=("",),
    true_values=("true", "True", "TRUE"),
    false_values=("false", "False", "FALSE"),
    decimal_comma=False,
    date_candidates=(*_COMMON_DATES, DateCandidate(r"^\d{1,2}/\d{1,2}/\d{4}$", "date", "%m/%d/%Y", "%m/%d/%Y")),
    codes_by_name=False,
    compact_dates=False,
    units=False,
)

PRESETS = {"de": GERMAN, "neutral": NEUTRAL}


def get_preset(name: str | Preset | None) -> Preset:
    if isinstance(name, Preset):
        return name
    if name is None:
        return GERMAN
    try:
        return PRESETS[name]
    except KeyError:
        from stadtdaten.core.errors import UsageError

        raise UsageError(f"unknown preset '{name}'; choose one of: {', '.join(PRESETS)}") from None


# ---------------------------------------------------------------------------------------------- names


def name_tokens(name: str) -> list[str]:
    """``stad_id_k`` -> [stad, id, k]; ``StadtbezirkNr`` -> [stadtbezirk, nr]; umlauts folded."""
    text = re.sub(r"([a-zäöü])([A-ZÄÖÜ])", r"\1 \2", name)
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    return [t for t in re.split(r"[^a-z0-9]+", text) if t]


_KEY_WORDS = {
    "ags",
    "ars",
    "plz",
    "postleitzahl",
    "schluessel",
    "gemeindeschluessel",
    "regionalschluessel",
    "kreisschluessel",
    "amtlicher",
    "kennziffer",
    "gkz",
}
_AREA_WORDS = {
    "stad",
    "stat",
    "stadtbezirk",
    "bezirk",
    "stbz",
    "statbez",
    "gemeinde",
    "kreis",
    "wahlbezirk",
    "stimmbezirk",
    "wbz",
    "ortsteil",
    "quartier",
    "sozialraum",
    "bezirks",
}
_ID_WORDS = {"id", "nr", "nummer", "schluessel", "kennung", "code", "key", "k", "kz"}


def is_key_name(name: str) -> bool:
    """A column named like an official key whose digits are a code, not a quantity (AGS, PLZ, stat_id ...)."""
    tokens = name_tokens(name)
    if any(t in _KEY_WORDS or t.endswith("schluessel") for t in tokens):
        return True
    return any(t in _AREA_WORDS or t.endswith("bezirk") for t in tokens) and any(t in _ID_WORDS for t in tokens)


_IDENTIFIER_WORDS = {"id", "nr", "nummer", "no", "schluessel", "key", "kennung", "uuid", "guid", "code", "kennzeichen"}


def is_identifier_name(name: str) -> bool:
    tokens = name_tokens(name)
    if not tokens:
        return False
    if tokens[-1] in _IDENTIFIER_WORDS or tokens[0] in ("id", "nr") or name.lower().endswith("id"):
        return True
    return any(t in _IDENTIFIER_WORDS or t.endswith(("nummer", "schluessel", "kennung")) for t in tokens)


def is_row_id_name(name: str) -> bool:
    """Named like the identity of a row (``id``, ``baumnummer``, ``Nr``), not like a code list entry."""
    tokens = name_tokens(name)
    return any(t in ("id", "nr", "nummer", "kennung", "uuid", "guid") or t.endswith(("nummer", "kennung")) for t in tokens)


_DATE_WORDS = ("datum", "stichtag", "date", "tag", "zeitpunkt")


def is_date_name(name: str) -> bool:
    tokens = name_tokens(name)
    return any(any(t == w or t.endswith(w) or t.startswith(w) for w in _DATE_WORDS) for t in tokens)


def is_year_name(name: str) -> bool:
    tokens = name_tokens(name)
    return any(t in ("jahr", "year") or (t.endswith("jahr") and not t.endswith("jahre")) for t in tokens)


_CATEGORY_WORDS = {
    "art",
    "typ",
    "type",
    "klasse",
    "kategorie",
    "kat",
    "status",
    "index",
    "geschlecht",
    "gruppe",
    "stufe",
    "code",
    "richtung",
    "sex",
}


def is_category_name(name: str) -> bool:
    tokens = name_tokens(name)
    return any(
        t in _CATEGORY_WORDS or t.startswith(("altersgruppe", "gruppe")) or t.endswith(("gruppe", "gruppen", "art", "typ"))
        for t in tokens
    )


# ---------------------------------------------------------------------------------------------- units

_UNIT_SYMBOLS = {
    "m": "m",
    "cm": "cm",
    "mm": "mm",
    "km": "km",
    "m²": "m²",
    "m2": "m²",
    "qm": "m²",
    "m³": "m³",
    "m3": "m³",
    "ha": "ha",
    "kw": "kW",
    "kwh": "kWh",
    "mw": "MW",
    "mwh": "MWh",
    "gwh": "GWh",
    "%": "%",
    "prozent": "%",
    "proz": "%",
    "pct": "%",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "t": "t",
    "kg": "kg",
    "°c": "°C",
    "km/h": "km/h",
    "db": "dB",
    "db(a)": "dB(A)",
    "µg/m³": "µg/m³",
    "µg/m3": "µg/m³",
    "ug/m3": "µg/m³",
    "mg/m³": "mg/m³",
    "mg/m3": "mg/m³",
    "l": "l",
    "s": "s",
    "min": "min",
    "h": "h",
}
_SUFFIX_UNITS = {"m", "cm", "mm", "km", "qm", "m2", "ha", "kw", "kwh", "mw", "mwh", "eur", "euro", "prozent", "proz", "pct", "kg"}


def unit_from_name(name: str) -> str | None:
    """The unit a column name states clearly: ``hoehe_m``, ``Leistung (kW)``, ``... in µg/m³``; else None."""
    stripped = name.strip()
    bracket = re.search(r"[(\[]\s*([^()\[\]]{1,12}?)\s*[)\]]\s*$", stripped)
    if bracket:
        unit = _UNIT_SYMBOLS.get(bracket.group(1).lower())
        if unit:
            return unit
    trailing = re.search(r"\bin\s+(\S{1,8})\s*$", stripped)
    if trailing:
        unit = _UNIT_SYMBOLS.get(trailing.group(1).lower())
        if unit:
            return unit
    tokens = re.split(r"[_\s-]+", stripped.lower())
    if len(tokens) >= 2 and tokens[-1] in _SUFFIX_UNITS:
        return _UNIT_SYMBOLS[tokens[-1]]
    return None
