"""``stadtdaten serve``: the local catalogue over HTTP (DCAT endpoint + human-readable pages), 127.0.0.1 by default."""

from __future__ import annotations

from pathlib import Path

import click

from stadtdaten.cli import AppContext
from stadtdaten.core.config import load_config


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True)
@click.option("--catalog", "catalog_dir", type=click.Path(file_okay=False, path_type=Path), envvar="STADTDATEN_CATALOG")
@click.option("--base-uri", help="Base URI for DCAT IRIs (default: the project config's base_uri).")
@click.pass_obj
def command(app: AppContext, host: str, port: int, catalog_dir: Path | None, base_uri: str | None) -> None:
    """Serve /catalog.{ttl,rdf,jsonld} (paged), /dataset/{id}.{fmt} and the catalogue pages."""
    from stadtdaten.catalog.server.app import make_server

    config = load_config(app.config_path).with_overrides(base_uri=base_uri)
    server = make_server(catalog_dir or config.catalog_path, config, host, port, app.language)
    click.echo(app.translator.pgettext("server", "Serving {url} (Ctrl+C stops)").format(url=server.service.public_url), err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
