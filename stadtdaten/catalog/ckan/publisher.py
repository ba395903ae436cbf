"""Publish datasets to CKAN safely: reconcile the portal towards the desired state, idempotently.

The steward's Friday-afternoon guarantees, and how they are kept:

* **No write when nothing changed.** The dataset's ``stadtdaten_hash`` (written last, after every
  resource) covers all fields and resources. Equal hash: no write call at all; the portal is read once
  per 1,000 datasets (one ``package_search`` on the ownership marker).
* **Partial updates only.** Dataset fields change through ``package_revise`` with just the changed keys;
  resources through ``resource_create``/``resource_patch``/``resource_delete``; never ``package_update``.
* **Never touch what is not ours.** A dataset without our ``stadtdaten_owner`` marker is refused; a
  resource without our ``stadtdaten_key`` is never changed or deleted.
* **Killed midway, completed next time, no duplicates.** Names are deterministic, resources are matched
  by ``stadtdaten_key``, and each step is re-planned from what the portal holds now. A transient failure
  (5xx, timeout) re-reads the portal and plans again instead of repeating a write blindly.
* **Previewable.** ``dry_run`` plans from reads only and returns the diff.
"""

from __future__ import annotations

import contextlib
import json
import logging
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stadtdaten.catalog.ckan import datastore as ds
from stadtdaten.catalog.ckan.client import (
    CkanBadToken,
    CkanClient,
    CkanNoDatastore,
    CkanNotFound,
    CkanPermissionError,
    CkanUnreachable,
    CkanValidationError,
    MissingToken,
    TransientCkanError,
)
from stadtdaten.catalog.ckan.mapping import (
    DesiredDataset,
    DesiredResource,
    ckan_name,
    dataset_fields,
    digest,
    extra_file_resource,
    report_resource,
    resource_fields,
)
from stadtdaten.core.config import ProjectConfig
from stadtdaten.core.dataset import Dataset
from stadtdaten.core.errors import PublishError
from stadtdaten.core.findings import Category, FindingType, Severity, register
from stadtdaten.core.report import DatasetResult, Finding, Location, Report

log = logging.getLogger("stadtdaten.ckan")

NOT_OWNED = register(
    FindingType(
        code="ckan-not-owned",
        title="CKAN dataset not managed by stadtdaten",
        template="The CKAN dataset '{name}' exists but was not created by stadtdaten (owner: {owner}); it was left untouched",
        hint="Rename the dataset (name in the descriptor) or ask the portal team to hand the CKAN dataset over "
        "(set its field stadtdaten_owner to '{expected}').",
        category=Category.PUBLISH,
    )
)
BLOCKED = register(
    FindingType(
        code="publish-blocked",
        title="Not published: validation failed",
        template="'{name}' was not published: validation found {count} finding(s) at or above '{level}'",
        hint="Fix the findings (stadtdaten validate), or publish anyway with --force --reason \"why\".",
        category=Category.PUBLISH,
    )
)
FORCED = register(
    FindingType(
        code="publish-forced",
        title="Published despite validation findings",
        template="'{name}' was published despite {count} validation finding(s) at or above '{level}'; reason: {reason}",
        hint="The reason is stored on the CKAN dataset (stadtdaten_force_reason). Fix the findings and publish again.",
        category=Category.PUBLISH,
        severity=Severity.WARNING,
    )
)
FAILED = register(
    FindingType(
        code="publish-failed",
        title="Publishing failed",
        template="Publishing '{name}' failed: {detail}",
        hint="Run the command again: it continues where it stopped, without duplicates.",
        category=Category.PUBLISH,
    )
)
NULLED = register(
    FindingType(
        code="datastore-values-nulled",
        title="DataStore: values left empty",
        template="{count} value(s) of column '{field}' could not be converted to {type} and are empty in the DataStore",
        hint="Validate the resource: these values break its Table Schema.",
        category=Category.PUBLISH,
        severity=Severity.WARNING,
    )
)
NO_RENDERER = register(
    FindingType(
        code="publish-report-skipped",
        title="Validation report not attached",
        template="The {format} validation report could not be rendered ({detail}) and was not attached",
        hint="Install stadtdaten completely (the render component is missing).",
        category=Category.PUBLISH,
        severity=Severity.INFO,
    )
)

CORE_PACKAGE_FIELDS = frozenset(
    {"name", "title", "notes", "owner_org", "license_id", "url", "version", "tags", "private", "state", "extras"}
)
CORE_RESOURCE_FIELDS = frozenset(
    {"name", "description", "format", "mimetype", "size", "hash", "url", "url_type", "package_id", "id", "position"}
)


@dataclass
class PublishOptions:
    organization: str | None = None
    """CKAN organisation name (default: ``[ckan] organization`` in the config, else from the publisher)."""
    owner: str = "stadtdaten"
    """The ownership marker written to and required on every dataset we manage."""
    dry_run: bool = False
    force: bool = False
    reason: str | None = None
    block_on: str = "error"
    """Validation findings at or above this severity block publishing (``never``: nothing blocks)."""
    datastore: bool = True
    attach_reports: bool = True
    attempts: int = 6
    """Reconcile passes per dataset when CKAN fails transiently (each pass keeps what the last one did)."""
    backoff: float = 0.5
    language: str = "de"
    chunk_rows: int = 5000


@dataclass
class Plan:
    """What one reconcile pass did (or, in a dry run, would do)."""

    actions: list[dict[str, Any]] = field(default_factory=list)

    def add(self, action: str, target: str, **details: Any) -> None:
        self.actions.append({"action": action, "target": target, **{k: v for k, v in details.items() if v is not None}})


class Publisher:
    """Publishes :class:`Dataset` s to one CKAN site through one :class:`CkanClient`."""

    def __init__(
        self,
        client: CkanClient,
        config: ProjectConfig,
        options: PublishOptions | None = None,
        *,
        translator: Any = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.client = client
        self.config = config
        self.options = options or PublishOptions()
        self.translator = translator
        self._sleep = sleep
        self.site: dict[str, Any] = {}
        self.user: dict[str, Any] = {}
        self.scheming_fields: set[str] | None = None
        self.scheming_resource_fields: set[str] | None = None
        self._known: dict[str, dict[str, Any]] = {}
        self._created: set[str] = set()
        self._orgs: dict[str, dict[str, Any]] = {}

    # -- preflight --------------------------------------------------------------------------------

    def preflight(self, need_datastore: bool) -> None:
        """Check the site, the token and DataStore before any write; clear errors instead of half a publish."""
        retries, self.client.retries = self.client.retries, min(self.client.retries, 1)  # a wrong URL fails fast
        try:
            status = self.client.call("status_show")
        except (TransientCkanError, CkanNotFound, CkanUnreachable) as exc:
            raise CkanUnreachable(url=self.client.url, detail=str(exc.params.get("detail") or exc.code)) from None
        except PublishError:
            raise CkanUnreachable(url=self.client.url, detail="status_show did not answer like CKAN") from None
        finally:
            self.client.retries = retries
        if not isinstance(status, dict) or "ckan_version" not in status:
            raise CkanUnreachable(url=self.client.url, detail="status_show did not answer like CKAN")
        self.site = status
        try:
            self.user = self.client.call("user_show")
        except (CkanNotFound, CkanPermissionError, CkanValidationError):
            raise CkanBadToken(url=self.client.url) from None
        extensions = set(status.get("extensions") or [])
        if need_datastore and self.options.datastore and "datastore" not in extensions:
            raise CkanNoDatastore(url=self.client.url, extensions=", ".join(sorted(extensions)) or "-")
        if "scheming_datasets" in extensions:
            try:
                schema = self.client.call("scheming_dataset_schema_show", type="dataset")
                self.scheming_fields = {f["field_name"] for f in schema.get("dataset_fields", [])}
                self.scheming_resource_fields = {f["field_name"] for f in schema.get("resource_fields", [])}
            except PublishError:
                self.scheming_fields = None

    def prefetch(self) -> None:
        """One search for every dataset carrying our marker: the no-op path needs no further read."""
        start = 0
        rows = 1000
        owner = self.options.owner.replace('"', '\\"')
        first_level = bool(self.scheming_fields and "stadtdaten_owner" in self.scheming_fields)
        marker = "stadtdaten_owner" if first_level else "extras_stadtdaten_owner"
        while True:
            try:
                found = self.client.call(
                    "package_search", fq=f'{marker}:"{owner}"', rows=rows, start=start, include_private=True
                )
            except PublishError:
                return  # the per-dataset package_show path still works
            for package in found.get("results", []):
                self._known[package["name"]] = package
            start += rows
            if start >= int(found.get("count", 0)):
                return

    # -- desired state ----------------------------------------------------------------------------

    def organization_name(self, dataset: Dataset) -> str:
        if self.options.organization:
            return self.options.organization
        if self.config.ckan_organization:
            return self.config.ckan_organization
        publisher = dataset.metadata.publisher
        return ckan_name(publisher.name if publisher else str(self.config.publisher.get("name") or "stadtdaten"))

    def desired(
        self, dataset: Dataset, validation: DatasetResult | None, extra_files: list[Path] | None = None
    ) -> DesiredDataset:
        fields = dataset_fields(dataset, self.config, self.options.owner)
        fields["stadtdaten_force_reason"] = self.options.reason if self.options.force and self._blocking(validation) else ""
        license_value = fields.get("license_id")
        resources: list[DesiredResource] = []
        for resource in dataset.resources:
            desired = resource_fields(resource, dataset, license_value, fields.get("licenseAttributionByText"))
            if self.options.datastore and ds.supports_datastore(resource):
                schema = ds.table_schema(resource)
                if schema and schema.get("fields"):
                    dictionary = ds.dictionary(schema)
                    desired.datastore = {
                        "fields": dictionary,
                        "schema": schema,
                        "resource": resource,
                        "hash": digest({"file": desired.file_hash, "fields": dictionary}),
                    }
            resources.append(desired)
        for path in extra_files or []:
            if path.is_file():
                resources.append(extra_file_resource(path, license_value))
        if self.options.attach_reports and validation is not None:
            resources.extend(self._report_resources(validation, license_value))
        name = ckan_name(dataset.name)
        return DesiredDataset(name=name, organization=self.organization_name(dataset), fields=fields, resources=resources)

    def _report_resources(self, validation: DatasetResult, license_value: str | None) -> list[DesiredResource]:
        stable = digest(
            {
                "findings": sorted(_finding_key(f) for f in validation.findings),
                "omitted": validation.omitted,
                "content": validation.content_hash,
                "language": self.options.language,
            }
        )
        out = []
        for kind in ("html", "json"):
            try:
                content = self._render(validation, kind)
            except Exception as exc:  # the render component is written by others; publishing goes on
                validation.add(
                    Finding(NO_RENDERER.code, Severity.INFO, Location(), {"format": kind, "detail": type(exc).__name__})
                )
                continue
            out.append(report_resource(kind, content.encode("utf-8"), stable, license_value))
        return out

    def _render(self, validation: DatasetResult, kind: str) -> str:
        from stadtdaten.render import RenderOptions, render

        report = Report(command="validate", datasets=[validation])
        report.finish()
        options = RenderOptions(translator=self.translator) if self.translator is not None else RenderOptions()
        return render(report, kind, options)

    def _blocking(self, validation: DatasetResult | None) -> int:
        if validation is None or self.options.block_on == "never":
            return 0
        threshold = Severity(self.options.block_on).rank
        return sum(number for sev, number in validation.counts().items() if Severity(sev).rank >= threshold)

    # -- publishing -------------------------------------------------------------------------------

    def publish(
        self, dataset: Dataset, validation: DatasetResult | None, result: DatasetResult, extra_files: list[Path] | None = None
    ) -> dict[str, Any]:
        """Publish one dataset; findings go into ``result``, the actions are returned (and in ``result.extras``)."""
        before = self.client.stats.writes
        blocking = self._blocking(validation)
        summary: dict[str, Any] = {"url": None, "status": None, "actions": []}
        result.extras["publish"] = summary
        if blocking:
            params = {"name": dataset.name, "count": blocking, "level": self.options.block_on}
            if not self.options.force:
                result.add(Finding(BLOCKED.code, Severity.ERROR, Location(path=dataset.display_path()), params))
                summary["status"] = "blocked"
                return summary
            forced = {**params, "reason": self.options.reason}
            result.add(Finding(FORCED.code, Severity.WARNING, Location(path=dataset.display_path()), forced))
        desired = self.desired(dataset, validation, extra_files)
        summary["name"] = desired.name
        summary["url"] = f"{self.client.url}/dataset/{desired.name}"
        summary["hash"] = desired.hash
        last_error: PublishError | None = None
        idle = 0  # passes in a row that CKAN confirmed no write in: a pass with progress resets the count
        for _ in range(self.options.attempts * 10):
            plan = Plan()
            confirmed = self.client.stats.confirmed_writes
            try:
                status = self._reconcile(desired, plan, result)
            except TransientCkanError as exc:
                last_error = exc
                summary.setdefault("transient", []).append(exc.render())
                idle = 0 if self.client.stats.confirmed_writes > confirmed else idle + 1
                if idle >= self.options.attempts:
                    break
                self._sleep(min(self.options.backoff * (2 ** max(idle - 1, 0)), 30.0))
                self._known.pop(desired.name, None)
                continue
            except (CkanUnreachable, CkanPermissionError):
                raise
            except PublishError as exc:
                failed = {"name": dataset.name, "detail": exc.render()}
                result.add(Finding(FAILED.code, Severity.ERROR, Location(path=dataset.display_path()), failed))
                summary["status"] = "failed"
                summary["actions"] = plan.actions
                return summary
            summary["status"] = "created" if status == "updated" and desired.name in self._created else status
            summary["actions"] = plan.actions
            summary["writes"] = self.client.stats.writes - before
            return summary
        detail = last_error.render() if last_error else "no attempt left"
        failed = {"name": dataset.name, "detail": detail}
        result.add(Finding(FAILED.code, Severity.ERROR, Location(path=dataset.display_path()), failed))
        summary["status"] = "failed"
        return summary

    def _reconcile(self, desired: DesiredDataset, plan: Plan, result: DatasetResult) -> str:
        dry = self.options.dry_run
        known = self._known.get(desired.name)
        if known is not None and self._get(known, "stadtdaten_hash") == desired.hash and known.get("state", "active") == "active":
            return "unchanged"
        existing = self._package(desired.name)
        if existing is not None:
            owner = self._get(existing, "stadtdaten_owner")
            if owner != self.options.owner:
                result.add(
                    Finding(
                        NOT_OWNED.code,
                        Severity.ERROR,
                        Location(resource=desired.name),
                        {"name": desired.name, "owner": owner or "-", "expected": self.options.owner},
                    )
                )
                return "not-owned"
            if self._get(existing, "stadtdaten_hash") == desired.hash and existing.get("state") == "active":
                return "unchanged"
        org = self._organization(desired.organization, plan)
        if existing is None:
            plan.add("package_create", desired.name, fields=sorted(desired.fields))
            existing = {"name": desired.name, "resources": []} if dry else self._create_package(desired, org)
            status = "created"
        else:
            changes = self._field_changes(desired, existing, org)
            if changes:
                plan.add("package_revise", desired.name, fields=sorted(changes), diff=_diff(existing, changes, self))
                if not dry:
                    self._revise(existing["id"], changes)
            status = "updated"
        self._resources(desired, existing, plan, result)
        if not dry:
            self._revise(existing["id"], self._encode({"stadtdaten_hash": desired.hash}, existing))
        plan.add("mark", desired.name, hash=desired.hash)
        return "planned" if dry else status

    # -- datasets ---------------------------------------------------------------------------------

    def _package(self, name: str) -> dict[str, Any] | None:
        try:
            package = self.client.call("package_show", id=name)
        except CkanNotFound:
            return None
        except CkanPermissionError:
            # a private dataset of another organisation: it exists and is not ours to touch
            return {"name": name, "state": "active", "resources": [], "stadtdaten_owner": "(not visible to this token)"}
        return package if isinstance(package, dict) else None

    def _organization(self, name: str, plan: Plan) -> dict[str, Any]:
        if name in self._orgs:
            return self._orgs[name]
        try:
            org = self.client.call("organization_show", id=name)
        except CkanNotFound:
            title = str(self.config.publisher.get("name") or name)
            plan.add("organization_create", name, title=title)
            if self.options.dry_run:
                org = {"id": name, "name": name}
            else:
                try:
                    org = self.client.call("organization_create", name=name, title=title)
                except CkanValidationError:  # created meanwhile (a parallel run, or a retried call)
                    org = self.client.call("organization_show", id=name)
        self._orgs[name] = org
        return org

    def _create_package(self, desired: DesiredDataset, org: dict[str, Any]) -> dict[str, Any]:
        data = self._encode(dict(desired.fields), None)
        data.update(name=desired.name, owner_org=org["id"], private=False)
        try:
            package = self.client.call("package_create", **data)
        except CkanValidationError as exc:
            if "already in use" not in exc.render() and "bereits" not in exc.render():
                raise
            package = self.client.call("package_show", id=desired.name)  # created by a call that looked failed
        self._known.pop(desired.name, None)
        self._created.add(desired.name)
        return dict(package)

    def _field_changes(self, desired: DesiredDataset, existing: dict[str, Any], org: dict[str, Any]) -> dict[str, Any]:
        changes: dict[str, Any] = {}
        for key, value in desired.fields.items():
            if not _same(self._get(existing, key), value, key):
                changes[key] = value
        if existing.get("owner_org") != org.get("id"):
            changes["owner_org"] = org["id"]
        if existing.get("state") not in (None, "active"):
            changes["state"] = "active"
        return self._encode(changes, existing)

    def _revise(self, package_id: str, update: dict[str, Any]) -> None:
        if not update:
            return
        self.client.call("package_revise", match={"id": package_id}, update=update)

    # -- fields: first-level (scheming) or extras ---------------------------------------------------

    def _first_level(self, key: str) -> bool:
        if key in CORE_PACKAGE_FIELDS:
            return True
        return self.scheming_fields is not None and key in self.scheming_fields

    def _get(self, package: dict[str, Any], key: str) -> Any:
        if key in package:
            return package[key]
        for extra in package.get("extras") or []:
            if extra.get("key") == key:
                value = extra.get("value")
                if isinstance(value, str) and value[:1] in "[{":
                    try:
                        return json.loads(value)
                    except ValueError:
                        return value
                return value
        return None

    def _encode(self, fields: dict[str, Any], existing: dict[str, Any] | None) -> dict[str, Any]:
        """Split ``fields`` into first-level keys and ``extras`` (lists/objects JSON-encoded, foreign extras kept)."""
        out: dict[str, Any] = {}
        extras: dict[str, str] = {}
        for key, value in fields.items():
            if self._first_level(key):
                out[key] = value
            else:
                extras[key] = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
        if extras:
            merged = {e["key"]: e["value"] for e in (existing or {}).get("extras") or [] if "key" in e}
            merged.update(extras)
            out["extras"] = [{"key": k, "value": v} for k, v in merged.items() if v != ""]
        return out

    # -- resources --------------------------------------------------------------------------------

    def _resources(self, desired: DesiredDataset, existing: dict[str, Any], plan: Plan, result: DatasetResult) -> None:
        dry = self.options.dry_run
        ours: dict[str, dict[str, Any]] = {}
        for resource in existing.get("resources") or []:
            key = resource.get("stadtdaten_key")
            if not key:
                continue  # not ours: never changed, never deleted
            if key in ours:
                plan.add("resource_delete", key, reason="duplicate", id=resource["id"])
                if not dry:
                    self.client.call("resource_delete", id=resource["id"])
                continue
            ours[key] = resource
        wanted = {r.key for r in desired.resources}
        for key, resource in ours.items():
            if key not in wanted:
                plan.add("resource_delete", key, reason="no longer in the dataset", id=resource["id"])
                if not dry:
                    self.client.call("resource_delete", id=resource["id"])
        for item in desired.resources:
            current = ours.get(item.key)
            if current is None:
                plan.add("resource_create", item.key, upload=bool(item.file or item.content))
                current = {"id": None} if dry else self._create_resource(existing["id"], item)
            elif current.get("stadtdaten_hash") != item.hash:
                changed = sorted(k for k, v in item.fields.items() if not _same(current.get(k), v, k))
                upload = bool(item.content) or (item.file is not None and current.get("hash") != item.file_hash)
                plan.add("resource_patch", item.key, fields=changed, upload=upload)
                if not dry:
                    current = self._patch_resource(current["id"], item, upload)
            elif _needs_download_url(current):
                plan.add("resource_patch", item.key, fields=["download_url"])
                if not dry:
                    current = self._with_download_url(current)
            if item.datastore is not None and self._datastore_wanted():
                self._datastore(item, current, plan, result)

    def _datastore_wanted(self) -> bool:
        return self.options.datastore and "datastore" in set(self.site.get("extensions") or [])

    def _create_resource(self, package_id: str, item: DesiredResource) -> dict[str, Any]:
        data = {"package_id": package_id, **item.fields}
        if item.file is not None:
            return self._with_download_url(dict(self.client.upload("resource_create", item.file, data)))
        if item.content is not None:
            return self._with_download_url(self._upload_bytes("resource_create", item, data))
        data.setdefault("url", "")
        return dict(self.client.call("resource_create", **data))

    def _with_download_url(self, resource: dict[str, Any]) -> dict[str, Any]:
        """CKAN knows an upload's URL only after the upload; DCAT wants it as dcat:downloadURL too (MQA)."""
        url = resource.get("url")
        if url and (resource.get("download_url") != url or resource.get("access_url") != url):
            resource = dict(self.client.call("resource_patch", id=resource["id"], download_url=url, access_url=url))
        return resource

    def _patch_resource(self, resource_id: str, item: DesiredResource, upload: bool) -> dict[str, Any]:
        data = {"id": resource_id, **item.fields}
        if upload and item.file is not None:
            return self._with_download_url(dict(self.client.upload("resource_patch", item.file, data)))
        if upload and item.content is not None:
            return self._with_download_url(self._upload_bytes("resource_patch", item, data))
        return dict(self.client.call("resource_patch", **data))

    def _upload_bytes(self, action: str, item: DesiredResource, data: dict[str, Any]) -> dict[str, Any]:
        suffix = ".html" if item.key.endswith("html") else ".json"
        filename = "validierungsbericht" + suffix
        with tempfile.TemporaryDirectory(prefix="stadtdaten-publish-") as tmp:
            path = Path(tmp) / filename
            path.write_bytes(item.content or b"")
            return dict(self.client.upload(action, path, data, filename=filename))

    def _datastore(self, item: DesiredResource, current: dict[str, Any], plan: Plan, result: DatasetResult) -> None:
        info = item.datastore or {}
        if current.get("stadtdaten_datastore") == info["hash"] and current.get("datastore_active"):
            return
        plan.add("datastore_create", item.key, fields=len(info["fields"]))
        if self.options.dry_run:
            return
        resource_id = current["id"]
        if current.get("datastore_active") or current.get("stadtdaten_datastore"):
            with contextlib.suppress(CkanNotFound):
                self.client.call("datastore_delete", resource_id=resource_id, force=True)
        stats = ds.LoadStats()
        first = True
        for chunk in ds.records(info["resource"], info["schema"], stats, self.options.chunk_rows):
            if first:
                self.client.call("datastore_create", resource_id=resource_id, force=True, fields=info["fields"], records=chunk)
                first = False
            else:
                self.client.call("datastore_upsert", resource_id=resource_id, force=True, method="insert", records=chunk)
        if first:
            self.client.call("datastore_create", resource_id=resource_id, force=True, fields=info["fields"], records=[])
        types = {f["id"]: f["type"] for f in info["fields"]}
        for name, count in sorted(stats.nulled.items()):
            result.add(
                Finding(
                    NULLED.code,
                    Severity.WARNING,
                    Location(resource=item.key.removeprefix("data:"), field=name),
                    {"count": count, "field": name, "type": types.get(name, "?")},
                )
            )
        self.client.call("resource_patch", id=resource_id, stadtdaten_datastore=info["hash"])
        plan.actions[-1]["rows"] = stats.rows


def _finding_key(finding: Finding) -> str:
    """Like ``Finding.fingerprint`` but without the file path: publishing from another folder is no change."""
    loc = finding.location
    anchor = json.dumps(loc.row_key, sort_keys=True, default=str) if loc.row_key else loc.row
    parts = (loc.resource, finding.code, loc.field, anchor, loc.pointer, loc.node, loc.property)
    return "|".join(str(x) for x in (*parts, finding.severity.value, finding.waived))


def _needs_download_url(resource: dict[str, Any]) -> bool:
    """An upload whose URL is not yet also its dcat:downloadURL/accessURL (a run killed between the two calls)."""
    url = resource.get("url")
    return resource.get("url_type") == "upload" and bool(url) and (
        resource.get("download_url") != url or resource.get("access_url") != url
    )


def _same(current: Any, wanted: Any, key: str) -> bool:
    if key == "tags":
        have = {t.get("name") for t in current or [] if isinstance(t, dict)}
        return have == {t["name"] for t in wanted or []}
    if current in (None, "", []) and wanted in (None, "", []):
        return True
    if isinstance(wanted, int | float) and not isinstance(wanted, bool):
        try:
            return float(current) == float(wanted)
        except (TypeError, ValueError):
            return False
    if isinstance(wanted, str) and isinstance(current, str) and key in ("issued", "modified"):
        return current[:10] == wanted[:10]
    return bool(current == wanted)


def _diff(existing: dict[str, Any], changes: dict[str, Any], publisher: Publisher) -> dict[str, Any]:
    out = {}
    for key, value in changes.items():
        if key == "extras":
            continue
        out[key] = {"from": _short(publisher._get(existing, key)), "to": _short(value)}
    return out


def _short(value: Any, limit: int = 120) -> Any:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def make_client(url: str, token: str | None, *, timeout: float = 60.0, retries: int = 4, backoff: float = 0.5) -> CkanClient:
    if not token:
        raise MissingToken()
    return CkanClient(url, token, timeout=timeout, retries=retries, backoff=backoff)
