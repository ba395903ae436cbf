"""Finding types: the stable codes every check reports under.

Learned from frictionless-py's error classes: each type has a stable ``code`` (frictionless's error
``type`` where one exists, a rule id such as ``DS-PRIV-001`` for Leitlinie rules), a default severity,
an English message template over named parameters and a fix hint. German texts are looked up by code in
the gettext catalogues (context ``finding:<code>`` / ``hint:<code>``).

Components register their types at import time (``register(FindingType(...))``); a city's own rules,
declared in YAML, register the same way at run time. The report itself stores only ``code`` +
``params``, so a report written today renders in either language tomorrow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    @classmethod
    def parse(cls, value: str) -> Severity:
        aliases = {"err": "error", "warn": "warning", "e": "error", "w": "warning", "i": "info"}
        return cls(aliases.get(value.lower(), value.lower()))


class Category(StrEnum):
    """Where in the pipeline a finding comes from; renderers group by it."""

    METADATA = "metadata"  # the descriptor itself (JSON Schema of the descriptor)
    SOURCE = "source"  # file could not be read: encoding, format, io
    STRUCTURE = "structure"  # header and row shape
    SCHEMA = "schema"  # Table Schema types, constraints, keys
    QUALITY = "quality"  # completeness, plausibility, freshness, GX suites
    GOVERNANCE = "governance"  # Leitlinie Datensouveränität
    DCAT = "dcat"  # SHACL, MQA
    PUBLISH = "publish"  # CKAN


PILLARS = ("Datensicherheit", "Datenschutz", "Datenethik", "Datenhoheit", "Transparenz", "Partizipation")


@dataclass(frozen=True, slots=True)
class FindingType:
    code: str
    title: str
    template: str
    category: Category
    severity: Severity = Severity.ERROR
    hint: str = ""
    pillar: str | None = None
    tags: tuple[str, ...] = field(default=())
    help_uri: str | None = None
    """Where the rule is documented (SARIF ``helpUri``)."""


_REGISTRY: dict[str, FindingType] = {}


def register(finding_type: FindingType, *, replace: bool = False) -> FindingType:
    """Register a finding type. Re-registering the identical type is a no-op; a conflicting one is a bug."""
    existing = _REGISTRY.get(finding_type.code)
    if existing is not None and existing != finding_type and not replace:
        raise ValueError(f"finding code {finding_type.code!r} registered twice with different definitions")
    _REGISTRY[finding_type.code] = finding_type
    return finding_type


ENTRY_POINT_GROUP = "stadtdaten.findings"
_providers_loaded = False


def load_providers() -> None:
    """Import every finding provider declared under the ``stadtdaten.findings`` entry points.

    Components register their types when imported; a report made in a worker process, read back from the
    catalogue or from a JSON file may carry codes whose component this process never imported. Entry
    points name those providers (a module, or a callable that registers, such as the rule catalogue), so
    the core resolves any code without importing upwards, and a city's plugin package can add its own.
    """
    global _providers_loaded
    if _providers_loaded:
        return
    _providers_loaded = True
    from importlib.metadata import entry_points

    for entry in entry_points(group=ENTRY_POINT_GROUP):
        try:
            provider = entry.load()
            if callable(provider):
                provider()
        except Exception:  # an optional component that cannot load leaves its codes as stand-ins
            continue


def lookup(code: str) -> FindingType:
    """The type of ``code``; unknown codes (e.g. from an old report) get a neutral stand-in."""
    found = _REGISTRY.get(code)
    if found is None and not _providers_loaded:
        load_providers()
        found = _REGISTRY.get(code)
    if found is not None:
        return found
    return FindingType(code=code, title=code, template="{message}", category=Category.QUALITY)


def registered() -> dict[str, FindingType]:
    """Every registered type, after loading all providers."""
    load_providers()
    return dict(_REGISTRY)
