"""The built-in rule catalogue, its parameters, and validate."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Final

from socialwork.errors import InvalidTypeError, Message
from socialwork.model import Registry
from socialwork.rules import (
    _cobuilt,
    _coverage,
    _funds,
    _hierarchy,
    _integrity,
    _projects,
    _referrals,
    _staffing,
)
from socialwork.rules._engine import Rule, RuleSet, run_rules
from socialwork.rules._params import Parameters
from socialwork.rules._report import ValidationReport

__all__ = ["BUILTIN_RULES", "PARAMETERS", "validate"]

BUILTIN_RULES: Final = RuleSet(
    (
        *_integrity.RULES,
        *_hierarchy.RULES,
        *_coverage.RULES,
        *_staffing.RULES,
        *_projects.RULES,
        *_cobuilt.RULES,
        *_funds.RULES,
        *_referrals.RULES,
    )
)
"""Every built-in rule, family by family (see the rule catalogue in the docs)."""

PARAMETERS: Final = BUILTIN_RULES.parameters
"""The parameters of the built-in rules with their default values."""


def validate(
    registry: Registry,
    rules: RuleSet | Iterable[Rule] | None = None,
    /,
    *,
    as_of: dt.date | None = None,
    params: Parameters | Mapping[str, Any] | None = None,
) -> ValidationReport:
    """Return every way *registry* falls short of *rules*: why, where and by which rule.

    Args:
        registry: The registry to check.
        rules: The rules to run: every built-in rule (:data:`BUILTIN_RULES`) by default,
            or a narrowed set (``BUILTIN_RULES.select(family="funds")``), or your own list.
        as_of: The day whose parameter values apply; the latest values by default.
        params: Changes to the rules' parameters: a :class:`Parameters`, or a mapping
            read strictly like a parameter file (``{"staffing.min_street_workers": 3}``).

    Returns:
        The report, with the violations sorted by code, subject and path.

    Raises:
        InvalidTypeError: *registry*, *rules* or *params* is of the wrong type.
        ParametersError: *params* names an unknown parameter, a bad date or value.

    Validation never raises because of what the registry holds, cycles included.

    Examples:
        >>> import datetime as dt
        >>> report = sw.validate(sw.datasets.example())
        >>> report.ok, [v.code for v in report]
        (True, ['SW-S002', 'SW-S002'])
        >>> sw.validate(sw.datasets.example(), params={"staffing.min_street_workers": 0}).counts("code")
        {}
        >>> later = {"staffing.min_street_workers": {"2030-01-01": 0}}
        >>> len(sw.validate(sw.datasets.example(), params=later, as_of=dt.date(2029, 12, 31)))
        2
        >>> len(sw.validate(sw.datasets.example(), params=later, as_of=dt.date(2030, 1, 1)))
        0

    .. versionadded:: 0.2
    """
    if rules is None:
        chosen = BUILTIN_RULES
    elif isinstance(rules, RuleSet):
        chosen = rules
    elif isinstance(rules, Iterable) and not isinstance(rules, str | bytes | Rule):
        chosen = RuleSet(rules)
    else:
        msg = Message(
            "expected a RuleSet or an iterable of Rule, got {type}",
            "应为 RuleSet 或由 Rule 组成的可迭代对象，实为 {type}",
            type=type(rules).__name__,
        )
        raise InvalidTypeError(msg, path="rules")
    return run_rules(registry, chosen, as_of=as_of, params=params)
