"""Data-driven rule cases: YAML files under cases/ over the clean base dataset (base.yaml)."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from stadtdaten.core.config import ProjectConfig, parse_config
from stadtdaten.core.dataset import Dataset
from stadtdaten.core.report import Finding
from stadtdaten.quality.governance import apply_waivers, check_dataset

HERE = Path(__file__).parent
CASES = HERE / "cases"
DTYPES = {"date": pl.Date, "datetime": pl.Datetime, "int": pl.Int64, "float": pl.Float64, "str": pl.String, "bool": pl.Boolean}


def base() -> dict[str, Any]:
    return yaml.safe_load((HERE / "base.yaml").read_text(encoding="utf-8"))


def merge(target: Any, patch: Any) -> Any:
    """Deep merge; ``None`` removes a key; lists are replaced; ``{"$append": [...]}`` extends a list."""
    if isinstance(patch, dict) and "$replace" in patch:
        return copy.deepcopy(patch["$replace"])
    if isinstance(patch, dict) and "$append" in patch and isinstance(target, list):
        return [*target, *copy.deepcopy(patch["$append"])]
    if not isinstance(target, dict) or not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = dict(target)
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge(out.get(key), value)
    return out


def frame(spec: dict[str, Any]) -> pl.DataFrame:
    columns = spec.get("columns", {})
    types = spec.get("types", {})
    series = []
    for name, values in columns.items():
        kind = types.get(name)
        if kind in ("date", "datetime"):
            raw = pl.Series(name, [None if v is None else str(v) for v in values], dtype=pl.String)
            s = raw.str.to_date() if kind == "date" else raw.str.to_datetime()
        else:
            s = pl.Series(name, values, dtype=DTYPES.get(kind) if kind else None, strict=False)
        series.append(s)
    result = pl.DataFrame(series)
    return result.with_row_index("_row", offset=2).with_columns(pl.col("_row").cast(pl.Int64))


def load_cases() -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(id, file data, case) for every case in every file."""
    out = []
    for path in sorted(CASES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            out.append((f"{path.stem}::{case['name']}", data, case))
    return out


def run_case(data: dict[str, Any], case: dict[str, Any], tmp: Path | None = None) -> list[Finding]:
    spec = base()
    descriptor = merge(spec["descriptor"], case.get("descriptor", {}))
    tables_spec = merge(spec["tables"], case.get("tables", {}))
    basepath = HERE
    for name, content in (case.get("files") or {}).items():
        assert tmp is not None
        target = tmp / name
        target.write_bytes(content.encode(case.get("encoding", "utf-8")) if isinstance(content, str) else bytes(content))
        basepath = tmp
    dataset = Dataset(descriptor, basepath=basepath)
    tables = {name: (frame(t) if t else None) for name, t in tables_spec.items()}
    config = parse_config(case["config"]) if case.get("config") else ProjectConfig()
    today = date.fromisoformat(str(case.get("today", spec["today"])))
    profile = case.get("profile")
    if case.get("options"):
        assert tmp is not None
        profile_path = tmp / "profile.yaml"
        profile_path.write_text(
            yaml.safe_dump({"name": "case", "extends": profile or "bielefeld", "options": case["options"]}), encoding="utf-8"
        )
        profile = str(profile_path)
    findings = check_dataset(dataset, tables, config, profile=profile, previous=case.get("previous"), today=today)
    if case.get("waivers", False):
        findings = apply_waivers(findings, dataset, today=today)
    return findings


def codes_for(findings: list[Finding], rule: str) -> list[str]:
    return sorted({f.code for f in findings if f.code == rule or f.code.startswith(rule + ".")})
