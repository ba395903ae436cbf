"""frictionless 5 on one CSV and a Table Schema, with the error limit lifted; writes the (row, field, code) set.

usage: frictionless_tool.py SCHEMA.json DATA.csv FINDINGS_OUT.csv
"""

import json
import sys
import time
import warnings
from pathlib import Path


def main() -> None:
    started = time.perf_counter()
    import frictionless

    data = Path(sys.argv[2]).resolve()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        resource = frictionless.Resource(
            path=data.name,
            basepath=str(data.parent),
            schema=frictionless.Schema.from_descriptor(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))),
            dialect=frictionless.Dialect.from_descriptor({"delimiter": ",", "headerRows": [1]}),
            encoding="utf-8",
        )
        report = resource.validate(limit_errors=10**9)
    errors = report.tasks[0].errors
    with open(sys.argv[3], "w", encoding="utf-8") as handle:
        handle.write("row_number,field_name,type\n")
        for error in errors:
            handle.write(f"{getattr(error, 'row_number', None) or ''},{getattr(error, 'field_name', None) or ''},{error.type}\n")
    print(
        json.dumps(
            {
                "tool": "frictionless",
                "rows": report.tasks[0].stats.get("rows"),
                "findings": len(errors),
                "seconds_in_process": round(time.perf_counter() - started, 3),
            }
        )
    )


if __name__ == "__main__":  # frictionless may spawn workers that import this module
    main()
