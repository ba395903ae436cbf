"""AI-ready outputs for every tabular resource: typed Parquet, a data dictionary and Croissant metadata.

They are made from the typed tables the validation engine produced (no second parse), with types,
titles, descriptions and units from the Table Schema. ``write_ai_ready`` returns the files it wrote so
the catalogue, the DCAT emitter and the CKAN publisher can list them as distributions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stadtdaten.core.dataset import Dataset
from stadtdaten.pipelines.ai_ready.croissant import write_croissant
from stadtdaten.pipelines.ai_ready.dictionary import write_dictionary
from stadtdaten.pipelines.ai_ready.parquet import write_parquet


@dataclass
class AiReadyOutputs:
    parquet: dict[str, Path] = field(default_factory=dict)
    dictionary_csv: dict[str, Path] = field(default_factory=dict)
    dictionary_md: dict[str, Path] = field(default_factory=dict)
    croissant: Path | None = None

    def files(self) -> list[Path]:
        out = [*self.parquet.values(), *self.dictionary_csv.values(), *self.dictionary_md.values()]
        if self.croissant:
            out.append(self.croissant)
        return out


def schema_fields(dataset: Dataset, resource_name: str) -> list[dict[str, Any]]:
    """The Table Schema fields of a resource (inline schemas and library references)."""
    resource = dataset.resource(resource_name)
    schema = resource.schema_descriptor
    if isinstance(schema, str):
        if schema.startswith("library:"):
            from stadtdaten.schemas.library import load_schema

            schema = load_schema(schema)
        else:
            import json

            import yaml

            path = dataset.basepath / schema
            text = path.read_text(encoding="utf-8")
            schema = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    if not isinstance(schema, dict):
        return []
    return [f for f in schema.get("fields", []) if isinstance(f, dict)]


def write_ai_ready(dataset: Dataset, tables: dict[str, Any], outdir: Path) -> AiReadyOutputs:
    """Write Parquet + dictionary per typed table, and one Croissant file for the dataset."""
    outputs = AiReadyOutputs()
    outdir.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        if frame is None:
            continue
        fields = schema_fields(dataset, name)
        outputs.parquet[name] = write_parquet(frame, fields, outdir / f"{name}.parquet", dataset=dataset)
        outputs.dictionary_csv[name], outputs.dictionary_md[name] = write_dictionary(
            name, fields, outdir, title=dataset.resource(name).title
        )
    if outputs.parquet:
        outputs.croissant = write_croissant(
            dataset, outputs.parquet, {n: schema_fields(dataset, n) for n in outputs.parquet}, outdir
        )
    return outputs
