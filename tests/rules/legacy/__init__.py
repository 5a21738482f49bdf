"""The built-in checks as they were before the rules were rewritten on ``for_each`` (issue 18).

A frozen copy, kept only as the reference of ``tests/rules/test_rewrite.py``, which
shows that the rewritten catalogue reports exactly what this one does, in the same
order, on any registry. Do not change these modules to follow a change of a rule:
a rule whose results change on purpose leaves the comparison (``LEGACY_RULES``
takes the current rule for a code missing here), and this package goes once no
code is left in it.
"""

from __future__ import annotations

import attrs

from socialwork.rules import BUILTIN_RULES, RuleSet
from socialwork.rules._engine import Check

from . import cobuilt, coverage, funds, hierarchy, integrity, projects, staffing

CHECKS: dict[str, Check] = {
    **integrity.CHECKS,
    **hierarchy.CHECKS,
    **coverage.CHECKS,
    **staffing.CHECKS,
    **projects.CHECKS,
    **cobuilt.CHECKS,
    **funds.CHECKS,
}

LEGACY_RULES = RuleSet(
    attrs.evolve(item, check=CHECKS[item.code]) if item.code in CHECKS else item for item in BUILTIN_RULES
)
"""The built-in rules with their codes, titles and parameters, each checked the old way."""
