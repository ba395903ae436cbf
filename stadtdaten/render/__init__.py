"""Renderers: every output format is a function of the one :class:`~stadtdaten.core.report.Report`.

A renderer takes the report and :class:`RenderOptions` and returns text (the terminal renderer writes
to a rich console instead). Renderers depend on ``stadtdaten.core`` only: nothing here knows how a
finding was produced. Formats register in :data:`FORMATS`; ``--output FILE`` picks one by suffix.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from stadtdaten.core.i18n import Translator, get_translator
from stadtdaten.core.report import Report


@dataclass(frozen=True)
class RenderOptions:
    translator: Translator = field(default_factory=lambda: get_translator("en"))
    fail_on: str = "error"
    samples: int = 3
    """How many example findings per (dataset, code) group the human formats show."""
    color: bool | None = None
    width: int | None = None
    base_dir: Path | None = None
    """CI formats (SARIF, GitHub, GitLab) name files relative to this; default: the working directory."""
    docs_url: str | None = None
    """Base URL of the served ``docs/`` folder for SARIF ``helpUri``; ``None``: ``$STADTDATEN_DOCS_URL``, "" for none."""


Renderer = Callable[[Report, RenderOptions], str]

# format -> "module:function"; imported lazily.
FORMATS: dict[str, str] = {
    "json": "stadtdaten.render.json_format:render",
    "terminal": "stadtdaten.render.terminal:render",
    "markdown": "stadtdaten.render.markdown:render",
    "junit": "stadtdaten.render.junit:render",
    "github": "stadtdaten.render.github:render",
    "sarif": "stadtdaten.render.sarif:render",
    "gitlab": "stadtdaten.render.gitlab:render",
    "html": "stadtdaten.render.html:render",
}

SUFFIXES = {
    ".json": "json",
    ".md": "markdown",
    ".xml": "junit",
    ".sarif": "sarif",
    ".html": "html",
    ".htm": "html",
    ".txt": "terminal",
}


def format_for_path(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".sarif.json"):
        return "sarif"
    if name.endswith((".codequality.json", "gl-code-quality-report.json")):
        return "gitlab"
    if name.endswith(".junit.xml"):
        return "junit"
    return SUFFIXES.get(path.suffix.lower(), "json")


def get_renderer(fmt: str) -> Renderer:
    module_name, function = FORMATS[fmt].split(":")
    module = importlib.import_module(module_name)
    renderer: Renderer = getattr(module, function)
    return renderer


def render(report: Report, fmt: str, options: RenderOptions | None = None) -> str:
    return get_renderer(fmt)(report, options or RenderOptions())
