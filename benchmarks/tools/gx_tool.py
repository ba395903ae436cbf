"""Great Expectations 1.x (pandas) with a suite equivalent to the Table Schema: types by regular expression,
ranges on the parsed values, required, unique, enum and pattern.

usage: gx_tool.py SCHEMA.json DATA.csv
"""

import json
import sys
import time
import warnings
from pathlib import Path


def main() -> None:
    started = time.perf_counter()
    import great_expectations as gx
    import pandas as pd

    TYPE_PATTERNS = {"integer": r"^[+-]?\d+$", "number": r"^[+-]?(\d+\.?\d*|\.\d+)$", "date": r"^\d{4}-\d{2}-\d{2}$"}

    schema = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    frame = pd.read_csv(sys.argv[2], dtype=str, keep_default_na=False, na_values=[""])
    expectations = []
    for field in schema["fields"]:
        name, ftype, constraints = field["name"], field.get("type", "string"), field.get("constraints", {})
        if constraints.get("required"):
            expectations.append(gx.expectations.ExpectColumnValuesToNotBeNull(column=name))
        if constraints.get("unique"):
            expectations.append(gx.expectations.ExpectColumnValuesToBeUnique(column=name))
        if ftype in TYPE_PATTERNS:
            expectations.append(gx.expectations.ExpectColumnValuesToMatchRegex(column=name, regex=TYPE_PATTERNS[ftype]))
        if "pattern" in constraints:
            expectations.append(gx.expectations.ExpectColumnValuesToMatchRegex(column=name, regex=f"^{constraints['pattern']}$"))
        if "enum" in constraints:
            expectations.append(gx.expectations.ExpectColumnValuesToBeInSet(column=name, value_set=constraints["enum"]))
        if "minimum" in constraints or "maximum" in constraints:
            parsed = f"{name}__parsed"
            if ftype == "date":
                frame[parsed] = pd.to_datetime(frame[name], format="%Y-%m-%d", errors="coerce")
                low = pd.Timestamp(constraints["minimum"]) if "minimum" in constraints else None
                high = pd.Timestamp(constraints["maximum"]) if "maximum" in constraints else None
            else:
                frame[parsed] = pd.to_numeric(frame[name], errors="coerce")
                low, high = constraints.get("minimum"), constraints.get("maximum")
            expectations.append(gx.expectations.ExpectColumnValuesToBeBetween(column=parsed, min_value=low, max_value=high))
    if schema.get("primaryKey"):
        keys = schema["primaryKey"]
        if len(keys) == 1:
            expectations.append(gx.expectations.ExpectColumnValuesToBeUnique(column=keys[0]))
        else:
            expectations.append(gx.expectations.ExpectCompoundColumnsToBeUnique(column_list=keys))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        context = gx.get_context(mode="ephemeral")
        batch = context.data_sources.add_pandas("bench").add_dataframe_asset("trees").add_batch_definition_whole_dataframe("all")
        suite = context.suites.add(gx.ExpectationSuite(name="trees", expectations=expectations))
        result = batch.get_batch(batch_parameters={"dataframe": frame}).validate(suite, result_format="SUMMARY")
    failed = [r for r in result.results if not r.success]
    unexpected = sum(int(r.result.get("unexpected_count") or 0) for r in failed)
    print(
        json.dumps(
            {
                "tool": "great-expectations",
                "rows": len(frame),
                "expectations": len(expectations),
                "failed": len(failed),
                "unexpected": unexpected,
                "seconds_in_process": round(time.perf_counter() - started, 3),
            }
        )
    )


if __name__ == "__main__":  # frictionless may spawn workers that import this module
    main()
