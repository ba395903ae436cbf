"""stadtdaten: a city's datasets from raw files to a findable, trustworthy, AI-ready open-data catalogue.

Layers (imports point one way only, enforced by ``tests/test_architecture.py``)::

    cli / commands -> pipelines -> quality | dcat | catalog -> schemas -> core

``core`` holds the two types that carry everything between the components: the
:class:`~stadtdaten.core.dataset.Dataset` and the :class:`~stadtdaten.core.report.Report`.
"""

__version__ = "0.1.0"
