"""Errors of the embedded catalogue. Each names the catalogue file and what to do (German in ``catalog.po``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from stadtdaten.core.errors import StadtdatenError
from stadtdaten.core.exitcodes import ExitCode


class CatalogError(StadtdatenError):
    """The catalogue file cannot be used (not a database, unreadable, disk full)."""

    code = "catalog-error"
    exit_code = ExitCode.RUNTIME
    template = "The catalogue {path} cannot be used: {detail}"
    hint = "Check the file and its folder permissions; pass --catalog DIR or set STADTDATEN_CATALOG to use another one."


class CatalogBusyError(CatalogError):
    """Another process held the write lock for longer than the busy timeout."""

    code = "catalog-busy"
    template = "The catalogue {path} stayed locked by another process for {seconds} s"
    hint = "Wait for the other stadtdaten run to finish, or raise the timeout with STADTDATEN_CATALOG_TIMEOUT (seconds)."


class CatalogVersionError(CatalogError):
    """The file was written by a newer stadtdaten whose schema this version does not know."""

    code = "catalog-version"
    exit_code = ExitCode.USAGE
    template = "The catalogue {path} has schema version {found}; this stadtdaten knows up to version {known}"
    hint = "Upgrade stadtdaten, or point --catalog at another folder."


class UnknownDatasetError(StadtdatenError):
    """A command named a dataset that is not in the catalogue (exit 2, with close matches as the hint)."""

    code = "catalog-unknown-dataset"
    exit_code = ExitCode.USAGE
    template = "There is no dataset '{name}' in the catalogue {path}"
    hint = "`stadtdaten catalog list` shows every dataset; `stadtdaten catalog add PATH` registers one."

    def __init__(self, name: str, path: str, suggestions: Sequence[str] = ()) -> None:
        self.suggestions = list(suggestions)
        hint = UnknownDatasetError.hint
        params: dict[str, Any] = {"name": name, "path": path, "suggestions": ", ".join(self.suggestions)}
        if self.suggestions:
            hint = "Did you mean: {suggestions}? " + hint
        super().__init__("", hint=hint, **params)


class CatalogConflictError(StadtdatenError):
    """A write would silently replace a dataset that came from somewhere else."""

    code = "catalog-conflict"
    exit_code = ExitCode.USAGE
    template = "The dataset '{name}' is already in the catalogue from {existing}; refusing to replace it with {incoming}"
    hint = "Give one of the datasets another 'name' in its descriptor, or remove the old entry with `stadtdaten catalog remove`."


class CatalogProtectedError(StadtdatenError):
    """``remove`` of a dataset the catalogue did not create itself (a harvested one)."""

    code = "catalog-protected"
    exit_code = ExitCode.USAGE
    template = "The dataset '{name}' was harvested from {source}; it is not removed as a local dataset"
    hint = "The next harvest of its source keeps it in step; pass --harvested to remove it anyway."
