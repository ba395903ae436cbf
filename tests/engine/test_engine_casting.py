"""Type casting against the language-neutral Table Schema test vectors (frictionless-testsuite-basic).

``tests/tableschema.yml`` lists, per field descriptor, values and whether they cast. Every string input
becomes a cell of a one-column CSV; the engine must report exactly the type errors frictionless 5.x
reports for them (the vectors were written for tableschema-py; where frictionless 5 differs, frictionless
decides, because the engine's reports are compared with frictionless's).
"""

from __future__ import annotations

import ast
import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest

from stadtdaten.schemas.model import Field
from stadtdaten.schemas.types import reader_for
from tests.conftest import shared_path

from .reference import engine_run, engine_set, frictionless_run

pytest.importorskip("frictionless")

FIELD = re.compile(r"^- (?:\([a-z|]+\))?field=tableschema\.Field: \[(\{.*\})\]\s*$")
CAST = re.compile(r"^- (?:\(([a-z|]+)\))?field\.cast_value: \[('(?:[^'\\]|\\.)*'), ==: (.+)\]\s*$")


def _vectors() -> list[tuple[dict[str, Any], list[tuple[str, str]]]]:
    path = shared_path("realdata", "frictionless-testsuite-basic", "tests", "tableschema.yml")
    blocks: list[tuple[dict[str, Any], list[tuple[str, str]]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        field = FIELD.match(line)
        if field:
            blocks.append((ast.literal_eval(field.group(1)), []))
            continue
        cast = CAST.match(line)
        if cast and blocks:
            languages = cast.group(1)
            if languages and "py" not in languages.split("|"):
                continue
            blocks[-1][1].append((ast.literal_eval(cast.group(2)), cast.group(3).strip()))
    return [(descriptor, values) for descriptor, values in blocks if values]


@pytest.mark.shared
def test_vectors_found() -> None:
    vectors = _vectors()
    assert len(vectors) > 20
    assert sum(len(values) for _, values in vectors) > 80


@pytest.mark.shared
def test_casting_matches_frictionless(tmp_path: Path) -> None:
    failures = []
    for index, (descriptor, values) in enumerate(_vectors()):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([descriptor["name"]])
        for value, _ in values:
            writer.writerow([value])
        path = tmp_path / f"cast{index}.csv"
        path.write_text(out.getvalue(), encoding="utf-8")
        schema = {"fields": [descriptor]}
        expected, _, used, _ = frictionless_run(
            path, schema=schema, dialect={"delimiter": ",", "headerRows": [1]}, encoding="utf-8"
        )
        # a date format without "%" fails every value in both tools; the engine also says why (schema-error)
        got = {t for t in engine_set(engine_run(path, schema, used, "utf-8")) if t[2] != "schema-error"}
        if got != expected:
            only_theirs, only_ours = sorted(expected - got, key=str), sorted(got - expected, key=str)
            failures.append(f"{descriptor}: only frictionless {only_theirs}, only engine {only_ours}")
    assert not failures, "\n".join(failures)


@pytest.mark.shared
def test_exact_reader_agrees_with_the_vectors_where_frictionless_does() -> None:
    """The value-level reader: ERROR vectors fail, non-null vectors cast (unless frictionless 5 disagrees)."""
    from frictionless import Field as FrictionlessField

    checked = 0
    for descriptor, values in _vectors():
        reference = FrictionlessField.from_descriptor(dict(descriptor))
        ours = reader_for(
            Field(
                name="x",
                type=descriptor.get("type", "string"),
                format=descriptor.get("format", "default"),
                group_char=descriptor.get("groupChar", ""),
                decimal_char=descriptor.get("decimalChar", "."),
                defined=frozenset(k for k in ("groupChar", "decimalChar") if k in descriptor),
            )
        )
        for value, outcome in values:
            if value == "":
                continue
            theirs = reference.read_cell(value)[1] is None
            mine = ours(value) is not None
            assert mine == theirs, f"{descriptor} {value!r}: engine says {'valid' if mine else 'invalid'}"
            if outcome == "ERROR":
                checked += 1
    assert checked > 20
