"""SQLite connection handling: WAL, busy timeout, foreign keys, and nestable write transactions.

Why these settings:

* **WAL** lets readers (``catalog list``, ``serve``) run while a validation run writes, and makes a
  commit a single append to the log; a process killed mid-transaction leaves an uncommitted tail that
  SQLite discards on the next open, so the file is always at a committed state.
* **BEGIN IMMEDIATE** for every write: the write lock is taken at the start, so two writers never both
  read, then both try to upgrade (the deadlock that deferred transactions end in with SQLITE_BUSY and no
  retry). Waiting for the lock goes through SQLite's busy handler (``busy_timeout``).
* **synchronous=NORMAL** in WAL is durable against a killed process (the case we test); only a power
  cut may lose the last commits, never consistency.
* **foreign_keys=ON** per connection (SQLite's default is off), so resources, extras and stage state
  disappear with their dataset.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from stadtdaten.catalog.local.errors import CatalogBusyError, CatalogError

DEFAULT_TIMEOUT = 30.0
"""Seconds a writer waits for another process's write lock (``STADTDATEN_CATALOG_TIMEOUT``)."""


def timeout_from_env() -> float:
    raw = os.environ.get("STADTDATEN_CATALOG_TIMEOUT")
    try:
        return float(raw) if raw else DEFAULT_TIMEOUT
    except ValueError:
        return DEFAULT_TIMEOUT


def connect(path: Path, timeout: float) -> sqlite3.Connection:
    """Open ``path`` in autocommit mode (we issue BEGIN/COMMIT ourselves) with the pragmas above."""
    try:
        conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None, check_same_thread=True)
    except sqlite3.Error as exc:
        raise CatalogError(str(exc), path=str(path)) from exc
    conn.row_factory = sqlite3.Row
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        _set_wal(conn, path, timeout)
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise CatalogError(str(exc), path=str(path)) from exc
    return conn


def _set_wal(conn: sqlite3.Connection, path: Path, timeout: float) -> None:
    """Switching to WAL needs a moment of exclusive access; a burst of processes opening a new file races."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.OperationalError as exc:
            if not is_busy(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)
            continue
        if str(mode).lower() != "wal":
            raise CatalogError(f"cannot switch to WAL journal mode (got {mode})", path=str(path))
        return


def is_busy(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class Transactions:
    """Nestable transactions on one connection: the outermost is BEGIN IMMEDIATE, inner ones SAVEPOINTs.

    Nesting lets callers group many writes (``with catalog.batch(): ...``) while each API method stays
    atomic on its own.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, timeout: float) -> None:
        self.conn = conn
        self.path = path
        self.timeout = timeout
        self.depth = 0
        self._reading = False

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        if self.depth == 0 and self._reading:
            raise CatalogError("a write inside a read snapshot is not allowed", path=str(self.path))
        if self.depth > 0:
            name = f"sp{self.depth}"
            self.conn.execute(f"SAVEPOINT {name}")
            self.depth += 1
            try:
                yield self.conn
            except BaseException:
                self.conn.execute(f"ROLLBACK TO {name}")
                self.conn.execute(f"RELEASE {name}")
                raise
            else:
                self.conn.execute(f"RELEASE {name}")
            finally:
                self.depth -= 1
            return
        self._begin("BEGIN IMMEDIATE")
        self.depth = 1
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
        finally:
            self.depth = 0

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot across several SELECTs (no lock on writers in WAL mode)."""
        if self.depth > 0 or self._reading:
            yield self.conn
            return
        self._begin("BEGIN DEFERRED")
        self._reading = True
        try:
            yield self.conn
        finally:
            self._reading = False
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    def _begin(self, statement: str) -> None:
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                self.conn.execute(statement)
                return
            except sqlite3.OperationalError as exc:
                if not is_busy(exc):
                    raise CatalogError(str(exc), path=str(self.path)) from exc
                if time.monotonic() > deadline:
                    raise CatalogBusyError(path=str(self.path), seconds=round(self.timeout, 1)) from exc
                time.sleep(0.01)
