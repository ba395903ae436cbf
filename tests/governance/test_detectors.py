"""Check digits, entropy, masking and dictionaries of the personal-data detectors."""

from __future__ import annotations

import polars as pl
import pytest

from stadtdaten.quality.personal import dictionary as dic
from stadtdaten.quality.personal.checksums import high_entropy, iban_valid, ip_kind, steuer_id_valid
from stadtdaten.quality.personal.detectors import scan_strings
from stadtdaten.quality.personal.masking import mask
from stadtdaten.quality.personal.quasi import detect_roles


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("DE89 3704 0044 0532 0130 00", True),
        ("DE89370400440532013000", True),
        ("DE88370400440532013000", False),
        ("GB82 WEST 1234 5698 7654 32", True),
        ("DE8937040044053201300", False),
    ],
)
def test_iban_mod97(value: str, valid: bool) -> None:
    assert iban_valid(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("86095742719", True),
        ("65929970489", True),
        ("86095742718", False),
        ("05711000001", False),
        ("12345678901", False),
        ("11111111111", False),
    ],
)
def test_steuer_id_check_digit(value: str, valid: bool) -> None:
    assert steuer_id_valid(value) is valid


def test_ip_kinds_and_entropy() -> None:
    assert ip_kind("8.8.8.8") == "public" and ip_kind("192.168.1.1") == "private" and ip_kind("12:30:00") is None
    assert ip_kind("2001:4860:4860::8888") == "public" and ip_kind("fe80::1") == "private"
    assert high_entropy("Ch0KGwoPc29pbC1tb2lzdHVyZS0xEghYoMv//oBCmRCj6NH6BhoLCICkpIwGELOs1X0guNGWj66nBQ==")
    assert not high_entropy("0000000000000000000000==") and not high_entropy("Donaudampfschifffahrtsgesellschaft")


def test_masking_never_repeats_the_value() -> None:
    assert mask("peter.desmet@inbo.be", "email") == "p***@i***.be"
    assert mask("Danny Van der beeck", "person-name") == "D. V. D. B."
    assert "3704" not in mask("DE89 3704 0044 0532 0130 00", "iban")
    assert mask("Ch0KGwoPc29pbC1tb2lzdHVyZS0xEghY", "token") == "Ch0K…(32)"


def test_column_name_dictionary() -> None:
    assert dic.normalise("classifiedBy") == "classified_by" and dic.normalise("Geburts-Datum") == "geburts_datum"
    assert dic.personal_kind("Vorname").kind == "name"  # type: ignore[union-attr]
    assert dic.personal_kind("geburtsdatum").strong  # type: ignore[union-attr]
    assert dic.personal_kind("stat_name") is None and dic.personal_kind("scientificName") is None
    assert dic.personal_kind("kennz_01").kind == "vehicle plate" and not dic.personal_kind("kennz_01").strong  # type: ignore[union-attr]
    assert dic.device_kind("end_device_ids.dev_eui") and dic.device_kind("MAC-Adresse") and not dic.device_kind("machine")
    assert dic.special_category("Diagnose") == "health" and dic.special_category("konfession") == "religion"
    assert dic.personal_kind("gueltig_von") is None and dic.personal_kind("hotel") is None


def test_functional_mailboxes_and_dates_are_not_personal() -> None:
    values = pl.Series(
        ["umweltamt@bielefeld.de", "geoinformationundkataster@bielefeld.de", "data.opengov@muenchen.de", "07/02/2017", "12:30"]
    )
    assert scan_strings(values) == []
    personal = scan_strings(pl.Series(["p.mueller@bielefeld.de", "anna@web.de", "peter@example.org"]))
    assert personal and personal[0].count == 3


def test_quasi_identifier_roles_from_values() -> None:
    frame = pl.DataFrame(
        {
            "ort": ["Hauptstraße", "Jahnplatz", "Am Bach"],
            "nr": ["12", "3a", "Ecke Bahnhofstraße"],
            "zeit": ["7:15", "8:20", "23:05"],
        }
    )
    roles = detect_roles(frame)
    assert roles.street == ["ort"] and roles.house == ["nr"] and roles.time == ["zeit"]
