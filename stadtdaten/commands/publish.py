"""``stadtdaten publish PATH... --ckan URL``: validate, then publish to CKAN, idempotently.

The API token comes from ``CKAN_API_TOKEN`` only. Exit codes: 0 published (or nothing to do),
1 a dataset was not published because of its validation findings (see ``--block-on``), 2 usage or
configuration (no token, a malformed URL), 4 CKAN refused or failed (wrong URL, bad token, missing
rights, no DataStore, a dataset not managed by stadtdaten).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import click

from stadtdaten.cli import AppContext
from stadtdaten.commands._options import deliver, report_options
from stadtdaten.core.config import load_config
from stadtdaten.core.dataset import Dataset, load_dataset
from stadtdaten.core.errors import UsageError
from stadtdaten.core.exitcodes import ExitCode
from stadtdaten.core.report import DatasetResult, Report

BLOCK_CHOICES = ("error", "warning", "info", "never")


class NoCkanUrl(UsageError):
    code = "publish-no-url"
    template = "No CKAN URL: give --ckan URL or set [ckan] url in stadtdaten.toml"


class ForceNeedsReason(UsageError):
    code = "publish-force-reason"
    template = "--force needs --reason TEXT: the reason is recorded on the CKAN dataset"


class BadReportFile(UsageError):
    code = "publish-bad-report"
    template = "{path} is not a stadtdaten report (JSON): {detail}"
    hint = "Write it with: stadtdaten validate PATH --json > report.json"


@click.command("publish")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--ckan", "ckan_url", envvar="CKAN_URL", help="Base URL of the CKAN portal (default: [ckan] url in the config).")
@click.option("--organization", help="CKAN organisation (default: [ckan] organization, else from the publisher).")
@click.option("--dry-run", is_flag=True, help="Show what would change on CKAN; write nothing.")
@click.option("--force", is_flag=True, help="Publish even when validation found blocking findings (needs --reason).")
@click.option("--reason", help="Why a blocked dataset is published anyway; stored on the CKAN dataset.")
@click.option(
    "--block-on",
    type=click.Choice(BLOCK_CHOICES),
    default=None,
    help="Validation findings at or above this level block publishing (default: [ckan] block_on, else error).",
)
@click.option(
    "--report",
    "report_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Use this validation report (JSON from stadtdaten validate --json) instead of validating again.",
)
@click.option("--no-datastore", is_flag=True, help="Do not create DataStore tables.")
@click.option("--no-reports", is_flag=True, help="Do not attach the validation report (HTML, JSON) as resources.")
@click.option("--timeout", type=click.FloatRange(min=1), default=60.0, show_default=True, help="Seconds per CKAN call.")
@click.option("--owner", default=None, help="Ownership marker (default: [ckan] owner, else stadtdaten).")
@report_options
@click.pass_obj
def command(
    app: AppContext,
    paths: tuple[Path, ...],
    ckan_url: str | None,
    organization: str | None,
    dry_run: bool,
    force: bool,
    reason: str | None,
    block_on: str | None,
    report_file: Path | None,
    no_datastore: bool,
    no_reports: bool,
    timeout: float,
    owner: str | None,
    fmt: str | None,
    as_json: bool,
    outputs: tuple[Path, ...],
    fail_on: str,
) -> None:
    """Publish datasets to a CKAN portal (organisation, dataset, resources, DataStore, reports)."""
    from stadtdaten.catalog.ckan import Publisher, PublishOptions, make_client, token_from_env

    config = load_config(app.config_path, start=paths[0])
    section = config.section("ckan")
    url = ckan_url or config.ckan_url
    if not url:
        raise NoCkanUrl()
    if force and not (reason and reason.strip()):
        raise ForceNeedsReason()
    options = PublishOptions(
        organization=organization,
        owner=owner or str(section.get("owner") or "stadtdaten"),
        dry_run=dry_run,
        force=force,
        reason=reason.strip() if reason else None,
        block_on=block_on or str(section.get("block_on") or "error"),
        datastore=not no_datastore,
        attach_reports=not no_reports,
        language=app.language,
    )
    started = time.monotonic()
    datasets = _datasets(paths)
    client = make_client(url, token_from_env(), timeout=timeout)
    publisher = Publisher(client, config, options, translator=app.translator)
    # site, token and DataStore first: a wrong URL or token fails in a second, not after validation
    publisher.preflight(need_datastore=any(r.schema_descriptor for d in datasets for r in d.resources))
    validation = _validation(paths, config, report_file)
    publisher.prefetch()
    report = Report(
        command="publish",
        options={"ckan": client.url, "dry_run": dry_run, "block_on": options.block_on, "force": force},
    )
    extra = ExitCode.OK
    for dataset in datasets:
        result = DatasetResult(
            name=dataset.name, title=dataset.title, path=dataset.display_path(), content_hash=dataset.content_hash()
        )
        report.datasets.append(result)
        checked = validation.get(dataset.name)
        summary = publisher.publish(dataset, checked, result)
        if checked is not None:
            summary["validation"] = dict(checked.counts())
        if summary.get("status") in ("failed", "not-owned"):
            extra = ExitCode.PUBLISH
    report.options["calls"] = client.stats.as_dict()
    report.options["seconds"] = round(time.monotonic() - started, 3)
    if dry_run:
        _print_diff(report, to_stderr=as_json or fmt not in (None, "terminal", "markdown"))
    deliver(app, report, fmt=fmt, as_json=as_json, outputs=outputs, fail_on=fail_on, extra_code=extra)


def _datasets(paths: tuple[Path, ...]) -> list[Dataset]:
    from stadtdaten.pipelines.validate import expand_paths

    return [load_dataset(path) for path in expand_paths(paths)]


def _validation(paths: tuple[Path, ...], config: Any, report_file: Path | None) -> dict[str, DatasetResult]:
    """Validation results by dataset name: from ``--report``, else a fresh validation (the lead's pipeline)."""
    if report_file is not None:
        try:
            loaded = Report.from_json(report_file.read_text(encoding="utf-8"))
        except (ValueError, KeyError, TypeError) as exc:
            raise BadReportFile(str(exc), path=str(report_file)) from exc
        return {r.name: r for r in loaded.datasets}
    from stadtdaten.pipelines.validate import ValidateOptions, validate_paths

    report = validate_paths(paths, config, ValidateOptions(max_findings=config.max_findings, store=False))
    return {r.name: r for r in report.datasets}


def _print_diff(report: Report, *, to_stderr: bool) -> None:
    lines = []
    for result in report.datasets:
        summary = result.extras.get("publish") or {}
        lines.append(f"# {result.name}: {summary.get('status')}")
        for action in summary.get("actions", []):
            details = {k: v for k, v in action.items() if k not in ("action", "target", "diff")}
            lines.append(f"  {action['action']} {action['target']} {json.dumps(details, ensure_ascii=False)}")
            for key, change in (action.get("diff") or {}).items():
                lines.append(f"    - {key}: {change['from']}")
                lines.append(f"    + {key}: {change['to']}")
    click.echo("\n".join(lines), file=sys.stderr if to_stderr else sys.stdout)
