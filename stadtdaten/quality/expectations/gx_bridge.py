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
    try:
        import great_expectations as gx
        from great_expectations.expectations.expectation_configuration import ExpectationConfiguration
    except ImportError as exc:
        raise GXMissing("Great Expectations is not installed (pip install 'stadtdaten[gx]')") from exc
    import logging
    import os

    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    data = frame.drop("_row") if "_row" in frame.columns else frame
    pandas_frame = data.to_pandas()
    context = gx.get_context(mode="ephemeral")
    source = context.data_sources.add_pandas(f"{name}-source")
    asset = source.add_dataframe_asset(f"{name}-asset")
    batch = asset.add_batch_definition_whole_dataframe(f"{name}-batch").get_batch(batch_parameters={"dataframe": pandas_frame})
    suite = gx.ExpectationSuite(name=name)
    for item in expectations:
        suite.add_expectation_configuration(ExpectationConfiguration(type=item.type, kwargs=item.kwargs, meta=item.meta))
    outcome = batch.validate(suite, result_format={"result_format": "COMPLETE"})
    results = []
    for res in outcome.results:
        body: dict[str, Any] = dict(res.result or {})
        config = res.expectation_config
        assert config is not None
        error = None
        if res.exception_info and res.exception_info.get("raised_exception"):
            error = str(res.exception_info.get("exception_message"))
        results.append(
            Result(
                type=config.type,
                kwargs=dict(config.kwargs),
                success=bool(res.success),
                element_count=int(body.get("element_count") or 0),
                unexpected_count=int(body.get("unexpected_count") or 0),
                missing_count=int(body.get("missing_count") or 0),
                unexpected_index_list=[int(i) for i in body.get("unexpected_index_list") or [] if isinstance(i, int | float)],
                partial_unexpected_list=list(body.get("partial_unexpected_list") or []),
                observed_value=body.get("observed_value"),
                error=error,
            )
        )
    return results
