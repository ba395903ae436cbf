"""Terminal: grouping, counts, samples, hints, waivers, omitted counts, colours only when asked."""

from __future__ import annotations

import io

import pytest

from stadtdaten.core.i18n import get_translator
from stadtdaten.core.report import Report
from stadtdaten.render import RenderOptions, render
from stadtdaten.render.progress import ProgressReporter, progress, progress_enabled


def test_terminal_english(report: Report) -> None:
    text = render(report, "terminal", RenderOptions(color=False))
    assert "\x1b[" not in text
    assert "Dataset: Stadtbäume Bielefeld (stadtbaeume)" in text
    assert "5,003 errors · 1 warning · 2 infos · failed" in text
    assert "rt-type-error · Value has the wrong type  (5,000 findings)" in text
    assert "baeume.csv:2 [hoehe_m] (baum_id=1002)  The value '2,5 m' in hoehe_m is not a number" in text
    assert "baeume.csv:5 [" not in text  # only options.samples (3) examples
    assert "+4,997 more" in text
    assert "Fix: Write hoehe_m as a number" in text
    assert "WAIVED" in text and "waived by Amt 62 <geodaten@bielefeld.de> until" in text
    assert "Justification: Fachverfahren exportiert nur CP1252" in text
    assert "Waiver for rt-missing-cell (Amt 12) expired on" in text
    assert "Waiver for rt-extra-cell (Amt 33) matched no finding" in text
    assert "\x00" not in text and "\x1b" not in text  # control characters from the data are neutralised
    assert text.rstrip().splitlines()[-1] == "Summary: 3 datasets · 5,004 errors · 2 warnings · 4 infos · result: failed"


def test_terminal_german(report: Report) -> None:
    text = render(report, "terminal", RenderOptions(translator=get_translator("de"), color=False))
    assert "Datensatz: Stadtbäume Bielefeld (stadtbaeume)" in text
    assert "5.003 Fehler · 1 Warnung · 2 Hinweise · nicht bestanden" in text
    assert "(5.000 Befunde)" in text
    assert "+4.997 weitere" in text
    assert "Abhilfe: " in text
    assert "AUSGENOMMEN" in text and "Ausnahme von Amt 62" in text
    assert (
        text.rstrip().splitlines()[-1]
        == "Zusammenfassung: 3 Datensätze · 5.004 Fehler · 2 Warnungen · 4 Hinweise · Ergebnis: nicht bestanden"
    )


def test_terminal_samples_and_width(report: Report) -> None:
    text = render(report, "terminal", RenderOptions(color=False, samples=1, width=60))
    assert "+4,999 more" in text
    assert max(len(line) for line in text.splitlines()) <= 60


def test_terminal_colours_only_when_asked(report: Report, clean_report: Report) -> None:
    assert "\x1b[" in render(report, "terminal", RenderOptions(color=True))
    text = render(clean_report, "terminal", RenderOptions(color=False))
    assert "No findings." in text and "result: passed" in text


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("kwargs", "environ", "expected"),
    [
        ({}, {}, True),
        ({}, {"CI": "true"}, False),
        ({"json_output": True}, {}, False),
        ({"no_progress": True}, {}, False),
        ({}, {"TERM": "dumb"}, False),
    ],
)
def test_progress_enabled(kwargs: dict[str, bool], environ: dict[str, str], expected: bool) -> None:
    assert progress_enabled(stream=_Tty(), environ=environ, **kwargs) is expected
    assert progress_enabled(stream=io.StringIO(), environ=environ, **kwargs) is False


def test_progress_off_writes_nothing() -> None:
    stream = io.StringIO()
    with progress("Validating", total=3, stream=stream) as bar:
        assert isinstance(bar, ProgressReporter) and not bar.enabled
        bar.advance()
        bar("baeume.csv")
        bar.advance(description="x")
    assert bar.completed == 3
    assert stream.getvalue() == ""


def test_progress_on_draws_to_its_stream() -> None:
    stream = _Tty()
    with progress("Validating", total=2, enabled=True, stream=stream) as bar:
        bar("a.csv")
        bar.set_total(3)
        bar("b.csv")
    assert bar.completed == 2
    assert "Validating" in stream.getvalue()
