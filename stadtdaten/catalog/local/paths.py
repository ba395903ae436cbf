"""Where the catalogue lives: ``--catalog DIR`` > ``STADTDATEN_CATALOG`` > the project config > ``./.stadtdaten``."""

from __future__ import annotations

import os
from pathlib import Path

from stadtdaten.core.config import ProjectConfig, load_config

ENV_VAR = "STADTDATEN_CATALOG"
FILENAME = "catalog.sqlite"
FILE_SUFFIXES = (".sqlite", ".sqlite3", ".db")


def catalog_dir(explicit: str | Path | None = None, config: ProjectConfig | None = None) -> Path:
    """The catalogue folder for this invocation (a path to a ``.sqlite`` file is accepted too)."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser().resolve()
    return (config or load_config()).catalog_path


def catalog_file(location: str | Path) -> Path:
    """``DIR`` -> ``DIR/catalog.sqlite``; a path ending in ``.sqlite``/``.db`` is the file itself."""
    path = Path(location).expanduser()
    return path if path.suffix.lower() in FILE_SUFFIXES else path / FILENAME
