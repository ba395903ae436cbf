"""Emit: the mapping, stable IRIs without blank nodes, the four serialisations round-trip isomorphic."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, RDF

from stadtdaten.core.config import ProjectConfig
from stadtdaten.core.dataset import Dataset, load_dataset
from stadtdaten.dcat import catalog_graph, dataset_graph, serialize
from stadtdaten.dcat.emit import EmitContext, catalog_triples, emit
from stadtdaten.dcat.writers import write
from tests.dcat.conftest import FIXTURES

DCATDE = rdflib.Namespace("http://dcat-ap.de/def/dcatde/")
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
FORMATS = {"ttl": "turtle", "xml": "xml", "jsonld": "json-ld", "nt": "nt"}


@pytest.fixture(scope="module")
def baeume() -> Dataset:
    return load_dataset(FIXTURES / "baeume")


def test_dataset_record(baeume: Dataset) -> None:
    g = dataset_graph(baeume, ProjectConfig())
    d = rdflib.URIRef("https://open.bielefeld.de/dataset/strassenbaeume")
    assert (d, RDF.type, DCAT.Dataset) in g
    assert {(str(t), t.language) for t in g.objects(d, DCTERMS.title)} == {
        ("Straßenbaumkataster", "de"),
        ("Street tree register", "en"),
    }
    publisher = g.value(d, DCTERMS.publisher)
    assert str(g.value(publisher, DCTERMS.type)) == "http://purl.org/adms/publishertype/LocalAuthority"
    contact = g.value(d, DCAT.contactPoint)
    assert str(g.value(contact, rdflib.URIRef("http://www.w3.org/2006/vcard/ns#hasEmail"))) == "mailto:umweltbetrieb@bielefeld.de"
    geocoding = rdflib.URIRef("http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05711000")
    assert (d, DCATDE.politicalGeocodingURI, geocoding) in g
    assert (d, DCTERMS.spatial, geocoding) in g  # K11 mirror
    assert str(g.value(d, DCATDE.politicalGeocodingLevelURI)).endswith("/Level/municipality")
    period = g.value(d, DCTERMS.temporal)
    assert str(g.value(period, DCAT.startDate)) == "2015-01-01"
    dist = rdflib.URIRef("https://open.bielefeld.de/dataset/strassenbaeume/resource/baeume")
    assert (d, DCAT.distribution, dist) in g
    assert str(g.value(dist, DCTERMS.license)) == "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
    assert str(g.value(dist, DCATDE.licenseAttributionByText)) == "Stadt Bielefeld, Umweltbetrieb"
    assert str(g.value(dist, DCTERMS.format)).endswith("/file-type/CSV")
    assert str(g.value(dist, DCAT.mediaType)) == "https://www.iana.org/assignments/media-types/text/csv"
    assert g.value(dist, DCAT.accessURL) == g.value(dist, DCAT.downloadURL)  # K39
    size = g.value(dist, DCAT.byteSize)
    assert size.datatype == rdflib.XSD.nonNegativeInteger and int(size) == (FIXTURES / "baeume" / "baeume.csv").stat().st_size
    checksum = g.value(dist, SPDX.checksum)
    assert str(g.value(checksum, SPDX.checksumValue)) == baeume.resources[0].file_hash().split(":")[1]  # type: ignore[union-attr]
    assert str(g.value(dist, DCTERMS.conformsTo)).endswith("/resource/baeume/schema.json")
    assert str(g.value(d, rdflib.URIRef("http://www.w3.org/2002/07/owl#versionInfo"))) == "1.2"  # 2.0 form kept


def test_no_blank_nodes_and_stable_output(datasets: list[Dataset], config: ProjectConfig, catalog: rdflib.Graph) -> None:
    assert not [t for t in catalog if any(isinstance(x, rdflib.BNode) for x in t)]
    assert emit(datasets, config, "nt") == emit(datasets, config, "nt")
    for dataset in datasets:
        assert (rdflib.URIRef(f"{config.base_uri}dataset/{dataset.name}"), RDF.type, DCAT.Dataset) in catalog


def test_config_defaults_fill_gaps() -> None:
    dataset = load_dataset(FIXTURES / "haltestellen")
    config = ProjectConfig(contact_point={"email": "opendata@bielefeld.de"})
    g = dataset_graph(dataset, config)
    d = rdflib.URIRef("https://open.bielefeld.de/dataset/haltestellen")
    assert g.value(d, DCAT.contactPoint) is not None
    assert str(g.value(d, DCATDE.politicalGeocodingURI)).endswith("/05711000")
    assert str(g.value(d, DCTERMS.accessRights)).endswith("/PUBLIC")
    licences = set(g.objects(None, DCTERMS.license))
    assert licences == {rdflib.URIRef("http://dcat-ap.de/def/licenses/dl-zero-de/2.0")}  # trailing slash removed
    assert not list(g.objects(None, DCATDE.licenseAttributionByText))  # zero licence: no attribution needed
    conforms = {str(o) for o in g.objects(None, DCTERMS.conformsTo)}
    assert "https://open.bielefeld.de/schemas/haltestellen/1.0" in conforms


def test_unknown_terms_become_findings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "datapackage.yaml").write_text(
        "name: x\ntitle: X\nlicenses: [{name: dl-zero-de/2.0}]\nresources: [{name: a, path: a.csv}]\n"
        "dcat: {themes: [ENVI, WEATHER], accrual_periodicity: SOMETIMES}\n",
        encoding="utf-8",
    )
    (tmp_path / "a.csv").write_text("a\n1\n", encoding="utf-8")
    ctx = EmitContext(ProjectConfig())
    store = catalog_triples([load_dataset(tmp_path)], ProjectConfig(), ctx)
    assert {f.params["value"] for f in ctx.findings} == {"WEATHER", "SOMETIMES"}
    assert "WEATHER" not in write(store, "nt")


@pytest.mark.parametrize("fmt", ["ttl", "xml", "jsonld", "nt"])
def test_fast_writers_equal_rdflib_graph(datasets: list[Dataset], config: ProjectConfig, catalog: rdflib.Graph, fmt: str) -> None:
    """The direct writers produce exactly the triples of the rdflib graph (no blank nodes: set equality)."""
    text = emit(datasets, config, fmt)
    parsed = rdflib.Graph().parse(data=text, format=FORMATS[fmt])
    assert set(parsed) == set(catalog)


@pytest.mark.parametrize("fmt", ["ttl", "xml", "jsonld", "nt"])
def test_serialize_round_trip(catalog: rdflib.Graph, fmt: str) -> None:
    text = serialize(catalog, fmt)
    assert isomorphic(rdflib.Graph().parse(data=text, format=FORMATS[fmt]), catalog)


@pytest.mark.parametrize("fmt", ["ttl", "xml", "jsonld", "nt"])
def test_serialize_foreign_graph_with_blank_nodes(fmt: str) -> None:
    """serialize() writes any graph, blank nodes and awkward literals included."""
    g = rdflib.Graph()
    node = rdflib.BNode()
    s = rdflib.URIRef("http://example.org/straße?x=1&y=2")
    g.add((s, DCTERMS.title, rdflib.Literal('Zeile 1\nZeile "2"\t\\ ä', lang="de")))
    g.add((s, DCTERMS.temporal, node))
    g.add((node, DCAT.startDate, rdflib.Literal("2020", datatype=rdflib.XSD.gYear)))
    g.add((node, rdflib.URIRef("http://example.org/vocab#n"), rdflib.Literal(3)))
    text = serialize(g, fmt)
    assert isomorphic(rdflib.Graph().parse(data=text, format=FORMATS[fmt]), g)


def test_catalog_node(catalog: rdflib.Graph, config: ProjectConfig, datasets: list[Dataset]) -> None:
    cat = rdflib.URIRef(config.base_uri + "catalog")
    assert (cat, RDF.type, DCAT.Catalog) in catalog
    assert catalog.value(cat, DCTERMS.publisher) is not None
    assert len(list(catalog.objects(cat, DCAT.dataset))) == len(datasets)
    assert str(catalog.value(cat, DCAT.themeTaxonomy)) == "http://publications.europa.eu/resource/authority/data-theme"
    assert catalog_graph([], config).value(cat, DCTERMS.title) is not None


def test_inline_and_remote_resources(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "datapackage.yaml").write_text(
        "name: mix\ntitle: Mix\nlicenses: [{name: cc-by/4.0}]\nresources:\n"
        "  - {name: inline, data: [{a: 1}], format: json}\n"
        "  - {name: remote, path: 'https://example.org/x.csv', bytes: 12, hash: 'sha256:" + "ab" * 32 + "'}\n",
        encoding="utf-8",
    )
    g = dataset_graph(load_dataset(tmp_path), ProjectConfig())
    inline = rdflib.URIRef("https://open.bielefeld.de/dataset/mix/resource/inline")
    remote = rdflib.URIRef("https://open.bielefeld.de/dataset/mix/resource/remote")
    assert str(g.value(inline, DCAT.accessURL)) == "https://open.bielefeld.de/dataset/mix.html"
    assert g.value(inline, DCAT.downloadURL) is None
    assert str(g.value(remote, DCAT.downloadURL)) == "https://example.org/x.csv"
    assert int(g.value(remote, DCAT.byteSize)) == 12
    assert str(g.value(g.value(remote, SPDX.checksum), SPDX.checksumValue)) == "ab" * 32
    assert str(g.value(remote, DCATDE.licenseAttributionByText)) == "Stadt Bielefeld"  # K35 default: the publisher


@pytest.mark.parametrize("fmt", ["ttl", "xml", "jsonld", "nt"])
def test_serialize_keeps_blank_nodes_apart(fmt: str) -> None:
    g = rdflib.Graph()
    s = rdflib.URIRef("http://example.org/s")
    for label in ("a-b", "a_b", "b0", "N1"):
        g.add((s, DCTERMS.relation, rdflib.BNode(label)))
        g.add((rdflib.BNode(label), DCTERMS.title, rdflib.Literal(label)))
    parsed = rdflib.Graph().parse(data=serialize(g, fmt), format=FORMATS[fmt])
    assert len(parsed) == 8 and isomorphic(parsed, g)
