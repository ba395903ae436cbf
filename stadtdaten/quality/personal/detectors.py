"""Value detectors, vectorised over polars columns.

Each detector is a regular expression run by polars (Rust regex) on a column's *distinct* values, plus
an optional confirmation in Python on the few matches (IBAN mod-97, Steuer-ID check digit, IP parsing,
entropy, first-name list). One combined pre-filter decides in a single pass whether a column can hold
anything at all, so a table of plain measurements costs one regex scan per text column.

False-positive rates on the non-personal files of ../shared/realdata are measured by
``benchmarks/personal_fp.py`` and documented in docs/rules/personal-data.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from stadtdaten.quality.personal.checksums import high_entropy, iban_valid, ip_kind, steuer_id_valid
from stadtdaten.quality.personal.dictionary import first_names, normalise
from stadtdaten.quality.personal.masking import mask

FUNCTIONAL_MAILBOXES = re.compile(
    r"^(info|kontakt|contact|poststelle|post|opendata|open-data|open\.data|daten|data|presse|press|service|buergerservice|"
    r"support|office|mail|noreply|no-reply|webmaster|admin|team|redaktion|verwaltung|sekretariat|zentrale|amt|"
    r"[a-z]*amt|[a-z]*stelle|[a-z]*buero|[a-z]*dienst|[a-z]*betrieb|statistik|geodaten|umwelt|verkehr|feedback|hello|hallo|"
    r"anfrage|anfragen|beschwerde|ordnungsamt|bauamt|[a-z]+-?amt[0-9]*|amt[0-9]+|[0-9]+)$"
)
FREE_MAIL = re.compile(
    r"@(gmail|googlemail|yahoo|hotmail|outlook|live|gmx|web|t-online|freenet|aol|icloud|posteo|mailbox)\.", re.I
)
STREET_SUFFIX = re.compile(
    r"(stra(ss|ß)e|str\.?|weg|platz|allee|ring|gasse|damm|ufer|chaussee|pfad|steig|markt|kirche|schule)$", re.I
)
EMAIL_IN_TEXT = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
KNOWN_TOKENS = (
    ("github-token", r"^(ghp|gho|ghs|ghu|ghr)_[A-Za-z0-9]{30,}$|^github_pat_[A-Za-z0-9_]{30,}$"),
    ("gitlab-token", r"^glpat-[A-Za-z0-9_-]{20,}$"),
    ("slack-token", r"^xox[abprs]-[A-Za-z0-9-]{10,}$"),
    ("aws-access-key", r"^(AKIA|ASIA)[0-9A-Z]{16}$"),
    ("google-api-key", r"^AIza[0-9A-Za-z_-]{35}$"),
    ("stripe-key", r"^(sk|rk)_live_[0-9A-Za-z]{20,}$"),
    ("jwt", r"^eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}$"),
    ("private-key", r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
)
_KNOWN_TOKEN_RES = tuple((kind, re.compile(pattern)) for kind, pattern in KNOWN_TOKENS)


def _email_personal(value: str, hint: bool) -> bool:
    """Personal: a private mail provider, or a local part like ``firstname.lastname``, ``p.mueller`` or ``peter@``.

    A single-word local part on an organisation's domain (``umweltamt@``, ``geoinformationundkataster@``)
    is a functional mailbox.
    """
    for address in EMAIL_IN_TEXT.findall(value):
        local = address.split("@", 1)[0].lower()
        if FREE_MAIL.search(address):
            return True
        if FUNCTIONAL_MAILBOXES.match(local):
            continue
        parts = [p for p in re.split(r"[._-]+", local) if p]
        if parts and (parts[0] in first_names() or (len(parts) >= 2 and len(parts[0]) == 1 and parts[1].isalpha())):
            return True
    return False


DATE_OR_TIME = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}( \d{1,2}:\d{2}(:\d{2})?)?$|^\d{1,2}:\d{2}(:\d{2})?$")


def _phone(value: str, hint: bool) -> bool:
    digits = re.sub(r"\D", "", value)
    if DATE_OR_TIME.match(value.strip()):
        return False
    if not 7 <= len(digits) <= 15:
        return False
    if value.isdigit():
        return hint  # a bare digit string is a phone number only where the column says so (AGS ids look alike)
    return True


def _person_name(value: str, hint: bool) -> bool:
    tokens = value.split()
    if len(tokens) < 2 or len(tokens) > 5:
        return False
    if STREET_SUFFIX.search(tokens[-1]):
        return False
    return tokens[0].lower().replace("-", "") in first_names() or tokens[0].lower().split("-")[0] in first_names()


def _eui(value: str, hint: bool) -> bool:
    core = value.lower().removeprefix("eui-")
    return any(c in "abcdef" for c in core) and any(c.isdigit() for c in core)


def _token(value: str, hint: bool) -> bool:
    return any(r.search(value) for _, r in _KNOWN_TOKEN_RES) or high_entropy(value)


def token_kind(value: str) -> str:
    for kind, regex in _KNOWN_TOKEN_RES:
        if regex.search(value):
            return kind
    return "high-entropy token"


@dataclass(frozen=True)
class Detector:
    key: str
    """Detector id, also the variant of the rule it reports under."""
    rule: str
    pattern: str
    confirm: Callable[[str, bool], bool] | None = None
    mask_kind: str = "generic"


DETECTORS: tuple[Detector, ...] = (
    Detector(
        "email", "DS-PRIV-002", r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", _email_personal, "email"
    ),
    Detector("phone", "DS-PRIV-002.phone", r"^(\+49|0049|0)[ /()-]*[1-9][0-9 /()-]{4,18}[0-9]$", _phone, "phone"),
    Detector(
        "iban", "DS-PRIV-002.iban", r"^[A-Z]{2}[0-9]{2} ?([A-Z0-9]{4} ?){2,7}[A-Z0-9]{1,4}$", lambda v, h: iban_valid(v), "iban"
    ),
    Detector(
        "tax-id",
        "DS-PRIV-002.tax-id",
        r"^[1-9][0-9]{10}$|^[0-9]{2} [0-9]{3} [0-9]{3} [0-9]{3}$",
        lambda v, h: steuer_id_valid(v),
        "tax-id",
    ),
    Detector("plate", "DS-PRIV-002.plate", r"^[A-ZÄÖÜ]{1,3}[- ][A-Z]{1,2}[- ]?[1-9][0-9]{0,3}[EH]?$", None, "plate"),
    Detector(
        "ip",
        "DS-PRIV-002.ip",
        r"^[0-9]{1,3}(\.[0-9]{1,3}){3}$|^[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7}$",
        lambda v, h: ip_kind(v) == "public",
        "ip",
    ),
    Detector(
        "private-ip",
        "DS-SEC-001.private-ip",
        r"^[0-9]{1,3}(\.[0-9]{1,3}){3}$|^[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7}$",
        lambda v, h: ip_kind(v) == "private",
        "ip",
    ),
    Detector("mac", "DS-ETH-001", r"^[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}$", None, "mac"),
    Detector("eui", "DS-ETH-001", r"^(eui-)?[0-9A-Fa-f]{16}$|^[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){7}$", _eui, "eui"),
    Detector(
        "token",
        "DS-SEC-001",
        r"^[A-Za-z0-9+/_=-]{20,}$|^eyJ[A-Za-z0-9_.-]{20,}$|-----BEGIN [A-Z ]*PRIVATE KEY-----",
        _token,
        "token",
    ),
    Detector(
        "path",
        "DS-SEC-001.path",
        r"^\\\\[A-Za-z0-9._$-]+\\|^[A-Za-z]:\\|^/(home|srv|var|opt|mnt|data|Users|tmp|etc|root)/|^file://|(?i:\b[a-z0-9-]+\.(local|intern|internal|lan|corp|intranet)\b)",
        None,
        "generic",
    ),
    Detector(
        "person-name",
        "DS-PRIV-002.person-name",
        r"^[A-ZÄÖÜ][a-zäöüéèáíóúçß'-]+( [A-Za-zÄÖÜäöüéèáíóúçß'-]+){1,4}$",
        _person_name,
        "person-name",
    ),
)
BY_KEY = {d.key: d for d in DETECTORS}
_PREFILTER = "|".join(f"(?:{d.pattern})" for d in DETECTORS)


@dataclass
class Hit:
    detector: str
    rule: str
    count: int
    total: int
    first_index: int
    samples: list[str] = field(default_factory=list)
    matched: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.count / self.total if self.total else 0.0


def scan_strings(series: pl.Series, *, hints: frozenset[str] = frozenset(), only: frozenset[str] | None = None) -> list[Hit]:
    """Run the value detectors on a text column. ``hints`` are detector keys the column name suggests."""
    if series.dtype != pl.String:
        return []
    values = series.drop_nulls() if series.null_count() else series
    total = values.len()
    if total == 0:
        return []
    probe = values.head(10_000)
    if probe.n_unique() > probe.len() // 2:
        # mostly distinct (ids): one regex pass over the column beats hashing it first
        candidates = values.filter(values.str.contains(_PREFILTER)).unique()
    else:
        distinct = values.unique()
        candidates = distinct.filter(distinct.str.contains(_PREFILTER))
    if candidates.len() == 0:
        return []
    hits = []
    for detector in DETECTORS:
        if only is not None and detector.key not in only:
            continue
        matched = candidates.filter(candidates.str.contains(detector.pattern))
        if matched.len() == 0:
            continue
        hint = detector.key in hints
        if matched.len() > MAX_CONFIRM:
            hits.extend(_estimated(series, values, detector, matched, hint, total))
            continue
        confirmed = [v for v in matched.to_list() if detector.confirm is None or detector.confirm(v, hint)]
        if not confirmed:
            continue
        hits.append(_hit(series, detector, confirmed, total))
    return hits


MAX_CONFIRM = 20_000
"""Above this many distinct candidates, confirmation runs on a sample and the count is estimated."""


def _estimated(series: pl.Series, values: pl.Series, detector: Detector, matched: pl.Series, hint: bool, total: int) -> list[Hit]:
    """Many candidates (a column full of e-mails): confirm a fixed sample, scale the pattern's row count by
    the confirmed share. Keeps the worst case bounded; the exact count does not change the verdict."""
    sample = matched.sample(MAX_CONFIRM, seed=0).to_list()
    confirmed = [v for v in sample if detector.confirm is None or detector.confirm(v, hint)]
    if not confirmed:
        return []
    rows = int(values.str.contains(detector.pattern).sum())
    hit = _hit(series, detector, confirmed[:1000], total)
    hit.count = max(hit.count, round(rows * len(confirmed) / len(sample)))
    return [hit]


def _hit(series: pl.Series, detector: Detector, confirmed: list[object], total: int) -> Hit:
    mask_series = series.is_in(pl.Series(confirmed, dtype=series.dtype).implode())
    count = int(mask_series.sum())
    first = int(mask_series.arg_true()[0]) if count else 0
    samples = [mask(v, detector.mask_kind) for v in confirmed[:3]]
    return Hit(detector.key, detector.rule, count, total, first, samples, [str(v) for v in confirmed[:3]])


def scan_integers(series: pl.Series) -> list[Hit]:
    """Steuer-IDs stored as integers: 11 digits, first digit not 0."""
    if not series.dtype.is_integer():
        return []
    values = series.drop_nulls()
    candidates = values.filter((values >= 10_000_000_000) & (values < 100_000_000_000)).unique()
    if candidates.len() == 0:
        return []
    confirmed = [v for v in candidates.to_list() if steuer_id_valid(str(v))]
    if not confirmed:
        return []
    return [_hit(series, BY_KEY["tax-id"], confirmed, values.len())]


def scan_birth_dates(series: pl.Series, name: str, today: date | None = None) -> Hit | None:
    """Dates implying ages 0-110 in a column whose name hints at birth (reporting dates are not birth dates)."""
    from stadtdaten.quality.personal.dictionary import BIRTH_HINT, matches

    if not matches(name, BIRTH_HINT) and not re.search(BIRTH_HINT, normalise(name)):
        return None
    today = today or date.today()
    values = series
    if series.dtype == pl.String:
        parsed = None
        for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
            attempt = series.str.strptime(pl.Date, fmt, strict=False)
            if parsed is None or attempt.null_count() < parsed.null_count():
                parsed = attempt
        values = parsed if parsed is not None else series
    elif series.dtype == pl.Datetime or isinstance(series.dtype, pl.Datetime):
        values = series.dt.date()
    if values.dtype != pl.Date:
        return None
    present = values.drop_nulls()
    if present.len() == 0:
        return None
    low = date(today.year - 110, today.month, min(today.day, 28))
    inside = (values >= low) & (values <= today)
    count = int(inside.sum())
    if count == 0:
        return None
    first = int(inside.arg_true()[0])
    samples = [mask(str(v), "birth-date") for v in values.filter(inside).head(3).to_list()]
    return Hit("birth-date", "DS-PRIV-002.birth-date", count, present.len(), first, samples)
