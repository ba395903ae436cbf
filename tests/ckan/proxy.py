"""A small loopback HTTP proxy in front of the CKAN test stack, for failure injection.

``FaultProxy(target).start()`` listens on 127.0.0.1 (a free port) and forwards every request to the
target. A ``policy(n, method, path)`` decides per request (n counts from 1): ``"pass"``, ``"fail-before"``
(answer 502 without forwarding: CKAN never sees it), ``"fail-after"`` (forward, then answer 502: CKAN
did the work but the client is told it failed) or ``"delay"`` (forward after ``delay`` seconds).
``rewrite(path, body) -> body`` may change answers (e.g. hide the DataStore in ``status_show``).
"""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

Policy = Callable[[int, str, str], str]


class FaultProxy:
    def __init__(self, target: str, policy: Policy | None = None, delay: float = 0.0,
                 rewrite: Callable[[str, bytes], bytes] | None = None) -> None:
        parts = urlsplit(target)
        assert parts.hostname in ("127.0.0.1", "localhost"), "loopback targets only"
        self.host, self.port = parts.hostname, parts.port or 80
        self.policy = policy or (lambda n, method, path: "pass")
        self.delay = delay
        self.rewrite = rewrite
        self.count = 0
        self.injected = 0
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with proxy._lock:
                    proxy.count += 1
                    n = proxy.count
                decision = proxy.policy(n, self.command, self.path)
                if decision == "fail-before":
                    proxy.injected += 1
                    return self._send(502, b"<html>Bad Gateway (injected)</html>", "text/html")
                if decision == "delay":
                    time.sleep(proxy.delay)
                conn = http.client.HTTPConnection(proxy.host, proxy.port, timeout=120)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
                conn.request(self.command, self.path, body=body or None, headers=headers)
                response = conn.getresponse()
                data = response.read()
                ctype = response.getheader("Content-Type", "application/octet-stream")
                conn.close()
                if decision == "fail-after":
                    proxy.injected += 1
                    return self._send(502, b"<html>Bad Gateway (injected after forwarding)</html>", "text/html")
                if proxy.rewrite is not None:
                    data = proxy.rewrite(self.path, data)
                return self._send(response.status, data, ctype)

            def _send(self, status: int, data: bytes, ctype: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = _handle
            do_POST = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> FaultProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
