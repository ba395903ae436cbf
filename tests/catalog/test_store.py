"""Datasets in the catalogue: idempotent upserts, resources and schemas, conflicts, listing, removal."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from stadtdaten.catalog.local import (
    SCHEMA_VERSION,
    CatalogConflictError,
    CatalogProtectedError,
    LocalCatalog,
    UnknownDatasetError,
)
from stadtdaten.core.dataset import Dataset, load_dataset
from stadtdaten.core.exitcodes import ExitCode
from tests.catalog.conftest import MakeDataset, write_dataset


def test_open_creates_folder_file_and_gitignore(tmp_path: Path) -> None:
    with LocalCatalog.open(tmp_path / "new" / ".stadtdaten") as catalog:
        assert catalog.path == tmp_path / "new" / ".stadtdaten" / "catalog.sqlite"
        assert catalog.path.is_file()
        assert catalog.schema_version == SCHEMA_VERSION
        assert (catalog.path.parent / ".gitignore").read_text().strip().endswith("*")
    assert LocalCatalog.exists(tmp_path / "new" / ".stadtdaten")
    assert not LocalCatalog.exists(tmp_path / "other")


def test_an_existing_folder_gets_no_gitignore(tmp_path: Path) -> None:
    LocalCatalog.open(tmp_path).close()  # e.g. `--catalog .` in a repository root
    assert not (tmp_path / ".gitignore").exists()


def test_pragmas_wal_foreign_keys_busy_timeout(catalog: LocalCatalog) -> None:
    conn = catalog._conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)


def test_open_a_sqlite_file_path_directly(tmp_path: Path) -> None:
    with LocalCatalog.open(tmp_path / "x" / "mine.sqlite") as catalog:
        assert catalog.path.name == "mine.sqlite"


def test_default_location_env_then_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("STADTDATEN_CATALOG", raising=False)
    with LocalCatalog.open() as catalog:
        assert catalog.path == tmp_path / ".stadtdaten" / "catalog.sqlite"
    monkeypatch.setenv("STADTDATEN_CATALOG", str(tmp_path / "elsewhere"))
    with LocalCatalog.open() as catalog:
        assert catalog.path == tmp_path / "elsewhere" / "catalog.sqlite"
    monkeypatch.delenv("STADTDATEN_CATALOG")
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "stadtdaten.toml").write_text('[project]\ncatalog_dir = "state/cat"\n')
    monkeypatch.chdir(tmp_path / "project")
    with LocalCatalog.open() as catalog:
        assert catalog.path == tmp_path / "project" / "state" / "cat" / "catalog.sqlite"


def test_upsert_is_idempotent_and_writes_nothing_the_second_time(catalog: LocalCatalog, make_dataset: MakeDataset) -> None:
    dataset = make_dataset("baeume", title="Stadtbäume", description="Bäume der Stadt", keywords=["Umwelt"])
    first = catalog.upsert_dataset(dataset)
    assert first.changed and first.revision == 1
    assert first.content_hash == dataset.content_hash()  # the same recipe as core
    changes = catalog._conn.total_changes
    second = catalog.upsert_dataset(load_dataset(dataset.source or dataset.basepath))
    assert not second.changed
    assert catalog._conn.total_changes == changes  # no write at all
    assert second.updated == first.updated and second.revision == 1
    assert catalog.count() == 1


def test_changed_file_updates_hash_revision_and_resources(catalog: LocalCatalog, tmp_path: Path) -> None:
    folder = write_dataset(tmp_path, "zaehlung", rows="id\n1\n")
    first = catalog.upsert_dataset(load_dataset(folder))
    (folder / "data.csv").write_text("id\n1\n2\n")
    second = catalog.upsert_dataset(load_dataset(folder))
    assert second.changed and second.revision == 2
    assert second.content_hash != first.content_hash
    assert second.created == first.created and second.updated >= first.updated
    resource = second.resources[0]
    assert resource.bytes == len("id\n1\n2\n") and resource.hash and resource.hash.startswith("sha256:")
    assert resource.column_names == ["id"]


def test_resources_keep_schema_files_and_library_refs(catalog: LocalCatalog, tmp_path: Path) -> None:
    folder = tmp_path / "ds"
    folder.mkdir()
    (folder / "a.csv").write_text("kennung;anzahl\n")
    (folder / "a.schema.json").write_text(json.dumps({"fields": [{"name": "kennung"}, {"name": "anzahl"}]}))
    descriptor = {
        "name": "mit-schema",
        "resources": [
            {"name": "a", "path": "a.csv", "schema": "a.schema.json"},
            {"name": "b", "path": "https://example.org/b.csv", "schema": "library:baumkataster@1.0"},
            {"name": "c", "data": [{"x": 1}]},
        ],
    }
    entry = catalog.upsert_dataset(Dataset(descriptor, basepath=folder))
    a, b, c = entry.resources
    assert a.schema == {"fields": [{"name": "kennung"}, {"name": "anzahl"}]} and a.schema_ref == "a.schema.json"
    assert b.schema is None and b.schema_ref == "library:baumkataster@1.0" and b.hash is None
    assert c.path is None and c.schema is None
    assert catalog.search("anzahl")[0].name == "mit-schema"  # columns from the schema file are searchable


def test_harvested_dataset_needs_url_and_never_replaces_a_local_one(catalog: LocalCatalog, make_dataset: MakeDataset) -> None:
    local = make_dataset("parken", title="Parken")
    catalog.upsert_dataset(local)
    with pytest.raises(ValueError, match="source_url"):
        catalog.upsert_dataset(local, origin="harvested")
    with pytest.raises(CatalogConflictError) as info:
        catalog.upsert_dataset(local, origin="harvested", source_url="https://example.org/catalog.ttl")
    assert info.value.exit_code == ExitCode.USAGE
    remote = Dataset({"name": "fremd", "title": "Fremd"}, basepath=Path("/nonexistent"))
    entry = catalog.upsert_dataset(remote, origin="harvested", source_url="https://example.org/catalog.ttl")
    assert entry.origin == "harvested" and entry.source_url == "https://example.org/catalog.ttl"
    assert entry.source_path is None
    elsewhere = Dataset({"name": "fremd", "title": "Fremd"}, basepath=Path("/somewhere/else"))
    assert not catalog.upsert_dataset(elsewhere, origin="harvested", source_url="https://example.org/catalog.ttl").changed
    assert not catalog.upsert_dataset(remote, origin="harvested", source_url="https://example.org/catalog.ttl").changed
    moved = catalog.upsert_dataset(remote, origin="harvested", source_url="https://example.org/v2/catalog.ttl")
    assert moved.changed and moved.source_url.endswith("v2/catalog.ttl")


def test_same_id_from_another_existing_folder_is_a_conflict(catalog: LocalCatalog, tmp_path: Path) -> None:
    one = load_dataset(write_dataset(tmp_path / "one", "wahl"))
    two = load_dataset(write_dataset(tmp_path / "two", "wahl"))
    catalog.upsert_dataset(one)
    with pytest.raises(CatalogConflictError, match="wahl"):
        catalog.upsert_dataset(two)
    assert catalog.upsert_dataset(two, replace=True).source_path == str(tmp_path / "two" / "wahl" / "datapackage.yaml")


def test_a_moved_folder_just_updates_the_path(catalog: LocalCatalog, tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "old", "umzug")
    catalog.upsert_dataset(load_dataset(folder))
    target = tmp_path / "new"
    target.mkdir()
    folder.rename(target / "umzug")
    entry = catalog.upsert_dataset(load_dataset(target / "umzug"))
    assert entry.changed and entry.source_path == str(target / "umzug" / "datapackage.yaml")


def test_get_require_list_count_and_paging(catalog: LocalCatalog, make_dataset: MakeDataset) -> None:
    for name in ("c-daten", "a-daten", "b-daten"):
        catalog.upsert_dataset(make_dataset(name, title=name.upper()))
    assert catalog.get("nope") is None
    assert [e.name for e in catalog.list()] == ["a-daten", "b-daten", "c-daten"]
    assert [e.name for e in catalog.list(limit=2, offset=1)] == ["b-daten", "c-daten"]
    assert catalog.count() == 3 and catalog.count(origin="harvested") == 0
    assert all(len(e.resources) == 1 for e in catalog.list())
    assert catalog.list(modified_since="2999-01-01") == []
    with pytest.raises(UnknownDatasetError) as info:
        catalog.require("a-datn")
    assert info.value.exit_code == ExitCode.USAGE
    assert info.value.suggestions[0] == "a-daten"
    assert "a-daten" in info.value.render_hint()


def test_entry_round_trips_to_a_dataset(catalog: LocalCatalog, make_dataset: MakeDataset) -> None:
    dataset = make_dataset("rund", title="Rund")
    entry = catalog.upsert_dataset(dataset)
    again = entry.to_dataset()
    assert again.descriptor == dataset.descriptor
    assert again.content_hash() == entry.content_hash
    assert json.loads(json.dumps(entry.to_dict()))["name"] == "rund"


def test_remove_only_local_and_cascades(catalog: LocalCatalog, make_dataset: MakeDataset) -> None:
    dataset = make_dataset("weg", title="Weg damit")
    catalog.upsert_dataset(dataset)
    catalog.record_stage("weg", "validate", "h1")
    catalog.put_extra("weg", "mqa", {"score": 300})
    harvested = Dataset({"name": "geerntet"}, basepath=Path("/nonexistent"))
    catalog.upsert_dataset(harvested, origin="harvested", source_url="https://example.org/dcat")
    with pytest.raises(CatalogProtectedError):
        catalog.remove("geerntet")
    assert catalog.remove("geerntet", origin="harvested").name == "geerntet"
    catalog.remove("weg")
    assert catalog.get("weg") is None and catalog.search("damit") == []
    for table in ("resources", "stages", "extras"):
        assert catalog._conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    assert (dataset.basepath / "data.csv").exists()  # files are never touched
    with pytest.raises(UnknownDatasetError):
        catalog.remove("weg")
    assert catalog.check() == []


def test_batch_is_all_or_nothing(catalog: LocalCatalog, make_dataset: MakeDataset) -> None:
    datasets = [make_dataset(f"teil-{i}") for i in range(3)]
    with pytest.raises(RuntimeError), catalog.batch():
        for dataset in datasets:
            catalog.upsert_dataset(dataset)
        raise RuntimeError("stop")
    assert catalog.count() == 0
    entries = catalog.upsert_datasets(datasets)
    assert [e.changed for e in entries] == [True, True, True] and catalog.count() == 3


def test_nested_failure_rolls_back_only_the_inner_part(catalog: LocalCatalog, make_dataset: MakeDataset) -> None:
    keep, lose = make_dataset("bleibt"), make_dataset("faellt")
    with catalog.batch():
        catalog.upsert_dataset(keep)
        with pytest.raises(CatalogConflictError):
            catalog.upsert_dataset(lose)  # fine
            catalog.upsert_dataset(lose, origin="harvested", source_url="https://x.example/dcat")
    assert catalog.names() == ["bleibt", "faellt"]


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    from stadtdaten.catalog.local import CatalogError

    bad = tmp_path / "cat" / "catalog.sqlite"
    bad.parent.mkdir()
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(CatalogError) as info:
        LocalCatalog.open(bad.parent)
    assert str(bad) in info.value.render() and info.value.exit_code == ExitCode.RUNTIME


def test_descriptor_is_stored_as_valid_json(catalog: LocalCatalog, make_dataset: MakeDataset) -> None:
    catalog.upsert_dataset(make_dataset("json", title="Ä ö ü ß"))
    raw = catalog._conn.execute("SELECT descriptor FROM datasets").fetchone()[0]
    assert json.loads(raw)["title"] == "Ä ö ü ß"
    with pytest.raises(sqlite3.IntegrityError):
        catalog._conn.execute("UPDATE datasets SET descriptor = 'not json'")
