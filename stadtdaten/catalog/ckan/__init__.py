"""Publishing to CKAN: ``stadtdaten publish PATH... --ckan URL`` and the ``run`` pipeline's publish stage.

Public API:

* :class:`Publisher` with :class:`PublishOptions`: preflight, prefetch, publish one dataset.
* :class:`CkanClient`: the counting, retrying, token-scrubbing ckanapi wrapper (``client.stats.writes``).
* :func:`publish_dataset`: one call for the pipeline runner.

The token comes from ``CKAN_API_TOKEN`` only and never appears in messages, logs or reports.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from stadtdaten.catalog.ckan.client import CkanClient, TransientCkanError, token_from_env
from stadtdaten.catalog.ckan.publisher import Plan, Publisher, PublishOptions, make_client
from stadtdaten.core.config import ProjectConfig
from stadtdaten.core.dataset import Dataset
from stadtdaten.core.report import DatasetResult

__all__ = [
    "CkanClient",
    "Plan",
    "PublishOptions",
    "Publisher",
    "TransientCkanError",
    "make_client",
    "publish_dataset",
    "token_from_env",
]


def publish_dataset(
    dataset: Dataset,
    result: DatasetResult,
    *,
    url: str,
    config: ProjectConfig,
    extra_files: list[Path] | None = None,
    options: PublishOptions | None = None,
    translator: Any = None,
) -> dict[str, Any]:
    """Publish one validated dataset (``result`` holds its validation findings); returns the actions.

    Publish findings (blocked, not owned, forced) are added to ``result``.
    """
    client = make_client(url, token_from_env())
    publisher = Publisher(client, config, options or PublishOptions(), translator=translator)
    publisher.preflight(need_datastore=False)
    validation = DatasetResult.from_dict(result.to_dict())
    summary = publisher.publish(dataset, validation, result, extra_files)
    summary["calls"] = client.stats.as_dict()
    return summary
