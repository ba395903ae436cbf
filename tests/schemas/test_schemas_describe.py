"""``stadtdaten describe``: descriptor written from the files and the config, never overwriting, no tracebacks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from stadtdaten.cli import run_cli
from stadtdaten.core.config import ProjectConfig
from stadtdaten.core.dataset import DESCRIPTOR_NAMES, load_dataset, validate_descriptor
from stadtdaten.schemas.describe import describe_folder, describe_path
from tests.conftest import SHARED, shared_path

GERMAN_CP1252 = "Straße;Größe;Bemerkung\nHauptstraße;12,5;„gut“ – sehr\nÜbergang;3;Bäume €\n".encode("cp1252")


def _copy(tmp_path: Path, *parts: str) -> Path:
    source = shared_path(*parts)
    target = tmp_path / source.name
    shutil.copyfile(source, target)
    return target


def _describe(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    code = run_cli(["describe", *args, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip().startswith("{") else {}


def test_describe_population_writes_descriptor_with_defaults(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _copy(tmp_path, "realdata", "bielefeld-bevoelkerung", "bielefeld_bev_struktur_2000bis2019.csv")
    (tmp_path / "stadtdaten.toml").write_text('[project]\ncontact_point = {email = "statistik@bielefeld.de"}\n', encoding="utf-8")
    code, result = _describe(capsys, str(data))
    assert code == 0 and result["created"] and result["written"]
    descriptor = yaml.safe_load((tmp_path / "datapackage.yaml").read_text(encoding="utf-8"))
    assert descriptor["licenses"][0]["name"] == "TODO"
    dcat = descriptor["dcat"]
    assert dcat["publisher"]["name"] == "Stadt Bielefeld"
    assert dcat["contact_point"] == {"email": "statistik@bielefeld.de"}
    assert dcat["spatial"] == {"geocoding": "05711000", "level": "municipality", "label": "Bielefeld"}
    assert dcat["language"] == ["DEU"] and dcat["access_rights"] == "PUBLIC"
    resource = descriptor["resources"][0]
    assert resource["path"] == data.name and resource["encoding"] == "utf-8-sig"
    assert resource["dialect"] == {"delimiter": ";"}
    assert resource["bytes"] == data.stat().st_size and resource["hash"].startswith("sha256:")
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    assert fields["stichtag"]["format"] == "%d%m%Y" and fields["stat_id"]["type"] == "string"
    assert {u["code"] for u in result["undecided"]} >= {"license", "title", "description"}
    assert "contact_point" not in {u["code"] for u in result["undecided"]}
    dataset = load_dataset(tmp_path)
    assert validate_descriptor(dataset) == []  # the written descriptor passes the shipped JSON Schema


def test_existing_content_is_kept_unless_forced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _copy(tmp_path, "realdata", "muenster-haushalt", "ergebnis-2010-band1.csv")
    descriptor = tmp_path / "datapackage.yaml"
    descriptor.write_text(
        "# Haushalt Münster, von Hand gepflegt\n"
        "name: haushalt\n"
        "title: Haushalt 2010  # Titel bleibt\n"
        "licenses:\n  - name: dl-by-de/2.0\n"
        "resources:\n  - name: band1\n    path: ergebnis-2010-band1.csv\n    encoding: latin-1\n",
        encoding="utf-8",
    )
    code, result = _describe(capsys, str(tmp_path))
    assert code == 0
    text = descriptor.read_text(encoding="utf-8")
    assert text.startswith("# Haushalt Münster, von Hand gepflegt") and "# Titel bleibt" in text  # comments survive
    written = yaml.safe_load(text)
    assert written["title"] == "Haushalt 2010"
    assert written["licenses"] == [{"name": "dl-by-de/2.0"}]
    assert written["resources"][0]["encoding"] == "latin-1"  # kept, reported as skipped
    assert "/resources/0/encoding" in result["skipped"]
    assert "/resources/0/schema" in result["filled"] and "/dcat" in result["filled"]
    before = descriptor.read_bytes()
    code, result = _describe(capsys, str(tmp_path))
    assert code == 0 and not result["written"] and descriptor.read_bytes() == before
    code, result = _describe(capsys, str(data), "--force")
    assert code == 0 and "/resources/0/encoding" in result["replaced"]
    assert yaml.safe_load(descriptor.read_text(encoding="utf-8"))["resources"][0]["encoding"] == "utf-8"


def test_changed_file_refreshes_hash_but_keeps_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "werte.csv"
    data.write_text("id;wert\n1;2,5\n", encoding="utf-8")
    assert run_cli(["describe", str(tmp_path)]) == 0
    capsys.readouterr()
    descriptor = tmp_path / "datapackage.yaml"
    first = yaml.safe_load(descriptor.read_text(encoding="utf-8"))["resources"][0]
    data.write_text("id;wert\n1;2,5\n2;x\n", encoding="utf-8")
    code, result = _describe(capsys, str(tmp_path))
    assert code == 0 and set(result["replaced"]) == {"/resources/0/bytes", "/resources/0/hash"}
    second = yaml.safe_load(descriptor.read_text(encoding="utf-8"))["resources"][0]
    assert second["schema"] == first["schema"] and second["hash"] != first["hash"]


def test_folder_with_several_formats_and_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for suffix in ("csv", "xlsx", "geojson"):
        _copy(tmp_path, "realdata", "steinfurt-windenergieanlagen", f"steinfurt_wea_kataster_2014.{suffix}")
    (tmp_path / "notes.txt.pdf").write_bytes(b"%PDF-1.4")
    output = tmp_path / "out" / "package.json"
    code, result = _describe(capsys, str(tmp_path), "--output", str(output))
    assert code == 0
    package = json.loads(output.read_text(encoding="utf-8"))
    names = [r["name"] for r in package["resources"]]
    assert len(set(names)) == 3
    by_format = {r["format"]: r for r in package["resources"]}
    assert by_format["csv"]["encoding"] == "utf-16"
    assert by_format["csv"]["path"] == "../steinfurt_wea_kataster_2014.csv"
    geometry = by_format["geojson"]["schema"]["fields"][-1]
    assert geometry == {"name": "geometry", "type": "geojson"}
    reports = {r["format"]: r for r in result["resources"]}
    assert "geojson-crs-member" in [n["code"] for n in reports["geojson"]["notes"]]
    assert reports["csv"]["encoding"]["bom"] is True
    assert result["ignored"] == ["../notes.txt.pdf"]  # paths relative to the descriptor


def test_german_terminal_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "alt.csv").write_bytes(GERMAN_CP1252)
    assert run_cli(["--lang", "de", "describe", str(tmp_path / "alt.csv")]) == 0
    out = capsys.readouterr().out
    assert "Kodierung: CP1252" in out and "0x80–0x9F gefunden" in out
    assert "Nicht entschieden" in out and "Lizenz" in out
    (tmp_path / "sensor").mkdir()
    rows = "".join(f"{i};{i % 50}\n" for i in range(60)) + "61;ges\n"
    (tmp_path / "sensor" / "belegung.csv").write_text("id;belegt\n" + rows, encoding="utf-8")
    assert run_cli(["--lang", "de", "describe", str(tmp_path / "sensor")]) == 0
    assert "98% der Werte sind ganze Zahlen; 1 passen nicht" in capsys.readouterr().out
    assert (tmp_path / "datapackage.yaml").is_file()


def test_xlsx_sheet_and_merged_header(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _copy(tmp_path, "realdata", "frictionless-py-fixtures", "multiline-headers.xlsx")
    code, result = _describe(capsys, str(data))
    assert code == 0
    resource = yaml.safe_load((tmp_path / "datapackage.yaml").read_text(encoding="utf-8"))["resources"][0]
    assert resource["dialect"] == {"headerRows": [1, 2, 3, 4, 5]}
    assert "merged-header" in [n["code"] for n in result["resources"][0]["notes"]]
    assert run_cli(["describe", str(data), "--sheet", "Fehlt", "--force"]) == 2
    assert "sheet-not-found" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "args", "expected"),
    [
        (None, [], 2),  # empty folder: usage
        (b"PK\x03\x04\x00\x00binary\x00\x00", [], 3),  # binary .csv: unreadable
        (b"a;b\n1;2\n", ["--sheet", "x"], 2),  # --sheet on a CSV
        (b"a;b\n1;2\n", ["--preset", "fr"], 2),  # unknown preset (click choice)
    ],
)
def test_exit_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, args: list[str], expected: int
) -> None:
    target: Path = tmp_path
    if content is not None:
        target = tmp_path / "data.csv"
        target.write_bytes(content)
    assert run_cli(["describe", str(target), *args]) == expected
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Internal error" not in err


def test_folder_with_one_unreadable_file_still_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "gut.csv").write_bytes(b"a;b\n1;2\n")
    (tmp_path / "kaputt.csv").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    code, result = _describe(capsys, str(tmp_path))
    assert code == 3
    assert result["written"] and [r["path"] for r in result["resources"] if "error" in r] == ["kaputt.csv"]


def test_pipeline_entry_point_and_dry_run(tmp_path: Path) -> None:
    (tmp_path / "d.csv").write_bytes(b"id;wert\n1;2,5\n2;3,5\n")
    result = describe_path(tmp_path, ProjectConfig(), write=False)
    assert not result.written and not (tmp_path / "datapackage.yaml").exists()
    describe_folder(tmp_path, ProjectConfig())
    assert (tmp_path / "datapackage.yaml").is_file()


def _realdata_files() -> list[Path]:
    root = SHARED / "realdata"
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() != ".md")


@pytest.mark.parametrize("source", _realdata_files(), ids=lambda p: str(p.relative_to(SHARED / "realdata")))
def test_describe_never_tracebacks_on_real_data(source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / source.name
    shutil.copyfile(source, target)
    code = run_cli(["describe", str(target), "--json"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "Internal error" not in captured.err, captured.err
    tabular = source.suffix.lower().lstrip(".") in {"csv", "xlsx", "json", "geojson"}
    if source.name in DESCRIPTOR_NAMES:  # a descriptor alone: completed in place (its data files are not copied)
        assert code in (0, 2), captured.err  # 2: a test-vector file that only carries the name (not a mapping)
        if code == 0:
            completed = load_dataset(target)
            assert completed.descriptor.get("dcat") and completed.descriptor["resources"]
        else:
            assert "descriptor-error" in captured.err
    elif tabular:
        assert code == 0, captured.err
        result = json.loads(captured.out)
        assert result["written"]
        descriptor = yaml.safe_load((tmp_path / "datapackage.yaml").read_text(encoding="utf-8"))
        assert descriptor["resources"][0]["schema"]["fields"]
    else:
        assert code == 2, captured.err
