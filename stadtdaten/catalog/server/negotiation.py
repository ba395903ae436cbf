"""Content negotiation: which RDF serialisation (or HTML) a request wants."""

from __future__ import annotations

EXTENSIONS = {"ttl": "ttl", "rdf": "xml", "xml": "xml", "jsonld": "jsonld", "nt": "nt", "html": "html"}
MEDIA_TYPES = {
    "ttl": "text/turtle; charset=utf-8",
    "xml": "application/rdf+xml; charset=utf-8",
    "jsonld": "application/ld+json; charset=utf-8",
    "nt": "application/n-triples; charset=utf-8",
    "html": "text/html; charset=utf-8",
}
_ACCEPT = {
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/rdf+xml": "xml",
    "application/ld+json": "jsonld",
    "application/n-triples": "nt",
    "text/html": "html",
    "application/xhtml+xml": "html",
}


def split_extension(path: str) -> tuple[str, str | None]:
    """``/dataset/baeume.ttl`` -> (``/dataset/baeume``, ``ttl``)."""
    head, dot, ext = path.rpartition(".")
    if dot and "/" not in ext and ext in EXTENSIONS:
        return head, EXTENSIONS[ext]
    return path, None


def negotiate(accept: str | None, default: str = "html") -> str:
    """The best format for an Accept header (q-values honoured; ties keep the header's order)."""
    if not accept:
        return default
    choices: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        quality = 1.0
        for param in pieces[1:]:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        if media in _ACCEPT and quality > 0:
            choices.append((-quality, index, _ACCEPT[media]))
        elif media in ("*/*", "text/*") and quality > 0:
            choices.append((-quality, index, default))
    return sorted(choices)[0][2] if choices else default
