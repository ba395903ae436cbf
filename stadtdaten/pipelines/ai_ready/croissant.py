"""Croissant (MLCommons) JSON-LD metadata: the dataset as ML tooling finds and loads it.

One ``cr:FileObject`` per Parquet file (with its SHA-256) and one ``cr:RecordSet`` per resource whose
fields carry the Table Schema's types, descriptions and units. Validated with ``mlcroissant`` in the tests.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from stadtdaten.core.dataset import Dataset
from stadtdaten.core.files import atomic_write

CROISSANT_CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}

DATA_TYPES = {
    "string": "sc:Text",
    "integer": "sc:Integer",
    "number": "sc:Float",
    "boolean": "sc:Boolean",
    "date": "sc:Date",
    "datetime": "sc:DateTime",
    "time": "sc:Time",
    "year": "sc:Integer",
}


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def croissant_document(dataset: Dataset, parquet: dict[str, Path], fields: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    meta = dataset.metadata
    license_ = meta.license
    description = meta.description_en or meta.description or meta.title or dataset.name
    document: dict[str, Any] = {
        "@context": CROISSANT_CONTEXT,
        "@type": "sc:Dataset",
        "name": dataset.name,
        "alternateName": [t for t in (meta.title, meta.title_en) if t],
        "description": description,
        "conformsTo": "http://mlcommons.org/croissant/1.0",
        "url": meta.landing_page or meta.homepage or f"urn:stadtdaten:{dataset.name}",
        "inLanguage": ["de"],
        "keywords": list(meta.keywords) + list(meta.keywords_en),
        "distribution": [],
        "recordSet": [],
    }
    if license_ and license_.iri:
        document["license"] = license_.iri
    if meta.publisher:
        document["creator"] = {
            "@type": "sc:Organization",
            "name": meta.publisher.name,
            **({"url": meta.publisher.uri} if meta.publisher.uri else {}),
        }
    if meta.version:
        document["version"] = meta.version
    if meta.issued:
        document["datePublished"] = meta.issued.isoformat()
    if meta.modified:
        document["dateModified"] = meta.modified.isoformat()
    if meta.license_attribution:
        document["citeAs"] = meta.license_attribution
    for name, path in parquet.items():
        file_id = f"{name}-parquet"
        document["distribution"].append(
            {
                "@type": "cr:FileObject",
                "@id": file_id,
                "name": path.name,
                "contentUrl": path.name,
                "encodingFormat": "application/x-parquet",
                "sha256": _sha256(path),
            }
        )
        record_fields = []
        for spec in fields.get(name, []):
            column = str(spec.get("name"))
            field_doc: dict[str, Any] = {
                "@type": "cr:Field",
                "@id": f"{name}/{column}",
                "name": column,
                "dataType": DATA_TYPES.get(str(spec.get("type", "string")), "sc:Text"),
                "source": {"fileObject": {"@id": file_id}, "extract": {"column": column}},
            }
            text = " ".join(str(spec[k]) for k in ("title", "description") if spec.get(k))
            if spec.get("unit"):
                text = f"{text} [unit: {spec['unit']}]".strip()
            if text:
                field_doc["description"] = text
            record_fields.append(field_doc)
        resource = dataset.resource(name)
        record: dict[str, Any] = {
            "@type": "cr:RecordSet",
            "@id": name,
            "name": name,
            "field": record_fields,
        }
        if resource.title:
            record["description"] = resource.title
        document["recordSet"].append(record)
    return document


def write_croissant(dataset: Dataset, parquet: dict[str, Path], fields: dict[str, list[dict[str, Any]]], outdir: Path) -> Path:
    path = outdir / "croissant.json"
    atomic_write(path, json.dumps(croissant_document(dataset, parquet, fields), ensure_ascii=False, indent=2) + "\n")
    return path
