"""JSON: the report as the shipped schema defines it, in both languages, and back again."""

from __future__ import annotations

import json

import jsonschema
import pytest

from stadtdaten.core.i18n import get_translator
from stadtdaten.core.report import Report, report_json_schema
from stadtdaten.render import FORMATS, RenderOptions, render


@pytest.mark.parametrize("language", ["de", "en"])
def test_json_validates_against_report_schema(report: Report, language: str) -> None:
    text = render(report, "json", RenderOptions(translator=get_translator(language)))
    data = json.loads(text)
    schema = report_json_schema()
    validator = jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert not errors, errors
    assert data["language"] == language
    assert data["stats"]["by_severity"]["error"] == report.counts()["error"]


def test_json_round_trips(report: Report) -> None:
    text = render(report, "json", RenderOptions())
    again = Report.from_json(text)
    assert render(again, "json", RenderOptions()) == text


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_renders_both_languages_and_empty_reports(report: Report, clean_report: Report, fmt: str) -> None:
    for language in ("de", "en"):
        options = RenderOptions(translator=get_translator(language))
        assert render(report, fmt, options).strip()
        assert render(clean_report, fmt, options).strip()
        assert render(Report(command="validate"), fmt, options).strip()
