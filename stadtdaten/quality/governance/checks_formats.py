"""Open formats and AI-readiness (DS-TRANS-020..025): formats, UTF-8, tidy rows, schema, keys, CRS."""

from __future__ import annotations

import codecs
import hashlib
import re
from typing import Any

import polars as pl

from stadtdaten.core.dataset import Resource
from stadtdaten.quality.governance.checks_metadata import GEO_FORMATS
from stadtdaten.quality.governance.context import Context
from stadtdaten.quality.governance.registry import implements
from stadtdaten.quality.rules import RuleSpec

OPEN_FORMATS = {
    "csv",
    "tsv",
    "json",
    "geojson",
    "jsonld",
    "json-ld",
    "ndjson",
    "jsonl",
    "xml",
    "rdf",
    "ttl",
    "turtle",
    "nt",
    "gml",
    "kml",
    "parquet",
    "gpkg",
    "txt",
    "ods",
    "api",
    "wfs",
    "wms",
    "gtfs",
}
CLOSED_ONLY = {"pdf", "xlsx", "xls", "docx", "doc"}
CHUNK = 1 << 20


@implements("DS-TRANS-020")
def open_format(ctx: Context, spec: RuleSpec) -> None:
    formats = [r.format for r in ctx.dataset.resources if r.format]
    if formats and not any(f in OPEN_FORMATS for f in formats):
        ctx.emit(spec, pointer="/resources", params={"formats": ", ".join(sorted(set(formats)))})


def _csv(resource: Resource) -> bool:
    return resource.format in ("csv", "tsv", "txt") and resource.fullpath is not None and resource.fullpath.is_file()


@implements("DS-TRANS-021")
def utf8(ctx: Context, spec: RuleSpec) -> None:
    for resource in ctx.dataset.resources:
        if not _csv(resource):
            continue
        path = resource.fullpath
        assert path is not None
        declared = (resource.encoding or "utf-8").lower().replace("_", "-")
        with path.open("rb") as handle:
            head = handle.read(4)
            if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                ctx.emit(spec, resource=resource, params={"detail": "UTF-16 byte-order mark"})
                continue
            if declared not in ("utf-8", "utf8", "utf-8-sig"):
                ctx.emit(spec, resource=resource, params={"detail": f"declared encoding {resource.encoding}"})
                continue
            if head.startswith(codecs.BOM_UTF8):
                ctx.emit(spec, "bom", resource=resource)
            handle.seek(0)
            decoder = codecs.getincrementaldecoder("utf-8-sig")()
            replacements = 0
            first_line = ""
            offset = 0
            try:
                while chunk := handle.read(CHUNK):
                    text = decoder.decode(chunk)
                    replacements += text.count("\ufffd")
                    if not first_line:
                        first_line = text.split("\n", 1)[0]
                    offset += len(chunk)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError as exc:
                ctx.emit(
                    spec,
                    resource=resource,
                    params={"detail": f"invalid byte 0x{exc.object[exc.start]:02x} near byte {offset + exc.start}"},
                )
                continue
        if replacements:
            ctx.emit(spec, "replacement", resource=resource, params={"count": replacements})
        delimiter = str(
            resource.dialect.get("delimiter")
            or (resource.dialect.get("csv") or {}).get("delimiter")
            or ("\t" if resource.format == "tsv" else ",")
        )
        declared_delimiter = (
            "delimiter" in resource.dialect or "delimiter" in (resource.dialect.get("csv") or {}) or resource.format == "tsv"
        )
        if declared_delimiter and first_line and delimiter not in first_line:
            found = max(";,\t|", key=first_line.count)
            if first_line.count(found) > 0:
                ctx.emit(spec, "delimiter", resource=resource, params={"delimiter": delimiter, "found": found})


SUBTOTAL = r"(?i)^\s*(summe|gesamt|insgesamt|total|zusammen|zwischensumme|anzahl .*gesamt)\b"
FOOTNOTE = r"(?i)^\s*(\*|quelle|source|anmerkung|hinweis|fußnote|fussnote|stand:|note|©|\(c\))"


@implements("DS-TRANS-022")
def tidy(ctx: Context, spec: RuleSpec) -> None:
    for resource in ctx.dataset.resources:
        dialect = resource.dialect
        header_rows = dialect.get("headerRows") or (dialect.get("csv") or {}).get("headerRows")
        if isinstance(header_rows, list) and len(header_rows) > 1:
            ctx.emit(spec, resource=resource, params={"count": len(header_rows)})
        frame = ctx.table(resource)
        if frame is None or frame.height == 0:
            continue
        columns = ctx.data_columns(frame)
        if not columns:
            continue
        nulls = pl.sum_horizontal([pl.col(c).is_null().cast(pl.Int32) for c in columns])
        counts = frame.select(nulls.alias("n"))["n"]
        blank = counts == len(columns)
        if blank.any():
            first = int(blank.arg_true()[0])
            ctx.emit(
                spec,
                "blank-rows",
                resource=resource,
                frame=frame,
                index=first,
                params={"count": int(blank.sum()), "row": _row(frame, first)},
            )
        for name in columns:
            if frame[name].null_count() == frame.height and frame.height > 1:
                ctx.emit(spec, "blank-column", resource=resource, field=name)
        text_columns = [c for c in columns if frame.schema[c] == pl.String]
        typed_columns = [c for c in columns if frame.schema[c] != pl.String]
        # footnote: a row near the end with one filled text cell that reads like a note
        tail = frame.with_row_index("_i").tail(5)
        for row in tail.iter_rows(named=True):
            filled = [row[c] for c in columns if row[c] is not None]
            if (
                len(filled) == 1
                and isinstance(filled[0], str)
                and (re.search(FOOTNOTE, filled[0]) or len(filled[0]) > 40)
                and len(columns) > 2
            ):
                ctx.emit(
                    spec,
                    "footnote",
                    resource=resource,
                    frame=frame,
                    index=row["_i"],
                    params={"row": _row(frame, row["_i"]), "value": filled[0][:60]},
                )
        if text_columns:
            first_text = text_columns[0]
            hits = frame.with_row_index("_i").filter(pl.col(first_text).str.contains(SUBTOTAL).fill_null(False))
            for row in hits.head(3).iter_rows(named=True):
                ctx.emit(
                    spec,
                    "subtotal",
                    resource=resource,
                    frame=frame,
                    index=row["_i"],
                    params={"row": _row(frame, row["_i"]), "value": str(row[first_text])[:60]},
                )
        if typed_columns and text_columns and frame.height > 3:
            first_row = frame.row(0, named=True)
            typed_null = sum(first_row[c] is None for c in typed_columns)
            rest = frame.slice(1).select([pl.col(c).null_count() for c in typed_columns]).row(0)
            typed_mostly_filled = sum(1 for n in rest if n < (frame.height - 1) * 0.5)
            if (
                typed_null == len(typed_columns)
                and typed_mostly_filled >= max(1, len(typed_columns) // 2)
                and any(first_row[c] for c in text_columns)
            ):
                ctx.emit(spec, "header-like", resource=resource, frame=frame, index=0, params={"row": _row(frame, 0)})


def _row(frame: pl.DataFrame, index: int) -> int:
    if "_row" in frame.columns:
        value = frame["_row"][index]
        if value is not None:
            return int(value)
    return index + 2


@implements("DS-TRANS-023")
def schema_present(ctx: Context, spec: RuleSpec) -> None:
    for resource in ctx.dataset.resources:
        if not resource.is_tabular or resource.format in ("pdf", "docx", "doc"):
            continue
        if resource.schema_descriptor is None:
            ctx.emit(spec, resource=resource)
            continue
        for field_def in ctx.fields(resource):
            if not field_def.get("type"):
                ctx.emit(spec, "untyped", resource=resource, field=str(field_def["name"]))


KEY_NAMES = re.compile(
    r"(?i)(^|_)(ags|ars|gkz|gemeindeschluessel|gemeindeschlüssel|gemeindekennziffer|regionalschluessel|regionalschlüssel|"
    r"kreisschluessel|kreisschlüssel|stat_id|stat_id_k|stad_id|stad_id_k|statbez|stadtbezirk_id|stadtbezirk_nr|bezirk_id|"
    r"bezirksnummer|bezirk_nr|stimmbezirk_nr|wahlbezirk_nr|plz|postleitzahl)(_|$)"
)
CODE_LIKE = re.compile(
    r"(?i)(^|_)(id|nr|code|kennung|schluessel|key|jahr|year|typ|type|kat|art|klasse|monat|tag|stunde|woche|stichtag|lfd|index|geschlecht|altersgruppe\w*)(_|$)|id$|jahr$"
)


@implements("DS-TRANS-024")
def keys_and_units(ctx: Context, spec: RuleSpec) -> None:
    for resource in ctx.dataset.resources:
        fields = ctx.fields(resource)
        if not fields:
            continue
        frame = ctx.table(resource)
        for field_def in fields:
            name = str(field_def["name"])
            ftype = str(field_def.get("type", "string"))
            if KEY_NAMES.search(name):
                if ftype in ("integer", "number"):
                    ctx.emit(spec, resource=resource, field=name, params={"type": ftype})
                elif frame is not None and name in frame.columns and frame.schema[name] == pl.String:
                    lengths = frame[name].drop_nulls().str.len_chars().value_counts().sort("count", descending=True)
                    if lengths.height > 1 and frame[name].drop_nulls().str.contains(r"^[0-9]+$").all():
                        common = int(lengths[0, 0])
                        short = (
                            frame[name].drop_nulls().filter(frame[name].drop_nulls().str.len_chars() < common).unique().head(3)
                        )
                        if short.len():
                            ctx.emit(
                                spec,
                                "leading-zero",
                                resource=resource,
                                field=name,
                                params={
                                    "lengths": ", ".join(str(v) for v in sorted(lengths[lengths.columns[0]].to_list())),
                                    "samples": ", ".join(short.to_list()),
                                },
                            )
            elif (
                ftype in ("integer", "number")
                and not field_def.get("unit")
                and not field_def.get("constraints", {}).get("enum")
                and not CODE_LIKE.search(name)
                and field_def.get("disclosure") not in ("count", "total")
            ):
                ctx.emit(spec, "unit", resource=resource, field=name)
        pk = ctx.primary_key(resource)
        if not pk:
            ctx.emit(spec, "no-primary-key", resource=resource)
        elif (
            ctx.rules.options(spec).get("check_primary_key")
            and frame is not None
            and all(k in frame.columns for k in pk)
            and not _unique(frame, pk)
        ):
            duplicated = frame.select(pl.struct(pk).is_duplicated().alias("d"))["d"]
            if duplicated.any():
                first = int(duplicated.arg_true()[0])
                ctx.emit(
                    spec,
                    "primary-key",
                    resource=resource,
                    frame=frame,
                    index=first,
                    params={"fields": ", ".join(pk), "count": int(duplicated.sum()), "row": _row(frame, first)},
                )
        _renumbered(ctx, spec, resource, pk, frame)


def _unique(frame: pl.DataFrame, columns: list[str]) -> bool:
    """Cheap uniqueness test: equal keys hash equally, so as many distinct hashes as rows means unique."""
    key = frame[columns[0]] if len(columns) == 1 else frame.select(pl.struct(columns).alias("k"))["k"]
    return bool(key.hash().n_unique() == frame.height)


def key_sample(frame: pl.DataFrame, pk: list[str], size: int = 200) -> dict[str, str]:
    """Content hashes of the first ``size`` keys (sorted): compared across versions to spot renumbering."""
    others = [c for c in frame.columns if c not in pk and c != "_row"]
    if not others:
        return {}
    sample = frame.sort(pk).head(size)
    result = {}
    for row in sample.iter_rows(named=True):
        key = "|".join(str(row[k]) for k in pk)
        content = "|".join(str(row[c]) for c in others)
        result[key] = hashlib.sha1(content.encode()).hexdigest()[:12]
    return result


def _renumbered(ctx: Context, spec: RuleSpec, resource: Resource, pk: list[str], frame: pl.DataFrame | None) -> None:
    from stadtdaten.quality.governance.checks_metadata import _previous_summary

    if not pk or frame is None or not all(k in frame.columns for k in pk):
        return
    previous = _previous_summary(ctx).get("resources")
    old = previous.get(resource.name, {}).get("keys") if isinstance(previous, dict) else None
    if not isinstance(old, dict) or not old:
        return
    now = key_sample(frame, pk)
    common = [k for k in now if k in old]
    if len(common) < 10:
        return
    changed = sum(1 for k in common if now[k] != old[k])
    moved = len(set(now.values()) & set(old.values()))
    if changed / len(common) > 0.5 and moved >= changed / 2:
        ctx.emit(spec, "renumbered", resource=resource, params={"changed": changed, "compared": len(common)})


CRS_OK = re.compile(r"(?i)(epsg[:/]+(0/)?(25832|4326)\b|crs84|urn:ogc:def:crs:(ogc:1\.3:crs84|epsg::(4326|25832)))")


def _crs(ctx: Context, resource: Resource) -> str | None:
    schema = ctx.schema(resource) or {}
    for holder in (resource.descriptor, schema):
        value = holder.get("crs")
        if isinstance(value, str) and value:
            return value
        if isinstance(value, dict) and value.get("properties", {}).get("name"):
            return str(value["properties"]["name"])
    for field_def in ctx.fields(resource):
        if isinstance(field_def.get("crs"), str):
            return str(field_def["crs"])
    for uri in ctx.meta.conforms_to:
        if "epsg" in uri.lower() or "crs" in uri.lower():
            return uri
    if resource.format == "geojson":
        return "EPSG:4326"  # RFC 7946: GeoJSON coordinates are WGS 84
    return None


def _coordinate_columns(ctx: Context, resource: Resource, frame: pl.DataFrame | None) -> dict[str, str]:
    """axis -> column: lon/lat or east/north."""
    names = list(
        dict.fromkeys([str(f["name"]) for f in ctx.fields(resource)] + (ctx.data_columns(frame) if frame is not None else []))
    )
    axes: dict[str, str] = {}
    for name in names:
        low = name.lower().rsplit(".", 1)[-1]
        if re.fullmatch(r"(lat|latitude|breite|breitengrad)", low):
            axes["lat"] = name
        elif re.fullmatch(r"(lon|lng|long|longitude|laenge|länge|laengengrad)", low):
            axes["lon"] = name
        elif re.fullmatch(r"(rechtswert|easting|x|ostwert|x_utm|utm_x)", low):
            axes["east"] = name
        elif re.fullmatch(r"(hochwert|northing|y|nordwert|y_utm|utm_y)", low):
            axes["north"] = name
    return axes


@implements("DS-TRANS-025")
def crs(ctx: Context, spec: RuleSpec) -> None:
    options = ctx.rules.options(spec)
    for resource in ctx.dataset.resources:
        frame = ctx.table(resource)
        axes = _coordinate_columns(ctx, resource, frame)
        geo = resource.format in GEO_FORMATS or any(f.get("type") in ("geopoint", "geojson") for f in ctx.fields(resource))
        if not axes and not geo:
            continue
        declared = _crs(ctx, resource)
        if declared is None:
            ctx.emit(spec, resource=resource, params={"fields": ", ".join(axes.values()) or resource.format})
            continue
        if not CRS_OK.search(declared):
            ctx.emit(spec, "unsupported", resource=resource, params={"crs": declared})
            continue
        if frame is None or ctx.config.geocoding != "05711000":
            continue
        utm = "25832" in declared
        pair = (axes.get("east"), axes.get("north")) if utm else (axes.get("lon"), axes.get("lat"))
        if pair[0] is None or pair[1] is None:
            pair = (axes.get("lon") or axes.get("east"), axes.get("lat") or axes.get("north"))
        if pair[0] is None or pair[1] is None or pair[0] not in frame.columns or pair[1] not in frame.columns:
            continue
        box: Any = options.get("bbox_utm32" if utm else "bbox_wgs84")
        x = frame[pair[0]].cast(pl.Float64, strict=False)
        y = frame[pair[1]].cast(pl.Float64, strict=False)
        outside = ((x < box[0]) | (x > box[2]) | (y < box[1]) | (y > box[3])).fill_null(False)
        if outside.any():
            first = int(outside.arg_true()[0])
            ctx.emit(
                spec,
                "outside",
                resource=resource,
                frame=frame,
                index=first,
                params={"count": int(outside.sum()), "row": _row(frame, first)},
            )
