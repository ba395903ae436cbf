"""Native expectations agree with Great Expectations 1.x (one GX run: GX imports slowly)."""

from __future__ import annotations

import polars as pl
import pytest

from stadtdaten.quality.expectations.native import run_expectation
from stadtdaten.quality.expectations.suites import Expectation

pytest.importorskip("great_expectations")

FRAME = pl.DataFrame(
    {
        "baum_id": ["B-1", "B-2", "B-2", None, "X-9", "B-6", "B-7", "B-8"],
        "art": ["Linde", "Eiche", None, "Ahorn", "Linde", "Buche", "Eibe", "Kiefer"],
        "hoehe_m": [12.5, 20.0, 8.2, None, 61.0, -1.0, 15.0, 30.0],
        "stamm_cm": [40, 80, 25, 33, 120, 15, None, 90],
    }
)

EXPECTATIONS = [
    Expectation("expect_column_values_to_not_be_null", {"column": "art"}),
    Expectation("expect_column_values_to_not_be_null", {"column": "hoehe_m", "mostly": 0.8}),
    Expectation("expect_column_values_to_be_unique", {"column": "baum_id"}),
    Expectation("expect_column_values_to_be_between", {"column": "hoehe_m", "min_value": 0, "max_value": 60}),
    Expectation(
        "expect_column_values_to_be_between",
        {"column": "stamm_cm", "min_value": 15, "max_value": 90, "strict_min": True, "mostly": 0.7},
    ),
    Expectation("expect_column_values_to_be_in_set", {"column": "art", "value_set": ["Linde", "Eiche", "Ahorn", "Buche"]}),
    Expectation("expect_column_values_to_not_be_in_set", {"column": "art", "value_set": ["Eibe"]}),
    Expectation("expect_column_values_to_match_regex", {"column": "baum_id", "regex": "^B-[0-9]+$"}),
    Expectation("expect_column_values_to_not_match_regex", {"column": "art", "regex": "^K"}),
    Expectation("expect_column_value_lengths_to_be_between", {"column": "art", "min_value": 5, "max_value": 5}),
    Expectation("expect_table_row_count_to_be_between", {"min_value": 1, "max_value": 5}),
    Expectation("expect_column_to_exist", {"column": "umfang"}),
    Expectation("expect_column_max_to_be_between", {"column": "stamm_cm", "max_value": 100}),
]


def test_native_results_equal_great_expectations() -> None:
    from stadtdaten.quality.expectations.gx_bridge import run_with_gx

    reference = run_with_gx(FRAME, EXPECTATIONS, name="differential")
    assert len(reference) == len(EXPECTATIONS)
    for item, gx in zip(EXPECTATIONS, reference, strict=True):
        native = run_expectation(FRAME, item.type, item.kwargs)
        assert native is not None, item.type
        label = f"{item.type} {item.kwargs}"
        assert native.success == gx.success, label
        if gx.unexpected_index_list or native.unexpected_index_list:
            assert native.unexpected_count == gx.unexpected_count, label
            assert sorted(native.unexpected_index_list) == sorted(gx.unexpected_index_list), label
