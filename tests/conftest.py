"""Shared test fixtures.

``../shared`` (real data, reference shapes) exists in CI but not in a fresh clone: tests that need it use
the ``shared`` fixture, which skips with a reason naming the missing folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STADTDATEN_SHARED", ROOT.parent / "shared")).resolve()
EXAMPLES = ROOT / "examples" / "bielefeld"


def shared_path(*parts: str) -> Path:
    """A path inside ../shared; skips the calling test when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (../shared is present in CI, not in a fresh clone)")
    return path


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"needs ../shared at {SHARED} (present in CI, not in a fresh clone)")
    return SHARED


@pytest.fixture
def realdata(shared: Path) -> Path:
    return shared / "realdata"


@pytest.fixture
def reference(shared: Path) -> Path:
    return shared / "reference"
