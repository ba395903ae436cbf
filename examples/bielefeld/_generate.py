"""Generate the data files of the bundled Bielefeld example catalogue (invented data, fixed seed).

Why a generator: the example must look like what the City of Bielefeld publishes (German dialects, codes
with leading zeros, local time with the October DST change, small counts, sensor ids) without copying any
real file, and the defects planted for the demo must sit at known rows. Everything here is deterministic:
the same numpy version and the same arguments give byte-identical files. The generated files are committed,
so the demo never needs this script; run it only to change the example or to make a larger catalogue::

    python examples/bielefeld/_generate.py                       # rewrite the committed files in place
    python examples/bielefeld/_generate.py --out /tmp/big --scale 30   # ~1M trees, descriptors copied along

``--scale`` multiplies the size of the tree cadastre (the one large table); the other datasets keep their
natural size, because their size is fixed by what they describe (72 districts, one week of sensors, ...).
Every planted defect is listed in ``_defects.json`` (file row numbers as frictionless counts them: the
header is row 1) so that tests of the validator can assert exactly what it must report.

Only numpy and the standard library are used.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

HERE = Path(__file__).resolve().parent
SEED = 57110
BERLIN = ZoneInfo("Europe/Berlin")
STAND = date(2026, 9, 30)
"""Reference date of the example catalogue: the tree cadastre's last control date."""

DATASETS = ("stadtbaeume", "bevoelkerung", "parken-lorawan", "wahlergebnisse", "abfallbehaelter")
SIDE_FILES = ("stadtdaten.toml", "README.md")


@dataclass(frozen=True)
class Defect:
    """One planted defect: where it is and what stadtdaten is expected to report there."""

    dataset: str
    resource: str
    row: int | None
    field: str | None
    value: str | None
    expect: str
    """Finding code or Leitlinie rule id expected (e.g. ``type-error``, ``DS-PRIV-010``)."""
    note: str


def rng_for(name: str) -> np.random.Generator:
    """Each dataset has its own stream, so changing one generator never shifts another dataset's data."""
    return np.random.default_rng([SEED, zlib.crc32(name.encode())])


def dec(value: float, digits: int) -> str:
    """A number with a German decimal comma."""
    return f"{value:.{digits}f}".replace(".", ",")


def write_csv(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[str]], sep: str = ";", newline: str = "\n", bom: bool = False
) -> int:
    """Write rows as they are (already formatted strings); quote only where RFC 4180 needs it."""

    def cell(value: str) -> str:
        if sep in value or '"' in value or "\n" in value:
            return '"' + value.replace('"', '""') + '"'
        return value

    lines = [sep.join(cell(h) for h in header)]
    lines.extend(sep.join(cell(v) for v in row) for row in rows)
    text = newline.join(lines) + newline
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return len(lines) - 1


# --------------------------------------------------------------------------------------------------
# Shared code lists: the 10 Stadtbezirke and the 72 Statistische Bezirke (names as the city uses them)
# --------------------------------------------------------------------------------------------------

STADTBEZIRKE: list[tuple[str, str, float, float]] = [
    # id, name, centre lat, centre lon
    ("00", "Mitte", 52.0215, 8.5330),
    ("01", "Schildesche", 52.0480, 8.5180),
    ("02", "Gadderbaum", 52.0060, 8.5130),
    ("03", "Brackwede", 51.9930, 8.4930),
    ("04", "Dornberg", 52.0420, 8.4550),
    ("05", "Jöllenbeck", 52.0900, 8.5170),
    ("06", "Heepen", 52.0430, 8.6050),
    ("07", "Stieghorst", 52.0110, 8.5920),
    ("08", "Sennestadt", 51.9470, 8.5870),
    ("09", "Senne", 51.9560, 8.5180),
]

STAT_BEZIRKE: dict[str, list[tuple[int, str]]] = {
    "00": [
        (1, "Alt- und Neustadt"),
        (2, "Kesselbrink"),
        (3, "Pauluskirche"),
        (4, "Dürkopp"),
        (5, "Landgericht"),
        (6, "Siegfriedplatz (inkl. Upmannstift)"),
        (7, "Nordpark"),
        (8, "Stadtwerke"),
        (9, "Güterbahnhof-Ost"),
        (10, "Hammer-Mühle"),
        (11, "Königsbrügge (i.Betriebs. Sieker)"),
        (12, "Brands Busch"),
        (13, "Stauteiche (inkl. Großmarkt)"),
        (14, "Heeper Fichten"),
        (15, "Fuhrpark (inkl. Kammerratsheide)"),
        (16, "Bauerschaft Schildesche"),
    ],
    "01": [
        (17, "Vorwerk Schildesche"),
        (18, "Schildesche"),
        (19, "Johannesstift"),
        (20, "Sudbrack"),
        (21, "Untertheesen"),
        (22, "Bültmannskrug"),
        (23, "Gellershagen"),
        (24, "Bültmannshof"),
        (25, "Universität (inkl. Sieben Hügel)"),
    ],
    "02": [(26, "Johannistal"), (27, "Bethel"), (28, "Eggeweg (inkl. Osningpaß)")],
    "03": [
        (29, "Rosenhöhe"),
        (30, "Kammerich"),
        (31, "Frerks Hof"),
        (32, "Brackwede-Mitte"),
        (33, "Bahnhof-Brackwede"),
        (34, "Kupferhammer"),
        (35, "Brock (inkl. Südwestfeld)"),
        (36, "Ummeln (inkl. Holtkamp)"),
        (37, "Kupferheide"),
        (38, "Quelle"),
    ],
    "04": [
        (39, "Hoberge-Uerentrup (i. Wolfskuhle)"),
        (40, "Pappelkrug (inkl. Wellensiek)"),
        (41, "Großdornberg (inkl. Kirchdornberg)"),
        (42, "Babenhausen-Ost"),
        (43, "Babenhausen"),
        (44, "Niederdornberg-Schröttinghausen"),
    ],
    "05": [(45, "Jöllenbeck-West"), (46, "Jöllenbeck-Ost"), (47, "Theesen"), (48, "Vilsendorf")],
    "06": [
        (49, "Grafenheide"),
        (50, "Lämmkenstatt"),
        (51, "Welscher (inkl. Jerrendorf)"),
        (52, "Baumheide (inkl. Halhof)"),
        (53, "Milse"),
        (54, "Altenhagen"),
        (55, "Windwehe (inkl. Brönninghausen)"),
        (56, "Tieplatz"),
        (57, "Heeper Holz"),
        (58, "Oldentrup-West (i. Oldentrup-Ost)"),
    ],
    "07": [
        (59, "Dingerdissen"),
        (60, "Ubbedissen (inkl. Lämershagen)"),
        (61, "Hillegossen"),
        (62, "Stieghorst stb"),
        (63, "Sieker"),
        (64, "Rütli (inkl. Lonnerbach)"),
    ],
    "08": [(65, "Dalbke"), (66, "Eckardtsheim"), (67, "Südstadt"), (68, "Sennestadt (Sennest.-I.,Wrachtr.L.)")],
    "09": [(69, "Schillingshof"), (70, "Buschkamp (inkl. Togdrang)"), (71, "Windelsbleiche"), (72, "Windflöte")],
}

STRASSEN: dict[str, list[str]] = {
    "00": [
        "Niederwall",
        "Oberntorwall",
        "Detmolder Straße",
        "Herforder Straße",
        "Kreuzstraße",
        "Stapenhorststraße",
        "Teutoburger Straße",
        "Arndtstraße",
        "August-Bebel-Straße",
        "Friedrich-Verleger-Straße",
        "Kesselbrink",
        "Jöllenbecker Straße",
        "Hermann-Delius-Straße",
        "Viktoriastraße",
        "Nikolaus-Dürkopp-Straße",
        "Am Bach",
        "Ravensberger Straße",
        "Große-Kurfürsten-Straße",
        "Heeper Straße",
        "Kavalleriestraße",
    ],
    "01": [
        "Engersche Straße",
        "Apfelstraße",
        "Westerfeldstraße",
        "Johannisstraße",
        "Beckhausstraße",
        "Voltmannstraße",
        "Schildescher Straße",
        "Talbrückenstraße",
        "Universitätsstraße",
        "Wittebreite",
        "Am Obersee",
        "Meyerfeld",
    ],
    "02": [
        "Bethelweg",
        "Quellenhofweg",
        "Artur-Ladebeck-Straße",
        "Kantensiek",
        "Saronweg",
        "Maraweg",
        "Am Zionswald",
        "Burgsteig",
    ],
    "03": [
        "Hauptstraße",
        "Treppenstraße",
        "Gütersloher Straße",
        "Berliner Straße",
        "Germanenstraße",
        "Brockhagener Straße",
        "Stadtring",
        "Cheruskerstraße",
        "Kupferstraße",
        "Osnabrücker Straße",
        "Südring",
    ],
    "04": [
        "Wertherstraße",
        "Dornberger Straße",
        "Babenhauser Straße",
        "Twellbachtal",
        "Kirchdornberger Straße",
        "Großdornberger Straße",
        "Schloßhofstraße",
        "Deppendorfer Straße",
    ],
    "05": [
        "Jöllenbecker Straße",
        "Vilsendorfer Straße",
        "Amtsstraße",
        "Dreekerheide",
        "Beckendorfstraße",
        "Theesener Straße",
        "Spiekerhof",
        "Eickumer Straße",
    ],
    "06": [
        "Heeper Straße",
        "Salzufler Straße",
        "Altenhagener Straße",
        "Milser Straße",
        "Brönninghauser Straße",
        "Vogteistraße",
        "Baumheider Straße",
        "Am Wortkamp",
        "Oldentruper Straße",
    ],
    "07": [
        "Oerlinghauser Straße",
        "Lipper Hellweg",
        "Stieghorster Straße",
        "Detmolder Straße",
        "Ubbedisser Straße",
        "Hillegosser Straße",
        "Sieker Mitte",
        "Am Wellbach",
    ],
    "08": [
        "Paderborner Straße",
        "Elbeallee",
        "Travestraße",
        "Sennestadtring",
        "Lindemann-Platz",
        "Ramsbrockring",
        "Eckardtsheimer Straße",
        "Verler Straße",
    ],
    "09": [
        "Buschkampstraße",
        "Senner Hellweg",
        "Windelsbleicher Straße",
        "Friedrichsdorfer Straße",
        "Senner Straße",
        "Krackser Straße",
        "Windflöte",
        "Am Waldbad",
    ],
}

# Bielefeld's extent in WGS 84, rounded outwards: [min_lon, min_lat, max_lon, max_lat]
BBOX = (8.37, 51.91, 8.67, 52.12)


# --------------------------------------------------------------------------------------------------
# 1. Stadtbäume (tree cadastre)
# --------------------------------------------------------------------------------------------------

# genus, botanical name, German name, cultivar, weight, growth of trunk circumference (cm/year), max height (m)
ARTEN: list[tuple[str, str, str, str, float, float, float]] = [
    ("Acer", "Acer platanoides", "Spitz-Ahorn", "", 11.0, 2.6, 22),
    ("Acer", "Acer platanoides", "Spitz-Ahorn", "Globosum", 2.0, 1.8, 7),
    ("Tilia", "Tilia cordata", "Winter-Linde", "", 9.0, 2.4, 24),
    ("Tilia", "Tilia cordata", "Winter-Linde", "Greenspire", 3.0, 2.2, 18),
    ("Tilia", "Tilia × europaea", "Holländische Linde", "", 3.5, 2.8, 30),
    ("Tilia", "Tilia platyphyllos", "Sommer-Linde", "", 2.5, 2.6, 28),
    ("Quercus", "Quercus robur", "Stiel-Eiche", "", 8.0, 2.2, 28),
    ("Quercus", "Quercus rubra", "Rot-Eiche", "", 3.0, 2.9, 25),
    ("Carpinus", "Carpinus betulus", "Hainbuche", "", 6.0, 1.9, 18),
    ("Carpinus", "Carpinus betulus", "Hainbuche", "Fastigiata", 3.0, 1.7, 15),
    ("Acer", "Acer pseudoplatanus", "Berg-Ahorn", "", 6.0, 2.7, 27),
    ("Acer", "Acer campestre", "Feld-Ahorn", "", 4.0, 1.9, 14),
    ("Acer", "Acer campestre", "Feld-Ahorn", "Elsrijk", 1.5, 1.8, 12),
    ("Acer", "Acer rubrum", "Rot-Ahorn", "", 0.8, 2.2, 18),
    ("Betula", "Betula pendula", "Sand-Birke", "", 4.5, 2.5, 22),
    ("Fraxinus", "Fraxinus excelsior", "Gemeine Esche", "", 3.5, 2.8, 28),
    ("Platanus", "Platanus × hispanica", "Ahornblättrige Platane", "", 3.5, 3.2, 30),
    ("Aesculus", "Aesculus hippocastanum", "Gewöhnliche Rosskastanie", "", 3.5, 2.9, 25),
    ("Aesculus", "Aesculus × carnea", "Rotblühende Rosskastanie", "Briotii", 1.0, 2.4, 15),
    ("Fagus", "Fagus sylvatica", "Rot-Buche", "", 2.5, 2.3, 30),
    ("Prunus", "Prunus avium", "Vogel-Kirsche", "", 2.5, 2.3, 18),
    ("Prunus", "Prunus avium", "Vogel-Kirsche", "Plena", 1.0, 2.0, 12),
    ("Prunus", "Prunus serrulata", "Japanische Blütenkirsche", "Kanzan", 1.5, 1.6, 9),
    ("Sorbus", "Sorbus aucuparia", "Eberesche", "", 2.5, 1.8, 12),
    ("Sorbus", "Sorbus intermedia", "Schwedische Mehlbeere", "", 2.0, 1.7, 12),
    ("Robinia", "Robinia pseudoacacia", "Robinie", "", 2.0, 2.6, 20),
    ("Alnus", "Alnus glutinosa", "Schwarz-Erle", "", 2.0, 2.4, 20),
    ("Crataegus", "Crataegus laevigata", "Rotdorn", "Paul's Scarlet", 1.8, 1.2, 7),
    ("Pyrus", "Pyrus calleryana", "Chinesische Wildbirne", "Chanticleer", 2.0, 1.9, 12),
    ("Ginkgo", "Ginkgo biloba", "Ginkgo", "", 1.0, 1.5, 20),
    ("Liquidambar", "Liquidambar styraciflua", "Amberbaum", "", 1.2, 2.0, 18),
    ("Gleditsia", "Gleditsia triacanthos", "Lederhülsenbaum", "Skyline", 1.2, 2.2, 18),
    ("Corylus", "Corylus colurna", "Baum-Hasel", "", 1.8, 1.9, 18),
    ("Populus", "Populus nigra", "Schwarz-Pappel", "Italica", 1.0, 3.5, 30),
    ("Salix", "Salix alba", "Silber-Weide", "", 1.0, 3.6, 22),
    ("Ulmus", "Ulmus", "Ulme", "Lobel", 0.8, 2.4, 20),
    ("Pinus", "Pinus sylvestris", "Wald-Kiefer", "", 1.5, 2.0, 25),
    ("Picea", "Picea abies", "Gemeine Fichte", "", 0.8, 2.2, 28),
    ("Taxus", "Taxus baccata", "Eibe", "", 0.5, 0.9, 10),
    ("Celtis", "Celtis australis", "Südlicher Zürgelbaum", "", 0.4, 1.8, 15),
    ("Ostrya", "Ostrya carpinifolia", "Hopfenbuche", "", 0.4, 1.7, 14),
    ("Zelkova", "Zelkova serrata", "Japanische Zelkove", "", 0.3, 1.8, 16),
    ("Parrotia", "Parrotia persica", "Eisenholzbaum", "", 0.3, 1.2, 8),
    ("Juglans", "Juglans regia", "Walnuss", "", 0.6, 2.5, 20),
    ("Magnolia", "Magnolia kobus", "Kobushi-Magnolie", "", 0.3, 1.4, 10),
    # not identified down to the species, as in every real cadastre
    ("Acer", "Acer spec.", "Ahorn (Art unbestimmt)", "", 0.6, 2.4, 20),
    ("Prunus", "Prunus spec.", "Kirsche/Pflaume (Art unbestimmt)", "", 0.5, 1.8, 10),
    ("Malus", "Malus spec.", "Apfel (Art unbestimmt)", "", 0.5, 1.6, 8),
]

STANDORTE = (
    ("Straße", 0.62),
    ("Grünanlage", 0.17),
    ("Schule", 0.06),
    ("Spielplatz", 0.05),
    ("Friedhof", 0.05),
    ("Parkplatz", 0.05),
)
ZUSTAENDE = (
    ("gut", 0.46),
    ("leicht geschädigt", 0.33),
    ("mittelstark geschädigt", 0.14),
    ("stark geschädigt", 0.05),
    ("abgestorben", 0.02),
)
# Street trees per Stadtbezirk (relative): the centre and the big districts have most
BEZIRK_WEIGHTS = (0.17, 0.11, 0.04, 0.12, 0.08, 0.07, 0.13, 0.10, 0.09, 0.09)
KONTROLLE_START = date(2024, 1, 8)
KONTROLLE_END = STAND
TREES_AT_SCALE_1 = 32_000

BAUM_HEADER = (
    "baum_id",
    "gattung",
    "art_botanisch",
    "art_deutsch",
    "sorte",
    "pflanzjahr",
    "stammumfang_cm",
    "kronendurchmesser_m",
    "baumhoehe_m",
    "strasse",
    "standort",
    "stadtbezirk_id",
    "stadtbezirk",
    "lat",
    "lon",
    "zustand",
    "letzte_kontrolle",
)


def _choice(rng: np.random.Generator, items: Sequence[tuple[str, float]], n: int) -> np.ndarray:
    weights = np.array([w for _, w in items], dtype=float)
    return rng.choice(len(items), size=n, p=weights / weights.sum())


def gen_stadtbaeume(out: Path, scale: float) -> list[Defect]:
    rng = rng_for("stadtbaeume")
    n = max(200, round(TREES_AT_SCALE_1 * scale))
    ids = np.sort(rng.choice(np.arange(1, int(n * 1.45) + 10), size=n, replace=False))
    art = rng.choice(len(ARTEN), size=n, p=np.array([a[4] for a in ARTEN]) / sum(a[4] for a in ARTEN))
    bez = rng.choice(10, size=n, p=np.array(BEZIRK_WEIGHTS) / sum(BEZIRK_WEIGHTS))
    # planting years: a few old avenue trees, the post-war replanting, the 1970s-90s, and steady recent planting
    cohort = rng.choice(4, size=n, p=[0.07, 0.23, 0.35, 0.35])
    year = np.select(
        [cohort == 0, cohort == 1, cohort == 2],
        [rng.integers(1880, 1946, n), rng.integers(1949, 1976, n), rng.integers(1976, 2001, n)],
        rng.integers(2001, STAND.year + 1, n),
    )
    age = (STAND.year - year) + 8  # nursery trees are about 8 years old when planted
    growth = np.array([a[5] for a in ARTEN])[art] * rng.lognormal(0, 0.18, n)
    umfang = np.clip(np.round(16 + growth * (age - 8) ** 0.92), 12, 720).astype(int)
    hmax = np.array([a[6] for a in ARTEN])[art]
    hoehe = np.clip(hmax * (1 - np.exp(-age / 28)) * rng.normal(1, 0.12, n) + 1.5, 2.0, 42.0)
    krone = np.clip(hoehe * rng.normal(0.55, 0.09, n), 1.0, 28.0)
    # the trees of unknown age are mostly the old ones
    unknown_year = rng.random(n) < np.where(cohort == 0, 0.55, np.where(cohort == 1, 0.15, 0.03))
    lat = np.array([b[2] for b in STADTBEZIRKE])[bez] + rng.normal(0, 0.0105, n)
    lon = np.array([b[3] for b in STADTBEZIRKE])[bez] + rng.normal(0, 0.016, n)
    lat = np.clip(lat, BBOX[1] + 0.004, BBOX[3] - 0.004)
    lon = np.clip(lon, BBOX[0] + 0.004, BBOX[2] - 0.004)
    standort = _choice(rng, STANDORTE, n)
    zustand_idx = _choice(rng, ZUSTAENDE, n)
    zustand_idx = np.where((age > 90) & (zustand_idx < 2) & (rng.random(n) < 0.4), zustand_idx + 1, zustand_idx)
    days = (KONTROLLE_END - KONTROLLE_START).days
    kontrolle = rng.integers(0, days + 1, n)
    kontrolle[0], kontrolle[-1] = days, 0  # the data span exactly the declared temporal coverage
    never_controlled = (year >= STAND.year - 1) & (rng.random(n) < 0.5)
    street_pick = rng.random(n)

    rows: list[list[str]] = []
    for i in range(n):
        a = ARTEN[art[i]]
        b_id, b_name = STADTBEZIRKE[bez[i]][0], STADTBEZIRKE[bez[i]][1]
        streets = STRASSEN[b_id]
        # a few streets carry most trees (avenues): a skewed pick
        strasse = streets[int(len(streets) * street_pick[i] ** 1.6)]
        if standort[i] == 1 and street_pick[i] < 0.3:
            strasse = f"Grünanlage {strasse}"
        kdate = "" if never_controlled[i] else (KONTROLLE_START + timedelta(days=int(kontrolle[i]))).strftime("%d.%m.%Y")
        rows.append(
            [
                f"BI-{ids[i]:07d}",
                a[0],
                a[1],
                a[2],
                a[3],
                "" if unknown_year[i] else str(year[i]),
                str(umfang[i]),
                dec(krone[i], 1),
                dec(hoehe[i], 1),
                strasse,
                STANDORTE[standort[i]][0],
                b_id,
                b_name,
                dec(lat[i], 6),
                dec(lon[i], 6),
                ZUSTAENDE[zustand_idx[i]][0],
                kdate,
            ]
        )
    # the first and last rows carry the temporal bounds: keep them controlled
    rows[0][16] = KONTROLLE_END.strftime("%d.%m.%Y")
    rows[-1][16] = KONTROLLE_START.strftime("%d.%m.%Y")

    defects: list[Defect] = []
    col = {name: k for k, name in enumerate(BAUM_HEADER)}

    def at(fraction: float) -> int:
        return min(n - 2, max(1, int(n * fraction)))

    def plant(index: int, field: str, value: str, expect: str, note: str) -> None:
        rows[index][col[field]] = value
        defects.append(Defect("stadtbaeume", "stadtbaeume", index + 2, field, value, expect, note))

    plant(at(0.031), "baumhoehe_m", "ca. 12", "type-error", "estimate typed into a number column")
    plant(at(0.274), "baumhoehe_m", "ca. 8", "type-error", "estimate typed into a number column")
    plant(at(0.612), "baumhoehe_m", "14,5 m", "type-error", "unit typed into the cell")
    plant(at(0.447), "stammumfang_cm", "k. A.", "type-error", "'keine Angabe' marker not declared as missing value")
    plant(at(0.158), "pflanzjahr", "2109", "constraint-error", "typo for 1909: above maximum 2026")
    plant(at(0.803), "pflanzjahr", "1198", "constraint-error", "typo for 1998: below minimum 1850")
    plant(at(0.519), "art_botanisch", "", "constraint-error", "required cell empty (species not recorded)")
    plant(at(0.705), "stadtbezirk_id", "3", "constraint-error", "Stadtbezirk id lost its leading zero (should be 03); enum")
    plant(at(0.366), "zustand", "sehr gut", "constraint-error", "value outside the enum of the Zustand scale")
    # coordinates swapped in one row: both out of range, and the point lies outside Bielefeld
    swap = at(0.902)
    rows[swap][col["lat"]], rows[swap][col["lon"]] = rows[swap][col["lon"]], rows[swap][col["lat"]]
    defects.append(
        Defect(
            "stadtbaeume",
            "stadtbaeume",
            swap + 2,
            "lat",
            rows[swap][col["lat"]],
            "constraint-error",
            "lat/lon swapped: lat below minimum 51.91",
        )
    )
    defects.append(
        Defect(
            "stadtbaeume",
            "stadtbaeume",
            swap + 2,
            "lon",
            rows[swap][col["lon"]],
            "constraint-error",
            "lat/lon swapped: lon above maximum 8.67; point outside the Bielefeld bounding box (DS-TRANS-025)",
        )
    )
    # a newly planted tree got the id of its neighbour (copied row in the field app)
    dup = at(0.233)
    rows[dup][col["baum_id"]] = rows[dup - 1][col["baum_id"]]
    defects.append(
        Defect(
            "stadtbaeume",
            "stadtbaeume",
            dup + 2,
            "baum_id",
            rows[dup][col["baum_id"]],
            "primary-key",
            f"duplicate of row {dup + 1}",
        )
    )

    write_csv(out / "stadtbaeume" / "stadtbaeume.csv", BAUM_HEADER, rows, sep=";", newline="\r\n")
    return defects


# --------------------------------------------------------------------------------------------------
# 2. Bevölkerung (population by statistical district x sex x age group)
# --------------------------------------------------------------------------------------------------

ALTERSGRUPPEN = (
    "unter 6",
    "6 bis unter 18",
    "18 bis unter 30",
    "30 bis unter 45",
    "45 bis unter 65",
    "65 bis unter 80",
    "80 bis unter 90",
    "90 und älter",
)
AGE_SHARE = np.array([0.058, 0.105, 0.165, 0.192, 0.258, 0.152, 0.058, 0.012])
MALE_SHARE = np.array([0.513, 0.513, 0.505, 0.507, 0.499, 0.466, 0.40, 0.27])
STICHTAGE = tuple(date(y, 12, 31) for y in range(2021, 2026))
THRESHOLD = 3

# Districts whose age structure differs: students, Bethel's care homes, new family housing
AGE_TILT = {
    "05711000025": np.array([0.6, 0.6, 2.6, 1.1, 0.6, 0.4, 0.3, 0.3]),  # Universität
    "05711000003": np.array([0.9, 0.8, 1.7, 1.3, 0.8, 0.7, 0.7, 0.7]),  # Pauluskirche
    "05711000227": np.array([0.7, 0.8, 1.0, 0.9, 1.0, 1.3, 2.2, 3.5]),  # Bethel
    "05711000866": np.array([0.8, 0.9, 0.9, 0.9, 1.0, 1.2, 1.8, 2.8]),  # Eckardtsheim
    "05711000868": np.array([1.2, 1.2, 0.9, 1.1, 1.0, 0.9, 0.8, 0.7]),  # Sennestadt
}
SMALL = {"05711000009": 410, "05711000008": 690, "05711000228": 520, "05711000010": 880, "05711000011": 1150}
"""Tiny districts (industrial areas, forest): where the small counts come from."""

BEV_HEADER = ("stichtag", "stadtbezirk_id", "stadtbezirk", "stat_id", "stat_bezirk", "geschlecht", "altersgruppe", "einwohner")


def stat_bezirke() -> list[tuple[str, str, str, str]]:
    """(stat_id, name, stadtbezirk_id, stadtbezirk name) for the 72 Statistische Bezirke."""
    names = {b[0]: b[1] for b in STADTBEZIRKE}
    out = []
    for sb_id, items in STAT_BEZIRKE.items():
        for number, name in items:
            out.append((f"05711000{int(sb_id)}{number:02d}", name, sb_id, names[sb_id]))
    return out


def gen_bevoelkerung(out: Path) -> list[Defect]:
    rng = rng_for("bevoelkerung")
    districts = stat_bezirke()
    base = {sid: SMALL.get(sid, int(rng.lognormal(np.log(4900), 0.45))) for sid, *_ in districts}
    trend = {sid: rng.normal(0.004, 0.006) for sid, *_ in districts}
    # counts[(stichtag, stat_id)] = array (sex 0=m, 1=w, 2=total) x age
    table: list[tuple[date, tuple[str, str, str, str], np.ndarray]] = []
    for k, tag in enumerate(STICHTAGE):
        for d in districts:
            sid = d[0]
            total = base[sid] * (1 + trend[sid]) ** k
            shares = AGE_SHARE * AGE_TILT.get(sid, np.ones(8))
            shares = shares / shares.sum()
            expected = total * shares
            male = rng.poisson(expected * MALE_SHARE)
            female = rng.poisson(expected * (1 - MALE_SHARE))
            table.append((tag, d, np.vstack([male, female, male + female])))

    # primary suppression (1 <= x < threshold -> "."), then secondary: a total with exactly one hidden part
    # would give the hidden part away, so a second cell of the triple is hidden too
    hidden: list[np.ndarray] = []
    for _, _, counts in table:
        h = (counts >= 1) & (counts < THRESHOLD)
        for a in range(8):
            if h[:, a].sum() == 1:
                if h[2, a]:  # total small but parts not: impossible (parts <= total), kept for safety
                    h[0, a] = True
                else:
                    other = 1 if h[0, a] else 0
                    h[other, a] = True
        hidden.append(h)

    rows: list[list[str]] = []
    index: dict[tuple[int, int, int], int] = {}
    for t, (tag, d, counts) in enumerate(table):
        for sex in range(3):
            for a in range(8):
                index[(t, sex, a)] = len(rows)
                value = "." if hidden[t][sex, a] else str(counts[sex, a])
                rows.append([tag.strftime("%d.%m.%Y"), d[2], d[3], d[0], d[1], str(sex + 1), ALTERSGRUPPEN[a], value])

    defects: list[Defect] = []
    # P1: three small counts that slipped through (male 1 or 2; female and total large): un-hide both cells
    candidates = [
        (t, a)
        for t, (_, _, c) in enumerate(table)
        for a in range(8)
        if 1 <= c[0, a] < THRESHOLD and c[1, a] >= THRESHOLD and hidden[t][0, a] and hidden[t][1, a] and not hidden[t][2, a]
    ]
    picks = [candidates[i] for i in sorted(rng.choice(len(candidates), size=4, replace=False))]
    for t, a in picks[:3]:
        counts = table[t][2]
        for sex in (0, 1):
            rows[index[(t, sex, a)]][7] = str(counts[sex, a])
        r = index[(t, 0, a)]
        defects.append(
            Defect(
                "bevoelkerung",
                "bevoelkerung",
                r + 2,
                "einwohner",
                str(counts[0, a]),
                "DS-PRIV-010",
                f"small count below threshold {THRESHOLD} not suppressed ({rows[r][4]}, {rows[r][0]}, männlich, {rows[r][6]})",
            )
        )
    # P2: secondary suppression forgotten: the male cell is hidden, female and total are shown
    t, a = picks[3]
    counts = table[t][2]
    rows[index[(t, 1, a)]][7] = str(counts[1, a])
    r = index[(t, 0, a)]
    defects.append(
        Defect(
            "bevoelkerung",
            "bevoelkerung",
            r + 2,
            "einwohner",
            ".",
            "DS-PRIV-011",
            f"only suppressed cell next to its total: männlich = {counts[2, a]} - {counts[1, a]} "
            f"(rows {index[(t, 1, a)] + 2} and {index[(t, 2, a)] + 2}); secondary suppression missing",
        )
    )

    write_csv(out / "bevoelkerung" / "bevoelkerung.csv", BEV_HEADER, rows, sep=";", bom=True)
    write_csv(
        out / "bevoelkerung" / "statistische_bezirke.csv",
        ("stat_id", "stat_bezirk", "stadtbezirk_id", "stadtbezirk"),
        [list(d) for d in districts],
        sep=";",
    )
    defects.append(
        Defect(
            "bevoelkerung",
            "bevoelkerung",
            None,
            None,
            None,
            "DS-TRANS-021",
            "file starts with a UTF-8 byte-order mark (Excel export); UTF-8 without BOM is preferred",
        )
    )
    return defects


# --------------------------------------------------------------------------------------------------
# 3. Parken (LoRaWAN car-park occupancy, raw uplinks every ~5 minutes)
# --------------------------------------------------------------------------------------------------

PARKPLAETZE = [
    # id, name, kind, capacity, lat, lon, device EUI, profile
    ("P01", "Tiefgarage Kesselbrink", "Tiefgarage", 380, 52.02331, 8.53781, "70B3D57ED005A1F3", "city"),
    ("P02", "Parkhaus Stadthalle", "Parkhaus", 550, 52.02846, 8.53262, "70B3D57ED005A204", "event"),
    ("P03", "Parkhaus Neumarkt", "Parkhaus", 490, 52.02148, 8.53642, "70B3D57ED005A1C9", "city"),
    ("P04", "Parkplatz Radrennbahn", "Parkplatz", 260, 52.03072, 8.51955, "70B3D57ED005A2E0", "city"),
    ("P05", "P+R Sennestadt", "Park+Ride", 120, 51.94412, 8.58931, "70B3D57ED005A317", "pr"),
    ("P06", "P+R Brackwede Bahnhof", "Park+Ride", 150, 51.99626, 8.50097, "70B3D57ED005A33A", "pr"),
]
WEEK_START = datetime(2026, 10, 19, 2, 0, tzinfo=BERLIN)
"""Monday 02:00 local = 00:00 UTC, so the first day is the same date in local time and in UTC. DST ends on Sunday
25.10.2026 (03:00 CEST -> 02:00 CET): the hour 02:00-03:00 occurs twice in local time."""
WEEK_END = datetime(2026, 10, 26, 0, 0, tzinfo=BERLIN)
PARK_HEADER = (
    "zeitstempel",
    "geraet_eui",
    "parkplatz_id",
    "belegt",
    "frei",
    "kapazitaet",
    "frame_zaehler",
    "rssi_dbm",
    "snr_db",
    "batterie_v",
)


def local_iso(moment: datetime) -> str:
    return moment.astimezone(BERLIN).isoformat(timespec="seconds")


def occupancy(profile: str, local: datetime, rng: np.random.Generator) -> float:
    """Share of occupied spaces by hour and weekday: city car parks, an event hall, park-and-ride."""
    h = local.hour + local.minute / 60
    wd = local.weekday()
    bump = np.exp(-(((h - 13.5) / 3.6) ** 2))
    if profile == "pr":
        work = np.exp(-(((h - 12.0) / 4.5) ** 4))
        level = 0.06 + (0.82 * work if wd < 5 else 0.10 * bump)
    else:
        level = 0.05 + (0.62 if wd < 5 else 0.84 if wd == 5 else 0.22) * bump
        if profile == "event" and wd in (3, 5):  # concerts Thursday and Saturday night
            level += 0.7 * np.exp(-(((h - 20.5) / 1.6) ** 2))
    return float(np.clip(level + rng.normal(0, 0.02), 0, 0.99))


def gen_parken(out: Path) -> list[Defect]:
    rng = rng_for("parken-lorawan")
    start_utc = WEEK_START.astimezone(UTC)
    end_utc = WEEK_END.astimezone(UTC)
    raw: list[tuple[datetime, int, list[str]]] = []
    for p, park in enumerate(PARKPLAETZE):
        pid, _name, _kind, cap, _lat, _lon, eui, profile = park
        phase = int(rng.integers(0, 300))
        fcnt = int(rng.integers(1000, 40000))
        battery = rng.uniform(3.55, 3.65)
        moment = start_utc + timedelta(seconds=phase)
        outage = (datetime(2026, 10, 22, 9, 40, tzinfo=UTC), datetime(2026, 10, 22, 12, 55, tzinfo=UTC)) if pid == "P05" else None
        while moment < end_utc:
            fcnt += 1
            lost = rng.random() < 0.015 or (outage is not None and outage[0] <= moment < outage[1])
            if not lost:
                belegt = round(cap * occupancy(profile, moment.astimezone(BERLIN), rng))
                battery -= 0.00002
                raw.append(
                    (
                        moment,
                        p,
                        [
                            local_iso(moment),
                            eui,
                            pid,
                            str(belegt),
                            str(cap - belegt),
                            str(cap),
                            str(fcnt),
                            str(int(rng.normal(-98, 7))),
                            f"{rng.normal(6.5, 2.5):.1f}",
                            f"{battery:.3f}",
                        ],
                    )
                )
            moment += timedelta(seconds=300 + int(rng.integers(-4, 5)))
    raw.sort(key=lambda item: (item[0], item[1]))
    rows = [r for _, _, r in raw]

    defects: list[Defect] = []
    # counter drift in P03 on Friday evening: more cars counted in than out, 'frei' goes negative
    drift = [i for i, r in enumerate(rows) if r[2] == "P03" and r[0].startswith("2026-10-23T19:")][:4]
    for k, i in enumerate(drift):
        frei = -(k % 3 + 1)
        rows[i][4] = str(frei)
        rows[i][3] = str(int(rows[i][5]) - frei)
    # uplinks received twice (two gateways, same frame): exact duplicates of (device, time)
    dup_sources = [i for i, r in enumerate(rows) if r[2] in ("P02", "P04", "P06") and r[0].startswith("2026-10-21T08:1")][:3]
    for i in reversed(dup_sources):
        twin = list(rows[i])
        twin[7] = str(int(twin[7]) - int(rng.integers(3, 12)))  # the second gateway hears it weaker
        rows.insert(i + 1, twin)
    for i, r in enumerate(rows):
        if r[2] == "P03" and r[0].startswith("2026-10-23T19:") and int(r[4]) < 0:
            defects.append(
                Defect(
                    "parken-lorawan",
                    "belegung",
                    i + 2,
                    "frei",
                    r[4],
                    "constraint-error",
                    "counter drift: negative free spaces (minimum 0)",
                )
            )
    seen: set[tuple[str, str]] = set()
    for i, r in enumerate(rows):
        if (r[0], r[1]) in seen:
            defects.append(
                Defect(
                    "parken-lorawan",
                    "belegung",
                    i + 2,
                    "zeitstempel",
                    r[0],
                    "primary-key",
                    "uplink received twice via two gateways (same frame counter)",
                )
            )
        seen.add((r[0], r[1]))
    # the hour 02:00-03:00 on 25.10. appears twice in local time, told apart only by the offset: NOT a defect
    defects.append(
        Defect(
            "parken-lorawan",
            "belegung",
            None,
            "geraet_eui",
            None,
            "DS-ETH-001",
            "persistent device identifiers (LoRaWAN DevEUI) in published sensor data",
        )
    )
    defects.append(
        Defect(
            "parken-lorawan",
            "belegung",
            None,
            "zeitstempel",
            None,
            "DS-ETH-001",
            "raw ~5-minute uplinks, not aggregated to >= 15-minute windows (warning)",
        )
    )
    defects.append(
        Defect(
            "parken-lorawan", None, None, None, None, "DS-TRANS-008", "declared DAILY but modified 2026-10-27: stale (freshness)"
        )
    )

    write_csv(out / "parken-lorawan" / "belegung.csv", PARK_HEADER, rows, sep=",")
    write_csv(
        out / "parken-lorawan" / "parkplaetze.csv",
        ("parkplatz_id", "name", "art", "kapazitaet", "stadtbezirk_id", "lat", "lon"),
        [[p[0], p[1], p[2], str(p[3]), _bezirk_of(p[4], p[5]), f"{p[4]:.5f}", f"{p[5]:.5f}"] for p in PARKPLAETZE],
        sep=",",
    )
    return defects


def _bezirk_of(lat: float, lon: float) -> str:
    """Nearest Stadtbezirk centre: good enough for invented locations."""
    best = min(STADTBEZIRKE, key=lambda b: (b[2] - lat) ** 2 + ((b[3] - lon) * 0.62) ** 2)
    return best[0]


# --------------------------------------------------------------------------------------------------
# 4. Wahlergebnisse (Bundestagswahl 2025, Zweitstimmen, per Stimmbezirk) - the clean dataset
# --------------------------------------------------------------------------------------------------

PARTEIEN = ("cdu", "spd", "gruene", "afd", "die_linke", "bsw", "fdp", "volt", "tierschutzpartei", "die_partei", "sonstige")
PARTEI_BASE = np.array([24.5, 22.0, 15.5, 13.0, 11.5, 4.4, 4.1, 1.4, 1.0, 0.7, 1.9])
# how each Stadtbezirk leans (multiplied onto the base shares)
PARTEI_TILT = {
    "00": [0.75, 0.95, 1.55, 0.7, 1.55, 0.9, 0.9, 1.6, 1.0, 1.5, 1.0],
    "01": [0.9, 1.0, 1.35, 0.8, 1.25, 0.9, 0.9, 1.3, 1.0, 1.2, 1.0],
    "02": [0.95, 1.0, 1.3, 0.75, 1.1, 0.9, 1.0, 1.2, 1.0, 1.0, 1.0],
    "03": [1.0, 1.1, 0.85, 1.2, 0.85, 1.1, 1.0, 0.8, 1.0, 0.9, 1.0],
    "04": [1.3, 0.9, 1.2, 0.75, 0.75, 0.8, 1.4, 0.9, 0.9, 0.8, 0.9],
    "05": [1.15, 1.05, 0.9, 1.1, 0.8, 1.1, 1.1, 0.8, 1.0, 0.8, 1.0],
    "06": [0.95, 1.15, 0.75, 1.35, 0.9, 1.2, 0.9, 0.7, 1.1, 0.8, 1.1],
    "07": [1.05, 1.1, 0.85, 1.2, 0.85, 1.1, 1.0, 0.8, 1.0, 0.8, 1.0],
    "08": [1.0, 1.1, 0.7, 1.5, 0.8, 1.25, 0.9, 0.6, 1.1, 0.7, 1.1],
    "09": [1.1, 1.1, 0.85, 1.2, 0.8, 1.1, 1.0, 0.8, 1.0, 0.8, 1.0],
}
URNEN_PRO_BEZIRK = (34, 24, 9, 28, 15, 15, 30, 23, 19, 20)
BRIEF_PRO_BEZIRK = (11, 8, 3, 9, 5, 5, 10, 8, 6, 6)
SONDER = [
    ("02", "Bethel, Haus Nazareth (Sonderstimmbezirk)", 86),
    ("02", "Bethel, Mara-Klinik (Sonderstimmbezirk)", 64),
    ("08", "Eckardtsheim, Haus Patmos (Sonderstimmbezirk)", 71),
]
WAHLTAG = date(2025, 2, 23)
WAHL_HEADER = (
    "wahltag",
    "stimmbezirk_id",
    "stimmbezirk",
    "bezirksart",
    "stadtbezirk_id",
    "stadtbezirk",
    "wahlberechtigte",
    "waehler",
    "ungueltige",
    "gueltige",
    *PARTEIEN,
)


def _votes(rng: np.random.Generator, valid: int, sb_id: str) -> np.ndarray:
    shares = rng.dirichlet(PARTEI_BASE * np.array(PARTEI_TILT[sb_id]) * 6)
    return rng.multinomial(valid, shares)


def gen_wahlergebnisse(out: Path) -> list[Defect]:
    rng = rng_for("wahlergebnisse")
    rows: list[list[str]] = []
    for b, (sb_id, sb_name, *_) in enumerate(STADTBEZIRKE):
        places = [name for _, name in STAT_BEZIRKE[sb_id]]
        for k in range(1, URNEN_PRO_BEZIRK[b] + 1):
            eligible = int(rng.integers(780, 1650))
            turnout = float(np.clip(rng.normal(0.80 if sb_id not in ("06", "08") else 0.74, 0.05), 0.55, 0.93))
            urn_share = rng.uniform(0.45, 0.62)
            voters = int(rng.binomial(eligible, turnout * urn_share))
            invalid = int(rng.binomial(voters, 0.006))
            votes = _votes(rng, voters - invalid, sb_id)
            name = f"{places[(k - 1) % len(places)]} {(k - 1) // len(places) + 1}"
            rows.append(
                [
                    WAHLTAG.isoformat(),
                    f"{sb_id}{k:02d}",
                    name,
                    "Urnenwahlbezirk",
                    sb_id,
                    sb_name,
                    str(eligible),
                    str(voters),
                    str(invalid),
                    str(voters - invalid),
                    *map(str, votes),
                ]
            )
        for j, (sonder_sb, sonder_name, eligible) in enumerate(s for s in SONDER if s[0] == sb_id):
            voters = int(rng.binomial(eligible, 0.55))
            invalid = int(rng.binomial(voters, 0.03))
            votes = _votes(rng, voters - invalid, sb_id)
            rows.append(
                [
                    WAHLTAG.isoformat(),
                    f"{sonder_sb}{40 + j:02d}",
                    sonder_name,
                    "Sonderstimmbezirk",
                    sb_id,
                    sb_name,
                    str(eligible),
                    str(voters),
                    str(invalid),
                    str(voters - invalid),
                    *map(str, votes),
                ]
            )
        for k in range(1, BRIEF_PRO_BEZIRK[b] + 1):
            voters = int(rng.integers(900, 2100))
            invalid = int(rng.binomial(voters, 0.008))
            votes = _votes(rng, voters - invalid, sb_id)
            rows.append(
                [
                    WAHLTAG.isoformat(),
                    f"{sb_id}{50 + k:02d}",
                    f"Briefwahl {sb_name} {k}",
                    "Briefwahlbezirk",
                    sb_id,
                    sb_name,
                    "0",
                    str(voters),
                    str(invalid),
                    str(voters - invalid),
                    *map(str, votes),
                ]
            )
    write_csv(out / "wahlergebnisse" / "bundestagswahl_zweitstimmen.csv", WAHL_HEADER, rows, sep=",")
    return []


# --------------------------------------------------------------------------------------------------
# 5. Abfallbehälter (fill-level sensors on public litter bins, hourly)
# --------------------------------------------------------------------------------------------------

ABFALL_HEADER = ("zeitstempel", "geraet_eui", "behaelter_id", "fuellstand_prozent", "temperatur_c", "batterie_v")
BEHAELTER_TYPEN = (("Abfallbehälter 110 l", 110), ("Abfallbehälter 70 l", 70), ("Unterflurbehälter 1.300 l", 1300))


def gen_abfallbehaelter(out: Path) -> list[Defect]:
    rng = rng_for("abfallbehaelter")
    n_bins = 30
    bins = []
    for k in range(n_bins):
        b = int(rng.choice(10, p=[0.45, 0.1, 0.03, 0.12, 0.03, 0.03, 0.08, 0.06, 0.05, 0.05]))
        sb_id, sb_name, lat, lon = STADTBEZIRKE[b]
        kind = int(rng.choice(3, p=[0.6, 0.25, 0.15]))
        eui = "A84041" + "".join(f"{int(x):02X}" for x in rng.integers(0, 256, 5))
        bins.append(
            (
                f"AB-{k + 1:04d}",
                STRASSEN[sb_id][int(rng.integers(0, len(STRASSEN[sb_id])))],
                sb_id,
                sb_name,
                BEHAELTER_TYPEN[kind][0],
                BEHAELTER_TYPEN[kind][1],
                lat + rng.normal(0, 0.004),
                lon + rng.normal(0, 0.006),
                eui,
                float(rng.uniform(0.4, 1.6) * (3 if b == 0 else 1) / (8 if kind == 2 else 1)),
            )
        )
    start_utc = WEEK_START.astimezone(UTC)
    end_utc = WEEK_END.astimezone(UTC)
    raw: list[tuple[datetime, int, list[str]]] = []
    for k, (bid, _s, _sb, _sbn, _t, _v, _la, _lo, eui, rate) in enumerate(bins):
        level = float(rng.uniform(5, 40))
        moment = start_utc + timedelta(minutes=int(rng.integers(0, 60)))
        battery = rng.uniform(3.4, 3.65)
        while moment < end_utc:
            local = moment.astimezone(BERLIN)
            daytime = 1.0 if 8 <= local.hour < 21 else 0.15
            level += rate * daytime * rng.uniform(0.5, 1.5) * (1.6 if local.weekday() >= 5 else 1)
            emptied = (local.hour == 6 and local.weekday() in (0, 3)) or (level > 92 and local.hour in (7, 11, 15))
            if emptied:
                level = float(rng.uniform(0, 4))
            temp = 9.5 + 5 * np.sin((local.hour - 9) / 24 * 2 * np.pi) + rng.normal(0, 1.2)
            battery -= 0.00004
            raw.append(
                (moment, k, [local_iso(moment), eui, bid, str(int(min(100, round(level)))), f"{temp:.1f}", f"{battery:.2f}"])
            )
            moment += timedelta(minutes=60)
    raw.sort(key=lambda item: (item[0], item[1]))
    rows = [r for _, _, r in raw]
    defects: list[Defect] = []
    # the ultrasonic sensor reports 255 when the lid is open (error code, not a fill level)
    for i in (int(len(rows) * 0.27), int(len(rows) * 0.71)):
        rows[i][3] = "255"
        defects.append(
            Defect(
                "abfallbehaelter",
                "fuellstaende",
                i + 2,
                "fuellstand_prozent",
                "255",
                "constraint-error",
                "sensor error code 255 (lid open) above maximum 100",
            )
        )
    defects.append(
        Defect(
            "abfallbehaelter",
            "fuellstaende",
            None,
            "geraet_eui",
            None,
            "DS-ETH-001",
            "persistent device identifiers in sensor data (dropped by the aggregation step)",
        )
    )
    write_csv(out / "abfallbehaelter" / "fuellstaende.csv", ABFALL_HEADER, rows, sep=",")
    write_csv(
        out / "abfallbehaelter" / "behaelter.csv",
        ("behaelter_id", "strasse", "stadtbezirk_id", "stadtbezirk", "typ", "volumen_l", "lat", "lon"),
        [[b[0], b[1], b[2], b[3], b[4], str(b[5]), f"{b[6]:.5f}", f"{b[7]:.5f}"] for b in bins],
        sep=",",
    )
    return defects


# --------------------------------------------------------------------------------------------------


def generate(out: Path, scale: float = 1.0) -> list[Defect]:
    """Write every data file below ``out`` and the defect manifest ``_defects.json``; return the defects."""
    out.mkdir(parents=True, exist_ok=True)
    defects = [
        *gen_stadtbaeume(out, scale),
        *gen_bevoelkerung(out),
        *gen_parken(out),
        *gen_wahlergebnisse(out),
        *gen_abfallbehaelter(out),
    ]
    manifest = {
        "generator": "examples/bielefeld/_generate.py",
        "seed": SEED,
        "scale": scale,
        "numpy": np.__version__,
        "defects": [asdict(d) for d in defects],
    }
    (out / "_defects.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if out.resolve() != HERE:
        # make --out a complete catalogue: descriptors and project config travel with the data
        for name in DATASETS:
            if (HERE / name / "datapackage.yaml").is_file():
                shutil.copyfile(HERE / name / "datapackage.yaml", out / name / "datapackage.yaml")
        for name in SIDE_FILES:
            if (HERE / name).is_file():
                shutil.copyfile(HERE / name, out / name)
    for name in DATASETS:
        stamp_descriptor(out / name / "datapackage.yaml")
    return defects


def stamp_descriptor(descriptor: Path) -> None:
    """Keep ``bytes`` and ``hash`` of every resource equal to its file (a text edit: comments and layout stay).

    Each resource block is expected as ``path: <file>`` optionally followed by ``bytes:`` and ``hash:`` lines
    at the same indentation; the two lines are (re)written right after the path.
    """
    if not descriptor.is_file():
        return
    text = descriptor.read_text(encoding="utf-8")

    def stamp(match: re.Match[str]) -> str:
        indent, path = match.group(1), match.group(2)
        data = (descriptor.parent / path).read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        return f"{indent}path: {path}\n{indent}bytes: {len(data)}\n{indent}hash: sha256:{digest}\n"

    pattern = re.compile(r"^( +)path: (?!\S*://)(\S+)\n(?:\1bytes: \d+\n)?(?:\1hash: sha256:[0-9a-f]+\n)?", re.MULTILINE)
    descriptor.write_text(pattern.sub(stamp, text), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=HERE, help="target folder (default: this folder, i.e. the committed files)")
    parser.add_argument("--scale", type=float, default=1.0, help="size factor for the tree cadastre (1 = 32,000 trees)")
    args = parser.parse_args(argv)
    if args.scale <= 0:
        parser.error("--scale must be > 0")
    defects = generate(args.out, args.scale)
    print(f"wrote {args.out} ({len(defects)} planted defects, see _defects.json)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
