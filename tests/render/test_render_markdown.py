"""Markdown step summary: result line, one table per dataset, markers, caps and escaping."""

from __future__ import annotations

import pytest

from stadtdaten.core.i18n import get_translator
from stadtdaten.core.report import Report
from stadtdaten.render import RenderOptions, render
from stadtdaten.render.markdown import escape


def _tables(text: str) -> list[list[list[str]]]:
    tables: list[list[list[str]]] = []
    current: list[list[str]] | None = None
    for line in text.splitlines():
        if line.startswith("|"):
            if current is None:
                current = []
                tables.append(current)
            cells = [c.strip() for c in line.strip().strip("|").replace("\\|", "\x00").split("|")]
            current.append([c.replace("\x00", "\\|") for c in cells])
        else:
            current = None
    return tables


def test_markdown_summary(report: Report) -> None:
    text = render(report, "markdown", RenderOptions())
    assert text.startswith("## 🔴 stadtdaten validate: failed\n")
    assert "3 datasets · 5,004 errors · 2 warnings · 4 infos · result: failed" in text
    tables = _tables(text)
    assert len(tables) == 3  # run-wide findings, trees, population; parking has none
    for table in tables:
        assert table[0] == ["Result", "Code", "Location", "Details"]
        assert table[1] == ["---", "---", "---", "---"]
        assert all(len(row) == 4 for row in table)
    trees = tables[1]
    type_rows = [row for row in trees if row[1] == "`rt-type-error`"]
    assert len(type_rows) == 4  # three samples and "and N more"
    assert type_rows[-1][3] == "and 4,997 more"
    assert type_rows[0][0] == "🔴 error"
    assert "\\[hoehe\\_m\\] (baum\\_id=1002)" in type_rows[0][2]
    waived = next(row for row in trees if row[1] == "`rt-encoding`")
    assert waived[0] == "🟢 warning (waived)"
    warning = next(row for row in trees if row[1] == "`rt-plausibility`")
    assert warning[0] == "🟠 warning"
    assert "\\<script\\>" in warning[3] and "<script>" not in text
    assert "🟢 No findings." in text


def test_markdown_fail_on_warning_turns_warnings_red(report: Report) -> None:
    text = render(report, "markdown", RenderOptions(fail_on="warning"))
    assert "| 🔴 warning | `rt-plausibility`" in text


def test_markdown_german(report: Report) -> None:
    text = render(report, "markdown", RenderOptions(translator=get_translator("de")))
    assert "## 🔴 stadtdaten validate: nicht bestanden" in text
    assert "| Ergebnis | Code | Fundstelle | Details |" in text
    assert "und 4.997 weitere" in text
    assert "3 Datensätze · 5.004 Fehler · 2 Warnungen · 4 Hinweise" in text


def test_escape_keeps_a_cell_one_line_and_inert() -> None:
    assert escape("a|b\nc *d* <i> & `x`") == "a\\|b c \\*d\\* \\<i\\> &amp; \\`x\\`"


def test_markdown_links_codes_only_to_configured_docs(report: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STADTDATEN_DOCS_URL", raising=False)
    plain = render(report, "markdown", RenderOptions(translator=get_translator("en")))
    assert "| `rt-type-error` |" in plain and "findings.md" not in plain
    assert "[`rt-shacl`](https://example.org/shapes#contact)" in plain
    options = RenderOptions(translator=get_translator("de"), docs_url="https://docs.stadt.de/stadtdaten/docs")
    linked = render(report, "markdown", options)
    assert "[`rt-type-error`](https://docs.stadt.de/stadtdaten/docs/befunde.md#rt-type-error)" in linked
