"""GitHub workflow commands: levels, grouping, CSV line numbers and actions/toolkit escaping."""

from __future__ import annotations

import re

from stadtdaten.core.report import Report
from stadtdaten.render import RenderOptions, render
from stadtdaten.render.github import command, escape_data, escape_property


def test_escaping_follows_actions_toolkit() -> None:
    assert escape_data("100% a\r\nb") == "100%25 a%0D%0Ab"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert command("error", "x", {"file": "a,b.csv", "line": 3, "col": None}) == "::error file=a%2Cb.csv,line=3::x"


def test_annotations(report: Report) -> None:
    lines = render(report, "github", RenderOptions()).splitlines()
    commands = [line for line in lines if line.startswith("::")]
    for line in commands:
        assert re.fullmatch(r"::(error|warning|notice|group|endgroup)( [^:]*)?::.*", line), line
        assert "\r" not in line
    assert lines.count("::endgroup::") == len([line for line in lines if line.startswith("::group::")]) == 4
    type_errors = [line for line in commands if "rt-type-error%3A" in line]
    assert len(type_errors) == 7
    assert type_errors[0].startswith(
        "::error file=examples/bielefeld/stadtbaeume/baeume.csv,line=2,col=5,title=stadtdaten rt-type-error%3A"
    )
    assert "(baum_id=1002)" in type_errors[0]
    plausibility = next(line for line in commands if "rt-plausibility" in line)
    assert plausibility.startswith("::warning file=examples/bielefeld/stadtbaeume/baeume.csv,line=41,col=7,")  # line, not row
    assert "50%25 höher als üblich,%0AZeile 2" in plausibility and "%0D%0AEnde" in plausibility
    waived = next(line for line in commands if "rt-encoding" in line)
    assert waived.startswith("::notice ")
    assert any(line.startswith("::notice ") and "4,993" in line for line in commands)  # omitted findings
    descriptor = next(line for line in commands if "rt-descriptor" in line)
    assert "file=examples/bielefeld/stadtbaeume/datapackage.yaml," in descriptor and "line=" not in descriptor
    assert lines[-1].startswith("stadtdaten: 3 datasets")


def test_base_dir_makes_absolute_paths_relative(report: Report, tmp_path) -> None:  # type: ignore[no-untyped-def]
    report.datasets[0].path = str(tmp_path / "baeume" / "datapackage.yaml")
    text = render(report, "github", RenderOptions(base_dir=tmp_path))
    assert "file=baeume/baeume.csv,line=2" in text
