"""Metadata rules: Datenhoheit (SOV), Transparenz (TRANS-001..009), Partizipation, DS-SEC-002/003, DS-ETH-003."""

from __future__ import annotations

import re
from datetime import date

import polars as pl

from stadtdaten.core.metadata import Agent
from stadtdaten.quality.governance import licenses
from stadtdaten.quality.governance.context import Context
from stadtdaten.quality.governance.readability import amstad, looks_english
from stadtdaten.quality.governance.registry import implements
from stadtdaten.quality.rules import RuleSpec

THIRD_PARTY_TYPES = {
    "company",
    "academia-scientificorganisation",
    "nonprofitorganisation",
    "privateindividual(s)",
    "privateindividual",
    "privateindividuals",
    "industryconsortium",
    "selfemployedperson",
    "supranationalauthority",
    "nationalauthority",
    "regionalauthority",
    "standardisationbody",
    "nongovernmentalorganisation",
}
CITIZEN_TYPES = {
    "privateindividual(s)",
    "privateindividual",
    "privateindividuals",
    "nonprofitorganisation",
    "citizen",
    "initiative",
}
CITIZEN_WORDS = re.compile(r"(?i)bürgerinitiative|buergerinitiative|bürgerdaten|citizen|initiative|verein|bürger|buerger")
EU_THEMES = {"AGRI", "ECON", "EDUC", "ENER", "ENVI", "GOVE", "HEAL", "INTR", "JUST", "REGI", "SOCI", "TECH", "TRAN", "OP_DATPRO"}
EU_FREQUENCIES = {
    "TRIENNIAL",
    "BIENNIAL",
    "ANNUAL",
    "ANNUAL_2",
    "ANNUAL_3",
    "BIMONTHLY",
    "SEMIMONTHLY",
    "BIWEEKLY",
    "MONTHLY",
    "MONTHLY_2",
    "MONTHLY_3",
    "QUARTERLY",
    "WEEKLY",
    "WEEKLY_2",
    "WEEKLY_3",
    "DAILY",
    "DAILY_2",
    "CONT",
    "UPDATE_CONT",
    "IRREG",
    "NEVER",
    "AS_NEEDED",
    "UNKNOWN",
    "OTHER",
    "HOURLY",
    "BIHOURLY",
    "TRIHOURLY",
    "TWELVE_HRS",
    "1MIN",
    "5MIN",
    "10MIN",
    "15MIN",
    "30MIN",
    "QUINQUENNIAL",
    "DECENNIAL",
    "BIDECENNIAL",
    "TRIDECENNIAL",
    "OP_DATPRO",
    "SEMIANNUAL",
    "SEMIWEEKLY",
    "THREE_TIMES_A_WEEK",
    "THREE_TIMES_A_MONTH",
    "THREE_TIMES_A_YEAR",
}
EU_FILE_TYPES = {
    "csv",
    "tsv",
    "json",
    "geojson",
    "jsonld",
    "json-ld",
    "ndjson",
    "jsonl",
    "xml",
    "rdf",
    "rdf+xml",
    "ttl",
    "turtle",
    "nt",
    "n3",
    "gml",
    "kml",
    "kmz",
    "gpkg",
    "shp",
    "zip",
    "parquet",
    "xlsx",
    "xls",
    "ods",
    "pdf",
    "docx",
    "doc",
    "odt",
    "txt",
    "html",
    "wms",
    "wfs",
    "api",
    "sparql",
    "gtfs",
    "netcdf",
    "tiff",
    "geotiff",
    "png",
    "jpeg",
    "jpg",
    "svg",
    "xsd",
    "dxf",
    "las",
    "laz",
}
CRITICAL = re.compile(
    r"(?i)trinkwasser|wasserwerk|hochbehälter|hochbehaelter|brunnen|pumpwerk|pumpstation|kläranlage|klaeranlage|abwasser|"
    r"umspannwerk|trafostation|stromnetz|hochspannung|gasleitung|gasnetz|fernwärme|fernwaerme|kraftwerk|leitstelle|"
    r"rechenzentrum|funkmast|mobilfunk|kritis|kritische infrastruktur|feuerwache|rettungswache|polizei"
)


def _is_org(name: str, organisations: tuple[str, ...]) -> bool:
    lowered = name.strip().lower()
    for org in organisations:
        o = org.lower()
        if (
            lowered == o
            or lowered.startswith((o + ",", o + " -", o + " –", o + " /", o + ":", o + " ("))
            or lowered.endswith(", " + o)
        ):
            return True
    return False


def _organisations(ctx: Context) -> tuple[str, ...]:
    extra = ctx.config.section("governance").get("organisations", [])
    return tuple(dict.fromkeys([*ctx.config.organisations, *(str(e) for e in extra if isinstance(e, str))]))


def _third_party(ctx: Context) -> Agent | None:
    meta = ctx.meta
    gov = meta.governance
    origin = meta.originator
    if origin is not None:
        agent_type = (origin.type or "").lower().replace(" ", "")
        if agent_type in THIRD_PARTY_TYPES or not _is_org(origin.name, _organisations(ctx)) or gov.rights_holder == "third-party":
            return origin
    if gov.rights_holder == "third-party":
        return origin or Agent(name="third party")
    return None


def _citizen(agent: Agent | None) -> bool:
    if agent is None:
        return False
    return (agent.type or "").lower().replace(" ", "") in CITIZEN_TYPES or bool(CITIZEN_WORDS.search(agent.name))


@implements("DS-SOV-001")
def publisher(ctx: Context, spec: RuleSpec) -> None:
    agent = ctx.meta.publisher
    if agent is None:
        ctx.emit(spec, pointer="/dcat/publisher")
    elif not _is_org(agent.name, _organisations(ctx)):
        ctx.emit(
            spec,
            "unknown",
            pointer="/dcat/publisher/name",
            params={"publisher": agent.name, "organisations": ", ".join(_organisations(ctx))},
        )


@implements("DS-SOV-002")
def agreement(ctx: Context, spec: RuleSpec) -> None:
    origin = _third_party(ctx)
    if origin is not None and not ctx.meta.governance.agreement_reference and not _citizen(origin):
        ctx.emit(spec, pointer="/governance/agreement_reference", params={"originator": origin.name})


@implements("DS-SOV-003")
def source_license(ctx: Context, spec: RuleSpec) -> None:
    origin = _third_party(ctx)
    gov = ctx.meta.governance
    if origin is None and not gov.source_license:
        return
    if not gov.source_license:
        ctx.emit(spec, pointer="/governance/source_license")
        return
    published = licenses.normalise(ctx.meta.license.id if ctx.meta.license else None)
    source = licenses.normalise(gov.source_license)
    rank_published, rank_source = licenses.rank(published), licenses.rank(source)
    if rank_published is not None and rank_source is not None and rank_published > rank_source:
        ctx.emit(spec, "more-permissive", pointer="/licenses/0", params={"license": published, "source_license": source})
    elif (
        rank_published is not None
        and rank_source == licenses.RANK["share-alike"]
        and published != source
        and rank_published == rank_source
    ):
        return


@implements("DS-SOV-004")
def maintainer(ctx: Context, spec: RuleSpec) -> None:
    custodian = (
        ctx.dataset.descriptor.get("dcat", {}).get("custodian") if isinstance(ctx.dataset.descriptor.get("dcat"), dict) else None
    )
    if ctx.meta.maintainer is None and not custodian:
        ctx.emit(spec, pointer="/dcat/maintainer")


@implements("DS-TRANS-001")
def licence_present(ctx: Context, spec: RuleSpec) -> None:
    raw = ctx.dataset.descriptor.get("licenses")
    if not ctx.meta.licenses:
        ctx.emit(spec, pointer="/licenses")
        return
    for index, lic in enumerate(ctx.meta.licenses):
        ident = licenses.normalise(lic.id or lic.iri)
        if licenses.info(ident) is None:
            ctx.emit(spec, "unknown", pointer=f"/licenses/{index}", params={"license": lic.id or lic.iri or str(raw)})
    for resource in ctx.dataset.resources:
        for index, item in enumerate(resource.descriptor.get("licenses") or []):
            name = item.get("name") or item.get("path") if isinstance(item, dict) else None
            if name and licenses.info(licenses.normalise(str(name))) is None:
                ctx.emit(
                    spec,
                    "unknown",
                    resource=resource,
                    pointer=f"/resources/{resource.name}/licenses/{index}",
                    params={"license": name},
                )


@implements("DS-TRANS-002")
def licence_open(ctx: Context, spec: RuleSpec) -> None:
    for index, lic in enumerate(ctx.meta.licenses):
        ident = licenses.normalise(lic.id or lic.iri)
        entry = licenses.info(ident)
        if entry is None:
            continue
        pointer = f"/licenses/{index}"
        if entry["class"] == "not-open":
            ctx.emit(spec, pointer=pointer, params={"license": ident})
        elif entry["class"] == "share-alike":
            ctx.emit(spec, "share-alike", pointer=pointer, params={"license": ident})
        elif entry["class"] == "open":
            ctx.emit(spec, "other-open", pointer=pointer, params={"license": ident})
        if (ctx.meta.governance.hvd or ctx.meta.hvd_category) and ident not in ("cc-zero", "cc-by/4.0"):
            ctx.emit(spec, "hvd", pointer=pointer, params={"license": ident})


@implements("DS-TRANS-003")
def attribution(ctx: Context, spec: RuleSpec) -> None:
    if ctx.meta.license_attribution:
        return
    for index, lic in enumerate(ctx.meta.licenses):
        ident = licenses.normalise(lic.id or lic.iri)
        entry = licenses.info(ident)
        if entry and entry["attribution"]:
            ctx.emit(spec, pointer="/dcat/license_attribution", params={"license": ident, "index": index})
            return


PROVENANCE_WORDS = re.compile(
    r"(?i)quelle|erhoben|erhebung|gemessen|messung|erfasst|erfassung|sensor|stammen|stammt|herkunft|source|collected|measured|zählung|zaehlung|befragung|register|verfahren"
)


@implements("DS-TRANS-004")
def provenance(ctx: Context, spec: RuleSpec) -> None:
    meta = ctx.meta
    if not meta.provenance and not PROVENANCE_WORDS.search(meta.description or ""):
        ctx.emit(spec, pointer="/dcat/provenance")
    previous = _previous_summary(ctx)
    old = previous.get("provenance") if previous else None
    if old is not None and meta.provenance and old != meta.provenance and not meta.version_notes:
        ctx.emit(spec, "version-notes", pointer="/dcat/version_notes")


def _previous_summary(ctx: Context) -> dict[str, object]:
    """The governance summary of the previous run (see :func:`stadtdaten.quality.governance.summarize`)."""
    previous = ctx.previous or {}
    if isinstance(previous.get("result"), dict):  # the validate pipeline passes the stored DatasetResult under "result"
        previous = previous["result"]
    if "governance_summary" in previous and isinstance(previous["governance_summary"], dict):
        return dict(previous["governance_summary"])
    extras = previous.get("extras") if isinstance(previous.get("extras"), dict) else None
    if extras and isinstance(extras.get("governance_summary"), dict):
        return dict(extras["governance_summary"])
    return dict(previous) if "resources" in previous and "provenance" in previous else {}


@implements("DS-TRANS-005")
def completeness(ctx: Context, spec: RuleSpec) -> None:
    meta = ctx.meta
    mandatory: tuple[tuple[str, object, str], ...] = (
        ("title", meta.title, "/title"),
        ("description", meta.description, "/description"),
        ("publisher", meta.publisher, "/dcat/publisher"),
    )
    for prop, value, pointer in mandatory:
        if not value:
            ctx.emit(spec, pointer=pointer, params={"property": prop})
    recommended: tuple[tuple[str, object, str], ...] = (
        ("keywords", meta.keywords, "/keywords"),
        ("themes", meta.themes, "/dcat/themes"),
        ("contact_point", meta.contact_point, "/dcat/contact_point"),
        ("spatial", meta.spatial, "/dcat/spatial"),
        ("temporal", meta.temporal, "/dcat/temporal"),
        ("distribution", ctx.dataset.resources, "/resources"),
    )
    for prop, value, pointer in recommended:
        if not value:
            ctx.emit(spec, "recommended", pointer=pointer, params={"property": prop})


@implements("DS-TRANS-006")
def geocoding(ctx: Context, spec: RuleSpec) -> None:
    spatial = ctx.meta.spatial
    expected_key = f"http://dcat-ap.de/def/politicalGeocoding/municipalityKey/{ctx.config.geocoding}"
    expected_level = f"http://dcat-ap.de/def/politicalGeocoding/Level/{ctx.config.geocoding_level}"
    if spatial is None or not spatial.geocoding:
        ctx.emit(spec, pointer="/dcat/spatial/geocoding", params={"property": "politicalGeocodingURI", "expected": expected_key})
    if spatial is None or not spatial.level:
        ctx.emit(
            spec, pointer="/dcat/spatial/level", params={"property": "politicalGeocodingLevelURI", "expected": expected_level}
        )


YEAR_IN_TITLE = re.compile(r"\b(19|20)\d{2}\b")


@implements("DS-TRANS-007")
def vocabularies(ctx: Context, spec: RuleSpec) -> None:
    for index, theme in enumerate(ctx.meta.themes):
        code = theme.rstrip("/").rsplit("/", 1)[-1].upper()
        if code not in EU_THEMES:
            ctx.emit(spec, pointer=f"/dcat/themes/{index}", params={"theme": theme})
    for resource in ctx.dataset.resources:
        fmt = resource.format
        if fmt and fmt.lower().rsplit("/", 1)[-1] not in EU_FILE_TYPES:
            ctx.emit(spec, "format", resource=resource, params={"format": fmt})
    title = ctx.meta.title or ""
    found = YEAR_IN_TITLE.search(title)
    place = ctx.config.geocoding_label
    if found:
        ctx.emit(spec, "title", pointer="/title", params={"value": found.group(0)})
    elif place and re.search(rf"\b{re.escape(place)}\b", title):
        ctx.emit(spec, "title", pointer="/title", params={"value": place})


@implements("DS-TRANS-008")
def freshness(ctx: Context, spec: RuleSpec) -> None:
    meta = ctx.meta
    periodicity = (meta.accrual_periodicity or "").rstrip("/").rsplit("/", 1)[-1].upper()
    if not periodicity:
        ctx.emit(spec, pointer="/dcat/accrual_periodicity")
        return
    if periodicity not in EU_FREQUENCIES:
        ctx.emit(spec, "unknown", pointer="/dcat/accrual_periodicity", params={"value": meta.accrual_periodicity})
        return
    tolerance = ctx.rules.options(spec).get("tolerance_days", {}).get(periodicity)
    if tolerance is None:
        return
    if meta.modified is None:
        ctx.emit(spec, "no-modified", pointer="/dcat/modified")
        return
    age = (ctx.today - meta.modified).days
    if age > int(tolerance):
        ctx.emit(
            spec,
            "stale",
            pointer="/dcat/modified",
            params={"modified": meta.modified.isoformat(), "age": age, "periodicity": periodicity, "max_age": tolerance},
        )


@implements("DS-TRANS-009")
def temporal(ctx: Context, spec: RuleSpec) -> None:
    raw = ctx.dataset.descriptor.get("dcat", {}).get("temporal") if isinstance(ctx.dataset.descriptor.get("dcat"), dict) else None
    temporal_meta = ctx.meta.temporal
    if raw is not None and (temporal_meta is None or (temporal_meta.start is None and temporal_meta.end is None)):
        ctx.emit(spec, pointer="/dcat/temporal")
        return
    if temporal_meta is None:
        return
    start, end = temporal_meta.start, temporal_meta.end
    for resource in ctx.dataset.resources:
        frame = ctx.table(resource)
        if frame is None:
            continue
        for name in ctx.data_columns(frame):
            series = frame[name]
            if isinstance(series.dtype, pl.Datetime):
                series = series.dt.date()
            if series.dtype != pl.Date or series.null_count() == series.len():
                continue
            low, high = series.min(), series.max()
            assert isinstance(low, date) and isinstance(high, date)
            if (start and low < start) or (end and high > end):
                ctx.emit(
                    spec,
                    "outside",
                    resource=resource,
                    field=name,
                    params={
                        "min": low.isoformat(),
                        "max": high.isoformat(),
                        "start": start.isoformat() if start else "…",
                        "end": end.isoformat() if end else "…",
                    },
                )


@implements("DS-PART-001")
def feedback(ctx: Context, spec: RuleSpec) -> None:
    contact = ctx.meta.contact_point or ctx.meta.governance.feedback
    if contact is None or not (contact.email or contact.url):
        ctx.emit(spec, pointer="/dcat/contact_point")


ASPECTS = (
    (
        "wer / who",
        re.compile(
            r"(?i)(amt\b|ämter|\bstadt|verwaltung|betrieb|statistikstelle|stadtwerke|polizei|behörde|büro\b|\bwir\b|universität|"
            r"institut|initiative|verein\b|unternehmen|firma|gmbh|agency|office|\bcity\b)"
        ),
    ),
    (
        "wann / when",
        re.compile(
            r"(?i)\b((19|20)\d{2}|täglich|wöchentlich|monatlich|jährlich|jahr(e|en|es)?|monat(e|en|s)?|woche(n)?|stündlich|quartal\w*|"
            r"seit|stand|stichtag|zeitraum|laufend|regelmäßig|aktualisiert|daily|weekly|monthly|yearly|annual\w*|since)\b"
        ),
    ),
    (
        "wie / how",
        re.compile(
            r"(?i)\b(erhoben|erhebt|erhebung|gemessen|misst|messung|messstation|zählt|gezählt|zählung|erfasst|erfassung|"
            r"sensor\w*|befragung|befragt|register|kataster|meldung\w*|stammen|stammt|quelle|auswertung|ausgewertet|"
            r"luftbild\w*|vermessung|kartiert|measured|counted|collected|surveyed)\b"
        ),
    ),
)
"""Heuristic word lists: does the description say who collects the data, when and how (DS-PART-002)."""


@implements("DS-PART-002")
def plain_language(ctx: Context, spec: RuleSpec) -> None:
    options = ctx.rules.options(spec)
    text = (ctx.meta.description or "").strip()
    if not text:
        return  # DS-TRANS-005 reports the missing description
    title = (ctx.meta.title or "").strip()
    if title and text.lower().rstrip(".") == title.lower().rstrip("."):
        ctx.emit(spec, "title", pointer="/description")
        return
    min_length = int(options.get("min_length", 200))
    if len(text) < min_length:
        ctx.emit(spec, pointer="/description", params={"length": len(text), "min_length": min_length})
    missing = [label for label, pattern in ASPECTS if not pattern.search(text)]
    if missing:
        ctx.emit(spec, "aspects", pointer="/description", params={"missing": ", ".join(missing)})
    score = amstad(text)
    min_score = float(options.get("min_readability", 50))
    if score is not None and score < min_score:
        ctx.emit(spec, "readability", pointer="/description", params={"score": score, "min_score": min_score})


@implements("DS-PART-003")
def column_descriptions(ctx: Context, spec: RuleSpec) -> None:
    for resource in ctx.dataset.resources:
        for field_def in ctx.fields(resource):
            name = str(field_def["name"])
            description = str(field_def.get("description") or "")
            if not field_def.get("title") and not description:
                ctx.emit(spec, resource=resource, field=name)
            elif description and looks_english(description):
                ctx.emit(spec, "english", resource=resource, field=name)


@implements("DS-PART-004")
def citizen_contributions(ctx: Context, spec: RuleSpec) -> None:
    origin = ctx.meta.originator
    if not _citizen(origin):
        return
    assert origin is not None
    gov = ctx.meta.governance
    if not gov.agreement_reference:
        ctx.emit(spec, pointer="/governance/agreement_reference", params={"originator": origin.name})
    if not gov.source_license:
        ctx.emit(spec, "license", pointer="/governance/source_license", params={"originator": origin.name})


@implements("DS-ETH-003")
def trade_secrets(ctx: Context, spec: RuleSpec) -> None:
    origin = ctx.meta.originator
    if origin is None or (origin.type or "").lower() != "company":
        return
    review = ctx.meta.governance.trade_secret_review
    if not review or not review.get("date"):
        ctx.emit(spec, pointer="/governance/trade_secret_review", params={"originator": origin.name})


GEO_FORMATS = {"geojson", "gml", "kml", "kmz", "gpkg", "shp", "wfs"}
COORDINATE_NAMES = re.compile(
    r"(?i)^(lat|lon|lng|latitude|longitude|breite|laenge|länge|rechtswert|hochwert|easting|northing|x|y|geometry|geom|koordinate.*|wkt)$"
)


def has_locations(ctx: Context) -> bool:
    for resource in ctx.dataset.resources:
        if resource.format in GEO_FORMATS:
            return True
        for field_def in ctx.fields(resource):
            if field_def.get("type") in ("geopoint", "geojson") or COORDINATE_NAMES.match(str(field_def["name"])):
                return True
        frame = ctx.table(resource)
        if frame is not None and any(COORDINATE_NAMES.match(c) for c in frame.columns):
            return True
    return False


@implements("DS-SEC-002")
def security_review(ctx: Context, spec: RuleSpec) -> None:
    meta = ctx.meta
    text = " ".join([meta.title or "", meta.description or "", *meta.keywords])
    found = CRITICAL.search(text)
    if not found or not has_locations(ctx):
        return
    review = meta.governance.security_review or {}
    if not (review.get("date") and review.get("reviewer")):
        ctx.emit(spec, pointer="/governance/security_review", params={"keyword": found.group(0)})


@implements("DS-SEC-003")
def transport(ctx: Context, spec: RuleSpec) -> None:
    for resource in ctx.dataset.resources:
        path = resource.path or ""
        if path.lower().startswith("http://"):
            ctx.emit(spec, resource=resource, params={"url": path})
        if not resource.descriptor.get("hash") and "data" not in resource.descriptor:
            ctx.emit(spec, "checksum", resource=resource)
