"""Every rule has at least one passing and one failing data-driven case (cases/*.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from stadtdaten.core.report import Finding
from stadtdaten.quality.rules import builtin_rules
from tests.governance.governance_harness import base, codes_for, frame, load_cases, run_case

CASES = load_cases()


def test_base_dataset_is_clean(tmp_path: Path) -> None:
    findings = run_case({"rule": "*"}, {"name": "base"}, tmp_path)
    assert [f"{f.code} {f.params}" for f in findings] == []


@pytest.mark.parametrize(("case_id", "data", "case"), CASES, ids=[c[0] for c in CASES])
def test_rule_case(case_id: str, data: dict[str, Any], case: dict[str, Any], tmp_path: Path) -> None:
    findings = run_case(data, case, tmp_path)
    rule = case.get("rule", data["rule"])
    got = codes_for(findings, rule)
    assert got == sorted(case["expect"]), _explain(findings, rule)
    for code, severity in (case.get("severity") or {}).items():
        assert {f.severity.value for f in findings if f.code == code} == {severity}, _explain(findings, rule)
    for code, params in (case.get("params") or {}).items():
        hit = [f for f in findings if f.code == code]
        assert hit and all(hit[0].params.get(k) == v for k, v in params.items()), _explain(findings, rule)
    errors = [f for f in findings if f.code == "governance-rule-error"]
    assert not errors, errors


def _explain(findings: list[Finding], rule: str) -> str:
    return "\n".join(f"{f.code} {f.severity.value} {f.location.describe()} {f.params} {f.samples}" for f in findings)


def test_every_rule_has_a_passing_and_a_failing_case() -> None:
    covered: dict[str, set[str]] = {}
    for _, data, case in CASES:
        rule = case.get("rule", data["rule"])
        covered.setdefault(rule, set()).add("fail" if case["expect"] else "pass")
    python_tested = {"governance-rule-error"}  # failing case in test_engine.py (needs a broken implementation)
    missing = [s.id for s in builtin_rules() if covered.get(s.id) != {"pass", "fail"} and s.id not in python_tested]
    assert missing == []


def test_harness_frame_types() -> None:
    table = frame(base()["tables"]["baeume"])
    assert table["gepflanzt"].dtype.is_temporal() and "_row" in table.columns
