"""Project configuration: ``stadtdaten.toml`` in a dataset repository, or ``[tool.stadtdaten]`` in pyproject.

Layered like sqlfluff: built-in defaults < ``pyproject.toml [tool.stadtdaten]`` < ``stadtdaten.toml`` <
command-line flags. The file nearest to the dataset (walking up from it) wins. Credentials are never
read from here: the CKAN token comes from ``CKAN_API_TOKEN`` only, so it is never committed.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from stadtdaten.core.errors import ConfigError

CONFIG_NAMES = ("stadtdaten.toml", ".stadtdaten.toml")

BIELEFELD_PUBLISHER = {
    "name": "Stadt Bielefeld",
    "uri": "https://www.bielefeld.de",
    "type": "LocalAuthority",
}


@dataclass(frozen=True)
class ProjectConfig:
    """Defaults a dataset repository shares. Every field has a Bielefeld-ready default."""

    publisher: dict[str, Any] = field(default_factory=lambda: dict(BIELEFELD_PUBLISHER))
    contact_point: dict[str, Any] = field(default_factory=dict)
    organisations: tuple[str, ...] = ("Stadt Bielefeld",)
    """Publishers the Leitlinie accepts as the city itself (the city and its Ämter)."""
    base_uri: str = "https://open.bielefeld.de/"
    geocoding: str = "05711000"
    geocoding_level: str = "municipality"
    geocoding_label: str = "Bielefeld"
    profile: str = "bielefeld"
    language: str | None = None
    catalog_dir: str = ".stadtdaten"
    catalog_title: str = "Offene Daten Bielefeld"
    catalog_description: str = "Der Open-Data-Katalog der Stadt Bielefeld."
    catalog_homepage: str = "https://open.bielefeld.de"
    ckan_url: str | None = None
    ckan_organization: str | None = None
    disclosure_threshold: int = 3
    max_findings: int | None = 1000
    """Findings listed per dataset and code; more are counted, not listed (like frictionless's limit)."""
    source: Path | None = None
    """The file this config came from (None: built-in defaults)."""
    raw: dict[str, Any] = field(default_factory=dict)

    def with_overrides(self, **changes: Any) -> ProjectConfig:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def section(self, name: str) -> dict[str, Any]:
        """A free-form section for components (``[dcat]``, ``[ckan]``, ``[rules]`` ...)."""
        value = self.raw.get(name)
        return dict(value) if isinstance(value, dict) else {}

    @property
    def catalog_path(self) -> Path:
        base = self.source.parent if self.source else Path.cwd()
        return (base / self.catalog_dir).resolve()


_SIMPLE_KEYS = {
    "base_uri": str,
    "geocoding": str,
    "geocoding_level": str,
    "geocoding_label": str,
    "profile": str,
    "language": str,
    "catalog_dir": str,
    "catalog_title": str,
    "catalog_description": str,
    "catalog_homepage": str,
    "disclosure_threshold": int,
}


def find_config(start: Path) -> Path | None:
    """The nearest ``stadtdaten.toml`` (or pyproject with a ``[tool.stadtdaten]`` table) at or above ``start``."""
    here = start.resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "tool" in (data := _read_toml(pyproject)) and "stadtdaten" in data["tool"]:
            return pyproject
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(exc), path=str(path)) from exc
    except OSError as exc:
        raise ConfigError(exc.strerror or str(exc), path=str(path)) from exc


def load_config(path: Path | None = None, start: Path | None = None) -> ProjectConfig:
    """Load ``path``, or the config found from ``start`` (default: cwd), or the built-in defaults."""
    source = path or find_config(start or Path.cwd())
    if source is None:
        return ProjectConfig()
    data = _read_toml(source)
    if source.name == "pyproject.toml":
        data = data.get("tool", {}).get("stadtdaten", {})
    return parse_config(data, source)


def parse_config(data: dict[str, Any], source: Path | None = None) -> ProjectConfig:
    where = str(source) if source else "<config>"
    project = data.get("project", data)
    if not isinstance(project, dict):
        raise ConfigError("[project] must be a table", path=where)
    changes: dict[str, Any] = {"source": source, "raw": data}
    for key, kind in _SIMPLE_KEYS.items():
        if key in project:
            value = project[key]
            if not isinstance(value, kind):
                raise ConfigError(f"'{key}' must be a {kind.__name__}, not {value!r}", path=where)
            changes[key] = value
    if "publisher" in project:
        if not isinstance(project["publisher"], dict) or "name" not in project["publisher"]:
            raise ConfigError("'publisher' must be a table with at least 'name'", path=where)
        changes["publisher"] = dict(project["publisher"])
    if "contact_point" in project:
        if not isinstance(project["contact_point"], dict):
            raise ConfigError("'contact_point' must be a table with 'email' or 'url'", path=where)
        changes["contact_point"] = dict(project["contact_point"])
    if "organisations" in project:
        orgs = project["organisations"]
        if not isinstance(orgs, list) or not all(isinstance(o, str) for o in orgs):
            raise ConfigError("'organisations' must be a list of names", path=where)
        changes["organisations"] = tuple(orgs)
    if "max_findings" in project:
        value = project["max_findings"]
        if not (isinstance(value, int) and value >= 0):
            raise ConfigError("'max_findings' must be a whole number >= 0 (0 = unlimited)", path=where)
        changes["max_findings"] = value or None
    ckan = data.get("ckan", {})
    if isinstance(ckan, dict):
        if "url" in ckan:
            changes["ckan_url"] = str(ckan["url"])
        if "organization" in ckan:
            changes["ckan_organization"] = str(ckan["organization"])
        if any(k in ckan for k in ("token", "api_key", "apikey")):
            raise ConfigError(
                "a CKAN token must not be stored in the config file",
                path=where,
                hint="Remove it and set the environment variable CKAN_API_TOKEN instead.",
            )
    return ProjectConfig(**changes)
