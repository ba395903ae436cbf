"""The exit-code contract (soda-core style): data failures and tool failures never share a code.

When several apply, the highest-precedence one wins: publish failure > runtime error > findings.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    """Everything passed (findings below ``--fail-on`` may exist)."""
    FINDINGS = 1
    """Findings at or above ``--fail-on``."""
    USAGE = 2
    """Bad command line, bad configuration or descriptor that cannot be used at all."""
    RUNTIME = 3
    """The tool could not do its job: unreadable file, engine error, SHACL load error."""
    PUBLISH = 4
    """Publishing or remote delivery failed (CKAN, ITB)."""


_PRECEDENCE = [ExitCode.PUBLISH, ExitCode.RUNTIME, ExitCode.USAGE, ExitCode.FINDINGS, ExitCode.OK]


def combine(*codes: ExitCode) -> ExitCode:
    """Return the code that wins when several outcomes apply at once."""
    for candidate in _PRECEDENCE:
        if candidate in codes:
            return candidate
    return ExitCode.OK
