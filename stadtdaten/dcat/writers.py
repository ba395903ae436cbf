"""Direct writers for Turtle, N-Triples, JSON-LD and RDF/XML over :class:`~stadtdaten.dcat.terms.Triples`.

They write text in one pass per subject, without building an rdflib graph: this is the fast path of
``stadtdaten dcat emit`` (see ``benchmarks/dcat_bench.py``). Correctness is shown by parsing each
output back with rdflib and comparing it with the graph built triple by triple
(``tests/dcat/test_writers.py``). Subjects keep insertion order, so output is stable for stable input.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from stadtdaten.dcat.namespaces import PREFIXES, RDF, RDF_TYPE
from stadtdaten.dcat.terms import BNode, Lit, Object, Triples

FORMATS = ("ttl", "xml", "jsonld", "nt")
MEDIA_TYPES = {
    "ttl": "text/turtle",
    "xml": "application/rdf+xml",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
}
SUFFIXES = {"ttl": ".ttl", "xml": ".rdf", "jsonld": ".jsonld", "nt": ".nt"}
FORMAT_ALIASES = {
    "turtle": "ttl",
    "rdf": "xml",
    "rdfxml": "xml",
    "rdf/xml": "xml",
    "pretty-xml": "xml",
    "json-ld": "jsonld",
    "ntriples": "nt",
    "n-triples": "nt",
    "nt11": "nt",
}

_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_ECHAR = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t", 8: "\\b", 12: "\\f"}
_ECHAR.update({c: f"\\u{c:04X}" for c in range(32) if c not in _ECHAR})
_ECHAR[0x7F] = "\\u007F"
_IRI_BAD = {ord(c): f"\\u{ord(c):04X}" for c in '<>"{}|^`\\ '}
_IRI_BAD.update({c: f"\\u{c:04X}" for c in range(33)})
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def normalise_format(fmt: str) -> str:
    value = fmt.lower().lstrip(".")
    value = FORMAT_ALIASES.get(value, value)
    if value not in FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}; use one of {', '.join(FORMATS)}")
    return value


def write(triples: Triples, fmt: str, prefixes: dict[str, str] | None = None) -> str:
    writer: dict[str, Callable[[Triples, dict[str, str]], str]] = {
        "ttl": to_turtle,
        "nt": lambda t, _p: to_ntriples(t),
        "jsonld": to_jsonld,
        "xml": to_rdfxml,
    }
    return writer[normalise_format(fmt)](triples, prefixes or PREFIXES)


# -- N-Triples ----------------------------------------------------------------------------------------


def _nt_iri(value: str) -> str:
    return "<" + value.translate(_IRI_BAD) + ">"


def _nt_literal(value: Lit, datatype: Callable[[str], str] = _nt_iri) -> str:
    text = '"' + value.lexical.translate(_ECHAR) + '"'
    if value.language:
        return text + "@" + value.language
    if value.datatype and value.datatype != "http://www.w3.org/2001/XMLSchema#string":
        return text + "^^" + datatype(value.datatype)
    return text


def _nt_node(value: Object, cache: dict[Object, str], bnodes: _BNodes) -> str:
    if isinstance(value, BNode):  # first: a BNode is a str and would hit an equal IRI in the cache
        return "_:" + bnodes(value)
    found = cache.get(value)
    if found is not None:
        return found
    found = cache[value] = _nt_literal(value) if isinstance(value, Lit) else _nt_iri(value)
    return found


def to_ntriples(triples: Triples) -> str:
    cache: dict[Object, str] = {}
    bnodes = _BNodes()
    lines = []
    for subject, block in triples.subjects.items():
        s = _nt_node(subject, cache, bnodes)
        for predicate, obj in block:
            lines.append(f"{s} {_nt_node(predicate, cache, bnodes)} {_nt_node(obj, cache, bnodes)} .\n")
    return "".join(lines)


class _BNodes:
    """Safe, distinct labels for blank nodes (``b0``, ``b1``, ... when a label is not already safe)."""

    def __init__(self) -> None:
        self.labels: dict[str, str] = {}

    def __call__(self, value: str) -> str:
        found = self.labels.get(value)
        if found is None:
            safe = re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", value) and not re.fullmatch(r"b[0-9]+", value)
            found = self.labels[value] = value if safe else f"b{len(self.labels)}"
        return found


# -- Turtle -------------------------------------------------------------------------------------------


class _Compactor:
    def __init__(self, prefixes: dict[str, str]) -> None:
        # longest namespace first, so that nested namespaces pick the most specific prefix
        self.namespaces = sorted(((ns, p) for p, ns in prefixes.items()), key=lambda item: -len(item[0]))
        self.cache: dict[str, str] = {}
        self.used: set[str] = set()

    def iri(self, value: str) -> str:
        found = self.cache.get(value)
        if found is not None:
            return found
        result = None
        for namespace, prefix in self.namespaces:
            if value.startswith(namespace):
                local = value[len(namespace) :]
                if _LOCAL.match(local):
                    result = f"{prefix}:{local}"
                    self.used.add(prefix)
                break
        if result is None:
            result = _nt_iri(value)
        self.cache[value] = result
        return result


def to_turtle(triples: Triples, prefixes: dict[str, str]) -> str:
    compact = _Compactor(prefixes)
    bnodes = _BNodes()

    def node(value: Object) -> str:
        if isinstance(value, Lit):
            return _nt_literal(value, compact.iri)
        if isinstance(value, BNode):
            return "_:" + bnodes(value)
        return compact.iri(value)

    body = []
    for subject, block in triples.subjects.items():
        grouped: dict[str, list[str]] = {}
        for predicate, obj in block:
            grouped.setdefault(predicate, []).append(node(obj))
        parts = []
        if RDF_TYPE in grouped:
            parts.append("a " + ", ".join(grouped.pop(RDF_TYPE)))
        parts.extend(compact.iri(p) + " " + ", ".join(objs) for p, objs in grouped.items())
        body.append(node(subject) + "\n    " + " ;\n    ".join(parts) + " .\n")
    head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes.items() if p in compact.used)
    return head + "\n" + "\n".join(body)


# -- JSON-LD ------------------------------------------------------------------------------------------


def to_jsonld(triples: Triples, prefixes: dict[str, str]) -> str:
    compact = _Compactor(prefixes)
    bnodes = _BNodes()
    nodes = []
    for subject, block in triples.subjects.items():
        item: dict[str, object] = {"@id": "_:" + bnodes(subject) if isinstance(subject, BNode) else subject}
        for predicate, obj in block:
            if predicate == RDF_TYPE and not isinstance(obj, Lit):
                types = item.setdefault("@type", [])
                assert isinstance(types, list)
                types.append("_:" + bnodes(obj) if isinstance(obj, BNode) else obj)
                continue
            key = compact.iri(predicate)
            if key.startswith("<"):
                key = predicate
            values = item.setdefault(key, [])
            assert isinstance(values, list)
            values.append(_jsonld_value(obj, bnodes))
        nodes.append(item)
    context = {p: ns for p, ns in prefixes.items() if p in compact.used}
    # one node per line: readable, and json's C encoder (indent= would switch to the slow Python one)
    head = '{"@context": ' + json.dumps(context, ensure_ascii=False, indent=1) + ',\n"@graph": [\n'
    return head + ",\n".join(json.dumps(node, ensure_ascii=False) for node in nodes) + "\n]}\n"


def _jsonld_value(value: Object, bnodes: _BNodes) -> dict[str, str]:
    if isinstance(value, Lit):
        if value.language:
            return {"@value": value.lexical, "@language": value.language}
        if value.datatype and value.datatype != "http://www.w3.org/2001/XMLSchema#string":
            return {"@value": value.lexical, "@type": value.datatype}
        return {"@value": value.lexical}
    if isinstance(value, BNode):
        return {"@id": "_:" + bnodes(value)}
    return {"@id": value}


# -- RDF/XML ------------------------------------------------------------------------------------------


class NotXmlSerialisable(ValueError):
    """A predicate IRI cannot be written as an XML element name (or a literal holds XML-invalid text)."""


def _split(iri: str) -> tuple[str, str]:
    for index in range(len(iri) - 1, -1, -1):
        if iri[index] in "#/:":
            local = iri[index + 1 :]
            if local and _NCNAME.match(local):
                return iri[: index + 1], local
            break
    raise NotXmlSerialisable(iri)


def to_rdfxml(triples: Triples, prefixes: dict[str, str]) -> str:
    declared = {"rdf": RDF, **prefixes}
    by_namespace = {ns: p for p, ns in declared.items()}
    qnames: dict[str, str] = {}
    used = {"rdf"}
    bnodes = _BNodes()

    def qname(iri: str) -> str:
        found = qnames.get(iri)
        if found is not None:
            return found
        namespace, local = _split(iri)
        prefix = by_namespace.get(namespace)
        if prefix is None:
            prefix = f"ns{len(by_namespace)}"
            by_namespace[namespace] = prefix
            declared[prefix] = namespace
        used.add(prefix)
        found = qnames[iri] = f"{prefix}:{local}"
        return found

    def text(value: str) -> str:
        if _XML_INVALID.search(value):
            raise NotXmlSerialisable("literal with characters XML 1.0 cannot hold")
        return xml_escape(value, {"\r": "&#13;"})

    body = []
    for subject, block in triples.subjects.items():
        about = f"rdf:nodeID={quoteattr(bnodes(subject))}" if isinstance(subject, BNode) else f"rdf:about={quoteattr(subject)}"
        lines = [f"  <rdf:Description {about}>"]
        for predicate, obj in block:
            name = qname(predicate)
            if isinstance(obj, Lit):
                if obj.datatype in (RDF + "XMLLiteral", RDF + "HTML", RDF + "JSON"):
                    raise NotXmlSerialisable(obj.datatype)
                attribute = ""
                if obj.language:
                    attribute = f" xml:lang={quoteattr(obj.language)}"
                elif obj.datatype and obj.datatype != "http://www.w3.org/2001/XMLSchema#string":
                    attribute = f" rdf:datatype={quoteattr(obj.datatype)}"
                lines.append(f"    <{name}{attribute}>{text(obj.lexical)}</{name}>")
            elif isinstance(obj, BNode):
                lines.append(f"    <{name} rdf:nodeID={quoteattr(bnodes(obj))}/>")
            else:
                lines.append(f"    <{name} rdf:resource={quoteattr(obj)}/>")
        lines.append("  </rdf:Description>")
        body.append("\n".join(lines))
    namespaces = " ".join(f"xmlns:{p}={quoteattr(declared[p])}" for p in declared if p in used)
    return f'<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF {namespaces}>\n' + "\n".join(body) + "\n</rdf:RDF>\n"
