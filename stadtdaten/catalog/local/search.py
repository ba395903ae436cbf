"""Full-text search over the catalogue: one FTS5 table, bm25 ranking, German folding (see :mod:`.folding`)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from stadtdaten.catalog.local.folding import (
    ALL_COLUMNS,
    FIELD_BOOSTS,
    ORIGINAL_COLUMNS,
    WEIGHTS,
    SearchDocument,
    match_expression,
    query_terms,
    search_document,
    snippet,
    term_expression,
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
    """Datasets matching every word of ``text`` (as prefix or compound part), best first; any word as fallback.

    Ranking: each word scores the best place it is found (title > keywords > id > compound in the title >
    column names > column descriptions > description > compound in the body, see ``FIELD_BOOSTS``); the
    sum orders the hits, bm25 breaks ties, then the id. An exact id match always comes first.
    """
    terms = query_terms(text)
    if not terms:
        return []
    all_terms = True
    candidates = _candidates(conn, match_expression(terms), origin)
    if not candidates and len(terms) > 1:
        candidates = _candidates(conn, match_expression(terms, any_term=True), origin)
        all_terms = False
    if not candidates:
        return []
    boost = dict.fromkeys(candidates, 0.0)
    for term in terms:
        best = dict.fromkeys(candidates, 0.0)
        for columns, shadow, points in FIELD_BOOSTS:
            expression = term_expression(term, () if shadow else columns, columns if shadow else ())
            for rowid in _rowids(conn, expression):
                if rowid in best and best[rowid] < points:
                    best[rowid] = points
        for rowid, points in best.items():
            boost[rowid] += points
    exact = {" ".join(terms).lower(), text.strip().lower()}
    order = sorted(
        candidates.items(),
        key=lambda item: (
            item[1][0].replace("-", " ") not in exact and item[1][0] not in exact,
            -boost[item[0]],
            item[1][1],
            item[1][0],
        ),
    )
    page = [rowid for rowid, _ in order[offset : offset + limit]]
    rows = _details(conn, page)
    return [_hit(rows[rowid], terms, mark, all_terms, boost[rowid], candidates[rowid][1]) for rowid in page]


def _candidates(conn: sqlite3.Connection, expression: str, origin: str | None) -> dict[int, tuple[str, float]]:
    """rowid -> (dataset id, bm25) of every match; only integers and names, so even 10,000 hits are cheap."""
    sql = (
        f"SELECT search.rowid, datasets.name, {_BM25} FROM search JOIN datasets ON datasets.id = search.rowid "
        "WHERE search MATCH ?" + (" AND datasets.origin = ?" if origin else "")
    )
    params: list[Any] = [expression, origin] if origin else [expression]
    return {row[0]: (row[1], float(row[2])) for row in conn.execute(sql, params)}


def _rowids(conn: sqlite3.Connection, expression: str) -> list[int]:
    return [row[0] for row in conn.execute("SELECT rowid FROM search WHERE search MATCH ?", (expression,))]


def _details(conn: sqlite3.Connection, rowids: list[int]) -> dict[int, dict[str, Any]]:
    if not rowids:
        return {}
    columns = ", ".join(f"search.{c}" for c in ORIGINAL_COLUMNS)
    marks = ", ".join("?" for _ in rowids)
    cursor = conn.execute(
        f"SELECT search.rowid AS rowid, datasets.name AS dataset, datasets.title AS dataset_title, datasets.origin AS origin, "
        f"{columns} FROM search JOIN datasets ON datasets.id = search.rowid WHERE search.rowid IN ({marks})",
        rowids,
    )
    names = [d[0] for d in cursor.description]
    return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def _hit(row: dict[str, Any], terms: list[str], mark: tuple[str, str], all_terms: bool, boost: float, bm25: float) -> SearchHit:
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
        score=boost,
        bm25=bm25,
        snippet=text,
        title_marked=title_marked,
        matched=matched,
        all_terms=all_terms,
    )
