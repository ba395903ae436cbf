"""SHACL: our own shapes (obligations + Konventionen) and, in CI, the official DCAT-AP.de 3.0 and EU DCAT-AP
3.0.0 shapes from ../shared/reference on everything we emit. pyshacl is slow, so each shape set runs once
per module on the merged catalogue of all examples."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import rdflib
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from stadtdaten.core.i18n import catalog_entries, get_translator
from stadtdaten.core.report import Finding
from stadtdaten.dcat.shacl import KNOWN_DEFECTS, OWN_SHAPES, check_graph, load_shapes, own_code, results_to_findings, validate
from tests.conftest import ROOT

VCARD = rdflib.Namespace("http://www.w3.org/2006/vcard/ns#")
DCATDE = rdflib.Namespace("http://dcat-ap.de/def/dcatde/")
D = rdflib.URIRef("https://open.bielefeld.de/dataset/strassenbaeume")


def _errors(findings: list[Finding]) -> list[str]:
    return [f"{f.code} {f.location.describe()} {f.params.get('message', '')}" for f in findings if f.severity.value == "error"]


def test_own_shapes_accept_every_emitted_example(catalog: rdflib.Graph) -> None:
    findings = check_graph(catalog)
    assert [f"{f.severity.value} {f.code} {f.location.describe()}" for f in findings] == []


@pytest.fixture(scope="module")
def record() -> rdflib.Graph:
    from stadtdaten.core.config import ProjectConfig
    from stadtdaten.core.dataset import load_dataset
    from stadtdaten.dcat import dataset_graph
    from tests.dcat.conftest import FIXTURES

    return dataset_graph(load_dataset(FIXTURES / "baeume"), ProjectConfig())


def _dist(g: rdflib.Graph) -> rdflib.term.Node:
    return next(iter(g.objects(D, DCAT.distribution)))


def _drop(pred: rdflib.URIRef) -> Callable[[rdflib.Graph], None]:
    def change(g: rdflib.Graph) -> None:
        g.remove((None, pred, None))

    return change


def _contact_without_mailto(g: rdflib.Graph) -> None:
    contact = g.value(D, DCAT.contactPoint)
    g.remove((contact, VCARD.hasEmail, None))
    g.add((contact, VCARD.hasEmail, rdflib.URIRef("umweltbetrieb@bielefeld.de")))


def _no_contact_channel(g: rdflib.Graph) -> None:
    g.remove((None, VCARD.hasEmail, None))
    g.remove((None, VCARD.hasURL, None))


def _bad_geocoding(g: rdflib.Graph) -> None:
    g.remove((D, DCATDE.politicalGeocodingURI, None))
    g.add((D, DCATDE.politicalGeocodingURI, rdflib.Literal("05711000")))


def _geocoding_without_spatial(g: rdflib.Graph) -> None:
    g.remove((D, DCTERMS.spatial, None))


def _bad_theme(g: rdflib.Graph) -> None:
    g.add((D, DCAT.theme, rdflib.URIRef("http://example.org/themes/trees")))


def _format_literal(g: rdflib.Graph) -> None:
    for dist in g.objects(D, DCAT.distribution):
        g.remove((dist, DCTERMS.format, None))
        g.add((dist, DCTERMS.format, rdflib.Literal("CSV")))


def _licence_outside_list(g: rdflib.Graph) -> None:
    dist = _dist(g)
    g.remove((dist, DCTERMS.license, None))
    g.add((dist, DCTERMS.license, rdflib.URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0/")))  # trailing slash


def _two_publishers(g: rdflib.Graph) -> None:
    g.add((D, DCTERMS.publisher, rdflib.URIRef("https://example.org/other")))


def _empty_period(g: rdflib.Graph) -> None:
    period = g.value(D, DCTERMS.temporal)
    g.remove((period, DCAT.startDate, None))
    g.remove((period, DCAT.endDate, None))


def _byte_size_decimal(g: rdflib.Graph) -> None:
    dist = _dist(g)
    g.remove((dist, DCAT.byteSize, None))
    g.add((dist, DCAT.byteSize, rdflib.Literal("57", datatype=rdflib.XSD.decimal)))


def _unnamed_publisher(g: rdflib.Graph) -> None:
    g.remove((g.value(D, DCTERMS.publisher), FOAF.name, None))


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (_no_contact_channel, "shacl-k01"),
        (_contact_without_mailto, "shacl-k01-mailto"),
        (_bad_geocoding, "shacl-k08-geocoding-iri"),
        (_geocoding_without_spatial, "shacl-k08-spatial"),
        (_bad_theme, "shacl-k30-theme"),
        (_format_literal, "shacl-k31-format"),
        (_licence_outside_list, "shacl-k32-license"),
        (_drop(DCATDE.licenseAttributionByText), "shacl-k35"),
        (_two_publishers, "shacl-k36-publisher"),
        (_unnamed_publisher, "shacl-agent-name"),
        (_empty_period, "shacl-k38"),
        (_drop(DCTERMS.title), "shacl-dataset-title"),
        (_drop(DCTERMS.description), "shacl-dataset-description"),
        (_drop(DCTERMS.license), "shacl-distribution-license"),
        (_drop(DCAT.accessURL), "shacl-distribution-access-url"),
        (_byte_size_decimal, "shacl-distribution-byte-size"),
        (_drop(DCAT.keyword), "shacl-dataset-keyword"),
    ],
)
def test_each_rule_fires(record: rdflib.Graph, change: Callable[[rdflib.Graph], None], code: str) -> None:
    g = rdflib.Graph()
    g += record
    change(g)
    findings = check_graph(g, language="en")
    assert code in {f.code for f in findings}
    finding = next(f for f in findings if f.code == code)
    assert finding.location.node
    english = finding.message(get_translator("en"))
    german = finding.message(get_translator("de"))
    assert english and german and english != german


def test_every_own_shape_has_both_messages_and_the_po_agrees() -> None:
    entries = catalog_entries("de")
    assert len(OWN_SHAPES) >= 40
    for name, (english, german, _severity) in OWN_SHAPES.items():
        assert english and german, name
        assert entries.get((f"finding:{own_code(name)}", english)) == german, name
    for konvention in ("K01", "K08", "K30", "K31", "K32", "K35", "K36", "K38"):
        assert any(name == konvention or name.startswith(konvention + "-") for name in OWN_SHAPES), konvention


def test_foreign_shape_message_in_the_users_language() -> None:
    report = rdflib.Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        [] a sh:ValidationResult ; sh:focusNode <http://example.org/d> ; sh:resultPath <http://purl.org/dc/terms/title> ;
           sh:resultSeverity sh:Violation ; sh:sourceConstraintComponent sh:MinCountConstraintComponent ;
           sh:sourceShape <http://example.org/shape> ;
           sh:resultMessage "Titel fehlt"@de, "Title missing"@en .
        """,
        format="turtle",
    )
    [german] = results_to_findings(report, "de")
    [english] = results_to_findings(report, "en")
    assert german.code == "shacl-min-count" and german.params["message"] == "Titel fehlt"
    assert english.params["message"] == "Title missing"
    assert german.location.property == "dcterms:title" and german.location.node == "http://example.org/d"


# -- the official shapes (CI: ../shared present) -------------------------------------------------------------


def _violations(data: rdflib.Graph, shapes: rdflib.Graph, vocabulary: rdflib.Graph | None = None) -> list[Finding]:
    _conforms, report = validate(data, shapes, vocabulary)
    return [f for f in results_to_findings(report, "en") if f.params.get("original_severity", f.severity.value) == "error"]


@pytest.fixture(scope="module")
def de_results(catalog: rdflib.Graph, official_de_shapes: rdflib.Graph, official_vocabulary: rdflib.Graph) -> list[Finding]:
    return _violations(catalog, official_de_shapes, official_vocabulary)


def test_official_dcat_ap_de_3_0_no_violations(de_results: list[Finding]) -> None:
    """DCAT-AP.de 3.0 (spec profile, vocabulary bundle in the data graph): violations only from UD-1."""
    unexplained = [f for f in de_results if "upstream_defect" not in f.params]
    assert _errors(unexplained) == []
    assert {f.params["upstream_defect"] for f in de_results} <= {"UD-1"}
    # UD-1 fires once per licence we use, on the licence node (from the list's own literal dcterms:type)
    assert all(str(f.location.node).startswith("http://dcat-ap.de/def/licenses/") for f in de_results)


def test_official_eu_dcat_ap_3_0_0_no_violations(catalog: rdflib.Graph, eu_shapes: rdflib.Graph) -> None:
    """EU DCAT-AP 3.0.0 combined shapes (range checks included), the document alone."""
    assert _errors(_violations(catalog, eu_shapes)) == []


def test_official_konventionen_only_contributor_id(
    catalog: rdflib.Graph, official_konventionen: rdflib.Graph, official_vocabulary: rdflib.Graph
) -> None:
    """DCAT-AP.de 2.0 Konventionen: K12/K13 (contributorID, only for direct GovData delivery) = UD-2."""
    results = _violations(catalog, official_konventionen, official_vocabulary)
    assert _errors([f for f in results if "upstream_defect" not in f.params]) == []
    assert {f.params["upstream_defect"] for f in results} <= {"UD-2"}


def test_official_shapes_loaded_alongside_ours(catalog: rdflib.Graph) -> None:
    from tests.dcat.conftest import REFERENCE

    path = REFERENCE / "dcat-ap" / "3.0.1" / "html-shacl" / "shapes.ttl"
    if not path.exists():
        pytest.skip(f"needs {path}")
    shapes = load_shapes([path])
    assert len(shapes) > len(load_shapes([]))
    assert _errors(check_graph(catalog, shapes)) == []


def test_known_defects_are_documented() -> None:
    text = (ROOT / "docs" / "dcat.md").read_text(encoding="utf-8")
    for defect in KNOWN_DEFECTS:
        assert defect.id in text and defect.reason


def test_record_nodes_typed_for_range_checks(catalog: rdflib.Graph) -> None:
    """The values the EU range checks look at carry their classes in the record itself."""
    for obj in catalog.objects(None, DCTERMS.license):
        assert (obj, RDF.type, DCTERMS.LicenseDocument) in catalog
    for obj in catalog.objects(None, DCAT.theme):
        assert (obj, RDF.type, rdflib.URIRef("http://www.w3.org/2004/02/skos/core#Concept")) in catalog
