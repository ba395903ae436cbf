"""A small progress display for long work (many datasets, large files), on stderr only.

Off when stderr is not a terminal, under ``CI=true``, with ``--json`` or ``--no-progress``, or when
``TERM=dumb``: progress output must never mix into machine-readable stdout or CI logs. Disabled, the
helper keeps the same API and does nothing, so callers never branch.

Usage (the pipeline knows the total and advances once per item)::

    with progress(ui_label, total=len(paths), enabled=app.progress) as bar:
        for path in paths:
            ...
            bar.advance(description=str(path))

The object is also callable with one string (``bar("file.csv")`` advances by one), which matches the
validate pipeline's ``ProgressHook``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from types import TracebackType
from typing import IO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

_TRUE = ("1", "true", "yes", "on")


def progress_enabled(
    *,
    json_output: bool = False,
    no_progress: bool = False,
    stream: IO[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> bool:
    """Whether a progress display may be shown: only for a person watching a terminal."""
    env = os.environ if environ is None else environ
    if json_output or no_progress:
        return False
    if env.get("CI", "").lower() in _TRUE or env.get("TERM") == "dumb":
        return False
    target = stream if stream is not None else sys.stderr
    isatty = getattr(target, "isatty", None)
    return bool(isatty and isatty())


class ProgressReporter:
    """A rich progress bar on stderr, or nothing at all when disabled."""

    def __init__(
        self, description: str, total: int | None = None, *, enabled: bool | None = None, stream: IO[str] | None = None
    ) -> None:
        self.description = description
        self.total = total
        self.completed = 0
        stream = stream if stream is not None else sys.stderr
        self.enabled = progress_enabled(stream=stream) if enabled is None else enabled
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        if self.enabled:
            console = Console(file=stream, stderr=stream is sys.stderr, force_terminal=True)
            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            )

    def __enter__(self) -> ProgressReporter:
        if self._progress is not None:
            self._progress.start()
            self._task = self._progress.add_task(self.description, total=self.total)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def advance(self, steps: int = 1, *, description: str | None = None) -> None:
        self.completed += steps
        if self._progress is not None and self._task is not None:
            label = f"{self.description}: {description}" if description else self.description
            self._progress.update(self._task, advance=steps, description=label)

    def set_total(self, total: int | None) -> None:
        self.total = total
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, total=total)

    def __call__(self, description: str) -> None:
        self.advance(1, description=description)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def progress(
    description: str, total: int | None = None, *, enabled: bool | None = None, stream: IO[str] | None = None
) -> ProgressReporter:
    """A progress reporter; ``enabled=None`` decides by :func:`progress_enabled`."""
    return ProgressReporter(description, total, enabled=enabled, stream=stream)
