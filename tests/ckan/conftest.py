"""Fixtures for the tests against the real CKAN stack (scripts/ckan-stack/up.sh).

The stack's ``env.sh`` is named by ``STADTDATEN_CKAN_ENV`` (the ``tests`` nox session sets it after
running up.sh). Without it, or when that CKAN does not answer, every test here skips and says why.
"""

from __future__ import annotations

import os
import re
import shlex
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml

from stadtdaten.catalog.ckan import CkanClient, Publisher, PublishOptions
from stadtdaten.core.config import ProjectConfig
from stadtdaten.core.dataset import load_dataset
from stadtdaten.core.report import DatasetResult

pytestmark = pytest.mark.ckan


def _read_env(path: Path) -> dict[str, str]:
    env = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\s*export\s+([A-Z_][A-Z0-9_]*)=(.*)$", line)
        if match:
            value = shlex.split(match.group(2))
            env[match.group(1)] = value[0] if value else ""
    return env


@pytest.fixture(scope="session")
def ckan_env() -> dict[str, str]:
    name = os.environ.get("STADTDATEN_CKAN_ENV")
    if not name:
        pytest.skip("STADTDATEN_CKAN_ENV is not set: start the stack with `nox -s ckan_up` (scripts/ckan-stack/up.sh)")
    path = Path(name)
    if not path.is_file():
        pytest.skip(f"STADTDATEN_CKAN_ENV names {path}, which does not exist: run scripts/ckan-stack/up.sh")
    env = _read_env(path)
    try:
        with urllib.request.urlopen(env["CKAN_URL"] + "/api/3/action/status_show", timeout=10) as response:
            response.read()
    except (OSError, KeyError) as exc:
        pytest.skip(f"the CKAN stack from {path} does not answer ({exc}): run scripts/ckan-stack/up.sh")
    return env


@pytest.fixture
def token(ckan_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("CKAN_API_TOKEN", ckan_env["CKAN_API_TOKEN"])
    return ckan_env["CKAN_API_TOKEN"]


@pytest.fixture
def run_id() -> str:
    return uuid.uuid4().hex[:8]


ORG = "stadtdaten-tests"


def make_dataset(folder: Path, name: str, files: dict[str, str] | None = None, **dcat: Any) -> Path:
    """A small, valid-enough dataset folder: CSV files with a Table Schema each."""
    files = files or {"werte": "id;wert;datum\n1;1,5;2024-01-01\n2;2,5;2024-02-01\n"}
    folder.mkdir(parents=True, exist_ok=True)
    resources = []
    for stem, text in files.items():
        (folder / f"{stem}.csv").write_text(text, encoding="utf-8")
        resources.append(
            {
                "name": stem,
                "path": f"{stem}.csv",
                "format": "csv",
                "dialect": {"delimiter": ";"},
                "schema": {
                    "fields": [
                        {"name": "id", "type": "integer", "title": "Nummer", "description": "Laufende Nummer"},
                        {"name": "wert", "type": "number", "decimalChar": ",", "title": "Wert", "unit": "m"},
                        {"name": "datum", "type": "date", "title": "Datum"},
                    ]
                },
            }
        )
    descriptor = {
        "name": name,
        "title": f"Testdaten {name}",
        "description": "Ein kleiner Testdatensatz für die CKAN-Tests von stadtdaten.",
        "keywords": ["Test", "Straßen"],
        "licenses": [{"name": "dl-by-de/2.0", "path": "http://dcat-ap.de/def/licenses/dl-by-de/2.0"}],
        "resources": resources,
        "dcat": {
            "themes": ["ENVI", "TRAN"],
            "accrual_periodicity": "ANNUAL",
            "temporal": {"start": "2024-01-01", "end": "2024-12-31"},
            "spatial": {
                "geocoding": "05711000",
                "level": "municipality",
                "label": "Bielefeld",
                "bbox": [8.37, 51.91, 8.67, 52.12],
            },
            "contact_point": {"name": "Open-Data-Team", "email": "opendata@example.org"},
            "publisher": {"name": "Stadt Bielefeld", "uri": "https://www.bielefeld.de", "type": "LocalAuthority"},
            "issued": "2024-01-15",
            "modified": "2024-06-30",
            "license_attribution": "© Stadt Bielefeld",
            **dcat,
        },
    }
    (folder / "datapackage.yaml").write_text(yaml.safe_dump(descriptor, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def publisher_for(url: str, token: str, **options: Any) -> Publisher:
    client = CkanClient(url, token, timeout=30, backoff=0.05)
    opts = PublishOptions(organization=ORG, backoff=0.05, **options)
    publisher = Publisher(client, ProjectConfig(), opts, sleep=lambda s: None)
    publisher.preflight(need_datastore=True)
    return publisher


def publish(publisher: Publisher, folder: Path) -> tuple[dict[str, Any], DatasetResult]:
    dataset = load_dataset(folder)
    result = DatasetResult(name=dataset.name)
    summary = publisher.publish(dataset, DatasetResult(name=dataset.name), result)
    return summary, result
