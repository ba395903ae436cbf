"""Imports point one way: cli/commands -> pipelines -> catalog -> quality | dcat -> schemas | render -> core.

``catalog`` may use ``dcat`` (it serves and publishes DCAT); ``quality`` and ``dcat`` never import each
other; nothing imports upwards. A violation names the module and the import.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "stadtdaten"

ALLOWED: dict[str, set[str]] = {
    "core": {"core"},
    "schemas": {"core", "schemas"},
    "render": {"core", "render"},
    "quality": {"core", "schemas", "quality"},
    "dcat": {"core", "schemas", "dcat"},
    "catalog": {"core", "schemas", "dcat", "render", "catalog"},
    "pipelines": {"core", "schemas", "quality", "dcat", "catalog", "render", "pipelines"},
    "commands": {"core", "schemas", "quality", "dcat", "catalog", "render", "pipelines", "commands", "cli"},
    "cli": {"core", "commands", "cli"},
    "locale": set(),
}


def _component(module_path: Path) -> str:
    relative = module_path.relative_to(PACKAGE)
    return relative.parts[0].removesuffix(".py") if relative.parts[0] != "__init__.py" else "__init__"


def _imports(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_imports_point_one_way() -> None:
    violations = []
    for path in PACKAGE.rglob("*.py"):
        component = _component(path)
        if component in ("__init__", "__main__"):
            continue
        allowed = ALLOWED.get(component)
        assert allowed is not None, f"{path}: component {component!r} has no place in the layering"
        for name in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            parts = name.split(".")
            if parts[0] != "stadtdaten" or len(parts) < 2:
                continue
            if parts[1] not in allowed and parts[1] != "__init__":
                violations.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    assert not violations, "imports pointing the wrong way:\n" + "\n".join(violations)
