"""Map a :class:`~stadtdaten.core.dataset.Dataset` to DCAT-AP.de 3.0 (readable by 2.0 consumers).

One mapping, two sinks: :func:`dataset_triples` writes into a lean :class:`~stadtdaten.dcat.terms.Triples`
store; :func:`dataset_graph` / :func:`catalog_graph` turn that into an rdflib graph, and :func:`emit`
writes it as text directly (the fast path). What is emitted and why is documented in ``docs/dcat.md``.

IRIs are stable: everything hangs off ``config.base_uri`` and the dataset id (``{base}dataset/{id}``,
``{base}dataset/{id}/resource/{resource}``); auxiliary nodes (contact, period, checksum, ...) get hash
IRIs below their dataset or distribution, so no blank nodes are emitted at all and two runs over the same
input produce the same triples.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import quote

import rdflib

from stadtdaten.core.config import ProjectConfig
from stadtdaten.core.dataset import Dataset, Resource, slugify
from stadtdaten.core.findings import Category, FindingType, Severity, register
from stadtdaten.core.metadata import Agent, Contact, DatasetMetadata
from stadtdaten.core.report import Finding, Location
from stadtdaten.dcat import vocab
from stadtdaten.dcat.namespaces import (
    ADMS,
    DCAT,
    DCATAP,
    DCATDE,
    DCT,
    ELI,
    FOAF,
    GEODCATAP,
    GSP,
    OWL,
    RDF_TYPE,
    RDFS,
    SKOS,
    SPDX,
    VCARD,
    XSD,
    bind_prefixes,
)
from stadtdaten.dcat.terms import Lit, Triples
from stadtdaten.dcat.writers import write

UNKNOWN_TERM = register(
    FindingType(
        code="dcat-unknown-term",
        title="Value not in the controlled vocabulary",
        template="{field} '{value}' is not in the {vocabulary} vocabulary; it was left out of the DCAT record",
        hint="Use one of: {examples}",
        category=Category.DCAT,
        severity=Severity.WARNING,
    )
)

XSD_DATE = XSD + "date"
XSD_NNI = XSD + "nonNegativeInteger"
XSD_HEX = XSD + "hexBinary"
CRS84 = "<http://www.opengis.net/def/crs/OGC/1.3/CRS84> "


@dataclass
class EmitContext:
    """What a mapping run shares: the config, the vocabulary nodes already described, notes for the user."""

    config: ProjectConfig
    described: set[str] = field(default_factory=set)
    findings: list[Finding] = field(default_factory=list)
    language_tag: str = "de"

    @property
    def base(self) -> str:
        base = self.config.base_uri
        return base if base.endswith("/") else base + "/"

    @property
    def dcat_section(self) -> dict[str, Any]:
        return self.config.section("dcat")


def dataset_iri(name: str, config: ProjectConfig) -> str:
    base = config.base_uri if config.base_uri.endswith("/") else config.base_uri + "/"
    return f"{base}dataset/{_segment(name)}"


def distribution_iri(dataset_name: str, resource_name: str, config: ProjectConfig) -> str:
    return f"{dataset_iri(dataset_name, config)}/resource/{_segment(resource_name)}"


def catalog_iri(config: ProjectConfig) -> str:
    base = config.base_uri if config.base_uri.endswith("/") else config.base_uri + "/"
    return str(config.section("dcat").get("catalog_uri") or base + "catalog")


def download_url(dataset: Dataset, resource: Resource, config: ProjectConfig) -> str | None:
    """Where the file can be downloaded: a remote ``path`` as is; a local one below the base URI.

    ``[dcat] download_url = "https://files.example/{dataset}/{path}"`` in ``stadtdaten.toml`` overrides
    the default ``{base}dataset/{dataset}/resource/{resource}/download/{filename}`` (the layout
    ``stadtdaten serve`` and CKAN use).
    """
    path = resource.path
    if path is None:
        return None
    if resource.is_remote:
        return path
    template = config.section("dcat").get("download_url")
    filename = path.replace("\\", "/").rsplit("/", 1)[-1]
    if isinstance(template, str):
        return template.format(
            base=config.base_uri.rstrip("/") + "/",
            dataset=_segment(dataset.name),
            resource=_segment(resource.name),
            path=quote(path.replace("\\", "/")),
            filename=quote(filename),
        )
    return f"{distribution_iri(dataset.name, resource.name, config)}/download/{quote(filename)}"


@lru_cache(maxsize=65536)
def _segment(text: str) -> str:
    return quote(str(text), safe="-._~")


# -- public API ----------------------------------------------------------------------------------------


def dataset_triples(
    dataset: Dataset, config: ProjectConfig, triples: Triples | None = None, context: EmitContext | None = None
) -> Triples:
    """The DCAT-AP.de record of one dataset (dataset, distributions, agents, vocabulary nodes)."""
    store = triples if triples is not None else Triples()
    ctx = context or EmitContext(config)
    _Mapper(dataset, ctx, store).run()
    return store


def catalog_triples(datasets: Iterable[Dataset], config: ProjectConfig, context: EmitContext | None = None) -> Triples:
    """A dcat:Catalog with every dataset record."""
    ctx = context or EmitContext(config)
    store = Triples()
    cat = catalog_iri(config)
    store.add(cat, RDF_TYPE, DCAT + "Catalog")  # the catalogue node comes first in every serialisation
    modified: list[date] = []
    for dataset in datasets:
        store.add(cat, DCAT + "dataset", dataset_iri(dataset.name, config))
        metadata = dataset.metadata
        if metadata.modified or metadata.issued:
            modified.append(metadata.modified or metadata.issued)  # type: ignore[arg-type]
        _Mapper(dataset, ctx, store).run()
    _catalog_node(cat, ctx, store, modified)
    return store


def dataset_graph(dataset: Dataset, config: ProjectConfig) -> rdflib.Graph:
    """The DCAT-AP.de record of one dataset as an rdflib graph (prefixes bound)."""
    return bind_prefixes(dataset_triples(dataset, config).to_graph())


def catalog_graph(datasets: Iterable[Dataset], config: ProjectConfig) -> rdflib.Graph:
    """A catalogue of datasets as an rdflib graph (prefixes bound)."""
    return bind_prefixes(catalog_triples(datasets, config).to_graph())


def emit(datasets: Iterable[Dataset], config: ProjectConfig, fmt: str = "ttl", *, catalog: bool = True) -> str:
    """Fast path: the catalogue (or, with ``catalog=False``, the bare dataset records) as text."""
    ctx = EmitContext(config)
    if catalog:
        store = catalog_triples(datasets, config, ctx)
    else:
        store = Triples()
        for dataset in datasets:
            _Mapper(dataset, ctx, store).run()
    return write(store, fmt)


emit_text = emit


def serialize(graph: rdflib.Graph, fmt: str = "ttl") -> str:
    """Any rdflib graph as Turtle, RDF/XML, JSON-LD or N-Triples (our prefixes, our fast writers)."""
    from stadtdaten.dcat.writers import NotXmlSerialisable, normalise_format

    normal = normalise_format(fmt)
    prefixes = dict(_graph_prefixes(graph))
    try:
        return write(Triples.from_graph(graph), normal, prefixes)
    except NotXmlSerialisable:
        text = bind_prefixes(graph).serialize(format="pretty-xml")
        return text if isinstance(text, str) else text.decode("utf-8")


def _graph_prefixes(graph: rdflib.Graph) -> dict[str, str]:
    from stadtdaten.dcat.namespaces import PREFIXES

    prefixes = dict(PREFIXES)
    known = set(prefixes.values())
    for prefix, namespace in graph.namespaces():
        if prefix and str(namespace) not in known and prefix not in prefixes:
            prefixes[prefix] = str(namespace)
    return prefixes


# -- the catalog node ------------------------------------------------------------------------------------


def _catalog_node(cat: str, ctx: EmitContext, t: Triples, modified: list[date]) -> None:
    config = ctx.config
    section = ctx.dcat_section
    t.add(cat, RDF_TYPE, DCAT + "Catalog")
    t.add(cat, DCT + "title", Lit(config.catalog_title, "de"))
    if section.get("catalog_title_en"):
        t.add(cat, DCT + "title", Lit(str(section["catalog_title_en"]), "en"))
    t.add(cat, DCT + "description", Lit(config.catalog_description, "de"))
    if section.get("catalog_description_en"):
        t.add(cat, DCT + "description", Lit(str(section["catalog_description_en"]), "en"))
    publisher = Agent.parse(config.publisher)
    if publisher is not None:
        t.add(cat, DCT + "publisher", _agent(publisher, ctx, t))
    language = vocab.language_iri("DEU")
    t.add(cat, DCT + "language", language)
    _concept(language, DCT + "LinguisticSystem", ctx, t)
    if config.catalog_homepage:
        t.add(cat, FOAF + "homepage", config.catalog_homepage)
        _typed(config.catalog_homepage, FOAF + "Document", ctx, t)
    t.add(cat, DCAT + "themeTaxonomy", vocab.THEME_SCHEME)
    if vocab.THEME_SCHEME not in ctx.described:
        ctx.described.add(vocab.THEME_SCHEME)
        t.add(vocab.THEME_SCHEME, RDF_TYPE, SKOS + "ConceptScheme")
        t.add(vocab.THEME_SCHEME, DCT + "title", Lit("Datenthemen", "de"))
        t.add(vocab.THEME_SCHEME, DCT + "title", Lit("Data theme", "en"))
    try:
        spatial = vocab.geocoding_iri(config.geocoding, config.geocoding_level)
        t.add(cat, DCT + "spatial", spatial)
        _location(spatial, config.geocoding_label, ctx, t)
    except vocab.UnknownTermError:
        pass
    if modified:
        t.add(cat, DCT + "modified", Lit(max(modified).isoformat(), None, XSD_DATE))


# -- agents and vocabulary nodes -------------------------------------------------------------------------


def _agent(agent: Agent, ctx: EmitContext, t: Triples, fallback_type: str | None = None) -> str:
    iri = agent.uri or f"{ctx.base}organization/{slugify(agent.name)}"
    if iri in ctx.described:
        return iri
    ctx.described.add(iri)
    t.add(iri, RDF_TYPE, FOAF + "Agent")
    t.add(iri, RDF_TYPE, FOAF + "Organization")
    t.add(iri, FOAF + "name", Lit(agent.name, "de"))
    kind = agent.type or fallback_type
    if kind:
        try:
            type_iri = vocab.publisher_type_iri(kind)
            t.add(iri, DCT + "type", type_iri)
            _concept(type_iri, None, ctx, t, scheme="http://purl.org/adms/publishertype/1.0")
        except vocab.UnknownTermError as exc:
            _unknown(ctx, "publisher type", exc)
    if agent.email:
        t.add(iri, FOAF + "mbox", _mailto(agent.email))
    if agent.url:
        t.add(iri, FOAF + "homepage", agent.url)
        _typed(agent.url, FOAF + "Document", ctx, t)
    return iri


def _mailto(email: str) -> str:
    return email if email.startswith("mailto:") else "mailto:" + email.strip()


def _concept(iri: str, extra_class: str | None, ctx: EmitContext, t: Triples, scheme: str | None = None) -> None:
    """Describe a vocabulary IRI once: skos:Concept with German and English labels (and the range class).

    The EU DCAT-AP 3.0.0 range checks need these types on the value nodes; the ITB validator gets them
    from remote imports, an offline validator (and a harvester) from the record itself.
    """
    if iri in ctx.described:
        return
    ctx.described.add(iri)
    t.add(iri, RDF_TYPE, SKOS + "Concept")
    if extra_class:
        t.add(iri, RDF_TYPE, extra_class)
    for lang, text in vocab.labels(iri).items():
        t.add(iri, SKOS + "prefLabel", Lit(text, lang))
    if scheme is None:
        scheme = iri.rsplit("/", 1)[0]
    t.add(iri, SKOS + "inScheme", scheme)


def _typed(iri: str, klass: str, ctx: EmitContext, t: Triples) -> None:
    key = iri + " " + klass
    if key in ctx.described:
        return
    ctx.described.add(key)
    t.add(iri, RDF_TYPE, klass)


def _location(iri: str, label: str | None, ctx: EmitContext, t: Triples) -> None:
    if iri in ctx.described:
        return
    ctx.described.add(iri)
    t.add(iri, RDF_TYPE, DCT + "Location")
    if label:
        t.add(iri, SKOS + "prefLabel", Lit(label, "de"))


def _unknown(ctx: EmitContext, what: str, exc: vocab.UnknownTermError, resource: str | None = None) -> None:
    ctx.findings.append(
        Finding(
            code=UNKNOWN_TERM.code,
            severity=Severity.WARNING,
            location=Location(resource=resource, field=what),
            params={"field": what, "value": exc.value, "vocabulary": exc.vocabulary, "examples": ", ".join(exc.examples[:8])},
        )
    )


# -- the dataset record ------------------------------------------------------------------------------------


class _Mapper:
    def __init__(self, dataset: Dataset, ctx: EmitContext, t: Triples) -> None:
        self.dataset = dataset
        self.ctx = ctx
        self.t = t
        self.config = ctx.config
        self.md: DatasetMetadata = dataset.metadata
        self.iri = dataset_iri(dataset.name, ctx.config)

    def run(self) -> None:
        t, d, md = self.t, self.iri, self.md
        t.add(d, RDF_TYPE, DCAT + "Dataset")
        title = md.title or self.dataset.name
        t.add(d, DCT + "title", Lit(title, "de"))
        if md.title_en:
            t.add(d, DCT + "title", Lit(md.title_en, "en"))
        t.add(d, DCT + "description", Lit(md.description or title, "de"))
        if md.description_en:
            t.add(d, DCT + "description", Lit(md.description_en, "en"))
        identifier = self.dataset.descriptor.get("id")
        t.add(d, DCT + "identifier", Lit(str(identifier) if identifier else d))
        for keyword in md.keywords:
            t.add(d, DCAT + "keyword", Lit(keyword, "de"))
        for keyword in md.keywords_en:
            t.add(d, DCAT + "keyword", Lit(keyword, "en"))
        self._agents()
        self._contact()
        self._themes()
        self._spatial()
        self._temporal()
        self._vocabulary_values()
        self._dates(d)
        self._pages()
        self._version()
        self._provenance()
        self._legislation()
        contributor = self.ctx.dcat_section.get("contributor_id")
        if contributor:
            t.add(d, DCATDE + "contributorID", str(contributor))
        for resource in self.dataset.resources:
            self._distribution(resource)

    # agents: publisher (K36), custodian / originator / creator, with their 2.0 forms
    def _agents(self) -> None:
        publisher = self.md.publisher or Agent.parse(self.config.publisher)
        if publisher is not None:
            fallback = self.config.publisher.get("type") if publisher.name == self.config.publisher.get("name") else None
            self.t.add(self.iri, DCT + "publisher", _agent(publisher, self.ctx, self.t, fallback))
        if self.md.maintainer:
            iri = _agent(self.md.maintainer, self.ctx, self.t)
            self.t.add(self.iri, GEODCATAP + "custodian", iri)
            self.t.add(self.iri, DCATDE + "maintainer", iri)  # DCAT-AP.de 2.0 form
        if self.md.originator:
            iri = _agent(self.md.originator, self.ctx, self.t)
            self.t.add(self.iri, GEODCATAP + "originator", iri)
            self.t.add(self.iri, DCATDE + "originator", iri)  # DCAT-AP.de 2.0 form
        if self.md.creator:
            self.t.add(self.iri, DCT + "creator", _agent(self.md.creator, self.ctx, self.t))

    def _contact(self) -> None:
        contact = self.md.contact_point or Contact.parse(self.config.contact_point)
        if contact is None:
            return
        node = self.iri + "#contact"
        t = self.t
        t.add(self.iri, DCAT + "contactPoint", node)
        t.add(node, RDF_TYPE, VCARD + "Organization")
        t.add(node, RDF_TYPE, VCARD + "Kind")
        name = contact.name or (self.md.publisher.name if self.md.publisher else self.config.publisher.get("name"))
        if name:
            t.add(node, VCARD + "fn", Lit(str(name), "de"))
        if contact.email:
            t.add(node, VCARD + "hasEmail", _mailto(contact.email))
        if contact.url:
            t.add(node, VCARD + "hasURL", contact.url)
        if contact.phone:
            t.add(node, VCARD + "hasTelephone", "tel:" + "".join(ch for ch in contact.phone if ch.isdigit() or ch == "+"))

    def _themes(self) -> None:
        for code in self.md.themes:
            try:
                iri = vocab.theme_iri(code)
            except vocab.UnknownTermError as exc:
                _unknown(self.ctx, "theme", exc)
                continue
            self.t.add(self.iri, DCAT + "theme", iri)
            _concept(iri, None, self.ctx, self.t)

    def _spatial(self) -> None:
        spatial = self.md.spatial
        key = (spatial.geocoding if spatial and spatial.geocoding else None) or self.config.geocoding
        level = (spatial.level if spatial and spatial.level else None) or self.config.geocoding_level
        label = (spatial.label if spatial and spatial.label else None) or (
            self.config.geocoding_label if key == self.config.geocoding else None
        )
        t, d = self.t, self.iri
        if key:
            try:
                iri = vocab.geocoding_iri(key, level)
                t.add(d, DCATDE + "politicalGeocodingURI", iri)  # K08; deprecated in 3.0, GovData still reads it
                t.add(d, DCT + "spatial", iri)  # K11: mirrored in dct:spatial
                _location(iri, label, self.ctx, t)
            except vocab.UnknownTermError as exc:
                _unknown(self.ctx, "spatial.geocoding", exc)
        if level:
            try:
                level_iri = vocab.geocoding_level_iri(level)
                t.add(d, DCATDE + "politicalGeocodingLevelURI", level_iri)  # K09
                _concept(level_iri, None, self.ctx, t)
            except vocab.UnknownTermError as exc:
                _unknown(self.ctx, "spatial.level", exc)
        if spatial and spatial.bbox:
            west, south, east, north = spatial.bbox
            node = d + "#bbox"
            wkt = f"{CRS84}POLYGON(({west} {south}, {east} {south}, {east} {north}, {west} {north}, {west} {south}))"
            t.add(d, DCT + "spatial", node)
            t.add(node, RDF_TYPE, DCT + "Location")
            t.add(node, DCAT + "bbox", Lit(wkt, None, GSP + "wktLiteral"))

    def _temporal(self) -> None:
        temporal = self.md.temporal
        if temporal is None or not (temporal.start or temporal.end):
            return
        node = self.iri + "#temporal"
        self.t.add(self.iri, DCT + "temporal", node)
        self.t.add(node, RDF_TYPE, DCT + "PeriodOfTime")
        if temporal.start:
            self.t.add(node, DCAT + "startDate", Lit(temporal.start.isoformat(), None, XSD_DATE))
        if temporal.end:
            self.t.add(node, DCAT + "endDate", Lit(temporal.end.isoformat(), None, XSD_DATE))

    def _vocabulary_values(self) -> None:
        md, t, d = self.md, self.t, self.iri
        if md.accrual_periodicity:
            try:
                iri = vocab.frequency_iri(md.accrual_periodicity)
                t.add(d, DCT + "accrualPeriodicity", iri)
                _concept(iri, DCT + "Frequency", self.ctx, t)
            except vocab.UnknownTermError as exc:
                _unknown(self.ctx, "accrual_periodicity", exc)
        try:
            rights = vocab.access_rights_iri(md.access_rights or "PUBLIC")
            t.add(d, DCT + "accessRights", rights)
            _concept(rights, DCT + "RightsStatement", self.ctx, t)
        except vocab.UnknownTermError as exc:
            _unknown(self.ctx, "access_rights", exc)
        for code in md.language:
            try:
                iri = vocab.language_iri(code)
            except vocab.UnknownTermError as exc:
                _unknown(self.ctx, "language", exc)
                continue
            t.add(d, DCT + "language", iri)
            _concept(iri, DCT + "LinguisticSystem", self.ctx, t)
        for value in md.conforms_to:
            t.add(d, DCT + "conformsTo", value)
            _typed(value, DCT + "Standard", self.ctx, t)

    def _dates(self, node: str) -> None:
        if self.md.issued:
            self.t.add(node, DCT + "issued", Lit(self.md.issued.isoformat(), None, XSD_DATE))
        if self.md.modified:
            self.t.add(node, DCT + "modified", Lit(self.md.modified.isoformat(), None, XSD_DATE))

    def _pages(self) -> None:
        page = self._landing_page()
        self.t.add(self.iri, DCAT + "landingPage", page)
        _typed(page, FOAF + "Document", self.ctx, self.t)

    def _landing_page(self) -> str:
        # the human page of the dataset (``stadtdaten serve`` renders it); not the dataset IRI itself
        return self.md.landing_page or self.md.homepage or self.iri + ".html"

    def _version(self) -> None:
        if self.md.version:
            self.t.add(self.iri, DCAT + "version", Lit(self.md.version))
            self.t.add(self.iri, OWL + "versionInfo", Lit(self.md.version))  # DCAT-AP.de 2.0 form
        if self.md.version_notes:
            self.t.add(self.iri, ADMS + "versionNotes", Lit(self.md.version_notes, "de"))

    def _provenance(self) -> None:
        if not self.md.provenance:
            return
        node = self.iri + "#provenance"
        self.t.add(self.iri, DCT + "provenance", node)
        self.t.add(node, RDF_TYPE, DCT + "ProvenanceStatement")
        self.t.add(node, RDFS + "label", Lit(self.md.provenance, "de"))

    def _legislation(self) -> None:
        for value in self.md.applicable_legislation:
            self.t.add(self.iri, DCATAP + "applicableLegislation", value)
            _typed(value, ELI + "LegalResource", self.ctx, self.t)
        if self.md.hvd_category:
            code = self.md.hvd_category
            iri = code if "://" in code else "http://data.europa.eu/bna/" + code
            self.t.add(self.iri, DCATAP + "hvdCategory", iri)

    # -- distributions --------------------------------------------------------------------------------

    def _distribution(self, resource: Resource) -> None:
        t, md = self.t, self.md
        node = distribution_iri(self.dataset.name, resource.name, self.config)
        t.add(self.iri, DCAT + "distribution", node)
        t.add(node, RDF_TYPE, DCAT + "Distribution")
        fmt_code = None
        declared = resource.format or resource.descriptor.get("mediatype")
        if declared:
            try:
                fmt_code = vocab.file_type_code(str(declared))
            except vocab.UnknownTermError as exc:
                _unknown(self.ctx, "format", exc, resource.name)
        title = resource.title or (f"{md.title or self.dataset.name} ({fmt_code})" if fmt_code else resource.name)
        t.add(node, DCT + "title", Lit(title, "de"))
        description = resource.descriptor.get("description")
        if description:
            t.add(node, DCT + "description", Lit(str(description), "de"))
        url = download_url(self.dataset, resource, self.config)
        if url:
            t.add(node, DCAT + "accessURL", url)  # K39: accessURL = downloadURL for a plain download
            t.add(node, DCAT + "downloadURL", url)
            _typed(url, RDFS + "Resource", self.ctx, t)
        else:  # inline data: no file to download, the dataset page gives access (accessURL is mandatory)
            page = self._landing_page()
            t.add(node, DCAT + "accessURL", page)
            _typed(page, RDFS + "Resource", self.ctx, t)
        if fmt_code:
            format_iri = vocab.FILE_TYPE_BASE + fmt_code
            t.add(node, DCT + "format", format_iri)
            _concept(format_iri, DCT + "MediaTypeOrExtent", self.ctx, t)
            self._media_type(node, resource, fmt_code)
        self._license(node, resource)
        self._size_and_checksum(node, resource)
        self._dates(node)
        availability = md.availability or "AVAILABLE"
        try:
            iri = vocab.availability_iri(availability)
            t.add(node, DCATAP + "availability", iri)
            _concept(iri, None, self.ctx, t)
        except vocab.UnknownTermError as exc:
            _unknown(self.ctx, "availability", exc, resource.name)
        schema_iri = self._schema_iri(resource)
        if schema_iri:
            t.add(node, DCT + "conformsTo", schema_iri)
            _typed(schema_iri, DCT + "Standard", self.ctx, t)
        for code in md.language:
            try:
                t.add(node, DCT + "language", vocab.language_iri(code))
            except vocab.UnknownTermError:
                continue

    def _media_type(self, node: str, resource: Resource, fmt_code: str) -> None:
        explicit = resource.descriptor.get("mediatype")
        try:
            media = vocab.media_type(str(explicit)) if explicit else vocab.media_type(fmt_code)
        except vocab.UnknownTermError:
            return
        self.t.add(node, DCAT + "mediaType", media)
        _typed(media, DCT + "MediaType", self.ctx, self.t)

    def _license(self, node: str, resource: Resource) -> None:
        raw = resource.descriptor.get("licenses")
        iri = None
        if isinstance(raw, list) and raw and isinstance(raw[0], dict):
            first = raw[0]
            iri = first.get("path") or first.get("name")
        if iri is None and self.md.license is not None:
            iri = self.md.license.iri or self.md.license.id
        if not iri:
            return
        try:
            license_iri = vocab.license_iri(str(iri))
        except vocab.UnknownTermError as exc:
            _unknown(self.ctx, "license", exc, resource.name)
            return
        t = self.t
        t.add(node, DCT + "license", license_iri)
        if license_iri not in self.ctx.described:
            self.ctx.described.add(license_iri)
            t.add(license_iri, RDF_TYPE, DCT + "LicenseDocument")
            label = vocab.label(license_iri, "de")
            if label:
                t.add(license_iri, RDFS + "label", Lit(label, "de"))
        attribution = self.md.license_attribution
        if attribution is None and vocab.requires_attribution(license_iri):
            publisher = self.md.publisher or Agent.parse(self.config.publisher)
            attribution = publisher.name if publisher else None
        if attribution:
            t.add(node, DCATDE + "licenseAttributionByText", Lit(attribution, "de"))  # K35
        rights = node + "#rights"
        t.add(node, DCT + "rights", rights)
        t.add(rights, RDF_TYPE, DCT + "RightsStatement")
        label_de = vocab.label(license_iri, "de") or license_iri
        text = f"Nutzung nach {label_de} ({license_iri})"
        if attribution:
            text += f"; Namensnennung: {attribution}"
        t.add(rights, RDFS + "label", Lit(text, "de"))

    def _size_and_checksum(self, node: str, resource: Resource) -> None:
        path = resource.fullpath
        size = None
        digest = None
        if path is not None and path.is_file():
            size = os.stat(path).st_size
            digest = resource.file_hash()
        else:
            declared = resource.descriptor.get("bytes")
            size = declared if isinstance(declared, int) and declared >= 0 else None
            declared_hash = resource.descriptor.get("hash")
            if isinstance(declared_hash, str) and declared_hash.startswith("sha256:"):
                digest = declared_hash
        if size is not None:
            self.t.add(node, DCAT + "byteSize", Lit(str(size), None, XSD_NNI))
        if digest:
            checksum = node + "#checksum"
            self.t.add(node, SPDX + "checksum", checksum)
            self.t.add(checksum, RDF_TYPE, SPDX + "Checksum")
            self.t.add(checksum, SPDX + "algorithm", vocab.SPDX_SHA256)
            _typed(vocab.SPDX_SHA256, SPDX + "ChecksumAlgorithm", self.ctx, self.t)
            self.t.add(checksum, SPDX + "checksumValue", Lit(digest.split(":", 1)[1], None, XSD_HEX))

    def _schema_iri(self, resource: Resource) -> str | None:
        schema = resource.schema_descriptor
        if schema is None:
            return None
        dist = distribution_iri(self.dataset.name, resource.name, self.config)
        if isinstance(schema, dict):
            return dist + "/schema.json"
        if "://" in schema:
            return schema
        if schema.startswith("library:"):
            name, _, version = schema[len("library:") :].partition("@")
            return f"{self.ctx.base}schemas/{_segment(name)}" + (f"/{_segment(version)}" if version else "")
        return f"{self.iri}/{quote(schema.replace(os.sep, '/'))}"
