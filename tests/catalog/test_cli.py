"""``stadtdaten catalog``: list, show, search, add, remove, check; German and English; JSON; exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stadtdaten.catalog.local import LocalCatalog
from stadtdaten.cli import run_cli
from stadtdaten.core.report import DatasetResult, Report
from tests.catalog.conftest import write_dataset


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A dataset repository with two datasets; the working directory is its root."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("STADTDATEN_CATALOG", raising=False)
    write_dataset(
        tmp_path / "data",
        "stadtbaeume",
        title="Stadtbäume Bielefeld",
        description="Das Baumkataster der Stadt.",
        keywords=["Umwelt"],
        fields=[{"name": "gattung", "type": "string", "description": "Botanische Gattung"}],
    )
    write_dataset(tmp_path / "data", "bevoelkerung", title="Bevölkerung nach Bezirken", description="Einwohner je Bezirk.")
    return tmp_path


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run_cli(list(args))
    captured = capsys.readouterr()
    return int(code or 0), captured.out, captured.err


def test_reading_commands_do_not_create_a_catalogue(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "--lang", "en", "catalog", "list")
    assert code == 0 and "There is no catalogue" in out
    code, out, _ = cli(capsys, "--lang", "de", "catalog", "search", "baum")
    assert code == 0 and "gibt es noch keinen Katalog" in out
    code, out, _ = cli(capsys, "catalog", "list", "--json")
    assert json.loads(out)["datasets"] == []
    assert not (project / ".stadtdaten").exists()


def test_add_list_show_search_in_english(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "--lang", "en", "catalog", "add", "data")
    assert code == 0 and "added" in out and "stadtbaeume" in out
    code, out, _ = cli(capsys, "--lang", "en", "catalog", "add", "data/stadtbaeume")
    assert code == 0 and "unchanged" in out
    code, out, _ = cli(capsys, "--lang", "en", "catalog", "list")
    assert code == 0 and "Stadtbäume Bielefeld" in out and "not checked" in out and "2 of 2 datasets" in out
    code, out, _ = cli(capsys, "--lang", "en", "catalog", "show", "stadtbaeume")
    assert code == 0 and "Botanische Gattung" in out and "No reports yet" in out
    code, out, _ = cli(capsys, "--lang", "en", "catalog", "search", "bäume")
    assert code == 0 and "stadtbaeume" in out and "bevoelkerung" not in out
    code, out, _ = cli(capsys, "--lang", "en", "catalog", "search", "gattung", "xyzzy")
    assert code == 0 and "match some of them" in out
    code, out, _ = cli(capsys, "--lang", "en", "catalog", "search", "xyzzy")
    assert code == 0 and "No dataset matches" in out
    assert (project / ".stadtdaten" / "catalog.sqlite").is_file()


def test_german_output(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli(capsys, "catalog", "add", "data")
    with LocalCatalog.open(project / ".stadtdaten") as catalog:
        report = Report(command="validate", options={"fail_on": "error"})
        report.datasets.append(DatasetResult(name="stadtbaeume"))
        catalog.add_report(report.finish())
    code, out, _ = cli(capsys, "--lang", "de", "catalog", "list")
    assert code == 0 and "Herkunft" in out and "bestanden" in out and "nicht geprüft" in out
    code, out, _ = cli(capsys, "--lang", "de", "catalog", "show", "stadtbaeume")
    assert code == 0 and "Berichtsverlauf" in out and "Entwicklung gegenüber dem vorigen Lauf: neu" in out
    code, out, _ = cli(capsys, "--lang", "de", "catalog", "search", "baeume")
    assert code == 0 and "Suchergebnisse für „baeume“" in out and "Titel" in out


def test_json_output(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "catalog", "add", "--json", "data")
    added = json.loads(out)
    assert code == 0 and {d["action"] for d in added["datasets"]} == {"added"} and added["errors"] == []
    listing = json.loads(cli(capsys, "catalog", "list", "--json")[1])
    assert listing["count"] == 2 and [d["name"] for d in listing["datasets"]] == ["bevoelkerung", "stadtbaeume"]
    shown = json.loads(cli(capsys, "catalog", "show", "--json", "stadtbaeume")[1])
    assert shown["descriptor"]["title"] == "Stadtbäume Bielefeld" and shown["reports"] == [] and shown["trend"] is None
    assert shown["resources"][0]["schema"]["fields"][0]["name"] == "gattung"
    found = json.loads(cli(capsys, "catalog", "search", "--json", "Bäume")[1])
    assert found["hits"][0]["name"] == "stadtbaeume" and "**Stadtbäume**" in found["hits"][0]["title_marked"]
    checked = json.loads(cli(capsys, "catalog", "check", "--json")[1])
    assert checked["problems"] == [] and checked["datasets"] == 2


def test_unknown_id_is_exit_2_with_close_matches(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli(capsys, "catalog", "add", "data")
    code, out, err = cli(capsys, "--lang", "en", "catalog", "show", "stadtbaume")
    assert code == 2 and out == ""
    assert "no dataset 'stadtbaume'" in err and "Did you mean: stadtbaeume?" in err and "Traceback" not in err
    code, _, err = cli(capsys, "--lang", "de", "catalog", "show", "bevoelkerun")
    assert code == 2 and "Meinten Sie: bevoelkerung?" in err
    code, _, err = cli(capsys, "--lang", "en", "catalog", "--catalog", str(project / "empty"), "show", "x")
    assert code == 2 and "no dataset 'x'" in err


def test_catalog_location_option_env_and_config(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli(capsys, "catalog", "--catalog", "one", "add", "data/stadtbaeume")[0] == 0
    assert cli(capsys, "catalog", "add", "--catalog", "two", "data/bevoelkerung")[0] == 0
    assert LocalCatalog.open(project / "one").names() == ["stadtbaeume"]
    assert LocalCatalog.open(project / "two").names() == ["bevoelkerung"]
    monkeypatch.setenv("STADTDATEN_CATALOG", str(project / "one"))
    assert json.loads(cli(capsys, "catalog", "list", "--json")[1])["count"] == 1
    # the subcommand's option beats the environment
    assert [d["name"] for d in json.loads(cli(capsys, "catalog", "list", "--json", "--catalog", "two")[1])["datasets"]] == [
        "bevoelkerung"
    ]
    monkeypatch.delenv("STADTDATEN_CATALOG")
    (project / "stadtdaten.toml").write_text('[project]\ncatalog_dir = "state"\n')
    assert cli(capsys, "catalog", "add", "data")[0] == 0
    assert LocalCatalog.exists(project / "state")


def test_add_reports_bad_paths_and_continues(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = project / "broken"
    broken.mkdir()
    (broken / "datapackage.yaml").write_text("name: [unclosed\n")
    code, out, err = cli(capsys, "--lang", "en", "catalog", "add", "data/stadtbaeume", "broken", "nowhere")
    assert code == 3  # an unreadable path (3) outranks an unusable descriptor (2)
    assert "stadtbaeume" in out and "descriptor-error" in err and "input-error" in err and "Traceback" not in err
    code, out, _ = cli(capsys, "catalog", "add", "--json", "broken")
    assert code == 2 and json.loads(out)["errors"][0]["code"] == "descriptor-error"


def test_remove_and_check(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli(capsys, "catalog", "add", "data")
    code, out, _ = cli(capsys, "--lang", "en", "catalog", "remove", "bevoelkerung")
    assert code == 0 and "Removed bevoelkerung" in out
    code, _, err = cli(capsys, "--lang", "en", "catalog", "remove", "bevoelkerung")
    assert code == 2 and "no dataset" in err
    code, out, _ = cli(capsys, "--lang", "en", "catalog", "check")
    assert code == 0 and "healthy (1 datasets)" in out
    assert (project / "data" / "bevoelkerung" / "data.csv").exists()
