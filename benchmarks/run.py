"""Validation benchmark: stadtdaten vs frictionless vs Great Expectations vs the raw parse, in one run.

    python benchmarks/run.py                 # 1M-row tree cadastre, valid and 0.5 % defects, all tools
    python benchmarks/run.py --rows 100000   # a quick run
    nox -s bench                             # the same, in the bench session

Every tool runs in its own subprocess under ``/usr/bin/time -v`` (wall time, CPU time, peak RSS), on the
same generated files, after one untimed warm-up run (compiled bytecode, file cache). The finding sets
of stadtdaten and frictionless on the defective file are compared (and with the generator's truth).
The bounded-memory mode validates a file larger than the address space it is given (``prlimit --as``).
Results: a table on stdout and JSON in ``benchmarks/_results/validation-<time>.json`` (``validation-latest.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TOOLS = HERE / "tools"
sys.path.insert(0, str(HERE))

import generate  # noqa: E402


@dataclass
class Measurement:
    tool: str
    data: str
    wall_s: list[float] = field(default_factory=list)
    cpu_s: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)
    output: dict[str, Any] | None = None
    returncode: int = 0
    error: str | None = None

    @property
    def wall(self) -> float:
        return statistics.median(self.wall_s) if self.wall_s else float("nan")

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpu_s) if self.cpu_s else float("nan")

    @property
    def peak(self) -> float:
        return max(self.peak_mb) if self.peak_mb else float("nan")


def timed(command: list[str], env: dict[str, str], prefix: list[str] | None = None) -> tuple[float, float, float, int, str, str]:
    """Run under /usr/bin/time -v: wall s, user+sys s, peak RSS MB, return code, stdout, stderr."""
    full = [*(prefix or []), "/usr/bin/time", "-v", *command]
    done = subprocess.run(full, capture_output=True, text=True, env=env, check=False)
    err = done.stderr
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", err)
    parts = [float(x) for x in wall.group(1).split(":")] if wall else [float("nan")]
    seconds = parts[-1] + (60 * parts[-2] if len(parts) > 1 else 0) + (3600 * parts[-3] if len(parts) > 2 else 0)
    user = re.search(r"User time \(seconds\): (\S+)", err)
    system = re.search(r"System time \(seconds\): (\S+)", err)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    cpu = (float(user.group(1)) if user else 0.0) + (float(system.group(1)) if system else 0.0)
    return seconds, cpu, (int(rss.group(1)) / 1024 if rss else float("nan")), done.returncode, done.stdout, err


def last_json(text: str) -> dict[str, Any] | None:
    for line in reversed(text.strip().splitlines()):
        if line.startswith("{"):
            try:
                return dict(json.loads(line))
            except ValueError:
                continue
    return None


def measure(
    tool: str, data: str, command: list[str], env: dict[str, str], repeat: int, *, warmup: bool, prefix: list[str] | None = None
) -> Measurement:
    result = Measurement(tool=tool, data=data)
    if warmup:
        timed(command, env, prefix)
    for _ in range(repeat):
        wall, cpu, peak, code, out, err = timed(command, env, prefix)
        result.returncode = code
        if code != 0:
            result.error = err[-1500:]
            break
        result.wall_s.append(round(wall, 3))
        result.cpu_s.append(round(cpu, 3))
        result.peak_mb.append(round(peak, 1))
        result.output = last_json(out)
    print(
        f"  {tool:22s} {data:8s} wall {result.wall:8.2f} s  cpu {result.cpu:8.2f} s  peak {result.peak:8.0f} MB"
        + (f"  FAILED rc={result.returncode}" if result.returncode else ""),
        flush=True,
    )
    return result


def finding_set(path: Path) -> set[tuple[str, str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    return {tuple(line.split(",", 2)) for line in lines}  # type: ignore[misc]


def truth_set(path: Path) -> set[tuple[str, str, str]]:
    import csv

    with path.open(encoding="utf-8") as handle:
        return {(r["row_number"], r["field_name"], r["type"]) for r in csv.DictReader(handle)}


def ensure_data(folder: Path, rows: int, seed: int) -> tuple[Path, Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    schema = folder / "trees.schema.json"
    schema.write_text(json.dumps(generate.table_schema(), ensure_ascii=False, indent=2), encoding="utf-8")
    valid = folder / f"trees_{rows}.csv"
    bad = folder / f"trees_{rows}_bad.csv"
    if not valid.exists():
        generate.write(valid, rows, seed=seed)
    if not bad.exists() or not Path(str(bad) + ".truth.csv").exists():
        generate.write(bad, rows, errors=0.005, seed=seed)
    return schema, valid, bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the generated cadastre (default 1,000,000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of the fast tools (median reported)")
    parser.add_argument("--slow-repeat", type=int, default=1, help="timed runs of frictionless and Great Expectations")
    parser.add_argument("--tools", default="raw,stadtdaten,frictionless,gx", help="comma-separated subset")
    parser.add_argument("--no-warmup", action="store_true")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--data-dir", type=Path, default=HERE / "_data")
    parser.add_argument("--out", type=Path, default=HERE / "_results")
    parser.add_argument("--skip-bounded", action="store_true", help="skip the bounded-memory run")
    parser.add_argument("--cap-mb", type=int, default=2000, help="address-space cap in MiB (prlimit --as) for the bounded run")
    parser.add_argument("--chunk-rows", type=int, default=100_000, help="rows per block in the bounded run")
    parser.add_argument(
        "--bounded-rows", type=int, default=None, help="rows of the bounded-run file (default: enough to exceed the cap)"
    )
    args = parser.parse_args(argv)
    if not Path("/usr/bin/time").exists():
        print("needs /usr/bin/time (apt-get install time)", file=sys.stderr)
        return 2
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    python = sys.executable
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(args.data_dir / "pycache")  # compiled bytecode outside the source tree
    env.setdefault("GX_ANALYTICS_ENABLED", "false")
    env["PYTHONPATH"] = os.pathsep.join([str(HERE.parent), env.get("PYTHONPATH", "")])

    started = time.time()
    print(f"generating {args.rows:,} rows (valid and 0.5 % defects) in {args.data_dir} ...", flush=True)
    schema, valid, bad = ensure_data(args.data_dir, args.rows, args.seed)
    size_mb = valid.stat().st_size / 1e6
    truth_rows = len(Path(str(bad) + ".truth.csv").read_text(encoding="utf-8").splitlines()) - 1
    print(f"  {valid.name}: {size_mb:.0f} MB; {bad.name}: truth {truth_rows} errors", flush=True)
    commands = {
        "raw": lambda data, _out: [python, str(TOOLS / "raw_parse.py"), str(data)],
        "stadtdaten": lambda data, out: [python, str(TOOLS / "stadtdaten_tool.py"), str(schema), str(data), str(out)],
        "frictionless": lambda data, out: [python, str(TOOLS / "frictionless_tool.py"), str(schema), str(data), str(out)],
        "gx": lambda data, _out: [python, str(TOOLS / "gx_tool.py"), str(schema), str(data)],
    }
    names = {
        "raw": "raw parse (polars)",
        "stadtdaten": "stadtdaten",
        "frictionless": "frictionless 5",
        "gx": "Great Expectations",
    }
    results: list[Measurement] = []
    outputs: dict[tuple[str, str], Path] = {}
    for label, data in (("valid", valid), ("invalid", bad)):
        print(f"{label}: {data.name}", flush=True)
        for tool in tools:
            if tool not in commands:
                continue
            out = args.out / f"findings-{tool}-{label}.csv"
            args.out.mkdir(parents=True, exist_ok=True)
            outputs[(tool, label)] = out
            slow = tool in ("frictionless", "gx")
            results.append(
                measure(
                    names[tool],
                    label,
                    commands[tool](data, out),
                    env,
                    args.slow_repeat if slow else args.repeat,
                    warmup=not args.no_warmup and not slow,
                )
            )

    checks: dict[str, Any] = {}
    if ("stadtdaten", "invalid") in outputs and outputs[("stadtdaten", "invalid")].exists():
        ours = finding_set(outputs[("stadtdaten", "invalid")])
        truth = truth_set(Path(str(bad) + ".truth.csv"))
        checks["stadtdaten_equals_truth"] = ours == truth
        checks["stadtdaten_findings"] = len(ours)
        if ("frictionless", "invalid") in outputs and outputs[("frictionless", "invalid")].exists():
            theirs = finding_set(outputs[("frictionless", "invalid")])
            checks["frictionless_findings"] = len(theirs)
            checks["stadtdaten_equals_frictionless"] = ours == theirs
            checks["only_frictionless"] = sorted(theirs - ours)[:10]
            checks["only_stadtdaten"] = sorted(ours - theirs)[:10]
        valid_ours = outputs[("stadtdaten", "valid")]
        checks["stadtdaten_valid_file_clean"] = valid_ours.exists() and not finding_set(valid_ours)

    bounded: dict[str, Any] | None = None
    if not args.skip_bounded and "stadtdaten" in tools:
        bounded = run_bounded(args, env, schema, python)

    by = {(m.tool, m.data): m for m in results}
    rows = []
    for m in results:
        raw = by.get((names["raw"], m.data))
        fr = by.get((names["frictionless"], m.data))
        rows.append(
            {
                **{k: v for k, v in asdict(m).items() if k != "output"},
                "output": m.output,
                "wall_median_s": m.wall,
                "cpu_median_s": m.cpu,
                "peak_rss_mb": m.peak,
                "rows_per_s": round(args.rows / m.wall) if m.wall == m.wall and m.wall > 0 else None,
                "vs_raw_parse": round(m.wall / raw.wall, 2) if raw and raw.wall > 0 else None,
                "frictionless_over_this": round(fr.wall / m.wall, 1) if fr and m.wall > 0 else None,
            }
        )
    print()
    print(f"{'tool':22s} {'data':8s} {'wall s':>8s} {'cpu s':>8s} {'peak MB':>8s} {'rows/s':>10s} {'x raw':>7s} {'fr / x':>7s}")
    for r in rows:
        print(
            f"{r['tool']:22s} {r['data']:8s} {r['wall_median_s']:8.2f} {r['cpu_median_s']:8.2f} {r['peak_rss_mb']:8.0f} "
            f"{(r['rows_per_s'] or 0):10,d} {(r['vs_raw_parse'] or 0):7.2f} {(r['frictionless_over_this'] or 0):7.1f}"
        )
    print()
    for key, value in checks.items():
        print(f"  {key}: {value}")
    if bounded:
        print(f"  bounded memory: {bounded}")
    report = {
        "benchmark": "validation",
        "started": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(started)),
        "seconds": round(time.time() - started, 1),
        "rows": args.rows,
        "file_mb": round(size_mb, 1),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "load_before": os.getloadavg(),
        },
        "versions": versions(python, env),
        "results": rows,
        "checks": checks,
        "bounded": bounded,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    text = json.dumps(report, indent=2, default=str)
    (args.out / f"validation-{stamp}.json").write_text(text, encoding="utf-8")
    (args.out / "validation-latest.json").write_text(text, encoding="utf-8")
    print(f"\nJSON: {args.out / f'validation-{stamp}.json'}")
    ok = checks.get("stadtdaten_equals_truth", True) and checks.get("stadtdaten_equals_frictionless", True)
    return 0 if ok else 1


def run_bounded(args: argparse.Namespace, env: dict[str, str], schema: Path, python: str) -> dict[str, Any]:
    """Validate a generated file bigger than the address-space cap, in blocks of ``--chunk-rows``."""
    if shutil.which("prlimit") is None:
        return {"skipped": "prlimit not found"}
    cap = args.cap_mb * 1024 * 1024
    per_row = 136  # bytes per generated row
    rows = args.bounded_rows or -(-int(cap * 1.1 / per_row) // 1_000_000) * 1_000_000  # 10 % bigger than the cap
    big = args.data_dir / f"trees_{rows}.csv"
    if not big.exists():
        print(f"bounded memory: generating {rows:,} rows ...", flush=True)
        generate.write(big, rows, seed=args.seed)
    size = big.stat().st_size
    big_schema = args.data_dir / "trees-big.schema.json"  # ids beyond 9,999,999 have eight digits
    descriptor = generate.table_schema()
    descriptor["fields"][0]["constraints"]["pattern"] = "BI-[0-9]{7,8}"
    big_schema.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    out = args.out / "findings-stadtdaten-bounded.csv"
    capped = dict(env)
    capped["_RJEM_MALLOC_CONF"] = "retain:false,dirty_decay_ms:0,muzzy_decay_ms:0"  # give freed address space back
    capped.setdefault("POLARS_MAX_THREADS", str(min(os.cpu_count() or 2, 2)))
    capped.setdefault("OPENBLAS_NUM_THREADS", "1")  # numpy's BLAS threads reserve address space too
    command = [python, str(TOOLS / "stadtdaten_tool.py"), str(big_schema), str(big), str(out), str(args.chunk_rows)]
    print(f"bounded memory: {big.name} ({size / 1e6:.0f} MB) with the address space capped at {args.cap_mb} MB", flush=True)
    m = measure("stadtdaten bounded", "big", command, capped, 1, warmup=False, prefix=["prlimit", f"--as={cap}"])
    in_memory = None
    if size < cap:  # the in-memory mode would need the whole file: show that it cannot run under the same cap
        in_memory = "file smaller than the cap"
    else:
        im = measure("stadtdaten in-memory", "big", command[:-1], capped, 1, warmup=False, prefix=["prlimit", f"--as={cap}"])
        in_memory = "fails under the cap" if im.returncode else f"ran: {im.wall:.1f} s"
    return {
        "rows": rows,
        "file_mb": round(size / 1e6),
        "cap_mb": args.cap_mb,
        "chunk_rows": args.chunk_rows,
        "returncode": m.returncode,
        "wall_s": m.wall,
        "cpu_s": m.cpu,
        "peak_rss_mb": m.peak,
        "rows_per_s": round(rows / m.wall) if m.wall == m.wall and m.wall else None,
        "findings": (m.output or {}).get("findings"),
        "in_memory_mode_under_same_cap": in_memory,
        "error": m.error,
    }


def versions(python: str, env: dict[str, str]) -> dict[str, str]:
    code = (
        "import json, importlib.metadata as m\n"
        "out = {}\n"
        "for name in ('stadtdaten', 'polars', 'frictionless', 'great-expectations', 'pandas', 'numpy'):\n"
        "    try: out[name] = m.version(name)\n"
        "    except m.PackageNotFoundError: out[name] = None\n"
        "print(json.dumps(out))"
    )
    done = subprocess.run([python, "-c", code], capture_output=True, text=True, env=env, check=False)
    return last_json(done.stdout) or {}


if __name__ == "__main__":
    sys.exit(main())
