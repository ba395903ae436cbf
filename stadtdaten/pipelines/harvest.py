"""Harvest a DCAT catalogue into the local catalogue and export it for researchers.

Each harvested dataset becomes a descriptor (origin ``harvested``, with its source URL) in the embedded
catalogue, so ``catalog search`` finds it next to local datasets; the catalogue never lets a harvest
overwrite a dataset it holds as ``local``. The export is one row per dataset and one per distribution,
as CSV and Parquet, with the MQA score of each dataset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from stadtdaten.core.dataset import Dataset, slugify
from stadtdaten.core.files import atomic_write
from stadtdaten.dcat.harvest import HarvestedDataset, Limits, harvest

LICENSE_BASE = "http://dcat-ap.de/def/licenses/"
THEME_BASE = "http://publications.europa.eu/resource/authority/data-theme/"
FREQUENCY_BASE = "http://publications.europa.eu/resource/authority/frequency/"


@dataclass
class HarvestOutcome:
    records: list[HarvestedDataset]
    pages: int
    stored: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    exports: list[Path] = field(default_factory=list)
    scores: dict[str, dict[str, Any]] = field(default_factory=dict)


def _tail(iri: str | None, base: str) -> str | None:
    if iri and iri.startswith(base):
        return iri[len(base) :]
    return None


def _date(value: str | None) -> str | None:
    if value and re.match(r"\d{4}-\d{2}-\d{2}", value):
        return value[:10]
    return None


def to_descriptor(record: HarvestedDataset) -> dict[str, Any]:
    """A stadtdaten descriptor for a harvested record (remote resources, DCAT block)."""
    title = record.title.get("de") or record.title.get("") or next(iter(record.title.values()), record.identifier)
    description = record.description.get("de") or record.description.get("") or next(iter(record.description.values()), "")
    dcat: dict[str, Any] = {
        "themes": [t for t in (_tail(x, THEME_BASE) for x in record.themes) if t],
    }
    if record.title.get("en"):
        dcat["title_en"] = record.title["en"]
    if record.description.get("en"):
        dcat["description_en"] = record.description["en"]
    if record.publisher:
        dcat["publisher"] = {"name": record.publisher}
    if record.contact_email or record.contact_url:
        dcat["contact_point"] = {k: v for k, v in (("email", record.contact_email), ("url", record.contact_url)) if v}
    if record.geocoding:
        key = record.geocoding.rstrip("/").rsplit("/", 1)[-1]
        level = (record.geocoding_level or "").rstrip("/").rsplit("/", 1)[-1] or None
        dcat["spatial"] = {"geocoding": key, **({"level": level} if level else {})}
    if record.temporal_start or record.temporal_end:
        dcat["temporal"] = {k: v for k, v in (("start", _date(record.temporal_start)), ("end", _date(record.temporal_end))) if v}
    frequency = _tail(record.accrual_periodicity, FREQUENCY_BASE)
    if frequency:
        dcat["accrual_periodicity"] = frequency
    for key, value in (("issued", _date(record.issued)), ("modified", _date(record.modified))):
        if value:
            dcat[key] = value
    if record.landing_page:
        dcat["landing_page"] = record.landing_page
    resources = []
    used: set[str] = set()
    for index, dist in enumerate(record.distributions, start=1):
        url = dist.download_url or dist.access_url
        if not url:
            continue
        name = slugify(dist.title or f"distribution-{index}")
        while name in used:
            name = f"{name}-{index}"
        used.add(name)
        resource: dict[str, Any] = {"name": name, "path": url}
        if dist.title:
            resource["title"] = dist.title
        if dist.format:
            resource["format"] = dist.format.rstrip("/").rsplit("/", 1)[-1].lower()
        if dist.media_type:
            resource["mediatype"] = (
                dist.media_type.rsplit("/", 2)[-2] + "/" + dist.media_type.rsplit("/", 1)[-1]
                if "iana.org" in dist.media_type
                else dist.media_type
            )
        if dist.byte_size is not None:
            resource["bytes"] = dist.byte_size
        resources.append(resource)
    descriptor: dict[str, Any] = {
        "name": slugify(record.identifier.rstrip("/").rsplit("/", 1)[-1])[:100],
        "id": record.identifier,
        "title": title,
        "description": description,
        "keywords": record.keywords,
        "licenses": [
            {"path": lic, **({"name": _tail(lic, LICENSE_BASE)} if _tail(lic, LICENSE_BASE) else {})} for lic in record.licenses
        ],
        "resources": resources,
        "dcat": dcat,
    }
    return descriptor


def score(record: HarvestedDataset) -> dict[str, Any] | None:
    if record.graph is None:
        return None
    try:
        from stadtdaten.dcat import mqa_score
    except ImportError:
        return None
    result = mqa_score(record.graph)
    return {"score": result.score, "max": result.max, "rating": result.rating}


def export_rows(records: list[HarvestedDataset], scores: dict[str, dict[str, Any]]) -> tuple[pl.DataFrame, pl.DataFrame]:
    datasets = pl.DataFrame(
        [
            {
                "identifier": r.identifier,
                "iri": r.iri,
                "title_de": r.title.get("de") or r.title.get(""),
                "title_en": r.title.get("en"),
                "publisher": r.publisher,
                "licenses": " ".join(r.licenses),
                "themes": " ".join(r.themes),
                "keywords": "; ".join(r.keywords),
                "geocoding": r.geocoding,
                "temporal_start": r.temporal_start,
                "temporal_end": r.temporal_end,
                "issued": r.issued,
                "modified": r.modified,
                "distributions": len(r.distributions),
                "mqa_score": (scores.get(r.identifier) or {}).get("score"),
                "mqa_rating": (scores.get(r.identifier) or {}).get("rating"),
                "source": r.source,
            }
            for r in records
        ],
        infer_schema_length=None,
    )
    distributions = pl.DataFrame(
        [
            {
                "dataset_identifier": r.identifier,
                "iri": d.iri,
                "title": d.title,
                "access_url": d.access_url,
                "download_url": d.download_url,
                "format": d.format,
                "media_type": d.media_type,
                "license": d.license,
                "byte_size": d.byte_size,
            }
            for r in records
            for d in r.distributions
        ],
        schema={
            "dataset_identifier": pl.Utf8,
            "iri": pl.Utf8,
            "title": pl.Utf8,
            "access_url": pl.Utf8,
            "download_url": pl.Utf8,
            "format": pl.Utf8,
            "media_type": pl.Utf8,
            "license": pl.Utf8,
            "byte_size": pl.Int64,
        },
    )
    return datasets, distributions


def run_harvest(source: str, catalog: Any | None, export_dir: Path | None, limits: Limits | None = None) -> HarvestOutcome:
    records, pages = harvest(source, limits or Limits())
    outcome = HarvestOutcome(records=records, pages=pages)
    for record in records:
        scored = score(record)
        if scored:
            outcome.scores[record.identifier] = scored
    if catalog is not None:
        from stadtdaten.catalog.local import CatalogConflictError

        for record in records:
            descriptor = to_descriptor(record)
            try:
                catalog.upsert_dataset(Dataset(descriptor, basepath=Path.cwd()), origin="harvested", source_url=source)
                outcome.stored.append(descriptor["name"])
            except CatalogConflictError as exc:
                outcome.skipped.append((descriptor["name"], str(exc)))
    if export_dir is not None:
        export_dir.mkdir(parents=True, exist_ok=True)
        datasets, distributions = export_rows(records, outcome.scores)
        for name, frame in (("datasets", datasets), ("distributions", distributions)):
            csv_path = export_dir / f"harvest-{name}.csv"
            atomic_write(csv_path, frame.write_csv())
            parquet_path = export_dir / f"harvest-{name}.parquet"
            tmp = parquet_path.with_name(f".{parquet_path.name}.tmp")
            frame.write_parquet(tmp)
            tmp.replace(parquet_path)
            outcome.exports += [csv_path, parquet_path]
    return outcome
