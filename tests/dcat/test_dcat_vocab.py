"""Controlled vocabularies: codes and ids in, canonical IRIs out; the shipped data files stay reproducible."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from stadtdaten.dcat import vocab
from tests.conftest import ROOT, shared_path


def test_license_iri_normalises_ids_and_iris() -> None:
    expected = "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
    assert vocab.license_iri("dl-by-de/2.0") == expected
    assert vocab.license_iri("http://dcat-ap.de/def/licenses/dl-by-de/2.0/") == expected  # the 3.0 spec's typo
    assert vocab.license_iri("https://www.dcat-ap.de/def/licenses/dl-by-de/2.0") == expected
    assert vocab.license_iri("DL-DE-BY-2.0") == expected
    assert vocab.license_iri("CC-BY-4.0") == "http://dcat-ap.de/def/licenses/cc-by/4.0"
    assert vocab.license_iri("https://example.org/my-licence") == "https://example.org/my-licence"  # K34: passed on
    with pytest.raises(vocab.UnknownTermError):
        vocab.license_iri("no-such-licence")
    assert not vocab.license_iri("cc-zero").endswith("/")


def test_license_classes_and_attribution() -> None:
    assert vocab.license_class(vocab.license_iri("dl-zero-de/2.0")) == "open"
    assert vocab.license_class(vocab.license_iri("dl-by-de/2.0")) == "open"
    assert vocab.license_class(vocab.license_iri("cc-by-sa/4.0")) == "share-alike"
    assert vocab.license_class(vocab.license_iri("odbl")) == "share-alike"
    assert vocab.license_class(vocab.license_iri("cc-by-nc/4.0")) == "not-open"
    assert vocab.license_class(vocab.license_iri("other-closed")) == "not-open"
    assert vocab.license_class("https://example.org/unknown") == "not-open"
    assert vocab.requires_attribution(vocab.license_iri("dl-by-de/2.0"))
    assert vocab.requires_attribution(vocab.license_iri("cc-by/4.0"))
    assert not vocab.requires_attribution(vocab.license_iri("dl-zero-de/2.0"))
    assert not vocab.requires_attribution(vocab.license_iri("cc-zero"))
    assert vocab.is_edp_known_license(vocab.license_iri("dl-by-de/2.0"))


@pytest.mark.parametrize(
    ("fmt", "code", "mime"),
    [
        ("csv", "CSV", "text/csv"),
        (".CSV", "CSV", "text/csv"),
        ("text/csv", "CSV", "text/csv"),
        ("json", "JSON", "application/json"),
        ("geojson", "GEOJSON", "application/geo+json"),
        ("xlsx", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("parquet", "PARQUET", "application/vnd.apache.parquet"),
        ("http://publications.europa.eu/resource/authority/file-type/PDF", "PDF", "application/pdf"),
    ],
)
def test_file_types_and_media_types(fmt: str, code: str, mime: str) -> None:
    assert vocab.file_type_iri(fmt) == vocab.FILE_TYPE_BASE + code
    assert vocab.mime_type(fmt) == mime
    assert vocab.media_type(fmt) == "https://www.iana.org/assignments/media-types/" + mime


def test_eu_nals_and_aliases() -> None:
    assert vocab.theme_iri("envi") == "http://publications.europa.eu/resource/authority/data-theme/ENVI"
    assert vocab.frequency_iri("ANNUAL").endswith("/frequency/ANNUAL")
    assert vocab.language_iri("de") == vocab.language_iri("GER") == vocab.language_iri("DEU")
    assert vocab.access_rights_iri("public").endswith("/access-right/PUBLIC")
    assert vocab.availability_iri("stable").endswith("/planned-availability/STABLE")
    assert vocab.publisher_type_iri("local-authority") == "http://purl.org/adms/publishertype/LocalAuthority"
    assert len(vocab.codes("themes")) == 13
    for bad, function in [("XXXX", vocab.theme_iri), ("SOMETIMES", vocab.frequency_iri), ("KLINGON", vocab.language_iri)]:
        with pytest.raises(vocab.UnknownTermError) as info:
            function(bad)
        assert info.value.examples


def test_geocoding() -> None:
    assert vocab.geocoding_iri("05711000") == "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05711000"
    assert vocab.geocoding_iri("057110000000", "municipality").endswith("/regionalKey/057110000000")
    assert vocab.geocoding_iri("05", "state").endswith("/stateKey/05")
    assert vocab.geocoding_iri("05711", "administrativeDistrict").endswith("/districtKey/05711")
    assert vocab.geocoding_level_iri("municipality") == "http://dcat-ap.de/def/politicalGeocoding/Level/municipality"
    assert vocab.is_known_geocoding(vocab.geocoding_iri("05711000"))
    assert vocab.is_known_geocoding(vocab.geocoding_iri("057110000000"))
    assert not vocab.is_known_geocoding(vocab.geocoding_iri("05711999"))
    with pytest.raises(vocab.UnknownTermError):
        vocab.geocoding_iri("05711000", "state")
    with pytest.raises(vocab.UnknownTermError):
        vocab.geocoding_iri("Bielefeld")


def test_labels_in_both_languages() -> None:
    assert vocab.label(vocab.theme_iri("ENVI"), "de") == "Umwelt"
    assert vocab.label(vocab.theme_iri("ENVI"), "en") == "Environment"
    assert vocab.label(vocab.frequency_iri("ANNUAL"), "de") == "jährlich"
    assert vocab.label(vocab.license_iri("dl-by-de/2.0"), "de") == "Datenlizenz Deutschland Namensnennung 2.0"
    assert vocab.label(vocab.geocoding_iri("05711000"), "en") == "municipality key 05711000"
    assert vocab.label("http://example.org/x") is None
    assert vocab.labels(vocab.file_type_iri("csv")) == {"en": "Comma-Separated Values"}


def test_shipped_vocabulary_is_reproducible(tmp_path: Path) -> None:
    """scripts/dcat_extract_vocab.py regenerates exactly the shipped data from ../shared/reference."""
    reference = shared_path("reference")
    data = ROOT / "stadtdaten" / "dcat" / "data"
    before = {name: (data / name).read_bytes() for name in ("nal.json", "geocoding-keys.txt.gz")}
    script = ROOT / "scripts" / "dcat_extract_vocab.py"
    subprocess.run([sys.executable, str(script), str(reference), str(tmp_path)], check=True, capture_output=True)
    after = {name: (tmp_path / name).read_bytes() for name in before}
    assert after == before
    parsed = json.loads(before["nal.json"])
    assert len(parsed["licenses"]) == 34
    assert all(not iri.endswith("/") for iri in (e["iri"] for e in parsed["licenses"].values()))
