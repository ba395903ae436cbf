"""The data.europa.eu Metadata Quality Assessment (MQA), computed locally.

23 indicators in five dimensions, 405 points (the table in :data:`INDICATORS`; the same as
../shared/reference/mqa/indicators.csv, which a test compares). Bands: Excellent 351-405, Good 221-350,
Sufficient 121-220, Bad 0-120.

How we aggregate (data.europa.eu does not publish this; docs/mqa.md explains the choice):

* Dataset-level indicators (keyword, theme, spatial, temporal, access rights, contact point, publisher)
  look at the dataset node.
* Distribution-level indicators (access/download URL, format, media type, licence, rights, byte size,
  issued, modified) earn their points only when **every** distribution of the dataset meets them (the
  stricter of the two open implementations); a dataset without distributions earns none of them. The
  share of distributions that meet each indicator is reported in ``detail``.
* Date of issue / modification count when the distribution has them; as piveau's DQV metric and the
  methodology do not agree, a distribution without its own date inherits the dataset's.
* "DCAT-AP compliance" (30 points) means no SHACL violation on the dataset's nodes under the EU DCAT-AP
  shapes when they are given (``eu_shapes``, e.g. from ``--official``); offline, without them, the
  check runs our own shapes restricted to the EU DCAT-AP 3.0 mandatory properties (:data:`EU_MANDATORY`).
* URL reachability (80 points) is an opt-in online check (``check_urls=True``): HTTP HEAD, GET when HEAD
  is refused, 2xx or 3xx counts as reachable. Without it those indicators are "not assessed" and earn 0.
* A catalogue scores the mean of its datasets (rounded), each indicator met by the share of datasets shown.
"""

from __future__ import annotations

import concurrent.futures
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import rdflib
from rdflib.namespace import RDF

from stadtdaten.core.config import ProjectConfig
from stadtdaten.core.dataset import Dataset
from stadtdaten.dcat import vocab
from stadtdaten.dcat.namespaces import DCAT, DCT

MAX_POINTS = 405

# (dimension, indicator, property, points): data.europa.eu MQA methodology
INDICATORS: tuple[tuple[str, str, str, int], ...] = (
    ("Findability", "Keyword usage", "dcat:keyword", 30),
    ("Findability", "Categories", "dcat:theme", 30),
    ("Findability", "Geo search", "dct:spatial", 20),
    ("Findability", "Time based search", "dct:temporal", 20),
    ("Accessibility", "AccessURL accessibility", "dcat:accessURL", 50),
    ("Accessibility", "DownloadURL", "dcat:downloadURL", 20),
    ("Accessibility", "DownloadURL accessibility", "dcat:downloadURL", 30),
    ("Interoperability", "Format", "dct:format", 20),
    ("Interoperability", "Media type", "dcat:mediaType", 10),
    ("Interoperability", "Format / Media type from vocabulary", "dct:format + dcat:mediaType", 10),
    ("Interoperability", "Non-proprietary", "dct:format / dcat:mediaType", 20),
    ("Interoperability", "Machine readable", "dct:format / dcat:mediaType", 20),
    ("Interoperability", "DCAT-AP compliance", "whole dataset record", 30),
    ("Reusability", "Licence information", "dct:license", 20),
    ("Reusability", "Licence vocabulary", "dct:license", 10),
    ("Reusability", "Access restrictions", "dct:accessRights", 10),
    ("Reusability", "Access restrictions vocabulary", "dct:accessRights", 5),
    ("Reusability", "Contact point", "dcat:contactPoint", 20),
    ("Reusability", "Publisher", "dct:publisher", 10),
    ("Contextuality", "Rights", "dct:rights", 5),
    ("Contextuality", "File size", "dcat:byteSize", 5),
    ("Contextuality", "Date of issue", "dct:issued", 5),
    ("Contextuality", "Modification date", "dct:modified", 5),
)
RATINGS: tuple[tuple[str, int, int], ...] = (
    ("Excellent", 351, 405),
    ("Good", 221, 350),
    ("Sufficient", 121, 220),
    ("Bad", 0, 120),
)
RATING_DE = {"Excellent": "Ausgezeichnet", "Good": "Gut", "Sufficient": "Ausreichend", "Bad": "Schlecht"}

# our shapes that stand for the EU DCAT-AP 3.0.0 mandatory properties (offline compliance proxy)
EU_MANDATORY = frozenset(
    {
        "shacl-dataset-title",
        "shacl-dataset-description",
        "shacl-distribution-access-url",
        "shacl-agent-name",
        "shacl-catalog-title",
        "shacl-catalog-description",
        "shacl-catalog-publisher",
    }
)


def rating(score: int) -> str:
    for name, low, high in RATINGS:
        if low <= score <= high:
            return name
    return "Bad"


@dataclass
class IndicatorResult:
    dimension: str
    indicator: str
    property: str
    max_points: int
    points: int
    met: bool | None
    """None: not assessed (URL reachability without ``check_urls``)."""
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "dimension": self.dimension,
            "indicator": self.indicator,
            "property": self.property,
            "points": self.points,
            "max_points": self.max_points,
            "met": self.met,
            "detail": self.detail,
        }


@dataclass
class MqaResult:
    score: int
    rating: str
    indicators: list[IndicatorResult]
    max: int = MAX_POINTS
    subject: str | None = None
    """The dataset IRI, or None for a catalogue."""
    datasets: dict[str, MqaResult] = field(default_factory=dict)
    """Per dataset, for a catalogue result."""
    urls_checked: bool = False

    @property
    def dimensions(self) -> dict[str, tuple[int, int]]:
        result: dict[str, tuple[int, int]] = {}
        for item in self.indicators:
            points, maximum = result.get(item.dimension, (0, 0))
            result[item.dimension] = (points + item.points, maximum + item.max_points)
        return result

    @property
    def excellent(self) -> bool:
        return self.rating == "Excellent"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "score": self.score,
            "max": self.max,
            "rating": self.rating,
            "urls_checked": self.urls_checked,
            "dimensions": {k: {"points": p, "max": m} for k, (p, m) in self.dimensions.items()},
            "indicators": [i.to_dict() for i in self.indicators],
        }
        if self.subject:
            data["dataset"] = self.subject
        if self.datasets:
            data["datasets"] = {k: {"score": v.score, "rating": v.rating} for k, v in self.datasets.items()}
        return data


# -- URL reachability ---------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a 3xx answer already counts as reachable


def url_reachable(url: str, timeout: float = 5.0) -> tuple[bool, str]:
    """HEAD (GET when HEAD is refused); 2xx/3xx is reachable. Only http(s)."""
    if not url.startswith(("http://", "https://")):
        return False, "not an http(s) URL"
    opener = urllib.request.build_opener(_NoRedirect)
    status: int | str = "no answer"
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": "stadtdaten-mqa/1"})
        if method == "GET":
            request.add_header("Range", "bytes=0-0")
        try:
            with opener.open(request, timeout=timeout) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except (urllib.error.URLError, OSError, ValueError) as exc:
            status = type(exc).__name__
            continue
        if isinstance(status, int) and 200 <= status < 400:
            return True, f"HTTP {status} ({method})"
        if status not in (405, 501, 403):
            break
    return False, f"HTTP {status}" if isinstance(status, int) else str(status)


class UrlChecker:
    """Checks each URL once, a few at a time."""

    def __init__(self, timeout: float = 5.0, workers: int = 8) -> None:
        self.timeout = timeout
        self.workers = workers
        self.results: dict[str, tuple[bool, str]] = {}

    def check(self, urls: Iterable[str]) -> None:
        todo = sorted({u for u in urls if u not in self.results})
        if not todo:
            return
        with concurrent.futures.ThreadPoolExecutor(max_workers=self.workers) as pool:
            for url, outcome in zip(todo, pool.map(lambda u: url_reachable(u, self.timeout), todo), strict=True):
                self.results[url] = outcome


# -- scoring ------------------------------------------------------------------------------------------


def _objects(graph: rdflib.Graph, node: rdflib.term.Node, predicate: str) -> list[rdflib.term.Node]:
    return list(graph.objects(node, rdflib.URIRef(predicate)))


def _iri_format_code(value: rdflib.term.Node) -> str | None:
    if not isinstance(value, rdflib.URIRef):
        return None
    try:
        return vocab.file_type_code(str(value))
    except vocab.UnknownTermError:
        return None


def _reachable_nodes(graph: rdflib.Graph, start: rdflib.term.Node, depth: int = 3) -> set[rdflib.term.Node]:
    seen = {start}
    frontier = [start]
    for _ in range(depth):
        following = []
        for node in frontier:
            for predicate, obj in graph.predicate_objects(node):
                if predicate == RDF.type or isinstance(obj, rdflib.Literal) or obj in seen:
                    continue
                seen.add(obj)
                following.append(obj)
        frontier = following
    return seen


def _violating_nodes(graph: rdflib.Graph, eu_shapes: rdflib.Graph | None) -> set[str]:
    from stadtdaten.dcat.shacl import check_graph

    if eu_shapes is not None:
        findings = check_graph(graph, eu_shapes, language="en")
        return {f.location.node or "" for f in findings if f.severity.value == "error"}
    findings = check_graph(graph, language="en")
    return {f.location.node or "" for f in findings if f.code in EU_MANDATORY and f.severity.value == "error"}


def _node_key(node: rdflib.term.Node) -> str:
    return f"_:{node}" if isinstance(node, rdflib.BNode) else str(node)


def score_dataset(
    graph: rdflib.Graph,
    dataset: rdflib.term.Node,
    *,
    violating: set[str],
    urls: UrlChecker | None = None,
) -> MqaResult:
    """The MQA score of one dcat:Dataset node in ``graph``."""
    dists = _objects(graph, dataset, DCAT + "distribution")
    n = len(dists)

    def ds(predicate: str) -> list[rdflib.term.Node]:
        return _objects(graph, dataset, predicate)

    def share(test: Any) -> tuple[bool, str]:
        if n == 0:
            return False, "no distributions"
        ok = sum(1 for d in dists if test(d))
        return ok == n, f"{ok}/{n} distributions"

    def dist_has(predicate: str) -> tuple[bool, str]:
        return share(lambda d: bool(_objects(graph, d, predicate)))

    def dist_or_dataset_has(predicate: str) -> tuple[bool, str]:
        inherited = bool(ds(predicate))
        return share(lambda d: bool(_objects(graph, d, predicate)) or inherited)

    def fmt_codes(d: rdflib.term.Node) -> set[str]:
        codes = {c for c in (_iri_format_code(v) for v in _objects(graph, d, DCT + "format")) if c}
        codes |= {c for c in (_iri_format_code(v) for v in _objects(graph, d, DCAT + "mediaType")) if c}
        return codes

    def vocab_aligned(d: rdflib.term.Node) -> bool:
        formats = _objects(graph, d, DCT + "format")
        media = _objects(graph, d, DCAT + "mediaType")
        format_ok = bool(formats) and all(str(f).startswith(vocab.FILE_TYPE_BASE) and _iri_format_code(f) for f in formats)
        media_ok = bool(media) and all(isinstance(m, rdflib.URIRef) and vocab.is_iana_media_type(str(m)) for m in media)
        return format_ok and media_ok

    def licence_known(d: rdflib.term.Node) -> bool:
        licences = _objects(graph, d, DCT + "license")
        return bool(licences) and all(isinstance(x, rdflib.URIRef) and vocab.is_edp_known_license(str(x)) for x in licences)

    def reachability(predicate: str) -> tuple[bool | None, str]:
        if urls is None:
            return None, "not assessed (run with --check-urls)"
        if n == 0:
            return False, "no distributions"
        values = [str(u) for d in dists for u in _objects(graph, d, predicate) if isinstance(u, rdflib.URIRef)]
        if not values:
            return False, "no URLs"
        urls.check(values)
        bad = [u for u in values if not urls.results[u][0]]
        if bad:
            return False, f"{len(values) - len(bad)}/{len(values)} reachable; e.g. {bad[0]}: {urls.results[bad[0]][1]}"
        return True, f"{len(values)}/{len(values)} reachable"

    access_rights = ds(DCT + "accessRights")
    owned = {_node_key(x) for x in _reachable_nodes(graph, dataset)}
    owned_violations = sorted(owned & violating)
    outcomes: dict[str, tuple[bool | None, str]] = {
        "Keyword usage": (bool(ds(DCAT + "keyword")), ""),
        "Categories": (bool(ds(DCAT + "theme")), ""),
        "Geo search": (bool(ds(DCT + "spatial")), ""),
        "Time based search": (bool(ds(DCT + "temporal")), ""),
        "AccessURL accessibility": reachability(DCAT + "accessURL"),
        "DownloadURL": dist_has(DCAT + "downloadURL"),
        "DownloadURL accessibility": reachability(DCAT + "downloadURL"),
        "Format": dist_has(DCT + "format"),
        "Media type": dist_has(DCAT + "mediaType"),
        "Format / Media type from vocabulary": share(vocab_aligned),
        "Non-proprietary": share(lambda d: any(vocab.is_non_proprietary(c) for c in fmt_codes(d))),
        "Machine readable": share(lambda d: any(vocab.is_machine_readable(c) for c in fmt_codes(d))),
        "DCAT-AP compliance": (
            not owned_violations,
            f"violations on {len(owned_violations)} node(s), e.g. {owned_violations[0]}" if owned_violations else "",
        ),
        "Licence information": dist_has(DCT + "license"),
        "Licence vocabulary": share(licence_known),
        "Access restrictions": (bool(access_rights), ""),
        "Access restrictions vocabulary": (
            bool(access_rights)
            and all(
                isinstance(a, rdflib.URIRef)
                and str(a).startswith(vocab.ACCESS_RIGHT_BASE)
                and str(a)[len(vocab.ACCESS_RIGHT_BASE) :] in vocab.codes("access_rights")
                for a in access_rights
            ),
            "",
        ),
        "Contact point": (bool(ds(DCAT + "contactPoint")), ""),
        "Publisher": (bool(ds(DCT + "publisher")), ""),
        "Rights": dist_has(DCT + "rights"),
        "File size": dist_has(DCAT + "byteSize"),
        "Date of issue": dist_or_dataset_has(DCT + "issued"),
        "Modification date": dist_or_dataset_has(DCT + "modified"),
    }
    indicators = []
    for dimension, name, prop, points in INDICATORS:
        met, detail = outcomes[name]
        indicators.append(IndicatorResult(dimension, name, prop, points, points if met else 0, met, detail))
    total = sum(i.points for i in indicators)
    return MqaResult(total, rating(total), indicators, subject=_node_key(dataset), urls_checked=urls is not None)


def mqa_scores(
    graph: rdflib.Graph,
    *,
    check_urls: bool = False,
    eu_shapes: rdflib.Graph | None = None,
    timeout: float = 5.0,
    url_checker: UrlChecker | None = None,
) -> dict[str, MqaResult]:
    """MQA per dcat:Dataset in the graph (dataset IRI -> result)."""
    violating = _violating_nodes(graph, eu_shapes)
    checker = url_checker or (UrlChecker(timeout) if check_urls else None)
    datasets = sorted(set(graph.subjects(RDF.type, rdflib.URIRef(DCAT + "Dataset"))), key=str)
    return {_node_key(d): score_dataset(graph, d, violating=violating, urls=checker) for d in datasets}


def catalogue_result(results: dict[str, MqaResult]) -> MqaResult:
    """The mean over datasets; each indicator's points are the mean of the datasets' points."""
    if not results:
        empty = [IndicatorResult(d, i, p, m, 0, False, "no datasets") for d, i, p, m in INDICATORS]
        return MqaResult(0, rating(0), empty)
    count = len(results)
    indicators = []
    for index, (dimension, name, prop, points) in enumerate(INDICATORS):
        items = [r.indicators[index] for r in results.values()]
        met_count = sum(1 for i in items if i.met)
        assessed = any(i.met is not None for i in items)
        mean = round(sum(i.points for i in items) / count)
        met = (met_count == count) if assessed else None
        indicators.append(IndicatorResult(dimension, name, prop, points, mean, met, f"{met_count}/{count} datasets"))
    score = round(sum(r.score for r in results.values()) / count)
    checked = any(r.urls_checked for r in results.values())
    return MqaResult(score, rating(score), indicators, datasets=results, urls_checked=checked)


def mqa_score(
    graph_or_dataset: rdflib.Graph | Dataset,
    config: ProjectConfig | None = None,
    *,
    check_urls: bool = False,
    eu_shapes: rdflib.Graph | None = None,
    timeout: float = 5.0,
) -> MqaResult:
    """The MQA score of a dataset (emitted with ``config``) or of a DCAT graph.

    A graph with one dcat:Dataset gives that dataset's result; with several, the catalogue result
    (mean score, ``datasets`` holding each dataset's result).
    """
    if isinstance(graph_or_dataset, Dataset):
        from stadtdaten.dcat.emit import dataset_graph

        graph = dataset_graph(graph_or_dataset, config or ProjectConfig())
    else:
        graph = graph_or_dataset
    results = mqa_scores(graph, check_urls=check_urls, eu_shapes=eu_shapes, timeout=timeout)
    if len(results) == 1:
        return next(iter(results.values()))
    return catalogue_result(results)
