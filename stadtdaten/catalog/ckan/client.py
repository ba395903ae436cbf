"""A thin, counting, retrying wrapper around :class:`ckanapi.RemoteCKAN`.

Why a wrapper: the publisher must be able to prove that a re-publish of unchanged data wrote nothing
(``writes == 0``), must retry transient failures (5xx, timeouts, dropped connections) with backoff, must
stream large uploads with a timeout (ckanapi hands ``files=`` to requests, which builds the whole multipart
body in memory), and must never let the API token leak into a message, a log line or a report.

Reads are retried here. A write that failed transiently is *not* blindly repeated (CKAN may have applied
it before the connection broke); it raises :class:`TransientCkanError` and the publisher re-reads the
portal and reconciles again, which is what makes a retry (or a re-run after a kill) duplicate-free.
"""

from __future__ import annotations

import logging
import mimetypes
import os
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from stadtdaten.core.errors import ConfigError, PublishError

log = logging.getLogger("stadtdaten.ckan")

TOKEN_ENV = "CKAN_API_TOKEN"
USER_AGENT = "stadtdaten-publish"

READ_ACTIONS = frozenset(
    {
        "status_show",
        "user_show",
        "package_show",
        "package_search",
        "organization_show",
        "organization_list_for_user",
        "resource_show",
        "datastore_info",
        "datastore_search",
        "scheming_dataset_schema_show",
        "license_list",
    }
)


IDEMPOTENT_WRITES = frozenset({"package_revise", "resource_patch", "datastore_delete"})
"""Writes that may be repeated as they are: the same call twice leaves the same state."""


class TransientCkanError(PublishError):
    """A 5xx answer, a timeout or a dropped connection: worth another attempt."""

    code = "ckan-transient"
    template = "CKAN did not answer {action} properly: {detail}"
    hint = "The portal may be overloaded or restarting; run the command again later."


@dataclass
class CallStats:
    reads: int = 0
    writes: int = 0
    retries: int = 0
    failed: int = 0
    """Calls that raised (any error); ``writes - failed_writes`` is what CKAN confirmed."""
    failed_writes: int = 0
    by_action: Counter[str] = field(default_factory=Counter)
    seconds: dict[str, float] = field(default_factory=dict)
    """Wall time per action, retries and backoff included: where a slow publish spends its time."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "reads": self.reads,
            "writes": self.writes,
            "retries": self.retries,
            "failed": self.failed,
            "by_action": dict(self.by_action),
            "seconds": {k: round(v, 3) for k, v in sorted(self.seconds.items())},
        }

    @property
    def confirmed_writes(self) -> int:
        return self.writes - self.failed_writes


def token_from_env(environ: dict[str, str] | None = None) -> str | None:
    """The API token, from ``CKAN_API_TOKEN`` only (never from a file the user might commit)."""
    value = (environ if environ is not None else os.environ).get(TOKEN_ENV, "").strip()
    return value or None


def check_url(url: str) -> str:
    """A usable CKAN base URL, or a :class:`ConfigError` (exit 2) naming what is wrong."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise BadCkanUrl(url=url)
    return url.strip().rstrip("/")


class CkanClient:
    """Every call to CKAN goes through :meth:`call` (or :meth:`upload`): counted, retried, scrubbed."""

    def __init__(
        self,
        url: str,
        token: str | None,
        *,
        timeout: float = 60.0,
        upload_timeout: float = 600.0,
        retries: int = 4,
        backoff: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        import ckanapi

        self.url = check_url(url)
        self._token = token
        self.timeout = timeout
        self.upload_timeout = upload_timeout
        self.retries = retries
        self.backoff = backoff
        self._sleep = sleep
        self.stats = CallStats()
        self._remote = ckanapi.RemoteCKAN(self.url, apikey=token, user_agent=USER_AGENT)

    # -- public -----------------------------------------------------------------------------------

    def call(self, action: str, **data: Any) -> Any:
        """Call ``action``; reads are retried with backoff, writes raise :class:`TransientCkanError`."""
        started = time.monotonic()
        try:
            return self._call(action, data)
        finally:
            self.stats.seconds[action] = self.stats.seconds.get(action, 0.0) + time.monotonic() - started

    def _call(self, action: str, data: dict[str, Any]) -> Any:
        is_read = action in READ_ACTIONS
        repeatable = is_read or action in IDEMPOTENT_WRITES
        attempt = 0
        while True:
            self._count(action, is_read)
            try:
                return self._remote.call_action(action, data, requests_kwargs={"timeout": self.timeout})
            except Exception as exc:
                self._failed(is_read)
                transient = self._transient(exc)
                if transient is None:
                    raise self._translate(action, exc) from None
                if not repeatable or attempt >= self.retries:
                    raise TransientCkanError(self.scrub(transient), action=action) from None
                attempt += 1
                self.stats.retries += 1
                delay = min(self.backoff * (2 ** (attempt - 1)), 30.0)
                log.info("CKAN %s: %s; retry %d in %.1fs", action, self.scrub(transient), attempt, delay)
                self._sleep(delay)

    def upload(self, action: str, path: Path, data: dict[str, Any], filename: str | None = None) -> Any:
        """``resource_create``/``resource_patch`` with the file streamed from disk (multipart, Content-Length)."""
        started = time.monotonic()
        try:
            return self._upload(action, path, data, filename)
        finally:
            self.stats.seconds[action] = self.stats.seconds.get(action, 0.0) + time.monotonic() - started

    def _upload(self, action: str, path: Path, data: dict[str, Any], filename: str | None) -> Any:
        from ckanapi.common import reverse_apicontroller_action

        self._count(action, False)
        body = MultipartStream(data, "upload", path, filename or path.name)
        headers = {"Content-Type": body.content_type, "User-Agent": USER_AGENT}
        if self._token:
            headers["Authorization"] = self._token
        url = f"{self.url}/api/3/action/{action}"
        session = self._session()
        try:
            response = session.post(
                url, data=body, headers=headers, timeout=(min(self.timeout, 30.0), self.upload_timeout), allow_redirects=False
            )
        except Exception as exc:
            self._failed(False)
            transient = self._transient(exc)
            if transient is None:
                raise self._translate(action, exc) from None
            raise TransientCkanError(self.scrub(transient), action=action) from None
        finally:
            body.close()
        if response.status_code >= 500:
            self._failed(False)
            raise TransientCkanError(f"HTTP {response.status_code}", action=action)
        try:
            return reverse_apicontroller_action(url, response.status_code, response.text)
        except Exception as exc:
            self._failed(False)
            raise self._translate(action, exc) from None

    def scrub(self, text: str) -> str:
        """Remove the token from any text (belt and braces: CKAN never echoes it, but proxies might)."""
        if self._token and self._token in text:
            text = text.replace(self._token, "***")
        return text

    # -- internals --------------------------------------------------------------------------------

    def _session(self) -> Any:
        import requests

        if self._remote.session is None:
            self._remote.session = requests.Session()
        return self._remote.session

    def _count(self, action: str, is_read: bool) -> None:
        self.stats.by_action[action] += 1
        if is_read:
            self.stats.reads += 1
        else:
            self.stats.writes += 1

    def _failed(self, is_read: bool) -> None:
        self.stats.failed += 1
        if not is_read:
            self.stats.failed_writes += 1

    @staticmethod
    def _transient(exc: Exception) -> str | None:
        """A short description when ``exc`` is worth retrying, else None."""
        import requests
        from ckanapi.errors import CKANAPIError, ServerIncompatibleError

        if isinstance(exc, requests.Timeout):
            return "timed out"
        if isinstance(exc, requests.ConnectionError):
            return "connection failed"
        if isinstance(exc, ServerIncompatibleError | CKANAPIError) and not _is_typed_ckan_error(exc):
            status = _status_of(exc)
            if status is not None and status >= 500:
                return f"HTTP {status}"
        return None

    def _translate(self, action: str, exc: Exception) -> PublishError:
        """Map ckanapi/requests errors to a :class:`PublishError` without the token and without a traceback."""
        import requests
        from ckanapi.errors import NotAuthorized, NotFound, ValidationError

        if isinstance(exc, NotAuthorized):
            return CkanPermissionError(action=action, detail=self.scrub(_error_text(exc)))
        if isinstance(exc, NotFound):
            return CkanNotFound(action=action, detail=self.scrub(_error_text(exc)))
        if isinstance(exc, ValidationError):
            return CkanValidationError(action=action, detail=self.scrub(_error_text(exc)))
        if isinstance(exc, requests.RequestException):
            return CkanUnreachable(url=self.url, detail=self.scrub(type(exc).__name__))
        status = _status_of(exc)
        if status == 404:
            return CkanUnreachable(url=self.url, detail=f"{action}: HTTP 404, this does not look like a CKAN API")
        return PublishError(self.scrub(f"{action}: {_error_text(exc)}"[:500]))


class CkanPermissionError(PublishError):
    code = "ckan-not-authorized"
    template = "CKAN refused {action}: {detail}"
    hint = "The token's user lacks the right for this; ask a CKAN sysadmin to make it an editor of the organisation."


class CkanNotFound(PublishError):
    code = "ckan-not-found"
    template = "CKAN found nothing for {action}: {detail}"


class CkanValidationError(PublishError):
    code = "ckan-validation"
    template = "CKAN rejected {action}: {detail}"
    hint = "The portal's dataset schema does not accept a value stadtdaten sent; see the field named above."


class CkanUnreachable(PublishError):
    code = "ckan-unreachable"
    template = "Cannot use the CKAN site at {url}: {detail}"
    hint = "Check the --ckan URL (the portal's base URL) and that the portal is up."


class CkanBadToken(PublishError):
    code = "ckan-bad-token"
    template = "CKAN at {url} does not accept the API token in CKAN_API_TOKEN (unknown, expired or revoked)"
    hint = "Create a new API token in your CKAN user profile and set CKAN_API_TOKEN to it."


class CkanNoDatastore(PublishError):
    code = "ckan-no-datastore"
    template = "The CKAN site at {url} has no DataStore (extensions: {extensions})"
    hint = "Ask the portal team to enable the datastore plugin, or publish with --no-datastore."


class MissingToken(ConfigError):
    code = "ckan-no-token"
    template = "No CKAN API token: set the environment variable CKAN_API_TOKEN"
    hint = "Create an API token in your CKAN user profile; never put it in stadtdaten.toml."


class BadCkanUrl(ConfigError):
    code = "ckan-bad-url"
    template = "'{url}' is not an http(s) URL of a CKAN site"
    hint = "Give the portal's base URL, e.g. https://open.bielefeld.de (no /api/3 suffix)."


def _is_typed_ckan_error(exc: Exception) -> bool:
    from ckanapi.errors import NotAuthorized, NotFound, SearchError, SearchIndexError, SearchQueryError, ValidationError

    return isinstance(exc, NotAuthorized | NotFound | ValidationError | SearchError | SearchQueryError | SearchIndexError)


def _status_of(exc: Exception) -> int | None:
    """ckanapi puts ``[url, status, body]`` into the message of untyped errors."""
    import ast

    text = str(exc.args[0]) if exc.args else ""
    try:
        parsed = ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    if isinstance(parsed, list) and len(parsed) >= 2 and isinstance(parsed[1], int):
        return parsed[1]
    return None


def _error_text(exc: Exception) -> str:
    arg = exc.args[0] if exc.args else exc
    if isinstance(arg, dict):
        parts = []
        for key, value in arg.items():
            if key in ("__type",):
                continue
            parts.append(f"{key}: {value}")
        return "; ".join(parts) or str(arg)
    return str(arg)[:500]


class MultipartStream:
    """A ``multipart/form-data`` body read piece by piece: form fields, then the file, then the end.

    requests streams a file-like body with a known length (``__len__``) without loading it, so a
    100 MB upload costs 64 KiB of memory.
    """

    def __init__(self, fields: dict[str, Any], file_field: str, path: Path, filename: str) -> None:
        self.boundary = "stadtdaten-" + uuid.uuid4().hex
        self.content_type = f"multipart/form-data; boundary={self.boundary}"
        head = bytearray()
        for key, value in fields.items():
            if value is None:
                continue
            text = value if isinstance(value, str) else _form_value(value)
            head += f'--{self.boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'.encode()
            head += text.encode() + b"\r\n"
        ctype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        safe_name = filename.replace('"', "_").replace("\r", "_").replace("\n", "_")
        head += (
            f'--{self.boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{safe_name}"\r\n'
            f"Content-Type: {ctype}\r\n\r\n"
        ).encode()
        tail = f"\r\n--{self.boundary}--\r\n".encode()
        self._size = len(head) + path.stat().st_size + len(tail)
        self._parts: Iterator[bytes | IO[bytes]] = iter([bytes(head), path.open("rb"), tail])
        self._current: bytes | IO[bytes] | None = next(self._parts)
        self._opened: list[IO[bytes]] = []

    def __len__(self) -> int:
        return self._size

    def read(self, size: int = -1) -> bytes:
        out = bytearray()
        want = size if size and size > 0 else 1 << 62
        while self._current is not None and len(out) < want:
            if isinstance(self._current, bytes):
                take = self._current[: want - len(out)]
                out += take
                rest = self._current[len(take) :]
                if rest:
                    self._current = rest
                    continue
            else:
                self._opened.append(self._current)
                chunk = self._current.read(min(want - len(out), 1 << 16))
                if chunk:
                    out += chunk
                    continue
                self._current.close()
            self._current = next(self._parts, None)
        return bytes(out)

    def close(self) -> None:
        for handle in self._opened:
            handle.close()
        for part in self._parts:
            if not isinstance(part, bytes):
                part.close()


def _form_value(value: Any) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)
