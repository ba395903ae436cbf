"""Report history and trend, stage state for incremental runs, extras."""

from __future__ import annotations

import json

import pytest

from stadtdaten.catalog.local import LocalCatalog, UnknownDatasetError
from stadtdaten.core.findings import Severity
from stadtdaten.core.report import DatasetResult, Finding, Location, Report
from tests.catalog.conftest import MakeDataset


def finding(code: str, severity: Severity, field: str, row: int) -> Finding:
    return Finding(code=code, severity=severity, location=Location(resource="data", field=field, row=row), params={"x": 1})


def run(timestamp: str, results: dict[str, list[Finding]], *, command: str = "validate", fail_on: str = "error") -> Report:
    report = Report(command=command, started=timestamp, options={"fail_on": fail_on})
    for name, findings in results.items():
        report.datasets.append(DatasetResult(name=name, content_hash=f"sha256:{timestamp}", findings=list(findings)))
    report.ended = timestamp
    return report


E1 = finding("descriptor-invalid", Severity.ERROR, "a", 2)
E2 = finding("resource-missing", Severity.ERROR, "b", 3)
W1 = finding("descriptor-invalid", Severity.WARNING, "c", 4)


def test_add_report_stores_each_dataset_and_is_idempotent(catalog: LocalCatalog) -> None:
    report = run("2025-01-01T10:00:00Z", {"a": [E1, W1], "b": []})
    report.findings.append(finding("descriptor-invalid", Severity.INFO, "x", 1))
    assert catalog.add_report(report) == 2
    assert catalog.add_report(report) == 2  # same run again: replaced, not duplicated
    assert len(catalog.reports("a")) == 1
    record = catalog.latest_report("a")
    assert record is not None
    assert (record.result, record.errors, record.warnings, record.infos) == ("failed", 1, 1, 0)
    assert record.codes == {"descriptor-invalid": 2}
    assert record.content_hash == "sha256:2025-01-01T10:00:00Z"
    assert [f.fingerprint for f in record.dataset_result.findings] == [E1.fingerprint, W1.fingerprint]
    assert catalog.latest_report("b").result == "passed"  # type: ignore[union-attr]
    assert catalog.latest_report("nope") is None


def test_run_report_rebuilds_the_whole_report(catalog: LocalCatalog) -> None:
    report = run("2025-01-01T10:00:00Z", {"a": [E1], "b": [W1]})
    report.findings.append(finding("resource-missing", Severity.WARNING, "x", 1))
    catalog.add_report(report)
    again = catalog.run_report(report.run_id)
    assert again is not None
    assert again.to_dict() == report.to_dict()
    assert catalog.run_report("unknown") is None
    assert catalog.runs()[0]["run_id"] == report.run_id and catalog.runs()[0]["datasets"] == 2


def test_result_is_judged_with_the_runs_fail_on(catalog: LocalCatalog) -> None:
    catalog.add_report(run("2025-01-01T10:00:00Z", {"w": [W1]}, fail_on="warning"))
    catalog.add_report(run("2025-01-02T10:00:00Z", {"w": [W1]}, fail_on="error"))
    catalog.add_report(run("2025-01-03T10:00:00Z", {"w": [E1]}, fail_on="never"))
    assert [r.result for r in catalog.reports("w")] == ["passed", "warning", "failed"]


def test_history_newest_first_per_command(catalog: LocalCatalog) -> None:
    catalog.add_report(run("2025-01-01T10:00:00Z", {"a": [E1]}))
    catalog.add_report(run("2025-01-03T10:00:00Z", {"a": []}))
    catalog.add_report(run("2025-01-02T10:00:00Z", {"a": [E1, E2]}, command="dcat check"))
    assert [r.timestamp[:10] for r in catalog.reports("a")] == ["2025-01-03", "2025-01-02", "2025-01-01"]
    assert [r.timestamp[:10] for r in catalog.reports("a", command="validate")] == ["2025-01-03", "2025-01-01"]
    assert catalog.latest_report("a", command="dcat check").errors == 2  # type: ignore[union-attr]
    assert len(catalog.reports("a", limit=1)) == 1
    assert len(catalog.reports("a", limit=None)) == 3


def test_trend_against_the_previous_run(catalog: LocalCatalog, make_dataset: MakeDataset) -> None:
    catalog.upsert_dataset(make_dataset("a"))
    assert catalog.trend("a") is None
    catalog.add_report(run("2025-01-01T10:00:00Z", {"a": [E1]}))
    first = catalog.trend("a")
    assert first is not None and first.direction == "new" and first.previous is None
    assert [f.code for f in first.new_findings()] == ["descriptor-invalid"] and first.resolved_findings() == []
    catalog.add_report(run("2025-01-02T10:00:00Z", {"a": [E1, E2, W1]}))
    worse = catalog.trend("a")
    assert worse is not None and worse.direction == "worse"
    assert worse.delta == {"error": 1, "warning": 1, "info": 0}
    assert worse.new_codes == ["resource-missing"] and worse.content_changed
    assert {f.fingerprint for f in worse.new_findings()} == {E2.fingerprint, W1.fingerprint}
    catalog.add_report(run("2025-01-03T10:00:00Z", {"a": [W1]}))
    better = catalog.trend("a")
    assert better is not None and better.direction == "better"
    assert better.resolved_codes == ["resource-missing"]
    assert {f.fingerprint for f in better.resolved_findings()} == {E1.fingerprint, E2.fingerprint}
    assert json.loads(json.dumps(better.to_dict()))["direction"] == "better"


def test_trends_and_latest_reports_across_the_catalogue(catalog: LocalCatalog, make_dataset: MakeDataset) -> None:
    for name in ("a", "b", "c"):
        catalog.upsert_dataset(make_dataset(name))
    catalog.add_report(run("2025-01-01T10:00:00Z", {"a": [E1], "b": [], "gone": [E1]}))
    catalog.add_report(run("2025-01-02T10:00:00Z", {"a": [], "b": [W1]}))
    catalog.add_report(run("2025-01-03T10:00:00Z", {"a": [E1, E2]}, command="run"))
    trends = {t.dataset: t for t in catalog.trends()}
    assert set(trends) == {"a", "b"}  # c never ran; "gone" is not in the catalogue
    assert trends["a"].direction == "better" and trends["b"].direction == "worse"
    assert {t.dataset for t in catalog.trends(catalogued_only=False)} == {"a", "b", "gone"}
    latest = catalog.latest_reports()
    assert latest["a"].command == "run" and latest["b"].warnings == 1
    assert catalog.latest_reports("validate")["a"].errors == 0


def test_prune_keeps_the_newest(catalog: LocalCatalog) -> None:
    for day in range(1, 8):
        catalog.add_report(run(f"2025-01-0{day}T10:00:00Z", {"a": [E1] * day}))
    assert catalog.prune_reports(keep=3) == 4
    assert [r.errors for r in catalog.reports("a", None)] == [7, 6, 5]
    assert len(catalog.runs(100)) == 3


def test_history_survives_remove_and_returns(catalog: LocalCatalog, make_dataset: MakeDataset) -> None:
    dataset = make_dataset("a")
    catalog.upsert_dataset(dataset)
    catalog.add_report(run("2025-01-01T10:00:00Z", {"a": [E1]}))
    catalog.remove("a")
    assert catalog.trends() == []
    catalog.upsert_dataset(dataset)
    assert catalog.latest_report("a").errors == 1  # type: ignore[union-attr]


def test_stage_state_decides_what_reruns(catalog: LocalCatalog, make_dataset: MakeDataset) -> None:
    dataset = make_dataset("a")
    catalog.upsert_dataset(dataset)
    digest = dataset.content_hash()
    assert catalog.needs_run("a", "validate", digest)
    assert catalog.needs_run("unknown", "validate", digest)
    state = catalog.record_stage("a", "validate", digest, {"report": "r.json"}, run_id="run-1")
    assert state.output == {"report": "r.json"} and state.run_id == "run-1"
    assert not catalog.needs_run("a", "validate", digest)
    assert catalog.needs_run("a", "validate", "sha256:other")
    assert catalog.needs_run("a", "dcat", digest)
    changes = catalog._conn.total_changes
    catalog.record_stage("a", "validate", digest, {"report": "r.json"}, run_id="run-2")
    assert catalog._conn.total_changes == changes  # same input and output: converged, nothing written
    catalog.record_stage("a", "dcat", digest)
    assert set(catalog.stage_states("validate")) == {"a"}
    assert set(catalog.stages("a")) == {"dcat", "validate"}
    assert catalog.forget_stage("a", "dcat") == 1 and catalog.needs_run("a", "dcat", digest)
    assert catalog.forget_stage("a") == 1 and catalog.stage_state("a", "validate") is None
    with pytest.raises(UnknownDatasetError):
        catalog.record_stage("unknown", "validate", digest)


def test_extras_text_bytes_json_and_staleness(catalog: LocalCatalog, make_dataset: MakeDataset, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dataset = make_dataset("a", title="A")
    catalog.upsert_dataset(dataset)
    assert catalog.put_extra("a", "dcat.ttl", "@prefix dcat: <http://www.w3.org/ns/dcat#> .")
    assert not catalog.put_extra("a", "dcat.ttl", "@prefix dcat: <http://www.w3.org/ns/dcat#> .")  # no write
    assert catalog.put_extra("a", "mqa", {"score": 351, "rating": "excellent"})
    assert catalog.put_extra("a", "thumb", b"\x89PNG\x00")
    assert catalog.get_extra("a", "mqa") == {"score": 351, "rating": "excellent"}
    assert catalog.get_extra("a", "thumb") == b"\x89PNG\x00"
    assert catalog.get_extra("a", "dcat.ttl").startswith("@prefix")
    assert catalog.get_extra("a", "missing", "default") == "default"
    assert all(e.current for e in catalog.extras("a").values())
    (dataset.basepath / "data.csv").write_text("id\n1\n2\n")
    from stadtdaten.core.dataset import load_dataset

    catalog.upsert_dataset(load_dataset(dataset.basepath))
    extra = catalog.extra("a", "mqa")
    assert extra is not None and not extra.current  # derived from the old content: stale
    assert catalog.put_extra("a", "mqa", {"score": 351, "rating": "excellent"})  # same value, new content: rewritten
    assert catalog.extra("a", "mqa").current  # type: ignore[union-attr]
    assert catalog.delete_extra("a", "thumb") and not catalog.delete_extra("a", "thumb")
    with pytest.raises(UnknownDatasetError):
        catalog.put_extra("nope", "k", 1)
