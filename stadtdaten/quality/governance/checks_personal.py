"""Datenschutz, Datensicherheit and Datenethik on the data: DS-PRIV-001..005, DS-SEC-001, DS-ETH-001.

Every text column is scanned once (:func:`scan`); the rules read the cached hits.
"""

from __future__ import annotations

import re
from typing import Any

import polars as pl

from stadtdaten.core.dataset import Resource
from stadtdaten.core.findings import Severity
from stadtdaten.quality.governance.context import Context
from stadtdaten.quality.governance.registry import implements
from stadtdaten.quality.personal import detectors as det
from stadtdaten.quality.personal import dictionary as dic
from stadtdaten.quality.personal.masking import mask
from stadtdaten.quality.personal.quasi import detect_roles
from stadtdaten.quality.rules import RuleSpec

PERSONAL_RDF = re.compile(
    r"schema\.org/(email|telephone|givenName|familyName|birthDate|address|taxID|vatID|name)$|foaf/0\.1/(name|mbox|phone)", re.I
)
LABELS = {
    "name": "Name",
    "birth date": "Geburtsdatum / birth date",
    "address": "Anschrift / address",
    "e-mail": "E-Mail",
    "phone": "Telefon / phone",
    "bank data": "Bankdaten / bank data",
    "official id": "Ausweis- oder Steuernummer / official id",
    "vehicle plate": "Kfz-Kennzeichen / vehicle plate",
    "IP address": "IP-Adresse / IP address",
    "photo": "Foto / photo",
    "property owner": "Eigentümer / property owner",
    "declared": "deklariert / declared",
    "device identifier": "Gerätekennung / device identifier",
    "MAC address": "MAC-Adresse / MAC address",
    "DevEUI / EUI-64": "DevEUI / EUI-64",
    "health": "Gesundheit / health",
    "religion": "Religion",
    "ethnic origin": "ethnische Herkunft / ethnic origin",
    "political opinion": "politische Meinung / political opinion",
    "trade-union membership": "Gewerkschaft / trade-union membership",
    "genetic or biometric data": "genetische oder biometrische Daten / genetic or biometric data",
    "sexual orientation": "sexuelle Orientierung / sexual orientation",
    "criminal convictions": "Straftaten / criminal convictions",
    "date": "Datum / date",
    "time": "Uhrzeit / time",
    "person": "Personenmerkmal / person attribute",
}
"""Parameter values appear in both languages: a stored report renders in German or English later."""


def label(key: str) -> str:
    return LABELS.get(key, key)


HINTS = {
    "e-mail": "email",
    "phone": "phone",
    "bank data": "iban",
    "official id": "tax-id",
    "vehicle plate": "plate",
    "IP address": "ip",
}


def _scan_key(resource: Resource) -> str:
    return f"scan:{resource.name}"


def scan(ctx: Context, resource: Resource, frame: pl.DataFrame) -> dict[str, list[det.Hit]]:
    """Detector hits per column, computed once per resource and shared by the rules."""
    cache: dict[str, Any] = ctx.__dict__.setdefault("_cache", {})
    key = _scan_key(resource)
    if key in cache:
        return dict(cache[key])
    hits: dict[str, list[det.Hit]] = {}
    for name in ctx.data_columns(frame):
        series = frame[name]
        kind = dic.personal_kind(name)
        hints = frozenset({HINTS[kind.kind]} if kind and kind.kind in HINTS else set())
        found = det.scan_strings(series, hints=hints) + det.scan_integers(series)
        birth = det.scan_birth_dates(series, name, ctx.today)
        if birth:
            found.append(birth)
        if found:
            hits[name] = found
    cache[key] = hits
    return hits


def _tabular(ctx: Context) -> list[tuple[Resource, pl.DataFrame]]:
    return [(r, f) for r in ctx.dataset.resources if (f := ctx.table(r)) is not None]


def _aggregate(ctx: Context, resource: Resource) -> bool:
    """A table of counts is aggregate data, not record-level data."""
    from stadtdaten.quality.confidentiality import count_fields

    spec = ctx.rules.get("DS-PRIV-010")
    units = spec.options.get("count_units", []) if spec else []
    return bool(count_fields(ctx.fields(resource), units))


@implements("DS-PRIV-001")
def personal_columns(ctx: Context, spec: RuleSpec) -> None:
    for resource, frame in _tabular(ctx):
        hits = scan(ctx, resource, frame)
        for name in ctx.data_columns(frame):
            declared = ctx.field(resource, name)
            is_declared = declared.get("personal") is True or bool(PERSONAL_RDF.search(str(declared.get("rdfType", ""))))
            kind = dic.personal_kind(name)
            if is_declared:
                ctx.emit(spec, resource=resource, field=name, params={"kind": label("declared")})
                continue
            if kind is None or dic.device_kind(name):
                continue
            confirmed = [h for h in hits.get(name, []) if h.detector == kind.detector]
            if kind.kind == "name" and not kind.strong:
                continue  # plain "name" / "*By": the person-name detector (DS-PRIV-002) decides
            if kind.strong or confirmed:
                index = confirmed[0].first_index if confirmed else None
                ctx.emit(
                    spec,
                    resource=resource,
                    field=name,
                    frame=frame,
                    index=index,
                    params={"kind": label(kind.kind)},
                    samples=confirmed[0].samples if confirmed else [],
                )
                ctx.__dict__.setdefault("_reported", set()).add((resource.name, name, kind.detector))
            elif frame[name].null_count() < frame.height:
                ctx.emit(spec, "weak", resource=resource, field=name, params={"kind": label(kind.kind)})


@implements("DS-PRIV-002")
def personal_values(ctx: Context, spec: RuleSpec) -> None:
    ratio = float(ctx.rules.options(spec).get("error_ratio", 0.01))
    reported = ctx.__dict__.get("_reported", set())
    for resource, frame in _tabular(ctx):
        for name, hits in scan(ctx, resource, frame).items():
            for hit in hits:
                if not hit.rule.startswith("DS-PRIV-002") or (resource.name, name, hit.detector) in reported:
                    continue
                variant = hit.rule.partition(".")[2] or None
                severity = Severity.ERROR if hit.ratio >= ratio and hit.ratio > 0 else Severity.WARNING
                ctx.emit(
                    spec,
                    variant,
                    resource=resource,
                    field=name,
                    frame=frame,
                    index=hit.first_index,
                    params={"count": hit.count, "total": hit.total},
                    samples=hit.samples,
                    severity=severity,
                )
        for name in ctx.data_columns(frame):
            if dic.matches(name, dic.FREE_TEXT) and frame[name].dtype == pl.String:
                total = frame.height - frame[name].null_count()
                if total:
                    ctx.emit(spec, "free-text", resource=resource, field=name, params={"total": total})


@implements("DS-PRIV-003")
def quasi_identifiers(ctx: Context, spec: RuleSpec) -> None:
    for resource, frame in _tabular(ctx):
        if _aggregate(ctx, resource):
            continue
        roles = detect_roles(frame)
        if not roles.person:
            continue
        if roles.address() and (roles.time or roles.date):
            columns = [*roles.street, *roles.house, *roles.date, *roles.time, *roles.person]
            names = [
                n for n, present in (("address", True), ("date", roles.date), ("time", roles.time), ("person", True)) if present
            ]
            ctx.emit(
                spec, resource=resource, params={"columns": ", ".join(columns), "roles": " + ".join(label(n) for n in names)}
            )
        elif roles.coordinates and roles.traits:
            ctx.emit(
                spec,
                "coordinates",
                resource=resource,
                params={"columns": ", ".join(roles.coordinates), "roles": ", ".join(roles.person)},
            )


@implements("DS-PRIV-004")
def special_categories(ctx: Context, spec: RuleSpec) -> None:
    for resource, frame in _tabular(ctx):
        aggregate = _aggregate(ctx, resource)
        for name in ctx.data_columns(frame):
            series = frame[name]
            if series.null_count() == series.len():
                continue
            category = dic.special_category(name)
            if category and not aggregate:
                ctx.emit(spec, resource=resource, field=name, params={"category": label(category)})
                continue
            review = dic.special_category(name, review=True)
            samples: list[str] = []
            if not review and series.dtype == pl.String and dic.matches(name, dic.FREE_TEXT):
                matched = series.drop_nulls().unique().filter(series.drop_nulls().unique().str.contains(dic.HEALTH_VALUE_PATTERN))
                if matched.len():
                    review = "health"
                    samples = [str(v) for v in matched.head(3).to_list()]
            if review and not aggregate:
                ctx.emit(
                    spec,
                    "review",
                    resource=resource,
                    field=name,
                    params={"category": label(review), "samples": ", ".join(samples) or name},
                    samples=samples,
                )


_METADATA_NAME_POINTERS = (
    ("/dcat/publisher/name", ("dcat", "publisher", "name")),
    ("/dcat/maintainer/name", ("dcat", "maintainer", "name")),
    ("/dcat/creator/name", ("dcat", "creator", "name")),
    ("/dcat/originator/name", ("dcat", "originator", "name")),
    ("/dcat/contact_point/name", ("dcat", "contact_point", "name")),
)


def _walk(value: Any, pointer: str = "") -> list[tuple[str, str]]:
    if isinstance(value, dict):
        return [item for k, v in value.items() for item in _walk(v, f"{pointer}/{k}")]
    if isinstance(value, list):
        return [item for i, v in enumerate(value) for item in _walk(v, f"{pointer}/{i}")]
    return [(pointer, value)] if isinstance(value, str) else []


def _metadata_strings(ctx: Context) -> list[tuple[str, str]]:
    descriptor = {k: v for k, v in ctx.dataset.descriptor.items() if k != "resources"}
    strings = _walk(descriptor)
    for index, resource in enumerate(ctx.dataset.resources):
        for pointer, value in _walk({k: v for k, v in resource.descriptor.items() if k not in ("data",)}):
            strings.append((f"/resources/{index}{pointer}", value))
    return strings


@implements("DS-PRIV-005")
def personal_metadata(ctx: Context, spec: RuleSpec) -> None:
    for pointer, value in _metadata_strings(ctx):
        if "/schema/" in pointer:
            continue
        if "@" in value and det.EMAIL_IN_TEXT.search(value) and det._email_personal(value, False):
            address = det.EMAIL_IN_TEXT.search(value)
            assert address is not None
            ctx.emit(spec, pointer=pointer, params={"value": mask(address.group(0), "email")})
    names: list[tuple[str, str]] = []
    for index, person in enumerate(ctx.dataset.descriptor.get("contributors") or []):
        if isinstance(person, dict) and isinstance(person.get("title") or person.get("name"), str):
            names.append((f"/contributors/{index}/title", str(person.get("title") or person.get("name"))))
    for pointer, path in _METADATA_NAME_POINTERS:
        node: Any = ctx.dataset.descriptor
        for part in path:
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, str):
            names.append((pointer, node))
    for pointer, name in names:
        if det._person_name(name.strip(), False):
            ctx.emit(spec, "name", pointer=pointer, params={"value": mask(name, "person-name")})
    description = ctx.meta.description or ""
    for match in re.finditer(r"\b([A-ZÄÖÜ][a-zäöüß]+) ([A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?)\b", description):
        if det._person_name(match.group(0), False):
            ctx.emit(spec, "name", pointer="/description", params={"value": mask(match.group(0), "person-name")})
            break


@implements("DS-SEC-001")
def secrets(ctx: Context, spec: RuleSpec) -> None:
    for resource, frame in _tabular(ctx):
        for name in ctx.data_columns(frame):
            if dic.matches(name, dic.SECRET) and frame[name].null_count() < frame.height:
                ctx.emit(spec, "column", resource=resource, field=name, params={"kind": dic.normalise(name)})
        for name, hits in scan(ctx, resource, frame).items():
            for hit in hits:
                if hit.detector == "token":
                    kind = det.token_kind(hit.matched[0]) if hit.matched else "token"
                    ctx.emit(
                        spec,
                        resource=resource,
                        field=name,
                        frame=frame,
                        index=hit.first_index,
                        params={"count": hit.count, "kind": kind},
                        samples=hit.samples,
                    )
                elif hit.detector == "private-ip":
                    ctx.emit(
                        spec,
                        "private-ip",
                        resource=resource,
                        field=name,
                        frame=frame,
                        index=hit.first_index,
                        params={"count": hit.count},
                        samples=hit.samples,
                    )
                elif hit.detector == "path":
                    ctx.emit(
                        spec,
                        "path",
                        resource=resource,
                        field=name,
                        frame=frame,
                        index=hit.first_index,
                        params={"count": hit.count, "kind": "path/host"},
                        samples=hit.samples,
                    )
    for pointer, value in _metadata_strings(ctx):
        for kind, pattern in det.KNOWN_TOKENS:
            found = re.search(pattern.strip("^$").replace("$|^", "|"), value)
            if found and " " in value:
                ctx.emit(spec, "metadata", pointer=pointer, params={"kind": kind}, samples=[mask(found.group(0), "token")])
                break
    single = pl.Series([v for _, v in _metadata_strings(ctx)], dtype=pl.String)
    pointers = [p for p, _ in _metadata_strings(ctx)]
    if single.len():
        for hit in det.scan_strings(single, only=frozenset({"token", "private-ip", "path"})):
            value = hit.matched[0] if hit.matched else ""
            kind = det.token_kind(value) if hit.detector == "token" else hit.detector
            ctx.emit(spec, "metadata", pointer=pointers[hit.first_index], params={"kind": label(kind)}, samples=hit.samples)


MOBILITY_WORDS = re.compile(
    r"(?i)passant|fußgänger|fussgaenger|fahrrad|radverkehr|verkehr|parken|parkhaus|parkplatz|pendler|fahrgast|fahrgäste|"
    r"besucher|personenzähl|personenzaehl|zählung|zaehlung|mobilit|pedestrian|footfall|people.count|traffic|occupancy|wlan|bluetooth"
)


@implements("DS-ETH-001")
def behaviour_data(ctx: Context, spec: RuleSpec) -> None:
    for resource, frame in _tabular(ctx):
        hits = scan(ctx, resource, frame)
        for name in ctx.data_columns(frame):
            device_hits = [h for h in hits.get(name, []) if h.detector in ("mac", "eui")]
            if dic.device_kind(name) and frame[name].null_count() < frame.height:
                sample = (
                    device_hits[0].samples
                    if device_hits
                    else [mask(v, "eui") for v in frame[name].drop_nulls().head(2).cast(pl.String).to_list()]
                )
                ctx.emit(spec, resource=resource, field=name, params={"kind": label("device identifier")}, samples=sample)
            elif device_hits:
                hit = device_hits[0]
                kind = "MAC address" if hit.detector == "mac" else "DevEUI / EUI-64"
                ctx.emit(
                    spec,
                    resource=resource,
                    field=name,
                    frame=frame,
                    index=hit.first_index,
                    params={"kind": label(kind)},
                    samples=hit.samples,
                )
        _aggregation(ctx, spec, resource, frame)


def _aggregation(ctx: Context, spec: RuleSpec, resource: Resource, frame: pl.DataFrame) -> None:
    meta = ctx.meta
    text = " ".join([meta.title or "", meta.description or "", *meta.keywords, resource.title or ""])
    if not (MOBILITY_WORDS.search(text) or "TRAN" in meta.themes):
        return
    minimum = int(ctx.rules.options(spec).get("min_interval_minutes", 15))
    for name in ctx.data_columns(frame):
        series = frame[name]
        if not isinstance(series.dtype, pl.Datetime):
            continue
        steps = series.drop_nulls().unique().sort().diff().drop_nulls()
        if steps.len() < 2:
            continue
        median = steps.median()
        minutes = median.total_seconds() / 60 if hasattr(median, "total_seconds") else None  # type: ignore[union-attr]
        if minutes is not None and 0 < minutes < minimum:
            ctx.emit(
                spec, "aggregation", resource=resource, field=name, params={"interval": round(minutes, 1), "minimum": minimum}
            )
            return
