"""Full-text search over the catalogue: one FTS5 table, bm25 ranking, German folding (see :mod:`.folding`)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from stadtdaten.catalog.local.folding import (
    ALL_COLUMNS,
    ORIGINAL_COLUMNS,
    WEIGHTS,
    SearchDocument,
    match_expression,
    query_terms,
    search_document,
    snippet,
    term_matches,
    words,
)
from stadtdaten.catalog.local.models import SearchHit

_INSERT = f"INSERT INTO search (rowid, {', '.join(ALL_COLUMNS)}) VALUES (?, {', '.join('?' for _ in ALL_COLUMNS)})"
_BM25 = "bm25(search, " + ", ".join(str(WEIGHTS[c]) for c in ALL_COLUMNS) + ")"
SNIPPET_ORDER = ("description", "column_descriptions", "columns", "keywords", "name")


def index(conn: sqlite3.Connection, dataset_id: int, document: SearchDocument) -> None:
    conn.execute("DELETE FROM search WHERE rowid = ?", (dataset_id,))
    conn.execute(_INSERT, (dataset_id, *document.row()))


def unindex(conn: sqlite3.Connection, dataset_id: int) -> None:
    conn.execute("DELETE FROM search WHERE rowid = ?", (dataset_id,))


def document_for(conn: sqlite3.Connection, dataset_id: int, name: str, descriptor: dict[str, Any]) -> SearchDocument:
    schemas = [
        json.loads(row[0]) if row[0] else None
        for row in conn.execute("SELECT schema FROM resources WHERE dataset_id = ? ORDER BY position", (dataset_id,))
    ]
    return search_document(name, descriptor, schemas)


def reindex(conn: sqlite3.Connection) -> int:
    """Rebuild the whole index from the datasets table (after a folding change, or by a migration)."""
    conn.execute("DELETE FROM search")
    count = 0
    for dataset_id, name, descriptor in conn.execute("SELECT id, name, descriptor FROM datasets").fetchall():
        index(conn, dataset_id, document_for(conn, dataset_id, name, json.loads(descriptor)))
        count += 1
    return count


def search(
    conn: sqlite3.Connection,
    text: str,
    *,
    limit: int = 20,
    offset: int = 0,
    origin: str | None = None,
    mark: tuple[str, str] = ("**", "**"),
) -> list[SearchHit]:
    """Datasets matching every word of ``text`` (as prefix or compound part), best first; any word as fallback."""
    terms = query_terms(text)
    if not terms:
        return []
    rows = _query(conn, match_expression(terms), limit, offset, origin)
    all_terms = True
    if not rows and len(terms) > 1:
        rows = _query(conn, match_expression(terms, any_term=True), limit, offset, origin)
        all_terms = False
    exact = " ".join(terms).lower()
    hits = [_hit(row, terms, mark, all_terms) for row in rows]
    # an exact id match goes first whatever bm25 says (people paste ids)
    hits.sort(key=lambda h: (h.name.replace("-", " ") != exact and h.name != text.strip(),))
    return hits


def _query(conn: sqlite3.Connection, expression: str, limit: int, offset: int, origin: str | None) -> list[dict[str, Any]]:
    columns = ", ".join(f"search.{c}" for c in ORIGINAL_COLUMNS)
    sql = (
        f"SELECT datasets.name AS dataset, datasets.title AS dataset_title, datasets.origin, {_BM25} AS score, {columns} "
        "FROM search JOIN datasets ON datasets.id = search.rowid "
        "WHERE search MATCH ? "
        + ("AND datasets.origin = ? " if origin else "")
        + "ORDER BY score, datasets.name LIMIT ? OFFSET ?"
    )
    params: list[Any] = [expression]
    if origin:
        params.append(origin)
    params += [limit, offset]
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _hit(row: Any, terms: list[str], mark: tuple[str, str], all_terms: bool) -> SearchHit:
    matched = tuple(c for c in ("title", *SNIPPET_ORDER) if row[c] and any(term_matches(w, terms) for w in words(row[c])))
    text = None
    for column in SNIPPET_ORDER:
        if column in matched:
            text = snippet(row[column], terms, mark)
            if text:
                break
    title = row["dataset_title"]
    title_marked = snippet(title, terms, mark, width=len(words(title)) + 1) if title else None
    return SearchHit(
        name=row["dataset"],
        title=title,
        origin=row["origin"],
        score=float(row["score"]),
        snippet=text,
        title_marked=title_marked,
        matched=matched,
        all_terms=all_terms,
    )
