"""MQA: the indicator table equals the reference CSVs; every example scores Excellent with the URL check
against a 127.0.0.1 server; offline the reachability indicators are "not assessed"."""

from __future__ import annotations

import csv

import pytest
import rdflib

from stadtdaten.core.dataset import Dataset
from stadtdaten.dcat.mqa import (
    INDICATORS,
    MAX_POINTS,
    RATINGS,
    UrlChecker,
    catalogue_result,
    mqa_score,
    mqa_scores,
    rating,
    url_reachable,
)
from tests.conftest import shared_path


def test_table_matches_reference() -> None:
    with shared_path("reference", "mqa", "indicators.csv").open(encoding="utf-8") as handle:
        rows = [(r["dimension"], r["indicator"], int(r["points"])) for r in csv.DictReader(handle)]
    assert rows == [(d, i, p) for d, i, _prop, p in INDICATORS]
    assert sum(p for *_, p in INDICATORS) == MAX_POINTS == 405
    with shared_path("reference", "mqa", "ratings.csv").open(encoding="utf-8") as handle:
        bands = [(r["rating"], int(r["min_points"]), int(r["max_points"])) for r in csv.DictReader(handle)]
    assert bands == list(RATINGS)
    assert [rating(x) for x in (405, 351, 350, 221, 220, 121, 120, 0)] == [
        "Excellent",
        "Excellent",
        "Good",
        "Good",
        "Sufficient",
        "Sufficient",
        "Bad",
        "Bad",
    ]


def test_every_example_excellent_with_loopback_url_check(loopback_catalog: rdflib.Graph, datasets: list[Dataset]) -> None:
    results = mqa_scores(loopback_catalog, check_urls=True, timeout=5)
    assert len(results) == len(datasets)
    report = {iri: (r.score, [(i.indicator, i.detail) for i in r.indicators if not i.met]) for iri, r in results.items()}
    for iri, result in results.items():
        assert result.score >= 351 and result.rating == "Excellent", (iri, report[iri])
    bundled = {iri: r.score for iri, r in results.items() if "haltestellen" not in iri}
    assert all(score == 405 for score in bundled.values()), report
    catalogue = catalogue_result(results)
    assert catalogue.rating == "Excellent" and catalogue.datasets == results


def test_offline_score_marks_reachability_not_assessed(catalog: rdflib.Graph) -> None:
    results = mqa_scores(catalog)
    for result in results.values():
        unassessed = {i.indicator for i in result.indicators if i.met is None}
        assert unassessed == {"AccessURL accessibility", "DownloadURL accessibility"}
        assert result.score <= MAX_POINTS - 80
        assert not result.urls_checked


def test_dataset_input_and_single_dataset_result(datasets: list[Dataset]) -> None:
    from tests.dcat.conftest import example_config

    result = mqa_score(datasets[0], example_config())
    assert result.subject and result.subject.endswith("/dataset/" + datasets[0].name)
    assert result.to_dict()["dimensions"]["Findability"] == {"points": 100, "max": 100}


def test_unreachable_urls_cost_points(file_server: tuple[str, object]) -> None:
    base, _server = file_server
    ok, detail = url_reachable(base + "does-not-exist.csv", timeout=2)
    assert not ok and "404" in detail
    ok, _ = url_reachable("ftp://example.org/x")
    assert not ok
    g = rdflib.Graph().parse(
        data=f"""
        @prefix dcat: <http://www.w3.org/ns/dcat#> .
        <http://example.org/d> a dcat:Dataset ; dcat:distribution <http://example.org/d/1> .
        <http://example.org/d/1> a dcat:Distribution ; dcat:accessURL <{base}missing.csv> ; dcat:downloadURL <{base}missing.csv> .
        """,
        format="turtle",
    )
    result = mqa_score(g, check_urls=True)
    access = next(i for i in result.indicators if i.indicator == "AccessURL accessibility")
    assert access.met is False and access.points == 0 and "404" in access.detail
    assert result.rating == "Bad"


def test_distribution_indicators_need_every_distribution() -> None:
    g = rdflib.Graph().parse(
        data="""
        @prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dcterms: <http://purl.org/dc/terms/> .
        <http://example.org/d> a dcat:Dataset ; dcat:distribution <http://example.org/d/1>, <http://example.org/d/2> .
        <http://example.org/d/1> a dcat:Distribution ;
            dcterms:format <http://publications.europa.eu/resource/authority/file-type/CSV> .
        <http://example.org/d/2> a dcat:Distribution ; dcterms:format "CSV" .
        """,
        format="turtle",
    )
    result = mqa_score(g)
    by_name = {i.indicator: i for i in result.indicators}
    assert by_name["Format"].met is True
    assert by_name["Machine readable"].met is False and by_name["Machine readable"].detail == "1/2 distributions"


@pytest.mark.parametrize("name", ["bielefeld-minimal-dcatapde3.ttl", "ckanext-dcat_dataset_gov_de.rdf"])
def test_reference_examples_score(name: str) -> None:
    graph = rdflib.Graph().parse(shared_path("reference", "examples", name))
    result = mqa_score(graph)
    assert 0 < result.score < 351


def test_url_checker_checks_each_url_once(file_server: tuple[str, object]) -> None:
    base, _ = file_server
    checker = UrlChecker(timeout=2)
    checker.check([base + "a", base + "a", base + "b"])
    assert sorted(checker.results) == [base + "a", base + "b"]
