"""Typed, lenient views over the descriptor's DCAT-AP.de and governance blocks.

Lenient on purpose: a malformed value becomes ``None`` here and a ``descriptor-invalid`` finding from
the JSON Schema check, so that one bad field never stops the other checks from running.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from stadtdaten.core.report import Waiver

LICENSE_BASE = "http://dcat-ap.de/def/licenses/"


def _str(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _strs(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value if v not in (None, "")]
    return [str(value)] if isinstance(value, str) and value else []


@dataclass(frozen=True)
class Agent:
    name: str
    uri: str | None = None
    type: str | None = None
    email: str | None = None
    url: str | None = None

    @classmethod
    def parse(cls, value: Any) -> Agent | None:
        if isinstance(value, str) and value:
            return cls(name=value)
        if not isinstance(value, dict) or not value.get("name"):
            return None
        return cls(
            name=str(value["name"]),
            uri=_str(value.get("uri")),
            type=_str(value.get("type")),
            email=_str(value.get("email")),
            url=_str(value.get("url")),
        )


@dataclass(frozen=True)
class Contact:
    name: str | None = None
    email: str | None = None
    url: str | None = None
    phone: str | None = None

    @classmethod
    def parse(cls, value: Any) -> Contact | None:
        if not isinstance(value, dict):
            return None
        contact = cls(
            name=_str(value.get("name")),
            email=_str(value.get("email")),
            url=_str(value.get("url")),
            phone=_str(value.get("phone")),
        )
        return contact if (contact.email or contact.url) else None


@dataclass(frozen=True)
class License:
    """A licence as given; ``iri`` is the dcat-ap.de IRI (no trailing slash) when one can be derived."""

    id: str | None
    iri: str | None
    title: str | None = None

    @classmethod
    def parse(cls, value: Any) -> License | None:
        if not isinstance(value, dict):
            return None
        name = _str(value.get("name"))
        path = _str(value.get("path"))
        iri = path.rstrip("/") if path else None
        if iri is None and name:
            iri = LICENSE_BASE + name
        if name is None and iri and iri.startswith(LICENSE_BASE):
            name = iri[len(LICENSE_BASE) :]
        return cls(id=name, iri=iri, title=_str(value.get("title")))


@dataclass(frozen=True)
class Spatial:
    geocoding: str | None = None
    level: str | None = None
    label: str | None = None
    bbox: tuple[float, float, float, float] | None = None


@dataclass(frozen=True)
class Temporal:
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class Disclosure:
    threshold: int | None = None
    cell_key_method: bool = False
    dominance_n: int | None = None
    dominance_k: float | None = None


@dataclass(frozen=True)
class Governance:
    profile: str | None = None
    rights_holder: str | None = None
    agreement_reference: str | None = None
    source_license: str | None = None
    security_review: dict[str, Any] | None = None
    trade_secret_review: dict[str, Any] | None = None
    feedback: Contact | None = None
    sensitive_topic: bool = False
    hvd: bool = False
    disclosure: Disclosure = field(default_factory=Disclosure)
    allow: tuple[dict[str, Any], ...] = ()
    waivers: tuple[Waiver, ...] = ()


@dataclass(frozen=True)
class DatasetMetadata:
    """Everything the DCAT mapper, the Leitlinie rules and the CKAN publisher read from a descriptor."""

    name: str | None
    title: str | None
    description: str | None
    title_en: str | None = None
    description_en: str | None = None
    keywords: tuple[str, ...] = ()
    keywords_en: tuple[str, ...] = ()
    licenses: tuple[License, ...] = ()
    version: str | None = None
    homepage: str | None = None
    publisher: Agent | None = None
    contact_point: Contact | None = None
    maintainer: Agent | None = None
    originator: Agent | None = None
    creator: Agent | None = None
    themes: tuple[str, ...] = ()
    spatial: Spatial | None = None
    temporal: Temporal | None = None
    accrual_periodicity: str | None = None
    issued: date | None = None
    modified: date | None = None
    provenance: str | None = None
    access_rights: str | None = None
    availability: str | None = None
    landing_page: str | None = None
    language: tuple[str, ...] = ("DEU",)
    license_attribution: str | None = None
    conforms_to: tuple[str, ...] = ()
    hvd_category: str | None = None
    applicable_legislation: tuple[str, ...] = ()
    version_notes: str | None = None
    governance: Governance = field(default_factory=Governance)

    @property
    def license(self) -> License | None:
        return self.licenses[0] if self.licenses else None

    @classmethod
    def from_descriptor(cls, descriptor: dict[str, Any]) -> DatasetMetadata:
        dcat = descriptor.get("dcat") if isinstance(descriptor.get("dcat"), dict) else {}
        gov = descriptor.get("governance") if isinstance(descriptor.get("governance"), dict) else {}
        assert isinstance(dcat, dict) and isinstance(gov, dict)
        spatial_raw = dcat.get("spatial") if isinstance(dcat.get("spatial"), dict) else None
        spatial = None
        if spatial_raw:
            bbox = spatial_raw.get("bbox")
            spatial = Spatial(
                geocoding=_str(spatial_raw.get("geocoding")),
                level=_str(spatial_raw.get("level")),
                label=_str(spatial_raw.get("label")),
                bbox=tuple(float(x) for x in bbox) if isinstance(bbox, list) and len(bbox) == 4 else None,  # type: ignore[arg-type]
            )
        temporal_raw = dcat.get("temporal") if isinstance(dcat.get("temporal"), dict) else None
        temporal = None
        if temporal_raw:
            temporal = Temporal(start=_date(temporal_raw.get("start")), end=_date(temporal_raw.get("end")))
        disclosure_raw = gov.get("disclosure") if isinstance(gov.get("disclosure"), dict) else {}
        assert isinstance(disclosure_raw, dict)
        dominance = disclosure_raw.get("dominance") if isinstance(disclosure_raw.get("dominance"), dict) else {}
        assert isinstance(dominance, dict)
        waivers = []
        for item in gov.get("waivers") or []:
            try:
                waivers.append(Waiver.from_dict(item))
            except (KeyError, TypeError, ValueError):
                continue  # reported by the descriptor schema check
        licenses = tuple(lic for lic in (License.parse(v) for v in descriptor.get("licenses") or []) if lic)
        threshold = disclosure_raw.get("threshold")
        return cls(
            name=_str(descriptor.get("name")),
            title=_str(descriptor.get("title")),
            description=_str(descriptor.get("description")),
            title_en=_str(dcat.get("title_en")),
            description_en=_str(dcat.get("description_en")),
            keywords=tuple(_strs(descriptor.get("keywords"))),
            keywords_en=tuple(_strs(dcat.get("keywords_en"))),
            licenses=licenses,
            version=_str(descriptor.get("version")),
            homepage=_str(descriptor.get("homepage")),
            publisher=Agent.parse(dcat.get("publisher")),
            contact_point=Contact.parse(dcat.get("contact_point")),
            maintainer=Agent.parse(dcat.get("maintainer")),
            originator=Agent.parse(dcat.get("originator")),
            creator=Agent.parse(dcat.get("creator")),
            themes=tuple(_strs(dcat.get("themes"))),
            spatial=spatial,
            temporal=temporal,
            accrual_periodicity=_str(dcat.get("accrual_periodicity")),
            issued=_date(dcat.get("issued")),
            modified=_date(dcat.get("modified")),
            provenance=_str(dcat.get("provenance")),
            access_rights=_str(dcat.get("access_rights")),
            availability=_str(dcat.get("availability")),
            landing_page=_str(dcat.get("landing_page")),
            language=tuple(_strs(dcat.get("language"))) or ("DEU",),
            license_attribution=_str(dcat.get("license_attribution")),
            conforms_to=tuple(_strs(dcat.get("conforms_to"))),
            hvd_category=_str(dcat.get("hvd_category")),
            applicable_legislation=tuple(_strs(dcat.get("applicable_legislation"))),
            version_notes=_str(dcat.get("version_notes")),
            governance=Governance(
                profile=_str(gov.get("profile")),
                rights_holder=_str(gov.get("rights_holder")),
                agreement_reference=_str(gov.get("agreement_reference")),
                source_license=_str(gov.get("source_license")),
                security_review=gov.get("security_review") if isinstance(gov.get("security_review"), dict) else None,
                trade_secret_review=gov.get("trade_secret_review")
                if isinstance(gov.get("trade_secret_review"), dict)
                else None,
                feedback=Contact.parse(gov.get("feedback")),
                sensitive_topic=bool(gov.get("sensitive_topic", False)),
                hvd=bool(gov.get("hvd", False)),
                disclosure=Disclosure(
                    threshold=int(threshold) if isinstance(threshold, int) else None,
                    cell_key_method=bool(disclosure_raw.get("cell_key_method", False)),
                    dominance_n=dominance.get("n") if isinstance(dominance.get("n"), int) else None,
                    dominance_k=float(dominance["k"]) if isinstance(dominance.get("k"), int | float) else None,
                ),
                allow=tuple(a for a in gov.get("allow") or [] if isinstance(a, dict)),
                waivers=tuple(waivers),
            ),
        )
