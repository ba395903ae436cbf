"""HTML: a standalone, accessible report of a run, in German or English.

One file, no script, no web fonts, no network: inline CSS and inline SVG, so it opens from a CI
artefact or an e-mail attachment. Built for WCAG 2.1 AA: ``<html lang>``, a skip link, landmarks
(header, nav, main, footer), headings in order (h1 → h2 → h3), tables with ``<caption>`` and
``<th scope>``, text contrast of at least 4.5:1 and graphics of at least 3:1 (every colour comes from
:data:`PALETTE`; :data:`CONTRAST_PAIRS` lists what is drawn on what and the tests check the ratios),
severity always as a word next to its colour. Each chart has a text alternative and a table with
the same numbers right below it.

Sections: summary (result, counts, findings per category and per Leitlinie pillar, datasets at a
glance), MQA scores and freshness (when datasets carry ``extras["mqa"]`` / ``extras["freshness"]``),
then one section per dataset with its files, findings per code (up to ``max(options.samples, 10)``
examples each, the fix, how many more) and its waivers. All user content is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

from stadtdaten.core.findings import Severity
from stadtdaten.core.report import DatasetResult, Finding, Report
from stadtdaten.render import RenderOptions
from stadtdaten.render._common import (
    UI,
    CodeGroup,
    DatasetView,
    category_counts,
    dataset_views,
    hidden_count,
    iter_samples,
    pillar_counts,
    printable,
    summary_sentence,
    waiver_label,
)
from stadtdaten.render._svg import Bar, Segment, bar_chart

MIN_SAMPLES = 10

PALETTE = {
    "text": "#1b1b1b",
    "muted": "#4a4f57",
    "background": "#ffffff",
    "surface": "#f3f4f6",
    "header": "#0b3d6e",
    "header-text": "#ffffff",
    "link": "#0b4f9c",
    "border": "#8a929c",
    "error": "#a4161a",
    "error-bg": "#fbe9ea",
    "warning": "#7a4100",
    "warning-bg": "#fff1d6",
    "info": "#0b4f9c",
    "info-bg": "#e6f0fb",
    "passed": "#1e6b2e",
    "passed-bg": "#e5f4e8",
    "waived": "#5b4a8a",
    "waived-bg": "#efebf7",
    "bar-error": "#c62828",
    "bar-warning": "#b35c00",
    "bar-info": "#1f6fc5",
    "bar-neutral": "#4f6275",
    "bar-score": "#1e6b2e",
    "track": "#e9ecef",
    "focus": "#e85d00",
}

# (foreground, background, minimum ratio): 4.5 for text, 3.0 for graphics and focus outlines (WCAG 1.4.3, 1.4.11).
CONTRAST_PAIRS: tuple[tuple[str, str, float], ...] = (
    ("text", "background", 4.5),
    ("text", "surface", 4.5),
    ("muted", "background", 4.5),
    ("muted", "surface", 4.5),
    ("link", "background", 4.5),
    ("link", "surface", 4.5),
    ("header-text", "header", 4.5),
    ("error", "background", 4.5),
    ("error", "error-bg", 4.5),
    ("warning", "background", 4.5),
    ("warning", "warning-bg", 4.5),
    ("info", "background", 4.5),
    ("info", "info-bg", 4.5),
    ("passed", "background", 4.5),
    ("passed", "passed-bg", 4.5),
    ("waived", "waived-bg", 4.5),
    ("text", "track", 4.5),
    ("bar-error", "background", 3.0),
    ("bar-warning", "background", 3.0),
    ("bar-info", "background", 3.0),
    ("bar-neutral", "background", 3.0),
    ("bar-score", "background", 3.0),
    ("bar-error", "track", 3.0),
    ("bar-warning", "track", 3.0),
    ("bar-info", "track", 3.0),
    ("bar-neutral", "track", 3.0),
    ("bar-score", "track", 3.0),
    ("border", "background", 3.0),
    ("focus", "background", 3.0),
    ("focus", "header", 3.0),
)

SEVERITY_SYMBOL = {Severity.ERROR: "✖", Severity.WARNING: "▲", Severity.INFO: "ℹ"}
RESULT_SYMBOL = {"passed": "✔", "warning": "▲", "failed": "✖"}
RESULT_CLASS = {"passed": "passed", "warning": "warning", "failed": "error"}
STATUS_WORDS = {
    "fresh": "fresh",
    "current": "fresh",
    "ok": "fresh",
    "stale": "overdue",
    "overdue": "overdue",
    "unknown": "unknown",
}
LEGEND_LABELS = ("Errors", "Warnings", "Infos")
MQA_RATINGS = ("Excellent", "Good", "Sufficient", "Bad")
MQA_DIMENSIONS = ("Findability", "Accessibility", "Interoperability", "Reusability", "Contextuality")
BAR_COLORS = {Severity.ERROR: "bar-error", Severity.WARNING: "bar-warning", Severity.INFO: "bar-info"}


def css() -> str:
    p = PALETTE
    return f"""
:root {{ color-scheme: light; }}
* {{ box-sizing: border-box; }}
html {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif;
  font-size: 100%; line-height: 1.5; color: {p["text"]}; background: {p["background"]}; }}
body {{ margin: 0; }}
.wrap {{ max-width: 72rem; margin: 0 auto; padding: 0 1.25rem; }}
a {{ color: {p["link"]}; text-decoration: underline; }}
a:focus-visible, [tabindex]:focus-visible, summary:focus-visible {{ outline: 3px solid {p["focus"]}; outline-offset: 2px; }}
.skip {{ position: absolute; left: 0.5rem; top: -4rem; background: {p["background"]}; color: {p["link"]};
  padding: 0.5rem 1rem; border: 2px solid {p["link"]}; z-index: 10; }}
.skip:focus {{ top: 0.5rem; }}
header.site {{ background: {p["header"]}; color: {p["header-text"]}; padding: 1.25rem 0 1rem; }}
header.site .brand {{ margin: 0; font-weight: 700; letter-spacing: 0.04em; }}
header.site h1 {{ margin: 0.25rem 0; font-size: 1.75rem; line-height: 1.25; }}
header.site p {{ margin: 0.25rem 0; }}
nav.toc {{ border-bottom: 1px solid {p["border"]}; padding-top: 0.5rem; padding-bottom: 0.5rem; }}
nav.toc ul {{ list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; }}
main {{ padding-bottom: 2rem; }}
h2 {{ font-size: 1.4rem; margin: 2rem 0 0.75rem; padding-top: 0.5rem; border-top: 2px solid {p["border"]}; }}
h3 {{ font-size: 1.1rem; margin: 1.5rem 0 0.5rem; }}
.meta, .muted {{ color: {p["muted"]}; }}
header.site .meta {{ color: {p["header-text"]}; }}
.result {{ display: inline-block; font-size: 1.15rem; font-weight: 700; padding: 0.4rem 0.9rem; border-radius: 0.3rem;
  border: 2px solid currentColor; }}
.badge {{ display: inline-block; font-weight: 700; font-size: 0.85rem; padding: 0.05rem 0.5rem; border-radius: 0.25rem;
  border: 1px solid currentColor; white-space: nowrap; }}
.error {{ color: {p["error"]}; background: {p["error-bg"]}; }}
.warning {{ color: {p["warning"]}; background: {p["warning-bg"]}; }}
.info {{ color: {p["info"]}; background: {p["info-bg"]}; }}
.passed {{ color: {p["passed"]}; background: {p["passed-bg"]}; }}
.waived {{ color: {p["waived"]}; background: {p["waived-bg"]}; }}
dl.stats {{ display: flex; flex-wrap: wrap; gap: 0.75rem; margin: 1rem 0; padding: 0; }}
dl.stats div {{ background: {p["surface"]}; padding: 0.5rem 1rem; border-radius: 0.3rem; min-width: 8rem; }}
dl.stats dt {{ color: {p["muted"]}; font-size: 0.9rem; }}
dl.stats dd {{ margin: 0; font-size: 1.5rem; font-weight: 700; }}
figure {{ margin: 1rem 0; }}
figcaption {{ color: {p["muted"]}; font-size: 0.95rem; margin-bottom: 0.25rem; }}
svg.chart {{ max-width: 100%; height: auto; display: block; }}
.table-scroll {{ overflow-x: auto; margin: 0.5rem 0 1rem; }}
table {{ border-collapse: collapse; width: 100%; font-size: 0.95rem; }}
caption {{ text-align: left; font-weight: 700; padding: 0.25rem 0; }}
th, td {{ text-align: left; vertical-align: top; padding: 0.35rem 0.6rem; border-bottom: 1px solid {p["border"]}; }}
thead th {{ background: {p["surface"]}; }}
td.num, th.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
td {{ overflow-wrap: break-word; }}
td.num, th.num {{ white-space: nowrap; }}
code {{ font-family: ui-monospace, "DejaVu Sans Mono", Consolas, monospace; font-size: 0.92em; background: {p["surface"]};
  padding: 0 0.2rem; border-radius: 0.2rem; overflow-wrap: break-word; }}
.hint {{ background: {p["surface"]}; border-left: 4px solid {p["passed"]}; padding: 0.5rem 0.75rem; margin: 0.5rem 0; }}
.legend {{ list-style: none; padding: 0; margin: 0.25rem 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }}
.swatch {{ display: inline-block; width: 0.9rem; height: 0.9rem; vertical-align: -0.1rem; margin-right: 0.3rem; }}
.swatch-error {{ background: {p["bar-error"]}; }}
.swatch-warning {{ background: {p["bar-warning"]}; }}
.swatch-info {{ background: {p["bar-info"]}; }}
footer {{ border-top: 1px solid {p["border"]}; padding: 1rem 0 2rem; color: {p["muted"]}; font-size: 0.9rem; }}
.visually-hidden {{ position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }}
@media print {{ .skip, nav.toc {{ display: none; }} header.site {{ background: none; color: {p["text"]}; }}
  header.site .meta {{ color: {p["text"]}; }} h2 {{ break-after: avoid; }} }}
"""


def e(value: object) -> str:
    """Escape for HTML text and attributes; control characters (forbidden in HTML) become U+FFFD."""
    return escape(printable(str(value)), quote=True)


def _p(text: str) -> str:
    return f"<p>{e(text)}</p>"


def _figcaption(element_id: str, text: str) -> str:
    return f'<figcaption id="{element_id}">{e(text)}</figcaption>'


def _num(value: object, ui: UI) -> str:
    return ui.number(value) if isinstance(value, int | float) else str(value)


def render(report: Report, options: RenderOptions) -> str:
    ui = UI(options.translator)
    views = dataset_views(report)
    result = report.result(options.fail_on)
    title = ui("stadtdaten report: {command}", command=report.command)
    sections = [_summary(report, views, ui, options)]
    mqa = _mqa(report, ui)
    freshness = _freshness(report, ui)
    sections.extend(s for s in (mqa, freshness) if s)
    sections.extend(_dataset(view, index, ui, options) for index, view in enumerate(views))
    toc = [("summary", ui("Summary"))]
    if mqa:
        toc.append(("mqa", ui("Metadata quality (MQA)")))
    if freshness:
        toc.append(("freshness", ui("Freshness")))
    toc.extend((_anchor(view, i), _view_title(view, ui)) for i, view in enumerate(views))
    meta = ui(
        "Run {run_id} · started {started} · stadtdaten {version}",
        run_id=report.run_id,
        started=ui.timestamp(report.started),
        version=report.tool_version,
    )
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{e(ui.language)}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="generator" content="stadtdaten">',
            f"<title>{e(title)} · {e(ui.result(result))}</title>",
            f"<style>{css()}</style>",
            "</head>",
            "<body>",
            f'<a class="skip" href="#main">{e(ui("Skip to content"))}</a>',
            '<header class="site"><div class="wrap">',
            '<p class="brand">stadtdaten</p>',
            f"<h1>{e(title)}</h1>",
            f'<p class="meta">{e(meta)}</p>',
            "</div></header>",
            f'<nav class="toc wrap" aria-label="{e(ui("Contents"))}"><ul>'
            + "".join(f'<li><a href="#{e(anchor)}">{e(label)}</a></li>' for anchor, label in toc)
            + "</ul></nav>",
            '<main id="main" class="wrap" tabindex="-1">',
            *sections,
            "</main>",
            '<footer><div class="wrap">',
            _p(
                ui(
                    "Created by stadtdaten {version} on {ended}. This report needs neither JavaScript nor a network connection.",
                    version=report.tool_version,
                    ended=ui.timestamp(report.ended or report.started),
                )
            ),
            "</div></footer>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _anchor(view: DatasetView, index: int) -> str:
    return "run-findings" if view.result is None else f"dataset-{index}"


def _view_title(view: DatasetView, ui: UI) -> str:
    return ui("Findings of the run") if view.result is None else view.label


def _table(
    caption: str, headers: Sequence[tuple[str, bool]], rows: Iterable[Sequence[tuple[str, bool]]], *, row_header: bool = True
) -> str:
    """A table; cells are (already escaped HTML, numeric?) pairs; the first cell of a row is its header."""
    head = "".join(f'<th scope="col"{" class=num" if num else ""}>{text}</th>' for text, num in headers)
    body = []
    for row in rows:
        cells = []
        for index, (text, num) in enumerate(row):
            cls = ' class="num"' if num else ""
            if index == 0 and row_header:
                cells.append(f'<th scope="row"{cls}>{text}</th>')
            else:
                cells.append(f"<td{cls}>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<div class="table-scroll" role="region" aria-label="{e(caption)}" tabindex="0"><table>'
        f"<caption>{e(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def _badge(severity: Severity, ui: UI, *, waived: bool = False) -> str:
    if waived:
        return f'<span class="badge waived"><span aria-hidden="true">◇ </span>{e(ui("waived"))}</span>'
    symbol = f'<span aria-hidden="true">{SEVERITY_SYMBOL[severity]} </span>'
    return f'<span class="badge {severity.value}">{symbol}{e(ui.severity(severity))}</span>'


def _result_badge(result: str, ui: UI, css_class: str = "badge") -> str:
    symbol = f'<span aria-hidden="true">{RESULT_SYMBOL[result]} </span>'
    return f'<span class="{css_class} {RESULT_CLASS[result]}">{symbol}{e(ui.result(result))}</span>'


def _chart(chart_id: str, bars: Sequence[Bar], title: str, desc: str, scale: float | None = None) -> str:
    return bar_chart(
        bars,
        chart_id=chart_id,
        title=title,
        desc=desc,
        text_color=PALETTE["text"],
        track_color=PALETTE["track"],
        marker_color=PALETTE["text"],
        scale=scale,
    )


def _summary(report: Report, views: Sequence[DatasetView], ui: UI, options: RenderOptions) -> str:
    result = report.result(options.fail_on)
    counts = report.counts()
    rows_checked = sum(r.rows for d in report.datasets for r in d.resources)
    parts = [
        '<section aria-labelledby="summary-h" id="summary">',
        f'<h2 id="summary-h">{e(ui("Summary"))}</h2>',
        f"<p>{e(ui('Result'))}: {_result_badge(result, ui, 'result')}</p>",
        f"<p>{e(summary_sentence(report, ui, options.fail_on))}. {e(_fail_on_sentence(options.fail_on, ui))}</p>",
        '<dl class="stats">',
        f"<div><dt>{e(ui('Datasets'))}</dt><dd>{e(ui.number(len(report.datasets)))}</dd></div>",
        f"<div><dt>{e(ui('Errors'))}</dt><dd>{e(ui.number(counts['error']))}</dd></div>",
        f"<div><dt>{e(ui('Warnings'))}</dt><dd>{e(ui.number(counts['warning']))}</dd></div>",
        f"<div><dt>{e(ui('Infos'))}</dt><dd>{e(ui.number(counts['info']))}</dd></div>",
        f"<div><dt>{e(ui('Rows checked'))}</dt><dd>{e(ui.number(rows_checked))}</dd></div>",
        "</dl>",
    ]
    parts.append(_category_figure(report, ui))
    pillars = pillar_counts(report)
    if pillars:
        parts.append(_pillar_figure(pillars, ui))
    parts.append(_datasets_figure(views, ui, options))
    parts.append("</section>")
    return "\n".join(parts)


def _fail_on_sentence(fail_on: str, ui: UI) -> str:
    if fail_on == "never":
        return ui("Findings never make this run fail (--fail-on never).")
    return ui("The run fails on findings of severity “{fail_on}” or worse.", fail_on=ui.severity(fail_on))


def _category_figure(report: Report, ui: UI) -> str:
    counts = category_counts(report)
    heading = ui("Findings per category")
    bars = [
        Bar(ui.category(c), [Segment(n, PALETTE["bar-neutral"])], ui.plural(n, "{n} finding", "{n} findings"))
        for c, n in counts.items()
    ]
    desc = "; ".join(f"{ui.category(c)}: {ui.number(n)}" for c, n in counts.items())
    rows = [[(e(ui.category(c)), False), (e(ui.number(n)), True)] for c, n in counts.items()]
    return "\n".join(
        [
            f"<h3>{e(heading)}</h3>",
            '<figure aria-labelledby="fig-category">',
            _figcaption("fig-category", ui("Number of findings per check category, including findings not listed individually.")),
            _chart("category", bars, heading, desc),
            "</figure>",
            _table(heading, [(e(ui("Category")), False), (e(ui("Findings")), True)], rows),
        ]
    )


def _pillar_figure(pillars: dict[str, int], ui: UI) -> str:
    heading = ui("Findings per pillar of the data sovereignty guideline")
    bars = [Bar(p, [Segment(n, PALETTE["bar-neutral"])], ui.plural(n, "{n} finding", "{n} findings")) for p, n in pillars.items()]
    desc = "; ".join(f"{p}: {ui.number(n)}" for p, n in pillars.items())
    rows = [[(e(p), False), (e(ui.number(n)), True)] for p, n in pillars.items()]
    return "\n".join(
        [
            f"<h3>{e(heading)}</h3>",
            '<figure aria-labelledby="fig-pillar">',
            f'<figcaption id="fig-pillar">{e(ui("Findings of the guideline rules, by pillar."))}</figcaption>',
            _chart("pillar", bars, heading, desc),
            "</figure>",
            _table(heading, [(e(ui("Pillar")), False), (e(ui("Findings")), True)], rows),
        ]
    )


def _legend(ui: UI) -> str:
    items = "".join(
        f'<li><span class="swatch swatch-{s.value}" aria-hidden="true"></span>{e(ui(label))}</li>'
        for s, label in zip(Severity, LEGEND_LABELS, strict=True)
    )
    return f'<ul class="legend" aria-hidden="true">{items}</ul>'


def _datasets_figure(views: Sequence[DatasetView], ui: UI, options: RenderOptions) -> str:
    heading = ui("Datasets at a glance")
    bars = []
    rows = []
    desc_parts = []
    for index, view in enumerate(views):
        counts = view.counts()
        words = " · ".join(ui.severity_count(s, counts[s.value]) for s in Severity)
        name = _view_title(view, ui)
        bars.append(
            Bar(
                (view.result.title or view.result.name) if view.result else name,
                [Segment(counts[s.value], PALETTE[BAR_COLORS[s]], ui.severity_count(s, counts[s.value])) for s in Severity],
                words,
            )
        )
        desc_parts.append(f"{name}: {words}")
        result = view.result_word(options.fail_on)
        extras = view.result.extras if view.result else {}
        rows_checked = sum(r.rows for r in view.result.resources) if view.result else 0
        mqa = extras.get("mqa") if isinstance(extras.get("mqa"), dict) else None
        rows.append(
            [
                (f'<a href="#{_anchor(view, index)}">{e(name)}</a>', False),
                (_result_badge(result, ui), False),
                (e(ui.number(counts["error"])), True),
                (e(ui.number(counts["warning"])), True),
                (e(ui.number(counts["info"])), True),
                (e(ui.number(rows_checked)), True),
                (e(_mqa_text(mqa, ui)) if mqa else "–", True),
                (e(_freshness_text(extras.get("freshness"), ui)) if extras.get("freshness") is not None else "–", False),
            ]
        )
    headers = [
        (e(ui("Dataset")), False),
        (e(ui("Result")), False),
        (e(ui("Errors")), True),
        (e(ui("Warnings")), True),
        (e(ui("Infos")), True),
        (e(ui("Rows")), True),
        (e(ui("MQA score")), True),
        (e(ui("Freshness")), False),
    ]
    return "\n".join(
        [
            f"<h3>{e(heading)}</h3>",
            '<figure aria-labelledby="fig-datasets">',
            f'<figcaption id="fig-datasets">{e(ui("Findings per dataset by severity."))}</figcaption>',
            _legend(ui),
            _chart("datasets", bars, heading, "; ".join(desc_parts)),
            "</figure>",
            _table(heading, headers, rows),
        ]
    )


def _mqa_entries(report: Report) -> list[tuple[DatasetResult, dict[str, Any]]]:
    found = []
    for result in report.datasets:
        mqa = result.extras.get("mqa")
        if isinstance(mqa, dict) and isinstance(mqa.get("score"), int | float):
            found.append((result, mqa))
    return found


def _mqa_text(mqa: dict[str, Any], ui: UI) -> str:
    score = mqa.get("score")
    maximum = mqa.get("max", 405)
    text = f"{_num(score, ui)} / {_num(maximum, ui)}"
    return f"{text} ({_rating(mqa, ui)})" if mqa.get("rating") else text


def _rating(mqa: dict[str, Any], ui: UI) -> str:
    """MQA ratings (excellent, good, sufficient, bad) in the reader's language."""
    rating = mqa.get("rating")
    return ui.translator.pgettext("render:mqa-rating", str(rating)) if rating else "–"


def _mqa(report: Report, ui: UI) -> str:
    entries = _mqa_entries(report)
    if not entries:
        return ""
    heading = ui("Metadata quality (MQA)")
    bars = []
    rows = []
    for result, mqa in entries:
        maximum = mqa.get("max") or 405
        label = result.title or result.name
        bars.append(Bar(label, [Segment(float(mqa["score"]), PALETTE["bar-score"])], _mqa_text(mqa, ui), marker=None))
        rows.append(
            [(e(label), False), (e(_num(mqa["score"], ui)), True), (e(_num(maximum, ui)), True), (e(_rating(mqa, ui)), False)]
        )
    scale = max(float(m.get("max") or 405) for _, m in entries)
    desc = "; ".join(f"{r.title or r.name}: {_mqa_text(m, ui)}" for r, m in entries)
    return "\n".join(
        [
            '<section aria-labelledby="mqa-h" id="mqa">',
            f'<h2 id="mqa-h">{e(heading)}</h2>',
            _p(
                ui(
                    "Score of the metadata quality assessment (MQA) of data.europa.eu: findability, accessibility, "
                    "interoperability, reusability and context; at most 405 points."
                )
            ),
            '<figure aria-labelledby="fig-mqa">',
            f'<figcaption id="fig-mqa">{e(ui("MQA points per dataset; the full bar is the maximum."))}</figcaption>',
            _chart("mqa", bars, heading, desc, scale=scale),
            "</figure>",
            _table(
                heading,
                [(e(ui("Dataset")), False), (e(ui("Points")), True), (e(ui("Maximum")), True), (e(ui("Rating")), False)],
                rows,
            ),
            _mqa_dimensions(entries, ui),
            "</section>",
        ]
    )


def _mqa_dimensions(entries: list[tuple[DatasetResult, dict[str, Any]]], ui: UI) -> str:
    """Points per MQA dimension (findability, accessibility, ...) when the score carries them."""
    with_dimensions = [(r, m["dimensions"]) for r, m in entries if isinstance(m.get("dimensions"), dict) and m["dimensions"]]
    if not with_dimensions:
        return ""
    names = [d for d in MQA_DIMENSIONS if any(d in dims for _, dims in with_dimensions)]
    names += sorted({d for _, dims in with_dimensions for d in dims} - set(names))
    rows = []
    for result, dims in with_dimensions:
        row = [(e(result.title or result.name), False)]
        for name in names:
            value = dims.get(name)
            if isinstance(value, dict):
                row.append((e(f"{_num(value.get('points', '–'), ui)} / {_num(value.get('max', '–'), ui)}"), True))
            else:
                row.append(("–", True))
        rows.append(row)
    headers = [(e(ui("Dataset")), False)] + [(e(ui.translator.pgettext("render:mqa-dimension", n)), True) for n in names]
    return _table(ui("MQA points per dimension"), headers, rows)


def _freshness_text(value: Any, ui: UI) -> str:
    if isinstance(value, dict):
        parts = []
        if isinstance(value.get("age_days"), int | float):
            parts.append(ui.plural(int(value["age_days"]), "{n} day old", "{n} days old"))
        status = value.get("status") or value.get("rating")
        if status:
            parts.append(_status_word(str(status), ui))
        return ", ".join(parts) or "–"
    return _status_word(str(value), ui)


def _status_word(status: str, ui: UI) -> str:
    word = STATUS_WORDS.get(status.lower())
    return ui(word) if word else status


def _freshness(report: Report, ui: UI) -> str:
    entries = [(r, r.extras["freshness"]) for r in report.datasets if r.extras.get("freshness") is not None]
    if not entries:
        return ""
    heading = ui("Freshness")
    bars = []
    rows = []
    for result, value in entries:
        data = value if isinstance(value, dict) else {"status": value}
        label = result.title or result.name
        age = data.get("age_days")
        expected = data.get("max_age_days", data.get("expected_days"))
        updated = data.get("last_modified") or data.get("modified") or data.get("last_updated")
        periodicity = data.get("periodicity") or data.get("accrual_periodicity")
        status = str(data.get("status") or data.get("rating") or "")
        if isinstance(age, int | float):
            stale = (isinstance(expected, int | float) and age > expected) or status.lower() in ("stale", "overdue")
            color = PALETTE["bar-warning"] if stale else PALETTE["bar-score"]
            marker = float(expected) if isinstance(expected, int | float) else None
            bars.append(Bar(label, [Segment(float(age), color)], _freshness_text(data, ui), marker=marker))
        rows.append(
            [
                (e(label), False),
                (e(ui.date(str(updated))) if updated else "–", False),
                (e(ui.number(int(age))) if isinstance(age, int | float) else "–", True),
                (e(ui.number(int(expected))) if isinstance(expected, int | float) else "–", True),
                (e(periodicity) if periodicity else "–", False),
                (e(_status_word(status, ui)) if status else "–", False),
            ]
        )
    parts = [
        '<section aria-labelledby="freshness-h" id="freshness">',
        f'<h2 id="freshness-h">{e(heading)}</h2>',
        f"<p>{e(ui('How old each dataset is, compared with how often it should be updated.'))}</p>",
    ]
    if bars:
        desc = "; ".join(f"{b.label}: {b.text}" for b in bars)
        parts += [
            '<figure aria-labelledby="fig-freshness">',
            _figcaption("fig-freshness", ui("Age in days; the dashed line marks the expected update interval.")),
            _chart("freshness", bars, heading, desc),
            "</figure>",
        ]
    headers = [
        (e(ui("Dataset")), False),
        (e(ui("Last updated")), False),
        (e(ui("Age (days)")), True),
        (e(ui("Expected at most (days)")), True),
        (e(ui("Update interval")), False),
        (e(ui("Status")), False),
    ]
    parts += [_table(heading, headers, rows), "</section>"]
    return "\n".join(parts)


def _dataset(view: DatasetView, index: int, ui: UI, options: RenderOptions) -> str:
    anchor = _anchor(view, index)
    result_word = view.result_word(options.fail_on)
    title = _view_title(view, ui)
    heading = title if view.result is None else ui("Dataset: {name}", name=title)
    counts = view.counts()
    parts = [
        f'<section aria-labelledby="{anchor}-h" id="{anchor}">',
        f'<h2 id="{anchor}-h">{e(heading)}</h2>',
        f"<p>{_result_badge(result_word, ui)} " + e(" · ".join(ui.severity_count(s, counts[s.value]) for s in Severity)) + "</p>",
    ]
    if view.result is not None:
        parts.append(_dataset_facts(view.result, ui))
    if not view.groups:
        parts.append(f"<p>{e(ui('No findings.'))}</p>")
    for number, group in enumerate(view.groups):
        parts.append(_group(group, f"{anchor}-g{number}", view, ui, options))
    if view.result is not None and view.result.waivers:
        parts.append(_waivers(view.result, ui))
    parts.append("</section>")
    return "\n".join(parts)


def _dataset_facts(result: DatasetResult, ui: UI) -> str:
    parts = []
    if result.path:
        parts.append(f'<p class="muted">{e(ui("Descriptor"))}: <code>{e(result.path)}</code></p>')
    if result.resources:
        rows = [
            [
                (e(r.name), False),
                (f"<code>{e(r.path)}</code>" if r.path else "–", False),
                (e(ui.number(r.rows)), True),
                (e(ui.number(r.fields)), True),
                (e(r.encoding or "–"), False),
            ]
            for r in result.resources
        ]
        headers = [
            (e(ui("Resource")), False),
            (e(ui("File")), False),
            (e(ui("Rows")), True),
            (e(ui("Columns")), True),
            (e(ui("Encoding")), False),
        ]
        parts.append(_table(ui("Files of {name}", name=result.title or result.name), headers, rows))
    return "\n".join(parts)


def _group(group: CodeGroup, anchor: str, view: DatasetView, ui: UI, options: RenderOptions) -> str:
    ftype = group.type
    all_waived = bool(group.findings) and group.waived == len(group.findings) and not group.omitted
    limit = max(options.samples, MIN_SAMPLES)
    parts = [
        f'<h3 id="{anchor}">{_badge(group.severity, ui, waived=all_waived)} '
        f"<code>{e(group.code)}</code> {e(ui.title(ftype))}</h3>",
        f"<p>{e(ui.plural(group.total, '{n} finding', '{n} findings'))} · {e(ui.category(ftype.category))}"
        + (f" · {e(ui('pillar'))}: {e(ftype.pillar)}" if ftype.pillar else "")
        + "</p>",
    ]
    samples = list(iter_samples(group, limit))
    if samples:
        rows = [_finding_row(f, view, ui, options) for f in samples]
        headers = [(e(ui("Location")), False), (e(ui("Message")), False), (e(ui("Values")), False), (e(ui("Severity")), False)]
        parts.append(_table(ui("Examples of {code}", code=group.code), headers, rows))
    hidden = hidden_count(group, limit)
    if hidden:
        parts.append(f'<p class="muted">{e(ui.more(hidden))}</p>')
    hint = group.findings[0].hint(options.translator) if group.findings else ""
    if hint:
        parts.append(f'<p class="hint"><strong>{e(ui("How to fix"))}:</strong> {e(hint)}</p>')
    return "\n".join(parts)


def _finding_row(finding: Finding, view: DatasetView, ui: UI, options: RenderOptions) -> list[tuple[str, bool]]:
    where = ui.location(finding.location) or "–"
    status = _badge(finding.severity, ui)
    if finding.waiver is not None:
        if finding.waived:
            status += " " + _badge(finding.severity, ui, waived=True)
            status += f'<br><span class="muted">{e(waiver_label(finding, ui))}: {e(finding.waiver.justification)}</span>'
        else:
            status += (
                f'<br><span class="muted">{e(ui("waiver expired on {expires}", expires=ui.date(finding.waiver.expires)))}</span>'
            )
    values = ", ".join(finding.samples)
    return [
        (f"<code>{e(where)}</code>", False),
        (e(finding.message(options.translator)).replace("\n", "<br>"), False),
        (e(values) if values else "–", False),
        (status, False),
    ]


def _waivers(result: DatasetResult, ui: UI) -> str:
    used = [f.waiver for f in result.findings if f.waiver is not None]
    rows = []
    for waiver in result.waivers:
        if waiver.expired():
            state = ui("expired")
        elif waiver in used:
            state = ui("in use")
        else:
            state = ui("matched no finding")
        scope = " ".join(x for x in (waiver.resource, f"[{waiver.field}]" if waiver.field else None) if x) or ui("whole dataset")
        rows.append(
            [
                (f"<code>{e(waiver.code)}</code>", False),
                (e(scope), False),
                (e(waiver.owner), False),
                (e(ui.date(waiver.expires)), False),
                (e(state), False),
                (e(waiver.justification), False),
            ]
        )
    headers = [
        (e(ui("Code")), False),
        (e(ui("Scope")), False),
        (e(ui("Owner")), False),
        (e(ui("Expires")), False),
        (e(ui("State")), False),
        (e(ui("Justification")), False),
    ]
    return f"<h3>{e(ui('Waivers'))}</h3>\n" + _table(ui("Waivers of {name}", name=result.title or result.name), headers, rows)
