"""Finding types of the validation engine, and the wording of their details.

Codes are frictionless's error types, so a report can be compared with frictionless's row by row. Texts
are written for a data steward, not a developer: what is wrong, where (row as in the file, field), and
what was expected. German texts live in ``locale/de/LC_MESSAGES/engine.po``.

A finding's template is one sentence per code, but some parts vary with the type or the constraint
("is not a number" / "ist keine Zahl"). Those parts are *message-valued parameters*
(``{"msgctxt": ..., "msgid": ..., "params": ...}``, see :meth:`stadtdaten.core.i18n.Translator.resolve`):
the report stays language-neutral and renders in English or German at output time.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from stadtdaten.core.findings import Category, FindingType, Severity, register
from stadtdaten.schemas.model import Field


def _register(code: str, title: str, template: str, hint: str, category: Category = Category.SCHEMA) -> FindingType:
    return register(FindingType(code=code, title=title, template=template, hint=hint, category=category, severity=Severity.ERROR))


TYPE_ERROR = _register(
    "type-error",
    "Value of the wrong type",
    "Row {row}, field “{field}”: “{cell}” is not {a_type}. Expected: {expected}",
    "Correct the value, or declare the field's type/format (e.g. decimalChar, a date format) so that it matches the data.",
)
CONSTRAINT_ERROR = _register(
    "constraint-error",
    "Value breaks a constraint",
    "Row {row}, field “{field}”: {detail}",
    "Correct the value, or relax the constraint “{constraint}” in the Table Schema if the value is right.",
)
UNIQUE_ERROR = _register(
    "unique-error",
    "Duplicate value in a unique field",
    "Row {row}, field “{field}”: “{cell}” already occurs in row {previous}; the values of this field must be unique",
    "Remove the duplicate row or give it its own value.",
)
PRIMARY_KEY = _register(
    "primary-key",
    "Primary key violated",
    "Row {row}: {detail}",
    "Every row needs its own, non-empty primary key ({key_fields}): remove duplicate rows and fill empty keys.",
)
FOREIGN_KEY = _register(
    "foreign-key",
    "Reference not found",
    "Row {row}: {key_values} in {key_fields} is not found in resource “{reference}” ({reference_fields})",
    "Add the missing entry to “{reference}” or correct the reference in this row.",
)
MISSING_CELL = _register(
    "missing-cell",
    "Row too short",
    "Row {row} has no cell for field “{field}” (column {field_number}): the row is shorter than the header",
    "Add the missing delimiters (empty cells) so that every row has as many cells as the header.",
    Category.STRUCTURE,
)
EXTRA_CELL = _register(
    "extra-cell",
    "Row too long",
    "Row {row} has an extra cell “{cell}” in column {field_number}, beyond the last column of the header",
    "Remove the extra cell (often a stray delimiter, or a delimiter inside an unquoted text).",
    Category.STRUCTURE,
)
BLANK_ROW = _register(
    "blank-row",
    "Blank row",
    "Row {row} is empty",
    "Delete empty rows; they often separate data from footnotes, which belong in the metadata.",
    Category.STRUCTURE,
)
BLANK_LABEL = _register(
    "blank-label",
    "Column without a name",
    "Column {field_number} has no name in the header (schema field “{field}”)",
    "Give every column a name in the header row.",
    Category.STRUCTURE,
)
DUPLICATE_LABEL = _register(
    "duplicate-label",
    "Column name used twice",
    "Column {field_number}: the name “{label}” is used more than once in the header (also in column {previous})",
    "Give every column its own name.",
    Category.STRUCTURE,
)
INCORRECT_LABEL = _register(
    "incorrect-label",
    "Column name differs from the schema",
    "Column {field_number} is named “{label}” in the file, but the schema expects “{field}”",
    "Rename the column or the schema field; check that the columns are in the order of the schema.",
    Category.STRUCTURE,
)
MISSING_LABEL = _register(
    "missing-label",
    "Column missing",
    "The schema's field “{field}” (column {field_number}) is missing from the file",
    "Add the column to the file, or remove the field from the schema.",
    Category.STRUCTURE,
)
EXTRA_LABEL = _register(
    "extra-label",
    "Column not in the schema",
    "Column {field_number} “{label}” is not described in the schema",
    "Describe the column in the Table Schema, or remove it from the file.",
    Category.STRUCTURE,
)
BLANK_HEADER = _register(
    "blank-header",
    "Empty header row",
    "The header row is empty",
    "Put the column names into the first row (or declare the header rows in the dialect).",
    Category.STRUCTURE,
)
ENCODING_ERROR = _register(
    "encoding-error",
    "Characters cannot be decoded",
    "The file is not valid {encoding}: byte 0x{byte} in line {line} cannot be decoded; such characters were replaced by “�”",
    'Save the file as UTF-8, or declare its real encoding (e.g. "encoding": "cp1252") in the resource.',
    Category.SOURCE,
)
SOURCE_ERROR = _register(
    "source-error",
    "File cannot be read",
    "The file cannot be read as a table: {note}",
    "Check that the path points to the data file and that the file is complete.",
    Category.SOURCE,
)
FORMAT_ERROR = _register(
    "format-error",
    "Format cannot be read",
    "The format “{format}” cannot be read as a table: {note}",
    "Export the table as CSV (UTF-8), or declare the resource's format.",
    Category.SOURCE,
)
BYTE_COUNT = _register(
    "byte-count",
    "File size differs from the descriptor",
    "The file has {actual} bytes, the descriptor says {expected}",
    "Update “bytes” in the descriptor (or restore the published file).",
    Category.SOURCE,
)
HASH_COUNT = _register(
    "hash-count",
    "Checksum differs from the descriptor",
    "The file's {algorithm} checksum is {actual}, the descriptor says {expected}",
    "Update “hash” in the descriptor (or restore the published file).",
    Category.SOURCE,
)

# ------------------------------------------------------------------------------------------------ details

DETAIL = "engine:detail"
TYPES = "engine:type"
PATTERNS = "engine:pattern"
"""Date patterns as people write them (DD.MM.YYYY); the catalogue has the German spelling (TT.MM.JJJJ)."""

CONSTRAINT_DETAILS = {
    "required": "a value is required, but the cell is empty",
    "minimum": "“{cell}” is less than the minimum {value}",
    "maximum": "“{cell}” is greater than the maximum {value}",
    "exclusiveMinimum": "“{cell}” must be greater than {value}",
    "exclusiveMaximum": "“{cell}” must be less than {value}",
    "minLength": "“{cell}” is shorter than {value} characters",
    "maxLength": "“{cell}” is longer than {value} characters",
    "pattern": "“{cell}” does not match the pattern {value}",
    "enum": "“{cell}” is not one of the allowed values: {value}",
}
PK_DUPLICATE = "the primary key {key_values} ({key_fields}) already occurs in row {previous}"
PK_EMPTY = "the primary key ({key_fields}) is empty"

# a_type (English, after "is not") and the German "ist ..." phrase, per type
A_TYPE = {
    "integer": "a whole number",
    "number": "a number",
    "boolean": "a yes/no value",
    "date": "a date",
    "time": "a time of day",
    "datetime": "a date with time",
    "year": "a year",
    "yearmonth": "a year and month",
    "duration": "a duration",
    "geopoint": "a geographic point",
    "geojson": "a GeoJSON object",
    "object": "a JSON object",
    "array": "a JSON array",
    "list": "a list",
    "string": "a text",
    "any": "a value",
}
A_FORMAT = {
    "email": "an e-mail address",
    "uri": "a URI",
    "uuid": "a UUID",
    "binary": "Base64-encoded data",
    "wkt": "a WKT geometry",
}
EXPECTED = {
    "integer": "a whole number without decimals, e.g. {example}",
    "number": "a number with a decimal point, e.g. {example}",
    "number,": "a number with a decimal comma, e.g. {example}",
    "number-group": "a number with decimal character “{decimal}” and thousands separator “{group}”, e.g. {example}",
    "boolean": "one of {values}",
    "date": "a date in the form {pattern}, e.g. {example}",
    "time": "a time in the form {pattern}, e.g. {example}",
    "datetime": "a date and time in the form {pattern}, e.g. {example}",
    "any-date": "a date in any common form, e.g. {example}",
    "year": "a four-digit year, e.g. 2024",
    "yearmonth": "year and month as YYYY-MM, e.g. 2024-03",
    "duration": "an ISO 8601 duration, e.g. P1Y2M10D or PT2H30M",
    "geopoint": "longitude and latitude as “lon, lat”, e.g. 8.5325, 52.0302",
    "geopoint-array": "longitude and latitude as [lon, lat], e.g. [8.5325, 52.0302]",
    "geopoint-object": 'a JSON object {{"lon": ..., "lat": ...}}',
    "geojson": "a GeoJSON geometry or feature",
    "topojson": "a TopoJSON object",
    "object": 'a JSON object, e.g. {{"key": "value"}}',
    "array": "a JSON array, e.g. [1, 2]",
    "list": "a list of {item} values separated by “{delimiter}”",
    "email": "an e-mail address such as name@bielefeld.de",
    "uri": "a URI with a scheme, e.g. https://www.bielefeld.de",
    "uuid": "a UUID such as 123e4567-e89b-12d3-a456-426614174000",
    "binary": "Base64-encoded data",
    "wkt": "a WKT geometry such as POINT (8.53 52.03)",
}
_PATTERN_PARTS_EN = {"%d": "DD", "%m": "MM", "%Y": "YYYY", "%y": "YY", "%H": "hh", "%M": "mm", "%S": "ss", "%f": "ffffff"}
_EXAMPLE = datetime(2024, 3, 31, 14, 30, 0)


def message(context: str, template: str, **params: Any) -> dict[str, Any]:
    """A message-valued finding parameter (translated when the finding is rendered)."""
    out: dict[str, Any] = {"msgctxt": context, "msgid": template}
    if params:
        out["params"] = params
    return out


def _pattern(fmt: str, parts: dict[str, str]) -> str:
    out = fmt
    for key, value in parts.items():
        out = out.replace(key, value)
    return out


def type_texts(field: Field) -> dict[str, Any]:
    """``a_type`` and ``expected`` (message-valued) for a field's type-errors."""
    ftype, fmt = field.type, field.format
    a_type = A_FORMAT.get(fmt, A_TYPE.get(ftype, "a value")) if ftype == "string" else A_TYPE.get(ftype, "a value")
    key, params = _expected_key(field)
    return {"a_type": message(TYPES, a_type), "expected": message(TYPES, EXPECTED[key], **params)}


def _expected_key(field: Field) -> tuple[str, dict[str, Any]]:
    ftype, fmt = field.type, field.format
    if ftype == "string":
        return (fmt if fmt in EXPECTED else "uri"), {}
    if ftype == "integer":
        return "integer", {"example": "1850"}
    if ftype == "number":
        if field.number_processing and field.group_char:
            example = f"1{field.group_char}234{field.decimal_char}5"
            return "number-group", {"decimal": field.decimal_char, "group": field.group_char, "example": example}
        if field.number_processing and field.decimal_char == ",":
            return "number,", {"example": "12,5"}
        if field.number_processing and field.decimal_char != ".":
            return "number-group", {"decimal": field.decimal_char, "group": "", "example": f"12{field.decimal_char}5"}
        return "number", {"example": "12.5"}
    if ftype == "boolean":
        values = ", ".join(f"“{v}”" for v in (*field.true_values, *field.false_values))
        return "boolean", {"values": values}
    if ftype in ("date", "time", "datetime"):
        if fmt == "any":
            return "any-date", {"example": "31.03.2024"}
        pattern = {"date": "%Y-%m-%d", "time": "%H:%M:%S", "datetime": "%Y-%m-%dT%H:%M:%S"}[ftype] if fmt == "default" else fmt
        try:
            value: date | time | datetime = _EXAMPLE
            example = value.strftime(pattern)
        except ValueError:
            example = pattern
        return ftype, {"pattern": message(PATTERNS, _pattern(pattern, _PATTERN_PARTS_EN)), "example": example}
    if ftype == "geopoint":
        return {"array": "geopoint-array", "object": "geopoint-object"}.get(fmt, "geopoint"), {}
    if ftype == "geojson":
        return ("topojson" if fmt == "topojson" else "geojson"), {}
    if ftype == "list":
        return "list", {"item": field.item_type, "delimiter": field.delimiter}
    return (ftype if ftype in EXPECTED else "object"), {}


def constraint_detail(name: str, cell: str, value: Any) -> dict[str, Any]:
    if isinstance(value, list | tuple):
        shown = ", ".join(f"“{v}”" if isinstance(v, str) else str(v) for v in value)
    else:
        shown = str(value)
    return message(DETAIL, CONSTRAINT_DETAILS[name], cell=cell, value=shown)


def pk_detail(duplicate: bool, key_fields: str, key_values: str, previous: int | None) -> dict[str, Any]:
    if duplicate:
        return message(DETAIL, PK_DUPLICATE, key_fields=key_fields, key_values=key_values, previous=previous)
    return message(DETAIL, PK_EMPTY, key_fields=key_fields)
