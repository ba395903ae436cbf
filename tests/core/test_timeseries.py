"""Repeated timestamps in ordered series are found; series shared by several sensors are not flagged."""

from __future__ import annotations

import polars as pl

from stadtdaten.quality.timeseries import repeated_timestamps


def _frame(stamps: list[str], **extra: list[str]) -> pl.DataFrame:
    return pl.DataFrame({"_row": list(range(2, len(stamps) + 2)), "zeit": stamps, **extra})


def test_dst_repeat_in_local_time() -> None:
    stamps = [f"28.10.2023 {h:02d}:00" for h in range(24)] + [
        "29.10.2023 01:00",
        "29.10.2023 02:00",
        "29.10.2023 02:00",
        "29.10.2023 03:00",
    ]
    findings = repeated_timestamps(_frame(stamps), "luft", "luft.csv")
    assert [(f.location.row, f.params["previous"]) for f in findings] == [(28, 27)]


def test_several_sensors_sharing_timestamps_are_not_flagged() -> None:
    stamps = [f"2024-01-01 {h:02d}:00:00" for h in range(24) for _ in range(3)]
    assert repeated_timestamps(_frame(stamps, sensor=["a", "b", "c"] * 24), "x", "x.csv") == []


def test_non_timestamp_columns_are_ignored() -> None:
    assert repeated_timestamps(_frame([str(i // 2) for i in range(60)]), "x", "x.csv") == []


def test_declared_datetime_columns_are_left_to_the_schema() -> None:
    import datetime as dt

    stamps = pl.datetime_range(dt.datetime(2024, 1, 1), dt.datetime(2024, 1, 2), "1h", eager=True)
    frame = pl.DataFrame({"_row": list(range(2, 2 * len(stamps) + 2)), "zeit": pl.concat([stamps, stamps]).sort()})
    assert repeated_timestamps(frame, "x", "x.csv") == []
