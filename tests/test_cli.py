"""The CLI's contract: documented exit codes, clear errors, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from stadtdaten.cli import run_cli


def test_help_lists_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["--help"]) == 0
    out = capsys.readouterr().out
    assert "validate" in out and "Exit codes" in out


def test_unknown_option_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["--lang", "fr", "validate", "x"]) == 2


def test_bad_config_is_exit_2_with_file_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "stadtdaten.toml"
    config.write_text("[project\n")
    (tmp_path / "a.csv").write_text("a\n1\n")
    code = run_cli(["--lang", "en", "--config", str(config), "validate", "--no-catalog", str(tmp_path / "a.csv")])
    err = capsys.readouterr().err
    assert code == 2
    assert str(config) in err and "Traceback" not in err


def test_german_error_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "stadtdaten.toml"
    config.write_text("[project\n")
    run_cli(["--lang", "de", "--config", str(config), "validate", "--no-catalog", str(tmp_path)])
    assert "Fehler in der Konfiguration" in capsys.readouterr().err


def test_missing_dataset_is_a_finding_not_a_crash(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run_cli(["--lang", "en", "validate", "--no-catalog", "--json", str(tmp_path / "nope")])
    captured = capsys.readouterr()
    assert code == 1
    assert "dataset-unreadable" in captured.out and "Traceback" not in captured.err


def test_demo_describes_what_is_missing_and_validates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    examples = Path(__file__).resolve().parents[1] / "examples" / "bielefeld"
    root = tmp_path / "bielefeld"
    shutil.copytree(examples / "wahlergebnisse", root / "wahlergebnisse")
    shutil.copy(examples / "stadtdaten.toml", root / "stadtdaten.toml")
    (root / "neu").mkdir()
    (root / "neu" / "zaehlung.csv").write_text("stelle;anzahl\nJahnplatz;120\nKesselbrink;85\n", encoding="utf-8")
    assert run_cli(["--lang", "en", "demo", "--dir", str(root)]) == 0
    captured = capsys.readouterr()
    assert (root / "neu" / "datapackage.yaml").is_file()
    assert "described" in captured.err and "Summary: 2 datasets" in captured.out
    assert (root / ".stadtdaten" / "catalog.sqlite").is_file()
