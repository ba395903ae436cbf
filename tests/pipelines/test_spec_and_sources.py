"""Pipeline specs are checked by their JSON Schema; sources respect size and time limits (loopback only)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from stadtdaten.pipelines.sources import SourceError, fetch_source, ttn_to_csv
from stadtdaten.pipelines.spec import PipelineSpecError, load_spec, spec_for


def test_spec_errors_name_the_pointer(tmp_path: Path) -> None:
    path = tmp_path / "stadtdaten-pipeline.yaml"
    path.write_text("version: 1\ndatasets:\n  - path: a\n    steps: [validate, fly]\n")
    with pytest.raises(PipelineSpecError) as info:
        load_spec(path)
    assert "/datasets/0/steps/1" in str(info.value)


def test_folder_without_spec_runs_every_dataset(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "datapackage.yaml").write_text(f"name: {name}\nresources: [{{name: x, path: x.csv}}]\n")
    spec = spec_for(tmp_path)
    assert [d.path.name for d in spec.datasets] == ["a", "b"]
    assert spec_for(tmp_path, ("validate",)).datasets[0].steps == ("validate",)


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"a,b\n1,2\n" if self.path == "/small.csv" else b"x" * 100_000
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_http_source_downloads_atomically(server: str, tmp_path: Path) -> None:
    path = fetch_source({"type": "http", "url": f"{server}/small.csv"}, tmp_path)
    assert path.read_text() == "a,b\n1,2\n"


def test_http_source_size_limit(server: str, tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="limit"):
        fetch_source({"type": "http", "url": f"{server}/big.csv", "max_bytes": 1000, "target": "big.csv"}, tmp_path)
    assert not (tmp_path / "big.csv").exists()


def test_ttn_export_flattens_real_message(tmp_path: Path) -> None:
    from conftest import shared_path

    raw = shared_path("realdata", "bielefeld-lorawan-ttn", "dragino_ttn_payload.json").read_bytes()
    text = ttn_to_csv(raw)
    header, row = text.splitlines()[:2]
    assert "dev_eui" in header and "payload_temp_SOIL" in header
    assert "DEADBEEFC00FFEE0" in row
