"""Full-text search over the catalogue: one FTS5 table, bm25 ranking, German folding (see :mod:`.folding`)."""

from __future__ import annotations

import heapq
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


BM25_LIMIT = 3000
"""bm25 breaks ties only when at most this many datasets match: FTS5 computes it per matching row (~4 µs
each) and cannot compute it for a chosen few (a ``rowid IN (...)`` filter re-runs the query per rowid)."""


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
    sum orders the hits; then the points of every place a word is found (found in more places is better);
    then bm25 among the datasets still tied on the page; then the order of registration. An exact id
    match always comes first.
    """
    terms = query_terms(text)
    if not terms:
        return []
    all_terms = True
    expression = match_expression(terms)
    candidates = set(_rowids(conn, expression))
    if not candidates and len(terms) > 1:
        expression = match_expression(terms, any_term=True)
        candidates = set(_rowids(conn, expression))
        all_terms = False
    if origin and candidates:
        candidates &= {row[0] for row in conn.execute("SELECT id FROM datasets WHERE origin = ?", (origin,))}
    if not candidates:
        return []
    best: dict[int, float] = dict.fromkeys(candidates, 0.0)
    places: dict[int, float] = dict.fromkeys(candidates, 0.0)
    for term in terms:
        term_best: dict[int, float] = {}
        for columns, shadow, points in FIELD_BOOSTS:  # ordered by points, best first
            found = candidates.intersection(
                _rowids(conn, term_expression(term, () if shadow else columns, columns if shadow else ()))
            )
            for rowid in found:
                places[rowid] += points
                term_best.setdefault(rowid, points)
        for rowid, points in term_best.items():
            best[rowid] += points
    exact_names = {" ".join(terms).lower(), "-".join(terms).lower(), text.strip().lower()}
    marks = ", ".join("?" for _ in exact_names)
    exact = {row[0] for row in conn.execute(f"SELECT id FROM datasets WHERE lower(name) IN ({marks})", list(exact_names))}
    bm25: dict[int, float] = {}
    if len(candidates) <= BM25_LIMIT:
        cursor = conn.cursor()
        cursor.row_factory = None
        bm25 = dict(cursor.execute(f"SELECT rowid, {_BM25} FROM search WHERE search MATCH ?", (expression,)).fetchall())
    # one number per dataset, smaller is better: exact id, then points of the best places, then of all places
    score = {r: (0.0 if r in exact else 1e9) - best[r] * 1e4 - places[r] for r in candidates}
    page = heapq.nsmallest(offset + limit, candidates, key=lambda r: (score[r], bm25.get(r, 0.0), r))[offset:]
    rows = _details(conn, page)
    return [_hit(rows[r], terms, mark, all_terms, best[r], bm25.get(r)) for r in page]


def _rowids(conn: sqlite3.Connection, expression: str) -> list[int]:
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: a Row object per hit costs more than the FTS5 lookup
    return [row[0] for row in cursor.execute("SELECT rowid FROM search WHERE search MATCH ?", (expression,))]


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


def _hit(
    row: dict[str, Any], terms: list[str], mark: tuple[str, str], all_terms: bool, boost: float, bm25: float | None
) -> SearchHit:
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
