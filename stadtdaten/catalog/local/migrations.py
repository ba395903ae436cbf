"""Schema versions of the catalogue file and the steps between them.

The version lives in the ``meta`` table (key ``schema_version``; ``PRAGMA user_version`` mirrors it for
sqlite tools). Each migration runs in its own ``BEGIN IMMEDIATE`` transaction and re-reads the version
inside it, so several processes opening a new or old file at once apply every step exactly once. A file
from a newer stadtdaten is refused, never downgraded. Add a step by appending to :data:`MIGRATIONS`;
never edit a released one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from stadtdaten import __version__
from stadtdaten.catalog.local.db import Transactions
from stadtdaten.catalog.local.errors import CatalogVersionError

V1_TABLES = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE datasets (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    title        TEXT,
    description  TEXT,
    origin       TEXT NOT NULL CHECK (origin IN ('local', 'harvested')),
    source_path  TEXT,
    source_url   TEXT,
    descriptor   TEXT NOT NULL CHECK (json_valid(descriptor)),
    content_hash TEXT NOT NULL,
    created      TEXT NOT NULL,
    updated      TEXT NOT NULL,
    revision     INTEGER NOT NULL DEFAULT 1,
    CHECK (origin = 'local' OR source_url IS NOT NULL)
);
CREATE INDEX datasets_updated ON datasets (updated);
CREATE TABLE resources (
    dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    name       TEXT NOT NULL,
    path       TEXT,
    format     TEXT,
    bytes      INTEGER,
    hash       TEXT,
    schema     TEXT CHECK (schema IS NULL OR json_valid(schema)),
    schema_ref TEXT,
    PRIMARY KEY (dataset_id, position)
);
CREATE TABLE runs (
    run_id       TEXT PRIMARY KEY,
    command      TEXT NOT NULL,
    started      TEXT NOT NULL,
    ended        TEXT,
    tool_version TEXT,
    result       TEXT,
    options      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(options)),
    counts       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(counts)),
    findings     BLOB,
    stored       TEXT NOT NULL
);
CREATE TABLE reports (
    id           INTEGER PRIMARY KEY,
    run_id       TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    dataset      TEXT NOT NULL,
    command      TEXT NOT NULL,
    timestamp    TEXT NOT NULL,
    result       TEXT NOT NULL CHECK (result IN ('passed', 'warning', 'failed')),
    errors       INTEGER NOT NULL,
    warnings     INTEGER NOT NULL,
    infos        INTEGER NOT NULL,
    codes        TEXT NOT NULL CHECK (json_valid(codes)),
    content_hash TEXT,
    report       BLOB NOT NULL,
    UNIQUE (run_id, dataset)
);
CREATE INDEX reports_history ON reports (dataset, command, timestamp DESC, id DESC);
CREATE TABLE stages (
    dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    stage      TEXT NOT NULL,
    input_hash TEXT NOT NULL,
    output     TEXT CHECK (output IS NULL OR json_valid(output)),
    run_id     TEXT,
    updated    TEXT NOT NULL,
    PRIMARY KEY (dataset_id, stage)
);
CREATE TABLE extras (
    dataset_id   INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    key          TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('text', 'json', 'bytes')),
    value        BLOB,
    dataset_hash TEXT,
    updated      TEXT NOT NULL,
    PRIMARY KEY (dataset_id, key)
);
"""
"""Reports name their dataset by text, not by foreign key: the history of a dataset outlives a rename or
removal, and ``dcat check`` of a remote document reports on things that are not catalogued."""

V2_SEARCH = """
CREATE VIRTUAL TABLE search USING fts5 (
    name, title, description, keywords, columns, column_descriptions, title_alt, body_alt,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4'
);
"""
"""One FTS5 row per dataset, rowid = datasets.id. ``*_alt`` are the folded shadow columns (see folding)."""


def _v1(conn: sqlite3.Connection) -> None:
    for statement in V1_TABLES.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v2(conn: sqlite3.Connection) -> None:
    conn.execute(V2_SEARCH)
    from stadtdaten.catalog.local.search import reindex

    reindex(conn)


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[sqlite3.Connection], None]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "datasets, resources, report history, stage state, extras", _v1),
    Migration(2, "full-text search (FTS5) with German folding", _v2),
)
SCHEMA_VERSION = MIGRATIONS[-1].version


def current_version(conn: sqlite3.Connection) -> int:
    has_meta = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
    if not has_meta:
        return 0
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def migrate(tx: Transactions, target: int = SCHEMA_VERSION) -> int:
    """Bring the file to ``target``; returns the version found before. Cheap when nothing is to do."""
    found = current_version(tx.conn)
    if found > SCHEMA_VERSION:
        raise CatalogVersionError(path=str(tx.path), found=found, known=SCHEMA_VERSION)
    if found >= target:
        return found
    for step in MIGRATIONS:
        if step.version > target:
            break
        with tx.write() as conn:
            version = current_version(conn)  # another process may have got here first
            if version >= step.version:
                continue
            step.apply(conn)
            now = datetime.now(UTC).isoformat(timespec="seconds")
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('schema_version', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (str(step.version),),
            )
            conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('created', ?)", (now,))
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('migrated_by', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (f"stadtdaten {__version__} at {now}",),
            )
            conn.execute(f"PRAGMA user_version = {int(step.version)}")
    return found
