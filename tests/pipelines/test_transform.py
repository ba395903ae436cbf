"""Transforms on typed tables: canonical CSV, code-list joins, privacy-safe sensor aggregation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from stadtdaten.pipelines.transform import TransformError, aggregate_sensor, join_codelist, write_canonical_csv


def _readings() -> pl.DataFrame:
    # the night of the DST change: 02:00-03:00 local time happens twice
    stamps = pl.datetime_range(
        dt.datetime(2024, 10, 27, 0, 0), dt.datetime(2024, 10, 27, 4, 0), "5m", time_zone="Europe/Berlin", eager=True
    )
    n = len(stamps)
    return pl.DataFrame(
        {
            "zeit": list(stamps) * 3,
            "parkhaus": ["P1"] * (2 * n) + ["P2"] * n,
            "dev_eui": ["A81758FFFE0312AA"] * n + ["A81758FFFE0312AB"] * n + ["A81758FFFE0312AC"] * n,
            "belegt": [1] * (3 * n),
            "_row": list(range(2, 3 * n + 2)),
        }
    )


def test_aggregation_drops_devices_and_suppresses_thin_windows() -> None:
    out = aggregate_sensor(
        _readings(),
        {
            "timestamp": "zeit",
            "group_by": ["parkhaus"],
            "window": "15m",
            "devices": "dev_eui",
            "sum": ["belegt"],
            "suppress_below": 2,
        },
    )
    assert "dev_eui" not in out.columns and "_row" not in out.columns
    p1 = out.filter(pl.col("parkhaus") == "P1")
    p2 = out.filter(pl.col("parkhaus") == "P2")
    assert p1["geraete"].min() == 2 and p1["belegt"].null_count() == 0
    assert p2["belegt"].null_count() == len(p2), "one device per window must be suppressed"


def test_dst_hour_stays_two_distinct_windows() -> None:
    out = aggregate_sensor(_readings(), {"timestamp": "zeit", "group_by": ["parkhaus"], "window": "15m", "sum": ["belegt"]})
    p1 = out.filter(pl.col("parkhaus") == "P1")
    assert p1["zeit"].n_unique() == len(p1)  # no window merged across the repeated local hour
    assert len(p1) == 4 * 4 + 4 + 1  # 00:00-04:00 local is 5 UTC hours, 15-minute windows, plus 04:00


def test_window_below_15_minutes_is_refused() -> None:
    with pytest.raises(TransformError, match="15 minutes"):
        aggregate_sensor(_readings(), {"timestamp": "zeit", "window": "5m"})


def test_join_adds_label_and_keeps_order() -> None:
    tables = {
        "wahl": pl.DataFrame({"bezirk": ["02", "01", "03"], "stimmen": [5, 7, 9]}),
        "bezirke": pl.DataFrame({"nr": ["01", "02"], "name": ["Mitte", "Schildesche"]}),
    }
    out = join_codelist(tables, {"resource": "wahl", "field": "bezirk", "codelist": "bezirke", "key": "nr", "label": "name"})
    assert out["bezirk_name"].to_list() == ["Schildesche", "Mitte", None]
    assert out["bezirk"].to_list() == ["02", "01", "03"]


def test_canonical_csv_is_rfc4180_with_iso_dates(tmp_path: Path) -> None:
    frame = pl.DataFrame({"name": ['Baum "A", alt'], "hoehe": [12.5], "datum": [dt.date(2019, 12, 31)], "_row": [2]})
    text = write_canonical_csv(frame, tmp_path / "out.csv").read_bytes().decode()
    assert text == 'name,hoehe,datum\r\n"Baum ""A"", alt",12.5,2019-12-31\r\n'
