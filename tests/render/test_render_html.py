"""HTML report: parses, names its language, landmarks and headings in order, accessible tables and charts,
escaped user content, no script, offline, and every colour pair meets WCAG 2.1 AA contrast."""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser

import pytest

from stadtdaten.core.i18n import get_translator
from stadtdaten.core.report import Report
from stadtdaten.render import RenderOptions, render
from stadtdaten.render.html import CONTRAST_PAIRS, PALETTE, css

VOID = {"meta", "link", "br", "img", "input", "hr", "rect", "line", "path", "circle", "col", "source", "wbr"}


class Page(HTMLParser):
    """Collects what the accessibility checks need and checks that every element is closed in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[int] = []
        self.ids: list[str] = []
        self.text: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.ids.append(str(attributes["id"]))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag not in VOID:
            self.stack.append(tag)
        if tag in ("script", "style"):
            self._in = tag

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
            return
        self.stack.pop()
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in is None:
            self.text.append(data)


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    return page


@pytest.fixture(params=["de", "en"])
def page_text(request: pytest.FixtureRequest, report: Report) -> tuple[str, str]:
    language = request.param
    return language, render(report, "html", RenderOptions(translator=get_translator(language)))


def test_html_is_well_formed_with_lang_and_landmarks(page_text: tuple[str, str]) -> None:
    language, text = page_text
    assert text.startswith("<!DOCTYPE html>")
    page = parse(text)
    assert not page.errors, page.errors[:5]
    assert not page.stack, page.stack
    html_tag = next(attrs for tag, attrs in page.tags if tag == "html")
    assert html_tag["lang"] == language
    tags = [tag for tag, _ in page.tags]
    for landmark in ("header", "nav", "main", "footer"):
        assert tags.count(landmark) == 1, landmark
    assert tags.count("h1") == 1
    assert len(page.ids) == len(set(page.ids)), "duplicate ids"
    skip = next(attrs for tag, attrs in page.tags if tag == "a")
    assert skip["href"] == "#main" and "main" in page.ids
    for tag, attrs in page.tags:
        if tag == "a" and str(attrs.get("href", "")).startswith("#"):
            assert str(attrs["href"])[1:] in page.ids, attrs["href"]


def test_headings_never_skip_a_level(page_text: tuple[str, str]) -> None:
    headings = parse(page_text[1]).headings
    assert headings[0] == 1
    for before, after in itertools.pairwise(headings):
        assert after <= before + 1, headings


def test_tables_have_captions_and_scoped_headers(page_text: tuple[str, str]) -> None:
    text = page_text[1]
    tables = re.findall(r"<table>(.*?)</table>", text, flags=re.S)
    assert len(tables) >= 8
    for table in tables:
        assert table.startswith("<caption>")
        assert "<th>" not in table and "<th " in table
        assert all(re.search(r'scope="(col|row)"', th) for th in re.findall(r"<th(?:\s[^>]*)?>", table))


def test_charts_have_text_alternatives_and_a_table(page_text: tuple[str, str]) -> None:
    text = page_text[1]
    charts = re.findall(r"<svg[^>]*>.*?</svg>", text, flags=re.S)
    assert len(charts) == 5  # category, pillar, datasets, MQA, freshness
    for chart in charts:
        assert 'role="img"' in chart and "<title id=" in chart and "<desc id=" in chart
        labelled = re.search(r'aria-labelledby="([^"]+)"', chart)
        assert labelled is not None
        for ref in labelled.group(1).split():
            assert f'id="{ref}"' in chart
        assert re.search(r"<text[^>]*>[^<]+</text>", chart)  # values are drawn as text too
    after = text.split("</figure>")
    assert all("<table>" in part.split("<figure")[0] for part in after[1:])  # each figure is followed by its table


def test_sections_for_mqa_and_freshness(report: Report, clean_report: Report) -> None:
    text = render(report, "html", RenderOptions(translator=get_translator("de")))
    assert (
        '<section aria-labelledby="mqa-h" id="mqa">' in text
        and "245 / 405 (Gut)" in text
        and "Auffindbarkeit" in text
        and "60 / 100" in text
    )
    assert '<section aria-labelledby="freshness-h" id="freshness">' in text and "400 Tage alt, überfällig" in text
    clean = render(clean_report, "html", RenderOptions())
    assert 'id="mqa"' not in clean and 'id="freshness"' not in clean and "Findings per pillar" not in clean
    assert "No findings." in clean


def test_user_content_is_escaped_and_there_is_no_script(page_text: tuple[str, str]) -> None:
    text = page_text[1]
    assert "<script" not in text.lower()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in text
    assert "&lt;geodaten@bielefeld.de&gt;" in text
    assert "Straße „Am Bach“ 🌳" in text
    assert "\x00" not in text
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", text), "the report must work offline"
    assert "@import" not in text and "url(" not in text


def test_content_in_the_reader_language(report: Report) -> None:
    de = parse(render(report, "html", RenderOptions(translator=get_translator("de"))))
    words = " ".join(de.text)
    for expected in ("Zusammenfassung", "Direkt zum Inhalt", "nicht bestanden", "5.004", "Ausnahmen", "So beheben Sie das"):
        assert expected in words, expected
    en = " ".join(parse(render(report, "html", RenderOptions())).text)
    for expected in ("Summary", "Skip to content", "failed", "5,004", "Waivers", "How to fix"):
        assert expected in en, expected


# -- contrast (WCAG 2.1: relative luminance and contrast ratio) ------------------------------------------


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(color: str) -> float:
    color = color.lstrip("#")
    if len(color) == 3:
        color = "".join(ch * 2 for ch in color)
    r, g, b = (int(color[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(first: str, second: str) -> float:
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_function() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_every_colour_pair_meets_wcag_aa() -> None:
    offenders = [
        f"{fg} {PALETTE[fg]} on {bg} {PALETTE[bg]}: {contrast(PALETTE[fg], PALETTE[bg]):.2f} < {minimum}"
        for fg, bg, minimum in CONTRAST_PAIRS
        if contrast(PALETTE[fg], PALETTE[bg]) < minimum
    ]
    assert not offenders, offenders


def test_css_and_svg_use_only_palette_colours(report: Report) -> None:
    palette = {value.lower() for value in PALETTE.values()}
    text = render(report, "html", RenderOptions())
    used = {
        c.lower()
        for c in re.findall(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b", css() + " ".join(re.findall(r"<svg.*?</svg>", text, re.S)))
    }
    assert used <= palette, used - palette
    assert not re.search(r"\b(rgb|hsl)a?\(", css())


def test_every_css_colour_declaration_is_checked() -> None:
    """Each CSS rule that sets both colour and background is one of the checked pairs."""
    checked = {(PALETTE[fg].lower(), PALETTE[bg].lower()) for fg, bg, _ in CONTRAST_PAIRS}
    for rule in re.findall(r"\{([^{}]*)\}", css()):
        fg = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", rule)
        bg = re.search(r"background:\s*(#[0-9a-fA-F]{6})", rule)
        if fg and bg:
            pair = (fg.group(1).lower(), bg.group(1).lower())
            assert pair in checked, pair
