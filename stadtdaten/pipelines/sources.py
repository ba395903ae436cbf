"""Pipeline sources: where a dataset's file comes from before validation.

* ``file``: a local file copied into the dataset folder.
* ``http``: an HTTP(S) URL, with a size limit, a time limit and at most 5 redirects.
* ``ckan``: a CKAN resource by id (``url`` = the portal), downloaded with the same limits.
* ``ttn``: a The Things Network v3 uplink export (JSON lines or a JSON array of uplink messages)
  flattened to CSV: received_at, device id, DevEUI, gateway count, RSSI/SNR and the decoded payload
  fields. Device identifiers stay in this raw table on purpose: the governance rules flag them and the
  ``aggregate-sensor`` transform removes them before publication.

Every write is atomic, so a failed download never leaves a half file that the next stage would validate.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from stadtdaten.core.errors import StadtdatenError
from stadtdaten.core.exitcodes import ExitCode
from stadtdaten.core.files import atomic_write

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
DEFAULT_TIMEOUT = 60.0
MAX_REDIRECTS = 5


class SourceError(StadtdatenError):
    code = "source-fetch-error"
    exit_code = ExitCode.RUNTIME
    template = "Cannot fetch the source {source}: {detail}"
    hint = "Check the URL or path in the pipeline spec, and the limits max_bytes/timeout."


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS


def fetch_source(source: dict[str, Any], folder: Path) -> Path:
    kind = source["type"]
    target = folder / source.get("target", _default_name(source))
    if kind == "file":
        origin = (folder / source["path"]).resolve()
        if not origin.is_file():
            raise SourceError("file not found", source=str(origin))
        if origin != target.resolve():
            tmp = target.with_name(f".{target.name}.tmp")
            shutil.copyfile(origin, tmp)
            tmp.replace(target)
        return target
    if kind in ("http", "ckan"):
        url = source["url"] if kind == "http" else _ckan_resource_url(source)
        atomic_write(target, download(url, source.get("max_bytes", DEFAULT_MAX_BYTES), source.get("timeout", DEFAULT_TIMEOUT)))
        return target
    if kind == "ttn":
        raw = (
            (folder / source["path"]).read_bytes()
            if "path" in source
            else download(source["url"], DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT)
        )
        atomic_write(target, ttn_to_csv(raw))
        return target
    raise SourceError(f"unknown source type {kind!r}", source=str(source))


def _default_name(source: dict[str, Any]) -> str:
    if source["type"] == "ttn":
        return "uplinks.csv"
    tail = str(source.get("path") or source.get("url") or "source").rstrip("/").rsplit("/", 1)[-1]
    return tail.split("?")[0] or "source"


def download(url: str, max_bytes: int, timeout: float) -> bytes:
    """GET ``url`` with a size cap (read in chunks, stop past the cap) and a timeout."""
    if not url.startswith(("http://", "https://")):
        raise SourceError("only http(s) URLs are allowed", source=url)
    opener = urllib.request.build_opener(_LimitedRedirects())
    request = urllib.request.Request(url, headers={"User-Agent": "stadtdaten"})
    try:
        with opener.open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and int(declared) > max_bytes:
                raise SourceError(f"{declared} bytes exceed the limit of {max_bytes}", source=url)
            chunks, size = [], 0
            while chunk := response.read(1 << 16):
                size += len(chunk)
                if size > max_bytes:
                    raise SourceError(f"more than {max_bytes} bytes", source=url)
                chunks.append(chunk)
            return b"".join(chunks)
    except urllib.error.HTTPError as exc:
        raise SourceError(f"HTTP {exc.code} {exc.reason}", source=url) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise SourceError(str(getattr(exc, "reason", exc)), source=url) from exc


def _ckan_resource_url(source: dict[str, Any]) -> str:
    base = source["url"].rstrip("/")
    raw = download(
        f"{base}/api/3/action/resource_show?id={source['resource_id']}", 1 << 20, source.get("timeout", DEFAULT_TIMEOUT)
    )
    try:
        return str(json.loads(raw)["result"]["url"])
    except (KeyError, ValueError) as exc:
        raise SourceError("resource_show gave no URL", source=base) from exc


def _uplinks(raw: bytes) -> list[dict[str, Any]]:
    text = raw.decode("utf-8-sig").strip()
    if not text:
        return []
    if text.startswith("["):
        data = json.loads(text)
        return [d for d in data if isinstance(d, dict)]
    try:
        single = json.loads(text)
        return [single] if isinstance(single, dict) else []
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]


def ttn_to_csv(raw: bytes) -> str:
    """Flatten TTN v3 uplink messages (``{"result": {...}}`` wrappers accepted) to CSV."""
    try:
        messages = _uplinks(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SourceError(f"not TTN uplink JSON: {exc}", source="ttn") from exc
    rows = []
    for wrapped in messages:
        message = wrapped.get("result", wrapped)
        ids = message.get("end_device_ids", {})
        uplink = message.get("uplink_message", {})
        metadata = uplink.get("rx_metadata", []) or []
        best: dict[str, Any] = max(metadata, key=lambda m: m.get("rssi", -999), default={})
        row: dict[str, Any] = {
            "received_at": message.get("received_at") or uplink.get("received_at"),
            "device_id": ids.get("device_id"),
            "dev_eui": ids.get("dev_eui"),
            "f_cnt": uplink.get("f_cnt"),
            "gateways": len(metadata),
            "rssi": best.get("rssi"),
            "snr": best.get("snr"),
        }
        for key, value in (uplink.get("decoded_payload") or {}).items():
            row[f"payload_{key}"] = json.dumps(value) if isinstance(value, dict | list) else value
        rows.append(row)
    columns: list[str] = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
