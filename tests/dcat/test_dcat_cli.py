"""``stadtdaten dcat emit`` and ``stadtdaten dcat check``: every reference example gives a report, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from stadtdaten.cli import run_cli
from tests.conftest import EXAMPLES, shared_path
from tests.dcat.conftest import FIXTURES

EXAMPLE_FILES = [
    "bielefeld-minimal-dcatapde3.ttl",
    "dcatapde-3.0_Dataset-und-Distribution.ttl",
    "dcatapde-3.0_DataService.ttl",
    "dcatapde-2.0_RefImp_TTL_ADVANCED.ttl",
    "ckanext-dcat_dataset_gov_de.rdf",
    "govdata-shacl-testcase_bremen-dataset-extracted.ttl",
]


def _check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    code = run_cli(["--lang", "en", "dcat", "check", *args, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_check_every_reference_example(capsys: pytest.CaptureFixture[str], name: str) -> None:
    path = shared_path("reference", "examples", name)
    code, report = _check(capsys, str(path))
    assert report["command"] == "dcat check"
    [result] = report["datasets"]
    errors = [f for f in result["findings"] if f["severity"] == "error"]
    assert code == (1 if errors else 0)
    if name == "dcatapde-3.0_DataService.ttl":
        [parse] = errors
        assert parse["code"] == "dcat-parse-error"
        assert parse["location"]["line"] == 13 and parse["params"]["column"] == 1
        assert "mqa" not in result.get("extras", {})
    else:
        assert result["extras"]["mqa"]["max"] == 405
        assert any(f["code"] == "dcat-mqa-score" for f in result["findings"])
    if name.startswith(("bielefeld-minimal", "dcatapde-3.0_Dataset")):
        assert code == 0
    if name.startswith("govdata-shacl-testcase_bremen"):
        codes = {f["code"] for f in errors}
        assert {"shacl-k01-mailto", "shacl-k38", "shacl-k35"} <= codes


def test_check_terminal_german(capsys: pytest.CaptureFixture[str]) -> None:
    path = shared_path("reference", "examples", "dcatapde-3.0_DataService.ttl")
    code = run_cli(["--lang", "de", "dcat", "check", str(path)])
    out = capsys.readouterr().out
    assert code == 1
    assert "Zeile 13, Spalte 1" in out and "Traceback" not in out


def test_check_url_on_loopback(capsys: pytest.CaptureFixture[str], file_server: tuple[str, object]) -> None:
    base, server = file_server
    server.files["/catalog.ttl"] = FIXTURES / "baeume" / "baeume.csv"  # type: ignore[attr-defined]
    emitted = Path(__file__).parent / "fixtures" / "_catalog.ttl"
    try:
        assert run_cli(["dcat", "emit", str(FIXTURES / "baeume"), "-o", str(emitted)]) == 0
        server.files["/catalog.ttl"] = emitted  # type: ignore[attr-defined]
        code, report = _check(capsys, base + "catalog.ttl")
    finally:
        emitted.unlink(missing_ok=True)
    assert code == 0, report
    assert report["datasets"][0]["extras"]["triples"] > 50
    code = run_cli(["dcat", "check", base + "nothing-here.ttl"])
    captured = capsys.readouterr()
    assert code == 3 and "404" in captured.err and "Traceback" not in captured.err


def test_check_refuses_xml_entities(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    evil = tmp_path / "evil.rdf"
    evil.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dct="http://purl.org/dc/terms/">'
        '<rdf:Description rdf:about="http://example.org/d"><dct:title>&x;</dct:title></rdf:Description></rdf:RDF>\n',
        encoding="utf-8",
    )
    code, report = _check(capsys, str(evil))
    assert code == 1
    assert [f["code"] for f in report["datasets"][0]["findings"]] == ["dcat-unsafe-xml"]


def test_check_refuses_remote_jsonld_context(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    doc = tmp_path / "remote.jsonld"
    doc.write_text(
        json.dumps({"@context": "https://example.org/context.jsonld", "@id": "http://example.org/d"}), encoding="utf-8"
    )
    code, report = _check(capsys, str(doc))
    assert code == 1 and report["datasets"][0]["findings"][0]["code"] == "dcat-remote-context"


@pytest.mark.parametrize(
    ("content", "suffix", "line"),
    [
        ('{\n  "@id": ', ".jsonld", 2),
        ("<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\n<x>\n</rdf:RDF>", ".rdf", 3),
    ],
)
def test_parse_errors_have_positions(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, suffix: str, line: int
) -> None:
    doc = tmp_path / ("broken" + suffix)
    doc.write_text(content, encoding="utf-8")
    code, report = _check(capsys, str(doc))
    [finding] = report["datasets"][0]["findings"]
    assert code == 1 and finding["code"] == "dcat-parse-error" and finding["location"]["line"] == line


def test_missing_file_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run_cli(["dcat", "check", str(tmp_path / "nope.ttl")]) == 2


@pytest.mark.parametrize(
    ("suffix", "rdflib_format"), [(".ttl", "turtle"), (".rdf", "xml"), (".jsonld", "json-ld"), (".nt", "nt")]
)
def test_emit_all_formats(tmp_path: Path, catalog: rdflib.Graph, suffix: str, rdflib_format: str) -> None:
    target = tmp_path / ("catalog" + suffix)
    paths = [str(EXAMPLES), str(FIXTURES)] if EXAMPLES.is_dir() else [str(FIXTURES)]
    config = ["--config", str(EXAMPLES / "stadtdaten.toml")] if EXAMPLES.is_dir() else []
    assert run_cli([*config, "dcat", "emit", *paths, "-o", str(target)]) == 0
    assert isomorphic(rdflib.Graph().parse(target, format=rdflib_format), catalog)


def test_emit_own_shapes_pass_via_cli(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "c.ttl"
    assert run_cli(["dcat", "emit", str(FIXTURES), "-o", str(target)]) == 0
    code, report = _check(capsys, str(target))
    assert code == 0
    assert report["stats"]["by_severity"]["error"] == 0 and report["stats"]["by_severity"]["warning"] == 0


def test_check_with_official_shapes_marks_upstream_defects(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--official + --vocabulary: the DE 3.0 bundle on our record; UD-1 shows as info, the run passes."""
    shapes = shared_path("reference", "dcat-ap-de", "bundle-dcat-ap-de-3.0-spec.shapes.ttl")
    vocabulary = shared_path("reference", "dcat-ap-de", "bundle-offline-vocabularies.ttl")
    target = tmp_path / "c.ttl"
    assert run_cli(["dcat", "emit", str(FIXTURES / "baeume"), "-o", str(target)]) == 0
    code, report = _check(capsys, str(target), "--official", str(shapes), "--vocabulary", str(vocabulary), "--no-mqa")
    findings = report["datasets"][0]["findings"]
    defects = [f for f in findings if f["params"].get("upstream_defect")]
    assert code == 0, [f["message"] for f in findings if f["severity"] == "error"]
    assert defects and all(f["params"]["upstream_defect"] == "UD-1" and f["severity"] == "info" for f in defects)
    assert all(f["message"].startswith("[UD-1, upstream defect]") for f in defects)
