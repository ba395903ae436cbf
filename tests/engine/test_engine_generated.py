"""Differential tests on generated tables: the engine reports exactly the (row, field, code) set of frictionless.

Tables are small but nasty: every cell comes from a pool of spellings that trip up casting (``+5``,
``1_000``, ``NaN``, ``2020-1-1``, ``24:00:00``, ``1.234,5`` ...), rows are short, long or blank, cells
contain delimiters, quotes and line breaks, and schemas combine types, formats and constraints at random.
Examples are bounded so the module stays fast.
"""

from __future__ import annotations

import csv
import io
import string
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stadtdaten.core.reading.types import Dialect
from stadtdaten.quality.engine.csv import parse_block

from .reference import engine_run, engine_set, frictionless_run

pytest.importorskip("frictionless")

CELLS = {
    "integer": ["1", "+5", "-0", "007", " 5", "5 ", "1_000", "1.5", "1e3", "12345678901234567890", "x", "٣"],
    "number": [
        "1.5",
        "-0.0",
        "1,5",
        "1.234,5",
        "1e3",
        "NaN",
        "inf",
        "-Infinity",
        ".5",
        "5.",
        "1_0.5",
        "12.345678901234567",
        "abc",
        " 2 ",
    ],
    "boolean": ["true", "True", "TRUE", "1", "false", "0", "yes", "t", " true"],
    "date": [
        "2020-01-01",
        "2020-1-1",
        "2020-02-30",
        "31.12.2019",
        "0999-01-01",
        "+2020-01-01",
        " 2020-01-01",
        "2020-01-01T00:00:00",
    ],
    "time": ["12:00:00", "24:00:00", "12:00", "12:00:00.5", "12:00:00Z", "1:2:3", "23:59:60"],
    "datetime": [
        "2020-01-01T10:00:00",
        "2020-01-01T10:00:00Z",
        "2020-01-01T10:00:00+01:00",
        "2020-01-01 10:00:00",
        "2020-01-01T24:00:00",
    ],
    "year": ["2020", "0000", "999", "20200", " 202", "+202"],
    "yearmonth": ["2020-01", "2020-13", "2020-1", "99-12", "2020-01-01"],
    "string": ["abc", "ä", "BI-0000001", 'a"b', "a,b", "a\nb", " ", "NA", "-", "Mitte", "mitte", "x" * 13],
}
ALL_CELLS = sorted({c for values in CELLS.values() for c in values} | {""})
NAMES = ["id", "wert", "datum", "art", "name"]


@st.composite
def field_descriptor(draw: Any, name: str) -> dict[str, Any]:
    ftype = draw(st.sampled_from(sorted(CELLS)))
    field: dict[str, Any] = {"name": name, "type": ftype}
    constraints: dict[str, Any] = {}
    if draw(st.booleans()):
        constraints["required"] = True
    if draw(st.integers(0, 4)) == 0:
        constraints["unique"] = True
    if ftype == "number" and draw(st.booleans()):
        field["decimalChar"] = ","
        if draw(st.booleans()):
            field["groupChar"] = "."
    if ftype == "date" and draw(st.booleans()):
        field["format"] = "%d.%m.%Y"
    if ftype in ("integer", "number", "year") and draw(st.booleans()):
        constraints["minimum"] = draw(st.sampled_from([0, 1, 2020]))
        if draw(st.booleans()):
            constraints["maximum"] = 2024
    if ftype == "date" and draw(st.booleans()):
        constraints["minimum"] = "01.01.2000" if field.get("format") == "%d.%m.%Y" else "2000-01-01"
    if ftype == "string":
        if draw(st.booleans()):
            constraints["enum"] = ["abc", "Mitte", "BI-0000001"]
        if draw(st.booleans()):
            constraints["pattern"] = draw(st.sampled_from(["[a-z]+", "BI-[0-9]{7}", "a|b", "[^,]*"]))
        if draw(st.booleans()):
            constraints["maxLength"] = 3
    if ftype in ("integer", "boolean") and draw(st.integers(0, 3)) == 0:
        constraints["enum"] = ["1", "true"] if ftype == "boolean" else [1, 5, 1000]
    if constraints:
        field["constraints"] = constraints
    return field


@st.composite
def tables(draw: Any) -> tuple[dict[str, Any], str]:
    width = draw(st.integers(1, 4))
    fields = [draw(field_descriptor(NAMES[i])) for i in range(width)]
    schema: dict[str, Any] = {"fields": fields}
    if draw(st.booleans()):
        schema["missingValues"] = draw(st.sampled_from([["", "-"], ["NA"], []]))
    if draw(st.integers(0, 3)) == 0:
        schema["primaryKey"] = [f["name"] for f in fields[: draw(st.integers(1, width))]]
    header = [f["name"] for f in fields]
    if draw(st.integers(0, 5)) == 0:
        header = [*header, "extra"]
    if draw(st.integers(0, 5)) == 0 and len(header) > 1:
        header[1] = draw(st.sampled_from(["", header[0], "other"]))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for _ in range(draw(st.integers(0, 12))):
        shape = draw(st.integers(0, 9))
        if shape == 0:
            out.write("\n")
            continue
        cells = [
            draw(st.sampled_from(CELLS[f["type"]] + [""])) if draw(st.integers(0, 3)) else draw(st.sampled_from(ALL_CELLS))
            for f in fields
        ]
        if shape == 1:
            cells = cells[: draw(st.integers(0, max(len(cells) - 1, 0)))]
        elif shape == 2:
            cells = [*cells, draw(st.sampled_from(["x", "", "1"]))]
        writer.writerow(cells)
    return schema, out.getvalue()


@settings(
    max_examples=int(__import__("os").environ.get("ENGINE_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(tables())
def test_generated_tables_match_frictionless(tmp_path: Path, table: tuple[dict[str, Any], str]) -> None:
    schema, text = table
    path = tmp_path / "data.csv"
    path.write_text(text, encoding="utf-8")
    dialect = {"delimiter": ",", "headerRows": [1]}  # frictionless would otherwise guess the header row by width
    expected, _, used, _ = frictionless_run(path, schema=schema, dialect=dialect, encoding="utf-8")
    got = engine_set(engine_run(path, schema, used, "utf-8"))  # the dialect frictionless ended up with (it sniffs)
    assert got == expected, (
        f"only frictionless: {sorted(expected - got, key=str)}; only engine: {sorted(got - expected, key=str)}"
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(alphabet=string.digits, min_size=1, max_size=8), min_size=1, max_size=30))
def test_zero_padded_codes_declared_as_string_keep_their_zeros(tmp_path: Path, codes: list[str]) -> None:
    padded = ["0" + code for code in codes]
    path = tmp_path / "codes.csv"
    path.write_text("ags\n" + "\n".join(padded) + "\n", encoding="utf-8")
    outcome = engine_run(path, {"fields": [{"name": "ags", "type": "string"}]}, Dialect(), "utf-8")
    assert outcome.frame is not None
    assert outcome.frame["ags"].to_list() == padded
    assert not outcome.findings


PIECES = ["a", "bb", ",", ",", '"', "\n", "\n", "\r\n", " ", "ä", "x y", ";"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=50), st.integers(1, 4), st.sampled_from([",", ";"]))
def test_reader_matches_python_csv_module(pieces: list[str], width: int, delimiter: str) -> None:
    """The fast reader yields exactly the records (cells and cell counts) of Python's csv module."""
    text = "".join(pieces)
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    block = parse_block(text.encode(), width, Dialect(delimiter=delimiter), 7)
    expected = [(i + 7, *[r[j] if j < len(r) else None for j in range(width)]) for i, r in enumerate(records)]
    assert block.frame.drop("_len").rows() == expected
    assert block.ragged == {i + 7: r for i, r in enumerate(records) if len(r) != width}
    lengths = [sum(len(c.encode()) for c in r[:width]) for r in records]
    assert block.frame["_len"].to_list() == lengths


def test_parse_block_of_nothing() -> None:
    block = parse_block(b"", 3, Dialect(), 1)
    assert block.frame.height == 0
    assert isinstance(block.frame, pl.DataFrame)
