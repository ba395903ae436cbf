"""Column-name dictionaries: personal identifiers (DS-PRIV-001), Art. 9 DSGVO categories (DS-PRIV-004),
device identifiers (DS-ETH-001), secrets (DS-SEC-001) and free text (DS-PRIV-002).

Names are normalised (lower case, umlauts folded, camelCase split, separators to ``_``) and matched on
token boundaries, so ``classifiedBy`` becomes ``classified_by`` and ``kennz_01`` keeps its ``kennz``
token. ``strong`` kinds are personal by their name alone; weak ones need the values to confirm
(``name``, ``*_by``, ``kennz`` ...): the Münster accident data's ``kennz_01`` holds district prefixes only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})


def normalise(name: str) -> str:
    """``Geburts-Datum`` -> ``geburts_datum``; ``classifiedBy`` -> ``classified_by``."""
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name.strip())
    text = text.translate(_FOLD).lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


@dataclass(frozen=True)
class NameKind:
    kind: str
    pattern: str
    strong: bool
    detector: str | None = None
    """The value detector that can confirm the kind (see :mod:`.detectors`)."""

    @property
    def regex(self) -> re.Pattern[str]:
        return _compile(self.pattern)


@cache
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(r"(?:^|_)(?:" + pattern + r")(?:_|$)")


PERSONAL: tuple[NameKind, ...] = (
    NameKind(
        "name",
        r"vorname|nachname|familienname|geburtsname|rufname|firstname|first_name|lastname|last_name|surname|fullname|"
        r"full_name|personenname|person_name|bearbeiter|bearbeiterin|sachbearbeiter|sachbearbeiterin|erfasst_von|"
        r"erstellt_von|geaendert_von|created_by|modified_by|updated_by|autor|autorin|author|melder|melderin|"
        r"antragsteller|antragstellerin|mieter|mieterin|kunde|kundin|patient|patientin",
        True,
        "person-name",
    ),
    NameKind("name", r"name|namen|by", False, "person-name"),
    NameKind(
        "birth date",
        r"geburtsdatum|geb_datum|gebdat|gebdatum|geburtstag|geburtsjahr|birthdate|birth_date|date_of_birth|dob|birthday|geburtsort",
        True,
        "birth-date",
    ),
    NameKind("address", r"wohnanschrift|wohnadresse|privatadresse|meldeadresse|home_address|privatanschrift", True),
    NameKind("e-mail", r"e_mail|email|mail|mailadresse|email_adresse", False, "email"),
    NameKind(
        "phone", r"telefon|telefonnummer|tel|tel_nr|telnr|phone|mobil|mobilnummer|handy|handynummer|fax|telefax", False, "phone"
    ),
    NameKind(
        "bank data", r"iban|bic|konto|kontonummer|bankverbindung|kreditkarte|kreditkartennummer|credit_card|blz", True, "iban"
    ),
    NameKind(
        "official id",
        r"ausweis|ausweisnummer|personalausweis|personalausweisnummer|reisepass|passnummer|sozialversicherungsnummer|"
        r"sozialversicherung|svnr|sv_nummer|versichertennummer|krankenversicherung|krankenversicherungsnummer|"
        r"krankenversichertennummer|steuer_id|steuerid|steuer_identifikationsnummer|steuernummer|idnr|tax_id",
        True,
        "tax-id",
    ),
    NameKind(
        "vehicle plate",
        r"kennzeichen|kfz_kennzeichen|kfzkennzeichen|license_plate|licence_plate|nummernschild|kennz",
        False,
        "plate",
    ),
    NameKind("IP address", r"ip|ip_adresse|ipadresse|ip_address|ipv4|ipv6|client_ip|remote_addr", False, "ip"),
    NameKind("photo", r"foto|passfoto|portrait|portraet|gesichtsbild|face_image", False),
    NameKind(
        "property owner",
        r"eigentuemer|eigentuemerin|grundstueckseigentuemer|owner|halter|fahrzeughalter|grundbuch|grundbuchblatt",
        True,
    ),
)

DEVICE = NameKind(
    "device identifier",
    r"mac|mac_adresse|mac_address|macaddr|device_id|deviceid|dev_eui|deveui|eui|join_eui|joineui|app_eui|dev_addr|imei|imsi|"
    r"iccid|cookie|cookie_id|advertising_id|idfa|bluetooth|bluetooth_id|ble_id|ble_address|kartennummer|karten_id|card_id|"
    r"card_number|ticket_id|ticketnummer|abo_nummer|kundennummer|trip_id|fahrt_id|fahrgast_id|person_id|personen_id|"
    r"user_id|nutzer_id|teilnehmer_id|tracking_id|session_id",
    True,
)

SPECIAL_CATEGORIES: tuple[tuple[str, str], ...] = (
    (
        "health",
        r"gesundheit|gesundheitszustand|diagnose|diagnosis|krankheit|erkrankung|disease|behinderung|schwerbehindert|"
        r"schwerbehinderung|pflegegrad|pflegestufe|medikament|medikation|medication|icd|icd10|health|disability|impfstatus",
    ),
    ("religion", r"religion|konfession|religionszugehoerigkeit|glaube|glaubensrichtung|weltanschauung|religious"),
    ("ethnic origin", r"ethnie|ethnisch|ethnische_herkunft|ethnicity|race|rasse"),
    ("political opinion", r"parteizugehoerigkeit|parteimitglied|politische_meinung|political_opinion|political_affiliation"),
    ("trade-union membership", r"gewerkschaft|gewerkschaftsmitglied|union_member|union_membership"),
    ("genetic or biometric data", r"genetisch|genetic|dna|genom|biometrie|biometrisch|biometric|fingerabdruck|fingerprint"),
    ("sexual orientation", r"sexuell|sexuelle_orientierung|sexual_orientation|sexualitaet|sexuality"),
    ("criminal convictions", r"vorstrafe|vorstrafen|straftat|straftaten|verurteilung|conviction|criminal_record"),
)
REVIEW_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("health", r"alkohol|blutalkohol|promille|drogen|btm|alcohol|blood_alcohol|drugs"),
)
HEALTH_VALUE_PATTERN = r"(?i)(‰|°/oo|%o\b|promille|bak\b|blutalkohol)"

FREE_TEXT = (
    r"bemerkung|bemerkungen|kommentar|kommentare|freitext|hinweis|hinweise|anmerkung|anmerkungen|notiz|notizen|"
    r"note|notes|comment|comments|remark|remarks|freetext|free_text"
)
SECRET = (
    r"password|passwort|kennwort|pwd|passwd|secret|api_key|apikey|access_key|secret_key|private_key|token|auth_token|"
    r"access_token|session_key|credentials"
)
BIRTH_HINT = r"geburt|geburtsdatum|geb_datum|gebdat|geburtstag|birth|dob|birthday"
SKIP_QUALIFIED_NAME = r"name|namen"
"""Plain ``name`` is weak; qualified (``stat_name``, ``locationName``) only when the qualifier is personal."""

PERSON_QUALIFIERS = {
    "person",
    "personen",
    "voll",
    "full",
    "first",
    "last",
    "sur",
    "vor",
    "nach",
    "familien",
    "kunden",
    "mitarbeiter",
    "user",
    "nutzer",
}


def personal_kind(name: str) -> NameKind | None:
    """The personal-identifier kind a column name suggests, if any.

    ``name`` alone is weak; ``stat_name`` or ``scientificName`` (a non-personal qualifier) is not personal.
    """
    norm = normalise(name)
    tokens = norm.split("_")
    for kind in PERSONAL:
        if not kind.regex.search(norm):
            continue
        if kind.kind == "name" and not kind.strong:
            if tokens[-1] == "by" and len(tokens) > 1:
                return kind
            if tokens in (["name"], ["namen"]):
                return kind
            if any(t in PERSON_QUALIFIERS for t in tokens):
                return kind
            continue
        if (
            kind.kind == "IP address"
            and norm not in ("ip",)
            and not re.search(r"(^|_)ip(_|v4|v6|$)|ip_?adresse|ip_address", norm)
        ):
            continue
        return kind
    return None


def matches(name: str, pattern: str) -> bool:
    return bool(_compile(pattern).search(normalise(name)))


def device_kind(name: str) -> bool:
    return bool(DEVICE.regex.search(normalise(name)))


def special_category(name: str, review: bool = False) -> str | None:
    norm = normalise(name)
    for category, pattern in REVIEW_CATEGORIES if review else SPECIAL_CATEGORIES:
        if _compile(pattern).search(norm):
            return category
    return None


@cache
def first_names() -> frozenset[str]:
    from importlib import resources

    text = (resources.files("stadtdaten.quality.personal") / "firstnames.txt").read_text(encoding="utf-8")
    words = [w for line in text.splitlines() if not line.startswith("#") for w in line.split()]
    return frozenset(words)
