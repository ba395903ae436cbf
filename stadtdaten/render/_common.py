"""What every renderer shares: UI strings, grouping, counting, locations and number formats.

Every format shows the same facts (grouped per dataset, then per code, severity first), so the
grouping lives here once. Renderers only read the :class:`~stadtdaten.core.report.Report`; nothing here
re-runs a check.

UI strings are looked up with message context ``render`` in the ``render`` gettext domain
(``stadtdaten/locale/de/LC_MESSAGES/render.po``). Both German and English pick the singular form
exactly when ``n == 1``, so :meth:`UI.plural` chooses between two msgids instead of needing ngettext.
"""

from __future__ import annotations

import os
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from stadtdaten.core.findings import Category, FindingType, Severity, lookup
from stadtdaten.core.i18n import Translator
from stadtdaten.core.report import DatasetResult, Finding, Location, Report

CONTEXT = "render"
TOOL_NAME = "stadtdaten"
PROJECT_URL = "https://github.com/stadtdaten/stadtdaten"
"""Shown as SARIF ``informationUri``; codes without their own ``help_uri`` link into its docs."""

SEVERITY_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)
CATEGORY_ORDER = tuple(Category)
RESULTS = ("passed", "warning", "failed")


class UI:
    """Translate UI strings of the renderers (context ``render``) and format numbers and dates."""

    def __init__(self, translator: Translator) -> None:
        self.translator = translator
        self.language = translator.language

    def __call__(self, text: str, **params: Any) -> str:
        return self.translator.format(CONTEXT, text, params or None)

    def plural(self, n: int, one: str, many: str, **params: Any) -> str:
        return self(one if n == 1 else many, n=self.number(n), **params)

    def number(self, n: int | float) -> str:
        """``4.993`` in German, ``4,993`` in English."""
        text = f"{n:,}" if isinstance(n, int) else f"{n:,.1f}"
        if self.language == "de":
            text = text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
        return text

    def date(self, value: date | str | None) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value[:10])
            except ValueError:
                return str(value)
        return value.strftime("%d.%m.%Y") if self.language == "de" else value.isoformat()

    def timestamp(self, value: str | None) -> str:
        """An ISO timestamp as ``31.12.2025 14:03 UTC`` / ``2025-12-31 14:03 UTC``."""
        if not value:
            return ""
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
        return f"{self.date(moment.date())} {moment:%H:%M} UTC"

    def severity(self, severity: Severity | str) -> str:
        return self(SEVERITY_LABELS[Severity(severity)])

    def severity_count(self, severity: Severity | str, n: int) -> str:
        one, many = SEVERITY_COUNTS[Severity(severity)]
        return self.plural(n, one, many)

    def category(self, category: Category | str) -> str:
        return self(CATEGORY_LABELS.get(str(category), str(category)))

    def result(self, result: str) -> str:
        return self(RESULT_LABELS.get(result, result))

    def title(self, ftype: FindingType) -> str:
        """A finding type's title; components may translate it under context ``title:<code>``."""
        return self.translator.pgettext(f"title:{ftype.code}", ftype.title)

    def location(self, location: Location, fallback_path: str | None = None) -> str:
        return describe_location(location, self, fallback_path)

    def more(self, n: int) -> str:
        return self("+{n} more", n=self.number(n))


SEVERITY_LABELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}
SEVERITY_COUNTS = {
    Severity.ERROR: ("{n} error", "{n} errors"),
    Severity.WARNING: ("{n} warning", "{n} warnings"),
    Severity.INFO: ("{n} info", "{n} infos"),
}
CATEGORY_LABELS = {
    "metadata": "Metadata",
    "source": "File and encoding",
    "structure": "Table structure",
    "schema": "Table Schema",
    "quality": "Data quality",
    "governance": "Data sovereignty guideline",
    "dcat": "DCAT-AP.de",
    "publish": "Publishing",
}
RESULT_LABELS = {"passed": "passed", "warning": "passed with warnings", "failed": "failed"}


def location_detail(location: Location) -> str:
    """What a file:line annotation cannot show by itself: row key, JSON pointer, RDF node and property."""
    parts = []
    if location.row_key:
        parts.append(", ".join(f"{k}={v}" for k, v in location.row_key.items()))
    if location.pointer:
        parts.append(location.pointer)
    if location.node:
        parts.append(f"<{location.node}>")
    if location.property:
        parts.append(location.property)
    return " ".join(parts)


def describe_location(location: Location, ui: UI, fallback_path: str | None = None) -> str:
    """``baeume.csv:12 [hoehe] (baum_id=17)``; metadata and RDF findings name pointer or node."""
    parts: list[str] = []
    head = location.path or location.resource or fallback_path
    line = location.row
    if head:
        parts.append(f"{head}:{line}" if line is not None else head)
    elif line is not None:
        parts.append(ui("row {row}", row=line))
    if location.field is not None:
        parts.append(f"[{location.field}]")
    if location.row_key:
        parts.append("(" + ", ".join(f"{k}={v}" for k, v in location.row_key.items()) + ")")
    if location.pointer:
        parts.append(location.pointer)
    if location.node:
        parts.append(f"<{location.node}>")
    if location.property:
        parts.append(location.property)
    return " ".join(parts)


@dataclass
class CodeGroup:
    """The findings of one code within one dataset (or within the run, for dataset-less findings)."""

    code: str
    findings: list[Finding] = field(default_factory=list)
    omitted: int = 0

    @property
    def type(self) -> FindingType:
        return lookup(self.code)

    @property
    def total(self) -> int:
        return len(self.findings) + self.omitted

    @property
    def severity(self) -> Severity:
        """The worst effective severity in the group; a fully waived group counts as info."""
        severities = [f.effective_severity for f in self.findings]
        if self.omitted:
            severities.append(self.type.severity)
        return max(severities, key=lambda s: s.rank) if severities else self.type.severity

    @property
    def declared_severity(self) -> Severity:
        severities = [f.severity for f in self.findings] or [self.type.severity]
        return max(severities, key=lambda s: s.rank)

    @property
    def waived(self) -> int:
        return sum(1 for f in self.findings if f.waived)

    def counts(self) -> Counter[str]:
        counter: Counter[str] = Counter(f.effective_severity.value for f in self.findings)
        if self.omitted:
            counter[self.type.severity.value] += self.omitted
        return counter

    def ordered(self) -> list[Finding]:
        """Not-waived findings first (worst first), then waived ones; stable otherwise."""
        return sorted(self.findings, key=lambda f: (f.waived, -f.effective_severity.rank))


@dataclass
class DatasetView:
    """One dataset (``result`` is ``None`` for the run-wide findings) with its code groups."""

    result: DatasetResult | None
    groups: list[CodeGroup]

    @property
    def name(self) -> str:
        return self.result.name if self.result else ""

    @property
    def label(self) -> str:
        if self.result is None:
            return ""
        if self.result.title and self.result.title != self.result.name:
            return f"{self.result.title} ({self.result.name})"
        return self.result.name

    @property
    def path(self) -> str | None:
        return self.result.path if self.result else None

    def counts(self) -> Counter[str]:
        counter: Counter[str] = Counter()
        for group in self.groups:
            counter.update(group.counts())
        for severity in Severity:
            counter.setdefault(severity.value, 0)
        return counter

    def failed(self, fail_on: str) -> bool:
        return any(fails(group.severity, fail_on) for group in self.groups)

    def result_word(self, fail_on: str) -> str:
        if self.failed(fail_on):
            return "failed"
        return "warning" if self.counts()["warning"] else "passed"


def group_findings(findings: Iterable[Finding], omitted: dict[str, int] | None = None) -> list[CodeGroup]:
    groups: dict[str, CodeGroup] = {}
    for finding in findings:
        groups.setdefault(finding.code, CodeGroup(finding.code)).findings.append(finding)
    for code, number in (omitted or {}).items():
        if number:
            groups.setdefault(code, CodeGroup(code)).omitted += number
    return sorted(groups.values(), key=_group_key)


def _group_key(group: CodeGroup) -> tuple[int, int, str]:
    category = group.type.category
    position = CATEGORY_ORDER.index(category) if category in CATEGORY_ORDER else len(CATEGORY_ORDER)
    return (-group.severity.rank, position, group.code)


def dataset_views(report: Report) -> list[DatasetView]:
    """Run-wide findings first (if any), then every dataset in report order."""
    views = []
    if report.findings:
        views.append(DatasetView(None, group_findings(report.findings)))
    views.extend(DatasetView(result, group_findings(result.findings, result.omitted)) for result in report.datasets)
    return views


def fails(severity: Severity, fail_on: str) -> bool:
    """Whether a finding of (effective) ``severity`` fails a run under ``--fail-on``."""
    if fail_on == "never":
        return False
    return severity.rank >= Severity(fail_on).rank


def category_counts(report: Report) -> dict[str, int]:
    """Findings per category (listed and omitted), every category present, pipeline order."""
    counter: Counter[str] = Counter()
    for view in dataset_views(report):
        for group in view.groups:
            counter[group.type.category.value] += group.total
    return {category.value: counter.get(category.value, 0) for category in CATEGORY_ORDER}


def pillar_counts(report: Report) -> dict[str, int]:
    """Findings per Leitlinie pillar; empty when no finding type names a pillar."""
    from stadtdaten.core.findings import PILLARS

    counter: Counter[str] = Counter()
    for view in dataset_views(report):
        for group in view.groups:
            if group.type.pillar:
                counter[group.type.pillar] += group.total
    if not counter:
        return {}
    names = list(PILLARS) + sorted(set(counter) - set(PILLARS))
    return {name: counter.get(name, 0) for name in names}


def finding_line(finding: Finding) -> int | None:
    """The physical line in the file (header = line 1), for CI annotations."""
    loc = finding.location
    line = loc.line if loc.line is not None else loc.row
    return line if line is not None and line >= 1 else None


def artifact_path(finding: Finding, view_path: str | None, base_dir: Path | None = None) -> str | None:
    """The file a finding points at, relative to ``base_dir`` (default: the working directory).

    Table findings name their data file relative to the descriptor (Frictionless convention), so it is
    joined to the dataset's folder, unless it already exists as given and the joined path does not.
    Metadata findings (JSON pointer) and findings without a file fall back to the descriptor path.
    """
    return _artifact_path(finding.location.path, view_path, base_dir, os.getcwd())


@lru_cache(maxsize=4096)
def _artifact_path(raw: str | None, view_path: str | None, base_dir: Path | None, cwd: str) -> str | None:
    if raw and view_path and raw != view_path and not Path(raw).is_absolute():
        joined = dataset_dir(view_path) / raw
        if not (Path(raw).exists() and not joined.exists()):
            raw = str(joined)
    raw = raw or view_path
    if not raw:
        return None
    return relative_path(raw, base_dir or Path(cwd))


def dataset_dir(view_path: str) -> Path:
    """The folder of a dataset: the descriptor's parent, or the path itself for a bare folder."""
    path = Path(view_path)
    if path.is_dir() or not path.suffix:
        return path
    return path.parent


def relative_path(raw: str, base_dir: Path | None = None) -> str:
    path = Path(raw)
    if path.is_absolute():
        base = (base_dir or Path(os.getcwd())).resolve()
        try:
            path = path.resolve().relative_to(base)
        except ValueError:
            return path.as_posix()
    text = PurePosixPath(path.as_posix()).as_posix()
    return text[2:] if text.startswith("./") else text


def path_uri(path: str) -> str:
    """A relative path as a URI reference (spaces and umlauts percent-encoded)."""
    if path.startswith("/"):
        return Path(path).as_uri()
    return quote(path, safe="/-._~")


def sanitize_text(text: str) -> str:
    """Drop characters that XML 1.0 forbids and that would break a log line's reader."""
    return "".join(ch if _allowed(ch) else "\ufffd" for ch in text)


def _allowed(ch: str) -> bool:
    code = ord(ch)
    return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF


def printable(text: str) -> str:
    """Text safe for a terminal, a log or HTML: control characters (ESC, NUL, ...) become U+FFFD.

    Only category Cc goes: no-break and thin spaces, soft hyphens and emoji joiners stay. CR LF and
    CR become LF; tab and LF stay.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join("\ufffd" if ch not in "\n\t" and unicodedata.category(ch) == "Cc" else ch for ch in text)


def one_line(text: str) -> str:
    return " ".join(text.split())


def total_counts(views: Sequence[DatasetView]) -> Counter[str]:
    counter: Counter[str] = Counter()
    for view in views:
        counter.update(view.counts())
    for severity in Severity:
        counter.setdefault(severity.value, 0)
    return counter


def summary_sentence(report: Report, ui: UI, fail_on: str) -> str:
    """``3 datasets · 12 errors · 5 warnings · 2 infos · result: failed``."""
    counts = report.counts()
    parts = [ui.plural(len(report.datasets), "{n} dataset", "{n} datasets")]
    parts.extend(ui.severity_count(s, counts[s.value]) for s in SEVERITY_ORDER)
    parts.append(ui("result: {result}", result=ui.result(report.result(fail_on))))
    return " · ".join(parts)


def waiver_label(finding: Finding, ui: UI) -> str:
    waiver = finding.waiver
    if waiver is None:
        return ""
    return ui("waived by {owner} until {expires}", owner=waiver.owner, expires=ui.date(waiver.expires))


def iter_samples(group: CodeGroup, limit: int) -> Iterator[Finding]:
    yield from group.ordered()[: max(limit, 0)]


def hidden_count(group: CodeGroup, limit: int) -> int:
    """Findings of the group not shown as samples: listed beyond ``limit`` plus omitted ones."""
    return max(len(group.findings) - max(limit, 0), 0) + group.omitted
