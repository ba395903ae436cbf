"""The rule catalogue: specs (YAML, checked by ``rule-spec.schema.json``), profiles, and the loaded set.

Parsing is apart from execution: this package knows *what* the rules are; the implementations live in
:mod:`stadtdaten.quality.governance` (Leitlinie rules and a city's declarative rules) and
:mod:`stadtdaten.quality.expectations` (quality rules, Great Expectations).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stadtdaten.core.config import ProjectConfig
from stadtdaten.core.errors import ConfigError
from stadtdaten.core.findings import Severity
from stadtdaten.quality.rules.profiles import DEFAULT_PROFILE, SHIPPED, Profile, load_profile
from stadtdaten.quality.rules.spec import (
    PILLAR_EN,
    PILLARS,
    RuleSpec,
    Text,
    Variant,
    builtin_rules,
    read_rule_file,
    register_custom,
)

__all__ = [
    "DEFAULT_PROFILE",
    "PILLARS",
    "PILLAR_EN",
    "SHIPPED",
    "Profile",
    "RuleSet",
    "RuleSpec",
    "Text",
    "Variant",
    "builtin_rules",
    "custom_rule_paths",
    "load_profile",
    "load_rules",
]


@dataclass
class RuleSet:
    """All known rules with one profile applied."""

    specs: dict[str, RuleSpec]
    profile: Profile
    extra_sources: tuple[str, ...] = field(default=())

    def __iter__(self) -> Any:
        return iter(self.specs.values())

    def get(self, rule_id: str) -> RuleSpec | None:
        return self.specs.get(rule_id)

    def by_code(self, code: str) -> RuleSpec | None:
        return self.specs.get(code.split(".", maxsplit=1)[0]) or self.specs.get(code)

    def active(self, spec: RuleSpec, code: str | None = None) -> bool:
        return self.profile.selects(spec.id, code or spec.id)

    def any_active(self, spec: RuleSpec) -> bool:
        return any(self.profile.selects(spec.id, code) for code in spec.codes())

    def severity(self, spec: RuleSpec, code: str, default: Severity) -> Severity:
        return self.profile.severity_for(spec.id, code, spec.pillar, default)

    def options(self, spec: RuleSpec) -> dict[str, Any]:
        return self.profile.options_for(spec.id, spec.options)


def custom_rule_paths(config: ProjectConfig) -> list[Path]:
    """``[rules] paths = [...]`` of the project config, relative to the config file."""
    raw = config.section("rules").get("paths", [])
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(p, str) for p in raw):
        raise ConfigError("[rules] paths must be a list of rule-file paths", path=str(config.source or "<config>"))
    base = config.source.parent if config.source else Path.cwd()
    paths: list[Path] = []
    for item in raw:
        path = (base / item).resolve()
        if path.is_dir():
            paths.extend(sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml", ".json")))
        else:
            paths.append(path)
    return paths


def load_rules(config: ProjectConfig | None = None, profile: str | Path | Profile | None = None) -> RuleSet:
    """Built-in rules + the city's rule files (config and profile), with the profile applied."""
    config = config or ProjectConfig()
    chosen = profile if isinstance(profile, Profile) else load_profile(profile or config.profile or DEFAULT_PROFILE)
    specs = {spec.id: spec for spec in builtin_rules()}
    sources = []
    for path in [*custom_rule_paths(config), *chosen.rule_files]:
        for spec in read_rule_file(path):
            if spec.id in specs and specs[spec.id].builtin:
                raise ConfigError(f"rule id {spec.id} is a built-in rule; choose another id", path=str(path))
            if spec.test is None:
                raise ConfigError(f"rule {spec.id} has no 'test': a custom rule needs a declarative check", path=str(path))
            register_custom(spec)
            specs[spec.id] = spec
        sources.append(str(path))
    return RuleSet(specs=specs, profile=chosen, extra_sources=tuple(sources))


builtin_rules()  # register every built-in rule code at import, so stored reports render with pillar and text
