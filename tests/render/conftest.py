"""Fixtures of the renderer tests: the sample report of :mod:`render_sample` and a clean one."""

from __future__ import annotations

import pytest

from stadtdaten.core.report import DatasetResult, Report, ResourceStats
from tests.render.render_sample import build_report


@pytest.fixture
def report() -> Report:
    return build_report()


@pytest.fixture
def clean_report() -> Report:
    ok = DatasetResult(
        name="wahlen",
        title="Wahlergebnisse",
        path="wahlen/datapackage.yaml",
        resources=[ResourceStats(name="ergebnisse", rows=300, fields=9)],
    )
    return Report(command="validate", datasets=[ok])
