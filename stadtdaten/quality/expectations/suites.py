"""Reading Great Expectations suite JSON (GX 1.x ``type`` and 0.x ``expectation_type`` layouts)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Expectation:
    type: str
    kwargs: dict[str, Any]
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Suite:
    name: str
    expectations: list[Expectation]
    resource: str | None = None
    """Which resource the suite checks (``meta.resource``); None: the dataset's only/first tabular resource."""
    path: str | None = None


class SuiteError(ValueError):
    pass


def parse_suite(data: Any, path: str | None = None) -> Suite:
    if not isinstance(data, dict) or not isinstance(data.get("expectations"), list):
        raise SuiteError("not an expectation suite (no 'expectations' list)")
    items = []
    for raw in data["expectations"]:
        if not isinstance(raw, dict):
            raise SuiteError("an expectation must be an object")
        etype = raw.get("type") or raw.get("expectation_type")
        if not isinstance(etype, str):
            raise SuiteError("an expectation has no 'type'")
        items.append(Expectation(etype, dict(raw.get("kwargs") or {}), dict(raw.get("meta") or {})))
    meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
    name = str(data.get("name") or data.get("expectation_suite_name") or (Path(path).stem if path else "suite"))
    return Suite(name, items, resource=meta.get("resource") if isinstance(meta, dict) else None, path=path)


def read_suite(path: Path) -> Suite:
    try:
        return parse_suite(json.loads(path.read_text(encoding="utf-8")), str(path))
    except (OSError, json.JSONDecodeError) as exc:
        raise SuiteError(str(exc)) from exc
