"""Small inline-SVG charts for the HTML report: horizontal bars with text labels, no script, no fonts.

Every chart is ``role="img"`` with a text alternative (``<title>`` and ``<desc>``), draws its values
as text next to the bars (so colour never carries the meaning alone), and is always followed by a
table with the same numbers in the HTML report. Colours come from :data:`stadtdaten.render.html.PALETTE`
via the caller, so the contrast test sees every colour used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 760
LABEL_WIDTH = 220
VALUE_WIDTH = 270
ROW = 30
BAR = 18
TOP = 8


@dataclass(frozen=True)
class Segment:
    value: float
    color: str
    label: str = ""


@dataclass(frozen=True)
class Bar:
    label: str
    segments: Sequence[Segment]
    text: str
    """The value as words, drawn right of the bar: ``3 errors · 1 warning``, ``245 / 405``."""
    marker: float | None = None
    """Where to draw a thin reference line (e.g. the expected age), in the bar's units."""


def shorten(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(
    bars: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    desc: str,
    text_color: str,
    track_color: str,
    marker_color: str,
    scale: float | None = None,
) -> str:
    """Horizontal (optionally stacked) bars; ``scale`` is the value of a full bar (default: the largest)."""
    uid = chart_id
    largest = max([sum(s.value for s in b.segments) for b in bars] + [b.marker or 0 for b in bars] + [0])
    full = scale if scale and scale > 0 else (largest or 1)
    area = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = TOP * 2 + ROW * len(bars)
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="chart-t{uid} chart-d{uid}" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet">',
        f'<title id="chart-t{uid}">{escape(title)}</title>',
        f'<desc id="chart-d{uid}">{escape(desc)}</desc>',
    ]
    for index, bar in enumerate(bars):
        y = TOP + index * ROW
        middle = y + ROW / 2
        parts.append(
            f'<text x="{LABEL_WIDTH - 10}" y="{middle:.1f}" text-anchor="end" dominant-baseline="middle" '
            f'fill="{text_color}" font-size="13">{escape(shorten(bar.label))}</text>'
        )
        bar_y = middle - BAR / 2
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{bar_y:.1f}" width="{area}" height="{BAR}" fill="{track_color}"/>')
        x = float(LABEL_WIDTH)
        for segment in bar.segments:
            if segment.value <= 0:
                continue
            width = max(area * min(segment.value, full) / full, 2.0)
            width = min(width, LABEL_WIDTH + area - x)
            tooltip = f"<title>{escape(segment.label)}</title>" if segment.label else ""
            parts.append(
                f'<rect x="{x:.1f}" y="{bar_y:.1f}" width="{width:.1f}" height="{BAR}" fill="{segment.color}">{tooltip}</rect>'
            )
            x += width
        if bar.marker is not None:
            mx = LABEL_WIDTH + area * min(bar.marker, full) / full
            parts.append(
                f'<line x1="{mx:.1f}" x2="{mx:.1f}" y1="{bar_y - 4:.1f}" y2="{bar_y + BAR + 4:.1f}" '
                f'stroke="{marker_color}" stroke-width="2" stroke-dasharray="3 2"/>'
            )
        parts.append(
            f'<text x="{LABEL_WIDTH + area + 8}" y="{middle:.1f}" dominant-baseline="middle" '
            f'fill="{text_color}" font-size="13">{escape(bar.text)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
