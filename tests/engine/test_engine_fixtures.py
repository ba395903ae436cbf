"""Differential tests on real files: frictionless's own fixtures, real municipal CSVs and data packages.

For every CSV, frictionless validates first (detecting the dialect and encoding and, without a schema,
inferring one); the engine then gets exactly that schema, dialect and encoding, and must report the
same set of (row, field, code). Real files are also validated under deliberately wrong schemas (every
column an integer, a German number, a German date, required and unique), which produces thousands of
type and constraint errors to compare.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest

from stadtdaten.core.dataset import load_dataset
from stadtdaten.quality.engine import EngineOptions, validate_dataset
from tests.conftest import SHARED

from .reference import engine_run, engine_set, frictionless_run

pytest.importorskip("frictionless")

REALDATA = SHARED / "realdata"
FIXTURES = REALDATA / "frictionless-py-fixtures"
SMALL = 300_000
"""Bytes; larger real files are compared under the inferred schema only (frictionless needs seconds for them)."""


def _csvs(root: Path, *, exclude: str | None = None) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*.csv") if exclude is None or exclude not in p.parts)


def _id(path: Path) -> str:
    return str(path.relative_to(REALDATA)) if path.is_relative_to(REALDATA) else path.name


def _compare(path: Path, schema: dict[str, Any] | None = None) -> None:
    _, inferred, dialect, encoding = frictionless_run(path)
    schema = schema(inferred) if callable(schema) else (schema or inferred)
    expected, _, _, _ = frictionless_run(path, schema=schema, dialect=_descriptor(dialect), encoding=encoding)
    got = engine_set(engine_run(path, schema, dialect, encoding))
    assert got == expected, (
        f"only frictionless: {sorted(expected - got, key=str)[:8]}; only engine: {sorted(got - expected, key=str)[:8]}"
    )


def _descriptor(dialect: Any) -> dict[str, Any]:
    out = {"header": dialect.header, "headerRows": list(dialect.header_rows), "delimiter": dialect.delimiter}
    if dialect.skip_initial_space:
        out["skipInitialSpace"] = True
    if dialect.comment_char:
        out["commentChar"] = dialect.comment_char
    return out


@pytest.mark.shared
@pytest.mark.parametrize("path", _csvs(FIXTURES), ids=_id)
def test_frictionless_fixtures(path: Path) -> None:
    _compare(path)


def _integers(schema: dict[str, Any]) -> dict[str, Any]:
    return {"fields": [{"name": f["name"], "type": "integer"} for f in schema["fields"]]}


def _german_numbers(schema: dict[str, Any]) -> dict[str, Any]:
    return {"fields": [{"name": f["name"], "type": "number", "decimalChar": ",", "groupChar": "."} for f in schema["fields"]]}


def _german_dates(schema: dict[str, Any]) -> dict[str, Any]:
    return {"fields": [{"name": f["name"], "type": "date", "format": "%d.%m.%Y"} for f in schema["fields"]]}


def _strict(schema: dict[str, Any]) -> dict[str, Any]:
    unhashable = ("object", "array", "geojson")  # frictionless crashes on unique JSON values
    fields = [
        {
            "name": f["name"],
            "type": f.get("type", "string"),
            "constraints": {"required": True, "unique": f.get("type") not in unhashable},
        }
        for f in schema["fields"]
    ]
    return {"fields": fields, "primaryKey": [fields[0]["name"]], "missingValues": ["", "-"]}


def _texts(schema: dict[str, Any]) -> dict[str, Any]:
    constraints = {"minLength": 2, "maxLength": 12, "pattern": "[A-Za-z0-9äöüß ]*"}
    return {"fields": [{"name": f["name"], "type": "string", "constraints": constraints} for f in schema["fields"]]}


VARIANTS = {"integer": _integers, "number-de": _german_numbers, "date-de": _german_dates, "strict": _strict, "texts": _texts}
REAL = _csvs(REALDATA, exclude="frictionless-py-fixtures")


@pytest.mark.shared
@pytest.mark.parametrize("path", REAL, ids=_id)
def test_real_files_inferred_schema(path: Path) -> None:
    _compare(path)


@pytest.mark.shared
@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("path", [p for p in REAL if p.stat().st_size < SMALL], ids=_id)
def test_real_files_wrong_schemas(path: Path, variant: str) -> None:
    _compare(path, VARIANTS[variant])


PACKAGES = [
    "frictionless-py-fixtures/invalid/datapackage.json",
    "frictionless-py-fixtures/number/datapackage.json",
    "frictionless-py-fixtures/issue-1105.package.json",
    "frictionless-example-packages/countries-and-currencies/datapackage.json",
    "frictionless-example-packages/donation-codes/datapackage.json",
    "frictionless-example-packages/donations/datapackage.json",
]


@pytest.mark.shared
@pytest.mark.parametrize("name", PACKAGES)
def test_packages_with_foreign_keys(name: str) -> None:
    import frictionless

    path = REALDATA / name
    if not path.exists():
        pytest.skip(f"needs {path}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = frictionless.Package(path.name, basepath=str(path.parent)).validate(limit_errors=10**9)
    expected = {
        (t.name, getattr(e, "row_number", None), getattr(e, "field_name", None) or None, e.type)
        for t in report.tasks
        for e in t.errors
    }
    outcomes = validate_dataset(load_dataset(path), EngineOptions(max_findings=None))
    got = {(o.resource, f.location.row, f.location.field or None, f.code) for o in outcomes for f in o.findings}
    assert got == expected
