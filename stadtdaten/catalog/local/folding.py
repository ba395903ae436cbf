"""German-friendly search text: folding, compound parts and the FTS5 query built from what a user typed.

FTS5's ``unicode61 remove_diacritics 2`` tokenizer makes ``Bäume`` and ``baume`` the same token, but
German needs two more things:

* **Spelling variants.** ``Bäume``, ``Baeume`` and ``baume`` must meet, and ``Straße`` must meet
  ``Strasse``. :func:`collapse` maps all of them to one form (case-folded, diacritics and ``ß`` folded,
  then ``ae``/``oe``/``ue`` after the vowel reduced to the vowel). The same function folds the text and the
  query, so it never matters which spelling either side used; and it keeps prefixes prefixes, so a
  prefix query on the folded form still works.
* **Compounds.** ``baum`` must find ``Stadtbäume`` and ``Straßenbaumkataster``. A prefix query cannot
  (the token starts with ``stadt``), so the shadow columns also hold every suffix of a long word
  (``stadtbaume`` -> ``adtbaume`` ... ``baume``, ``aume``); the prefix query ``baum*`` then meets
  ``baume``. Cheaper than a trigram index (which needs SQLite 3.45 to fold diacritics), and ranking stays
  one bm25 over one table: the shadow columns weigh less, so a whole-word hit outranks a compound part.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

WORD = re.compile(r"[^\W_]+")
"""Letters and digits; ``_`` and ``-`` separate (column names like ``baum_art`` are two words)."""

_DIGRAPH = re.compile(r"([aou])e")
MIN_COMPOUND = 6
"""Words at least this long contribute their suffixes (``Baumart`` does, ``Baum`` does not)."""
MIN_PART = 4
"""Shortest suffix indexed: shorter parts (``ume``) would match almost anything."""

ORIGINAL_COLUMNS = ("name", "title", "description", "keywords", "columns", "column_descriptions")
SHADOW_COLUMNS = ("title_alt", "body_alt")
ALL_COLUMNS = ORIGINAL_COLUMNS + SHADOW_COLUMNS
WEIGHTS = {
    "name": 4.0,
    "title": 10.0,
    "description": 2.0,
    "keywords": 5.0,
    "columns": 3.0,
    "column_descriptions": 1.5,
    "title_alt": 4.0,
    "body_alt": 1.0,
}
"""bm25 column weights: the tie-breaker among datasets whose words sit in equally good places."""
FIELD_BOOSTS: tuple[tuple[tuple[str, ...], bool, float], ...] = (
    (("title",), False, 10.0),
    (("keywords",), False, 7.0),
    (("name",), False, 6.0),
    (("title_alt",), True, 6.0),
    (("columns",), False, 4.0),
    (("column_descriptions",), False, 3.0),
    (("description",), False, 2.0),
    (("body_alt",), True, 1.0),
)
"""Where a word sits decides the rank first: (columns, on the folded shadow?, points). Each query word
scores the best place it is found in; the sum orders the hits, bm25 breaks ties. bm25 alone cannot carry
the ranking in a small catalogue: its IDF drops to zero for a word in more than half the datasets, and a
department's catalogue has five datasets, not five million."""


def strip_diacritics(text: str) -> str:
    folded = text.casefold()
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=1 << 16)
def collapse(word: str) -> str:
    """``Bäume``, ``Baeume``, ``BAUME`` -> ``baume``; ``Straße`` -> ``strasse``; ``Grüße`` -> ``grusse``."""
    return _DIGRAPH.sub(r"\1", strip_diacritics(word))


@lru_cache(maxsize=1 << 16)
def _shadow_word(word: str) -> tuple[str, ...]:
    folded = collapse(word)
    if len(folded) >= MIN_COMPOUND and folded.isalpha():
        return (folded, *(folded[start:] for start in range(2, len(folded) - MIN_PART + 1)))
    return (folded,)


def words(text: str) -> list[str]:
    return WORD.findall(text)


def shadow_terms(texts: Iterable[str]) -> str:
    """The folded words of ``texts`` plus the suffixes of long ones, each once, as one space-separated text."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in words(text):
            seen.update(dict.fromkeys(_shadow_word(word)))
    return " ".join(seen)


@dataclass(frozen=True)
class SearchDocument:
    """What the search index holds for one dataset (one FTS5 row)."""

    name: str
    title: str
    description: str
    keywords: str
    columns: str
    column_descriptions: str

    def row(self) -> tuple[str, ...]:
        title_alt = shadow_terms([self.name.replace("-", " "), self.title, self.keywords])
        body_alt = shadow_terms([self.description, self.columns, self.column_descriptions])
        return (
            self.name,
            self.title,
            self.description,
            self.keywords,
            self.columns,
            self.column_descriptions,
            title_alt,
            body_alt,
        )


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, str | int | float) and str(v).strip()]
    return []


def search_document(name: str, descriptor: dict[str, Any], schemas: Iterable[dict[str, Any] | None]) -> SearchDocument:
    """Collect titles, descriptions, keywords, column names and column descriptions (German and English)."""
    dcat = descriptor.get("dcat") if isinstance(descriptor.get("dcat"), dict) else {}
    assert isinstance(dcat, dict)
    titles = _texts(descriptor.get("title")) + _texts(dcat.get("title_en"))
    descriptions = _texts(descriptor.get("description")) + _texts(dcat.get("description_en"))
    keywords = _texts(descriptor.get("keywords")) + _texts(dcat.get("keywords_en")) + _texts(dcat.get("themes"))
    resources = descriptor.get("resources") if isinstance(descriptor.get("resources"), list) else []
    assert isinstance(resources, list)
    for resource in resources:
        if isinstance(resource, dict):
            descriptions += _texts(resource.get("title")) + _texts(resource.get("description"))
    columns: list[str] = []
    column_texts: list[str] = []
    for schema in schemas:
        fields = schema.get("fields") if isinstance(schema, dict) else None
        for field in fields if isinstance(fields, list) else []:
            if not isinstance(field, dict):
                continue
            if isinstance(field.get("name"), str):
                columns.append(field["name"])
            parts = _texts(field.get("title")) + _texts(field.get("description"))
            if parts:
                column_texts.append(f"{field.get('name', '')}: " + ". ".join(parts))
    return SearchDocument(
        name=name,
        title=" · ".join(titles),
        description="\n".join(descriptions),
        keywords=", ".join(dict.fromkeys(keywords)),
        columns=" ".join(dict.fromkeys(columns)),
        column_descriptions=" | ".join(column_texts),
    )


def query_terms(text: str) -> list[str]:
    """The words of a user's query; FTS5 syntax in it is never interpreted (no injection, no syntax errors)."""
    return [w for w in words(text) if w]


def term_expression(term: str, columns: tuple[str, ...] = ORIGINAL_COLUMNS, shadows: tuple[str, ...] = SHADOW_COLUMNS) -> str:
    """One query word as FTS5 syntax: a prefix on the original ``columns`` or, folded, on the ``shadows``.

    The word is always quoted, so nothing a user types is read as FTS5 syntax (``AND``, ``*``, ``NEAR``).
    """
    parts = []
    if columns:
        raw = term.lower().replace('"', '""')
        parts.append(f'{{{" ".join(columns)}}} : "{raw}"*')
    if shadows:
        folded = collapse(term).replace('"', '""')
        parts.append(f'{{{" ".join(shadows)}}} : "{folded}"*')
    return "(" + " OR ".join(parts) + ")"


def match_expression(terms: list[str], *, any_term: bool = False) -> str:
    """Every term (or, with ``any_term``, any of them) anywhere in the document."""
    return (" OR " if any_term else " AND ").join(term_expression(t) for t in terms)


def term_matches(word: str, terms: list[str]) -> bool:
    """Does a word of the text match a query term the way the index does (prefix, or compound part)?"""
    folded = collapse(word)
    for term in terms:
        wanted = collapse(term)
        if not wanted:
            continue
        if folded.startswith(wanted):
            return True
        if len(folded) >= MIN_COMPOUND and folded.isalpha():
            position = folded.find(wanted, 2)
            if 0 <= position <= len(folded) - MIN_PART:
                return True
    return False


def snippet(text: str, terms: list[str], mark: tuple[str, str], width: int = 12) -> str | None:
    """A window of ``width`` words around the first match, matches wrapped in ``mark``; None without a match.

    Built here rather than with FTS5's ``snippet()``, which only marks whole tokens: it would find
    ``Stadtbäume`` for ``baum`` and then mark nothing.
    """
    tokens = list(WORD.finditer(text))
    hits = {i for i, m in enumerate(tokens) if term_matches(m.group(), terms)}
    if not hits:
        return None
    first = max(0, min(hits) - width // 3)
    last = min(len(tokens), first + width)
    start = 0 if first == 0 else tokens[first].start()
    end = len(text) if last == len(tokens) else tokens[last - 1].end()
    pieces = []
    cursor = start
    for index in range(first, last):
        match = tokens[index]
        pieces.append(text[cursor : match.start()])
        if index in hits:
            pieces.append(mark[0] + match.group() + mark[1])
        else:
            pieces.append(match.group())
        cursor = match.end()
    pieces.append(text[cursor:end])
    body = " ".join("".join(pieces).split())
    return ("…" if start > 0 else "") + body + ("…" if end < len(text.rstrip()) else "")
