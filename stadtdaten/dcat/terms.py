"""A lean triple model for the fast emit path, and its exact conversion to and from rdflib.

Why not rdflib terms all the way: creating an rdflib ``Literal`` parses its lexical form into a Python
value and ``Graph.add`` maintains three indexes, which dominates the cost of emitting a large catalogue.
Here an IRI is a plain ``str``, a blank node a :class:`BNode`, a literal a :class:`Lit`
``(lexical, language, datatype)``; triples are collected per subject in a :class:`Triples` store that
keeps insertion order and drops duplicates (graph semantics). :mod:`stadtdaten.dcat.writers` turns it
into Turtle, N-Triples, JSON-LD or RDF/XML text directly; :meth:`Triples.to_graph` gives the same
triples as an rdflib graph (the tests and ``benchmarks/dcat_bench.py`` prove both are identical).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

import rdflib
from rdflib.term import Node


class BNode(str):
    """A blank-node label (only for documents read from elsewhere: the emitter mints IRIs)."""

    __slots__ = ()


class Lit(NamedTuple):
    lexical: str
    language: str | None = None
    datatype: str | None = None


Object = str | BNode | Lit
Subject = str | BNode


class Triples:
    """Triples grouped by subject, in insertion order, without duplicates."""

    __slots__ = ("subjects",)

    def __init__(self) -> None:
        self.subjects: dict[Subject, dict[tuple[str, Object], None]] = {}

    def add(self, subject: Subject, predicate: str, obj: Object) -> None:
        block = self.subjects.get(subject)
        if block is None:
            block = self.subjects[subject] = {}
        block[(predicate, obj)] = None

    def update(self, other: Triples) -> None:
        for subject, block in other.subjects.items():
            mine = self.subjects.get(subject)
            if mine is None:
                self.subjects[subject] = dict(block)
            else:
                mine.update(block)

    def __len__(self) -> int:
        return sum(len(block) for block in self.subjects.values())

    def __iter__(self) -> Iterator[tuple[Subject, str, Object]]:
        for subject, block in self.subjects.items():
            for predicate, obj in block:
                yield subject, predicate, obj

    def to_graph(self, graph: rdflib.Graph | None = None) -> rdflib.Graph:
        """The same triples as rdflib terms (one pass; IRIs converted once each)."""
        target = graph if graph is not None else rdflib.Graph()
        iris: dict[str, rdflib.URIRef] = {}

        def iri(value: str) -> rdflib.URIRef:
            found = iris.get(value)
            if found is None:
                found = iris[value] = rdflib.URIRef(value)
            return found

        def node(value: Object) -> Node:
            if isinstance(value, Lit):
                return to_rdflib_literal(value, iri)
            if isinstance(value, BNode):
                return rdflib.BNode(value)
            return iri(value)

        target.addN((node(s), iri(p), node(o), target) for s, p, o in self)
        return target

    @classmethod
    def from_graph(cls, graph: rdflib.Graph) -> Triples:
        """Any rdflib graph in this model (for writing it with the fast writers)."""
        result = cls()
        for s, p, o in graph:
            result.add(from_rdflib(s), str(p), from_rdflib(o))  # type: ignore[arg-type]
        return result


def to_rdflib_literal(value: Lit, iri: object = rdflib.URIRef) -> rdflib.Literal:
    if value.language:
        return rdflib.Literal(value.lexical, lang=value.language)
    if value.datatype:
        return rdflib.Literal(value.lexical, datatype=iri(value.datatype))  # type: ignore[operator]
    return rdflib.Literal(value.lexical)


def from_rdflib(term: Node) -> Object:
    if isinstance(term, rdflib.Literal):
        lexical = str(term)
        datatype = str(term.datatype) if term.datatype is not None else None
        return Lit(lexical, term.language, datatype)
    if isinstance(term, rdflib.BNode):
        return BNode(str(term))
    return str(term)


def triples_of(items: Iterable[tuple[Subject, str, Object]]) -> Triples:
    result = Triples()
    for s, p, o in items:
        result.add(s, p, o)
    return result
