"""The data dictionary of a resource, as CSV (for machines) and Markdown (for people)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from stadtdaten.core.files import atomic_write

COLUMNS = ("column", "type", "format", "unit", "title", "description", "required", "allowed_values", "missing_values")


def dictionary_rows(fields: list[dict[str, Any]]) -> list[dict[str, str]]:
    rows = []
    for spec in fields:
        constraints = spec.get("constraints") if isinstance(spec.get("constraints"), dict) else {}
        assert isinstance(constraints, dict)
        allowed = constraints.get("enum")
        bounds = [
            f"{k}={constraints[k]}" for k in ("minimum", "maximum", "minLength", "maxLength", "pattern") if k in constraints
        ]
        missing = spec.get("missingValues")
        rows.append(
            {
                "column": str(spec.get("name", "")),
                "type": str(spec.get("type", "string")),
                "format": str(spec.get("format", "") if spec.get("format") != "default" else ""),
                "unit": str(spec.get("unit", "")),
                "title": str(spec.get("title", "")),
                "description": str(spec.get("description", "")),
                "required": "yes" if constraints.get("required") else "",
                "allowed_values": " | ".join(map(str, allowed)) if isinstance(allowed, list) else "; ".join(bounds),
                "missing_values": " | ".join(repr(m) for m in missing) if isinstance(missing, list) else "",
            }
        )
    return rows


def write_dictionary(name: str, fields: list[dict[str, Any]], outdir: Path, title: str | None = None) -> tuple[Path, Path]:
    rows = dictionary_rows(fields)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    csv_path = outdir / f"{name}.dictionary.csv"
    atomic_write(csv_path, buffer.getvalue())
    lines = [f"# {title or name}", "", "| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in rows:
        cells = [row[c].replace("|", "\\|").replace("\n", " ") for c in COLUMNS]
        lines.append("| " + " | ".join(cells) + " |")
    md_path = outdir / f"{name}.dictionary.md"
    atomic_write(md_path, "\n".join(lines) + "\n")
    return csv_path, md_path
