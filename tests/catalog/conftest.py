"""Fixtures for the embedded catalogue: real SQLite files and real dataset folders in tmp dirs (no mocks)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from stadtdaten.catalog.local import LocalCatalog
from stadtdaten.core.dataset import Dataset, load_dataset

MakeDataset = Callable[..., Dataset]


def write_dataset(
    root: Path,
    name: str,
    *,
    title: str = "",
    description: str = "",
    keywords: list[str] | None = None,
    fields: list[dict[str, Any]] | None = None,
    rows: str = "id\n1\n",
    extra: dict[str, Any] | None = None,
) -> Path:
    """A dataset folder with a datapackage.yaml and one CSV; returns the folder."""
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "data.csv").write_text(rows, encoding="utf-8")
    descriptor: dict[str, Any] = {
        "name": name,
        "resources": [{"name": "data", "path": "data.csv", "schema": {"fields": fields or [{"name": "id", "type": "integer"}]}}],
    }
    if title:
        descriptor["title"] = title
    if description:
        descriptor["description"] = description
    if keywords:
        descriptor["keywords"] = keywords
    descriptor.update(extra or {})
    (folder / "datapackage.yaml").write_text(yaml.safe_dump(descriptor, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


@pytest.fixture
def make_dataset(tmp_path: Path) -> MakeDataset:
    def make(name: str, **options: Any) -> Dataset:
        return load_dataset(write_dataset(tmp_path / "data", name, **options))

    return make


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[LocalCatalog]:
    with LocalCatalog.open(tmp_path / "catalog") as opened:
        yield opened
