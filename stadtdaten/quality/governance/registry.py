"""Rule implementations by rule id: ``@implements("DS-PRIV-001")`` registers a function
``(ctx, spec) -> None`` that emits its findings through ``ctx.emit``. Declarative check types of a
city's own rules register with ``@check_type("required-field")``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stadtdaten.quality.governance.context import Context
    from stadtdaten.quality.rules import RuleSpec

CheckFn = Callable[["Context", "RuleSpec"], None]
IMPLEMENTATIONS: dict[str, CheckFn] = {}
CHECK_TYPES: dict[str, Callable[[Context, RuleSpec, dict[str, Any]], None]] = {}


def implements(*rule_ids: str) -> Callable[[CheckFn], CheckFn]:
    def decorator(function: CheckFn) -> CheckFn:
        for rule_id in rule_ids:
            IMPLEMENTATIONS[rule_id] = function
        return function

    return decorator


def check_type(name: str) -> Callable[[Any], Any]:
    def decorator(function: Any) -> Any:
        CHECK_TYPES[name] = function
        return function

    return decorator
