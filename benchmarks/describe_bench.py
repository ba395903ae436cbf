"""How long ``describe`` takes on big files: encoding + dialect sniffing, the sample read, the inference.

Generates a German-style CSV (``;``, decimal comma, DD.MM.YYYY dates, zero-padded district ids, a footer
row) with N rows and times each stage, plus the whole ``describe_path`` (which writes the descriptor).
The point: every stage reads a sample, so the time stays flat as the file grows.

    python benchmarks/describe_bench.py            # 100k, 1M and 5M rows
    python benchmarks/describe_bench.py 200000     # one size
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from stadtdaten.core.config import ProjectConfig
from stadtdaten.core.reading.sample import read_csv_sample
from stadtdaten.core.reading.sniff import detect_encoding, sniff_dialect
from stadtdaten.schemas.describe import describe_path
from stadtdaten.schemas.infer import infer_schema


def generate(path: Path, rows: int, footer: bool = True) -> None:
    rng = random.Random(7)
    species = ["Tilia cordata", "Acer platanoides", "Quercus robur", "Fagus sylvatica", "Betula pendula"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("baum_id;art_botanisch;stadtbezirk_id;stat_id;pflanzdatum;hoehe_m;stammumfang_cm;gefaellt\n")
        for i in range(rows):
            handle.write(
                f"B{i:07d};{species[i % 5]};{i % 10};05711000{rng.randint(1, 972):03d};"
                f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(1950, 2023)};"
                f"{rng.randint(2, 35)},{rng.randint(0, 9)};{rng.randint(20, 600)};{'ja' if i % 97 == 0 else 'nein'}\n"
            )
        if footer:  # a source note after a blank line: its row number needs a full (fast) line count
            handle.write("\nQuelle: Umweltamt Bielefeld, Stand 31.12.2024\n")


def bench(rows: int, folder: Path, footer: bool) -> None:
    path = folder / f"{rows}-{footer}" / "baeume.csv"  # one folder each: describe writes datapackage.yaml beside it
    path.parent.mkdir()
    generate(path, rows, footer)
    size = path.stat().st_size / 1e6
    t0 = time.perf_counter()
    encoding = detect_encoding(path)
    t1 = time.perf_counter()
    dialect = sniff_dialect(path, encoding)
    t2 = time.perf_counter()
    sample = read_csv_sample(path, encoding, dialect)
    t3 = time.perf_counter()
    result = infer_schema(sample)
    t4 = time.perf_counter()
    describe_path(path, ProjectConfig(), force=True)
    t5 = time.perf_counter()
    types = ",".join(f["type"][:3] for f in result.schema["fields"])
    print(
        f"{rows:>9,} rows {size:7.1f} MB | encoding {1000 * (t1 - t0):6.1f} ms | dialect {1000 * (t2 - t1):6.1f} ms "
        f"(footer {dialect.footer_rows}) | sample {1000 * (t3 - t2):6.1f} ms | infer {1000 * (t4 - t3):6.1f} ms | "
        f"describe total {1000 * (t5 - t4):6.1f} ms | {types}"
    )


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [100_000, 1_000_000, 5_000_000]
    with tempfile.TemporaryDirectory() as tmp:
        for rows in sizes:
            for footer in (False, True):
                bench(rows, Path(tmp), footer)


if __name__ == "__main__":
    main()
