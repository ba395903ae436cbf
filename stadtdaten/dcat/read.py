"""Read a DCAT document from a file or URL, safely: size and time limits, no external XML entities,
no remote JSON-LD contexts. A document that does not parse is a finding with line and column, never a
traceback; a URL that cannot be fetched is a :class:`~stadtdaten.core.errors.InputError` (exit 3).
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import rdflib

from stadtdaten.core.errors import InputError
from stadtdaten.core.findings import Category, FindingType, Severity, register
from stadtdaten.core.report import Finding, Location

MAX_BYTES = 50 * 1024 * 1024
TIMEOUT = 30.0
MAX_REDIRECTS = 5

PARSE_ERROR = register(
    FindingType(
        code="dcat-parse-error",
        title="DCAT document does not parse",
        template="The {format} document cannot be parsed at line {line}, column {column}: {detail}",
        hint="Fix the syntax at the position given; the rest of the document was not checked.",
        category=Category.DCAT,
    )
)
UNSAFE_XML = register(
    FindingType(
        code="dcat-unsafe-xml",
        title="XML entity declarations refused",
        template="The RDF/XML document declares entities (<!ENTITY ...>); it was not parsed",
        hint="Entity declarations can read local files or exhaust memory; remove the DOCTYPE/ENTITY block.",
        category=Category.DCAT,
    )
)
REMOTE_CONTEXT = register(
    FindingType(
        code="dcat-remote-context",
        title="Remote JSON-LD context not loaded",
        template="The JSON-LD document refers to the remote context {context}; it was not fetched",
        hint="Inline the @context (a check never fetches further documents).",
        category=Category.DCAT,
    )
)
TOO_LARGE = register(
    FindingType(
        code="dcat-too-large",
        title="DCAT document too large",
        template="The document is larger than {limit} bytes; it was not parsed",
        hint="Check a smaller part, or raise the limit with --max-bytes.",
        category=Category.DCAT,
    )
)
EMPTY_DOCUMENT = register(
    FindingType(
        code="dcat-empty-document",
        title="No DCAT in the document",
        template="The document holds no dcat:Catalog, dcat:Dataset or dcat:Distribution",
        hint="Check that this is a DCAT(-AP) document and that its namespaces are right (http://www.w3.org/ns/dcat#).",
        category=Category.DCAT,
        severity=Severity.WARNING,
    )
)

_RDFLIB_FORMAT = {"ttl": "turtle", "xml": "xml", "jsonld": "json-ld", "nt": "nt", "n3": "n3", "trig": "trig"}
_SUFFIX = {
    ".ttl": "ttl",
    ".turtle": "ttl",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".nt": "nt",
    ".n3": "n3",
    ".trig": "trig",
}
_CONTENT_TYPE = {
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/rdf+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/n-triples": "nt",
    "text/n3": "n3",
}
_LABEL = {"ttl": "Turtle", "xml": "RDF/XML", "jsonld": "JSON-LD", "nt": "N-Triples", "n3": "N3", "trig": "TriG"}


@dataclass
class Document:
    source: str
    format: str
    graph: rdflib.Graph | None
    findings: list[Finding] = field(default_factory=list)
    size: int = 0


def sniff_format(data: bytes, name: str = "", content_type: str | None = None) -> str:
    suffix = Path(name.split("?", 1)[0]).suffix.lower()
    if suffix in _SUFFIX:
        return _SUFFIX[suffix]
    if content_type:
        found = _CONTENT_TYPE.get(content_type.split(";", 1)[0].strip().lower())
        if found:
            return found
    head = data[:2048].lstrip().lstrip(b"\xef\xbb\xbf")
    if head.startswith((b"<?xml", b"<rdf:RDF", b"<!DOCTYPE")) or (head.startswith(b"<") and b"rdf:RDF" in head):
        return "xml"
    if head.startswith((b"{", b"[")):
        return "jsonld"
    return "ttl"


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS


def fetch(url: str, *, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT) -> tuple[bytes, str | None]:
    """GET ``url`` with a size and time limit; raises InputError when it cannot be fetched."""
    accept = "text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8, application/n-triples;q=0.7"
    request = urllib.request.Request(url, headers={"Accept": accept, "User-Agent": "stadtdaten-dcat/1"})
    opener = urllib.request.build_opener(_LimitedRedirects)
    try:
        with opener.open(request, timeout=timeout) as response:
            data = response.read(max_bytes + 1)
            content_type = response.headers.get("Content-Type")
    except urllib.error.HTTPError as exc:
        raise InputError(f"HTTP {exc.code} {exc.reason}", path=url, hint="Check the URL.") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise InputError(f"cannot fetch: {reason}", path=url, hint="Check the URL and the network.") from exc
    return data, content_type


def parse_bytes(data: bytes, source: str, fmt: str, *, max_bytes: int = MAX_BYTES) -> Document:
    """Parse ``data``; problems become findings on the document."""
    label = _LABEL.get(fmt, fmt)
    document = Document(source, fmt, None, size=len(data))
    if len(data) > max_bytes:
        document.findings.append(Finding(TOO_LARGE.code, Severity.ERROR, Location(path=source), {"limit": max_bytes}))
        return document
    if fmt == "xml" and re.search(rb"<!ENTITY", data[:65536]):
        document.findings.append(Finding(UNSAFE_XML.code, Severity.ERROR, Location(path=source)))
        return document
    if fmt == "jsonld":
        remote = _remote_context(data)
        if remote is not None:
            document.findings.append(Finding(REMOTE_CONTEXT.code, Severity.ERROR, Location(path=source), {"context": remote}))
            return document
    graph = rdflib.Graph()
    try:
        graph.parse(data=data, format=_RDFLIB_FORMAT.get(fmt, fmt), publicID=source if "://" in source else None)
    except Exception as exc:  # every parser has its own exception types; all of them are a parse finding
        line, column, detail = _position(exc, data)
        document.findings.append(
            Finding(
                PARSE_ERROR.code,
                Severity.ERROR,
                Location(path=source, line=line),
                {
                    "format": label,
                    "line": line if line is not None else "?",
                    "column": column if column is not None else "?",
                    "detail": detail,
                },
            )
        )
        return document
    document.graph = graph
    return document


def read_document(
    source: str | Path, *, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT, fmt: str | None = None
) -> Document:
    """A DCAT document from a path or an http(s) URL."""
    text = str(source)
    if text.startswith(("http://", "https://")):
        data, content_type = fetch(text, max_bytes=max_bytes, timeout=timeout)
        return parse_bytes(data, text, fmt or sniff_format(data, text, content_type), max_bytes=max_bytes)
    path = Path(text)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            document = Document(text, fmt or sniff_format(b"", text), None, size=size)
            document.findings.append(Finding(TOO_LARGE.code, Severity.ERROR, Location(path=text), {"limit": max_bytes}))
            return document
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError("file not found", path=text) from exc
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), path=text) from exc
    return parse_bytes(data, text, fmt or sniff_format(data, text), max_bytes=max_bytes)


def _remote_context(data: bytes) -> str | None:
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None  # the parser reports it with a position

    def contexts(value: Any) -> list[Any]:
        found: list[Any] = []
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "@context":
                    found.extend(item if isinstance(item, list) else [item])
                else:
                    found.extend(contexts(item))
        elif isinstance(value, list):
            for item in value:
                found.extend(contexts(item))
        return found

    for context in contexts(parsed):
        if isinstance(context, str):
            return context
        if isinstance(context, dict) and isinstance(context.get("@import"), str):
            return str(context["@import"])
    return None


def _position(exc: Exception, data: bytes) -> tuple[int | None, int | None, str]:
    """Line and column (1-based) of a parse error, from whatever the parser offers."""
    detail = str(exc).strip().splitlines()
    message = detail[-1] if detail else type(exc).__name__
    lines = getattr(exc, "lines", None)
    if isinstance(lines, int):  # rdflib's notation3/turtle BadSyntax
        position = getattr(exc, "_i", None)
        text = getattr(exc, "_str", b"")
        column = None
        if isinstance(position, int) and isinstance(text, bytes):
            column = position - (text.rfind(b"\n", 0, position) + 1) + 1
        elif isinstance(position, int) and isinstance(text, str):
            column = position - (text.rfind("\n", 0, position) + 1) + 1
        why = getattr(exc, "_why", message)
        return lines + 1, column, str(why)
    get_line = getattr(exc, "getLineNumber", None)
    if callable(get_line):  # SAXParseException (RDF/XML)
        return int(get_line()), int(exc.getColumnNumber()) + 1, str(getattr(exc, "getMessage", lambda: message)())  # type: ignore[attr-defined]
    if isinstance(exc, json.JSONDecodeError):
        return exc.lineno, exc.colno, exc.msg
    match = re.search(r"line (\d+)(?:,? column (\d+))?", str(exc))
    if match:
        return int(match.group(1)), int(match.group(2)) if match.group(2) else None, message
    return None, None, message


def has_dcat(graph: rdflib.Graph) -> bool:
    types = {rdflib.URIRef("http://www.w3.org/ns/dcat#" + name) for name in ("Catalog", "Dataset", "Distribution", "DataService")}
    return any(o in types for o in graph.objects(None, rdflib.RDF.type))
