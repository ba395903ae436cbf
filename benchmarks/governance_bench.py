"""Cost of the full governance + quality rule set on a 1M-row tree cadastre, against schema validation.

Generates a Bielefeld-like tree cadastre with polars (ids, species, streets and house numbers, heights,
coordinates, planting dates, a sparse free-text column), validates it with the engine (typed frame kept),
then runs ``check_dataset`` on the typed frame with every rule of the bielefeld profile plus quality rules.
Target (issue 3): governance adds at most 50 % to schema validation time.

    /work/.venv/bin/python benchmarks/governance_bench.py [--rows 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stadtdaten.core.config import ProjectConfig  # noqa: E402
from stadtdaten.core.dataset import Dataset  # noqa: E402
from stadtdaten.quality.governance import check_dataset  # noqa: E402

SPECIES = [
    "Winterlinde",
    "Stieleiche",
    "Bergahorn",
    "Rotbuche",
    "Hainbuche",
    "Spitzahorn",
    "Platane",
    "Esche",
    "Birke",
    "Kastanie",
]
STREETS = [
    "Hauptstraße",
    "Bahnhofstraße",
    "Jahnplatz",
    "Niederwall",
    "Herforder Straße",
    "Detmolder Straße",
    "Am Markt",
    "Sparrenberg",
]
BEZIRKE = [
    "Mitte",
    "Schildesche",
    "Gadderbaum",
    "Brackwede",
    "Dornberg",
    "Jöllenbeck",
    "Heepen",
    "Stieghorst",
    "Sennestadt",
    "Senne",
]


def generate(rows: int) -> pl.DataFrame:
    index = pl.int_range(0, rows, eager=True)
    return pl.DataFrame(
        {
            "baum_id": ("B-" + index.cast(pl.String).str.zfill(7)),
            "art": pl.Series(SPECIES).gather((index * 7919) % len(SPECIES)),
            "strasse": pl.Series(STREETS).gather((index * 104729) % len(STREETS)),
            "hausnummer": ((index * 31) % 180 + 1).cast(pl.String),
            "stadtbezirk": pl.Series(BEZIRKE).gather(index % len(BEZIRKE)),
            "hoehe_m": ((index * 37) % 300).cast(pl.Float64) / 10 + 1.5,
            "stammumfang_cm": (index * 13) % 400 + 20,
            "pflanzjahr": (index * 17) % 120 + 1900,
            "lat": 51.95 + ((index * 7) % 1500).cast(pl.Float64) / 10000,
            "lon": 8.40 + ((index * 11) % 2500).cast(pl.Float64) / 10000,
        }
    ).with_columns(bemerkung=pl.when(index % 5000 == 0).then(pl.lit("Baum gefällt")).otherwise(None))


def descriptor(path: Path) -> dict:
    fields = [
        {
            "name": "baum_id",
            "type": "string",
            "title": "Baum-ID",
            "description": "Kennung im Kataster",
            "constraints": {"required": True},
        },
        {"name": "art", "type": "string", "title": "Art", "description": "Baumart"},
        {"name": "strasse", "type": "string", "title": "Straße", "description": "Standort"},
        {"name": "hausnummer", "type": "string", "title": "Hausnummer", "description": "Standort"},
        {"name": "stadtbezirk", "type": "string", "title": "Stadtbezirk", "description": "Bezirk"},
        {
            "name": "hoehe_m",
            "type": "number",
            "unit": "m",
            "title": "Höhe",
            "description": "Höhe in Metern",
            "constraints": {"minimum": 0},
        },
        {"name": "stammumfang_cm", "type": "integer", "unit": "cm", "title": "Stammumfang", "description": "Umfang in cm"},
        {"name": "pflanzjahr", "type": "integer", "title": "Pflanzjahr", "description": "Jahr der Pflanzung"},
        {"name": "lat", "type": "number", "unit": "°", "title": "Breite", "description": "WGS 84"},
        {"name": "lon", "type": "number", "unit": "°", "title": "Länge", "description": "WGS 84"},
        {"name": "bemerkung", "type": "string", "title": "Bemerkung", "description": "Hinweis des Umweltbetriebs"},
    ]
    return {
        "name": "baumkataster",
        "title": "Baumkataster",
        "description": "Alle Bäume der Stadt mit Art, Höhe und Standort. Das Umweltamt erhebt die Daten jedes Jahr vor Ort. "
        "Sie können die Daten frei nutzen. Fragen senden Sie bitte an das Umweltamt.",
        "licenses": [{"name": "dl-by-de/2.0"}],
        "keywords": ["Bäume"],
        "dcat": {
            "publisher": {"name": "Stadt Bielefeld"},
            "contact_point": {"email": "umweltamt@bielefeld.de"},
            "maintainer": {"name": "Stadt Bielefeld, Umweltbetrieb"},
            "themes": ["ENVI"],
            "accrual_periodicity": "ANNUAL",
            "modified": date.today().isoformat(),
            "license_attribution": "Stadt Bielefeld, Umweltbetrieb",
            "spatial": {"geocoding": "05711000", "level": "municipality"},
            "temporal": {"start": "1900-01-01"},
        },
        "quality": {
            "rules": [
                {"type": "completeness", "field": "art", "min": 0.99},
                {"type": "range", "field": "hoehe_m", "min": 0, "max": 45},
                {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "baum_id"}},
                {"type": "expect_column_values_to_match_regex", "kwargs": {"column": "baum_id", "regex": "^B-[0-9]{7}$"}},
            ]
        },
        "resources": [
            {
                "name": "baeume",
                "path": path.name,
                "format": "csv",
                "crs": "EPSG:4326",
                "schema": {"fields": fields, "primaryKey": ["baum_id"]},
            }
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "baeume.csv"
        generate(args.rows).write_csv(path)
        dataset = Dataset(descriptor(path), basepath=Path(tmp))
        size = path.stat().st_size
        print(f"tree cadastre: {args.rows:,} rows, {size / 1e6:.1f} MB CSV")
        engine_times, governance_times = [], []
        frame = None
        try:
            from stadtdaten.quality.engine import EngineOptions, validate_dataset

            for _ in range(args.repeat):
                started = time.perf_counter()
                outcomes = validate_dataset(dataset, EngineOptions(keep_frame=True))
                engine_times.append(time.perf_counter() - started)
                frame = outcomes[0].frame
        except ImportError:
            print("engine not available: reading the typed frame with polars (no schema validation time)")
        if frame is None:
            frame = pl.read_csv(path).with_row_index("_row", offset=2).with_columns(pl.col("_row").cast(pl.Int64))
        findings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            findings = check_dataset(dataset, {"baeume": frame}, ProjectConfig())
            governance_times.append(time.perf_counter() - started)
        governance = statistics.median(governance_times)
        print(
            f"governance + quality rules (check_dataset, median of {args.repeat}): {governance:.3f} s, {len(findings)} findings"
        )
        for finding in findings[:12]:
            print(f"  {finding.code} {finding.severity.value} {finding.location.describe()}")
        if engine_times:
            engine = statistics.median(engine_times)
            print(f"schema validation (engine, median of {args.repeat}): {engine:.3f} s")
            print(f"governance adds {governance / engine:.0%} to schema validation (target: <= 50 %)")


if __name__ == "__main__":
    main()
