"""The report: one model for every result, from which every renderer reads.

A :class:`Report` is one run of a command (validate, dcat check, publish, run). It holds a
:class:`DatasetResult` per dataset, each with its :class:`Finding` s. A finding stores its stable
``code``, severity, :class:`Location` and message ``params``; the message is rendered in the reader's
language at output time (:meth:`Finding.message`). ``report.schema.json`` (shipped beside this module)
is the JSON contract; ``tests/core/test_report.py`` keeps model and schema in step.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from importlib import resources
from typing import Any

from stadtdaten import __version__
from stadtdaten.core.exitcodes import ExitCode
from stadtdaten.core.findings import FindingType, Severity, lookup
from stadtdaten.core.i18n import Translator, get_translator

SCHEMA_VERSION = "1.0"
FAIL_ON_CHOICES = ("error", "warning", "info", "never")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(slots=True)
class Location:
    """Where a finding is. Row numbers count as in the file (header = row 1), like frictionless."""

    path: str | None = None
    resource: str | None = None
    row: int | None = None
    field: str | None = None
    field_number: int | None = None
    row_key: dict[str, Any] | None = None
    """Primary-key values of the row: stable across edits, unlike row numbers."""
    line: int | None = None
    """Physical line in the file where it differs from ``row`` (multi-line cells, skipped rows)."""
    pointer: str | None = None
    """JSON pointer into the descriptor, for metadata findings."""
    node: str | None = None
    """RDF focus node, for SHACL findings."""
    property: str | None = None
    """RDF property path, for SHACL findings."""

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__ if getattr(self, k) is not None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Location:
        return cls(**{k: v for k, v in data.items() if k in cls.__slots__})

    def describe(self) -> str:
        """Compact human form: ``file.csv:12 [field]``."""
        parts = []
        if self.path or self.resource:
            head = self.path or self.resource or ""
            if self.row is not None:
                head += f":{self.row}"
            parts.append(head)
        elif self.row is not None:
            parts.append(f"row {self.row}")
        if self.field is not None:
            parts.append(f"[{self.field}]")
        if self.row_key:
            parts.append("(" + ", ".join(f"{k}={v}" for k, v in self.row_key.items()) + ")")
        if self.pointer:
            parts.append(self.pointer)
        if self.node:
            parts.append(f"<{self.node}>")
        if self.property:
            parts.append(self.property)
        return " ".join(parts)


@dataclass(slots=True)
class Waiver:
    """An accepted finding: only with a written justification, an owner and an expiry date."""

    code: str
    justification: str
    owner: str
    expires: date
    resource: str | None = None
    field: str | None = None

    def matches(self, finding: Finding) -> bool:
        loc = finding.location
        return (
            finding.code == self.code
            and (self.resource is None or self.resource == loc.resource)
            and (self.field is None or self.field == loc.field)
        )

    def expired(self, today: date | None = None) -> bool:
        return (today or date.today()) > self.expires

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "justification": self.justification,
            "owner": self.owner,
            "expires": self.expires.isoformat(),
        }
        if self.resource:
            data["resource"] = self.resource
        if self.field:
            data["field"] = self.field
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Waiver:
        expires = data["expires"]
        if not isinstance(expires, date):
            expires = date.fromisoformat(str(expires))
        return cls(
            code=str(data["code"]),
            justification=str(data["justification"]),
            owner=str(data["owner"]),
            expires=expires,
            resource=data.get("resource"),
            field=data.get("field"),
        )


@dataclass(slots=True)
class Finding:
    code: str
    severity: Severity
    location: Location = field(default_factory=Location)
    params: dict[str, Any] = field(default_factory=dict)
    samples: list[str] = field(default_factory=list)
    """A few offending values (masked where they are personal data)."""
    waiver: Waiver | None = None

    @property
    def type(self) -> FindingType:
        return lookup(self.code)

    @property
    def waived(self) -> bool:
        return self.waiver is not None and not self.waiver.expired()

    @property
    def effective_severity(self) -> Severity:
        """A waived finding still appears but no longer fails a run; it counts as info."""
        return Severity.INFO if self.waived else self.severity

    def message(self, translator: Translator | None = None) -> str:
        ftype = self.type
        params = {"code": self.code, **self.location.to_dict(), **self.params}
        if translator is None:
            translator = get_translator("en")  # resolves message-valued params (Translator.resolve)
        return translator.format(f"finding:{self.code}", ftype.template, params)

    def hint(self, translator: Translator | None = None) -> str:
        ftype = self.type
        if not ftype.hint:
            return ""
        params = {"code": self.code, **self.location.to_dict(), **self.params}
        if translator is None:
            translator = get_translator("en")
        return translator.format(f"hint:{self.code}", ftype.hint, params)

    @property
    def fingerprint(self) -> str:
        """Stable across runs: file, code, field and row key (not the row number, which shifts)."""
        loc = self.location
        anchor = json.dumps(loc.row_key, sort_keys=True, default=str) if loc.row_key else loc.row
        raw = "|".join(
            str(x)
            for x in (loc.path or loc.resource, self.code, loc.field, anchor, loc.pointer, loc.node, loc.property)
        )
        return hashlib.sha256(raw.encode()).hexdigest()[:32]

    def to_dict(self, translator: Translator | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity.value,
            "location": self.location.to_dict(),
            "params": self.params,
            "message": self.message(translator),
            "fingerprint": self.fingerprint,
        }
        ftype = self.type
        data["category"] = ftype.category.value
        if ftype.pillar:
            data["pillar"] = ftype.pillar
        hint = self.hint(translator)
        if hint:
            data["hint"] = hint
        if self.samples:
            data["samples"] = self.samples
        if self.waiver is not None:
            data["waiver"] = {**self.waiver.to_dict(), "expired": self.waiver.expired()}
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        waiver = data.get("waiver")
        return cls(
            code=data["code"],
            severity=Severity(data["severity"]),
            location=Location.from_dict(data.get("location", {})),
            params=dict(data.get("params", {})),
            samples=list(data.get("samples", [])),
            waiver=Waiver.from_dict(waiver) if waiver else None,
        )


class _Lenient(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(slots=True)
class ResourceStats:
    name: str
    path: str | None = None
    rows: int = 0
    fields: int = 0
    bytes: int = 0
    encoding: str | None = None
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__ if getattr(self, k) is not None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ResourceStats:
        return cls(**{k: v for k, v in data.items() if k in cls.__slots__})


@dataclass(slots=True)
class DatasetResult:
    """The findings about one dataset (or one DCAT document, or one CKAN package)."""

    name: str
    title: str | None = None
    path: str | None = None
    content_hash: str | None = None
    findings: list[Finding] = field(default_factory=list)
    resources: list[ResourceStats] = field(default_factory=list)
    omitted: dict[str, int] = field(default_factory=dict)
    """Findings per code that were counted but not listed (``--max-findings``)."""
    extras: dict[str, Any] = field(default_factory=dict)
    """Stage outputs worth showing: MQA score, publish actions, output files."""
    waivers: list[Waiver] = field(default_factory=list)
    """Every waiver the dataset declares, used or not: waivers never disappear silently."""

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)

    def extend(self, findings: Iterable[Finding]) -> None:
        self.findings.extend(findings)

    def counts(self) -> Counter[str]:
        """Findings by effective severity, including omitted ones (counted as their type's severity)."""
        counter: Counter[str] = Counter(f.effective_severity.value for f in self.findings)
        for code, number in self.omitted.items():
            counter[lookup(code).severity.value] += number
        return counter

    def to_dict(self, translator: Translator | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "findings": [f.to_dict(translator) for f in self.findings],
            "resources": [r.to_dict() for r in self.resources],
            "stats": dict(self.counts()),
        }
        for key in ("title", "path", "content_hash"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        if self.omitted:
            data["omitted"] = dict(self.omitted)
        if self.extras:
            data["extras"] = self.extras
        if self.waivers:
            data["waivers"] = [{**w.to_dict(), "expired": w.expired()} for w in self.waivers]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DatasetResult:
        return cls(
            name=data["name"],
            title=data.get("title"),
            path=data.get("path"),
            content_hash=data.get("content_hash"),
            findings=[Finding.from_dict(f) for f in data.get("findings", [])],
            resources=[ResourceStats.from_dict(r) for r in data.get("resources", [])],
            omitted=dict(data.get("omitted", {})),
            extras=dict(data.get("extras", {})),
            waivers=[Waiver.from_dict(w) for w in data.get("waivers", [])],
        )


@dataclass(slots=True)
class Report:
    command: str
    datasets: list[DatasetResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    """Findings that belong to no dataset (project config, catalogue-wide checks)."""
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    tool_version: str = __version__
    started: str = field(default_factory=_now)
    ended: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    """The options that shaped the run (profile, fail_on, language): for reproducing it."""

    def finish(self) -> Report:
        self.ended = _now()
        return self

    def dataset(self, name: str) -> DatasetResult:
        for result in self.datasets:
            if result.name == name:
                return result
        result = DatasetResult(name=name)
        self.datasets.append(result)
        return result

    def all_findings(self) -> Iterator[tuple[DatasetResult | None, Finding]]:
        for finding in self.findings:
            yield None, finding
        for result in self.datasets:
            for finding in result.findings:
                yield result, finding

    def counts(self) -> Counter[str]:
        counter: Counter[str] = Counter(f.effective_severity.value for f in self.findings)
        for result in self.datasets:
            counter.update(result.counts())
        for severity in Severity:
            counter.setdefault(severity.value, 0)
        return counter

    def codes(self) -> Counter[str]:
        counter: Counter[str] = Counter(f.code for _, f in self.all_findings())
        for result in self.datasets:
            counter.update(result.omitted)
        return counter

    def failed(self, fail_on: str = "error") -> bool:
        """True when a finding at or above ``fail_on`` exists (waived findings do not count)."""
        if fail_on == "never":
            return False
        threshold = Severity(fail_on).rank
        counts = self.counts()
        return any(counts[s.value] > 0 for s in Severity if s.rank >= threshold)

    def exit_code(self, fail_on: str = "error") -> ExitCode:
        return ExitCode.FINDINGS if self.failed(fail_on) else ExitCode.OK

    def result(self, fail_on: str = "error") -> str:
        if self.failed(fail_on):
            return "failed"
        return "warning" if self.counts()["warning"] else "passed"

    def to_dict(self, translator: Translator | None = None, fail_on: str = "error") -> dict[str, Any]:
        return {
            "$schema": f"https://stadtdaten.example/schemas/report-{SCHEMA_VERSION}.json",
            "schema_version": SCHEMA_VERSION,
            "run_id": self.run_id,
            "tool": "stadtdaten",
            "tool_version": self.tool_version,
            "command": self.command,
            "started": self.started,
            "ended": self.ended,
            "language": translator.language if translator else "en",
            "result": self.result(fail_on),
            "options": self.options,
            "stats": {"by_severity": dict(self.counts()), "by_code": dict(self.codes()), "datasets": len(self.datasets)},
            "findings": [f.to_dict(translator) for f in self.findings],
            "datasets": [d.to_dict(translator) for d in self.datasets],
        }

    def to_json(self, translator: Translator | None = None, fail_on: str = "error", indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(translator, fail_on), ensure_ascii=False, indent=indent, default=str)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        return cls(
            command=data["command"],
            datasets=[DatasetResult.from_dict(d) for d in data.get("datasets", [])],
            findings=[Finding.from_dict(f) for f in data.get("findings", [])],
            run_id=data["run_id"],
            tool_version=data.get("tool_version", __version__),
            started=data["started"],
            ended=data.get("ended"),
            options=dict(data.get("options", {})),
        )

    @classmethod
    def from_json(cls, text: str) -> Report:
        return cls.from_dict(json.loads(text))


def report_json_schema() -> dict[str, Any]:
    """The shipped JSON Schema of the serialised report."""
    text = (resources.files("stadtdaten.core") / "report.schema.json").read_text(encoding="utf-8")
    return dict(json.loads(text))
