"""Fixtures for the dcat tests: example datasets, emitted graphs, official shapes (parsed once per session),
and a loopback HTTP server that serves the example files under the emitted download URLs."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
import rdflib

from stadtdaten.core.config import ProjectConfig, load_config
from stadtdaten.core.dataset import Dataset, find_datasets, load_dataset
from tests.conftest import EXAMPLES, SHARED

FIXTURES = Path(__file__).parent / "fixtures"
REFERENCE = SHARED / "reference"


def example_datasets() -> list[Dataset]:
    """The bundled Bielefeld examples (when present) and our own fixtures."""
    folders = find_datasets(EXAMPLES) if EXAMPLES.is_dir() else []
    folders += find_datasets(FIXTURES)
    return [load_dataset(folder) for folder in folders]


def example_config(base_uri: str | None = None) -> ProjectConfig:
    config = load_config(EXAMPLES / "stadtdaten.toml") if (EXAMPLES / "stadtdaten.toml").is_file() else ProjectConfig()
    return config.with_overrides(base_uri=base_uri)


@pytest.fixture(scope="session")
def datasets() -> list[Dataset]:
    found = example_datasets()
    assert found, "no example datasets"
    return found


@pytest.fixture(scope="session")
def config() -> ProjectConfig:
    return example_config()


@pytest.fixture(scope="session")
def catalog(datasets: list[Dataset], config: ProjectConfig) -> rdflib.Graph:
    from stadtdaten.dcat import catalog_graph

    return catalog_graph(datasets, config)


def _load(*parts: str) -> rdflib.Graph:
    path = REFERENCE.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (../shared is present in CI, not in a fresh clone)")
    return rdflib.Graph().parse(path)


@pytest.fixture(scope="session")
def official_de_shapes() -> rdflib.Graph:
    return _load("dcat-ap-de", "bundle-dcat-ap-de-3.0-spec.shapes.ttl")


@pytest.fixture(scope="session")
def official_konventionen() -> rdflib.Graph:
    return _load("dcat-ap-de", "v2.0", "dcat-ap-konventionen.ttl")


@pytest.fixture(scope="session")
def official_vocabulary() -> rdflib.Graph:
    return _load("dcat-ap-de", "bundle-offline-vocabularies.ttl")


@pytest.fixture(scope="session")
def eu_shapes() -> rdflib.Graph:
    return _load("dcat-ap", "3.0.0", "dcat-ap-SHACL.ttl")


class _FileServer(http.server.ThreadingHTTPServer):
    files: dict[str, Path]


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _FileServer

    def _file(self) -> Path | None:
        return self.server.files.get(unquote(self.path.split("?", 1)[0]))

    def do_HEAD(self) -> None:
        path = self._file()
        if path is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(path.stat().st_size))
        self.end_headers()

    def do_GET(self) -> None:
        path = self._file()
        if path is None:
            self.send_error(404)
            return
        data = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def file_server() -> Iterator[tuple[str, _FileServer]]:
    """A 127.0.0.1 server; register files with ``server.files[url_path] = file``."""
    server = _FileServer(("127.0.0.1", 0), _Handler)
    server.files = {}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def loopback_catalog(datasets: list[Dataset], file_server: tuple[str, _FileServer]) -> rdflib.Graph:
    """The examples emitted with a loopback base URI, every download URL served by ``file_server``."""
    from stadtdaten.dcat import catalog_graph, download_url

    base, server = file_server
    config = example_config(base)
    for dataset in datasets:
        for resource in dataset.resources:
            url = download_url(dataset, resource, config)
            if url and url.startswith(base) and resource.fullpath is not None:
                server.files[unquote(url[len(base) - 1 :])] = resource.fullpath
    return catalog_graph(datasets, config)
