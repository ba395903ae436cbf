"""Deterministic generator of a Bielefeld-like tree cadastre (Baumkataster) for the validation benchmark.

Adapted from the project's reference material (``../shared/tools/validation-bench/gen.py``): same
columns, distributions and defect kinds, so numbers stay comparable with the measurements there.

    python benchmarks/generate.py --rows 1000000 --out trees.csv                  # valid
    python benchmarks/generate.py --rows 1000000 --errors 0.005 --out bad.csv     # 0.5 % defective rows
    python benchmarks/generate.py --schema-out schema.json                        # the Table Schema

With ``--errors`` a truth file ``<out>.truth.csv`` lists the errors frictionless reports (row_number as
frictionless counts it, field_name, field_number, type, note = the injected defect). Large files are
written in chunks of a million rows (ids stay unique), so generating more rows than fit in memory works.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

DISTRICTS = [
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
DISTRICT_W = [0.16, 0.11, 0.05, 0.11, 0.07, 0.07, 0.12, 0.10, 0.08, 0.13]
SPECIES = [
    ("Tilia cordata", "Winter-Linde", 14), ("Acer platanoides", "Spitz-Ahorn", 12), ("Quercus robur", "Stiel-Eiche", 10),
    ("Acer pseudoplatanus", "Berg-Ahorn", 8), ("Carpinus betulus", "Hainbuche", 7), ("Fagus sylvatica", "Rotbuche", 5),
    ("Fraxinus excelsior", "Gemeine Esche", 5), ("Betula pendula", "Hänge-Birke", 5),
    ("Platanus × hispanica", "Ahornblättrige Platane", 5), ("Aesculus hippocastanum", "Gewöhnliche Rosskastanie", 5),
    ("Robinia pseudoacacia", "Robinie", 3), ("Prunus avium", "Vogel-Kirsche", 3), ("Sorbus aucuparia", "Eberesche", 3),
    ("Tilia × euchlora", "Krim-Linde", 3), ("Pinus sylvestris", "Wald-Kiefer", 2), ("Alnus glutinosa", "Schwarz-Erle", 2),
    ("Acer campestre", "Feld-Ahorn", 3), ("Quercus rubra", "Rot-Eiche", 2), ("Corylus colurna", "Baum-Hasel", 2),
    ("Ginkgo biloba", "Ginkgo", 1),
]  # fmt: skip
STREETS = [
    "Jahnplatz", "Niederwall", "Obernstraße", "Herforder Straße", "Detmolder Straße", "Artur-Ladebeck-Straße",
    "Stapenhorststraße", "Jöllenbecker Straße", "Heeper Straße", "Bodelschwinghstraße", "Kurt-Schumacher-Straße",
    "Sieker Straße", "Osningstraße", "Voltmannstraße", "Wertherstraße", "Universitätsstraße", "Babenhauser Straße",
    "Paderborner Straße", "Senner Hellweg", "Elbeallee", "Brackweder Straße", "Windelsbleicher Straße", "Apfelstraße",
    "Schloßhofstraße", "Deciusstraße", "August-Bebel-Straße", "Friedrich-Ebert-Straße", "Teutoburger Straße",
    "Oldentruper Straße", "Gütersloher Straße", "Am Sparrenberg", "Alter Markt",
]  # fmt: skip
CONDITIONS = ["sehr gut", "gut", "mittel", "schlecht", "abgängig"]
CONDITION_W = [0.10, 0.45, 0.30, 0.12, 0.03]
OWNERS = ["Stadt Bielefeld", "Umweltbetrieb", "Land NRW", "privat"]
OWNER_W = [0.55, 0.30, 0.10, 0.05]
COLUMNS = [
    "id", "species_latin", "species_german", "district", "street", "planting_year", "height_m", "crown_diameter_m",
    "trunk_circumference_cm", "lat", "lon", "last_inspection", "condition", "owner",
]  # fmt: skip
CHUNK = 1_000_000


def table_schema() -> dict[str, Any]:
    def number(name: str, lo: float, hi: float, required: bool = False) -> dict[str, Any]:
        constraints: dict[str, Any] = {"minimum": lo, "maximum": hi}
        if required:
            constraints["required"] = True
        return {"name": name, "type": "number", "constraints": constraints}

    fields: list[dict[str, Any]] = [
        {
            "name": "id",
            "type": "string",
            "title": "Baum-ID",
            "constraints": {"required": True, "unique": True, "pattern": "BI-[0-9]{7}"},
        },
        {"name": "species_latin", "type": "string", "constraints": {"required": True}},
        {"name": "species_german", "type": "string"},
        {"name": "district", "type": "string", "title": "Stadtbezirk", "constraints": {"required": True, "enum": DISTRICTS}},
        {"name": "street", "type": "string"},
        {"name": "planting_year", "type": "integer", "constraints": {"minimum": 1850, "maximum": 2024}},
        number("height_m", 0, 60, required=True),
        number("crown_diameter_m", 0, 40),
        {"name": "trunk_circumference_cm", "type": "integer", "constraints": {"minimum": 1, "maximum": 1500}},
        number("lat", 51.9, 52.1, required=True),
        number("lon", 8.4, 8.7, required=True),
        {"name": "last_inspection", "type": "date", "constraints": {"minimum": "2000-01-01", "maximum": "2025-12-31"}},
        {"name": "condition", "type": "string", "constraints": {"required": True, "enum": CONDITIONS}},
        {"name": "owner", "type": "string", "constraints": {"required": True, "enum": OWNERS}},
    ]
    return {"fields": fields, "primaryKey": ["id"], "missingValues": [""]}


def _floats(values: np.ndarray, digits: int) -> pl.Series:
    return pl.Series(np.round(values, digits)).cast(pl.String)


def generate(n: int, rng: np.random.Generator, id_offset: int = 0) -> pl.DataFrame:
    """``n`` valid rows; ids ``BI-<id_offset+1 .. id_offset+n>`` in random order."""
    weights = np.array([s[2] for s in SPECIES], dtype=float)
    species = rng.choice(len(SPECIES), size=n, p=weights / weights.sum())
    ids = rng.permutation(n) + 1 + id_offset
    year = rng.integers(1850, 2025, size=n)
    age = 2025 - year
    height = np.clip(2 + 30 * (1 - np.exp(-age / 45)) + rng.normal(0, 2.5, n), 1.0, 45.0)
    crown = np.clip(height * rng.uniform(0.35, 0.8, n), 0.5, 30.0)
    circumference = np.clip((age * rng.uniform(1.6, 3.2, n)).astype(np.int64) + 10, 5, 1200)
    lat = rng.uniform(51.92, 52.08, n)
    lon = rng.uniform(8.42, 8.68, n)
    inspection = np.datetime64("2015-01-01") + rng.integers(0, 3652, n).astype("timedelta64[D]")
    # the random draws happen in the reference generator's order, so the same seed gives the same table
    district = rng.choice(10, size=n, p=DISTRICT_W)
    street = rng.integers(0, len(STREETS), n)
    condition = rng.choice(5, size=n, p=CONDITION_W)
    owner = rng.choice(4, size=n, p=OWNER_W)
    frame = pl.DataFrame(
        {
            "id": pl.Series(ids).cast(pl.String).str.zfill(7),
            "species_latin": pl.Series([s[0] for s in SPECIES]).gather(species),
            "species_german": pl.Series([s[1] for s in SPECIES]).gather(species),
            "district": pl.Series(DISTRICTS).gather(district),
            "street": pl.Series(STREETS).gather(street),
            "planting_year": pl.Series(year).cast(pl.String),
            "height_m": _floats(height, 1),
            "crown_diameter_m": _floats(crown, 1),
            "trunk_circumference_cm": pl.Series(circumference).cast(pl.String),
            "lat": _floats(lat, 6),
            "lon": _floats(lon, 6),
            "last_inspection": pl.Series(inspection).cast(pl.String),
            "condition": pl.Series(CONDITIONS).gather(condition),
            "owner": pl.Series(OWNERS).gather(owner),
        }
    ).with_columns(id=pl.lit("BI-") + pl.col("id"))
    for column, share in (
        ("street", 0.005),
        ("crown_diameter_m", 0.01),
        ("last_inspection", 0.02),
        ("species_german", 0.003),
        ("planting_year", 0.01),
        ("trunk_circumference_cm", 0.005),
    ):
        blanks = rng.choice(n, size=int(n * share), replace=False)
        frame = frame.with_columns(frame[column].scatter(blanks, None))
    return frame.select(COLUMNS)


KINDS = [
    ("comma_decimal", 12), ("int_text", 8), ("coord_text", 4), ("year_range", 10), ("height_range", 6), ("swap_latlon", 6),
    ("dup_id", 12), ("missing_required", 12), ("bad_enum", 14), ("date_format", 10), ("date_invalid", 3), ("id_pattern", 3),
]  # fmt: skip


def inject(frame: pl.DataFrame, share: float, rng: np.random.Generator) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Put one realistic defect into ``share`` of the rows; returns the data and the expected errors."""
    n = frame.height
    count = max(1, int(n * share))
    rows = rng.choice(n, size=count, replace=False)
    weights = np.array([w for _, w in KINDS], dtype=float)
    kinds = rng.choice(len(KINDS), size=count, p=weights / weights.sum())
    taken = set(rows.tolist())
    truth: list[tuple[int, str | None, int | None, str, str]] = []
    edits: dict[str, tuple[list[int], list[str | None]]] = {c: ([], []) for c in COLUMNS}
    numbers = {c: i + 1 for i, c in enumerate(COLUMNS)}
    cols = {c: frame[c] for c in COLUMNS}

    def put(column: str, row: int, value: str | None) -> None:
        edits[column][0].append(int(row))
        edits[column][1].append(value)

    def expect(row: int, column: str, kind: str, note: str) -> None:
        truth.append((int(row) + 2, column, numbers[column], kind, note))

    for row, index in zip(rows, kinds, strict=True):
        kind = KINDS[index][0]
        r = int(row)
        if kind == "comma_decimal":
            column = ["height_m", "lat", "lon"][rng.integers(0, 3)]
            put(column, r, cols[column][r].replace(".", ","))
            expect(r, column, "type-error", kind)
        elif kind == "int_text":
            column = ["planting_year", "trunk_circumference_cm"][rng.integers(0, 2)]
            put(column, r, ["ca. 1950", "unbekannt", "1950er", "120.5", "k.A."][rng.integers(0, 5)])
            expect(r, column, "type-error", kind)
        elif kind == "coord_text":
            put("lat", r, ["N52.01", "52°01'N", "-"][rng.integers(0, 3)])
            expect(r, "lat", "type-error", kind)
        elif kind == "year_range":
            put("planting_year", r, str([1720, 1799, 2031, 2099, 0][rng.integers(0, 5)]))
            expect(r, "planting_year", "constraint-error", kind)
        elif kind == "height_range":
            put("height_m", r, ["-1.0", "125.0", "999.9"][rng.integers(0, 3)])
            expect(r, "height_m", "constraint-error", kind)
        elif kind == "swap_latlon":
            put("lat", r, cols["lon"][r])
            put("lon", r, cols["lat"][r])
            expect(r, "lat", "constraint-error", kind)
            expect(r, "lon", "constraint-error", kind)
        elif kind == "dup_id":
            while True:
                source = int(rng.integers(0, n))
                if source not in taken:
                    break
            taken.add(source)  # keep the original clean of other defects
            put("id", r, cols["id"][source])
            later = max(r, source)
            expect(later, "id", "unique-error", kind)  # the unique constraint ...
            truth.append((later + 2, None, None, "primary-key", kind))  # ... and the primary key
        elif kind == "missing_required":
            column = ["species_latin", "district", "condition", "height_m"][rng.integers(0, 4)]
            put(column, r, None)
            expect(r, column, "constraint-error", kind + ":required")
        elif kind == "bad_enum":
            column, value = [
                ("district", "Bielefeld-Mitte"), ("district", "mitte"), ("district", "Sennestadt "), ("condition", "ok"),
                ("condition", "Gut"), ("owner", "Stadt"), ("owner", "UWB"),
            ][rng.integers(0, 7)]  # fmt: skip
            put(column, r, value)
            expect(r, column, "constraint-error", kind)
        elif kind == "date_format":
            year, month, day = (cols["last_inspection"][r] or "2019-06-01").split("-")
            put("last_inspection", r, f"{day}.{month}.{year}")
            expect(r, "last_inspection", "type-error", kind)
        elif kind == "date_invalid":
            put("last_inspection", r, ["2019-02-30", "2021-13-01", "2020-00-10"][rng.integers(0, 3)])
            expect(r, "last_inspection", "type-error", kind)
        else:  # id_pattern
            put("id", r, cols["id"][r].replace("BI-", "BI"))
            expect(r, "id", "constraint-error", kind)
    out = []
    for column in COLUMNS:
        series = cols[column]
        if edits[column][0]:
            series = series.scatter(edits[column][0], pl.Series(edits[column][1], dtype=pl.String))
        out.append(series)
    truth_frame = pl.DataFrame(truth, schema=["row_number", "field_name", "field_number", "type", "note"], orient="row")
    return pl.DataFrame(out), truth_frame.sort("row_number", "field_number", nulls_last=True)


def write(path: Path, rows: int, *, errors: float = 0.0, seed: int = 42) -> Path | None:
    """Write the CSV (in chunks for big files); returns the truth file when errors were injected."""
    path.parent.mkdir(parents=True, exist_ok=True)
    truth_path = None
    with path.open("wb") as handle:
        done = 0
        while done < rows or done == 0:
            size = min(CHUNK, rows - done)
            frame = generate(size, np.random.default_rng(seed + done), id_offset=done)
            if errors and done == 0 and size == rows:
                frame, truth = inject(frame, errors, np.random.default_rng(seed + 1))
                truth_path = Path(str(path) + ".truth.csv")
                truth.write_csv(truth_path)
            frame.write_csv(handle, include_header=done == 0)
            done += size
            if size == 0:
                break
    if errors and truth_path is None:
        raise SystemExit("--errors needs --rows <= 1,000,000 (defects are injected into one chunk)")
    return truth_path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--errors", type=float, default=0.0, help="share of rows with one injected defect, e.g. 0.005")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, help="CSV to write")
    parser.add_argument("--schema-out", type=Path, help="write the Table Schema here")
    args = parser.parse_args(argv)
    if args.schema_out:
        args.schema_out.write_text(json.dumps(table_schema(), ensure_ascii=False, indent=2), encoding="utf-8")
    if args.out:
        started = time.perf_counter()
        truth = write(args.out, args.rows, errors=args.errors, seed=args.seed)
        note = f", truth in {truth}" if truth else ""
        print(f"wrote {args.out}: {args.rows} rows in {time.perf_counter() - started:.1f}s{note}", file=sys.stderr)


if __name__ == "__main__":
    main()
