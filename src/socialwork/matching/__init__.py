"""Stable matching for the two-way fair (双选会) and optimal assignment of needs to services.

Two problems from the seeds. The annual two-way selection fair, where communities
and social-work agencies choose each other, is a two-sided matching problem:
:func:`stable` runs deferred acceptance for one-to-one, many-to-one and
many-to-many games, and :func:`blocking_pairs` and :func:`is_stable` verify the
matching it returns, or one made anywhere else (:meth:`Matching.from_preferences`).
The precise matching of service supply and demand (服务供需精准对接) is an
assignment problem: :func:`assign` sends needs to services under capacities,
optimally. From a :class:`~socialwork.Registry`, :func:`fit_from_registry` scores
each pair, and :func:`fair_preferences` and :func:`agency_capacities` give a fair's
lists and places.

Importing this module is quick: numpy, scipy and OR-Tools are loaded on the first
call that needs them.
"""

from socialwork.matching._assign import (
    Assignment,
    FitValue,
    Objective,
    Solver,
    UnmetNeed,
    UnmetReason,
    assign,
    assign_greedy,
)
from socialwork.matching._prefs import Agent, Preferences, check_preferences
from socialwork.matching._registry import (
    AGENCY_KINDS,
    FairPreferences,
    FitWeights,
    ProviderKind,
    agency_capacities,
    fair_preferences,
    fit_from_registry,
)
from socialwork.matching._stable import (
    BetterChoice,
    Explanation,
    Matching,
    Reason,
    blocking_pairs,
    is_stable,
    stable,
)

__all__ = [
    "AGENCY_KINDS",
    "Agent",
    "Assignment",
    "BetterChoice",
    "Explanation",
    "FairPreferences",
    "FitValue",
    "FitWeights",
    "Matching",
    "Objective",
    "Preferences",
    "ProviderKind",
    "Reason",
    "Solver",
    "UnmetNeed",
    "UnmetReason",
    "agency_capacities",
    "assign",
    "assign_greedy",
    "blocking_pairs",
    "check_preferences",
    "fair_preferences",
    "fit_from_registry",
    "is_stable",
    "stable",
]
