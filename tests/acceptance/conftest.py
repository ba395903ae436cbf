"""Fixtures of the acceptance tests (helpers are in ``support.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.acceptance import support


@pytest.fixture(autouse=True, scope="session")
def subprocess_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """One bytecode cache for every ``stadtdaten`` subprocess of the run (shared by the xdist workers)."""
    root = tmp_path_factory.getbasetemp()
    shared = root.parent if root.name.startswith("popen-gw") else root
    support.PYCACHE = shared / "acceptance-pycache"
    yield
    support.PYCACHE = None
