"""JSON: the report as defined by ``stadtdaten/core/report.schema.json``, messages in the chosen language."""

from __future__ import annotations

from stadtdaten.core.report import Report
from stadtdaten.render import RenderOptions


def render(report: Report, options: RenderOptions) -> str:
    return report.to_json(options.translator, options.fail_on) + "\n"
