"""The checks: structure, Table Schema, quality rules and the Leitlinie Datensouveränität rules.

Each check reports findings under a stable code (see :mod:`stadtdaten.core.findings`)."""
