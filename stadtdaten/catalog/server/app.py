"""The HTTP side of ``stadtdaten serve``: routes, content negotiation, files; 127.0.0.1 by default.

Routes::

    /                         catalogue page; ?q= searches (HTML)
    /catalog[.ttl|.rdf|.jsonld|.nt]   the catalogue as DCAT, paged: ?page=N&page_size=M&modified_since=ISO
    /dataset/{id}[.fmt]       a dataset page (HTML) or its DCAT record (by extension or Accept)
    /dataset/{id}/resource/{resource}/download/{file}   the resource file (only files the descriptor lists)
    /healthz                  liveness

Language: ``?lang=de|en``, else ``Accept-Language``, else the server's default.
"""

from __future__ import annotations

import logging
import mimetypes
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from stadtdaten.catalog.local import LocalCatalog
from stadtdaten.catalog.server import pages
from stadtdaten.catalog.server.negotiation import MEDIA_TYPES, negotiate, split_extension
from stadtdaten.catalog.server.service import DEFAULT_PAGE_SIZE, CatalogService
from stadtdaten.core.config import ProjectConfig
from stadtdaten.core.i18n import SUPPORTED, get_translator

log = logging.getLogger("stadtdaten.serve")
SEARCH_MARK = ("\x02", "\x03")


class _Handler(BaseHTTPRequestHandler):
    server: CatalogHTTPServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        log.info("%s %s", self.address_string(), format % args)

    def _language(self, query: dict[str, list[str]]) -> str:
        asked = (query.get("lang") or [""])[0]
        if asked in SUPPORTED:
            return asked
        header = (self.headers.get("Accept-Language") or "").lower()
        for part in header.split(","):
            code = part.split(";")[0].strip()[:2]
            if code in SUPPORTED:
                return code
        return self.server.language

    def _send(self, status: int, body: str | bytes, media: str, extra: dict[str, str] | None = None) -> None:
        raw = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(raw)))
        self.send_header("Vary", "Accept, Accept-Language")
        self.send_header("X-Content-Type-Options", "nosniff")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(raw)

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        try:
            self._route()
        except BrokenPipeError:
            pass
        except Exception:  # a request must never take the server down
            log.exception("request failed: %s", self.path)
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "internal error\n", "text/plain; charset=utf-8")

    def _route(self) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        service = self.server.service
        translator = get_translator(self._language(query))
        path, ext = split_extension(unquote(parts.path))
        path = path.rstrip("/") or "/"
        if path == "/healthz":
            self._send(HTTPStatus.OK, "ok\n", "text/plain; charset=utf-8")
            return
        fmt = ext or negotiate(self.headers.get("Accept"), default="html")
        if path in ("/", "/index"):
            if fmt != "html":
                self._catalog(fmt, query)
                return
            text = (query.get("q") or [""])[0].strip()
            hits = service.catalog.search(text, limit=50, mark=SEARCH_MARK) if text else None
            entries = [] if text else service.catalog.list()
            body = pages.home(translator, service.config.catalog_title, entries, hits, text, translator.language)
            self._send(HTTPStatus.OK, body, MEDIA_TYPES["html"])
            return
        if path == "/catalog":
            self._catalog("ttl" if fmt == "html" else fmt, query)
            return
        segments = [s for s in path.split("/") if s]
        if len(segments) == 2 and segments[0] == "dataset":
            self._dataset(segments[1], fmt, translator)
            return
        if len(segments) >= 6 and segments[0] == "dataset" and segments[2] == "resource" and segments[4] == "download":
            self._download(segments[1], segments[3])
            return
        self._send(HTTPStatus.NOT_FOUND, pages.not_found(translator, path), MEDIA_TYPES["html"])

    def _catalog(self, fmt: str, query: dict[str, list[str]]) -> None:
        try:
            number = int((query.get("page") or ["1"])[0])
            size = int((query.get("page_size") or [str(DEFAULT_PAGE_SIZE)])[0])
        except ValueError:
            self._send(HTTPStatus.BAD_REQUEST, "page and page_size must be whole numbers\n", "text/plain; charset=utf-8")
            return
        since = (query.get("modified_since") or [""])[0] or None
        body = self.server.service.catalog_document(fmt, number, size, since)
        self._send(HTTPStatus.OK, body, MEDIA_TYPES[fmt])

    def _dataset(self, name: str, fmt: str, translator: object) -> None:
        service = self.server.service
        entry = service.catalog.get(name)
        if entry is None:
            t = get_translator(getattr(translator, "language", "de"))
            self._send(HTTPStatus.NOT_FOUND, pages.not_found(t, name), MEDIA_TYPES["html"])
            return
        if fmt != "html":
            self._send(HTTPStatus.OK, service.dataset_document(name, fmt) or "", MEDIA_TYPES[fmt])
            return
        record = service.catalog.latest_report(name)
        report = record.dataset_result if record is not None else None
        body = pages.dataset_page(
            get_translator(getattr(translator, "language", "de")),
            entry,
            report,
            record.timestamp if record is not None else None,
            service.mqa(entry),
        )
        self._send(HTTPStatus.OK, body, MEDIA_TYPES["html"])

    def _download(self, name: str, resource_name: str) -> None:
        entry = self.server.service.catalog.get(name)
        if entry is None or entry.origin != "local":
            self._send(HTTPStatus.NOT_FOUND, "not found\n", "text/plain; charset=utf-8")
            return
        dataset = entry.to_dataset()
        for resource in dataset.resources:
            full = resource.fullpath
            if resource.name == resource_name and full is not None and full.is_file():
                if not _inside(full, dataset.basepath):
                    break
                media = mimetypes.guess_type(full.name)[0] or "application/octet-stream"
                self._send(HTTPStatus.OK, full.read_bytes(), media)
                return
        self._send(HTTPStatus.NOT_FOUND, "not found\n", "text/plain; charset=utf-8")


def _inside(path: Path, base: Path) -> bool:
    try:
        path.resolve().relative_to(base.resolve())
    except ValueError:
        return False
    return True


class CatalogHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], service: CatalogService, language: str = "de") -> None:
        super().__init__(address, _Handler)
        self.service = service
        self.language = language


def make_server(
    location: Path, config: ProjectConfig, host: str = "127.0.0.1", port: int = 8080, language: str = "de"
) -> CatalogHTTPServer:
    """A ready server (port 0 picks a free one); call ``serve_forever`` or use :func:`serve_in_thread`.

    ``location`` is the catalogue folder; each server thread opens its own connection to it.
    """
    LocalCatalog.open(location).close()  # fail now, with a clear error, if the catalogue cannot be opened
    server = CatalogHTTPServer((host, port), CatalogService(location, config, ""), language)
    bound_host, bound_port = server.server_address[:2]
    server.service.public_url = f"http://{bound_host if isinstance(bound_host, str) else host}:{bound_port}"
    return server


def serve_in_thread(server: CatalogHTTPServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, name="stadtdaten-serve", daemon=True)
    thread.start()
    return thread
