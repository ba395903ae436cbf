"""The Table Schema model (Frictionless Table Schema v1 and v2), parsed leniently from a descriptor dict.

A schema descriptor written by hand is often slightly wrong. Parsing never raises: every problem becomes a
``schema-error`` finding (``TableSchema.findings``) naming the JSON pointer, and the usable rest of the
schema is kept (an unknown type is read as ``any``, an unusable constraint is dropped), so that the data
can still be checked against everything that *is* declared. Frictionless stops at the first schema error;
continuing is a deliberate difference (documented in docs/engine.md).

Semantics follow frictionless-py 5.x, which the validation engine is differentially tested against:
missing values are compared against the raw cell text, constraints apply to the typed value, and
``primaryKey``/``foreignKeys`` compare typed values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from stadtdaten.core.findings import Category, FindingType, Severity, register
from stadtdaten.core.report import Finding, Location

SCHEMA_ERROR = register(
    FindingType(
        code="schema-error",
        title="Invalid Table Schema",
        template="The Table Schema is invalid at {pointer}: {note}",
        hint="Correct the schema at {pointer}; see https://datapackage.org/standard/table-schema/ for the allowed values.",
        category=Category.SCHEMA,
    )
)

FIELD_TYPES = (
    "string",
    "number",
    "integer",
    "boolean",
    "object",
    "array",
    "list",
    "date",
    "time",
    "datetime",
    "year",
    "yearmonth",
    "duration",
    "geopoint",
    "geojson",
    "any",
)

_ORDERED = ("required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum")
SUPPORTED_CONSTRAINTS: dict[str, tuple[str, ...]] = {
    "string": ("required", "minLength", "maxLength", "pattern", "enum"),
    "integer": _ORDERED,
    "number": _ORDERED,
    "date": _ORDERED,
    "time": _ORDERED,
    "datetime": _ORDERED,
    "year": _ORDERED,
    "yearmonth": _ORDERED,
    "boolean": ("required", "enum"),
    "duration": ("required", "enum"),
    "geopoint": ("required", "enum"),
    "geojson": ("required", "enum"),
    "any": ("required", "enum"),
    "object": ("required", "minLength", "maxLength", "enum"),
    "array": ("required", "minLength", "maxLength", "enum"),
    "list": ("required", "minLength", "maxLength"),
}
"""Constraints each type honours (``unique`` works for all), as in frictionless; others are reported."""

STRING_FORMATS = ("default", "email", "uri", "binary", "uuid", "wkt")
GEOPOINT_FORMATS = ("default", "array", "object")
GEOJSON_FORMATS = ("default", "topojson")
LIST_ITEM_TYPES = ("string", "integer", "number", "boolean", "date", "time", "datetime", "year", "yearmonth", "duration")
DATE_TYPES = ("date", "time", "datetime")
FIELDS_MATCH = ("exact", "equal", "subset", "superset", "partial")

DEFAULT_MISSING_VALUES = ("",)
DEFAULT_TRUE_VALUES = ("true", "True", "TRUE", "1")
DEFAULT_FALSE_VALUES = ("false", "False", "FALSE", "0")


@dataclass(frozen=True)
class Constraints:
    required: bool = False
    unique: bool = False
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    enum: tuple[Any, ...] | None = None
    minimum: Any = None
    maximum: Any = None
    exclusive_minimum: Any = None
    exclusive_maximum: Any = None

    def declared(self) -> dict[str, Any]:
        """The constraints in descriptor spelling, only those that are set (order as frictionless checks them)."""
        out: dict[str, Any] = {}
        if self.required:
            out["required"] = True
        for name, value in (
            ("minLength", self.min_length),
            ("maxLength", self.max_length),
            ("pattern", self.pattern),
            ("minimum", self.minimum),
            ("maximum", self.maximum),
            ("exclusiveMinimum", self.exclusive_minimum),
            ("exclusiveMaximum", self.exclusive_maximum),
            ("enum", list(self.enum) if self.enum is not None else None),
        ):
            if value is not None:
                out[name] = value
        if self.unique:
            out["unique"] = True
        return out


@dataclass(frozen=True)
class Field:
    """One column. Type-specific options carry frictionless's defaults; ``defined`` lists what the descriptor set."""

    name: str
    type: str = "string"
    format: str = "default"
    title: str | None = None
    description: str | None = None
    constraints: Constraints = field(default_factory=Constraints)
    missing_values: tuple[str, ...] | None = None
    """Field-level missing values (Table Schema v2); None means: use the schema's."""
    decimal_char: str = "."
    group_char: str = ""
    bare_number: bool = True
    float_number: bool = False
    true_values: tuple[str, ...] = DEFAULT_TRUE_VALUES
    false_values: tuple[str, ...] = DEFAULT_FALSE_VALUES
    item_type: str = "string"
    """``list`` fields: the type of the items."""
    delimiter: str = ","
    """``list`` fields: the item separator."""
    array_item: dict[str, Any] | None = None
    defined: frozenset[str] = frozenset()
    descriptor: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def required(self) -> bool:
        return self.constraints.required

    @property
    def number_processing(self) -> bool:
        """frictionless applies decimal/group handling only when one of these is written in the descriptor."""
        return bool({"decimalChar", "groupChar", "bareNumber"} & self.defined)

    def describe_type(self) -> str:
        return f"{self.type}/{self.format}"


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str
    """The referenced resource; "" (or the resource's own name) is a self-reference."""
    reference_fields: tuple[str, ...]


@dataclass
class TableSchema:
    fields: list[Field] = field(default_factory=list)
    primary_key: tuple[str, ...] = ()
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    missing_values: tuple[str, ...] = DEFAULT_MISSING_VALUES
    fields_match: str = "exact"
    version: str = "v1"
    descriptor: dict[str, Any] = field(default_factory=dict, repr=False)
    findings: list[Finding] = field(default_factory=list)
    """``schema-error`` findings from parsing (empty when the descriptor is valid)."""

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def get_field(self, name: str) -> Field | None:
        for item in self.fields:
            if item.name == name:
                return item
        return None

    def missing_values_of(self, item: Field) -> tuple[str, ...]:
        return item.missing_values if item.missing_values is not None else self.missing_values

    @property
    def valid(self) -> bool:
        return not self.findings

    @classmethod
    def from_descriptor(cls, descriptor: Any, *, path: str | None = None, resource: str | None = None) -> TableSchema:
        """Parse a Table Schema descriptor; problems become ``schema-error`` findings, never exceptions."""
        return _Parser(path, resource).parse(descriptor)

    @classmethod
    def from_fields(cls, *fields: Field, **kwargs: Any) -> TableSchema:
        return cls(fields=list(fields), **kwargs)


# ------------------------------------------------------------------------------------------------ parsing


class _Parser:
    def __init__(self, path: str | None, resource: str | None) -> None:
        self.path = path
        self.resource = resource
        self.findings: list[Finding] = []

    def error(self, pointer: str, note: str) -> None:
        self.findings.append(
            Finding(
                code=SCHEMA_ERROR.code,
                severity=Severity.ERROR,
                location=Location(path=self.path, resource=self.resource, pointer=pointer or "/"),
                params={"pointer": pointer or "/", "note": note},
            )
        )

    def parse(self, descriptor: Any) -> TableSchema:
        if not isinstance(descriptor, dict):
            self.error("", f"a Table Schema must be an object, not {type(descriptor).__name__}")
            return TableSchema(findings=self.findings)
        version = "v2" if "2." in str(descriptor.get("$schema", "")) else "v1"
        missing = self.missing_values(descriptor.get("missingValues", list(DEFAULT_MISSING_VALUES)), "/missingValues")
        raw_fields = descriptor.get("fields")
        fields: list[Field] = []
        if raw_fields is None:
            self.error("/fields", "'fields' is a required property")
        elif not isinstance(raw_fields, list):
            self.error("/fields", "'fields' must be an array of field descriptors")
        else:
            seen: set[str] = set()
            for index, raw in enumerate(raw_fields):
                parsed = self.field(raw, f"/fields/{index}")
                if parsed is None:
                    continue
                if parsed.name in seen:
                    self.error(f"/fields/{index}/name", f'field name "{parsed.name}" is not unique')
                    continue
                seen.add(parsed.name)
                fields.append(parsed)
        names = [f.name for f in fields]
        primary_key = self.primary_key(descriptor.get("primaryKey"), names)
        foreign_keys = self.foreign_keys(descriptor.get("foreignKeys"), names)
        fields_match = descriptor.get("fieldsMatch", "exact")
        if fields_match not in FIELDS_MATCH:
            self.error("/fieldsMatch", f'"fieldsMatch" must be one of {", ".join(FIELDS_MATCH)}, not "{fields_match}"')
            fields_match = "exact"
        return TableSchema(
            fields=fields,
            primary_key=primary_key,
            foreign_keys=foreign_keys,
            missing_values=missing if missing is not None else DEFAULT_MISSING_VALUES,
            fields_match=str(fields_match),
            version=version,
            descriptor=descriptor,
            findings=self.findings,
        )

    def missing_values(self, value: Any, pointer: str) -> tuple[str, ...] | None:
        """Strings, or (v2) objects ``{"value": ..., "label": ...}``; invalid entries are reported and skipped."""
        if not isinstance(value, list):
            self.error(pointer, "missingValues must be an array of strings")
            return None
        out: list[str] = []
        for index, entry in enumerate(value):
            if isinstance(entry, str):
                out.append(entry)
            elif isinstance(entry, dict) and isinstance(entry.get("value"), str):
                out.append(entry["value"])
            else:
                self.error(f"{pointer}/{index}", 'a missing value must be a string or an object with a string "value"')
        return tuple(out)

    def field(self, raw: Any, pointer: str) -> Field | None:
        if not isinstance(raw, dict):
            self.error(pointer, "a field must be an object with at least a name")
            return None
        name = raw.get("name")
        if not isinstance(name, str) or name == "":
            self.error(f"{pointer}/name", "'name' is a required property (a non-empty string)")
            return None
        ftype = raw.get("type", "string")
        if ftype not in FIELD_TYPES:
            self.error(f"{pointer}/type", f'field type "{ftype}" is not supported')
            ftype = "any"
        fmt = raw.get("format", "default")
        if not isinstance(fmt, str):
            self.error(f"{pointer}/format", "'format' must be a string")
            fmt = "default"
        fmt = fmt.removeprefix("fmt:")
        allowed_formats = {"string": STRING_FORMATS, "geopoint": GEOPOINT_FORMATS, "geojson": GEOJSON_FORMATS}
        if ftype in allowed_formats and fmt not in allowed_formats[ftype]:
            self.error(
                f"{pointer}/format", f'format "{fmt}" is not one of {", ".join(allowed_formats[ftype])} for type "{ftype}"'
            )
            fmt = "default"
        if ftype in DATE_TYPES and fmt not in ("default", "any") and "%" not in fmt:
            # frictionless accepts any format string and then fails every value; say why up front
            self.error(
                f"{pointer}/format", f'format "{fmt}" of a {ftype} field is neither "default", "any" nor a strftime pattern'
            )
        if "required" in raw:
            self.error(f"{pointer}/required", '"required" should be set as "constraints.required"')
        missing = None
        if "missingValues" in raw:
            missing = self.missing_values(raw["missingValues"], f"{pointer}/missingValues")
        kwargs: dict[str, Any] = {}
        defined = set()
        for key, attr, kind in (
            ("decimalChar", "decimal_char", str),
            ("groupChar", "group_char", str),
            ("bareNumber", "bare_number", bool),
            ("floatNumber", "float_number", bool),
            ("delimiter", "delimiter", str),
            ("itemType", "item_type", str),
        ):
            if key in raw:
                if isinstance(raw[key], kind):
                    kwargs[attr] = raw[key]
                    defined.add(key)
                else:
                    self.error(f"{pointer}/{key}", f"'{key}' must be a {'string' if kind is str else 'boolean'}")
        if kwargs.get("decimal_char") == "":
            self.error(f"{pointer}/decimalChar", "decimalChar must not be empty")
            kwargs["decimal_char"] = "."
        for key, attr in (("trueValues", "true_values"), ("falseValues", "false_values")):
            if key in raw:
                values = raw[key]
                if isinstance(values, list) and all(isinstance(v, str) for v in values):
                    kwargs[attr] = tuple(values)
                    defined.add(key)
                else:
                    self.error(f"{pointer}/{key}", f"'{key}' must be an array of strings")
        if ftype == "list" and kwargs.get("item_type", "string") not in LIST_ITEM_TYPES:
            self.error(f"{pointer}/itemType", f'item type "{kwargs["item_type"]}" is not one of {", ".join(LIST_ITEM_TYPES)}')
            kwargs["item_type"] = "string"
        if ftype == "array" and isinstance(raw.get("arrayItem"), dict):
            kwargs["array_item"] = dict(raw["arrayItem"])
        constraints = self.constraints(raw.get("constraints", {}), ftype, f"{pointer}/constraints")
        return Field(
            name=name,
            type=ftype,
            format=fmt,
            title=raw.get("title") if isinstance(raw.get("title"), str) else None,
            description=raw.get("description") if isinstance(raw.get("description"), str) else None,
            constraints=constraints,
            missing_values=missing,
            defined=frozenset(defined),
            descriptor=raw,
            **kwargs,
        )

    def constraints(self, raw: Any, ftype: str, pointer: str) -> Constraints:
        if not isinstance(raw, dict):
            self.error(pointer, "'constraints' must be an object")
            return Constraints()
        supported = (*SUPPORTED_CONSTRAINTS.get(ftype, ()), "unique")
        values: dict[str, Any] = {}
        for name, value in raw.items():
            where = f"{pointer}/{name}"
            if name not in supported:
                known = {c for cs in SUPPORTED_CONSTRAINTS.values() for c in cs} | {"unique"}
                if name in known:
                    self.error(where, f'constraint "{name}" is not supported by type "{ftype}"')
                else:
                    self.error(where, f'unknown constraint "{name}"')
                continue
            if name in ("required", "unique"):
                if not isinstance(value, bool):
                    self.error(where, f'constraint "{name}" must be true or false')
                    continue
                values[name] = value
            elif name in ("minLength", "maxLength"):
                if not isinstance(value, int) or isinstance(value, bool):
                    self.error(where, f'constraint "{name}" must be an integer')
                    continue
                values["min_length" if name == "minLength" else "max_length"] = value
            elif name == "pattern":
                if not isinstance(value, str):
                    self.error(where, 'constraint "pattern" must be a string (a regular expression)')
                    continue
                try:
                    re.compile(value)
                except re.error as exc:
                    self.error(where, f'constraint "pattern" is not a valid regular expression: {exc}')
                    continue
                values["pattern"] = value
            elif name == "enum":
                if not isinstance(value, list) or not value:
                    self.error(where, 'constraint "enum" must be a non-empty array')
                    continue
                values["enum"] = tuple(value)
            else:
                if value is None or isinstance(value, dict | list | bool):
                    self.error(where, f'constraint "{name}" must be a number, or a string in the field\'s format')
                    continue
                attr = {
                    "minimum": "minimum",
                    "maximum": "maximum",
                    "exclusiveMinimum": "exclusive_minimum",
                    "exclusiveMaximum": "exclusive_maximum",
                }[name]
                values[attr] = value
        return Constraints(**values)

    def primary_key(self, raw: Any, names: list[str]) -> tuple[str, ...]:
        if raw is None:
            return ()
        items = [raw] if isinstance(raw, str) else raw
        if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
            self.error("/primaryKey", "primaryKey must be a field name or an array of field names")
            return ()
        missing = [x for x in items if x not in names]
        if missing:
            self.error("/primaryKey", f'primary key field "{missing[0]}" is not a field of the schema')
            return ()
        return tuple(items)

    def foreign_keys(self, raw: Any, names: list[str]) -> list[ForeignKey]:
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.error("/foreignKeys", "foreignKeys must be an array")
            return []
        out = []
        for index, item in enumerate(raw):
            pointer = f"/foreignKeys/{index}"
            if not isinstance(item, dict):
                self.error(pointer, "a foreign key must be an object with fields and reference")
                continue
            fields = item.get("fields")
            local = [fields] if isinstance(fields, str) else fields
            reference = item.get("reference")
            if not isinstance(local, list) or not local or not all(isinstance(x, str) for x in local):
                self.error(f"{pointer}/fields", "foreign key fields must be a field name or an array of field names")
                continue
            if not isinstance(reference, dict):
                self.error(f"{pointer}/reference", f'foreign key fields "{local}" does not match the reference fields "[]"')
                continue
            ref_fields = reference.get("fields")
            remote = [ref_fields] if isinstance(ref_fields, str) else ref_fields
            if not isinstance(remote, list) or not all(isinstance(x, str) for x in remote) or len(remote) != len(local):
                shown = remote if isinstance(remote, list) else []
                note = f'foreign key fields "{local}" does not match the reference fields "{shown}"'
                self.error(f"{pointer}/reference/fields", note)
                continue
            unknown = [x for x in local if x not in names]
            if unknown:
                self.error(f"{pointer}/fields", f'foreign key field "{unknown[0]}" is not a field of the schema')
                continue
            if "datapackage" in reference or "package" in reference:
                self.error(f"{pointer}/reference", "foreign keys to other data packages are not checked (only within a package)")
                continue
            resource = reference.get("resource", "")
            if not isinstance(resource, str):
                self.error(f"{pointer}/reference/resource", "the referenced resource must be a name")
                continue
            out.append(ForeignKey(fields=tuple(local), resource=resource, reference_fields=tuple(remote)))
        return out
