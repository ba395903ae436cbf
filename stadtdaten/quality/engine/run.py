"""Validating one resource: read, check block(s), keys; and turning error rows into findings.

In memory (default) a file is one block; with ``chunk_rows`` it is read in blocks of about that many
records and only the key state (see :mod:`.keys`), the first findings and the foreign-key columns are
kept between blocks, so a file larger than the memory limit can be validated.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from stadtdaten.core.dataset import Resource
from stadtdaten.core.findings import Severity, lookup
from stadtdaten.core.reading.types import Dialect, EncodingGuess
from stadtdaten.core.report import Finding, Location, ResourceStats
from stadtdaten.quality.engine import codes
from stadtdaten.quality.engine.cast import EXACT, FieldPlan
from stadtdaten.quality.engine.csv import (
    Block,
    Buffer,
    Header,
    InvalidUtf8,
    first_bad_utf8,
    iter_blocks,
    normalise_encoding,
    open_buffer,
    parse_block,
    read_header,
    to_utf8,
    transcode_to_file,
)
from stadtdaten.quality.engine.keys import KeyTracker, duplicates, empty_keys
from stadtdaten.quality.engine.source import read_rows, resolve_dialect, resolve_encoding, rows_to_block
from stadtdaten.quality.engine.table import ERROR_SCHEMA, PHASE, TableSpec, build_spec, check_block, empty_errors, errors_frame
from stadtdaten.schemas.model import SCHEMA_ERROR, TableSchema

ROW_KEY = "row_key"
KEEP_IN_CHUNKED_MODE = 20_000
"""Error rows kept between blocks in bounded-memory mode (beyond max_findings they are only counted)."""


@dataclass
class TableRun:
    """Everything known about one resource after its own checks (foreign keys come later)."""

    name: str
    path: str | None
    schema: TableSchema | None
    spec: TableSpec | None = None
    errors: list[pl.DataFrame] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    """Findings that are not row errors: schema-error, encoding, source, reader notes."""
    typed: pl.DataFrame | None = None
    keys: pl.DataFrame | None = None
    """Bounded-memory mode: the columns foreign keys need (all rows), instead of the typed frame."""
    rows: int = 0
    """Content rows read (header rows excluded)."""
    in_pass: dict[str, pl.DataFrame] | None = None
    """Key checks done in the main pass (in-memory mode), see ``BlockResult.duplicates``."""
    counted: Counter[str] = field(default_factory=Counter)
    """Error rows dropped in bounded-memory mode, by code (they are still reported in ``omitted``)."""
    stats: ResourceStats | None = None

    def add(self, code: str, params: dict[str, Any], *, row: int | None = None) -> None:
        self.findings.append(
            Finding(
                code=code,
                severity=lookup(code).severity,
                location=Location(path=self.path, resource=self.name, row=row),
                params=params,
            )
        )


# ---------------------------------------------------------------------------------------------- reading


def run_resource(
    resource: Resource,
    schema: TableSchema | None,
    *,
    encoding: EncodingGuess | None,
    dialect: Dialect | None,
    chunk_rows: int | None,
    fk_columns: set[str],
    display_path: str | None = None,
) -> TableRun:
    started = time.perf_counter()
    run = TableRun(name=resource.name, path=display_path or resource.path, schema=schema)
    if schema is not None:
        for finding in schema.findings:
            finding.location.path = finding.location.path or run.path
            finding.location.resource = finding.location.resource or run.name
        run.findings.extend(schema.findings)
    path = resource.fullpath
    size = 0
    used_encoding: str | None = None
    if path is not None and not path.is_file():
        run.add("source-error", {"note": f"the file {resource.path} does not exist"})
    elif resource.is_remote:
        run.add("source-error", {"note": f"remote resources are not read ({resource.path}); download the file first"})
    elif path is not None and resource.format in ("csv", "tsv", "txt", ""):
        size = path.stat().st_size
        guess, problems = resolve_encoding(resource, encoding, path)
        for code, params in problems:
            run.add(code, params)
        if not problems:
            used_encoding = normalise_encoding(guess.encoding)
            chosen, notes = resolve_dialect(resource, dialect, path, guess)
            _add_notes(run, notes)
            if chunk_rows:
                _read_csv_chunked(run, path, used_encoding, chosen, chunk_rows, fk_columns)
            else:
                _read_csv(run, path, used_encoding, chosen)
    else:
        try:
            rows = read_rows(resource, path)
        except ImportError as exc:
            run.add("format-error", {"format": resource.format, "note": f"no reader available ({exc})"})
        except Exception as exc:  # a reader's failure is a finding about the file, never a traceback
            note = getattr(exc, "params", {}).get("detail") if hasattr(exc, "params") else None
            run.add("format-error", {"format": resource.format or "data", "note": note or str(exc)})
        else:
            size = path.stat().st_size if path is not None else 0
            used_encoding = rows.encoding
            _add_notes(run, rows.notes)
            labels, block = rows_to_block(rows)
            run.spec = build_spec(schema, labels)
            _constraint_problems(run)
            if labels is not None:
                run.errors.append(errors_frame(run.spec.label_errors))
            if block.frame.width - 1 != run.spec.width:
                _, block = rows_to_block(rows, width=run.spec.width)
            _check(run, block, None)
            _finish_keys_in_memory(run)
    if path is not None and path.is_file():
        _integrity(run, resource, path)
    run.stats = ResourceStats(
        name=run.name,
        path=run.path,
        rows=run.rows,
        fields=run.spec.width if run.spec else (len(schema.fields) if schema else 0),
        bytes=size,
        encoding=used_encoding,
        seconds=round(time.perf_counter() - started, 4),
    )
    return run


def _constraint_problems(run: TableRun) -> None:
    """Constraint values the field's type cannot read (``minimum: "abc"`` on a number): schema-error, then ignored."""
    if run.spec is None or run.schema is None:
        return
    names = run.schema.field_names
    for plan in run.spec.plans:
        for name, note in plan.problems:
            index = names.index(plan.name) if plan.name in names else plan.number - 1
            pointer = f"/fields/{index}/constraints/{name}"
            run.add("schema-error", {"pointer": pointer, "note": f'constraint "{name}" of field "{plan.name}": {note}'})


def _integrity(run: TableRun, resource: Resource, path: Path) -> None:
    """``bytes`` and ``hash`` declared in the descriptor (frictionless's byte-count and hash-count)."""
    declared_bytes = resource.descriptor.get("bytes")
    if isinstance(declared_bytes, int) and not isinstance(declared_bytes, bool):
        actual = path.stat().st_size
        if actual != declared_bytes:
            run.add(
                "byte-count",
                {
                    "actual": actual,
                    "expected": declared_bytes,
                    "note": f'expected is "{declared_bytes}" and actual is "{actual}"',
                },
            )
    declared_hash = resource.descriptor.get("hash")
    if isinstance(declared_hash, str) and declared_hash:
        algorithm, _, expected = declared_hash.rpartition(":")
        algorithm = (algorithm or "md5").lower()
        if algorithm not in ("md5", "sha1", "sha256", "sha512"):
            return
        with path.open("rb") as handle:
            actual_hash = hashlib.file_digest(handle, algorithm).hexdigest()
        if actual_hash != expected.lower():
            run.add(
                "hash-count",
                {
                    "algorithm": algorithm,
                    "actual": actual_hash,
                    "expected": expected,
                    "note": f'expected is "{expected}" and actual is "{actual_hash}"',
                },
            )


def _add_notes(run: TableRun, notes: list[tuple[str, dict[str, Any]]] | tuple[tuple[str, dict[str, Any]], ...]) -> None:
    for code, params in notes:
        run.add(code, dict(params), row=params.get("row") if isinstance(params.get("row"), int) else None)


def _encoding_finding(run: TableRun, problem: dict[str, Any], line: int | None = None) -> None:
    params = {
        "encoding": problem.get("encoding", "utf-8"),
        "byte": problem.get("byte", "??"),
        "line": problem.get("line", line or "?"),
        "offset": problem.get("offset"),
        "note": f"{problem.get('reason', 'invalid byte')} at byte {problem.get('offset')}",
    }
    run.add("encoding-error", params)


def _read_csv(run: TableRun, path: Path, encoding: str, dialect: Dialect) -> None:
    source: Path | None = None
    data: Buffer
    if encoding in ("utf-8", "utf-8-sig", "ascii"):
        data, source = open_buffer(path), path  # memory-mapped: no copy (polars strips a BOM itself)
    else:
        data, problem = to_utf8(path.read_bytes(), encoding)
        if problem is not None:
            problem["line"] = data[: problem["offset"]].count(b"\n") + 1 if problem.get("offset") is not None else "?"
            _encoding_finding(run, problem)
    nfields = len(run.schema.fields) if run.schema else 1
    header = read_header(data, dialect, nfields)
    run.spec = build_spec(run.schema, header.labels)
    run.errors.append(errors_frame(run.spec.label_errors))
    _constraint_problems(run)
    try:
        block = parse_block(data, run.spec.width, dialect, 1, primed=_primed(header, dialect), path=source)
    except InvalidUtf8:
        bad = first_bad_utf8(bytes(data))
        if bad is not None:
            _encoding_finding(run, bad)
        block = parse_block(data, run.spec.width, dialect, 1, lossy=True, path=source)
    del data
    _check(run, _content(block, header, dialect), None)
    _finish_keys_in_memory(run)


def _primed(header: Header, dialect: Dialect) -> bool:
    """The first record is the one-row header whose width defines W: polars needs no priming line."""
    return bool(dialect.header) and tuple(dialect.header_rows) == (1,) and header.labels is not None and len(header.labels) > 0


def _content(block: Block, header: Header, dialect: Dialect) -> Block:
    """Drop header rows (and comment rows) from a block; their row numbers are kept for the rest."""
    frame = block.frame
    if not dialect.comment_char:
        # header rows are a prefix of the first block: slicing is free, filtering would copy every column
        skip = int((frame["_row"].head(header.last_row + 1) <= header.last_row).sum()) if header.last_row else 0
        if not skip:
            return block
        ragged = {r: c for r, c in block.ragged.items() if r > header.last_row}
        return Block(frame=frame.slice(skip), ragged=ragged, exact=block.exact)
    drop = frame["_row"] <= header.last_row if header.last_row else None
    if dialect.comment_char:
        comment = frame["c0"].fill_null("").str.starts_with(dialect.comment_char)
        drop = comment if drop is None else (drop | comment)
    if drop is None or not drop.any():
        return block
    kept = frame.filter(~drop)
    dropped = set(frame.filter(drop)["_row"].to_list())
    ragged = {r: c for r, c in block.ragged.items() if r not in dropped}
    return Block(frame=kept, ragged=ragged, exact=block.exact)


def _read_csv_chunked(run: TableRun, path: Path, encoding: str, dialect: Dialect, chunk_rows: int, fk_columns: set[str]) -> None:
    with tempfile.TemporaryDirectory(prefix="stadtdaten-") as tmp:
        source = path
        start = 0
        if encoding not in ("utf-8", "utf-8-sig", "ascii"):
            source = Path(tmp) / "utf8.csv"
            problem = transcode_to_file(path, encoding, source)
            if problem is not None:
                _encoding_finding(run, problem)
        with source.open("rb") as handle:
            head = handle.read(1 << 20)
        if head.startswith(b"\xef\xbb\xbf"):
            start = 3
            head = head[3:]
        nfields = len(run.schema.fields) if run.schema else 1
        header = read_header(head, dialect, nfields)
        run.spec = build_spec(run.schema, header.labels)
        run.errors.append(errors_frame(run.spec.label_errors))
        _constraint_problems(run)
        lines = max(head.count(b"\n"), 1)
        block_bytes = max(1 << 16, int(len(head) / lines * chunk_rows))
        trackers = _trackers(run.spec)
        keep_columns = _fk_keep(run.spec, fk_columns)
        key_parts: list[pl.DataFrame] = []
        next_row = 1
        seen_rows = 0
        for data in iter_blocks(source, dialect.quote_char or None, block_bytes, start=start):
            try:
                block = parse_block(data, run.spec.width, dialect, next_row)
            except InvalidUtf8:
                bad = first_bad_utf8(data)
                if bad is not None and not any(f.code == "encoding-error" for f in run.findings):
                    bad["line"] = "?"
                    _encoding_finding(run, bad)
                block = parse_block(data, run.spec.width, dialect, next_row, lossy=True)
            next_row += block.frame.height
            content = _content(block, header, dialect)
            seen_rows += content.frame.height
            _check(run, content, trackers)
            if keep_columns:
                typed = run.typed
                assert typed is not None
                key_parts.append(typed.select(keep_columns))
            run.typed = None
            _bound_errors(run)
        run.keys = pl.concat(key_parts) if key_parts else pl.DataFrame(schema={"_row": pl.Int64})
        run.rows = seen_rows


def _bound_errors(run: TableRun) -> None:
    """Bounded-memory mode: keep the first error rows, count the others."""
    total = sum(f.height for f in run.errors)
    if total <= KEEP_IN_CHUNKED_MODE:
        return
    merged = pl.concat([_normalised(f) for f in run.errors])
    kept, extra = merged.head(KEEP_IN_CHUNKED_MODE), merged.slice(KEEP_IN_CHUNKED_MODE)
    run.counted.update(dict(extra.group_by("code").len().iter_rows()))
    run.errors = [kept]


# ---------------------------------------------------------------------------------------------- checks


def key_expr(plan: FieldPlan, columns: set[str], *, distinct_nan: bool = True) -> pl.Expr:
    """The comparable value of a field for unique/primary/foreign keys."""
    if plan.kind == EXACT:
        name = f"__k{plan.number}"
        return pl.col(name) if name in columns else pl.lit(None, pl.String)
    column = pl.col(plan.name)
    if f"__k{plan.number}" in columns:  # some integers did not fit 64 bits: compare all by their text
        return pl.coalesce(pl.col(f"__k{plan.number}"), column.cast(pl.String))
    if plan.field.type in ("datetime", "time") and f"__tz{plan.number}" in columns:
        return pl.when(column.is_not_null()).then(pl.struct(column, pl.col(f"__tz{plan.number}")))
    if plan.field.type == "number":
        # -0.0 + 0.0 is 0.0 (Decimal('-0') == 0); a NaN equals nothing, not even another NaN: it is keyed by its row
        nan = column.is_nan().fill_null(False)
        if not distinct_nan:
            return column + 0.0
        return (
            pl.when(column.is_null())
            .then(None)
            .when(nan)
            .then(pl.struct(pl.lit(None, pl.Float64).alias("v"), pl.col("_row").alias("nan")))
            .otherwise(pl.struct((column + 0.0).alias("v"), pl.lit(None, pl.Int64).alias("nan")))
        )
    return column


def _key_plans(spec: TableSpec) -> list[FieldPlan]:
    return list({p.number: p for p in [*spec.unique, *spec.primary_key]}.values())


def _trackers(spec: TableSpec) -> dict[str, KeyTracker]:
    trackers = {f"u:{p.name}": KeyTracker([f"k{p.number}"], skip_nulls=True) for p in spec.unique}
    if spec.primary_key and not _pk_is_unique_field(spec):
        trackers["pk"] = KeyTracker([f"k{p.number}" for p in spec.primary_key], skip_nulls=False)
    return trackers


def _pk_is_unique_field(spec: TableSpec) -> bool:
    """A one-field primary key on a unique field has the same duplicates: find them once."""
    return len(spec.primary_key) == 1 and spec.primary_key[0] in spec.unique


def _fk_keep(spec: TableSpec, fk_columns: set[str]) -> list[str]:
    """Columns the bounded-memory mode keeps for foreign keys (none when the resource has none)."""
    if not fk_columns:
        return []
    keep = ["_row"]
    for p in spec.plans:
        if p.name in fk_columns:
            keep.append(p.name)
            if p.kind == EXACT:
                keep.append(f"__k{p.number}")
    for p in spec.primary_key:
        keep.append(f"__raw{p.number}")
    return list(dict.fromkeys(keep)) if len(keep) > 1 else []


def _check(run: TableRun, block: Block, trackers: dict[str, KeyTracker] | None) -> None:
    spec = run.spec
    assert spec is not None
    result = check_block(block, spec, keys=trackers is None)
    if trackers is None:
        run.rows += result.rows
        run.in_pass = result.duplicates
    typed = result.typed
    # raw primary-key cells travel with the typed frame: they become each finding's row_key
    raw_pk = [pl.col(p.column).alias(f"__raw{p.number}") for p in spec.primary_key]
    if raw_pk:
        typed = typed.with_columns(block.frame.select(raw_pk))
    errors = [result.errors]
    if trackers is not None:
        columns = set(typed.columns)
        keyed = typed.select(
            "_row",
            *[key_expr(p, columns).alias(f"k{p.number}") for p in _key_plans(spec)],
        )
        unique_found = {}
        for p in spec.unique:
            found = trackers[f"u:{p.name}"].feed(keyed)
            unique_found[p.number] = found
            errors.append(_unique_errors(found, p, block))
        if spec.primary_key:
            errors.append(_pk_empty_errors(keyed, spec))
            pk_found = unique_found[spec.primary_key[0].number] if _pk_is_unique_field(spec) else trackers["pk"].feed(keyed)
            errors.append(_pk_errors(pk_found, spec))
    errors = [_with_row_key(e, typed, spec) for e in errors if not e.is_empty()]
    run.errors.extend(errors)
    run.typed = typed


def _finish_keys_in_memory(run: TableRun) -> None:
    spec, typed = run.spec, run.typed
    if spec is None or typed is None or not (spec.unique or spec.primary_key):
        return
    if run.in_pass is not None:
        done = run.in_pass
        out_pass = [_unique_errors(done[p.name], p, None, typed) for p in spec.unique]
        if spec.primary_key:
            empty = done["<pk-empty>"]["_row"]
            if len(empty):
                out_pass.append(
                    _row_errors(
                        pl.DataFrame({"row": empty, "previous": pl.Series([None] * len(empty), dtype=pl.Int64)}), "primary-key"
                    )
                )
            out_pass.append(_pk_errors(done["<pk>"], spec))
        run.errors.extend(_with_row_key(e, typed, spec) for e in out_pass if not e.is_empty())
        return
    columns = set(typed.columns)
    keyed = typed.select("_row", *[key_expr(p, columns).alias(f"k{p.number}") for p in _key_plans(spec)])
    out: list[pl.DataFrame] = []
    unique_found: dict[int, pl.DataFrame] = {}
    for p in spec.unique:
        found = duplicates(keyed, [f"k{p.number}"], skip_nulls=True)
        unique_found[p.number] = found
        out.append(_unique_errors(found, p, None, typed))
    if spec.primary_key:
        out.append(_pk_empty_errors(keyed, spec))
        pk_columns = [f"k{p.number}" for p in spec.primary_key]
        if _pk_is_unique_field(spec):
            found = unique_found[spec.primary_key[0].number]  # the same key: the same duplicates
        else:
            found = duplicates(keyed, pk_columns, skip_nulls=False)
        out.append(_pk_errors(found, spec))
    run.errors.extend(_with_row_key(e, typed, spec) for e in out if not e.is_empty())


def _unique_errors(found: pl.DataFrame, plan: FieldPlan, block: Block | None, typed: pl.DataFrame | None = None) -> pl.DataFrame:
    if found.is_empty():
        return empty_errors()
    source = block.frame.select("_row", pl.col(plan.column).alias("cell")) if block is not None else None
    frame = found.rename({"_row": "row"})
    if "cell" in frame.columns:  # found in the main pass, with the cell text
        pass
    elif source is not None:
        frame = frame.join(source.rename({"_row": "row"}), on="row", how="left")
    elif typed is not None:
        frame = frame.join(
            typed.select(pl.col("_row").alias("row"), pl.col(plan.name).cast(pl.String).alias("cell")), on="row", how="left"
        )
    else:
        frame = frame.with_columns(cell=pl.lit(None, pl.String))
    return frame.select(
        "row",
        pl.lit(plan.number, pl.Int64).alias("field_number"),
        pl.lit(plan.name).alias("field"),
        pl.lit("unique-error").alias("code"),
        pl.lit(None, pl.String).alias("constraint"),
        pl.col("cell").cast(pl.String),
        pl.col("previous").cast(pl.Int64),
        pl.lit(PHASE["unique-error"], pl.Int8).alias("phase"),
    )


def _pk_empty_errors(keyed: pl.DataFrame, spec: TableSpec) -> pl.DataFrame:
    rows = empty_keys(keyed, [f"k{p.number}" for p in spec.primary_key])
    if not len(rows):
        return empty_errors()
    return _row_errors(pl.DataFrame({"row": rows, "previous": pl.Series([None] * len(rows), dtype=pl.Int64)}), "primary-key")


def _pk_errors(found: pl.DataFrame, spec: TableSpec) -> pl.DataFrame:
    if found.is_empty():
        return empty_errors()
    return _row_errors(found.rename({"_row": "row"}), "primary-key")


def _row_errors(frame: pl.DataFrame, code: str) -> pl.DataFrame:
    return frame.select(
        pl.col("row").cast(pl.Int64),
        pl.lit(None, pl.Int64).alias("field_number"),
        pl.lit(None, pl.String).alias("field"),
        pl.lit(code).alias("code"),
        pl.lit(None, pl.String).alias("constraint"),
        pl.lit(None, pl.String).alias("cell"),
        pl.col("previous").cast(pl.Int64),
        pl.lit(PHASE[code], pl.Int8).alias("phase"),
    )


def _with_row_key(errors: pl.DataFrame, typed: pl.DataFrame, spec: TableSpec) -> pl.DataFrame:
    """Attach the primary-key cells of each error's row (JSON) as ``row_key``."""
    if ROW_KEY in errors.columns:
        return errors
    if not spec.primary_key or errors.is_empty() or errors["row"].null_count() == errors.height:
        return errors.with_columns(pl.lit(None, pl.String).alias(ROW_KEY))
    struct = row_key_expr(spec)
    rows = errors["row"].drop_nulls().unique()
    keys = typed.lazy().filter(pl.col("_row").is_in(rows.implode())).select(pl.col("_row").alias("row"), struct).collect()
    return errors.join(keys, on="row", how="left", maintain_order="left")


# ---------------------------------------------------------------------------------------------- findings


def row_key_expr(spec: TableSpec) -> pl.Expr:
    """The raw primary-key cells of a row: the cell itself for a one-field key (cheap), else JSON."""
    if len(spec.primary_key) == 1:
        return pl.col(f"__raw{spec.primary_key[0].number}").alias(ROW_KEY)
    return pl.struct([pl.col(f"__raw{p.number}").alias(p.name) for p in spec.primary_key]).struct.json_encode().alias(ROW_KEY)


def _normalised(errors: pl.DataFrame) -> pl.DataFrame:
    """Error rows in the one column layout (``row_key`` added where missing), for concatenation."""
    if ROW_KEY not in errors.columns:
        errors = errors.with_columns(pl.lit(None, pl.String).alias(ROW_KEY))
    return errors.select([*ERROR_SCHEMA, ROW_KEY]).cast({**ERROR_SCHEMA, ROW_KEY: pl.String})  # type: ignore[dict-item]


def sorted_errors(run: TableRun) -> pl.DataFrame:
    frames = [_normalised(f) for f in run.errors if not f.is_empty()]
    if not frames:
        return empty_errors().with_columns(pl.lit(None, pl.String).alias(ROW_KEY))
    return pl.concat(frames).sort(["row", "phase", "field_number"], nulls_last=[False, False, True])


def to_findings(run: TableRun, limit: int | None) -> tuple[list[Finding], dict[str, int]]:
    """The first ``limit`` findings in file order, and the count of the others per code."""
    findings = list(run.findings)
    omitted: Counter[str] = Counter(run.counted)
    errors = sorted_errors(run)
    room = None if limit is None else max(limit - len(findings), 0)
    if limit is not None and len(findings) > limit:
        omitted.update(f.code for f in findings[limit:])
        findings = findings[:limit]
    listed = errors if room is None else errors.head(room)
    if room is not None and errors.height > room:
        omitted.update(dict(errors.slice(room).group_by("code").len().iter_rows()))
    spec = run.spec
    context = _FindingContext(run, {p.name: p for p in spec.plans} if spec else {})
    columns = listed.columns
    for values in listed.iter_rows():
        findings.append(context.finding(dict(zip(columns, values, strict=True))))
    return findings, dict(omitted)


LABEL_CODES = frozenset({"blank-label", "duplicate-label", "incorrect-label", "missing-label", "extra-label", "blank-header"})


class _FindingContext:
    """Turns error rows into findings; per-field texts are built once (a report may list thousands)."""

    def __init__(self, run: TableRun, plans: dict[str, FieldPlan]) -> None:
        self.run = run
        self.plans = plans
        self.texts: dict[str, dict[str, Any]] = {}
        self.declared: dict[str, dict[str, Any]] = {}
        self.key_fields = ", ".join(run.schema.primary_key) if run.schema else ""
        self.single_key = run.spec.primary_key[0].name if run.spec is not None and len(run.spec.primary_key) == 1 else None

    def finding(self, row: dict[str, Any]) -> Finding:
        code = row["code"]
        field_name = row["field"] or None
        plan = self.plans.get(field_name) if field_name else None
        cell = row["cell"] if row["cell"] is not None else ""
        previous = row["previous"]
        raw_key = row.get(ROW_KEY)
        row_key = None if raw_key is None else ({self.single_key: raw_key} if self.single_key else json.loads(raw_key))
        params: dict[str, Any] = {}
        if code in LABEL_CODES:
            params["label"] = cell
            if previous is not None:
                params.update(previous=previous, note=f'at position "{previous}"')
        elif code == "type-error" and plan is not None:
            texts = self.texts.get(plan.name)
            if texts is None:
                texts = self.texts[plan.name] = codes.type_texts(plan.field)
            params.update(
                cell=cell, type=plan.field.type, format=plan.field.format, note=f'type is "{plan.field.describe_type()}"'
            )
            params.update(texts)
        elif code == "constraint-error" and plan is not None:
            constraint = row["constraint"]
            declared = self.declared.get(plan.name)
            if declared is None:
                declared = self.declared[plan.name] = plan.field.constraints.declared()
            value = declared.get(constraint)
            params.update(cell=cell, constraint=constraint, value=value, detail=codes.constraint_detail(constraint, cell, value))
            params["note"] = f'constraint "{constraint}" is "{value}"'
        elif code == "unique-error":
            params.update(cell=cell, previous=previous, note=f"the same as in the row at position {previous}")
        elif code == "primary-key":
            key_values = ", ".join("" if v is None else str(v) for v in (row_key or {}).values())
            duplicate = previous is not None
            detail = codes.pk_detail(duplicate, self.key_fields, key_values, previous)
            params.update(key_fields=self.key_fields, key_values=key_values, detail=detail)
            if duplicate:
                params.update(previous=previous, note=f"the same as in the row at position {previous}")
            else:
                params["note"] = 'cells composing the primary keys are all "None"'
        elif code == "foreign-key":
            params.update(json.loads(row["constraint"]) if row["constraint"] else {})
        elif code in ("extra-cell", "missing-cell"):
            params["cell"] = cell
        return Finding(
            code=code,
            severity=Severity.ERROR,
            location=Location(
                path=self.run.path,
                resource=self.run.name,
                row=row["row"],
                field=field_name,
                field_number=row["field_number"],
                row_key=row_key,
            ),
            params=params,
        )


__all__ = ["SCHEMA_ERROR", "TableRun", "run_resource", "sorted_errors", "to_findings"]
