"""Finding types for what the readers and the sniffer notice (``Rows.notes``, ``SniffedDialect.notes``).

The readers only *report* title rows, footer rows, merged header cells and non-tabular JSON as
``(code, params)`` pairs; registering the codes here lets the validation engine turn a note into a
:class:`~stadtdaten.core.report.Finding` directly (``Finding(code, lookup(code).severity, ...)``), and lets
``describe`` print the same sentence in German or English.
"""

from __future__ import annotations

from stadtdaten.core.findings import Category, FindingType, Severity, register

TITLE_ROWS = register(
    FindingType(
        code="title-rows",
        title="Title rows above the header",
        template="Rows {rows} above the header look like a title or comment, not data; the header is row {header_row}",
        hint="Remove the title rows so that the header is the first row (a title belongs in the metadata).",
        category=Category.STRUCTURE,
        severity=Severity.WARNING,
        pillar="Transparenz",
    )
)
FOOTER_ROWS = register(
    FindingType(
        code="footer-rows",
        title="Footnote rows after the data",
        template="Rows {rows} after the data look like footnotes or a source note, not data",
        hint="Move source notes and footnotes into the metadata (description, provenance) and delete the rows.",
        category=Category.STRUCTURE,
        severity=Severity.WARNING,
        pillar="Transparenz",
    )
)
MERGED_HEADER = register(
    FindingType(
        code="merged-header",
        title="Merged header cells",
        template="The header has merged cells ({ranges}); it spans rows {header_rows}",
        hint="Unmerge the cells and write one complete column name per column in a single header row.",
        category=Category.STRUCTURE,
        severity=Severity.WARNING,
        pillar="Transparenz",
    )
)
JSON_FLATTENED = register(
    FindingType(
        code="json-flattened",
        title="Nested JSON flattened",
        template="Nested objects were flattened into columns with dotted names (e.g. {example})",
        hint="Publish a flat table (CSV) next to the nested JSON when the data are meant for tables.",
        category=Category.STRUCTURE,
        severity=Severity.INFO,
    )
)
JSON_NOT_TABULAR = register(
    FindingType(
        code="json-not-tabular",
        title="JSON is not a table",
        template="The JSON is not a table ({detail}); it was read as a single row",
        hint="Use an array of objects, an array of arrays (first = header) or a GeoJSON FeatureCollection.",
        category=Category.STRUCTURE,
        severity=Severity.WARNING,
    )
)
GEOJSON_CRS = register(
    FindingType(
        code="geojson-crs-member",
        title="GeoJSON with a 'crs' member",
        template="The GeoJSON declares a 'crs' member ({crs}); RFC 7946 removed it and requires WGS 84 (longitude, latitude)",
        hint="Delete the 'crs' member and make sure the coordinates are WGS 84 longitude/latitude.",
        category=Category.STRUCTURE,
        severity=Severity.INFO,
    )
)
EMPTY_FILE = register(
    FindingType(
        code="empty-file",
        title="Empty file",
        template="The file has no rows",
        hint="Export the data again; an empty file cannot be published.",
        category=Category.SOURCE,
        severity=Severity.ERROR,
    )
)

__all__ = ["EMPTY_FILE", "FOOTER_ROWS", "GEOJSON_CRS", "JSON_FLATTENED", "JSON_NOT_TABULAR", "MERGED_HEADER", "TITLE_ROWS"]
