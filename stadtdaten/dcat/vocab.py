"""Controlled vocabularies of DCAT-AP.de: codes and ids in, vocabulary IRIs out, labels back.

Everything works offline: the concepts we use ship as small data files in ``stadtdaten/dcat/data``
(extracted from the offline copies of the EU NALs and the dcat-ap.de lists by
``scripts/dcat_extract_vocab.py``; the few vocabularies without an offline copy are hand-written
subsets in ``nal-extra.json``). See ``data/SOURCES.md`` for sources and licences.

Every ``*_iri`` function accepts a code in any case (``envi``, ``ENVI``) or the full IRI and returns
the canonical IRI; an unknown value raises :class:`UnknownTermError` (a ``ValueError``) naming the
vocabulary and a few valid values, so that callers can turn it into a finding.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Literal

LICENSE_BASE = "http://dcat-ap.de/def/licenses/"
GEOCODING_BASE = "http://dcat-ap.de/def/politicalGeocoding/"
LEVEL_BASE = GEOCODING_BASE + "Level/"
EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"
THEME_BASE = EU_AUTHORITY + "data-theme/"
THEME_SCHEME = EU_AUTHORITY + "data-theme"
FREQUENCY_BASE = EU_AUTHORITY + "frequency/"
FILE_TYPE_BASE = EU_AUTHORITY + "file-type/"
LANGUAGE_BASE = EU_AUTHORITY + "language/"
ACCESS_RIGHT_BASE = EU_AUTHORITY + "access-right/"
AVAILABILITY_BASE = EU_AUTHORITY + "planned-availability/"
PUBLISHER_TYPE_BASE = "http://purl.org/adms/publishertype/"
IANA_BASE = "https://www.iana.org/assignments/media-types/"
IANA_BASES = (IANA_BASE, "http://www.iana.org/assignments/media-types/")
SPDX_SHA256 = "http://spdx.org/rdf/terms#checksumAlgorithm_sha256"

LicenseClass = Literal["open", "share-alike", "not-open"]


class UnknownTermError(ValueError):
    """A code or IRI that is not in the controlled vocabulary."""

    def __init__(self, vocabulary: str, value: str, examples: list[str]) -> None:
        self.vocabulary = vocabulary
        self.value = value
        self.examples = examples
        super().__init__(f"{value!r} is not in the {vocabulary} vocabulary (e.g. {', '.join(examples[:6])})")


@cache
def _nal() -> dict[str, Any]:
    text = (resources.files("stadtdaten.dcat") / "data" / "nal.json").read_text(encoding="utf-8")
    return dict(json.loads(text))


@cache
def _extra() -> dict[str, Any]:
    text = (resources.files("stadtdaten.dcat") / "data" / "nal-extra.json").read_text(encoding="utf-8")
    return dict(json.loads(text))


@cache
def _geocoding_keys() -> dict[str, frozenset[str]]:
    raw = (resources.files("stadtdaten.dcat") / "data" / "geocoding-keys.txt.gz").read_bytes()
    keys: dict[str, set[str]] = {}
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        if line:
            kind, key = line.split(" ", 1)
            keys.setdefault(kind, set()).add(key)
    # A municipality key (AGS, 8 digits) is the regional key without the municipal-association part.
    keys["municipalityKey"] = {k[:5] + k[9:] for k in keys.get("regionalKey", set())}
    return {kind: frozenset(values) for kind, values in keys.items()}


def _code(value: str, base: str, table: dict[str, Any], vocabulary: str, aliases: dict[str, str] | None = None) -> str:
    text = str(value).strip()
    if text.startswith(base):
        text = text[len(base) :]
    text = text.rstrip("/")
    for candidate in (text, text.upper(), (aliases or {}).get(text.upper(), "")):
        if candidate in table:
            return candidate
    raise UnknownTermError(vocabulary, str(value), sorted(table))


# -- licences ---------------------------------------------------------------------------------------

_LICENSE_ALIASES = {
    "cc-by-4.0": "cc-by/4.0",
    "cc by 4.0": "cc-by/4.0",
    "cc-by-sa-4.0": "cc-by-sa/4.0",
    "cc-by-nc-4.0": "cc-by-nc/4.0",
    "cc-by-nd-4.0": "cc-by-nd/4.0",
    "cc0": "cc-zero",
    "cc0-1.0": "cc-zero",
    "cc-zero/1.0": "cc-zero",
    "dl-de-by-2.0": "dl-by-de/2.0",
    "dl-de/by-2-0": "dl-by-de/2.0",
    "dl-de-zero-2.0": "dl-zero-de/2.0",
    "dl-de/zero-2-0": "dl-zero-de/2.0",
    "dl-de-by-1.0": "dl-by-de/1.0",
    "odc-by": "odby",
    "odc-by-1.0": "odby",
    "odc-odbl": "odbl",
    "odbl-1.0": "odbl",
    "odc-pddl": "odcpddl",
    "gpl-3.0": "gpl/3.0",
}


def licenses() -> dict[str, dict[str, Any]]:
    """The dcat-ap.de licence list (version 20210721): id -> {iri, de, use, open, homepage, edp}."""
    return dict(_nal()["licenses"])


@lru_cache(maxsize=8192)
def license_iri(id_or_iri: str) -> str:
    """``dl-by-de/2.0`` or any form of its IRI -> ``http://dcat-ap.de/def/licenses/dl-by-de/2.0``.

    The trailing slash some documents add (the 3.0 spec's own typo) and ``https``/``www`` variants are
    normalised. An IRI outside the dcat-ap.de list is returned unchanged (K34: pass it on); an id that is
    neither a list id nor an IRI raises :class:`UnknownTermError`.
    """
    text = str(id_or_iri).strip()
    table = _nal()["licenses"]
    match = re.match(r"^https?://(?:www\.)?dcat-ap\.de/def/licenses/(.+?)/?$", text)
    if match:
        ident = match.group(1)
        found = _license_id(ident)
        return LICENSE_BASE + (found or ident)
    if "://" in text:
        return text
    found = _license_id(text.rstrip("/"))
    if found is None:
        raise UnknownTermError("dcat-ap.de licence", text, sorted(table))
    return LICENSE_BASE + found


def _license_id(ident: str) -> str | None:
    table = _nal()["licenses"]
    if ident in table:
        return ident
    lowered = {k.lower(): k for k in table}
    key = ident.lower()
    if key in lowered:
        return lowered[key]
    alias = _LICENSE_ALIASES.get(key)
    return alias if alias in table else None


@lru_cache(maxsize=8192)
def license_id(iri: str) -> str | None:
    """The list id of a dcat-ap.de licence IRI (``dl-by-de/2.0``), None outside the list."""
    try:
        normal = license_iri(iri)
    except UnknownTermError:
        return None
    ident = normal.removeprefix(LICENSE_BASE)
    return ident if normal.startswith(LICENSE_BASE) and ident in _nal()["licenses"] else None


def is_known_license(iri: str) -> bool:
    return license_id(iri) is not None


@lru_cache(maxsize=8192)
def license_class(iri: str) -> LicenseClass:
    """``open`` (GovData: free use), ``share-alike`` (open, but derived data must keep the licence) or ``not-open``.

    Licences outside the dcat-ap.de list count as ``not-open``: we cannot vouch for them.
    """
    ident = license_id(iri)
    if ident is None:
        return "not-open"
    entry = _nal()["licenses"][ident]
    if not entry.get("open"):
        return "not-open"
    return "share-alike" if ident in _extra()["share_alike_licenses"] else "open"


@lru_cache(maxsize=8192)
def requires_attribution(iri: str) -> bool:
    """True when the licence demands naming the source (K35: then ``licenseAttributionByText`` is a MUST)."""
    ident = license_id(iri)
    return ident is not None and ident in _extra()["attribution_licenses"]


@cache
def _edp_licences() -> frozenset[str]:
    return frozenset(_nal()["edp_licences"])


@lru_cache(maxsize=8192)
def is_edp_known_license(iri: str) -> bool:
    """True when data.europa.eu's licence vocabulary knows the IRI (MQA "licence vocabulary")."""
    text = str(iri)
    if text in _edp_licences() or text.startswith(EU_AUTHORITY + "licence/"):
        return True
    ident = license_id(text)
    return ident is not None and bool(_nal()["licenses"][ident].get("edp"))


# -- file types and media types ---------------------------------------------------------------------

_FORMAT_ALIASES = {
    "jsonl": "JSON",
    "ndjson": "JSON",
    "geojson": "GEOJSON",
    "json": "JSON",
    "txt": "TXT",
    "xls": "XLS",
    "zip": "ZIP",
    "gz": "GZIP",
    "tab": "TSV",
    "shape": "SHP",
    "shapefile": "SHP",
    "yml": "YAML",
    "ttl": "RDF_TURTLE",
    "turtle": "RDF_TURTLE",
    "nt": "RDF_N_TRIPLES",
    "jsonld": "JSON_LD",
    "json-ld": "JSON_LD",
    "rdf": "RDF_XML",
    "htm": "HTML",
}


def file_types() -> dict[str, dict[str, Any]]:
    """The EU file-type NAL (20240925-0): code -> {en, ext, media, nonprop_ext, edp_*, in_2018_list}."""
    return dict(_nal()["file_types"])


@cache
def _by_extension() -> dict[str, str]:
    found: dict[str, str] = {}
    for code, entry in _nal()["file_types"].items():
        for ext in entry["ext"]:
            # prefer the code that is named like the extension (json -> JSON, not GEOJSON)
            if ext not in found or code.lower() == ext:
                found[ext] = code
    return found


@cache
def _by_media_type() -> dict[str, str]:
    found: dict[str, str] = {}
    for code, entry in _nal()["file_types"].items():
        for media in entry["media"]:
            found.setdefault(media.lower(), code)
    return found


@lru_cache(maxsize=8192)
def file_type_code(fmt: str) -> str:
    """``csv`` / ``.csv`` / ``CSV`` / ``text/csv`` / the NAL IRI -> ``CSV``."""
    text = str(fmt).strip()
    table = _nal()["file_types"]
    if text.startswith(FILE_TYPE_BASE):
        text = text[len(FILE_TYPE_BASE) :]
    for base in IANA_BASES:
        text = text.removeprefix(base)
    if text.upper() in table:
        return text.upper()
    lowered = text.lower().lstrip(".")
    if lowered in _FORMAT_ALIASES:
        return _FORMAT_ALIASES[lowered]
    if lowered in _by_extension():
        return _by_extension()[lowered]
    if lowered in _by_media_type():
        return _by_media_type()[lowered]
    raise UnknownTermError("EU file-type", str(fmt), sorted(table))


def file_type_iri(fmt: str) -> str:
    """The EU file-type NAL IRI for a format name, extension, media type or IRI (K31)."""
    return FILE_TYPE_BASE + file_type_code(fmt)


@lru_cache(maxsize=8192)
def mime_type(fmt: str) -> str:
    """The plain IANA media type (``text/csv``) of a format; raises when the NAL names none."""
    text = str(fmt).strip()
    for base in IANA_BASES:
        if text.startswith(base):
            return text[len(base) :]
    if re.fullmatch(r"[a-z]+/[a-zA-Z0-9.+-]+", text) and "/" in text and not text.startswith("http"):
        return text
    code = file_type_code(text)
    media = _nal()["file_types"][code]["media"]
    preferred = {
        "JSON": "application/json",
        "GEOJSON": "application/geo+json",
        "GZIP": "application/gzip",
        "XML": "application/xml",
    }
    if code in preferred:
        return preferred[code]
    if not media:
        raise UnknownTermError("IANA media type", str(fmt), ["csv", "json", "xlsx", "geojson"])
    return str(media[0])


def media_type(fmt: str) -> str:
    """The IANA media-type IRI (``https://www.iana.org/assignments/media-types/text/csv``) for ``dcat:mediaType``."""
    return IANA_BASE + mime_type(fmt)


def is_iana_media_type(iri: str) -> bool:
    return any(str(iri).startswith(base) and len(str(iri)) > len(base) for base in IANA_BASES)


def is_machine_readable(file_type: str) -> bool:
    """data.europa.eu's machine-readable list (MQA)."""
    try:
        return bool(_nal()["file_types"][file_type_code(file_type)]["edp_machine_readable"])
    except UnknownTermError:
        return False


def is_non_proprietary(file_type: str) -> bool:
    """data.europa.eu's non-proprietary list (MQA)."""
    try:
        return bool(_nal()["file_types"][file_type_code(file_type)]["edp_non_proprietary"])
    except UnknownTermError:
        return False


# -- EU NALs ----------------------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def theme_iri(code: str) -> str:
    """One of the 13 EU data themes (K30): ``ENVI`` -> ``…/data-theme/ENVI``."""
    return THEME_BASE + _code(code, THEME_BASE, _nal()["themes"], "EU data-theme")


@lru_cache(maxsize=8192)
def frequency_iri(code: str) -> str:
    """EU frequency NAL: ``ANNUAL`` -> ``…/frequency/ANNUAL``."""
    return FREQUENCY_BASE + _code(code, FREQUENCY_BASE, _extra()["frequencies"], "EU frequency")


@lru_cache(maxsize=8192)
def language_iri(code: str) -> str:
    """EU language NAL: ``DEU``, ``de`` or ``GER`` -> ``…/language/DEU``."""
    return LANGUAGE_BASE + _code(code, LANGUAGE_BASE, _extra()["languages"], "EU language", _extra()["language_aliases"])


@lru_cache(maxsize=8192)
def access_rights_iri(code: str) -> str:
    """EU access-right NAL: ``PUBLIC`` / ``RESTRICTED`` / ``NON_PUBLIC``."""
    return ACCESS_RIGHT_BASE + _code(code, ACCESS_RIGHT_BASE, _nal()["access_rights"], "EU access-right")


@lru_cache(maxsize=8192)
def availability_iri(code: str) -> str:
    """EU planned-availability NAL: ``AVAILABLE`` / ``STABLE`` / ``EXPERIMENTAL`` / ``TEMPORARY``."""
    return AVAILABILITY_BASE + _code(code, AVAILABILITY_BASE, _nal()["availability"], "EU planned-availability")


@lru_cache(maxsize=8192)
def publisher_type_iri(code: str) -> str:
    """ADMS publisher type: ``LocalAuthority`` -> ``http://purl.org/adms/publishertype/LocalAuthority`` (K37)."""
    table = _extra()["publisher_types"]
    text = str(code).strip().removeprefix(PUBLISHER_TYPE_BASE)
    squashed = {re.sub(r"[^a-z]", "", k.lower()): k for k in table}
    key = squashed.get(re.sub(r"[^a-z]", "", text.lower()))
    if key is None:
        raise UnknownTermError("ADMS publisher type", str(code), sorted(table))
    return PUBLISHER_TYPE_BASE + key


# -- political geocoding ----------------------------------------------------------------------------

_KEY_TYPE_BY_DIGITS = {
    8: "municipalityKey",
    12: "regionalKey",
    9: "municipalAssociationKey",
    5: "districtKey",
    3: "governmentDistrictKey",
    2: "stateKey",
}


@lru_cache(maxsize=8192)
def geocoding_level_iri(level: str) -> str:
    """``municipality`` -> ``http://dcat-ap.de/def/politicalGeocoding/Level/municipality`` (K09)."""
    table = _extra()["geocoding_levels"]
    text = str(level).strip().removeprefix(LEVEL_BASE)
    for key in table:
        if key.lower() == text.lower():
            return LEVEL_BASE + key
    raise UnknownTermError("dcat-ap.de geocoding level", str(level), list(table))


@lru_cache(maxsize=8192)
def geocoding_iri(key: str, level: str | None = "municipality") -> str:
    """A political-geocoding IRI from an official key (K08).

    The key type follows from the number of digits (8: municipalityKey = AGS, 12: regionalKey,
    9: municipalAssociationKey, 5: districtKey, 3: governmentDistrictKey, 2: stateKey); ``level``
    is checked against it. ``geocoding_iri("05711000")`` ->
    ``http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05711000``. A full IRI is returned as is.
    """
    text = str(key).strip()
    if text.startswith(GEOCODING_BASE):
        return text.rstrip("/")
    if not text.isdigit() or len(text) not in _KEY_TYPE_BY_DIGITS:
        examples = ["05711000 (municipalityKey)", "057110000000 (regionalKey)", "05711 (districtKey)", "05 (stateKey)"]
        raise UnknownTermError("dcat-ap.de political geocoding", text, examples)
    kind = _KEY_TYPE_BY_DIGITS[len(text)]
    if level is not None:
        level_key = geocoding_level_iri(level).removeprefix(LEVEL_BASE)
        expected = {
            "municipality": {"municipalityKey", "regionalKey", "municipalAssociationKey"},
            "administrativeDistrict": {"districtKey", "governmentDistrictKey"},
            "state": {"stateKey"},
        }.get(level_key)
        if expected is not None and kind not in expected:
            raise UnknownTermError(f"dcat-ap.de political geocoding at level {level_key}", text, sorted(expected))
    return f"{GEOCODING_BASE}{kind}/{text}"


@lru_cache(maxsize=8192)
def is_known_geocoding(iri: str) -> bool:
    """True when the key is in the shipped dcat-ap.de lists (regional/municipality/district/state keys)."""
    match = re.match(rf"^{re.escape(GEOCODING_BASE)}(\w+)/(\d+)$", str(iri))
    if not match:
        return False
    kind, key = match.groups()
    keys = _geocoding_keys().get(kind)
    return keys is not None and key in keys


# -- labels -----------------------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def label(iri: str, lang: str = "de") -> str | None:
    """The German or English label of a vocabulary IRI, or None when the IRI is not a shipped concept."""
    text = str(iri).rstrip("/")
    lang = "en" if lang.startswith("en") else "de"
    nal, extra = _nal(), _extra()
    tables: list[tuple[str, dict[str, Any]]] = [
        (THEME_BASE, nal["themes"]),
        (ACCESS_RIGHT_BASE, nal["access_rights"]),
        (AVAILABILITY_BASE, nal["availability"]),
        (FREQUENCY_BASE, extra["frequencies"]),
        (LANGUAGE_BASE, extra["languages"]),
        (PUBLISHER_TYPE_BASE, extra["publisher_types"]),
        (LEVEL_BASE, extra["geocoding_levels"]),
    ]
    for base, table in tables:
        if text.startswith(base):
            entry = table.get(text[len(base) :])
            return None if entry is None else entry.get(lang) or entry.get("en") or entry.get("de")
    if text.startswith(FILE_TYPE_BASE):
        entry = nal["file_types"].get(text[len(FILE_TYPE_BASE) :])
        return None if entry is None else str(entry["en"])
    if text.startswith(LICENSE_BASE):
        ident = license_id(text)
        return None if ident is None else str(nal["licenses"][ident]["de"])
    if text.startswith(GEOCODING_BASE):
        match = re.match(rf"^{re.escape(GEOCODING_BASE)}(\w+)/(\d+)$", text)
        kinds = extra["geocoding_key_types"]
        if match and match.group(1) in kinds:
            return f"{kinds[match.group(1)][lang]} {match.group(2)}"
        return None
    for base in IANA_BASES:
        if text.startswith(base):
            return text[len(base) :]
    return None


def labels(iri: str) -> dict[str, str]:
    """The labels a vocabulary really has for ``iri``, by language (``{"de": ..., "en": ...}``).

    Unlike :func:`label` there is no fallback: file types have English labels only, the dcat-ap.de
    licences German ones only.
    """
    text = str(iri).rstrip("/")
    if text.startswith(FILE_TYPE_BASE):
        entry = _nal()["file_types"].get(text[len(FILE_TYPE_BASE) :])
        return {"en": str(entry["en"])} if entry else {}
    if text.startswith(LICENSE_BASE):
        found = label(text, "de")
        return {"de": found} if found else {}
    if any(text.startswith(base) for base in IANA_BASES):
        return {}
    result = {}
    for lang in ("de", "en"):
        found = label(text, lang)
        if found:
            result[lang] = found
    return result


def codes(vocabulary: str) -> list[str]:
    """The codes of a shipped vocabulary: themes, frequencies, languages, access_rights, availability,
    publisher_types, geocoding_levels, file_types, licenses."""
    nal, extra = _nal(), _extra()
    table = nal.get(vocabulary) if vocabulary in nal else extra.get(vocabulary)
    if not isinstance(table, dict):
        raise KeyError(vocabulary)
    return sorted(table)
