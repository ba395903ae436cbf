"""``LocalCatalog``: the embedded catalogue every other component reads and writes.

One SQLite file (``<catalog dir>/catalog.sqlite``) holds the datasets with their descriptors and content
hashes, their resources and Table Schemas, the history of every report, the state of incremental
pipeline stages, derived extras (DCAT Turtle, MQA score ...) and a full-text index. Every public method is
one transaction; ``with catalog.batch():`` groups many into one. Writes are idempotent: the same content
stored twice writes nothing the second time, so re-runs converge.
"""

from __future__ import annotations

import builtins
import dataclasses
import difflib
import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from stadtdaten.catalog.local import search as search_index
from stadtdaten.catalog.local.db import Transactions, connect, timeout_from_env
from stadtdaten.catalog.local.errors import (
    CatalogConflictError,
    CatalogError,
    CatalogProtectedError,
    UnknownDatasetError,
)
from stadtdaten.catalog.local.folding import search_document
from stadtdaten.catalog.local.migrations import SCHEMA_VERSION, current_version, migrate
from stadtdaten.catalog.local.models import (
    ORIGINS,
    CatalogEntry,
    Extra,
    ReportRecord,
    ReportTrend,
    ResourceEntry,
    SearchHit,
    StageState,
    compress,
    decompress,
)
from stadtdaten.catalog.local.paths import catalog_dir, catalog_file
from stadtdaten.catalog.local.snapshot import DatasetSnapshot, snapshot
from stadtdaten.core.dataset import Dataset
from stadtdaten.core.findings import Severity
from stadtdaten.core.report import DatasetResult, Finding, Report

_DATASET_COLUMNS = (
    "id, name, title, description, origin, source_path, source_url, descriptor, content_hash, created, updated, revision"
)
_REPORT_COLUMNS = (
    "reports.id, reports.run_id, reports.command, reports.dataset, reports.timestamp, reports.result, reports.errors, "
    "reports.warnings, reports.infos, reports.codes, reports.content_hash, runs.tool_version, reports.report"
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class LocalCatalog:
    """The embedded catalogue. Open with :meth:`open`; one instance per thread (SQLite connections are not
    shared across threads); any number of processes may use the same file at once."""

    def __init__(self, path: Path, conn: sqlite3.Connection, timeout: float) -> None:
        self.path = path
        self._conn = conn
        self._tx = Transactions(conn, path, timeout)

    # -- opening ---------------------------------------------------------------------------------------

    @classmethod
    def open(cls, location: str | Path | None = None, *, timeout: float | None = None) -> LocalCatalog:
        """Open (and create or migrate) the catalogue in folder ``location`` (or that ``.sqlite`` file).

        Without ``location``: ``STADTDATEN_CATALOG``, else the project config's ``catalog_dir``
        (``.stadtdaten`` next to ``stadtdaten.toml``, or in the working directory).
        """
        file = catalog_file(location if location is not None else catalog_dir())
        try:
            created = not file.parent.exists()
            file.parent.mkdir(parents=True, exist_ok=True)
            ignore = file.parent / ".gitignore"
            if (created or file.parent.name == ".stadtdaten") and not ignore.exists():
                # the catalogue is local state, not content: keep it out of the dataset repository (but never
                # write into a folder the user already had, such as a repository root given as --catalog .)
                ignore.write_text("# local stadtdaten catalogue (created automatically)\n*\n")
        except OSError as exc:
            raise CatalogError(exc.strerror or str(exc), path=str(file)) from exc
        wait = timeout if timeout is not None else timeout_from_env()
        conn = connect(file, wait)
        catalog = cls(file, conn, wait)
        try:
            migrate(catalog._tx)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise CatalogError(str(exc), path=str(file)) from exc
        except BaseException:
            conn.close()
            raise
        return catalog

    @staticmethod
    def exists(location: str | Path) -> bool:
        """Is there a catalogue at ``location``? (Read-only commands do not create one.)"""
        return catalog_file(location).is_file()

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> LocalCatalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"LocalCatalog({str(self.path)!r})"

    @property
    def schema_version(self) -> int:
        return current_version(self._conn)

    @contextmanager
    def batch(self) -> Iterator[LocalCatalog]:
        """One transaction around many calls: all of them are stored, or (on error or kill) none."""
        with self._tx.write():
            yield self

    @contextmanager
    def snapshot(self) -> Iterator[LocalCatalog]:
        """A consistent view across several reads while other processes keep writing."""
        with self._tx.read():
            yield self

    # -- datasets --------------------------------------------------------------------------------------

    def upsert_dataset(
        self, dataset: Dataset, *, origin: str = "local", source_url: str | None = None, replace: bool = False
    ) -> CatalogEntry:
        """Register or update ``dataset``; nothing is written when its content hash and source are unchanged.

        A local dataset never silently replaces a harvested one with the same name (or vice versa), nor
        one registered from another folder that still exists: that is a :class:`CatalogConflictError`
        unless ``replace`` is given.
        """
        if origin not in ORIGINS:
            raise ValueError(f"origin must be one of {ORIGINS}, not {origin!r}")
        if origin == "harvested" and not source_url:
            raise ValueError("a harvested dataset needs its source_url")
        snap = snapshot(dataset)  # file I/O before the lock
        if origin == "harvested":  # where a harvester ran is no property of the dataset: its source_url is
            snap = dataclasses.replace(snap, source_path=None)
        current = self._entry_row(snap.name)
        if current is not None and self._same(current, snap, origin, source_url):
            return self._entry(current)
        with self._tx.write() as conn:
            current = self._entry_row(snap.name)  # re-read under the write lock
            if current is not None and self._same(current, snap, origin, source_url):
                return self._entry(current)
            if current is not None and not replace:
                self._check_conflict(current, snap, origin, source_url)
            now = _now()
            if current is None:
                cursor = conn.execute(
                    "INSERT INTO datasets (name, title, description, origin, source_path, source_url, descriptor, "
                    "content_hash, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (snap.name, snap.title, snap.description, origin, snap.source_path, source_url,
                     snap.descriptor_json, snap.content_hash, now, now),
                )  # fmt: skip
                dataset_id = int(cursor.lastrowid or 0)
            else:
                dataset_id = int(current["id"])
                conn.execute(
                    "UPDATE datasets SET title = ?, description = ?, origin = ?, source_path = ?, source_url = ?, "
                    "descriptor = ?, content_hash = ?, updated = ?, revision = revision + 1 WHERE id = ?",
                    (snap.title, snap.description, origin, snap.source_path, source_url, snap.descriptor_json,
                     snap.content_hash, now, dataset_id),
                )  # fmt: skip
                conn.execute("DELETE FROM resources WHERE dataset_id = ?", (dataset_id,))
            conn.executemany(
                "INSERT INTO resources (dataset_id, position, name, path, format, bytes, hash, schema, schema_ref) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (dataset_id, position, r.name, r.path, r.format, r.bytes, r.hash,
                     json.dumps(r.schema, ensure_ascii=False, default=str) if r.schema is not None else None, r.schema_ref)
                    for position, r in enumerate(snap.resources)
                ],
            )  # fmt: skip
            schemas = [r.schema for r in snap.resources]
            search_index.index(conn, dataset_id, search_document(snap.name, snap.descriptor, schemas))
            row = self._entry_row(snap.name)
            assert row is not None
            return self._entry(row, changed=True)

    def upsert_datasets(self, datasets: builtins.list[Dataset], **options: Any) -> builtins.list[CatalogEntry]:
        """Many upserts in one transaction (much faster than one by one; all or nothing)."""
        with self.batch():
            return [self.upsert_dataset(d, **options) for d in datasets]

    @staticmethod
    def _same(row: sqlite3.Row, snap: DatasetSnapshot, origin: str, source_url: str | None) -> bool:
        return (
            row["content_hash"] == snap.content_hash
            and row["origin"] == origin
            and row["source_url"] == source_url
            and row["source_path"] == snap.source_path
        )

    @staticmethod
    def _check_conflict(row: sqlite3.Row, snap: DatasetSnapshot, origin: str, source_url: str | None) -> None:
        def where(kind: str, path: str | None, url: str | None) -> str:
            return f"{kind} {url}" if kind == "harvested" else f"{kind} {path}"

        existing = where(row["origin"], row["source_path"], row["source_url"])
        incoming = where(origin, snap.source_path, source_url)
        if row["origin"] != origin:
            raise CatalogConflictError(name=snap.name, existing=existing, incoming=incoming)
        old_path = row["source_path"]
        if origin == "local" and old_path and old_path != snap.source_path and Path(old_path).exists():
            raise CatalogConflictError(name=snap.name, existing=existing, incoming=incoming)

    def get(self, name: str) -> CatalogEntry | None:
        """The dataset called ``name``, or None."""
        with self._tx.read():
            row = self._entry_row(name)
            return self._entry(row) if row is not None else None

    def require(self, name: str) -> CatalogEntry:
        """Like :meth:`get`, but an unknown name is an :class:`UnknownDatasetError` naming close matches."""
        entry = self.get(name)
        if entry is None:
            raise UnknownDatasetError(name, str(self.path), self.suggest(name))
        return entry

    def list(
        self,
        *,
        origin: str | None = None,
        modified_since: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> builtins.list[CatalogEntry]:
        """Datasets sorted by name; ``modified_since`` (ISO timestamp) compares with ``updated`` (paged DCAT)."""
        where, params = self._filters(origin, modified_since)
        page = " LIMIT ? OFFSET ?" if limit is not None else ""
        page_params: builtins.list[Any] = [limit, offset] if limit is not None else []
        with self._tx.read() as conn:
            rows = conn.execute(
                f"SELECT {_DATASET_COLUMNS} FROM datasets{where} ORDER BY name{page}", [*params, *page_params]
            ).fetchall()
            ids = [row["id"] for row in rows]
            resources = self._resources(ids) if ids else {}
        return [self._entry(row, resources=resources.get(row["id"], ())) for row in rows]

    def count(self, *, origin: str | None = None, modified_since: str | None = None) -> int:
        where, params = self._filters(origin, modified_since)
        return int(self._conn.execute(f"SELECT count(*) FROM datasets{where}", params).fetchone()[0])

    def names(self) -> builtins.list[str]:
        return [row[0] for row in self._conn.execute("SELECT name FROM datasets ORDER BY name")]

    def suggest(self, name: str, limit: int = 5) -> builtins.list[str]:
        """Close matches for a mistyped id: similar ids first, then ids containing it, then search hits."""
        names = self.names()
        found = difflib.get_close_matches(name, names, n=limit, cutoff=0.6)
        found += [n for n in names if name.lower() in n.lower() and n not in found]
        if len(found) < limit:
            found += [h.name for h in self.search(name, limit=limit) if h.name not in found]
        return found[:limit]

    def remove(self, name: str, *, origin: str = "local") -> CatalogEntry:
        """Remove a dataset's entry (never its files). Only datasets of ``origin`` are removed: a harvested
        dataset is kept in step by its harvest, so removing it as a local one is refused. Its report history
        stays (reports name datasets by text) and returns when the dataset is registered again."""
        with self._tx.write() as conn:
            row = self._entry_row(name)
            if row is None:
                raise UnknownDatasetError(name, str(self.path), self.suggest(name))
            if row["origin"] != origin:
                raise CatalogProtectedError(name=name, source=row["source_url"] or row["source_path"])
            entry = self._entry(row)
            search_index.unindex(conn, row["id"])
            conn.execute("DELETE FROM datasets WHERE id = ?", (row["id"],))
            return entry

    @staticmethod
    def _filters(origin: str | None, modified_since: str | None) -> tuple[str, builtins.list[Any]]:
        clauses, params = [], []
        if origin:
            clauses.append("origin = ?")
            params.append(origin)
        if modified_since:
            clauses.append("updated >= ?")
            params.append(modified_since)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def _entry_row(self, name: str) -> sqlite3.Row | None:
        cursor = self._conn.execute(f"SELECT {_DATASET_COLUMNS} FROM datasets WHERE name = ?", (name,))
        cursor.row_factory = sqlite3.Row
        row: sqlite3.Row | None = cursor.fetchone()
        return row

    def _resources(self, ids: builtins.list[int]) -> dict[int, tuple[ResourceEntry, ...]]:
        grouped: dict[int, builtins.list[ResourceEntry]] = {}
        for chunk_start in range(0, len(ids), 900):
            chunk = ids[chunk_start : chunk_start + 900]
            marks = ", ".join("?" for _ in chunk)
            for row in self._conn.execute(
                "SELECT dataset_id, position, name, path, format, bytes, hash, schema, schema_ref FROM resources "
                f"WHERE dataset_id IN ({marks}) ORDER BY dataset_id, position",
                chunk,
            ):
                grouped.setdefault(row[0], []).append(
                    ResourceEntry(
                        name=row[2],
                        position=row[1],
                        path=row[3],
                        format=row[4],
                        bytes=row[5],
                        hash=row[6],
                        schema=json.loads(row[7]) if row[7] else None,
                        schema_ref=row[8],
                    )
                )
        return {key: tuple(value) for key, value in grouped.items()}

    def _entry(
        self, row: sqlite3.Row, *, changed: bool = False, resources: tuple[ResourceEntry, ...] | None = None
    ) -> CatalogEntry:
        if resources is None:
            resources = self._resources([row["id"]]).get(row["id"], ())
        return CatalogEntry(
            name=row["name"],
            title=row["title"],
            description=row["description"],
            origin=row["origin"],
            source_path=row["source_path"],
            source_url=row["source_url"],
            content_hash=row["content_hash"],
            descriptor=json.loads(row["descriptor"]),
            created=row["created"],
            updated=row["updated"],
            revision=row["revision"],
            resources=resources,
            changed=changed,
        )

    def _dataset_id(self, name: str) -> int | None:
        row = self._conn.execute("SELECT id FROM datasets WHERE name = ?", (name,)).fetchone()
        return int(row[0]) if row else None

    def _require_id(self, name: str) -> int:
        dataset_id = self._dataset_id(name)
        if dataset_id is None:
            raise UnknownDatasetError(name, str(self.path), self.suggest(name))
        return dataset_id

    # -- search ----------------------------------------------------------------------------------------

    def search(
        self,
        text: str,
        limit: int = 20,
        *,
        offset: int = 0,
        origin: str | None = None,
        mark: tuple[str, str] = ("**", "**"),
    ) -> builtins.list[SearchHit]:
        """Full text over titles, descriptions, keywords, column names and column descriptions (German and
        English), best first (bm25). Every word must match, as a word prefix or as part of a compound
        (``baum`` finds ``Stadtbäume``), in any spelling (``baeume`` = ``bäume``); when no dataset has every
        word, datasets with any of them are returned with ``all_terms=False``. Matches in the snippet are
        wrapped in ``mark`` (use sentinels and escape before turning them into HTML)."""
        with self._tx.read() as conn:
            return search_index.search(conn, text, limit=limit, offset=offset, origin=origin, mark=mark)

    def reindex(self) -> int:
        """Rebuild the search index from the stored descriptors; returns the number of datasets indexed."""
        with self._tx.write() as conn:
            return search_index.reindex(conn)

    # -- report history --------------------------------------------------------------------------------

    def add_report(self, report: Report) -> int:
        """Store the run and each dataset's result; returns the number of dataset results stored.

        Adding the same run again replaces its rows (a pipeline may add stages to a run), so it converges.
        Each result is judged passed/warning/failed with the run's own ``fail_on``.
        """
        fail_on = str(report.options.get("fail_on", "error"))
        timestamp = report.ended or report.started
        rows = []
        for result in report.datasets:
            counts = result.counts()
            codes = Counter(f.code for f in result.findings)
            codes.update(result.omitted)
            rows.append(
                (report.run_id, result.name, report.command, timestamp, _judge(counts, fail_on), counts["error"],
                 counts["warning"], counts["info"], json.dumps(dict(sorted(codes.items()))), result.content_hash,
                 compress(result.to_dict()))
            )  # fmt: skip
        run_findings = compress([f.to_dict() for f in report.findings]) if report.findings else None
        with self._tx.write() as conn:
            conn.execute(
                "INSERT INTO runs (run_id, command, started, ended, tool_version, result, options, counts, findings, stored) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id) DO UPDATE SET command = excluded.command, "
                "started = excluded.started, ended = excluded.ended, tool_version = excluded.tool_version, "
                "result = excluded.result, options = excluded.options, counts = excluded.counts, "
                "findings = excluded.findings, stored = excluded.stored",
                (report.run_id, report.command, report.started, report.ended, report.tool_version,
                 report.result(fail_on if fail_on in ("error", "warning", "info", "never") else "error"),
                 json.dumps(report.options, ensure_ascii=False, default=str), json.dumps(dict(report.counts())),
                 run_findings, _now()),
            )  # fmt: skip
            conn.executemany(
                "INSERT INTO reports (run_id, dataset, command, timestamp, result, errors, warnings, infos, codes, "
                "content_hash, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, dataset) DO UPDATE SET "
                "command = excluded.command, timestamp = excluded.timestamp, result = excluded.result, "
                "errors = excluded.errors, warnings = excluded.warnings, infos = excluded.infos, codes = excluded.codes, "
                "content_hash = excluded.content_hash, report = excluded.report",
                rows,
            )
        return len(rows)

    def reports(self, name: str, limit: int | None = 10, *, command: str | None = None) -> builtins.list[ReportRecord]:
        """The history of one dataset, newest first."""
        sql = f"SELECT {_REPORT_COLUMNS} FROM reports JOIN runs USING (run_id) WHERE reports.dataset = ?"
        params: builtins.list[Any] = [name]
        if command:
            sql += " AND reports.command = ?"
            params.append(command)
        sql += " ORDER BY reports.timestamp DESC, reports.id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with self._tx.read() as conn:
            return [_record(row) for row in conn.execute(sql, params)]

    def latest_report(self, name: str, command: str | None = None) -> ReportRecord | None:
        found = self.reports(name, 1, command=command)
        return found[0] if found else None

    def latest_reports(self, command: str | None = None, *, catalogued_only: bool = True) -> dict[str, ReportRecord]:
        """The newest report of every dataset (for the catalogue-wide DCAT and the served pages)."""
        return {t.dataset: t.current for t in self._last_two(command, catalogued_only)}

    def trend(self, name: str, command: str = "validate") -> ReportTrend | None:
        """The latest result of ``name`` against its previous one for ``command`` (None: never run)."""
        history = self.reports(name, 2, command=command)
        if not history:
            return None
        return ReportTrend(name, history[0], history[1] if len(history) > 1 else None)

    def trends(self, command: str = "validate", *, catalogued_only: bool = True) -> builtins.list[ReportTrend]:
        """:meth:`trend` for every dataset in one query (the governance report across the catalogue)."""
        return self._last_two(command, catalogued_only)

    def _last_two(self, command: str | None, catalogued_only: bool) -> builtins.list[ReportTrend]:
        columns = _REPORT_COLUMNS.replace("reports.", "r.").replace("runs.", "u.")
        sql = (
            f"SELECT * FROM (SELECT {columns}, ROW_NUMBER() OVER (PARTITION BY r.dataset ORDER BY r.timestamp DESC, r.id DESC) "
            "AS position FROM reports AS r JOIN runs AS u USING (run_id)"
        )
        clauses, params = [], []
        if command:
            clauses.append("r.command = ?")
            params.append(command)
        if catalogued_only:
            clauses.append("r.dataset IN (SELECT name FROM datasets)")
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += ") WHERE position <= 2 ORDER BY dataset, position"
        trends: builtins.list[ReportTrend] = []
        with self._tx.read() as conn:
            for row in conn.execute(sql, params):
                record = _record(row)
                if row[-1] == 1:
                    trends.append(ReportTrend(record.dataset, record, None))
                else:
                    last = trends[-1]
                    trends[-1] = ReportTrend(last.dataset, last.current, record)
        return trends

    def run_report(self, run_id: str) -> Report | None:
        """The whole stored report of a run, rebuilt from its rows (renders in any language)."""
        with self._tx.read() as conn:
            run = conn.execute(
                "SELECT command, started, ended, tool_version, options, findings FROM runs WHERE run_id = ?", (run_id,)
            ).fetchone()
            if run is None:
                return None
            results = [
                DatasetResult.from_dict(decompress(row[0]))
                for row in conn.execute("SELECT report FROM reports WHERE run_id = ? ORDER BY id", (run_id,))
            ]
        return Report(
            command=run[0],
            datasets=results,
            findings=[Finding.from_dict(f) for f in decompress(run[5])] if run[5] else [],
            run_id=run_id,
            tool_version=run[3],
            started=run[1],
            ended=run[2],
            options=json.loads(run[4]),
        )

    def runs(self, limit: int = 20) -> builtins.list[dict[str, Any]]:
        """The latest runs (id, command, times, result, counts), newest first."""
        rows = self._conn.execute(
            "SELECT run_id, command, started, ended, tool_version, result, counts, "
            "(SELECT count(*) FROM reports WHERE reports.run_id = runs.run_id) FROM runs "
            "ORDER BY coalesce(ended, started) DESC LIMIT ?",
            (limit,),
        ).fetchall()
        keys = ("run_id", "command", "started", "ended", "tool_version", "result", "counts", "datasets")
        return [{**dict(zip(keys, row, strict=True)), "counts": json.loads(row[6])} for row in rows]

    def prune_reports(self, keep: int = 100) -> int:
        """Keep the newest ``keep`` reports per dataset and command; returns how many were deleted."""
        with self._tx.write() as conn:
            deleted = conn.execute(
                "DELETE FROM reports WHERE id IN (SELECT id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY dataset, command "
                "ORDER BY timestamp DESC, id DESC) AS position FROM reports) WHERE position > ?)",
                (keep,),
            ).rowcount
            conn.execute("DELETE FROM runs WHERE run_id NOT IN (SELECT DISTINCT run_id FROM reports) AND findings IS NULL")
            return int(deleted)

    # -- incremental stages ----------------------------------------------------------------------------

    def stage_state(self, name: str, stage: str) -> StageState | None:
        row = self._conn.execute(
            "SELECT stages.input_hash, stages.output, stages.run_id, stages.updated FROM stages "
            "JOIN datasets ON datasets.id = stages.dataset_id WHERE datasets.name = ? AND stages.stage = ?",
            (name, stage),
        ).fetchone()
        if row is None:
            return None
        return StageState(name, stage, row[0], json.loads(row[1]) if row[1] else None, row[2], row[3])

    def needs_run(self, name: str, stage: str, input_hash: str) -> bool:
        """True unless ``stage`` last succeeded for ``name`` on exactly ``input_hash``."""
        state = self.stage_state(name, stage)
        return state is None or state.input_hash != input_hash

    def record_stage(
        self, name: str, stage: str, input_hash: str, output: Any = None, *, run_id: str | None = None
    ) -> StageState:
        """Record that ``stage`` succeeded for ``name`` on ``input_hash``; ``output`` is any JSON (files, ids).

        Call it after the stage's own output is safely written: a kill in between only means the stage
        runs once more next time. The dataset must be in the catalogue.
        """
        encoded = json.dumps(output, ensure_ascii=False, sort_keys=True, default=str) if output is not None else None
        with self._tx.write() as conn:
            dataset_id = self._require_id(name)
            current = conn.execute(
                "SELECT input_hash, output FROM stages WHERE dataset_id = ? AND stage = ?", (dataset_id, stage)
            ).fetchone()
            if current is None or (current[0], current[1]) != (input_hash, encoded):
                conn.execute(
                    "INSERT INTO stages (dataset_id, stage, input_hash, output, run_id, updated) VALUES (?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (dataset_id, stage) DO UPDATE SET input_hash = excluded.input_hash, "
                    "output = excluded.output, run_id = excluded.run_id, updated = excluded.updated",
                    (dataset_id, stage, input_hash, encoded, run_id, _now()),
                )
        state = self.stage_state(name, stage)
        assert state is not None
        return state

    def stage_states(self, stage: str) -> dict[str, StageState]:
        """Every dataset's state for ``stage`` in one query (a run over many datasets asks once)."""
        rows = self._conn.execute(
            "SELECT datasets.name, stages.input_hash, stages.output, stages.run_id, stages.updated FROM stages "
            "JOIN datasets ON datasets.id = stages.dataset_id WHERE stages.stage = ?",
            (stage,),
        ).fetchall()
        return {r[0]: StageState(r[0], stage, r[1], json.loads(r[2]) if r[2] else None, r[3], r[4]) for r in rows}

    def stages(self, name: str) -> dict[str, StageState]:
        """Every recorded stage of one dataset."""
        rows = self._conn.execute(
            "SELECT stages.stage, stages.input_hash, stages.output, stages.run_id, stages.updated FROM stages "
            "JOIN datasets ON datasets.id = stages.dataset_id WHERE datasets.name = ? ORDER BY stages.stage",
            (name,),
        ).fetchall()
        return {r[0]: StageState(name, r[0], r[1], json.loads(r[2]) if r[2] else None, r[3], r[4]) for r in rows}

    def forget_stage(self, name: str, stage: str | None = None) -> int:
        """Make ``stage`` (or every stage) of ``name`` run again next time."""
        with self._tx.write() as conn:
            dataset_id = self._dataset_id(name)
            if dataset_id is None:
                return 0
            if stage is None:
                return int(conn.execute("DELETE FROM stages WHERE dataset_id = ?", (dataset_id,)).rowcount)
            return int(conn.execute("DELETE FROM stages WHERE dataset_id = ? AND stage = ?", (dataset_id, stage)).rowcount)

    # -- extras ----------------------------------------------------------------------------------------

    def put_extra(self, name: str, key: str, value: Any) -> bool:
        """Store a derived value for a dataset: ``str`` as text, ``bytes`` as is, anything else as JSON.

        It remembers the dataset's content hash, so :meth:`extra` can tell a stale value. Returns False
        when the identical value was already there (nothing written).
        """
        if isinstance(value, bytes):
            kind, stored = "bytes", value
        elif isinstance(value, str):
            kind, stored = "text", value.encode()
        else:
            kind, stored = "json", json.dumps(value, ensure_ascii=False, sort_keys=True, default=str).encode()
        with self._tx.write() as conn:
            row = conn.execute("SELECT id, content_hash FROM datasets WHERE name = ?", (name,)).fetchone()
            if row is None:
                raise UnknownDatasetError(name, str(self.path), self.suggest(name))
            current = conn.execute(
                "SELECT kind, value, dataset_hash FROM extras WHERE dataset_id = ? AND key = ?", (row[0], key)
            ).fetchone()
            if current is not None and (current[0], bytes(current[1]), current[2]) == (kind, stored, row[1]):
                return False
            conn.execute(
                "INSERT INTO extras (dataset_id, key, kind, value, dataset_hash, updated) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (dataset_id, key) DO UPDATE SET kind = excluded.kind, value = excluded.value, "
                "dataset_hash = excluded.dataset_hash, updated = excluded.updated",
                (row[0], key, kind, stored, row[1], _now()),
            )
            return True

    def get_extra(self, name: str, key: str, default: Any = None) -> Any:
        found = self.extra(name, key)
        return found.value if found is not None else default

    def extra(self, name: str, key: str) -> Extra | None:
        found = self._extras(name, key)
        return found.get(key)

    def extras(self, name: str) -> dict[str, Extra]:
        return self._extras(name, None)

    def delete_extra(self, name: str, key: str) -> bool:
        with self._tx.write() as conn:
            cursor = conn.execute(
                "DELETE FROM extras WHERE key = ? AND dataset_id = (SELECT id FROM datasets WHERE name = ?)", (key, name)
            )
            return cursor.rowcount > 0

    def _extras(self, name: str, key: str | None) -> dict[str, Extra]:
        sql = (
            "SELECT extras.key, extras.kind, extras.value, extras.dataset_hash, extras.updated, datasets.content_hash "
            "FROM extras JOIN datasets ON datasets.id = extras.dataset_id WHERE datasets.name = ?"
        )
        params: builtins.list[Any] = [name]
        if key is not None:
            sql += " AND extras.key = ?"
            params.append(key)
        result = {}
        for row in self._conn.execute(sql + " ORDER BY extras.key", params):
            raw = bytes(row[2]) if row[2] is not None else b""
            value: Any = raw if row[1] == "bytes" else raw.decode() if row[1] == "text" else json.loads(raw)
            result[row[0]] = Extra(name, row[0], value, row[3], row[4], current=row[3] == row[5])
        return result

    # -- health ----------------------------------------------------------------------------------------

    def check(self) -> builtins.list[str]:
        """Problems in the file (empty when healthy): SQLite integrity, foreign keys, search index in step."""
        problems = []
        with self._tx.read() as conn:
            integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            if integrity != ["ok"]:
                problems += [f"integrity: {line}" for line in integrity]
            problems += [f"foreign key: {tuple(row)}" for row in conn.execute("PRAGMA foreign_key_check")]
            unindexed = conn.execute("SELECT count(*) FROM datasets WHERE id NOT IN (SELECT rowid FROM search)").fetchone()[0]
            orphaned = conn.execute("SELECT count(*) FROM search WHERE rowid NOT IN (SELECT id FROM datasets)").fetchone()[0]
            if unindexed or orphaned:
                problems.append(f"search index: {unindexed} datasets not indexed, {orphaned} entries without dataset")
        try:
            with self._tx.write() as conn:
                conn.execute("INSERT INTO search (search) VALUES ('integrity-check')")
        except (sqlite3.DatabaseError, CatalogError) as exc:
            problems.append(f"search index: {exc}")
        version = self.schema_version
        if version != SCHEMA_VERSION:
            problems.append(f"schema version {version}, expected {SCHEMA_VERSION}")
        return problems


def _judge(counts: Counter[str], fail_on: str) -> str:
    if fail_on in ("error", "warning", "info"):
        threshold = Severity(fail_on).rank
        if any(counts[s.value] for s in Severity if s.rank >= threshold):
            return "failed"
    return "warning" if counts["warning"] else "passed"


def _record(row: Any) -> ReportRecord:
    return ReportRecord(
        id=row[0],
        run_id=row[1],
        command=row[2],
        dataset=row[3],
        timestamp=row[4],
        result=row[5],
        errors=row[6],
        warnings=row[7],
        infos=row[8],
        codes=json.loads(row[9]),
        content_hash=row[10],
        tool_version=row[11],
        blob=bytes(row[12]),
    )
