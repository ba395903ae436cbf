"""Development sessions. The README's two commands are ``nox -s demo`` and ``nox -s tests``.

``tests`` runs lint (ruff), types (mypy) and the whole pytest suite, with the real CKAN stack brought up
by ``scripts/ckan-stack/up.sh`` (the ``ckan_up`` session does only that). Sessions use uv when present.
"""

from __future__ import annotations

import os
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["tests"]

ROOT = Path(__file__).parent
LINTED = [p for p in ("stadtdaten", "tests", "benchmarks", "noxfile.py") if (ROOT / p).exists()]


@nox.session
def demo(session: nox.Session) -> None:
    """Install stadtdaten and run the main job on the bundled Bielefeld example (embedded catalogue)."""
    session.install("-e", ".")
    session.run("stadtdaten", "demo", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    session.install("ruff>=0.6")
    session.run("ruff", "check", *LINTED)


@nox.session
def typecheck(session: nox.Session) -> None:
    session.install("-e", ".[test]")
    session.run("mypy")


@nox.session
def ckan_up(session: nox.Session) -> None:
    """Bring up the real CKAN test stack on loopback (idempotent); prints CKAN_URL."""
    session.run("bash", "scripts/ckan-stack/up.sh", external=True)


@nox.session
def ckan_down(session: nox.Session) -> None:
    session.run("bash", "scripts/ckan-stack/down.sh", *session.posargs, external=True)


@nox.session
def tests(session: nox.Session) -> None:
    """ruff + mypy + the whole pytest suite (CKAN tests against the real stack when it can start)."""
    session.install("-e", ".[test]")
    session.run("ruff", "check", *LINTED)
    session.run("mypy")
    env = {}
    up = ROOT / "scripts" / "ckan-stack" / "up.sh"
    if up.exists() and os.environ.get("STADTDATEN_CKAN", "on") != "off":
        session.run("bash", str(up), external=True)
        env_file = Path(os.environ.get("CKAN_STACK_DIR", "/tmp/stadtdaten-ckan")) / "state" / "env.sh"
        env["STADTDATEN_CKAN_ENV"] = str(env_file)
    session.run("pytest", "-n", os.environ.get("PYTEST_WORKERS", "2"), *session.posargs, env=env)


@nox.session
def bench(session: nox.Session) -> None:
    """Speed and memory, side by side with frictionless, Great Expectations and the raw parse."""
    session.install("-e", ".[test]")
    session.run("python", "benchmarks/run.py", *session.posargs)
