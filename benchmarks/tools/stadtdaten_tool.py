"""stadtdaten's engine on one CSV and a Table Schema; writes the (row, field, code) set for the comparison.

usage: stadtdaten_tool.py SCHEMA.json DATA.csv FINDINGS_OUT.csv [CHUNK_ROWS]
"""

import json
import sys
import time
from pathlib import Path


def main() -> None:
    started = time.perf_counter()
    from stadtdaten.core.dataset import Resource
    from stadtdaten.core.reading.types import Dialect, EncodingGuess
    from stadtdaten.quality.engine import EngineOptions, validate_resource
    from stadtdaten.schemas.model import TableSchema

    schema = TableSchema.from_descriptor(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")))
    data = Path(sys.argv[2]).resolve()
    chunk_rows = int(sys.argv[4]) if len(sys.argv) > 4 else None
    options = EngineOptions(max_findings=None, encoding=EncodingGuess("utf-8"), dialect=Dialect(), chunk_rows=chunk_rows)
    outcome = validate_resource(Resource({"name": data.stem, "path": data.name}, data.parent), schema=schema, options=options)
    with open(sys.argv[3], "w", encoding="utf-8") as handle:
        handle.write("row_number,field_name,type\n")
        for finding in outcome.findings:
            handle.write(f"{finding.location.row or ''},{finding.location.field or ''},{finding.code}\n")
    codes: dict[str, int] = {}
    for finding in outcome.findings:
        codes[finding.code] = codes.get(finding.code, 0) + 1
    print(
        json.dumps(
            {
                "tool": "stadtdaten",
                "rows": outcome.stats.rows,
                "findings": len(outcome.findings),
                "by_code": codes,
                "seconds_in_process": round(time.perf_counter() - started, 3),
            }
        )
    )


if __name__ == "__main__":  # frictionless may spawn workers that import this module
    main()
