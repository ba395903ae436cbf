"""Project config layering and dataset loading: clear errors, never tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from stadtdaten.core.config import load_config
from stadtdaten.core.dataset import load_dataset, slugify, validate_descriptor
from stadtdaten.core.errors import ConfigError, DescriptorError, InputError


def test_defaults_are_bielefeld(tmp_path: Path) -> None:
    config = load_config(start=tmp_path)
    assert config.geocoding == "05711000" and config.publisher["name"] == "Stadt Bielefeld"


def test_nearest_config_wins(tmp_path: Path) -> None:
    (tmp_path / "stadtdaten.toml").write_text('[project]\nbase_uri = "https://example.org/"\nprofile = "strict"\n')
    nested = tmp_path / "data" / "baeume"
    nested.mkdir(parents=True)
    config = load_config(start=nested)
    assert config.base_uri == "https://example.org/" and config.profile == "strict"
    assert config.catalog_path == tmp_path / ".stadtdaten"


def test_token_in_config_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "stadtdaten.toml"
    path.write_text('[ckan]\nurl = "http://127.0.0.1:5000"\ntoken = "abc"\n')
    with pytest.raises(ConfigError, match="token"):
        load_config(path)


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "stadtdaten.toml"
    path.write_text("[project\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(path) in str(info.value)


def test_yaml_syntax_error_names_line(tmp_path: Path) -> None:
    (tmp_path / "datapackage.yaml").write_text("name: x\nresources: [\n  - a: 1\n")
    with pytest.raises(DescriptorError, match="line"):
        load_dataset(tmp_path)


def test_missing_path_is_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        load_dataset(tmp_path / "nope")


def test_bare_file_becomes_dataset(tmp_path: Path) -> None:
    data = tmp_path / "Stadtbäume 2024.csv"
    data.write_text("a,b\n1,2\n")
    dataset = load_dataset(data)
    assert dataset.name == "stadtbaeume-2024" and dataset.resources[0].fullpath == data.resolve()


def test_descriptor_findings_carry_pointer(tmp_path: Path) -> None:
    (tmp_path / "datapackage.yaml").write_text("name: Bad Name\nresources:\n  - name: a\n    path: missing.csv\n")
    findings = validate_descriptor(load_dataset(tmp_path))
    codes = {(f.code, f.location.pointer) for f in findings}
    assert ("descriptor-invalid", "/name") in codes
    assert any(f.code == "resource-missing" for f in findings)


def test_content_hash_changes_with_data(tmp_path: Path) -> None:
    (tmp_path / "datapackage.yaml").write_text("name: x\nresources:\n  - name: a\n    path: a.csv\n")
    (tmp_path / "a.csv").write_text("a\n1\n")
    before = load_dataset(tmp_path).content_hash()
    (tmp_path / "a.csv").write_text("a\n2\n")
    assert load_dataset(tmp_path).content_hash() != before


def test_slugify_german() -> None:
    assert slugify("Größe der Bäume (Übersicht)") == "groesse-der-baeume-uebersicht"
