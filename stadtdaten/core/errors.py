"""Errors that end a command. Each carries a stable code, an exit code and message parameters.

Bad *data* never raises: it becomes a finding in the report. These errors are for situations where
the tool cannot go on (a missing file, an unusable config, a CKAN that refuses the token). The CLI
renders them in the user's language, with the file/row/field and what to do, and never a traceback.
"""

from __future__ import annotations

from typing import Any

from stadtdaten.core.exitcodes import ExitCode


class StadtdatenError(Exception):
    """Base class. Subclasses set ``code``, ``exit_code`` and an English ``template``/``hint``.

    Templates are ``str.format`` strings over ``params``; German texts live in the gettext
    catalogues under the message context ``error:<code>`` (see :mod:`stadtdaten.core.i18n`).
    """

    code = "stadtdaten-error"
    exit_code = ExitCode.RUNTIME
    template = "{detail}"
    hint = ""

    def __init__(self, detail: str = "", *, hint: str | None = None, **params: Any) -> None:
        self.params: dict[str, Any] = {"detail": detail, **params}
        if hint is not None:
            self.hint = hint
        super().__init__(self.render())

    def render(self, translator: Any = None) -> str:
        """The message in the translator's language (English without one)."""
        template = self.template
        if translator is not None:
            template = translator.pgettext(f"error:{self.code}", template)
        try:
            return template.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return f"{template} {self.params}"

    def render_hint(self, translator: Any = None) -> str:
        if not self.hint:
            return ""
        hint = self.hint
        if translator is not None:
            hint = translator.pgettext(f"hint:{self.code}", hint)
        try:
            return hint.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return hint


class UsageError(StadtdatenError):
    code = "usage-error"
    exit_code = ExitCode.USAGE


class ConfigError(StadtdatenError):
    """The project config (``stadtdaten.toml``) or a profile cannot be used."""

    code = "config-error"
    exit_code = ExitCode.USAGE
    template = "Configuration error in {path}: {detail}"
    hint = "Fix the file named above; `stadtdaten init` writes a valid template."


class DescriptorError(StadtdatenError):
    """A dataset descriptor cannot be read or parsed at all (schema violations become findings)."""

    code = "descriptor-error"
    exit_code = ExitCode.USAGE
    template = "Cannot use the dataset descriptor {path}: {detail}"
    hint = "Check the YAML/JSON syntax at the position given; `stadtdaten describe` writes a valid descriptor."


class InputError(StadtdatenError):
    """A file the user named does not exist or cannot be opened."""

    code = "input-error"
    exit_code = ExitCode.RUNTIME
    template = "Cannot read {path}: {detail}"
    hint = "Check that the path exists and is readable."


class EngineError(StadtdatenError):
    code = "engine-error"
    exit_code = ExitCode.RUNTIME


class PublishError(StadtdatenError):
    """CKAN (or another remote) refused or failed. Never contains a token."""

    code = "publish-error"
    exit_code = ExitCode.PUBLISH
    template = "Publishing failed: {detail}"
