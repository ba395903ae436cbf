"""Rule profiles: which rules run and how severe they are (``bielefeld`` default, ``strict``, ``open-nrw``).

A profile is YAML: ``include``/``exclude`` glob patterns over rule ids and variant codes, ``severity``
overrides per id or code, ``escalate`` (pillars whose warnings become errors), per-rule ``options`` and
extra ``rule_files``. ``extends`` inherits from another profile. Shipped profiles are found by name; any
other value is a path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from stadtdaten.core.errors import ConfigError
from stadtdaten.core.findings import Severity

SHIPPED = ("bielefeld", "strict", "open-nrw")
DEFAULT_PROFILE = "bielefeld"


@dataclass(frozen=True)
class Profile:
    name: str
    title: dict[str, str] = field(default_factory=dict)
    include: tuple[str, ...] = ("*",)
    exclude: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    escalate: tuple[str, ...] = ()
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    rule_files: tuple[Path, ...] = ()
    source: str = "builtin"

    def selects(self, rule_id: str, code: str) -> bool:
        """A code runs when its rule id or its own code matches an include and neither matches an exclude."""
        if not any(fnmatchcase(rule_id, p) or fnmatchcase(code, p) for p in self.include):
            return False
        return not any(fnmatchcase(rule_id, p) or fnmatchcase(code, p) for p in self.exclude)

    def severity_for(self, rule_id: str, code: str, pillar: str | None, default: Severity) -> Severity:
        if code in self.severity:
            return self.severity[code]
        if rule_id in self.severity:
            return self.severity[rule_id]
        if pillar in self.escalate and default is Severity.WARNING:
            return Severity.ERROR
        return default

    def options_for(self, rule_id: str, defaults: dict[str, Any]) -> dict[str, Any]:
        return {**defaults, **self.options.get(rule_id, {})}


def _read(name_or_path: str | Path) -> tuple[dict[str, Any], str, Path | None]:
    text: str
    if isinstance(name_or_path, str) and name_or_path in SHIPPED:
        entry = resources.files("stadtdaten.quality.rules") / "profiles" / f"{name_or_path}.yaml"
        text = entry.read_text(encoding="utf-8")
        return _parse(text, name_or_path), "builtin", None
    path = Path(name_or_path)
    if not path.is_file():
        raise ConfigError(
            f"unknown profile {str(name_or_path)!r}: not one of {', '.join(SHIPPED)} and no such file",
            path=str(name_or_path),
            hint="Use bielefeld, strict or open-nrw, or the path of a profile YAML file.",
        )
    return _parse(path.read_text(encoding="utf-8"), str(path)), str(path), path.parent


def _parse(text: str, where: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"profile is not valid YAML: {exc}", path=where) from exc
    if not isinstance(data, dict):
        raise ConfigError("a profile must be a mapping (name, include, exclude, severity ...)", path=where)
    return data


def load_profile(name_or_path: str | Path | None = None, _seen: tuple[str, ...] = ()) -> Profile:
    """A shipped profile by name, or a profile file; ``extends`` chains are merged (child wins)."""
    key = str(name_or_path or DEFAULT_PROFILE)
    if key in _seen:
        raise ConfigError(f"profile inheritance loops: {' -> '.join((*_seen, key))}", path=key)
    data, source, base = _read(key)
    parent = load_profile(data["extends"], (*_seen, key)) if data.get("extends") else None
    try:
        severity = {str(k): Severity.parse(str(v)) for k, v in (data.get("severity") or {}).items()}
    except ValueError as exc:
        raise ConfigError(f"unknown severity in profile: {exc}", path=source) from exc
    options = {str(k): dict(v) for k, v in (data.get("options") or {}).items() if isinstance(v, dict)}
    rule_files = tuple((base / p) if base else Path(p) for p in data.get("rule_files") or [])
    raw_title = data.get("title")
    title: dict[str, Any] = raw_title if isinstance(raw_title, dict) else {"en": str(raw_title or key)}
    profile = Profile(
        name=str(data.get("name") or key),
        title={str(k): str(v) for k, v in title.items()},
        include=tuple(data.get("include") or (parent.include if parent else ("*",))),
        exclude=tuple(data.get("exclude") or ()),
        severity=severity,
        escalate=tuple(data.get("escalate") or ()),
        options=options,
        rule_files=rule_files,
        source=source,
    )
    if parent is None:
        return profile
    merged_options = {k: dict(v) for k, v in parent.options.items()}
    for rule_id, values in profile.options.items():
        merged_options[rule_id] = {**merged_options.get(rule_id, {}), **values}
    return Profile(
        name=profile.name,
        title=profile.title or parent.title,
        include=profile.include,
        exclude=(*parent.exclude, *profile.exclude),
        severity={**parent.severity, **profile.severity},
        escalate=tuple(dict.fromkeys((*parent.escalate, *profile.escalate))),
        options=merged_options,
        rule_files=(*parent.rule_files, *profile.rule_files),
        source=profile.source,
    )
