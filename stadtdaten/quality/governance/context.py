"""What every rule implementation gets: the dataset, its typed tables, config, rule set and helpers
to emit findings with the profile's severity, row keys and masked samples."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

import polars as pl
import yaml

from stadtdaten.core.config import ProjectConfig
from stadtdaten.core.dataset import Dataset, Resource
from stadtdaten.core.findings import Severity
from stadtdaten.core.metadata import DatasetMetadata
from stadtdaten.core.report import Finding, Location
from stadtdaten.quality.rules import RuleSet, RuleSpec


@dataclass
class Context:
    dataset: Dataset
    tables: Mapping[str, pl.DataFrame | None]
    config: ProjectConfig
    rules: RuleSet
    previous: Mapping[str, Any] | None = None
    today: date = field(default_factory=date.today)
    findings: list[Finding] = field(default_factory=list)
    max_per_code: int = 1000

    @property
    def meta(self) -> DatasetMetadata:
        return self.dataset.metadata

    @property
    def path(self) -> str:
        return self.dataset.display_path()

    # ---- schema access --------------------------------------------------------------------------

    @cached_property
    def _schemas(self) -> dict[str, dict[str, Any] | None]:
        return {r.name: self._resolve_schema(r) for r in self.dataset.resources}

    def _resolve_schema(self, resource: Resource) -> dict[str, Any] | None:
        value = resource.schema_descriptor
        if isinstance(value, dict):
            return value
        if isinstance(value, str) and "://" not in value and not value.startswith("library:"):
            path = (resource.basepath / value).resolve()
            try:
                text = path.read_text(encoding="utf-8")
                data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
            except (OSError, ValueError, yaml.YAMLError):
                return None
            return data if isinstance(data, dict) else None
        return None

    def schema(self, resource: Resource) -> dict[str, Any] | None:
        return self._schemas.get(resource.name)

    def fields(self, resource: Resource) -> list[dict[str, Any]]:
        schema = self.schema(resource)
        raw = schema.get("fields") if schema else None
        return [f for f in raw if isinstance(f, dict) and f.get("name")] if isinstance(raw, list) else []

    def field(self, resource: Resource, name: str) -> dict[str, Any]:
        for item in self.fields(resource):
            if item.get("name") == name:
                return item
        return {}

    def primary_key(self, resource: Resource) -> list[str]:
        schema = self.schema(resource) or {}
        key = schema.get("primaryKey")
        if isinstance(key, str):
            return [key]
        return [str(k) for k in key] if isinstance(key, list) else []

    def missing_values(self, resource: Resource) -> list[str]:
        schema = self.schema(resource) or {}
        values = schema.get("missingValues", [""])
        return [str(v) for v in values] if isinstance(values, list) else [""]

    def table(self, resource: Resource) -> pl.DataFrame | None:
        frame = self.tables.get(resource.name)
        return frame if isinstance(frame, pl.DataFrame) else None

    def data_columns(self, frame: pl.DataFrame) -> list[str]:
        return [c for c in frame.columns if c != "_row"]

    # ---- emitting -------------------------------------------------------------------------------

    def active(self, spec: RuleSpec, variant: str | None = None) -> bool:
        return self.rules.active(spec, spec.variant(variant).code)

    def emit(
        self,
        spec: RuleSpec,
        variant: str | None = None,
        *,
        resource: Resource | str | None = None,
        field: str | None = None,
        pointer: str | None = None,
        frame: pl.DataFrame | None = None,
        index: int | None = None,
        params: dict[str, Any] | None = None,
        samples: list[str] | None = None,
        severity: Severity | None = None,
    ) -> Finding | None:
        """Record a finding unless the profile deselects its code; ``index`` is the row position in ``frame``."""
        chosen = spec.variant(variant)
        if not self.rules.active(spec, chosen.code):
            return None
        counts: Counter[str] = self.__dict__.setdefault("_per_code", Counter())
        if counts[chosen.code] >= self.max_per_code:
            return None
        counts[chosen.code] += 1
        res_name = resource.name if isinstance(resource, Resource) else resource
        res_path = resource.path if isinstance(resource, Resource) else None
        location = Location(path=res_path or (None if res_name else self.path), resource=res_name, field=field, pointer=pointer)
        if frame is not None and index is not None and 0 <= index < frame.height:
            location.row, location.row_key = self._row_of(resource, frame, index)
        values = {"resource": res_name, "field": field, "pointer": pointer}
        values = {k: v for k, v in values.items() if v is not None}
        values.update(params or {})
        base = severity or chosen.severity
        finding = Finding(
            code=chosen.code,
            severity=self.rules.severity(spec, chosen.code, base),
            location=location,
            params=values,
            samples=list(samples or []),
        )
        self.findings.append(finding)
        return finding

    def _row_of(
        self, resource: Resource | str | None, frame: pl.DataFrame, index: int
    ) -> tuple[int | None, dict[str, Any] | None]:
        row = frame.row(index, named=True)
        number = row.get("_row")
        if number is None:
            number = index + 2  # header = row 1
        key = None
        if isinstance(resource, Resource):
            pk = [k for k in self.primary_key(resource) if k in row]
            if pk:
                key = {k: _plain(row[k]) for k in pk}
        return int(number), key


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value
