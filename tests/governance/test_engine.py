"""The governance machinery: custom city rules, profiles, waivers, translations, previous-run checks."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest
import yaml

from stadtdaten.core.config import parse_config
from stadtdaten.core.dataset import Dataset
from stadtdaten.core.errors import ConfigError
from stadtdaten.core.findings import Severity, lookup
from stadtdaten.core.i18n import get_translator
from stadtdaten.core.report import DatasetResult
from stadtdaten.quality.governance import apply_waivers, check_dataset, declared_waivers, load_profile, summarize
from stadtdaten.quality.governance.registry import IMPLEMENTATIONS
from stadtdaten.quality.rules import builtin_rules, load_rules
from stadtdaten.quality.rules.build_po import render, target
from tests.governance.governance_harness import base, frame, merge

TODAY = date(2026, 11, 29)


def _dataset(patch: dict | None = None) -> tuple[Dataset, dict[str, pl.DataFrame | None]]:
    spec = base()
    descriptor = merge(spec["descriptor"], patch or {})
    return Dataset(descriptor, basepath=Path(__file__).parent), {"baeume": frame(spec["tables"]["baeume"])}


def test_catalogue_has_the_35_leitlinie_rules_with_pillars() -> None:
    leitlinie = [s for s in builtin_rules() if s.id.startswith("DS-")]
    assert len(leitlinie) == 35
    assert {s.pillar for s in leitlinie} == {"PRIV", "SEC", "SOV", "TRANS", "PART", "ETH"}
    for spec in leitlinie:
        assert set(IMPLEMENTATIONS) >= {spec.id}
        for code in spec.codes():
            ftype = lookup(code)
            assert ftype.category.value == "governance" and ftype.pillar == spec.pillar_name


def test_po_file_is_generated_from_the_specs() -> None:
    assert target().read_text(encoding="utf-8") == render(), "run: python -m stadtdaten.quality.rules.build_po"


def test_every_code_has_german_text() -> None:
    german = get_translator("de")
    for spec in builtin_rules():
        for code in spec.codes():
            ftype = lookup(code)
            assert german.pgettext(f"finding:{code}", ftype.template) != ftype.template or ftype.template.startswith("{"), code


def test_broken_rule_is_a_finding_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(ctx: object, spec: object) -> None:
        raise RuntimeError("kaputt")

    monkeypatch.setitem(IMPLEMENTATIONS, "DS-SOV-004", boom)
    dataset, tables = _dataset()
    findings = check_dataset(dataset, tables, parse_config({}), today=TODAY)
    errors = [f for f in findings if f.code == "governance-rule-error"]
    assert len(errors) == 1 and errors[0].params["rule"] == "DS-SOV-004" and "kaputt" in errors[0].params["detail"]


def test_unreadable_table_still_runs_metadata_rules() -> None:
    dataset, _ = _dataset({"dcat": {"publisher": None}})
    findings = check_dataset(dataset, {"baeume": None}, parse_config({}), today=TODAY)
    assert "DS-SOV-001" in {f.code for f in findings}


CITY_RULES = {
    "rules": [
        {
            "id": "BI-META-001",
            "pillar": "TRANS",
            "sources": ["B"],
            "level": ["metadata"],
            "severity": "warning",
            "title": {"en": "Landing page", "de": "Landingpage"},
            "check": {"en": "A landing page on bielefeld.de is given.", "de": "Eine Landingpage auf bielefeld.de ist angegeben."},
            "message": {"en": "The landing page is missing", "de": "Die Landingpage fehlt"},
            "hint": {"en": "Add dcat.landing_page.", "de": "Ergänzen Sie dcat.landing_page."},
            "test": {"type": "required-field", "pointer": "/dcat/landing_page"},
        },
        {
            "id": "BI-DATA-001",
            "pillar": "PRIV",
            "severity": "error",
            "title": "Keine Aktenzeichen",
            "check": "Spalten dürfen keine Aktenzeichen enthalten.",
            "message": "Spalte {field} enthält {count} Aktenzeichen",
            "test": {"type": "value-pattern", "regex": "^AZ-[0-9]{4}/[0-9]+$"},
        },
        {
            "id": "BI-DATA-002",
            "severity": "error",
            "title": "Keine internen Spalten",
            "check": "Interne Spalten werden nicht veröffentlicht.",
            "message": "Interne Spalte {field}",
            "test": {"type": "forbidden-column-names", "names": ["intern", "bearbeitungsstand"]},
        },
        {
            "id": "BI-DATA-003",
            "severity": "warning",
            "title": "Höhe plausibel",
            "check": "Bäume sind höchstens 40 m hoch.",
            "message": "{count} Höhen über 40 m in {field}",
            "test": {"type": "threshold", "field": "hoehe_m", "max": 40},
        },
        {
            "id": "BI-META-002",
            "severity": "info",
            "title": "Titel ohne Abkürzung",
            "check": "Titel ohne 'Bi.'",
            "message": "Titel enthält eine Abkürzung: {value}",
            "test": {"type": "pattern", "pointer": "/title", "regex": "Bi\\\\."},
        },
    ]
}


def test_city_rules_from_config_run_without_package_changes(tmp_path: Path) -> None:
    (tmp_path / "regeln.yaml").write_text(yaml.safe_dump(CITY_RULES, allow_unicode=True), encoding="utf-8")
    config_file = tmp_path / "stadtdaten.toml"
    config_file.write_text('[rules]\npaths = ["regeln.yaml"]\n', encoding="utf-8")
    config = parse_config({"rules": {"paths": ["regeln.yaml"]}}, config_file)
    dataset, tables = _dataset({"title": "Bi. Stadtbäume"})
    table = tables["baeume"]
    assert table is not None
    tables["baeume"] = table.with_columns(
        pl.Series("akte", ["AZ-2024/17", None, None, None, None]),
        pl.Series("intern", ["x"] * 5),
        pl.Series("hoehe_m", [12.5, 50.0, 8.2, 15.1, 9.9]),
    )
    findings = check_dataset(dataset, tables, config, today=TODAY)
    codes = {f.code for f in findings}
    assert {"BI-META-001", "BI-DATA-001", "BI-DATA-002", "BI-DATA-003", "BI-META-002"} <= codes
    landing = next(f for f in findings if f.code == "BI-META-001")
    assert landing.severity is Severity.WARNING and landing.type.pillar == "Transparenz"
    assert landing.message(get_translator("de")) == "Die Landingpage fehlt"
    assert landing.message(get_translator("en")) == "The landing page is missing"
    assert next(f for f in findings if f.code == "BI-DATA-001").params["count"] == 1


def test_invalid_city_rule_file_names_the_problem(tmp_path: Path) -> None:
    (tmp_path / "regeln.yaml").write_text("rules:\n  - id: X-1\n    severity: fatal\n", encoding="utf-8")
    config = parse_config({"rules": {"paths": ["regeln.yaml"]}}, tmp_path / "stadtdaten.toml")
    with pytest.raises(ConfigError) as info:
        load_rules(config)
    assert "regeln.yaml" in str(info.value)


def test_city_rule_cannot_redefine_a_builtin(tmp_path: Path) -> None:
    rules = {"rules": [{**CITY_RULES["rules"][0], "id": "DS-PRIV-001"}]}
    (tmp_path / "r.yaml").write_text(yaml.safe_dump(rules), encoding="utf-8")
    with pytest.raises(ConfigError):
        load_rules(parse_config({"rules": {"paths": ["r.yaml"]}}, tmp_path / "stadtdaten.toml"))


def test_profiles_select_rules_and_severities() -> None:
    assert load_profile("bielefeld").name == "bielefeld"
    dataset, tables = _dataset({"licenses": [{"name": "cc-by-sa/4.0"}], "dcat": {"maintainer": None}})
    default = {f.code: f.severity for f in check_dataset(dataset, tables, parse_config({}), today=TODAY)}
    strict = {f.code: f.severity for f in check_dataset(dataset, tables, parse_config({}), profile="strict", today=TODAY)}
    assert default["DS-TRANS-002.share-alike"] is Severity.WARNING and strict["DS-TRANS-002.share-alike"] is Severity.ERROR
    assert default["DS-SOV-004"] is Severity.WARNING and strict["DS-SOV-004"] is Severity.ERROR  # SOV escalated
    nrw = check_dataset(*_dataset({"dcat": {"spatial": None}}), parse_config({}), profile="open-nrw", today=TODAY)
    assert "DS-TRANS-006" not in {f.code for f in nrw}


def test_profile_from_file_and_unknown_profile(tmp_path: Path) -> None:
    path = tmp_path / "amt.yaml"
    path.write_text("name: amt\nextends: bielefeld\nexclude: [DS-PART-*]\nseverity: {DS-SOV-004: info}\n", encoding="utf-8")
    profile = load_profile(path)
    assert profile.selects("DS-PRIV-001", "DS-PRIV-001") and not profile.selects("DS-PART-002", "DS-PART-002.readability")
    with pytest.raises(ConfigError):
        load_profile("gibt-es-nicht")


def test_waivers_attach_expire_and_always_appear() -> None:
    waivers = [
        {
            "code": "DS-SOV-004",
            "justification": "Amt wird umbenannt, Eintrag folgt.",
            "owner": "Digitalisierungsbüro",
            "expires": "2027-01-31",
        },
        {
            "code": "DS-TRANS-006",
            "justification": "Geokodierung folgt mit dem Relaunch.",
            "owner": "Amt 62",
            "expires": "2026-01-31",
        },
    ]
    dataset, tables = _dataset({"dcat": {"maintainer": None, "spatial": None}, "governance": {"waivers": waivers}})
    findings = apply_waivers(check_dataset(dataset, tables, parse_config({}), today=TODAY), dataset, today=TODAY)
    sov = next(f for f in findings if f.code == "DS-SOV-004")
    assert sov.waiver is not None and sov.waived and sov.effective_severity is Severity.INFO
    geo = [f for f in findings if f.code == "DS-TRANS-006"]
    assert geo and all(not f.waived for f in geo)
    expired = [f for f in findings if f.code == "governance-waiver-expired"]
    assert len(expired) == 1 and expired[0].params["waiver_code"] == "DS-TRANS-006"
    result = DatasetResult(name=dataset.name, findings=findings, waivers=declared_waivers(dataset))
    assert len(result.to_dict()["waivers"]) == 2


def test_renumbered_ids_against_previous_version() -> None:
    ids = [f"B-{i}" for i in range(30)]
    species = [f"Art {i}" for i in range(30)]
    patch = {
        "resources": [
            {
                "name": "baeume",
                "path": "baeume.csv",
                "format": "csv",
                "hash": "sha256:00",
                "schema": {
                    "primaryKey": ["baum_id"],
                    "fields": [{"name": "baum_id", "type": "string"}, {"name": "art", "type": "string"}],
                },
            }
        ]
    }
    dataset, _ = _dataset(patch)
    old = pl.DataFrame({"baum_id": ids, "art": species})
    new = pl.DataFrame({"baum_id": ids, "art": species[1:] + species[:1]})
    previous = {"governance_summary": summarize(dataset, {"baeume": old})}
    json.dumps(previous)  # stored with the run: must be JSON-safe
    same = check_dataset(dataset, {"baeume": old}, parse_config({}), previous=previous, today=TODAY)
    moved = check_dataset(dataset, {"baeume": new}, parse_config({}), previous=previous, today=TODAY)
    assert "DS-TRANS-024.renumbered" not in {f.code for f in same}
    assert "DS-TRANS-024.renumbered" in {f.code for f in moved}


def test_drift_with_summary_of_previous_version() -> None:
    dataset, _ = _dataset({"quality": {"rules": [{"type": "drift", "field": "hoehe_m"}]}})
    old = pl.DataFrame({"baum_id": [f"B-{i}" for i in range(1000)], "hoehe_m": [float(i % 30) for i in range(1000)]})
    shifted = old.with_columns(pl.col("hoehe_m") * 3.28)  # feet instead of metres
    previous = {"extras": {"governance_summary": summarize(dataset, {"baeume": old})}}
    assert "quality-drift" not in {
        f.code for f in check_dataset(dataset, {"baeume": old}, parse_config({}), previous=previous, today=TODAY)
    }
    drift = [
        f
        for f in check_dataset(dataset, {"baeume": shifted}, parse_config({}), previous=previous, today=TODAY)
        if f.code == "quality-drift"
    ]
    assert drift and drift[0].params["value"] > 0.25


def test_isolated_hit_is_a_warning_and_samples_are_masked() -> None:
    dataset, _ = _dataset()
    emails = ["peter.mueller@example.org"] + [None] * 0 + ["Linde"] * 199
    table = pl.DataFrame({"baum_id": [f"B-{i}" for i in range(200)], "kontakt": emails})
    findings = [f for f in check_dataset(dataset, {"baeume": table}, parse_config({}), today=TODAY) if f.code == "DS-PRIV-002"]
    assert findings and findings[0].severity is Severity.WARNING
    assert findings[0].samples == ["p***@e***.org"]
    assert findings[0].location.row == 2 and findings[0].location.row_key == {"baum_id": "B-0"}


def test_shipped_rule_files_match_the_rule_spec_schema() -> None:
    from importlib import resources

    from stadtdaten.quality.rules.spec import parse_rule_file

    folder = resources.files("stadtdaten.quality.rules") / "catalogue"
    for entry in folder.iterdir():
        if entry.name.endswith(".yaml"):
            parse_rule_file(yaml.safe_load(entry.read_text(encoding="utf-8")), entry.name)  # raises on a violation


def test_renewed_waiver_wins_over_the_expired_one() -> None:
    old = {
        "code": "DS-SOV-004",
        "justification": "Amt wird umbenannt, Eintrag folgt.",
        "owner": "Amt 62",
        "expires": "2026-01-31",
    }
    new = {**old, "expires": "2027-01-31"}
    dataset, tables = _dataset({"dcat": {"maintainer": None}, "governance": {"waivers": [old, new]}})
    findings = apply_waivers(check_dataset(dataset, tables, parse_config({}), today=TODAY), dataset, today=TODAY)
    sov = next(f for f in findings if f.code == "DS-SOV-004")
    assert sov.waived and sov.waiver is not None and sov.waiver.expires.isoformat() == "2027-01-31"
    assert [f.params["waiver_code"] for f in findings if f.code == "governance-waiver-expired"] == ["DS-SOV-004"]


def test_unsupported_expectation_without_gx_is_a_clear_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "great_expectations", None)  # import fails as if the extra were missing
    rule = {"type": "expect_column_values_to_be_dateutil_parseable", "kwargs": {"column": "art"}}
    dataset, tables = _dataset({"quality": {"rules": [rule]}})
    findings = [f for f in check_dataset(dataset, tables, parse_config({}), today=TODAY) if f.code == "expectation-unsupported"]
    assert len(findings) == 1 and "stadtdaten[gx]" in findings[0].params["detail"]
