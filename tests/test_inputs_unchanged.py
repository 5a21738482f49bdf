"""Pure functions: no public function changes the values it is given (checked against deep copies)."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import socialwork as sw
from socialwork import funds, hierarchy, linkage, matching, scoring, targets
from socialwork.testing import decision_matrices, preference_profiles, registries


def _same(before: Any, after: Any) -> bool:
    if isinstance(before, np.ndarray):
        return bool(np.array_equal(before, after, equal_nan=True)) and before.dtype == after.dtype
    if isinstance(before, dict):
        return before.keys() == after.keys() and all(_same(before[k], after[k]) for k in before)
    if isinstance(before, list | tuple):
        return len(before) == len(after) and all(_same(b, a) for b, a in zip(before, after, strict=True))
    return bool(before == after)


def _unchanged(function: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """Call *function* and assert that every argument equals its deep copy taken before."""
    copies = copy.deepcopy((args, kwargs))
    with contextlib.suppress(sw.SocialWorkError):  # refusing the input is allowed; changing it is not
        function(*args, **kwargs)
    assert _same(copies, (args, kwargs)), f"{function.__qualname__} changed its input"


@settings(max_examples=25, deadline=None)
@given(registries())
def test_registry_analyses_leave_the_registry_and_its_entities_as_they_were(registry: sw.Registry) -> None:
    """Validation, graphs, hierarchy, linkage, funds and matching read a registry and change nothing."""
    entities = registry.entities()
    before = copy.deepcopy(entities)
    sw.validate(registry, params={"staffing.min_street_workers": 1})
    sw.graph.build_graph(registry)
    hierarchy.coverage(registry)
    linkage.profiles(registry)
    linkage.bridges(registry)
    funds.summary(registry)
    matching.fit_from_registry(registry)
    sw.dumps(registry)
    assert registry.entities() == entities == before


@settings(max_examples=50, deadline=None)
@given(preference_profiles())
def test_stable_matching_leaves_the_preference_lists_as_they_were(profile: Any) -> None:
    """stable() does not reorder or trim the lists and capacities it is given."""
    proposers = {agent: list(choices) for agent, choices in profile.proposers.items()}
    reviewers = {agent: list(choices) for agent, choices in profile.reviewers.items()}
    capacities = dict(profile.capacities) if profile.capacities else None
    _unchanged(matching.stable, proposers, reviewers, capacities=capacities)


@settings(max_examples=50, deadline=None)
@given(decision_matrices())
def test_scoring_leaves_matrices_and_weights_as_they_were(problem: Any) -> None:
    """normalize, weighted_sum and topsis do not write into the arrays they are given."""
    matrix = np.array(problem.matrix, dtype=np.float64)
    weights = np.array(problem.weights, dtype=np.float64)
    directions = list(problem.directions)
    _unchanged(scoring.normalize, matrix, method="minmax", directions=directions)
    _unchanged(scoring.weighted_sum, matrix, weights, directions=directions, normalization="minmax")
    _unchanged(scoring.topsis, matrix, weights, directions=directions, normalization="vector")


@given(st.dictionaries(st.sampled_from(["a", "b", "c"]), st.integers(1, 9), min_size=1))
def test_assign_leaves_needs_services_and_fit_as_they_were(needs: dict[str, int]) -> None:
    """assign() does not change its needs, services or fit mappings."""
    services = {"s1": 5, "s2": 3}
    fit = {(need, service): 1 + len(need) for need in needs for service in services}
    _unchanged(matching.assign, needs, services, fit=fit)


def test_mapping_inputs_of_scoring_funds_and_targets_are_left_as_they_were() -> None:
    """rank, allocate, awards, progress, statement and validate's params are read, not changed."""
    scores = {"s1": 0.9, "s2": 0.4, "s3": 0.7}
    _unchanged(scoring.rank, scores)
    _unchanged(scoring.allocate, {"s1": Decimal("100"), "s2": "50", "s3": 30}, scores, Decimal("120"))
    observed = {target.metric: 1 for target in targets.WUHOU_TARGETS}
    _unchanged(targets.progress, list(targets.WUHOU_TARGETS), observed, as_of=dt.date(2023, 1, 1))
    registry = sw.datasets.example()
    donations = list(registry.donations.values())
    _unchanged(funds.statement, registry.funds["fund-nijiaqiao"], donations)
    params = {"staffing.min_street_workers": 2}
    _unchanged(sw.validate, registry, params=params)
