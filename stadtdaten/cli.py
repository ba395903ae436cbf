"""The ``stadtdaten`` command line: a thin click layer, one module per command in ``stadtdaten.commands``.

Commands are imported lazily so that ``stadtdaten --help`` and the fast pre-commit hook do not pay for
rdflib, pyshacl or polars. ``main`` is the only place that turns exceptions into exit codes: a
:class:`~stadtdaten.core.errors.StadtdatenError` becomes its message (in the user's language) and its
documented exit code; anything else becomes exit 3 with a short note, and a traceback only with ``--debug``.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from pathlib import Path
from typing import Any

import click

from stadtdaten import __version__
from stadtdaten.core.errors import StadtdatenError
from stadtdaten.core.exitcodes import ExitCode
from stadtdaten.core.i18n import SUPPORTED, choose_language, get_translator

# name -> "module:attribute"; each module holds exactly one click command or group.
COMMANDS: dict[str, str] = {
    "describe": "stadtdaten.commands.describe:command",
    "validate": "stadtdaten.commands.validate:command",
    "catalog": "stadtdaten.commands.catalog:command",
    "schemas": "stadtdaten.commands.schemas:command",
    "rules": "stadtdaten.commands.rules:command",
    "report": "stadtdaten.commands.report:command",
    "dcat": "stadtdaten.commands.dcat:command",
    "serve": "stadtdaten.commands.serve:command",
    "harvest": "stadtdaten.commands.harvest:command",
    "publish": "stadtdaten.commands.publish:command",
    "run": "stadtdaten.commands.run:command",
    "init": "stadtdaten.commands.init:command",
    "demo": "stadtdaten.commands.demo:command",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported only when used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if self._available(name))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                return None
            raise
        command = getattr(module, attribute)
        assert isinstance(command, click.Command)
        return command

    @staticmethod
    def _available(name: str) -> bool:
        module_name = COMMANDS[name].split(":")[0]
        return importlib.util.find_spec(module_name) is not None


class AppContext:
    """What every command gets: language, translator, config location, progress and debug switches."""

    def __init__(self, lang: str | None, config: Path | None, progress: bool, debug: bool) -> None:
        self.language = choose_language(lang)
        self.translator = get_translator(self.language)
        self.config_path = config
        self.progress = progress and not os.environ.get("CI") and sys.stderr.isatty()
        self.debug = debug

    def _(self, text: str) -> str:
        return self.translator.gettext(text)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="stadtdaten")
@click.option("--lang", type=click.Choice(SUPPORTED), help="Language of messages (default: the locale, else de).")
@click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Project config (default: the nearest stadtdaten.toml).",
)
@click.option("--no-progress", is_flag=True, help="No progress bars (automatic when stderr is not a terminal or CI=true).")
@click.option("--debug", is_flag=True, envvar="STADTDATEN_DEBUG", help="Show tracebacks of internal errors.")
@click.pass_context
def cli(ctx: click.Context, lang: str | None, config: Path | None, no_progress: bool, debug: bool) -> None:
    """stadtdaten: validate, describe (DCAT-AP.de) and publish a city's open data.

    Exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage or configuration error,
    3 runtime error, 4 publish failure.
    """
    ctx.obj = AppContext(lang, config, not no_progress, debug)


def _language_from_argv(argv: list[str]) -> str | None:
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI and map every outcome to a documented exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or bool(os.environ.get("STADTDATEN_DEBUG"))
    try:
        code = cli.main(args=args, prog_name="stadtdaten", standalone_mode=False)
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.ClickException as exc:
        exc.show()
        code = ExitCode.USAGE
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        code = 130
    except StadtdatenError as exc:
        _show_error(exc, args)
        if debug:
            raise
        code = exc.exit_code
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        code = 130
    except BrokenPipeError:
        code = ExitCode.OK
    except Exception as exc:
        if debug:
            raise
        translator = get_translator(choose_language(_language_from_argv(args)))
        label = translator.pgettext("cli", "Internal error")
        hint = translator.pgettext(
            "cli", "This is a bug in stadtdaten. Run again with --debug and report the traceback."
        )
        click.echo(f"{label}: {type(exc).__name__}: {exc}\n{hint}", err=True)
        code = ExitCode.RUNTIME
    sys.exit(int(code or 0))


def _show_error(exc: StadtdatenError, args: list[str]) -> None:
    translator = get_translator(choose_language(_language_from_argv(args)))
    label = translator.pgettext("cli", "Error")
    click.echo(f"{label} [{exc.code}]: {exc.render(translator)}", err=True)
    hint = exc.render_hint(translator)
    if hint:
        click.echo(f"{translator.pgettext('cli', 'What to do')}: {hint}", err=True)


def run_cli(argv: list[str]) -> Any:
    """For tests: run without ``sys.exit``; returns the exit code."""
    try:
        main(argv)
    except SystemExit as exc:
        return exc.code
    return 0


if __name__ == "__main__":  # pragma: no cover
    main()
