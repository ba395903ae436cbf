"""Extract the vocabulary subsets that ship in ``stadtdaten/dcat/data/`` from the offline copies in ../shared.

Run from the repository root: ``python scripts/dcat_extract_vocab.py [../shared/reference] [OUT_DIR]``.
The output is data only (concept IRIs, codes, German/English labels, flags); no shape is copied.
Sources and licences are listed in ``stadtdaten/dcat/data/SOURCES.md``.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import rdflib
from rdflib.namespace import DCTERMS, RDF, SKOS

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "stadtdaten" / "dcat" / "data"
GOVDATA_OPEN = rdflib.URIRef("http://govdata.de/mqa/#isOpenLicense")
EDP = "https://europeandataportal.eu/voc#"


def labels(graph: rdflib.Graph, concept: rdflib.term.Node) -> dict[str, str]:
    found: dict[str, str] = {}
    for value in graph.objects(concept, SKOS.prefLabel):
        lang = getattr(value, "language", None)
        if lang in ("de", "en") and lang not in found:
            found[lang] = str(value)
    return found


def nal(path: Path, scheme: str) -> dict[str, dict[str, str]]:
    graph = rdflib.Graph().parse(path)
    result = {}
    for concept in graph.subjects(RDF.type, SKOS.Concept):
        iri = str(concept)
        if not iri.startswith(scheme + "/"):
            continue
        code = iri.rsplit("/", 1)[1]
        if code != "OP_DATPRO":  # the NALs' "provisional data" marker, not a value to choose
            result[code] = labels(graph, concept)
    return dict(sorted(result.items()))


def licences(ref: Path) -> dict[str, dict[str, object]]:
    graph = rdflib.Graph().parse(ref / "dcat-ap-de/vocab/dcat-ap-de-licenses-20210721.rdf")
    flags = rdflib.Graph().parse(ref / "dcat-ap-de/vocab/dcat-ap-de-licenses-open.rdf")
    edp = rdflib.Graph().parse(ref / "mqa/edp-licences-skos.rdf")
    known = {str(o) for o in edp.objects(None, rdflib.OWL.sameAs)} | {str(s) for s in edp.subjects(RDF.type, SKOS.Concept)}
    result = {}
    for concept in graph.subjects(RDF.type, SKOS.Concept):
        iri = str(concept)
        ident = iri.removeprefix("http://dcat-ap.de/def/licenses/")
        open_flag = flags.value(concept, GOVDATA_OPEN)
        result[ident] = {
            "iri": iri,
            "de": str(graph.value(concept, SKOS.prefLabel) or ident),
            "use": str(graph.value(concept, DCTERMS.type) or ""),
            "open": str(open_flag).lower() == "true" if open_flag is not None else None,
            "homepage": str(graph.value(concept, rdflib.FOAF.homepage) or "") or None,
            "edp": iri in known,
        }
    return dict(sorted(result.items()))


def edp_licences(ref: Path) -> list[str]:
    """Every licence IRI data.europa.eu's licence vocabulary knows (concepts, owl:sameAs, skos:exactMatch)."""
    graph = rdflib.Graph().parse(ref / "mqa/edp-licences-skos.rdf")
    iris = set()
    for concept in graph.subjects(RDF.type, SKOS.Concept):
        iris.add(str(concept))
        for predicate in (rdflib.OWL.sameAs, SKOS.exactMatch):
            iris.update(str(o) for o in graph.objects(concept, predicate))
    return sorted(iris)


def file_types(ref: Path) -> dict[str, dict[str, object]]:
    tree = ET.parse(ref / "dcat-ap/vocab/eu-file-type-20240925-0.authority-table.xml")
    legacy = rdflib.Graph().parse(ref / "dcat-ap/vocab/piveau-2019-filetypes-skos.rdf")
    legacy_codes = {str(s).rsplit("/", 1)[1] for s in legacy.subjects(RDF.type, SKOS.Concept)}
    machine = rdflib.Graph().parse(ref / "mqa/edp-machine-readable-format.rdf")
    nonprop = rdflib.Graph().parse(ref / "mqa/edp-non-proprietary-format.rdf")
    mr = {str(s).rsplit("/", 1)[1] for s in machine.subjects(rdflib.URIRef(EDP + "isMachineReadable"), None)}
    npf = {str(s).rsplit("/", 1)[1] for s in nonprop.subjects(rdflib.URIRef(EDP + "isNonProprietary"), None)}
    result = {}
    for record in tree.getroot().iter("record"):
        if record.get("deprecated") == "true":
            continue
        code = record.findtext("authority-code")
        if not code:
            continue
        label = record.find("label/lg.version[@lg='eng']")
        long_label = record.find("long.label/lg.version[@lg='eng']")
        result[code] = {
            "en": (long_label.text if long_label is not None else None) or (label.text if label is not None else code),
            "ext": [e.text.lstrip(".").lower() for e in record.findall("file-extension") if e.text],
            "media": [m.text for m in record.findall("internet-media-type") if m.text],
            "nonprop_ext": record.findtext("is-nonPropExt") == "true",
            "edp_machine_readable": code in mr,
            "edp_non_proprietary": code in npf,
            "in_2018_list": code in legacy_codes,
        }
    return dict(sorted(result.items()))


def geocoding(ref: Path) -> dict[str, list[str]]:
    text = (ref / "dcat-ap-de/vocab/dcat-ap-de-lists-v1.0.2.ttl").read_text(encoding="utf-8")
    keys: dict[str, list[str]] = {}
    for kind in ("regionalKey", "districtKey", "stateKey"):
        found = re.findall(rf"<http://dcat-ap\.de/def/politicalGeocoding/{kind}/([0-9]+)>", text)
        keys[kind] = sorted(set(found))
    return keys


def main() -> None:
    ref = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared" / "reference").resolve()
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else OUT
    out.mkdir(parents=True, exist_ok=True)
    data = {
        "licenses": licences(ref),
        "themes": nal(
            ref / "dcat-ap/vocab/eu-data-theme-20240612-0.rdf", "http://publications.europa.eu/resource/authority/data-theme"
        ),
        "availability": nal(
            ref / "dcat-ap/vocab/eu-planned-availability-20220715-0.rdf",
            "http://publications.europa.eu/resource/authority/planned-availability",
        ),
        "access_rights": nal(
            ref / "dcat-ap/vocab/access-right-skos.rdf", "http://publications.europa.eu/resource/authority/access-right"
        ),
        "file_types": file_types(ref),
        "edp_licences": edp_licences(ref),
    }
    (out / "nal.json").write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    keys = geocoding(ref)
    lines = [f"{kind} {key}" for kind, values in keys.items() for key in values]
    with (out / "geocoding-keys.txt.gz").open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as gz:
        gz.write(("\n".join(lines) + "\n").encode("utf-8"))  # mtime=0: the same input gives the same bytes
    print({k: len(v) for k, v in data.items()}, {k: len(v) for k, v in keys.items()})


if __name__ == "__main__":
    main()
