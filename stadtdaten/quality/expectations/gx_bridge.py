"""Run expectations with Great Expectations (optional extra ``stadtdaten[gx]``), imported lazily.

Used for expectation types without a native implementation, or for all of a suite when asked
(``backend="gx"``). The typed polars frame becomes a pandas frame; GX's ``unexpected_index_list``
(pandas positions) maps back to file rows and primary keys.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from stadtdaten.quality.expectations.native import Result
from stadtdaten.quality.expectations.suites import Expectation


class GXMissing(RuntimeError):
    pass


def available() -> bool:
    import importlib.util

    return importlib.util.find_spec("great_expectations") is not None


def run_with_gx(frame: pl.DataFrame, expectations: list[Expectation], name: str = "stadtdaten") -> list[Result]:
    import os

    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")  # no network calls from a validation run
    try:
        import great_expectations as gx
        from great_expectations.expectations.expectation_configuration import ExpectationConfiguration
    except ImportError as exc:
        raise GXMissing("Great Expectations is not installed (pip install 'stadtdaten[gx]')") from exc
    import logging

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    data = frame.drop("_row") if "_row" in frame.columns else frame
    pandas_frame = data.to_pandas()
    context = gx.get_context(mode="ephemeral")
    source = context.data_sources.add_pandas(f"{name}-source")
    asset = source.add_dataframe_asset(f"{name}-asset")
    batch = asset.add_batch_definition_whole_dataframe(f"{name}-batch").get_batch(batch_parameters={"dataframe": pandas_frame})
    # A GX suite keeps one expectation per (type, column): spread repeats over several suites.
    batches: list[list[tuple[int, Expectation]]] = []
    for position, item in enumerate(expectations):
        key = (item.type, item.kwargs.get("column"))
        for group in batches:
            if all((other.type, other.kwargs.get("column")) != key for _, other in group):
                group.append((position, item))
                break
        else:
            batches.append([(position, item)])
    results: list[Result | None] = [None] * len(expectations)
    for number, group in enumerate(batches):
        suite = gx.ExpectationSuite(name=f"{name}-{number}")
        for _, item in group:
            suite.add_expectation_configuration(ExpectationConfiguration(type=item.type, kwargs=item.kwargs, meta=item.meta))
        outcome = batch.validate(suite, result_format={"result_format": "COMPLETE"})
        by_key = {
            (r.expectation_config.type, r.expectation_config.kwargs.get("column")): r
            for r in outcome.results
            if r.expectation_config
        }
        for position, item in group:
            res = by_key.get((item.type, item.kwargs.get("column")))
            results[position] = _convert(item, res)
    return [r for r in results if r is not None]


def _convert(item: Expectation, res: Any) -> Result:
    if res is None:
        return Result(type=item.type, kwargs=item.kwargs, success=False, error="Great Expectations returned no result")
    body: dict[str, Any] = dict(res.result or {})
    error = None
    if res.exception_info and res.exception_info.get("raised_exception"):
        error = str(res.exception_info.get("exception_message"))
    return Result(
        type=item.type,
        kwargs=dict(item.kwargs),
        success=bool(res.success),
        element_count=int(body.get("element_count") or 0),
        unexpected_count=int(body.get("unexpected_count") or 0),
        missing_count=int(body.get("missing_count") or 0),
        unexpected_index_list=[int(i) for i in body.get("unexpected_index_list") or [] if isinstance(i, int | float)],
        partial_unexpected_list=list(body.get("partial_unexpected_list") or []),
        observed_value=body.get("observed_value"),
        error=error,
    )
