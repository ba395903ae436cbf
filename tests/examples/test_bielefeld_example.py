"""The bundled example catalogue (examples/bielefeld): descriptors, files, generator, planted defects.

The demo and the tests of other components rely on this folder: every descriptor must validate, every
planted defect must be where ``_defects.json`` says it is (and nothing else may be broken in the data),
and the generator must reproduce the committed files byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

from stadtdaten.core.config import load_config
from stadtdaten.core.dataset import find_datasets, load_dataset, validate_descriptor
from tests.conftest import EXAMPLES

DATASETS = ("abfallbehaelter", "bevoelkerung", "parken-lorawan", "stadtbaeume", "wahlergebnisse")
GENERATOR = EXAMPLES / "_generate.py"
MANIFEST = json.loads((EXAMPLES / "_defects.json").read_text(encoding="utf-8"))
DEFECTS: list[dict[str, Any]] = MANIFEST["defects"]
BBOX = (8.37, 51.91, 8.67, 52.12)


def read(dataset: str, resource: str) -> pl.DataFrame:
    """A resource as strings, exactly as in the file (no inference, no missing-value handling)."""
    res = load_dataset(EXAMPLES / dataset).resource(resource)
    sep = res.dialect.get("delimiter", ",")
    return pl.read_csv(res.fullpath, separator=sep, infer_schema=False).with_columns(pl.all().fill_null(""))


def german_number(column: str) -> pl.Expr:
    return pl.col(column).str.replace(",", ".").cast(pl.Float64, strict=False)


def tree_table() -> pl.DataFrame:
    return read("stadtbaeume", "stadtbaeume").with_row_index("row", offset=2)


# ------------------------------------------------------------------ descriptors and files


def test_the_example_holds_the_expected_datasets() -> None:
    assert [p.name for p in find_datasets(EXAMPLES)] == list(DATASETS)


@pytest.mark.parametrize("name", DATASETS)
def test_descriptor_validates_against_the_json_schema(name: str) -> None:
    findings = validate_descriptor(load_dataset(EXAMPLES / name))
    assert findings == [], [f.params for f in findings]


@pytest.mark.parametrize("name", DATASETS)
def test_every_resource_file_exists_and_is_utf8(name: str) -> None:
    dataset = load_dataset(EXAMPLES / name)
    assert dataset.resources
    for resource in dataset.resources:
        assert resource.fullpath is not None and resource.fullpath.is_file(), resource.path
        resource.fullpath.read_bytes().decode("utf-8")  # raises on anything else


@pytest.mark.parametrize("name", DATASETS)
def test_descriptor_carries_everything_dcat_and_the_leitlinie_ask_for(name: str) -> None:
    """The fields behind MQA 'Excellent' and the metadata rules, so the demo reports only planted defects."""
    dataset = load_dataset(EXAMPLES / name)
    meta = dataset.metadata
    assert meta.title and meta.title_en and meta.description_en
    assert meta.description and len(meta.description) >= 200 and "erfundene Beispieldaten" in meta.description
    assert meta.keywords and meta.keywords_en and meta.themes
    assert meta.publisher and meta.publisher.name == "Stadt Bielefeld" and meta.publisher.type == "LocalAuthority"
    assert meta.contact_point and meta.contact_point.email and meta.contact_point.email.endswith("@bielefeld.de")
    assert meta.maintainer and meta.maintainer.name
    assert meta.spatial and meta.spatial.geocoding == "05711000" and meta.spatial.level == "municipality"
    assert meta.spatial.bbox == BBOX
    assert meta.temporal and meta.temporal.start and meta.temporal.end
    assert meta.accrual_periodicity and meta.issued and meta.modified and meta.issued <= meta.modified
    assert meta.provenance and meta.access_rights == "PUBLIC" and meta.language == ("DEU",)
    assert meta.landing_page == f"https://open.bielefeld.de/dataset/{name}"
    assert meta.license and meta.license.iri and meta.license.iri.startswith("http://dcat-ap.de/def/licenses/")
    if "-by" in (meta.license.id or ""):
        assert meta.license_attribution and meta.license_attribution.startswith("©")
    gov = meta.governance
    assert gov.feedback and gov.feedback.email == "opendata@bielefeld.de"
    assert gov.rights_holder in ("city", "third-party")
    if gov.rights_holder == "third-party":
        assert meta.originator and gov.agreement_reference and gov.source_license and gov.trade_secret_review


@pytest.mark.parametrize("name", DATASETS)
def test_every_field_is_documented_in_german_with_units(name: str) -> None:
    for resource in load_dataset(EXAMPLES / name).resources:
        schema = resource.schema_descriptor
        assert isinstance(schema, dict)
        assert schema.get("primaryKey"), resource.name
        header = resource.fullpath.read_text(encoding="utf-8-sig").splitlines()[0]  # type: ignore[union-attr]
        sep = resource.dialect.get("delimiter", ",")
        assert header.split(sep) == [f["name"] for f in schema["fields"]], resource.name
        for field in schema["fields"]:
            assert field.get("title") and field.get("description"), (resource.name, field["name"])
            if field["type"] in ("integer", "number"):
                assert field.get("unit"), (resource.name, field["name"])
            if field["name"].endswith("_id") or field["name"] == "stat_id":
                assert field["type"] == "string", (resource.name, field["name"])


@pytest.mark.parametrize("name", DATASETS)
def test_declared_bytes_and_hash_match_the_files(name: str) -> None:
    for resource in load_dataset(EXAMPLES / name).resources:
        assert resource.descriptor["bytes"] == resource.fullpath.stat().st_size  # type: ignore[union-attr]
        assert resource.descriptor["hash"] == resource.file_hash()


def test_third_party_and_disclosure_settings() -> None:
    parken = load_dataset(EXAMPLES / "parken-lorawan").metadata
    assert parken.governance.rights_holder == "third-party"
    assert parken.originator and parken.originator.name == "Stadtwerke Bielefeld GmbH"
    bev = load_dataset(EXAMPLES / "bevoelkerung")
    assert bev.metadata.governance.disclosure.threshold == 3
    fields = {f["name"]: f for f in bev.resource("bevoelkerung").schema_descriptor["fields"]}  # type: ignore[index]
    assert fields["einwohner"]["disclosure"] == "count" and fields["einwohner"]["unit"] == "Personen"
    assert fields["geschlecht"]["total"] == "3"
    assert "." in bev.resource("bevoelkerung").schema_descriptor["missingValues"]  # type: ignore[index]


def test_project_config() -> None:
    config = load_config(EXAMPLES / "stadtdaten.toml")
    assert config.publisher["name"] == "Stadt Bielefeld" and config.publisher["type"] == "LocalAuthority"
    assert config.contact_point["email"] == "opendata@bielefeld.de"
    assert config.base_uri == "https://open.bielefeld.de/" and config.geocoding == "05711000"
    assert config.profile == "bielefeld" and config.catalog_dir == ".stadtdaten"
    assert config.catalog_path == (EXAMPLES / ".stadtdaten").resolve()
    for dataset in DATASETS:
        maintainer = load_dataset(EXAMPLES / dataset).metadata.maintainer
        assert maintainer is not None and maintainer.name in config.organisations


def test_committed_size_stays_small() -> None:
    total = sum(p.stat().st_size for p in EXAMPLES.rglob("*") if p.is_file() and ".stadtdaten" not in p.parts)
    assert total < 8 * 1024 * 1024, total


# ------------------------------------------------------------------ temporal coverage matches the data


def _local_dates(values: pl.Series) -> tuple[date, date]:
    parsed = [datetime.fromisoformat(v) for v in values]
    return min(parsed).date(), max(parsed).date()


@pytest.mark.parametrize(
    ("dataset", "resource", "column", "kind"),
    [
        ("stadtbaeume", "stadtbaeume", "letzte_kontrolle", "%d.%m.%Y"),
        ("bevoelkerung", "bevoelkerung", "stichtag", "%d.%m.%Y"),
        ("wahlergebnisse", "zweitstimmen", "wahltag", "%Y-%m-%d"),
        ("parken-lorawan", "belegung", "zeitstempel", "iso"),
        ("abfallbehaelter", "fuellstaende", "zeitstempel", "iso"),
    ],
)
def test_temporal_coverage_matches_the_data(dataset: str, resource: str, column: str, kind: str) -> None:
    values = read(dataset, resource)[column]
    values = values.filter(values != "")
    if kind == "iso":
        first, last = _local_dates(values)
        # the window starts at 00:00 UTC, so local and UTC dates agree (no false DS-TRANS-009 either way)
        instants = [datetime.fromisoformat(v) for v in values]
        assert (min(instants).astimezone(UTC).date(), max(instants).astimezone(UTC).date()) == (first, last)
    else:
        parsed = values.str.to_date(kind)
        first, last = parsed.min(), parsed.max()
    temporal = load_dataset(EXAMPLES / dataset).metadata.temporal
    assert temporal is not None
    assert (first, last) == (temporal.start, temporal.end)


# ------------------------------------------------------------------ the planted defects


@pytest.mark.parametrize(
    "defect", [d for d in DEFECTS if d["row"] is not None], ids=lambda d: f"{d['dataset']}:{d['row']}:{d['field']}"
)
def test_manifest_points_at_the_planted_value(defect: dict[str, Any]) -> None:
    table = read(defect["dataset"], defect["resource"])
    assert table[defect["field"]][defect["row"] - 2] == defect["value"]


def test_stadtbaeume_defects() -> None:
    trees = tree_table()
    assert trees.height == 32_000
    duplicated = trees.filter(pl.col("baum_id").is_duplicated())
    assert duplicated.height == 2 and duplicated["baum_id"].n_unique() == 1
    bad_height = trees.filter(german_number("baumhoehe_m").is_null())
    assert sorted(bad_height["baumhoehe_m"].to_list()) == ["14,5 m", "ca. 12", "ca. 8"]
    bad_girth = trees.filter(pl.col("stammumfang_cm").cast(pl.Int64, strict=False).is_null())
    assert bad_girth["stammumfang_cm"].to_list() == ["k. A."]
    year = pl.col("pflanzjahr").cast(pl.Int64, strict=False)
    assert sorted(trees.filter((year < 1850) | (year > 2026))["pflanzjahr"].to_list()) == ["1198", "2109"]
    assert trees.filter(pl.col("art_botanisch") == "").height == 1
    assert trees.filter(~pl.col("stadtbezirk_id").str.contains(r"^0[0-9]$"))["stadtbezirk_id"].to_list() == ["3"]
    enum = ["gut", "leicht geschädigt", "mittelstark geschädigt", "stark geschädigt", "abgestorben"]
    assert trees.filter(~pl.col("zustand").is_in(enum))["zustand"].to_list() == ["sehr gut"]
    outside = trees.filter(
        ~german_number("lat").is_between(BBOX[1], BBOX[3]) | ~german_number("lon").is_between(BBOX[0], BBOX[2])
    )
    swapped = [d["row"] for d in DEFECTS if d["dataset"] == "stadtbaeume" and d["field"] == "lat"]
    assert outside["row"].to_list() == swapped
    assert outside.select(german_number("lat").is_between(8, 9)).item()  # the latitude column holds a longitude
    raw = (EXAMPLES / "stadtbaeume" / "stadtbaeume.csv").read_bytes()
    assert raw.count(b"\r\n") == trees.height + 1  # CRLF, as the cadastre software exports


def test_stadtbaeume_is_otherwise_clean() -> None:
    """Only the planted rows break the schema: the rest must not produce noise in the demo."""
    planted = {d["row"] for d in DEFECTS if d["dataset"] == "stadtbaeume" and d["row"]}
    rest = tree_table().filter(~pl.col("row").is_in(list(planted)))
    assert rest["baum_id"].str.contains(r"^BI-[0-9]{7}$").all() and rest["baum_id"].is_unique().all()
    assert rest.select(german_number("baumhoehe_m").is_between(1, 50).all()).item()
    assert rest.select(german_number("kronendurchmesser_m").is_between(0.5, 35).all()).item()
    assert rest.select(german_number("lat").is_between(BBOX[1], BBOX[3]).all()).item()
    assert rest.select(german_number("lon").is_between(BBOX[0], BBOX[2]).all()).item()
    assert rest.select(pl.col("stammumfang_cm").cast(pl.Int64).is_between(5, 900).all()).item()
    years = rest["pflanzjahr"].filter(rest["pflanzjahr"] != "").cast(pl.Int64)
    assert years.min() >= 1850 and years.max() <= 2026  # type: ignore[operator]


def test_bevoelkerung_defects() -> None:
    raw = (EXAMPLES / "bevoelkerung" / "bevoelkerung.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel-style BOM (DS-TRANS-021 hint)
    table = read("bevoelkerung", "bevoelkerung").with_row_index("row", offset=2)
    assert table.columns[1] == "stichtag"  # polars strips the BOM from the header
    assert table.height == 5 * 72 * 3 * 8
    small = table.filter(pl.col("einwohner").is_in(["1", "2"]))
    planted = [d for d in DEFECTS if d["expect"] == "DS-PRIV-010"]
    assert sorted(small["row"].to_list()) == sorted(d["row"] for d in planted) and len(planted) == 3
    assert (table["einwohner"] == ".").sum() > 3  # suppression marker in use (declared as missing value)
    # secondary suppression: exactly one sex/total triple has a single '.', so it can be recomputed
    triples = table.group_by("stichtag", "stat_id", "altersgruppe").agg(
        (pl.col("einwohner") == ".").sum().alias("dots"), pl.col("row").filter(pl.col("einwohner") == ".").alias("rows")
    )
    single = triples.filter(pl.col("dots") == 1)
    assert single.height == 1
    assert single["rows"][0].to_list() == [d["row"] for d in DEFECTS if d["expect"] == "DS-PRIV-011"]
    # ids keep their leading zeros; the code list joins
    assert table["stat_id"].str.contains(r"^05711000[0-9]{3}$").all()
    codes = read("bevoelkerung", "statistische_bezirke")
    assert codes.height == 72 and set(table["stat_id"].unique()) == set(codes["stat_id"])


def test_bevoelkerung_totals_add_up() -> None:
    table = read("bevoelkerung", "bevoelkerung").with_columns(pl.col("einwohner").cast(pl.Int64, strict=False))
    wide = table.pivot("geschlecht", index=["stichtag", "stat_id", "altersgruppe"], values="einwohner")
    complete = wide.drop_nulls()
    assert complete.height > 0.99 * wide.height
    assert (complete["1"] + complete["2"] == complete["3"]).all()


def test_parken_lorawan_defects_and_dst() -> None:
    table = read("parken-lorawan", "belegung").with_row_index("row", offset=2)
    assert table["geraet_eui"].str.contains(r"^[0-9A-F]{16}$").all()  # persistent device ids (DS-ETH-001)
    # the repeated hour of 25.10.2026: 02:xx local appears with +02:00 and with +01:00
    repeated = table.filter(pl.col("zeitstempel").str.starts_with("2026-10-25T02:"))
    assert set(repeated["zeitstempel"].str.slice(-6)) == {"+02:00", "+01:00"}
    utc = table.with_columns(pl.col("zeitstempel").str.to_datetime("%Y-%m-%dT%H:%M:%S%:z", time_zone="UTC").alias("utc"))
    dup = utc.filter(pl.struct("geraet_eui", "utc").is_duplicated())
    assert dup.height == 6  # three uplinks received twice
    dup_rows = utc.filter(
        pl.struct("geraet_eui", "utc").is_duplicated() & pl.struct("geraet_eui", "utc").is_first_distinct().not_()
    )
    assert sorted(dup_rows["row"].to_list()) == sorted(
        d["row"] for d in DEFECTS if d["expect"] == "primary-key" and d["dataset"] == "parken-lorawan"
    )
    # without the offset the local timestamps would collide in the repeated hour
    naive = table.with_columns(pl.col("zeitstempel").str.slice(0, 19).alias("naive"))
    assert naive.filter(pl.struct("geraet_eui", "naive").is_duplicated()).height > dup.height
    negative = table.filter(pl.col("frei").cast(pl.Int64) < 0)
    assert negative.height == 4 and set(negative["parkplatz_id"]) == {"P03"}
    consistent = table.select(
        (pl.col("belegt").cast(pl.Int64) + pl.col("frei").cast(pl.Int64) == pl.col("kapazitaet").cast(pl.Int64)).all()
    )
    assert consistent.item()
    gaps = utc.sort("utc").group_by("geraet_eui").agg(pl.col("utc").diff().dt.total_seconds().median().alias("step"))
    assert gaps["step"].is_between(290, 310).all()  # raw ~5-minute uplinks (not aggregated: DS-ETH-001 warning)
    sites = read("parken-lorawan", "parkplaetze")
    assert set(table["parkplatz_id"]) == set(sites["parkplatz_id"])


def test_abfallbehaelter_defects() -> None:
    table = read("abfallbehaelter", "fuellstaende").with_row_index("row", offset=2)
    level = pl.col("fuellstand_prozent").cast(pl.Int64)
    assert table.filter(level > 100)["row"].to_list() == [
        d["row"] for d in DEFECTS if d["dataset"] == "abfallbehaelter" and d["row"]
    ]
    assert table.select(pl.struct("geraet_eui", "zeitstempel").is_unique().all()).item()
    bins = read("abfallbehaelter", "behaelter")
    assert bins.height == 30 and set(table["behaelter_id"]) == set(bins["behaelter_id"])


def test_wahlergebnisse_is_clean_and_consistent() -> None:
    table = read("wahlergebnisse", "zweitstimmen")
    numbers = table.columns[6:]
    ints = table.with_columns(pl.col(numbers).cast(pl.Int64))
    parties = numbers[4:]
    assert ints.select(pl.sum_horizontal(parties) == pl.col("gueltige")).to_series().all()
    assert (ints["gueltige"] + ints["ungueltige"] == ints["waehler"]).all()
    by_post = ints.filter(pl.col("bezirksart") == "Briefwahlbezirk")
    assert by_post.height > 0 and (by_post["wahlberechtigte"] == 0).all()
    at_urn = ints.filter(pl.col("bezirksart") != "Briefwahlbezirk")
    assert (at_urn["waehler"] <= at_urn["wahlberechtigte"]).all()
    assert table["stimmbezirk_id"].is_unique().all() and table["stimmbezirk_id"].str.contains(r"^0[0-9]{3}$").all()
    # small vote counts exist (Sonderstimmbezirke): DS-PRIV-010 must stay silent, no column is marked as a count
    assert ints.filter(pl.col("bezirksart") == "Sonderstimmbezirk").select(pl.min_horizontal(parties).min()).item() <= 2
    assert not [d for d in DEFECTS if d["dataset"] == "wahlergebnisse"]
    fields = load_dataset(EXAMPLES / "wahlergebnisse").resource("zweitstimmen").schema_descriptor["fields"]  # type: ignore[index]
    assert not [f["name"] for f in fields if f.get("disclosure") == "count"]
    assert {f["name"] for f in fields if f.get("unit") == "Personen"} == {
        f["name"] for f in fields if f.get("disclosure") == "none"
    }


def test_frictionless_reports_exactly_the_planted_schema_defects() -> None:
    """Differential check against the reference implementation: nothing missing, nothing extra."""
    frictionless = pytest.importorskip("frictionless")
    expected = {
        (d["dataset"], d["resource"], d["row"], d["field"] if d["expect"] != "primary-key" else None, d["expect"])
        for d in DEFECTS
        if d["expect"] in ("type-error", "constraint-error", "primary-key")
    }
    found = set()
    with frictionless.system.use_context(trusted=True):
        for name in DATASETS:
            report = frictionless.Package(str(EXAMPLES / name / "datapackage.yaml")).validate(limit_errors=1000)
            for task in report.tasks:
                for error in task.errors:
                    field = None if error.type == "primary-key" else getattr(error, "field_name", None)
                    found.add((name, task.name, getattr(error, "row_number", None), field, error.type))
    assert found == expected


# ------------------------------------------------------------------ the generator


def _run_generator(out: Path, scale: float) -> None:
    subprocess.run([sys.executable, str(GENERATOR), "--out", str(out), "--scale", str(scale)], check=True, capture_output=True)


def _hashes(root: Path) -> dict[str, str]:
    """Hashes of the generated files: the data files of every dataset and the defect manifest."""
    files = [root / "_defects.json", *(p for name in DATASETS for p in sorted((root / name).glob("*.csv")))]
    files += [root / name / "datapackage.yaml" for name in DATASETS]  # bytes and hash are stamped by the generator
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def test_generator_is_deterministic(tmp_path: Path) -> None:
    _run_generator(tmp_path / "a", 0.02)
    _run_generator(tmp_path / "b", 0.02)
    first, second = _hashes(tmp_path / "a"), _hashes(tmp_path / "b")
    assert first == second and len(first) == 14
    # --out makes a complete catalogue: descriptors and config travel with the data
    assert (tmp_path / "a" / "stadtdaten.toml").is_file()
    assert all((tmp_path / "a" / name / "datapackage.yaml").is_file() for name in DATASETS)
    small = pl.read_csv(tmp_path / "a" / "stadtbaeume" / "stadtbaeume.csv", separator=";", infer_schema=False)
    assert small.height == 640
    manifest = json.loads((tmp_path / "a" / "_defects.json").read_text(encoding="utf-8"))
    assert len([d for d in manifest["defects"] if d["dataset"] == "stadtbaeume"]) == 12


def test_generator_reproduces_the_committed_files(tmp_path: Path) -> None:
    if MANIFEST["numpy"].split(".")[:2] != np.__version__.split(".")[:2]:
        pytest.skip(f"committed files were generated with numpy {MANIFEST['numpy']}, this is {np.__version__}")
    _run_generator(tmp_path, 1.0)
    assert _hashes(tmp_path) == _hashes(EXAMPLES)


def test_readme_lists_every_planted_row() -> None:
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for defect in DEFECTS:
        if defect["row"] is not None:
            assert str(defect["row"]) in readme, defect
        assert defect["expect"] in readme, defect
