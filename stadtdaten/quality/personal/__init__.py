"""Personal-data detection (Datenschutz): column-name dictionaries, vectorised value detectors with
check digits, quasi-identifier roles, and masking of samples."""

from stadtdaten.quality.personal.detectors import DETECTORS, Detector, Hit, scan_birth_dates, scan_integers, scan_strings
from stadtdaten.quality.personal.dictionary import normalise, personal_kind
from stadtdaten.quality.personal.masking import mask

__all__ = [
    "DETECTORS",
    "Detector",
    "Hit",
    "mask",
    "normalise",
    "personal_kind",
    "scan_birth_dates",
    "scan_integers",
    "scan_strings",
]
