"""Namespaces of DCAT-AP.de 3.0 and the prefixes every serialisation uses."""

from __future__ import annotations

import rdflib

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
DCATDE = "http://dcat-ap.de/def/dcatde/"
DCATAP = "http://data.europa.eu/r5r/"
FOAF = "http://xmlns.com/foaf/0.1/"
VCARD = "http://www.w3.org/2006/vcard/ns#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SPDX = "http://spdx.org/rdf/terms#"
ADMS = "http://www.w3.org/ns/adms#"
LOCN = "http://www.w3.org/ns/locn#"
GSP = "http://www.opengis.net/ont/geosparql#"
PROV = "http://www.w3.org/ns/prov#"
GEODCATAP = "http://data.europa.eu/930/"
ELI = "http://data.europa.eu/eli/ontology#"
HYDRA = "http://www.w3.org/ns/hydra/core#"
SH = "http://www.w3.org/ns/shacl#"

RDF_TYPE = RDF + "type"

PREFIXES: dict[str, str] = {
    "dcat": DCAT,
    "dcterms": DCT,
    "dcatde": DCATDE,
    "dcatap": DCATAP,
    "foaf": FOAF,
    "vcard": VCARD,
    "skos": SKOS,
    "spdx": SPDX,
    "adms": ADMS,
    "locn": LOCN,
    "gsp": GSP,
    "prov": PROV,
    "geodcatap": GEODCATAP,
    "eli": ELI,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "hydra": HYDRA,
}


def bind_prefixes(graph: rdflib.Graph) -> rdflib.Graph:
    """Bind our prefixes (``dcterms:`` as in DCAT-AP.de 3.0, not rdflib's default ``dcterms``/``dct`` mix)."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, rdflib.Namespace(namespace), override=True, replace=True)
    return graph
