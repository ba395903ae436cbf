"""Publishing against the real CKAN stack: first publish, no-op, changes, kills, 5xx, rights, ownership."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import ckanapi
import pytest

from tests.ckan.conftest import ORG, make_dataset, publish, publisher_for
from tests.ckan.proxy import FaultProxy

pytestmark = pytest.mark.ckan

ROOT = Path(__file__).resolve().parents[2]


def api(env: dict[str, str]) -> Any:
    return ckanapi.RemoteCKAN(env["CKAN_URL"], apikey=env["CKAN_API_TOKEN"])


def ours(package: dict[str, Any]) -> dict[str, dict[str, Any]]:
    keys = [r.get("stadtdaten_key") for r in package["resources"] if r.get("stadtdaten_key")]
    assert len(keys) == len(set(keys)), f"duplicate resources: {keys}"
    return {r["stadtdaten_key"]: r for r in package["resources"] if r.get("stadtdaten_key")}


def cli(args: list[str], env: dict[str, str], token: str | None, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    child_env = {k: v for k, v in os.environ.items() if k != "CKAN_API_TOKEN"}
    child_env["STADTDATEN_LANG"] = "en"
    if token is not None:
        child_env["CKAN_API_TOKEN"] = token
    return subprocess.run(
        [sys.executable, "-m", "stadtdaten.cli", *args],
        env=child_env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        **kwargs,
    )


def test_first_publish_then_noop_makes_no_write(ckan_env: dict[str, str], token: str, tmp_path: Path, run_id: str) -> None:
    folder = make_dataset(tmp_path / "ds", f"t-{run_id}-erst")
    publisher = publisher_for(ckan_env["CKAN_URL"], token)
    summary, result = publish(publisher, folder)
    assert summary["status"] == "created", result.findings
    package = api(ckan_env).action.package_show(id=f"t-{run_id}-erst")
    assert package["stadtdaten_owner"] == "stadtdaten" and package["stadtdaten_hash"] == summary["hash"]
    assert package["license_id"] == "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
    assert package["theme"] == [
        "http://publications.europa.eu/resource/authority/data-theme/ENVI",
        "http://publications.europa.eu/resource/authority/data-theme/TRAN",
    ]
    assert package["spatial_coverage"][0]["uri"] == "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05711000"
    assert package["publisher"][0]["type"] == "http://purl.org/adms/publishertype/LocalAuthority"
    assert package["organization"]["name"] == ORG
    assert {t["name"] for t in package["tags"]} == {"Test", "Straßen"}
    resources = ours(package)
    assert set(resources) == {"data:werte", "report:html", "report:json"}
    data = resources["data:werte"]
    assert data["format"] == "http://publications.europa.eu/resource/authority/file-type/CSV"
    assert data["url_type"] == "upload" and data["datastore_active"]
    table = api(ckan_env).action.datastore_search(resource_id=data["id"])
    fields = {f["id"]: f for f in table["fields"]}
    assert fields["wert"]["type"] == "numeric" and fields["wert"]["info"]["unit"] == "m"
    assert fields["id"]["info"]["label"] == "Nummer" and fields["id"]["info"]["notes"] == "Laufende Nummer"
    assert [r["wert"] for r in table["records"]] == [1.5, 2.5]

    writes_before = publisher.client.stats.writes
    again = publisher_for(ckan_env["CKAN_URL"], token)
    again.prefetch()
    summary2, _ = publish(again, folder)
    assert summary2["status"] == "unchanged"
    assert again.client.stats.writes == 0, again.client.stats.as_dict()
    assert writes_before > 0


def test_changed_resource_updates_only_that_one(ckan_env: dict[str, str], token: str, tmp_path: Path, run_id: str) -> None:
    files = {"a": "id;wert;datum\n1;1,0;2024-01-01\n", "b": "id;wert;datum\n1;2,0;2024-01-02\n"}
    folder = make_dataset(tmp_path / "ds", f"t-{run_id}-aend", files)
    publish(publisher_for(ckan_env["CKAN_URL"], token), folder)
    before = ours(api(ckan_env).action.package_show(id=f"t-{run_id}-aend"))
    (folder / "b.csv").write_text("id;wert;datum\n1;2,0;2024-01-02\n2;3,0;2024-01-03\n", encoding="utf-8")
    publisher = publisher_for(ckan_env["CKAN_URL"], token)
    summary, _ = publish(publisher, folder)
    assert summary["status"] == "updated"
    touched = {(a["action"], a["target"]) for a in summary["actions"]}
    assert ("resource_patch", "data:b") in touched and ("datastore_create", "data:b") in touched
    assert not any(target == "data:a" for _, target in touched), summary["actions"]
    assert not any(action == "package_revise" for action, _ in touched), "no dataset field changed"
    after = ours(api(ckan_env).action.package_show(id=f"t-{run_id}-aend"))
    assert after["data:a"]["metadata_modified"] == before["data:a"]["metadata_modified"]
    assert after["data:b"]["hash"] != before["data:b"]["hash"]
    assert api(ckan_env).action.datastore_search(resource_id=after["data:b"]["id"])["total"] == 2
    assert api(ckan_env).action.datastore_search(resource_id=after["data:a"]["id"])["total"] == 1


def test_dry_run_writes_nothing_and_shows_the_diff(ckan_env: dict[str, str], token: str, tmp_path: Path, run_id: str) -> None:
    folder = make_dataset(tmp_path / "ds", f"t-{run_id}-dry")
    publish(publisher_for(ckan_env["CKAN_URL"], token), folder)
    descriptor = (folder / "datapackage.yaml").read_text(encoding="utf-8")
    (folder / "datapackage.yaml").write_text(descriptor.replace(f"Testdaten t-{run_id}-dry", "Neuer Titel"), encoding="utf-8")
    publisher = publisher_for(ckan_env["CKAN_URL"], token, dry_run=True)
    summary, _ = publish(publisher, folder)
    assert publisher.client.stats.writes == 0
    revise = [a for a in summary["actions"] if a["action"] == "package_revise"]
    assert revise and revise[0]["diff"]["title"] == {"from": f"Testdaten t-{run_id}-dry", "to": "Neuer Titel"}
    assert api(ckan_env).action.package_show(id=f"t-{run_id}-dry")["title"] == f"Testdaten t-{run_id}-dry"


def test_foreign_resource_and_foreign_dataset_stay_untouched(
    ckan_env: dict[str, str], token: str, tmp_path: Path, run_id: str
) -> None:
    remote = api(ckan_env)
    folder = make_dataset(tmp_path / "ds", f"t-{run_id}-fremd")
    publish(publisher_for(ckan_env["CKAN_URL"], token), folder)
    foreign = remote.action.resource_create(
        package_id=f"t-{run_id}-fremd", name="Handbuch", url="https://example.org/handbuch.pdf"
    )
    (folder / "werte.csv").write_text("id;wert;datum\n9;9,5;2024-09-09\n", encoding="utf-8")
    descriptor = (folder / "datapackage.yaml").read_text(encoding="utf-8")
    (folder / "datapackage.yaml").write_text(descriptor.replace("- name: werte\n", "- name: werte2\n"), encoding="utf-8")
    summary, _ = publish(publisher_for(ckan_env["CKAN_URL"], token), folder)
    assert ("resource_delete", "data:werte") in {(a["action"], a["target"]) for a in summary["actions"]}
    package = remote.action.package_show(id=f"t-{run_id}-fremd")
    kept = [r for r in package["resources"] if r["id"] == foreign["id"]]
    assert kept and kept[0]["metadata_modified"] == foreign["metadata_modified"]
    assert set(ours(package)) == {"data:werte2", "report:html", "report:json"}

    remote.action.package_create(name=f"t-{run_id}-hand", title="Von Hand gepflegt", owner_org=ORG, notes="x")
    hand = make_dataset(tmp_path / "hand", f"t-{run_id}-hand")
    publisher = publisher_for(ckan_env["CKAN_URL"], token)
    summary, result = publish(publisher, hand)
    assert summary["status"] == "not-owned"
    assert [f.code for f in result.findings] == ["ckan-not-owned"]
    assert publisher.client.stats.writes == 0
    assert remote.action.package_show(id=f"t-{run_id}-hand")["title"] == "Von Hand gepflegt"


@pytest.mark.parametrize("mode", ["fail-before", "fail-after"])
def test_5xx_injection_is_retried_without_duplicates(
    ckan_env: dict[str, str], token: str, tmp_path: Path, run_id: str, mode: str
) -> None:
    files = {f"r{i}": f"id;wert;datum\n{i};{i},5;2024-01-0{i + 1}\n" for i in range(3)}
    folder = make_dataset(tmp_path / "ds", f"t-{run_id}-5xx", files)

    rng = random.Random(f"{mode}-5xx")  # reproducible: the same requests fail on every run

    def policy(n: int, method: str, path: str) -> str:
        return mode if n > 3 and rng.random() < 0.25 else "pass"

    with FaultProxy(ckan_env["CKAN_URL"], policy) as proxy:
        publisher = publisher_for(proxy.url, token)
        summary, result = publish(publisher, folder)
        assert proxy.injected > 0
    assert summary["status"] == "created", (summary, [f.params for f in result.findings])
    assert summary.get("transient") or publisher.client.stats.retries
    package = api(ckan_env).action.package_show(id=f"t-{run_id}-5xx")
    assert set(ours(package)) == {"data:r0", "data:r1", "data:r2", "report:html", "report:json"}
    assert package["stadtdaten_hash"] == summary["hash"]
    for key in ("data:r0", "data:r1", "data:r2"):
        assert api(ckan_env).action.datastore_search(resource_id=ours(package)[key]["id"])["total"] == 1


def test_kill_midway_then_rerun_completes_without_duplicates(
    ckan_env: dict[str, str], token: str, tmp_path: Path, run_id: str
) -> None:
    files = {f"teil{i}": "id;wert;datum\n" + "".join(f"{j};{j},5;2024-01-01\n" for j in range(200)) for i in range(6)}
    name = f"t-{run_id}-kill"
    folder = make_dataset(tmp_path / "ds", name, files)
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"command": "validate", "run_id": "x", "started": "2024-01-01T00:00:00Z", "datasets": []}))
    remote = api(ckan_env)
    with FaultProxy(ckan_env["CKAN_URL"], lambda n, m, p: "delay", delay=0.15) as proxy:
        args = ["publish", str(folder), "--ckan", proxy.url, "--organization", ORG, "--report", str(report)]
        child_env = {**os.environ, "CKAN_API_TOKEN": token}
        process = subprocess.Popen(
            [sys.executable, "-m", "stadtdaten.cli", *args], env=child_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + 120
        killed_with = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                package = remote.action.package_show(id=name)
            except ckanapi.NotFound:
                time.sleep(0.05)
                continue
            if len(ours(package)) >= 2:
                process.send_signal(signal.SIGKILL)
                killed_with = len(ours(package))
                break
            time.sleep(0.05)
        process.wait(timeout=30)
        process.stdout.close()  # type: ignore[union-attr]
        process.stderr.close()  # type: ignore[union-attr]
    assert killed_with is not None, "the publish finished before it could be killed"
    half = remote.action.package_show(id=name)
    assert not half.get("stadtdaten_hash"), "a killed run must not mark the dataset as complete"

    args = ["publish", str(folder), "--ckan", ckan_env["CKAN_URL"], "--organization", ORG, "--report", str(report)]
    done = cli(args, ckan_env, token)
    assert done.returncode == 0, done.stdout + done.stderr
    package = remote.action.package_show(id=name)
    assert set(ours(package)) == {f"data:teil{i}" for i in range(6)}
    assert package["stadtdaten_hash"]
    for resource in ours(package).values():
        assert remote.action.datastore_search(resource_id=resource["id"], limit=0)["total"] == 200


def test_token_with_too_few_rights_is_a_clear_publish_error(ckan_env: dict[str, str], tmp_path: Path, run_id: str) -> None:
    folder = make_dataset(tmp_path / "ds", f"t-{run_id}-rechte")
    limited = ckan_env["CKAN_LIMITED_API_TOKEN"]
    with contextlib.suppress(ckanapi.ValidationError):  # exists already
        api(ckan_env).action.organization_create(name=ORG, title="stadtdaten tests")
    args = ["publish", str(folder), "--ckan", ckan_env["CKAN_URL"], "--organization", ORG]
    args += ["--no-reports", "--block-on", "never"]
    done = cli(args, ckan_env, limited)
    assert done.returncode == 4, done.stdout + done.stderr
    assert "ckan-not-authorized" in done.stderr and "package_create" in done.stderr
    assert limited not in done.stdout + done.stderr
    with pytest.raises(ckanapi.NotFound):
        api(ckan_env).action.package_show(id=f"t-{run_id}-rechte")


def test_bad_token_wrong_url_and_missing_token(ckan_env: dict[str, str], tmp_path: Path, run_id: str) -> None:
    folder = make_dataset(tmp_path / "ds", f"t-{run_id}-fehler")
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"command": "validate", "run_id": "x", "started": "2024-01-01T00:00:00Z", "datasets": []}))
    base = ["publish", str(folder), "--report", str(report), "--organization", ORG]
    secret = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.not-a-real-token-" + run_id
    bad = cli([*base, "--ckan", ckan_env["CKAN_URL"]], ckan_env, secret)
    assert bad.returncode == 4 and "ckan-bad-token" in bad.stderr
    assert secret not in bad.stdout + bad.stderr

    unreachable = cli([*base, "--ckan", "http://127.0.0.1:9"], ckan_env, secret)
    assert unreachable.returncode == 4 and "ckan-unreachable" in unreachable.stderr
    assert secret not in unreachable.stdout + unreachable.stderr

    malformed = cli([*base, "--ckan", "127.0.0.1:5000"], ckan_env, secret)
    assert malformed.returncode == 2 and "ckan-bad-url" in malformed.stderr

    missing = cli([*base, "--ckan", ckan_env["CKAN_URL"]], ckan_env, None)
    assert missing.returncode == 2 and "CKAN_API_TOKEN" in missing.stderr


def test_ckan_without_datastore_is_refused_before_any_write(
    ckan_env: dict[str, str], token: str, tmp_path: Path, run_id: str
) -> None:
    def hide_datastore(path: str, body: bytes) -> bytes:
        return body.replace(b'"datastore", ', b"") if "status_show" in path else body

    folder = make_dataset(tmp_path / "ds", f"t-{run_id}-nods")
    with FaultProxy(ckan_env["CKAN_URL"], rewrite=hide_datastore) as proxy:
        from stadtdaten.catalog.ckan import CkanClient, Publisher, PublishOptions
        from stadtdaten.core.config import ProjectConfig
        from stadtdaten.core.errors import PublishError

        client = CkanClient(proxy.url, token)
        publisher = Publisher(client, ProjectConfig(), PublishOptions(organization=ORG))
        with pytest.raises(PublishError, match="no DataStore") as info:
            publisher.preflight(need_datastore=True)
        assert info.value.exit_code == 4 and client.stats.writes == 0
        assert token not in str(info.value)
    assert folder.exists()


def test_token_never_logged_or_reported(
    ckan_env: dict[str, str], token: str, tmp_path: Path, run_id: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    folder = make_dataset(tmp_path / "ds", f"t-{run_id}-geheim")
    with FaultProxy(ckan_env["CKAN_URL"], lambda n, m, p: "fail-before" if n % 4 == 0 else "pass") as proxy:
        publisher = publisher_for(proxy.url, token)
        summary, result = publish(publisher, folder)
    text = caplog.text + json.dumps(summary, default=str) + json.dumps(result.to_dict(), default=str)
    assert token not in text
    args = ["--debug", "publish", str(folder), "--ckan", ckan_env["CKAN_URL"], "--organization", ORG]
    done = cli([*args, "--json", "--block-on", "never"], ckan_env, token)
    assert token not in done.stdout + done.stderr
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    assert json.loads(done.stdout)["datasets"][0]["extras"]["publish"]["status"] in ("updated", "unchanged")


def test_publish_dataset_for_the_pipeline_runner(ckan_env: dict[str, str], token: str, tmp_path: Path, run_id: str) -> None:
    from stadtdaten.catalog.ckan import PublishOptions, publish_dataset
    from stadtdaten.core.config import ProjectConfig
    from stadtdaten.core.dataset import load_dataset
    from stadtdaten.core.report import DatasetResult

    folder = make_dataset(tmp_path / "ds", f"t-{run_id}-lauf")
    extra = tmp_path / "dcat.ttl"
    extra.write_text("<urn:x> <urn:y> <urn:z> .\n", encoding="utf-8")
    dataset = load_dataset(folder)
    result = DatasetResult(name=dataset.name)
    options = PublishOptions(organization=ORG)
    url = ckan_env["CKAN_URL"]
    summary = publish_dataset(dataset, result, url=url, config=ProjectConfig(), extra_files=[extra], options=options)
    assert summary["status"] == "created" and summary["calls"]["writes"] > 0
    assert "file:dcat.ttl" in ours(api(ckan_env).action.package_show(id=f"t-{run_id}-lauf"))
    fresh = DatasetResult(name=dataset.name)
    again = publish_dataset(dataset, fresh, url=url, config=ProjectConfig(), extra_files=[extra], options=options)
    assert again["status"] == "unchanged" and again["calls"]["writes"] == 0
