"""The embedded local catalogue: where datasets live by default (one SQLite file, no server).

Public API (stable; other components and the CLI use only this)::

    from stadtdaten.catalog.local import LocalCatalog

    catalog = LocalCatalog.open()                      # STADTDATEN_CATALOG, else config, else ./.stadtdaten
    entry = catalog.upsert_dataset(dataset)            # idempotent: same content hash -> no write
    catalog.upsert_dataset(ds, origin="harvested", source_url="https://...")
    catalog.get("stadtbaeume") / catalog.require("stadtbaeume") / catalog.list(origin=..., modified_since=...)
    catalog.search("bäume", limit=20)                  # -> [SearchHit], bm25, German folding, snippets
    catalog.add_report(report)                         # history: one row per dataset and run
    catalog.latest_report(name) / reports(name, limit) / trend(name) / trends() / latest_reports()
    catalog.needs_run(name, "validate", h) / record_stage(name, "validate", h, output)
    catalog.put_extra(name, "dcat.ttl", turtle) / get_extra(name, "mqa")
    with catalog.batch(): ...                          # many writes, one transaction

Design notes (schema, search, concurrency guarantees, numbers): ``docs/dev/catalog.md``.
"""

from stadtdaten.catalog.local.errors import (
    CatalogBusyError,
    CatalogConflictError,
    CatalogError,
    CatalogProtectedError,
    CatalogVersionError,
    UnknownDatasetError,
)
from stadtdaten.catalog.local.migrations import SCHEMA_VERSION
from stadtdaten.catalog.local.models import (
    CatalogEntry,
    Extra,
    ReportRecord,
    ReportTrend,
    ResourceEntry,
    SearchHit,
    StageState,
)
from stadtdaten.catalog.local.paths import ENV_VAR, FILENAME, catalog_dir, catalog_file
from stadtdaten.catalog.local.store import LocalCatalog

__all__ = [
    "ENV_VAR",
    "FILENAME",
    "SCHEMA_VERSION",
    "CatalogBusyError",
    "CatalogConflictError",
    "CatalogEntry",
    "CatalogError",
    "CatalogProtectedError",
    "CatalogVersionError",
    "Extra",
    "LocalCatalog",
    "ReportRecord",
    "ReportTrend",
    "ResourceEntry",
    "SearchHit",
    "StageState",
    "UnknownDatasetError",
    "catalog_dir",
    "catalog_file",
]
