"""DCAT-AP.de: the dataset model to an rdflib graph, vocabularies, SHACL, MQA score, serialisers, harvesting.

Public API (imported lazily, so that ``import stadtdaten.dcat`` does not load pyshacl)::

    dataset_graph(dataset, config) -> rdflib.Graph      # one dataset's DCAT-AP.de record
    catalog_graph(datasets, config) -> rdflib.Graph     # a dcat:Catalog with every record
    emit_text(datasets, config, fmt) -> str             # fast path: the catalogue as text
                                                        # (= stadtdaten.dcat.emit.emit; the package attribute
                                                        # ``emit`` is the module once it is imported)
    serialize(graph, fmt) -> str                        # ttl | xml | jsonld | nt
    check_graph(graph, shapes=None, language="de") -> list[Finding]   # SHACL (own shapes by default)
    mqa_score(graph_or_dataset, config=None, check_urls=False) -> MqaResult
    read_document(path_or_url) -> Document              # safe parsing, parse errors as findings
    vocab                                               # controlled vocabularies (licences, NALs, ...)
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "dataset_graph": "stadtdaten.dcat.emit",
    "catalog_graph": "stadtdaten.dcat.emit",
    "dataset_triples": "stadtdaten.dcat.emit",
    "catalog_triples": "stadtdaten.dcat.emit",
    "emit_text": "stadtdaten.dcat.emit",
    "serialize": "stadtdaten.dcat.emit",
    "dataset_iri": "stadtdaten.dcat.emit",
    "distribution_iri": "stadtdaten.dcat.emit",
    "catalog_iri": "stadtdaten.dcat.emit",
    "download_url": "stadtdaten.dcat.emit",
    "check_graph": "stadtdaten.dcat.shacl",
    "load_shapes": "stadtdaten.dcat.shacl",
    "own_shapes": "stadtdaten.dcat.shacl",
    "KNOWN_DEFECTS": "stadtdaten.dcat.shacl",
    "mqa_score": "stadtdaten.dcat.mqa",
    "mqa_scores": "stadtdaten.dcat.mqa",
    "MqaResult": "stadtdaten.dcat.mqa",
    "read_document": "stadtdaten.dcat.read",
    "vocab": "stadtdaten.dcat.vocab",
}

__all__ = [
    "KNOWN_DEFECTS",
    "MqaResult",
    "catalog_graph",
    "catalog_iri",
    "catalog_triples",
    "check_graph",
    "dataset_graph",
    "dataset_iri",
    "dataset_triples",
    "distribution_iri",
    "download_url",
    "emit_text",
    "load_shapes",
    "mqa_score",
    "mqa_scores",
    "own_shapes",
    "read_document",
    "serialize",
    "vocab",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'stadtdaten.dcat' has no attribute {name!r}")
    loaded = importlib.import_module(module)
    return loaded if name == "vocab" else getattr(loaded, name)
