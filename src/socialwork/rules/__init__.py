"""Rule validation: is a registry set up by the rules, and where is it not?

:func:`validate` (also ``sw.validate``) runs rules over a
:class:`~socialwork.Registry` and returns a :class:`ValidationReport` of
:class:`Violation` values: which rule, how serious, which entity or division, where
in the data, why (in Chinese and English), and the facts expected and found.

- The built-in rules (:data:`BUILTIN_RULES`) come in families: integrity, hierarchy
  (三级联动), coverage (全覆盖), staffing, projects, co-built stations (共建) and
  community funds (社区基金管理办法); the rule catalogue page lists each one.
- Their thresholds are dated :class:`Parameter` values (:data:`PARAMETERS`): change
  them per call (``params=``), or read a JSON or TOML file with
  :func:`parse_parameters`; ``as_of=`` picks the values in force on a day.
- Write a rule of your own with the :func:`rule` decorator and pass it along with
  the others (``BUILTIN_RULES.add(my_rule)``), or narrow the set with
  :meth:`RuleSet.select`. A rule about one entity at a time is a :func:`for_each`
  check that returns a :class:`Finding` for an entity that falls short.

Paths name an entity by its position in ``registry.<kind>`` (for a loaded document,
its position in that kind's list), as load errors do: ``stations[3].parent_id``.
"""

from socialwork.rules._catalogue import BUILTIN_RULES, PARAMETERS, validate
from socialwork.rules._each import EntityCheck, Finding, for_each
from socialwork.rules._engine import Check, Rule, RuleContext, RuleSet, rule
from socialwork.rules._params import Parameter, Parameters, ParametersError, ParameterType, parse_parameters
from socialwork.rules._report import FAMILIES, ValidationError, ValidationReport, Violation, ViolationError

__all__ = [
    "BUILTIN_RULES",
    "FAMILIES",
    "PARAMETERS",
    "Check",
    "EntityCheck",
    "Finding",
    "Parameter",
    "ParameterType",
    "Parameters",
    "ParametersError",
    "Rule",
    "RuleContext",
    "RuleSet",
    "ValidationError",
    "ValidationReport",
    "Violation",
    "ViolationError",
    "for_each",
    "parse_parameters",
    "rule",
    "validate",
]
