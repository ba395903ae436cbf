"""Benchmark: emit and serialise a DCAT-AP.de catalogue of generated datasets, fast path vs plain rdflib.

    python benchmarks/dcat_bench.py [--datasets 10000] [--format ttl]

*Baseline*: the same mapping (``stadtdaten.dcat.emit``) feeding a plain rdflib ``Graph`` triple by
triple (``Graph.add`` with ``URIRef``/``Literal`` terms), then ``Graph.serialize``.
*Fast path*: :func:`stadtdaten.dcat.emit.emit` (lean triple store + direct writer).
Both outputs are parsed back and compared as triple sets (the records have no blank nodes, so set
equality is graph isomorphism); the run fails when they differ. Timing is printed, never asserted in tests.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

import rdflib

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stadtdaten.core.config import ProjectConfig  # noqa: E402
from stadtdaten.core.dataset import Dataset  # noqa: E402
from stadtdaten.dcat import emit as emit_module  # noqa: E402
from stadtdaten.dcat.terms import Lit  # noqa: E402

THEMES = ["ENVI", "TRAN", "SOCI", "GOVE", "ECON", "EDUC", "HEAL", "REGI"]
FREQUENCIES = ["ANNUAL", "MONTHLY", "DAILY", "IRREG", "QUARTERLY"]
FORMATS = [("csv", "csv"), ("json", "json"), ("geojson", "geojson"), ("xlsx", "xlsx")]
LICENSES = ["dl-by-de/2.0", "dl-zero-de/2.0", "cc-by/4.0"]


def generate(count: int) -> list[Dataset]:
    datasets = []
    for i in range(count):
        resources = []
        for j in range(2):
            ext, fmt = FORMATS[(i + j) % len(FORMATS)]
            digest = hashlib.sha256(f"{i}-{j}".encode()).hexdigest()
            resources.append(
                {
                    "name": f"teil-{j}",
                    "path": f"https://daten.example.org/{i}/teil-{j}.{ext}",
                    "format": fmt,
                    "bytes": 1000 + i * 7 + j,
                    "hash": f"sha256:{digest}",
                    "title": f"Teil {j} des Datensatzes {i}",
                }
            )
        descriptor = {
            "name": f"datensatz-{i:05d}",
            "title": f'Datensatz Nummer {i} über "Straßen" & Plätze',
            "description": f"Beschreibung {i}\nmit Zeilenumbruch und Umlauten äöü.",
            "keywords": [f"schlagwort-{i % 50}", "Bielefeld", "Open Data"],
            "licenses": [{"name": LICENSES[i % len(LICENSES)]}],
            "version": f"1.{i % 10}",
            "resources": resources,
            "dcat": {
                "title_en": f"Dataset number {i}",
                "themes": [THEMES[i % len(THEMES)], THEMES[(i + 3) % len(THEMES)]],
                "accrual_periodicity": FREQUENCIES[i % len(FREQUENCIES)],
                "contact_point": {"name": "Open-Data-Team", "email": "opendata@bielefeld.de"},
                "spatial": {"geocoding": "05711000", "level": "municipality", "label": "Bielefeld"},
                "temporal": {"start": "2015-01-01", "end": f"20{10 + i % 15}-12-31"},
                "issued": "2020-01-01",
                "modified": f"2024-{1 + i % 12:02d}-15",
                "provenance": "Erhoben von der Stadt Bielefeld.",
                "access_rights": "PUBLIC",
                "availability": "STABLE",
            },
        }
        datasets.append(Dataset(descriptor, basepath=ROOT))
    return datasets


class RdflibSink:
    """The plain-rdflib baseline: one ``Graph.add`` with fresh rdflib terms per triple."""

    def __init__(self) -> None:
        self.graph = rdflib.Graph()

    def add(self, s: str, p: str, o: object) -> None:
        if isinstance(o, Lit):
            if o.language:
                obj: rdflib.term.Node = rdflib.Literal(o.lexical, lang=o.language)
            elif o.datatype:
                obj = rdflib.Literal(o.lexical, datatype=rdflib.URIRef(o.datatype))
            else:
                obj = rdflib.Literal(o.lexical)
        else:
            obj = rdflib.URIRef(str(o))
        self.graph.add((rdflib.URIRef(s), rdflib.URIRef(p), obj))

    def update(self, other: object) -> None:  # pragma: no cover - not used by the baseline
        raise NotImplementedError


def baseline(datasets: list[Dataset], config: ProjectConfig, fmt: str) -> tuple[str, rdflib.Graph]:
    ctx = emit_module.EmitContext(config)
    sink = RdflibSink()
    cat = emit_module.catalog_iri(config)
    modified = []
    for dataset in datasets:
        sink.add(cat, emit_module.DCAT + "dataset", emit_module.dataset_iri(dataset.name, config))
        if dataset.metadata.modified:
            modified.append(dataset.metadata.modified)
        emit_module._Mapper(dataset, ctx, sink).run()  # type: ignore[arg-type]
    emit_module._catalog_node(cat, ctx, sink, modified)  # type: ignore[arg-type]
    emit_module.bind_prefixes(sink.graph)
    rdflib_format = {"ttl": "turtle", "xml": "xml", "jsonld": "json-ld", "nt": "nt"}[fmt]
    text = sink.graph.serialize(format=rdflib_format)
    return text, sink.graph


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--datasets", type=int, default=10_000)
    parser.add_argument("--format", default="ttl", choices=["ttl", "xml", "jsonld", "nt"])
    args = parser.parse_args()
    config = ProjectConfig()
    datasets = generate(args.datasets)
    for dataset in datasets:  # typed metadata is cached per dataset; both paths get it warm
        _ = dataset.metadata

    start, cpu = time.perf_counter(), time.process_time()
    fast_text = emit_module.emit(datasets, config, args.format)
    fast, fast_cpu = time.perf_counter() - start, time.process_time() - cpu

    start, cpu = time.perf_counter(), time.process_time()
    base_text, base_graph = baseline(datasets, config, args.format)
    slow, slow_cpu = time.perf_counter() - start, time.process_time() - cpu

    parse_format = {"ttl": "turtle", "xml": "xml", "jsonld": "json-ld", "nt": "nt"}[args.format]
    fast_graph = rdflib.Graph().parse(data=fast_text, format=parse_format)
    reparsed_base = rdflib.Graph().parse(data=base_text, format=parse_format)
    fast_set, base_set = set(fast_graph), set(base_graph)
    identical = fast_set == base_set == set(reparsed_base)
    bnodes = any(isinstance(term, rdflib.BNode) for triple in fast_set for term in triple)
    print(f"datasets: {args.datasets}  format: {args.format}  triples: {len(base_graph)}")
    print(f"plain rdflib (Graph.add + serialize): {slow:8.2f} s wall {slow_cpu:8.2f} s CPU  ({len(base_text) / 1e6:.1f} MB)")
    print(f"stadtdaten fast path (emit):          {fast:8.2f} s wall {fast_cpu:8.2f} s CPU  ({len(fast_text) / 1e6:.1f} MB)")
    print(f"speed-up: {slow / fast:.1f}x wall, {slow_cpu / fast_cpu:.1f}x CPU")
    print(f"identical triples: {identical}   blank nodes: {bnodes}")
    if not identical or bnodes:
        print("only in fast:", list(fast_set - base_set)[:5], "only in baseline:", list(base_set - fast_set)[:5])
        raise SystemExit(1)


if __name__ == "__main__":
    main()
