"""Rule specifications: what a rule is, apart from how it runs (soda-style parsing apart from execution).

A rule file (YAML) is checked against the shipped ``rule-spec.schema.json`` and parsed into
:class:`RuleSpec` objects. Each rule and each of its variants becomes a registered
:class:`~stadtdaten.core.findings.FindingType`: the rule id is the code of its main message, a variant's
code is ``<id>.<variant>`` (``DS-PRIV-002.iban``), so waivers and profiles can address either the whole
rule or one variant. Built-in rules keep their German text in ``governance.po`` (generated from these
files); a city's own rule files may carry German inline, which is registered with the translator at load time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from stadtdaten.core.errors import ConfigError
from stadtdaten.core.findings import Category, FindingType, Severity, register

PILLARS = {
    "PRIV": "Datenschutz",
    "SEC": "Datensicherheit",
    "SOV": "Datenhoheit",
    "TRANS": "Transparenz",
    "PART": "Partizipation",
    "ETH": "Datenethik",
}
PILLAR_EN = {
    "PRIV": "Data protection",
    "SEC": "Data security",
    "SOV": "Data sovereignty",
    "TRANS": "Transparency",
    "PART": "Participation",
    "ETH": "Data ethics",
}
SOURCE_TAGS = {
    "G": "guideline text",
    "B": "City of Bielefeld pages",
    "L": "law, regulation or standard",
    "D": "project derivation",
}
DOCS_URI = "https://stadtdaten.example/docs/rules/{page}#{anchor}"


@dataclass(frozen=True)
class Text:
    """A text in English and (optionally) German."""

    en: str
    de: str | None = None

    @classmethod
    def parse(cls, value: Any) -> Text:
        if isinstance(value, dict):
            return cls(en=str(value["en"]), de=str(value["de"]) if value.get("de") else None)
        return cls(en=str(value))

    def get(self, language: str) -> str:
        return (self.de or self.en) if language == "de" else self.en


@dataclass(frozen=True)
class Variant:
    key: str
    code: str
    severity: Severity
    message: Text
    hint: Text


@dataclass(frozen=True)
class RuleSpec:
    id: str
    severity: Severity
    title: Text
    check: Text
    message: Text
    hint: Text
    pillar: str | None = None
    category: str = "governance"
    sources: tuple[str, ...] = ()
    basis: str = ""
    level: tuple[str, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)
    variants: dict[str, Variant] = field(default_factory=dict)
    test: dict[str, Any] | None = None
    """A declarative check (city rules); None for rules implemented in Python."""
    origin: str = "builtin"

    @property
    def pillar_name(self) -> str | None:
        return PILLARS.get(self.pillar) if self.pillar else None

    @property
    def builtin(self) -> bool:
        return self.origin == "builtin"

    def codes(self) -> list[str]:
        return [self.id, *(v.code for v in self.variants.values())]

    def variant(self, key: str | None) -> Variant:
        """The main message is the variant ``None``."""
        if key is None:
            return Variant(key="", code=self.id, severity=self.severity, message=self.message, hint=self.hint)
        return self.variants[key]

    def doc_page(self) -> str:
        return (self.pillar or self.category).lower()

    def finding_types(self) -> list[FindingType]:
        types = []
        for key in [None, *self.variants]:
            variant = self.variant(key)
            types.append(
                FindingType(
                    code=variant.code,
                    title=self.title.en,
                    template=variant.message.en,
                    category=Category.GOVERNANCE if self.category == "governance" else Category.QUALITY,
                    severity=variant.severity,
                    hint=variant.hint.en,
                    pillar=self.pillar_name,
                    tags=tuple(self.sources),
                    help_uri=DOCS_URI.format(page=self.doc_page(), anchor=self.id.lower()),
                )
            )
        return types


@cache
def rule_spec_schema() -> dict[str, Any]:
    text = (resources.files("stadtdaten.quality.rules") / "rule-spec.schema.json").read_text(encoding="utf-8")
    return dict(json.loads(text))


def parse_rule_file(data: Any, origin: str, *, validate: bool = True) -> list[RuleSpec]:
    """Validate one rule file against the schema and parse it; errors name the file and the JSON pointer.

    The shipped catalogue skips validation at run time (a test validates it), so importing is cheap.
    """
    if not validate:
        return [_parse_rule(item, origin) for item in data["rules"]]
    import jsonschema

    schema = rule_spec_schema()
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        pointer = "/" + "/".join(str(p) for p in first.absolute_path)
        raise ConfigError(f"rule file does not match the rule-spec schema at {pointer}: {first.message}", path=origin)
    return [_parse_rule(item, origin) for item in data["rules"]]


def _parse_rule(item: dict[str, Any], origin: str) -> RuleSpec:
    message = Text.parse(item["message"])
    hint = Text.parse(item.get("hint") or "")
    severity = Severity(item["severity"])
    variants = {}
    for key, raw in (item.get("variants") or {}).items():
        variants[key] = Variant(
            key=key,
            code=f"{item['id']}.{key}",
            severity=Severity(raw.get("severity", severity.value)),
            message=Text.parse(raw["message"]),
            hint=Text.parse(raw["hint"]) if raw.get("hint") else hint,
        )
    return RuleSpec(
        id=item["id"],
        severity=severity,
        title=Text.parse(item["title"]),
        check=Text.parse(item["check"]),
        message=message,
        hint=hint,
        pillar=item.get("pillar"),
        category=item.get("category", "governance"),
        sources=tuple(item.get("sources") or ()),
        basis=str(item.get("basis", "")),
        level=tuple(item.get("level") or ()),
        options=dict(item.get("options") or {}),
        variants=variants,
        test=item.get("test"),
        origin=origin,
    )


def read_rule_file(path: Path) -> list[RuleSpec]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(exc.strerror or str(exc), path=str(path)) from exc
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise ConfigError(f"rule file is not valid YAML/JSON: {exc}", path=str(path)) from exc
    return parse_rule_file(data, str(path))


@cache
def builtin_rules() -> tuple[RuleSpec, ...]:
    """The shipped catalogue (Leitlinie rules, quality rules, governance machinery), registered once."""
    folder = resources.files("stadtdaten.quality.rules") / "catalogue"
    specs: list[RuleSpec] = []
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".yaml", ".yml")):
            data = yaml.load(entry.read_text(encoding="utf-8"), Loader=loader)  # a safe loader (CSafeLoader)
            specs.extend(parse_rule_file(data, "builtin", validate=False))
    for spec in specs:
        for finding_type in spec.finding_types():
            register(finding_type)
    return tuple(specs)


def register_custom(spec: RuleSpec) -> None:
    """Register a city rule's finding types and its inline German texts (replacing an earlier load)."""
    for finding_type in spec.finding_types():
        register(finding_type, replace=True)
    from stadtdaten.quality.rules.translations import add_translation

    for key in [None, *spec.variants]:
        variant = spec.variant(key)
        if variant.message.de:
            add_translation("de", f"finding:{variant.code}", variant.message.en, variant.message.de)
        if variant.hint.de:
            add_translation("de", f"hint:{variant.code}", variant.hint.en, variant.hint.de)
    for context, text in (("rule-title", spec.title), ("rule-check", spec.check)):
        if text.de:
            add_translation("de", f"{context}:{spec.id}", text.en, text.de)
