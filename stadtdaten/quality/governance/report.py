# ruff: noqa: E501  (HTML/Markdown templates read better unwrapped)
"""The governance report across the catalogue (Digitalisierungsausschuss: Datenschutzbericht and
Sachstandbericht): findings per pillar, blocked datasets, open and expired waivers, trend against
the previous run. Markdown and an accessible HTML page, in German or English.

Works on stored results only (``DatasetResult`` per dataset, current and previous run), so the command
can feed it from the local catalogue or from report JSON files.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from stadtdaten.core.findings import Severity, lookup
from stadtdaten.core.i18n import Translator
from stadtdaten.core.report import DatasetResult, Report, Waiver
from stadtdaten.quality.rules import PILLAR_EN, PILLARS, builtin_rules

CTX = "governance-report"
PILLAR_ORDER = ["Datenschutz", "Datensicherheit", "Datenethik", "Datenhoheit", "Transparenz", "Partizipation"]
OTHER = "Other"


@dataclass
class PillarCounts:
    error: int = 0
    warning: int = 0
    info: int = 0
    waived: int = 0

    def total(self) -> int:
        return self.error + self.warning + self.info


@dataclass
class WaiverRow:
    dataset: str
    waiver: Waiver
    expired: bool


@dataclass
class GovernanceSummary:
    datasets: list[str]
    pillars: dict[str, PillarCounts]
    blocked: dict[str, list[str]]
    """dataset -> codes of its (unwaived) errors."""
    waivers: list[WaiverRow]
    rules: Counter[str]
    datasets_per_rule: Counter[str]
    previous: GovernanceSummary | None = None
    generated: date = field(default_factory=date.today)

    @property
    def newly_blocked(self) -> list[str]:
        return sorted(set(self.blocked) - set(self.previous.blocked)) if self.previous else []

    @property
    def unblocked(self) -> list[str]:
        return sorted(set(self.previous.blocked) - set(self.blocked)) if self.previous else []


def pillar_of(code: str) -> str:
    builtin_rules()  # register the rule codes, so stored reports resolve their pillar
    return lookup(code).pillar or OTHER


def summarize_results(
    current: Sequence[DatasetResult], previous: Sequence[DatasetResult] = (), today: date | None = None
) -> GovernanceSummary:
    today = today or date.today()
    pillars: dict[str, PillarCounts] = {name: PillarCounts() for name in [*PILLAR_ORDER, OTHER]}
    blocked: dict[str, list[str]] = {}
    waivers: list[WaiverRow] = []
    rules: Counter[str] = Counter()
    per_rule: Counter[str] = Counter()
    for result in current:
        seen: set[str] = set()
        for finding in result.findings:
            counts = pillars.setdefault(pillar_of(finding.code), PillarCounts())
            if finding.waived:
                counts.waived += 1
            severity = finding.effective_severity
            setattr(counts, severity.value, getattr(counts, severity.value) + 1)
            rule = finding.code.split(".")[0]
            rules[rule] += 1
            seen.add(rule)
            if severity is Severity.ERROR:
                blocked.setdefault(result.name, [])
                if finding.code not in blocked[result.name]:
                    blocked[result.name].append(finding.code)
        per_rule.update(seen)
        for waiver in result.waivers:
            waivers.append(WaiverRow(result.name, waiver, waiver.expired(today)))
    summary = GovernanceSummary(
        datasets=sorted(r.name for r in current),
        pillars=pillars,
        blocked={k: sorted(v) for k, v in sorted(blocked.items())},
        waivers=sorted(waivers, key=lambda w: (not w.expired, w.waiver.expires, w.dataset)),
        rules=rules,
        datasets_per_rule=per_rule,
        generated=today,
    )
    if previous:
        summary.previous = summarize_results(previous, (), today)
    return summary


def split_runs(reports: Iterable[Report]) -> tuple[list[DatasetResult], list[DatasetResult]]:
    """Newest and second-newest result per dataset from a set of stored reports."""
    history: dict[str, list[tuple[str, DatasetResult]]] = {}
    for report in reports:
        for result in report.datasets:
            history.setdefault(result.name, []).append((report.started, result))
    current, previous = [], []
    for runs in history.values():
        runs.sort(key=lambda item: item[0], reverse=True)
        current.append(runs[0][1])
        if len(runs) > 1:
            previous.append(runs[1][1])
    return current, previous


def _pillar_label(name: str, translator: Translator) -> str:
    if name == OTHER:
        return translator.pgettext("pillar", "Quality") + " / " + translator.pgettext(CTX, "Other")
    if translator.language == "de":
        return name
    code = next((k for k, v in PILLARS.items() if v == name), None)
    return f"{PILLAR_EN[code]} ({name})" if code else name


def _delta(now: int, before: int | None) -> str:
    if before is None:
        return "–"
    diff = now - before
    return f"{diff:+d}" if diff else "±0"


def render_markdown(summary: GovernanceSummary, translator: Translator) -> str:
    _ = lambda text: translator.pgettext(CTX, text)  # noqa: E731
    prev = summary.previous
    lines = [
        f"# {_('Governance report')}",
        "",
        f"_{_('Leitlinie Datensouveränität: state of the catalogue')}_ · {summary.generated.isoformat()}",
        "",
    ]
    lines += [f"## {_('Summary')}", ""]
    lines.append(f"- {_('Datasets checked')}: {len(summary.datasets)}")
    lines.append(
        f"- {_('Datasets blocked')}: {len(summary.blocked)}" + (f" ({_('Previous run')}: {len(prev.blocked)})" if prev else "")
    )
    open_waivers = sum(1 for w in summary.waivers if not w.expired)
    expired = sum(1 for w in summary.waivers if w.expired)
    lines.append(f"- {_('Waivers')}: {open_waivers} {_('Open').lower()}, {expired} {_('Expired').lower()}")
    lines += ["", f"## {_('Findings per pillar')}", ""]
    lines.append(f"| {_('Pillar')} | {_('Errors')} | {_('Warnings')} | {_('Notes')} | {_('Waived')} | {_('Change')} |")
    lines.append("|---|---:|---:|---:|---:|---:|")
    for name, counts in summary.pillars.items():
        before = prev.pillars.get(name, PillarCounts()).total() if prev else None
        if counts.total() == 0 and not before and name == OTHER:  # the six pillars always show, even at zero
            continue
        lines.append(
            f"| {_pillar_label(name, translator)} | {counts.error} | {counts.warning} | {counts.info} | {counts.waived} | {_delta(counts.total(), before)} |"
        )
    lines += ["", f"## {_('Blocked datasets (errors that prevent publication)')}", ""]
    if summary.blocked:
        lines += [f"| {_('Dataset')} | {_('Blocking rules')} |", "|---|---|"]
        lines += [f"| {name} | {', '.join(f'`{c}`' for c in codes)} |" for name, codes in summary.blocked.items()]
    else:
        lines.append(_("No dataset is blocked."))
    lines += ["", f"## {_('Waivers')}", ""]
    if summary.waivers:
        lines += [
            f"| {_('Status')} | {_('Dataset')} | {_('Code')} | {_('Owner')} | {_('Expires')} | {_('Justification')} |",
            "|---|---|---|---|---|---|",
        ]
        for row in summary.waivers:
            status = _("Expired") if row.expired else _("Open")
            lines.append(
                f"| {status} | {row.dataset} | `{row.waiver.code}` | {row.waiver.owner} | {row.waiver.expires.isoformat()} | {row.waiver.justification} |"
            )
    else:
        lines.append(_("No waivers are declared."))
    lines += ["", f"## {_('Trend against the previous run')}", ""]
    if prev is None:
        lines.append(_("No previous run to compare with."))
    else:
        lines.append(f"- {_('Newly blocked')}: {', '.join(summary.newly_blocked) or '–'}")
        lines.append(f"- {_('No longer blocked')}: {', '.join(summary.unblocked) or '–'}")
        before_rules = prev.rules
        new = sorted(r for r in summary.rules if r not in before_rules)
        resolved = sorted(r for r in before_rules if r not in summary.rules)
        lines.append(f"- {_('Rule')} ({_('new')}): {', '.join(new) or '–'}")
        lines.append(f"- {_('Rule')} ({_('resolved')}): {', '.join(resolved) or '–'}")
    lines += ["", f"## {_('Most frequent rules')}", ""]
    if summary.rules:
        lines += [f"| {_('Rule')} | {_('Pillar')} | {_('Findings')} | {_('Datasets')} |", "|---|---|---:|---:|"]
        for rule, count in summary.rules.most_common(15):
            lines.append(
                f"| `{rule}` | {_pillar_label(pillar_of(rule), translator)} | {count} | {summary.datasets_per_rule[rule]} |"
            )
    else:
        lines.append(_("No governance findings in the stored runs."))
    return "\n".join(lines) + "\n"


CSS = """
:root{color-scheme:light;--ink:#1a1a1a;--muted:#4a4a4a;--line:#8a8a8a;--err:#9b0000;--warn:#6b4500;--ok:#0b5d1e;--bg:#ffffff;--head:#eef1f5}
*{box-sizing:border-box}body{font:1rem/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--ink);background:var(--bg);margin:0}
main{max-width:72rem;margin:0 auto;padding:1rem 1.5rem 3rem}h1{font-size:1.75rem;margin:.5rem 0}h2{font-size:1.3rem;margin-top:2rem}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;outline:3px solid #0b3d91}
table{border-collapse:collapse;width:100%;margin:.5rem 0}caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid var(--line);padding:.4rem .6rem;text-align:left;vertical-align:top}th{background:var(--head)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}.err{color:var(--err);font-weight:600}.warn{color:var(--warn);font-weight:600}
.ok{color:var(--ok);font-weight:600}code{font-family:ui-monospace,monospace;font-size:.95em}a{color:#0b3d91}a:focus{outline:3px solid #0b3d91}
dl.summary{display:grid;grid-template-columns:max-content auto;gap:.25rem 1rem}dt{font-weight:600}
@media (prefers-color-scheme:dark){:root{color-scheme:dark;--ink:#f2f2f2;--muted:#cfcfcf;--line:#9a9a9a;--err:#ff8a80;--warn:#ffd180;--ok:#9be7a5;--bg:#121212;--head:#263040}a{color:#9ecbff}}
"""


def render_html(summary: GovernanceSummary, translator: Translator) -> str:
    """A standalone, accessible page: landmarks, captions, scoped headers, text labels beside colour, AA contrast."""
    _ = lambda text: html.escape(translator.pgettext(CTX, text))  # noqa: E731
    e = html.escape
    prev = summary.previous
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{translator.language}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_('Governance report')} · {summary.generated.isoformat()}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        f'<a class="skip" href="#content">{_("Skip to content")}</a>',
        '<main id="content">',
        f"<header><h1>{_('Governance report')}</h1><p>{_('Leitlinie Datensouveränität: state of the catalogue')} · "
        f'<time datetime="{summary.generated.isoformat()}">{summary.generated.isoformat()}</time></p></header>',
        f'<section aria-labelledby="s-summary"><h2 id="s-summary">{_("Summary")}</h2><dl class="summary">',
        f"<dt>{_('Datasets checked')}</dt><dd>{len(summary.datasets)}</dd>",
        f"<dt>{_('Datasets blocked')}</dt><dd>{len(summary.blocked)}"
        + (f" ({_('Previous run')}: {len(prev.blocked)})" if prev else "")
        + "</dd>",
        f"<dt>{_('Waivers')}</dt><dd>{sum(1 for w in summary.waivers if not w.expired)} {_('Open').lower()}, "
        f"{sum(1 for w in summary.waivers if w.expired)} {_('Expired').lower()}</dd></dl></section>",
        f'<section aria-labelledby="s-pillars"><h2 id="s-pillars">{_("Findings per pillar")}</h2><table>',
        f"<caption>{_('Findings per pillar')}</caption><thead><tr>"
        f'<th scope="col">{_("Pillar")}</th><th scope="col" class="num">{_("Errors")}</th><th scope="col" class="num">{_("Warnings")}</th>'
        f'<th scope="col" class="num">{_("Notes")}</th><th scope="col" class="num">{_("Waived")}</th><th scope="col" class="num">{_("Change")}</th></tr></thead><tbody>',
    ]
    for name, counts in summary.pillars.items():
        before = prev.pillars.get(name, PillarCounts()).total() if prev else None
        if counts.total() == 0 and not before and name == OTHER:  # the six pillars always show, even at zero
            continue
        out.append(
            f'<tr><th scope="row">{e(_pillar_label(name, translator))}</th><td class="num{" err" if counts.error else ""}">{counts.error}</td>'
            f'<td class="num{" warn" if counts.warning else ""}">{counts.warning}</td><td class="num">{counts.info}</td>'
            f'<td class="num">{counts.waived}</td><td class="num">{_delta(counts.total(), before)}</td></tr>'
        )
    out.append("</tbody></table></section>")
    out.append(
        f'<section aria-labelledby="s-blocked"><h2 id="s-blocked">{_("Blocked datasets (errors that prevent publication)")}</h2>'
    )
    if summary.blocked:
        out.append(
            f'<table><caption>{_("Datasets blocked")}: {len(summary.blocked)}</caption><thead><tr><th scope="col">{_("Dataset")}</th>'
            f'<th scope="col">{_("Blocking rules")}</th></tr></thead><tbody>'
        )
        for name, codes in summary.blocked.items():
            out.append(f'<tr><th scope="row">{e(name)}</th><td>{", ".join(f"<code>{e(c)}</code>" for c in codes)}</td></tr>')
        out.append("</tbody></table>")
    else:
        out.append(f'<p class="ok">{_("No dataset is blocked.")}</p>')
    out.append("</section>")
    out.append(f'<section aria-labelledby="s-waivers"><h2 id="s-waivers">{_("Waivers")}</h2>')
    if summary.waivers:
        out.append(
            f"<table><caption>{_('Waivers')}</caption><thead><tr>"
            + "".join(f'<th scope="col">{_(h)}</th>' for h in ("Status", "Dataset", "Code", "Owner", "Expires", "Justification"))
            + "</tr></thead><tbody>"
        )
        for row in summary.waivers:
            status = f'<span class="err">{_("Expired")}</span>' if row.expired else _("Open")
            out.append(
                f'<tr><td>{status}</td><th scope="row">{e(row.dataset)}</th><td><code>{e(row.waiver.code)}</code></td><td>{e(row.waiver.owner)}</td>'
                f'<td><time datetime="{row.waiver.expires.isoformat()}">{row.waiver.expires.isoformat()}</time></td><td>{e(row.waiver.justification)}</td></tr>'
            )
        out.append("</tbody></table>")
    else:
        out.append(f"<p>{_('No waivers are declared.')}</p>")
    out.append("</section>")
    out.append(f'<section aria-labelledby="s-trend"><h2 id="s-trend">{_("Trend against the previous run")}</h2>')
    if prev is None:
        out.append(f"<p>{_('No previous run to compare with.')}</p>")
    else:
        new = sorted(r for r in summary.rules if r not in prev.rules)
        resolved = sorted(r for r in prev.rules if r not in summary.rules)
        out.append("<ul>")
        out.append(f"<li>{_('Newly blocked')}: {e(', '.join(summary.newly_blocked) or '–')}</li>")
        out.append(f"<li>{_('No longer blocked')}: {e(', '.join(summary.unblocked) or '–')}</li>")
        out.append(f"<li>{_('Rule')} ({_('new')}): {e(', '.join(new) or '–')}</li>")
        out.append(f"<li>{_('Rule')} ({_('resolved')}): {e(', '.join(resolved) or '–')}</li>")
        out.append("</ul>")
    out.append("</section>")
    out.append(f'<section aria-labelledby="s-rules"><h2 id="s-rules">{_("Most frequent rules")}</h2>')
    if summary.rules:
        out.append(
            f'<table><caption>{_("Most frequent rules")}</caption><thead><tr><th scope="col">{_("Rule")}</th><th scope="col">{_("Pillar")}</th>'
            f'<th scope="col" class="num">{_("Findings")}</th><th scope="col" class="num">{_("Datasets")}</th></tr></thead><tbody>'
        )
        for rule, count in summary.rules.most_common(15):
            out.append(
                f'<tr><th scope="row"><code>{e(rule)}</code></th><td>{e(_pillar_label(pillar_of(rule), translator))}</td>'
                f'<td class="num">{count}</td><td class="num">{summary.datasets_per_rule[rule]}</td></tr>'
            )
        out.append("</tbody></table>")
    else:
        out.append(f"<p>{_('No governance findings in the stored runs.')}</p>")
    out.append("</section></main></body></html>")
    return "\n".join(out) + "\n"
