"""Exact, value-at-a-time casting of Table Schema types: the reference semantics of the validation engine.

The engine casts whole columns with vectorised expressions (``stadtdaten.quality.engine.cast``); every cell
the fast path cannot decide with certainty (a stray space, ``+5``, ``1_000``, ``24:00``, an ISO week date,
a number with more than 15 digits, a JSON object ...) is cast here, once per distinct value. The rules
follow frictionless-py 5.x's field readers (MIT; re-implemented, not copied), because the engine's
findings are tested to be identical to frictionless's:

* integer: ``int(cell.strip())`` (Python's ``int``: ``+5``, ``007``, ``1_000`` are integers)
* number: ``Decimal(cell.strip())``; decimal/group characters are applied only when the descriptor
  sets ``decimalChar``, ``groupChar`` or ``bareNumber``; with a decimal character other than ``.`` a
  ``.`` in the cell is an error (so ``1.234,5`` needs ``groupChar: "."``)
* boolean: exact match against ``trueValues``/``falseValues`` (no trimming)
* date/time/datetime: ``default`` is ISO (``%Y-%m-%d``; ``HH:MM:SS[.f][tz]``; ``YYYY-MM-DDTHH:MM:SS[.f][tz]``),
  ``any`` is dateutil's parser, anything else a ``strptime`` pattern
* year: exactly four characters and an integer 0-9999; yearmonth: ``YYYY-MM``; duration: ISO 8601
* geopoint: ``lon, lat`` / ``[lon, lat]`` / ``{"lon":..,"lat":..}``; object/array/geojson: JSON
* list (v2): the cell split by ``delimiter``, every item of ``itemType``

A reader returns the typed value, or ``None`` when the cell is not a valid value of the type.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple
from uuid import UUID

from stadtdaten.schemas.model import Field

Reader = Callable[[Any], Any]


class YearMonth(NamedTuple):
    year: int
    month: int


class GeoPoint(NamedTuple):
    lon: Decimal
    lat: Decimal


_NOT_BARE = re.compile(r"((^[^-\d]*)|(\D*$))")


def reader_for(field: Field) -> Reader:
    """The exact value reader of ``field`` (build it once per field and reuse it)."""
    return _build_reader(field.type, field.format, field)


def _build_reader(ftype: str, fmt: str, field: Field) -> Reader:
    if ftype == "string":
        return _string_reader(fmt)
    if ftype == "integer":
        return _integer_reader(field.bare_number)
    if ftype == "number":
        return _number_reader(field)
    if ftype == "boolean":
        mapping = dict.fromkeys(field.true_values, True)
        mapping.update(dict.fromkeys(field.false_values, False))

        def boolean(cell: Any) -> Any:
            if cell is True or cell is False:
                return cell
            return mapping.get(cell) if isinstance(cell, str) else None

        return boolean
    if ftype == "date":
        return _date_reader(fmt)
    if ftype == "time":
        return _time_reader(fmt)
    if ftype == "datetime":
        return _datetime_reader(fmt)
    if ftype == "year":
        return _year
    if ftype == "yearmonth":
        return _yearmonth
    if ftype == "duration":
        return _duration
    if ftype == "geopoint":
        return _geopoint_reader(fmt)
    if ftype == "geojson":
        return _geojson_reader(fmt)
    if ftype == "object":
        return _json_reader(dict)
    if ftype == "array":
        return _json_reader(list)
    if ftype == "list":
        item = _build_reader(field.item_type, "default", Field(name=field.name, type=field.item_type))
        delimiter = field.delimiter

        def list_reader(cell: Any) -> Any:
            if isinstance(cell, str):
                cell = cell.split(delimiter)
            elif isinstance(cell, tuple):
                cell = list(cell)
            elif not isinstance(cell, list):
                return None
            items = []
            for value in cell:
                typed = item(value)
                if typed is None:
                    return None
                items.append(typed)
            return items

        return list_reader
    return lambda cell: cell  # any


# ---------------------------------------------------------------------------------------------- strings


def _string_reader(fmt: str) -> Reader:
    check: Callable[[str], bool] | None = {
        "email": _is_email,
        "uri": _is_uri,
        "uuid": _is_uuid,
        "binary": _is_base64,
        "wkt": _is_wkt,
    }.get(fmt)

    def string(cell: Any) -> Any:
        if not isinstance(cell, str):
            return None
        if check is not None and not check(cell):
            return None
        return cell

    return string


_EMAIL_USER = re.compile(
    r"(^[\u0100-\u017F\u0180-\u024F\u00A0-\u00FF]|[\u0100-\u017F\u0180-\u024F\u00A0-\u00FF0-9a-z!#$%&'*+/=?^_`{}|~\-]+"
    r"(\.[\u0100-\u017F\u0180-\u024F\u00A0-\u00FF0-9a-z!#$%&'*+/=?^_`{}|~\-]+)*$|^\"([\u0100-\u017F\u0180-\u024F\u00A0-\u00FF"
    r"\001-\010\013\014\016-\037!#-\[\]-\177]|\\[\011.])*\")$",
    re.IGNORECASE,
)
_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$", re.IGNORECASE)


def _is_email(value: str) -> bool:
    try:  # the library frictionless uses, when installed (it is in the test extra)
        import validators

        return bool(validators.email(value))
    except ImportError:
        pass
    if not value or value.count("@") != 1:
        return False
    user, domain = value.rsplit("@", 1)
    if len(user) > 64 or len(domain) > 253 or not _EMAIL_USER.match(user):
        return False
    labels = domain.encode("idna").decode("ascii").split(".") if domain.isascii() else domain.split(".")
    return len(labels) >= 2 and all(_HOST_LABEL.match(label) for label in labels) and labels[-1].isalpha()


def _is_uri(value: str) -> bool:
    try:
        import rfc3986
        from rfc3986 import exceptions, validators

        checker = validators.Validator().require_presence_of("scheme")
        try:
            checker.validate(rfc3986.uri_reference(value))
        except exceptions.ValidationError:
            return False
        return True
    except ImportError:
        return re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]*$", value) is not None


_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def _is_uuid(value: str) -> bool:
    try:
        UUID(value)
    except ValueError:
        return False
    return _UUID.match(value) is not None


def _is_base64(value: str) -> bool:
    try:
        base64.b64decode(value)
    except (binascii.Error, ValueError):
        return False
    return True


_WKT = re.compile(
    r"^\s*(SRID=\d+;\s*)?(POINT|LINESTRING|POLYGON|MULTIPOINT|MULTILINESTRING|MULTIPOLYGON|GEOMETRYCOLLECTION)"
    r"(\s+(Z|M|ZM))?\s*(EMPTY|\(.*\))\s*$",
    re.IGNORECASE | re.DOTALL,
)


def _is_wkt(value: str) -> bool:
    try:
        from frictionless.vendors import wkt

        try:
            wkt.Parser().parse(value)
        except Exception:
            return False
        return True
    except ImportError:
        return _WKT.match(value) is not None and value.count("(") == value.count(")")


# ---------------------------------------------------------------------------------------------- numbers


def _integer_reader(bare_number: bool) -> Reader:
    pattern = None if bare_number else _NOT_BARE

    def integer(cell: Any) -> Any:
        if isinstance(cell, str):
            cell = cell.strip()
            if pattern is not None:
                cell = pattern.sub("", cell)
            try:
                return int(cell)
            except ValueError:
                return None
        if cell is True or cell is False:
            return None
        if isinstance(cell, int):
            return cell
        if isinstance(cell, float) and cell.is_integer():
            return int(cell)
        if isinstance(cell, Decimal) and cell.is_finite() and cell % 1 == 0:
            return int(cell)
        return None

    return integer


def _number_reader(field: Field) -> Reader:
    pattern = None if field.bare_number else _NOT_BARE
    process = field.number_processing
    group, decimal_char = field.group_char, field.decimal_char
    primary: Callable[[Any], Any] = float if field.float_number else Decimal

    def number(cell: Any) -> Any:
        if isinstance(cell, str):
            cell = cell.strip()
            if process:
                if pattern is not None:
                    cell = pattern.sub("", cell)
                cell = cell.replace(group, "")
                if decimal_char != "." and "." in cell:
                    return None
                cell = cell.replace(decimal_char, ".")
            try:
                return primary(cell)
            except (InvalidOperation, ValueError):
                return None
        if cell is True or cell is False:
            return None
        if isinstance(cell, Decimal | int):
            return cell
        if isinstance(cell, float):
            return cell if field.float_number else Decimal(str(cell))
        return None

    return number


# ---------------------------------------------------------------------------------------------- dates


def _date_reader(fmt: str) -> Reader:
    def read_date(cell: Any) -> Any:
        if isinstance(cell, datetime):
            return cell.date() if cell.time() == time(0, 0) else None
        if isinstance(cell, date):
            return cell
        if not isinstance(cell, str):
            return None
        try:
            if fmt == "default":
                return datetime.strptime(cell, "%Y-%m-%d").date()
            if fmt == "any":
                return _dateutil().parse(cell).date()
            return datetime.strptime(cell, fmt).date()
        except Exception:
            return None

    return read_date


def _time_reader(fmt: str) -> Reader:
    def read_time(cell: Any) -> Any:
        if isinstance(cell, time):
            return cell
        if not isinstance(cell, str):
            return None
        try:
            if fmt == "default":
                if len(cell) < 8 or cell[5] != ":":
                    return None
                return _dateutil().isoparse(f"2000-01-01T{cell}").timetz()
            if fmt == "any":
                return _dateutil().parse(cell).timetz()
            return datetime.strptime(cell, fmt).timetz()
        except Exception:
            return None

    return read_time


def _datetime_reader(fmt: str) -> Reader:
    def read_datetime(cell: Any) -> Any:
        if isinstance(cell, datetime):
            return cell
        if not isinstance(cell, str):
            return None
        try:
            if fmt == "default":
                if len(cell) < 19 or cell[16] != ":":
                    return None
                return _dateutil().isoparse(cell)
            if fmt == "any":
                return _dateutil().parse(cell)
            return datetime.strptime(cell, fmt)
        except Exception:
            return None

    return read_datetime


def _dateutil() -> Any:
    from dateutil import parser

    return parser


def _year(cell: Any) -> Any:
    if not isinstance(cell, int) or isinstance(cell, bool):
        if not isinstance(cell, str) or len(cell) != 4:
            return None
        try:
            cell = int(cell)
        except ValueError:
            return None
    if cell < 0 or cell > 9999:
        return None
    return cell


def _yearmonth(cell: Any) -> Any:
    if isinstance(cell, tuple | list):
        if len(cell) != 2:
            return None
        return YearMonth(cell[0], cell[1])
    if not isinstance(cell, str):
        return None
    try:
        year_text, month_text = cell.split("-")
        year, month = int(year_text), int(month_text)
    except ValueError:
        return None
    if month < 1 or month > 12:
        return None
    return YearMonth(year, month)


def _duration(cell: Any) -> Any:
    if isinstance(cell, timedelta):
        return cell
    try:
        import isodate
    except ImportError:  # pragma: no cover - isodate is a dependency
        return None
    if isinstance(cell, isodate.Duration):
        return cell
    if not isinstance(cell, str):
        return None
    try:
        return isodate.parse_duration(cell)
    except Exception:
        return None


# ---------------------------------------------------------------------------------------------- geo / json


def _geopoint_reader(fmt: str) -> Reader:
    def geopoint(cell: Any) -> Any:
        try:
            if isinstance(cell, str):
                if fmt == "default":
                    lon, lat = cell.split(",")
                    lon, lat = lon.strip(), lat.strip()
                elif fmt == "array":
                    lon, lat = json.loads(cell)
                else:
                    parsed = json.loads(cell)
                    if len(parsed) != 2:
                        return None
                    lon, lat = parsed["lon"], parsed["lat"]
                cell = (Decimal(lon), Decimal(lat))
            point = GeoPoint(*cell)
            if point.lon > 180 or point.lon < -180 or point.lat > 90 or point.lat < -90:
                return None
            return point
        except Exception:
            return None

    return geopoint


def _json_reader(kind: type) -> Reader:
    def read_json(cell: Any) -> Any:
        if isinstance(cell, kind):
            return cell
        if kind is list and isinstance(cell, tuple):
            return list(cell)
        if not isinstance(cell, str):
            return None
        try:
            parsed = json.loads(cell)
        except ValueError:
            return None
        return parsed if isinstance(parsed, kind) else None

    return read_json


_GEOMETRIES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}


def _geojson_reader(fmt: str) -> Reader:
    check = _is_topojson if fmt == "topojson" else _is_geojson

    def geojson(cell: Any) -> Any:
        if isinstance(cell, str):
            try:
                cell = json.loads(cell)
            except ValueError:
                return None
        if not isinstance(cell, dict) or not check(cell):
            return None
        return cell

    return geojson


def _position(value: Any) -> bool:
    return isinstance(value, list) and len(value) >= 2 and all(_is_number(x) for x in value)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _coordinates(kind: str, value: Any) -> bool:
    if kind == "Point":
        return _position(value)
    if kind in ("MultiPoint", "LineString"):
        return isinstance(value, list) and all(_position(p) for p in value)
    if kind in ("MultiLineString", "Polygon"):
        return isinstance(value, list) and all(_coordinates("LineString", p) for p in value)
    return isinstance(value, list) and all(_coordinates("Polygon", p) for p in value)


def _is_geometry(value: Any) -> bool:
    if value is None:
        return True
    if not isinstance(value, dict):
        return False
    kind = value.get("type")
    if kind == "GeometryCollection":
        geometries = value.get("geometries")
        return isinstance(geometries, list) and all(isinstance(g, dict) and _is_geometry(g) for g in geometries)
    return kind in _GEOMETRIES and _coordinates(str(kind), value.get("coordinates"))


def _is_geojson(value: dict[str, Any]) -> bool:
    """A structural GeoJSON (RFC 7946) check: geometry, Feature or FeatureCollection."""
    kind = value.get("type")
    if kind == "Feature":
        props = value.get("properties")
        return "geometry" in value and _is_geometry(value["geometry"]) and (props is None or isinstance(props, dict))
    if kind == "FeatureCollection":
        features = value.get("features")
        return isinstance(features, list) and all(
            isinstance(f, dict) and f.get("type") == "Feature" and _is_geojson(f) for f in features
        )
    return value.get("geometry", 0) == 0 and _is_geometry(value) and value is not None


def _is_topojson(value: dict[str, Any]) -> bool:
    kind = value.get("type")
    if kind == "Topology":
        return isinstance(value.get("objects"), dict) and isinstance(value.get("arcs"), list)
    if kind in ("LineString", "MultiLineString", "Polygon", "MultiPolygon"):
        return isinstance(value.get("arcs"), list)
    if kind in ("Point", "MultiPoint"):
        return isinstance(value.get("coordinates"), list)
    if kind == "GeometryCollection":
        return isinstance(value.get("geometries"), list)
    return False


# ---------------------------------------------------------------------------------------------- constraints


class ConstraintLiteralError(ValueError):
    """A constraint value that cannot be read as the field's type (e.g. ``minimum: "abc"`` on an integer)."""


def constraint_literal(field: Field, value: Any) -> Any:
    """A minimum/maximum/enum value as the field's type, read like a cell (frictionless does the same)."""
    typed = reader_for(field)(value)
    if typed is None:
        raise ConstraintLiteralError(f'"{value}" is not a valid {field.type} value')
    return typed


def failed_constraints(field: Field, value: Any, literals: dict[str, Any]) -> list[str]:
    """Names of the constraints ``value`` (typed, not None) breaks, in frictionless's order.

    ``literals`` holds the already-typed minimum/maximum/enum/pattern values (see ``constraint_literals``).
    """
    failed = []
    for name, literal in literals.items():
        try:
            if name == "minLength":
                ok = len(value) >= literal
            elif name == "maxLength":
                ok = len(value) <= literal
            elif name == "pattern":
                ok = literal.match(value) is not None
            elif name == "enum":
                ok = value in literal
            elif _is_nan(value):  # NaN fails every bound, as in frictionless
                ok = False
            elif name == "minimum":
                ok = value >= literal
            elif name == "maximum":
                ok = value <= literal
            elif name == "exclusiveMinimum":
                ok = value > literal
            else:
                ok = value < literal
        except TypeError:
            ok = False
        if not ok:
            failed.append(name)
    return failed


def _is_nan(value: Any) -> bool:
    if isinstance(value, Decimal):
        return value.is_nan()
    return isinstance(value, float) and math.isnan(value)


def constraint_literals(field: Field) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Typed constraint values (value constraints only, not required/unique) and problems (name, note)."""
    declared = field.constraints.declared()
    literals: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for name, value in declared.items():
        if name in ("required", "unique"):
            continue
        try:
            if name in ("minLength", "maxLength"):
                literals[name] = value
            elif name == "pattern":
                literals[name] = re.compile(f"^{value}$")
            elif name == "enum":
                literals[name] = [_enum_literal(field, v) for v in value]
            else:
                literals[name] = constraint_literal(field, value)
        except (ConstraintLiteralError, re.error) as exc:
            problems.append((name, str(exc)))
    return literals, problems


def _enum_literal(field: Field, value: Any) -> Any:
    return reader_for(field)(value)  # None for an enum value of the wrong type: never matches, as in frictionless
