"""Collect the UI strings of ``stadtdaten/render`` (msgctxt ``render``) from the source, for the i18n test."""

from __future__ import annotations

import ast
from pathlib import Path

RENDER = Path(__file__).resolve().parents[2] / "stadtdaten" / "render"


def ui_strings() -> set[str]:
    found: set[str] = set()
    for path in sorted(RENDER.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                if name in ("ui", "self") and node.args:
                    _add(found, node.args[0])
                elif name == "plural":
                    for arg in node.args[1:3]:
                        _add(found, arg)
    from stadtdaten.render import _common, html

    found.update(_common.SEVERITY_LABELS.values())
    found.update(text for pair in _common.SEVERITY_COUNTS.values() for text in pair)
    found.update(_common.CATEGORY_LABELS.values())
    found.update(_common.RESULT_LABELS.values())
    found.update(html.STATUS_WORDS.values())
    found.update(html.LEGEND_LABELS)
    return found


def _add(found: set[str], node: ast.expr) -> None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        found.add(node.value)
