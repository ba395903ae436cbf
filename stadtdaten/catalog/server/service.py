"""What ``stadtdaten serve`` answers, apart from HTTP: DCAT documents, pages and search over the catalogue.

DCAT records are built with the ``dcat`` emitter from the catalogue's descriptors and cached per
(dataset, content hash), so a page of 100 datasets is assembled from cached triples, not re-mapped.
Paging follows ckanext-dcat: a ``hydra:PagedCollection`` with the new and the old predicates
(``next``/``nextPage``, ``first``/``firstPage``, ...), ``totalItems`` and ``itemsPerPage``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from stadtdaten.catalog.local import CatalogEntry, LocalCatalog
from stadtdaten.core.config import ProjectConfig
from stadtdaten.dcat.emit import EmitContext, catalog_iri, catalog_triples, dataset_iri, dataset_triples
from stadtdaten.dcat.terms import Lit, Triples
from stadtdaten.dcat.writers import write

HYDRA = "http://www.w3.org/ns/hydra/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCAT_DATASET = "http://www.w3.org/ns/dcat#dataset"
DCT_MODIFIED = "http://purl.org/dc/terms/modified"
XSD_INT = "http://www.w3.org/2001/XMLSchema#integer"
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


@dataclass(frozen=True)
class Page:
    number: int
    size: int
    total: int
    entries: list[CatalogEntry]

    @property
    def last(self) -> int:
        return max(1, -(-self.total // self.size))


class CatalogService:
    def __init__(self, location: Path, config: ProjectConfig, public_url: str) -> None:
        self.location = location
        self.config = config
        self._local = threading.local()
        self._mqa: dict[tuple[str, str], dict[str, Any]] = {}
        self.public_url = public_url.rstrip("/")
        self._cache: dict[tuple[str, str], Triples] = {}
        self._lock = threading.Lock()

    @property
    def catalog(self) -> LocalCatalog:
        """One SQLite connection per server thread (connections must not cross threads)."""
        catalog = getattr(self._local, "catalog", None)
        if catalog is None:
            catalog = LocalCatalog.open(self.location)
            self._local.catalog = catalog
        return catalog

    # --- DCAT -----------------------------------------------------------------------------------------
    def dataset_record(self, entry: CatalogEntry) -> Triples:
        key = (entry.name, entry.content_hash)
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None:
            return cached
        triples = dataset_triples(entry.to_dataset(), self.config, context=EmitContext(self.config))
        with self._lock:
            self._cache = {k: v for k, v in self._cache.items() if k[0] != entry.name}
            self._cache[key] = triples
        return triples

    def dataset_document(self, name: str, fmt: str) -> str | None:
        entry = self.catalog.get(name)
        if entry is None:
            return None
        return write(self.dataset_record(entry), fmt)

    def page(self, number: int, size: int, modified_since: str | None = None) -> Page:
        size = max(1, min(size, MAX_PAGE_SIZE))
        number = max(1, number)
        total = self.catalog.count(modified_since=modified_since)
        entries = self.catalog.list(modified_since=modified_since, limit=size, offset=(number - 1) * size)
        return Page(number, size, total, entries)

    def catalog_document(
        self, fmt: str, number: int = 1, size: int = DEFAULT_PAGE_SIZE, modified_since: str | None = None
    ) -> str:
        page = self.page(number, size, modified_since)
        store = catalog_triples([], self.config)
        cat = catalog_iri(self.config)
        latest = ""
        for entry in page.entries:
            store.add(cat, DCAT_DATASET, dataset_iri(entry.name, self.config))
            store.update(self.dataset_record(entry))
            latest = max(latest, entry.updated[:10])
        if latest and not any(p == DCT_MODIFIED for s, p, _ in store if s == cat):
            store.add(cat, DCT_MODIFIED, Lit(latest, None, "http://www.w3.org/2001/XMLSchema#date"))
        self._paging(store, page, fmt, modified_since)
        return write(store, fmt)

    def _page_url(self, fmt: str, number: int, size: int, modified_since: str | None) -> str:
        ext = {"ttl": "ttl", "xml": "rdf", "jsonld": "jsonld", "nt": "nt"}[fmt]
        query: dict[str, Any] = {"page": number}
        if size != DEFAULT_PAGE_SIZE:
            query["page_size"] = size
        if modified_since:
            query["modified_since"] = modified_since
        return f"{self.public_url}/catalog.{ext}?{urlencode(query)}"

    def _paging(self, store: Triples, page: Page, fmt: str, modified_since: str | None) -> None:
        node = self._page_url(fmt, page.number, page.size, modified_since)
        store.add(node, RDF_TYPE, HYDRA + "PagedCollection")
        store.add(node, HYDRA + "totalItems", Lit(str(page.total), None, XSD_INT))
        store.add(node, HYDRA + "itemsPerPage", Lit(str(page.size), None, XSD_INT))
        links = {"first": 1, "last": page.last}
        if page.number < page.last:
            links["next"] = page.number + 1
        if page.number > 1:
            links["previous"] = page.number - 1
        for name, number in links.items():
            url = self._page_url(fmt, number, page.size, modified_since)
            store.add(node, HYDRA + name, url)  # the current Hydra term (an IRI)
            store.add(node, HYDRA + name + "Page", Lit(url))  # the older term ckanext-dcat also writes (a string)

    # --- pages ----------------------------------------------------------------------------------------
    def mqa(self, entry: CatalogEntry) -> dict[str, Any] | None:
        stored = self.catalog.get_extra(entry.name, "mqa")
        if isinstance(stored, dict):
            return stored
        try:
            from stadtdaten.dcat import mqa_score
        except ImportError:
            return None
        key = (entry.name, entry.content_hash)
        cached = self._mqa.get(key)
        if cached is None:
            result = mqa_score(self.dataset_record(entry).to_graph())
            cached = {"score": result.score, "max": result.max, "rating": result.rating}
            self._mqa[key] = cached
        return cached
