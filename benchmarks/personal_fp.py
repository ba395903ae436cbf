"""False-positive rates of the personal-data detectors on the non-personal files of ../shared/realdata.

Every file below is known to hold no personal data in its values (realdata.md §4: apart from the
camera-trap names, no dataset there holds names or addresses of persons; the LoRaWAN message's device ids
are true positives and excluded), so every hit is a false positive. Files are read as text (no schema),
which is stricter than the typed frames the engine hands over: numbers and codes stay strings.

    /work/.venv/bin/python benchmarks/personal_fp.py [--markdown]
"""

from __future__ import annotations

import argparse
import codecs
import io
import sys
from collections import defaultdict
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stadtdaten.quality.personal import dictionary as dic  # noqa: E402
from stadtdaten.quality.personal.detectors import DETECTORS, scan_strings  # noqa: E402

SHARED = ROOT.parent / "shared" / "realdata"
EXCLUDED = ("camtrap-dp-example", "bielefeld-lorawan-ttn", "dkan-bielefeld")
"""Files with personal data (true positives): camera-trap names, LoRaWAN device ids, and the GovData
publisher table of dkan-bielefeld, which names persons as publishers (found by this benchmark)."""


def _read(path: Path) -> pl.DataFrame | None:
    raw = path.read_bytes()
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raw = raw.decode("utf-16").encode("utf-8")
    text = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    separator = max(";,\t", key=first.count)
    try:
        return pl.read_csv(
            io.StringIO(text),
            separator=separator,
            infer_schema=False,
            truncate_ragged_lines=True,
            ignore_errors=True,
            quote_char='"',
        )
    except pl.exceptions.PolarsError:
        return None


def files(personal: bool = False) -> list[Path]:
    found = []
    for path in sorted(SHARED.rglob("*.csv")):
        if any(part in EXCLUDED for part in path.parts) == personal:
            found.append(path)
    return found


def measure(personal: bool = False) -> tuple[dict[str, dict[str, int]], dict[str, list[str]], dict[str, int]]:
    stats: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    examples: dict[str, list[str]] = defaultdict(list)
    totals = {"files": 0, "columns": 0, "values": 0}
    for path in files(personal):
        frame = _read(path)
        if frame is None:
            continue
        totals["files"] += 1
        rel = path.relative_to(SHARED)
        for name in frame.columns:
            series = frame[name]
            values = series.len() - series.null_count()
            totals["columns"] += 1
            totals["values"] += values
            kind = dic.personal_kind(name)
            strong_name = kind is not None and (kind.strong or kind.kind != "name")
            if strong_name:
                stats["name-dictionary"]["columns"] += 1
                examples["name-dictionary"].append(f"{rel}:{name} ({kind.kind if kind else ''})")
            if dic.device_kind(name):
                stats["device-name-dictionary"]["columns"] += 1
                examples["device-name-dictionary"].append(f"{rel}:{name}")
            hints = frozenset({"phone"} if kind and kind.kind == "phone" else set())
            for hit in scan_strings(series, hints=hints):
                stats[hit.detector]["columns"] += 1
                stats[hit.detector]["values"] += hit.count
                if hit.ratio >= 0.01:
                    stats[hit.detector]["error_columns"] += 1
                examples[hit.detector].append(f"{rel}:{name} ({hit.count}× e.g. {', '.join(hit.matched[:2])})")
    return stats, examples, totals


def table(stats: dict[str, dict[str, int]], totals: dict[str, int]) -> str:
    keys = ["name-dictionary", "device-name-dictionary", *(d.key for d in DETECTORS)]
    lines = [
        f"Scanned {totals['files']} files, {totals['columns']} columns, {totals['values']:,} non-empty values (non-personal).",
        "",
        "| Detector | Columns flagged | Column FP rate | Values flagged | Value FP rate | Columns at error level (≥ 1 %) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for key in keys:
        s = stats.get(key, {})
        columns, values = s.get("columns", 0), s.get("values", 0)
        value_rate = "–" if key.endswith("dictionary") else f"{values / totals['values']:.5%}"
        value_count = "–" if key.endswith("dictionary") else f"{values:,}"
        errors = "–" if key.endswith("dictionary") else str(s.get("error_columns", 0))
        lines.append(f"| {key} | {columns} | {columns / totals['columns']:.2%} | {value_count} | {value_rate} | {errors} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", action="store_true", help="List the columns behind every false positive.")
    args = parser.parse_args()
    if not SHARED.is_dir():
        print(f"needs {SHARED}")
        return
    stats, examples, totals = measure()
    print(table(stats, totals))
    if args.examples:
        print()
        for key, items in sorted(examples.items()):
            print(f"{key}:")
            for item in items:
                print(f"  {item}")
    print()
    print("Detections on the files that do hold personal data (true positives, for recall):")
    _, found, _ = measure(personal=True)
    for key, items in sorted(found.items()):
        print(f"  {key}: " + "; ".join(items))


if __name__ == "__main__":
    main()
