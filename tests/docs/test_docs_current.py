"""The generated reference pages in docs/ match the code, and every finding type has a German title.

The generator runs in a fresh interpreter: the test process registers sample finding types of its own
(tests/render), which must not leak into the pages.
"""

from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "gen_docs.py"
PAGES = ("findings.md", "befunde.md", "cli.md")
HOW = "run `python scripts/gen_docs.py` and commit docs/findings.md, docs/befunde.md and docs/cli.md"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs")
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out), "--untranslated", str(out / "untranslated.txt")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"scripts/gen_docs.py failed:\n{result.stdout}\n{result.stderr}"
    (out / "stderr.txt").write_text(result.stderr, encoding="utf-8")
    return out


@pytest.mark.parametrize("page", PAGES)
def test_committed_docs_are_current(generated: Path, page: str) -> None:
    committed = ROOT / "docs" / page
    assert committed.exists(), f"docs/{page} is missing: {HOW}"
    expected = (generated / page).read_text(encoding="utf-8")
    actual = committed.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            list(
                difflib.unified_diff(
                    actual.splitlines(keepends=True),
                    expected.splitlines(keepends=True),
                    f"docs/{page} (committed)",
                    f"docs/{page} (from the code)",
                    n=1,
                )
            )[:60]
        )
        imports = [line for line in (generated / "stderr.txt").read_text(encoding="utf-8").splitlines() if "import" in line]
        cause = ("\nSome modules did not import, so their finding types are missing:\n" + "\n".join(imports)) if imports else ""
        pytest.fail(f"docs/{page} is out of date with the code: {HOW}.{cause}\n{diff}", pytrace=False)


def test_every_finding_type_has_a_german_title(generated: Path) -> None:
    missing = (generated / "untranslated.txt").read_text(encoding="utf-8").split()
    assert not missing, (
        "finding types without a German title (msgctxt title:<code>): "
        + ", ".join(missing)
        + ". Run `python scripts/gen_docs.py --po` and translate the new entries in "
        "stadtdaten/locale/de/LC_MESSAGES/titles.po (or add the title to your own domain's .po file)."
    )
