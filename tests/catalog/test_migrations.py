"""Schema versions: a new or empty file, an old file with data, a file from the future."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from stadtdaten.catalog.local import SCHEMA_VERSION, CatalogVersionError, LocalCatalog
from stadtdaten.catalog.local.db import Transactions, connect
from stadtdaten.catalog.local.migrations import MIGRATIONS, current_version, migrate
from stadtdaten.core.exitcodes import ExitCode


def test_versions_are_consecutive() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert MIGRATIONS[-1].version == SCHEMA_VERSION


def test_an_empty_file_is_migrated_to_the_current_version(tmp_path: Path) -> None:
    file = tmp_path / "catalog.sqlite"
    file.touch()  # 0 bytes: what a crash right after creating the file would leave
    with LocalCatalog.open(tmp_path) as catalog:
        assert catalog.schema_version == SCHEMA_VERSION
        assert catalog._conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert catalog.check() == []
        created = catalog._conn.execute("SELECT value FROM meta WHERE key = 'created'").fetchone()[0]
    with LocalCatalog.open(tmp_path) as again:  # opening a current file changes nothing
        assert again._conn.execute("SELECT value FROM meta WHERE key = 'created'").fetchone()[0] == created


def test_a_version_1_file_with_data_gets_its_search_index(tmp_path: Path) -> None:
    file = tmp_path / "catalog.sqlite"
    conn = connect(file, 5.0)
    migrate(Transactions(conn, file, 5.0), target=1)
    assert current_version(conn) == 1
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'search'").fetchone()[0] == 0
    conn.execute(
        "INSERT INTO datasets (name, title, description, origin, descriptor, content_hash, created, updated) "
        "VALUES ('alt', 'Altkleidercontainer', 'Standorte', 'local', '{\"name\": \"alt\"}', 'sha256:x', 't', 't')"
    )
    conn.execute(
        "INSERT INTO resources (dataset_id, position, name, schema) VALUES "
        '(1, 0, \'standorte\', \'{"fields": [{"name": "strasse", "description": "Straße des Containers"}]}\')'
    )
    conn.close()
    with LocalCatalog.open(tmp_path) as catalog:
        assert catalog.schema_version == SCHEMA_VERSION
        assert [h.name for h in catalog.search("container")] == ["alt"]
        assert [h.name for h in catalog.search("straße")] == ["alt"]  # from the column description
        assert catalog.get("alt").resources[0].column_names == ["strasse"]  # type: ignore[union-attr]
        assert catalog.check() == []


def test_a_file_from_a_newer_stadtdaten_is_refused(tmp_path: Path) -> None:
    LocalCatalog.open(tmp_path).close()
    with sqlite3.connect(tmp_path / "catalog.sqlite") as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    with pytest.raises(CatalogVersionError) as info:
        LocalCatalog.open(tmp_path)
    assert info.value.exit_code == ExitCode.USAGE
    assert str(SCHEMA_VERSION + 1) in info.value.render()
