"""The HTML report in a real browser: headless Chromium renders it and takes a screenshot.

Needs Debian's ``chromium`` package (``apt-get install -y chromium``); skipped with that reason when no
Chromium is installed. The page must render offline with no network access (the flags below switch off
every background connection) and produce a non-trivial screenshot in both languages.
"""

from __future__ import annotations

import shutil
import subprocess
import zlib
from pathlib import Path

import pytest

from stadtdaten.core.i18n import get_translator
from stadtdaten.core.report import Report
from stadtdaten.render import RenderOptions, render

pytestmark = pytest.mark.browser

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _chromium() -> str:
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("needs headless Chromium: install Debian's package with `apt-get install -y chromium`")


def screenshot(html_file: Path, png: Path, width: int = 1280, height: int = 2400) -> subprocess.CompletedProcess[str]:
    profile = png.parent / f"profile-{png.stem}"
    command = [
        _chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
        f"--screenshot={png}",
        html_file.as_uri(),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def png_facts(png: Path) -> tuple[int, int, int]:
    """Width, height and how many distinct byte values the (filtered) image data holds: a blank page has few."""
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, width, height, idat = 8, 0, 0, b""
    while pos < len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height = int.from_bytes(body[:4], "big"), int.from_bytes(body[4:8], "big")
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    return width, height, len(set(raw[::97]))


@pytest.mark.parametrize("language", ["de", "en"])
def test_html_report_renders_in_headless_chromium(report: Report, tmp_path: Path, language: str) -> None:
    page = tmp_path / f"report-{language}.html"
    page.write_text(render(report, "html", RenderOptions(translator=get_translator(language))), encoding="utf-8")
    png = tmp_path / f"report-{language}.png"
    result = screenshot(page, png)
    assert result.returncode == 0, result.stderr[-2000:]
    assert png.exists() and png.stat().st_size > 20_000, "screenshot missing or blank"
    width, height, variety = png_facts(png)
    assert (width, height) == (1280, 2400)
    assert variety > 50, "the page rendered as (nearly) one colour"
