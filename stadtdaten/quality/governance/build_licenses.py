"""Build ``licenses.json`` (shipped beside this module) from the dcat-ap.de licence vocabulary.

Run at build time only: ``python -m stadtdaten.quality.governance.build_licenses ../shared/reference/dcat-ap-de/vocab``.
``quality`` must not import ``dcat``, so the governance rules keep their own small table: id, German
label, GovData openness flag, and the class the Leitlinie rules use (leitlinie-rules.md §9).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

BASE = "http://dcat-ap.de/def/licenses/"
PREFERRED = {"dl-zero-de/2.0", "cc-zero", "dl-by-de/2.0", "cc-by/4.0"}
PUBLIC_DOMAIN = {"dl-zero-de/2.0", "cc-zero", "ccpdm/1.0", "odcpddl", "officialWork"}
SHARE_ALIKE = {"cc-by-sa/4.0", "cc-by-sa", "cc-by-sa-de/3.0", "odbl", "gfdl", "gpl/3.0"}
ATTRIBUTION = {
    "dl-by-de/2.0",
    "cc-by/4.0",
    "cc-by",
    "cc-by-de/3.0",
    "dl-by-de/1.0",
    "odby",
    "geoNutz/20131001",
    "geonutz/20130319",
    *SHARE_ALIKE,
    "cc-by-nc",
    "cc-by-nc/4.0",
    "cc-by-nc-de/3.0",
    "cc-by-nd",
    "cc-by-nd/3.0",
    "cc-by-nd/4.0",
    "dl-by-nc-de/1.0",
}


def build(vocab: Path) -> dict[str, dict[str, object]]:
    import rdflib

    graph = rdflib.Graph()
    graph.parse(vocab / "dcat-ap-de-licenses-open.rdf")
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    govdata = rdflib.URIRef("http://govdata.de/mqa/#isOpenLicense")
    table: dict[str, dict[str, object]] = {}
    for concept in graph.subjects(rdflib.RDF.type, skos.Concept):
        iri = str(concept).rstrip("/")
        if not iri.startswith(BASE):
            continue
        ident = iri[len(BASE) :]
        label = next((str(o) for o in graph.objects(concept, skos.prefLabel)), ident)
        flag = next((str(o).lower() == "true" for o in graph.objects(concept, govdata)), None)
        if not flag:
            klass = "not-open"
        elif ident in PREFERRED:
            klass = "preferred"
        elif ident in SHARE_ALIKE:
            klass = "share-alike"
        else:
            klass = "open"
        table[ident] = {
            "label": label,
            "open": bool(flag),
            "class": klass,
            "attribution": ident in ATTRIBUTION,
            "public_domain": ident in PUBLIC_DOMAIN,
        }
    return dict(sorted(table.items()))


def main() -> None:
    vocab = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference/dcat-ap-de/vocab")
    target = Path(__file__).with_name("licenses.json")
    target.write_text(json.dumps(build(vocab), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
