"""Baseline: parse the CSV into an all-string polars table, nothing else (the floor any validator pays)."""

import json
import sys
import time


def main() -> None:
    started = time.perf_counter()
    import polars as pl

    frame = pl.read_csv(sys.argv[1], infer_schema=False)
    print(json.dumps({"tool": "raw-parse", "rows": frame.height, "seconds_in_process": round(time.perf_counter() - started, 3)}))


if __name__ == "__main__":  # frictionless may spawn workers that import this module
    main()
