"""From a stadtdaten dataset to the CKAN fields ckanext-dcat (``euro_dcat_ap_3``, scheming) exports.

The field names are those the scheming-aware DCAT profiles read (see scripts/ckan-stack/
dcat_ap_de_schema.yaml and docs/dcat-ap-de.md §11): licence IRIs in ``license_id`` (the portal's licence
register uses the dcat-ap.de IRIs as ids, like GovData's), EU file-type IRIs in ``resource.format``,
EU theme/frequency/language IRIs, the political geocoding IRI in ``spatial_coverage`` and
``politicalGeocodingURI``, contact and publisher as scheming sub-field lists.

Everything here is a pure function of the dataset and the config: same input, same dicts, same hashes.
That determinism is what lets a re-publish of unchanged data make no write call.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stadtdaten.core.config import ProjectConfig
from stadtdaten.core.dataset import Dataset, Resource, slugify

EU = "http://publications.europa.eu/resource/authority/"
FALLBACK_FILE_TYPES = {
    "csv": "CSV",
    "tsv": "TSV",
    "txt": "TXT",
    "json": "JSON",
    "geojson": "GEOJSON",
    "ndjson": "JSON",
    "jsonl": "JSON",
    "xlsx": "XLSX",
    "xls": "XLS",
    "parquet": "PARQUET",
    "html": "HTML",
    "pdf": "PDF",
    "xml": "XML",
    "zip": "ZIP",
    "ttl": "RDF_TURTLE",
    "rdf": "RDF_XML",
    "jsonld": "JSON_LD",
}
FALLBACK_MEDIA_TYPES = {
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "txt": "text/plain",
    "json": "application/json",
    "geojson": "application/geo+json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
    "html": "text/html",
    "pdf": "application/pdf",
    "xml": "application/xml",
    "zip": "application/zip",
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
}
SHA256_ALGORITHM = "http://spdx.org/rdf/terms#checksumAlgorithm_sha256"
MANAGED_PREFIX = "stadtdaten_"


# -- vocabularies: stadtdaten.dcat.vocab when present, a small table otherwise ------------------------


def _vocab(function: str, value: str) -> str | None:
    try:
        from stadtdaten.dcat import vocab
    except ImportError:
        return None
    fn = getattr(vocab, function, None)
    if fn is None:
        return None
    try:
        return str(fn(value))
    except Exception:  # an unknown code: the fallback below decides
        return None


def license_iri(license_id: str) -> str:
    iri = _vocab("license_iri", license_id)
    if iri:
        return iri
    if license_id.startswith("http"):
        return license_id.rstrip("/")
    return "http://dcat-ap.de/def/licenses/" + license_id


def file_type_iri(fmt: str) -> str:
    iri = _vocab("file_type_iri", fmt)
    if iri:
        return iri
    if fmt.startswith("http"):
        return fmt
    return EU + "file-type/" + FALLBACK_FILE_TYPES.get(fmt.lower(), fmt.upper())


def media_type(fmt: str) -> str:
    value = _vocab("media_type", fmt)
    if value:
        return value
    return "https://www.iana.org/assignments/media-types/" + FALLBACK_MEDIA_TYPES.get(fmt.lower(), "application/octet-stream")


def theme_iri(code: str) -> str:
    return _vocab("theme_iri", code) or (code if code.startswith("http") else EU + "data-theme/" + code.upper())


def frequency_iri(code: str) -> str:
    return _vocab("frequency_iri", code) or (code if code.startswith("http") else EU + "frequency/" + code.upper())


def language_iri(code: str) -> str:
    value = _vocab("language_iri", code)
    if value:
        return value
    if code.startswith("http"):
        return code
    return EU + "language/" + {"de": "DEU", "en": "ENG"}.get(code.lower(), code.upper())


def access_rights_iri(code: str) -> str:
    return _vocab("access_rights_iri", code) or (code if code.startswith("http") else EU + "access-right/" + code.upper())


def availability_iri(code: str) -> str:
    return _vocab("availability_iri", code) or (
        code if code.startswith("http") else EU + "planned-availability/" + code.upper()
    )


def publisher_type_iri(code: str) -> str:
    if code.startswith("http"):
        return code
    return _vocab("publisher_type_iri", code) or "http://purl.org/adms/publishertype/" + code


def geocoding_iri(key: str, level: str | None) -> str:
    value = _vocab("geocoding_iri", key) if level in (None, "municipality") else None
    if value:
        return value
    if key.startswith("http"):
        return key
    kind = {8: "municipalityKey", 12: "regionalKey", 9: "municipalAssociationKey", 5: "districtKey", 2: "stateKey"}.get(
        len(key), "municipalityKey"
    )
    return f"http://dcat-ap.de/def/politicalGeocoding/{kind}/{key}"


def geocoding_level_iri(level: str) -> str:
    return _vocab("geocoding_level_iri", level) or (
        level if level.startswith("http") else "http://dcat-ap.de/def/politicalGeocoding/Level/" + level
    )


# -- the desired state ------------------------------------------------------------------------------


@dataclass
class DesiredResource:
    """One resource as it should be on CKAN; ``key`` is our stable identity for it (never the CKAN id)."""

    key: str
    fields: dict[str, Any]
    file: Path | None = None
    """A local file to upload, or None (link or nothing)."""
    file_hash: str | None = None
    """Hex sha256 of the file: equals CKAN's ``hash`` when the uploaded file is current."""
    datastore: dict[str, Any] | None = None
    """``{"fields": [...], "resource": Resource}`` when a DataStore table belongs to it."""
    content: bytes | None = None
    """Generated content (the validation reports), uploaded from memory via a temporary file."""

    @property
    def hash(self) -> str:
        return str(self.fields["stadtdaten_hash"])


@dataclass
class DesiredDataset:
    name: str
    organization: str
    fields: dict[str, Any]
    resources: list[DesiredResource] = field(default_factory=list)

    @property
    def hash(self) -> str:
        """Covers every dataset field and every resource: equal hash, nothing to do."""
        payload = {
            "fields": self.fields,
            "resources": [(r.key, r.hash, (r.datastore or {}).get("hash")) for r in self.resources],
        }
        return "sha256:" + hashlib.sha256(_canonical(payload).encode()).hexdigest()


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))


def digest(value: Any) -> str:
    return "sha256:" + hashlib.sha256(_canonical(value).encode()).hexdigest()


_TAG_BAD = re.compile(r"[^\w \-.]", re.UNICODE)


def tag_name(keyword: str) -> str | None:
    """CKAN tag names allow letters (umlauts too), digits, space, ``-_.``; 2-100 characters."""
    text = _TAG_BAD.sub(" ", keyword).strip()
    text = re.sub(r"\s+", " ", text)[:100]
    return text if len(text) >= 2 else None


def ckan_name(text: str) -> str:
    """CKAN dataset/organisation names: lower-case ``a-z0-9-_``, 2-100 characters."""
    name = slugify(text)[:100]
    return name if len(name) >= 2 else f"{name}-x"


def dataset_fields(dataset: Dataset, config: ProjectConfig, owner: str) -> dict[str, Any]:
    """The CKAN dataset fields (first-level scheming fields) for ``dataset``; empty values left out."""
    meta = dataset.metadata
    fields: dict[str, Any] = {
        "title": meta.title or dataset.name,
        "notes": meta.description or meta.title or dataset.name,
        "stadtdaten_owner": owner,
    }
    tags = []
    for keyword in meta.keywords:
        tag = tag_name(keyword)
        if tag and tag not in tags:
            tags.append(tag)
    if tags:
        fields["tags"] = [{"name": t} for t in tags]
    if meta.license and meta.license.iri:
        fields["license_id"] = license_iri(meta.license.id or meta.license.iri)
    landing = meta.landing_page or meta.homepage
    if landing:
        fields["url"] = landing
    if meta.version:
        fields["version"] = meta.version
    if meta.version_notes:
        fields["version_notes"] = meta.version_notes
    if config.base_uri:
        fields["identifier"] = config.base_uri.rstrip("/") + "/dataset/" + dataset.name
    if meta.issued:
        fields["issued"] = meta.issued.isoformat()
    if meta.modified:
        fields["modified"] = meta.modified.isoformat()
    if meta.accrual_periodicity:
        fields["frequency"] = frequency_iri(meta.accrual_periodicity)
    if meta.provenance:
        fields["provenance"] = meta.provenance
    fields["access_rights"] = access_rights_iri(meta.access_rights or "PUBLIC")
    if meta.themes:
        fields["theme"] = [theme_iri(t) for t in meta.themes]
    fields["language"] = [language_iri(code) for code in meta.language]
    if meta.conforms_to:
        fields["conforms_to"] = list(meta.conforms_to)
    if meta.applicable_legislation:
        fields["applicable_legislation"] = list(meta.applicable_legislation)
    if meta.hvd_category:
        fields["hvd_category"] = [meta.hvd_category]
    contact = meta.contact_point or _contact_from(config.contact_point)
    if contact:
        fields["contact"] = [_drop_empty({"name": contact.name, "email": contact.email, "url": contact.url})]
    publisher = meta.publisher
    pub = (
        {"name": publisher.name, "uri": publisher.uri, "email": publisher.email, "url": publisher.url, "type": publisher.type}
        if publisher
        else dict(config.publisher)
    )
    if pub.get("name"):
        if pub.get("type"):
            pub["type"] = publisher_type_iri(str(pub["type"]))
        fields["publisher"] = [_drop_empty({k: pub.get(k) for k in ("uri", "name", "email", "url", "type")})]
    if meta.creator:
        fields["creator"] = [_drop_empty({"name": meta.creator.name, "uri": meta.creator.uri, "email": meta.creator.email})]
    if meta.temporal and (meta.temporal.start or meta.temporal.end):
        fields["temporal_coverage"] = [
            _drop_empty(
                {
                    "start": meta.temporal.start.isoformat() if meta.temporal.start else None,
                    "end": meta.temporal.end.isoformat() if meta.temporal.end else None,
                }
            )
        ]
    spatial = meta.spatial
    key = (spatial.geocoding if spatial else None) or config.geocoding
    level = (spatial.level if spatial else None) or config.geocoding_level
    label = (spatial.label if spatial else None) or config.geocoding_label
    if key:
        geo_iri = geocoding_iri(key, level)
        place: dict[str, Any] = {"uri": geo_iri, "text": label}
        if spatial and spatial.bbox:
            west, south, east, north = spatial.bbox
            polygon = {
                "type": "Polygon",
                "coordinates": [[[west, south], [east, south], [east, north], [west, north], [west, south]]],
            }
            place["bbox"] = json.dumps(polygon, separators=(",", ":"))
        fields["spatial_coverage"] = [_drop_empty(place)]
        fields["politicalGeocodingURI"] = geo_iri
        if level:
            fields["politicalGeocodingLevelURI"] = geocoding_level_iri(level)
    attribution = meta.license_attribution
    if attribution is None and fields.get("license_id") and _requires_attribution(str(fields["license_id"])):
        attribution = str(pub.get("name") or "") or None
    if attribution:
        fields["licenseAttributionByText"] = attribution
    return fields


def _requires_attribution(iri: str) -> bool:
    try:
        from stadtdaten.dcat import vocab

        return bool(vocab.requires_attribution(iri))
    except Exception:
        return "/cc-zero" not in iri and "zero" not in iri.rsplit("/", 2)[-2]


def rights_text(license_value: str, attribution: str | None) -> str:
    """The distribution's rights statement, worded like our own DCAT record (dct:rights)."""
    label = None
    try:
        from stadtdaten.dcat import vocab

        label = vocab.label(license_value, "de")
    except Exception:
        label = None
    text = f"Nutzung nach {label or license_value} ({license_value})"
    return text + (f"; Namensnennung: {attribution}" if attribution else "")


def _contact_from(value: dict[str, Any]) -> Any:
    from stadtdaten.core.metadata import Contact

    return Contact.parse(value) if value else None


def _drop_empty(value: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in value.items() if v not in (None, "", [], {})}


def resource_fields(
    resource: Resource, dataset: Dataset, license_value: str | None, attribution: str | None = None
) -> DesiredResource:
    """One data resource: upload when it is a local file, a link when it is remote."""
    fmt = resource.format or "bin"
    fields: dict[str, Any] = {
        "name": resource.title or resource.name,
        "format": file_type_iri(fmt),
        "mimetype": media_type(fmt),
        "stadtdaten_key": "data:" + resource.name,
        "stadtdaten_role": "data",
    }
    description = resource.descriptor.get("description")
    if description:
        fields["description"] = str(description)
    if license_value:
        fields["license"] = license_value
        fields["rights"] = rights_text(license_value, attribution)
    if attribution:
        fields["licenseAttributionByText"] = attribution
    availability = dataset.metadata.availability
    if availability:
        fields["availability"] = availability_iri(availability)
    file_hash = None
    local = resource.fullpath
    if local is not None and local.is_file():
        hashed = resource.file_hash() or ""
        file_hash = hashed.removeprefix("sha256:")
        fields["hash"] = file_hash
        fields["hash_algorithm"] = SHA256_ALGORITHM
        fields["size"] = local.stat().st_size
    elif resource.is_remote and resource.path:
        fields["url"] = resource.path
        local = None
    else:
        local = None
    desired = DesiredResource(key=fields["stadtdaten_key"], fields=fields, file=local, file_hash=file_hash)
    fields["stadtdaten_hash"] = digest({k: v for k, v in fields.items() if k != "stadtdaten_hash"})
    return desired


def report_resource(kind: str, content: bytes, stable_hash: str, license_value: str | None) -> DesiredResource:
    """The validation report as a resource; ``stable_hash`` ignores timestamps so an unchanged report is a no-op."""
    fmt = "html" if kind == "html" else "json"
    fields: dict[str, Any] = {
        "name": "Validierungsbericht (HTML)" if kind == "html" else "Validierungsbericht (JSON)",
        "description": "Bericht von stadtdaten validate über diesen Datensatz / validation report by stadtdaten.",
        "format": file_type_iri(fmt),
        "mimetype": media_type(fmt),
        "stadtdaten_key": f"report:{kind}",
        "stadtdaten_role": f"report-{kind}",
    }
    if license_value:
        fields["license"] = license_value
    desired = DesiredResource(key=fields["stadtdaten_key"], fields=fields, content=content)
    fields["stadtdaten_hash"] = digest({**fields, "content": stable_hash})
    return desired


def extra_file_resource(path: Path, license_value: str | None) -> DesiredResource:
    """A file another stage produced (e.g. the dataset's own DCAT document), attached as is."""
    fmt = path.suffix.lstrip(".").lower() or "bin"
    with path.open("rb") as handle:
        file_hash = hashlib.file_digest(handle, "sha256").hexdigest()
    fields: dict[str, Any] = {
        "name": path.name,
        "format": file_type_iri(fmt),
        "mimetype": media_type(fmt),
        "hash": file_hash,
        "hash_algorithm": SHA256_ALGORITHM,
        "size": path.stat().st_size,
        "stadtdaten_key": f"file:{path.name}",
        "stadtdaten_role": "file",
    }
    if license_value:
        fields["license"] = license_value
    desired = DesiredResource(key=fields["stadtdaten_key"], fields=fields, file=path, file_hash=file_hash)
    fields["stadtdaten_hash"] = digest({k: v for k, v in fields.items() if k != "stadtdaten_hash"})
    return desired
