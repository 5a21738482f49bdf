"""The errors of socialwork.matching in two languages: the English as before, the Chinese with the same values."""

from __future__ import annotations

import pickle
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pytest

import socialwork as sw
from socialwork.errors import (
    InvalidTypeError,
    MatchingInputError,
    ProblemsError,
    SolverError,
    UnknownIdError,
)
from socialwork.matching import (
    FairPreferences,
    Matching,
    assign,
    assign_greedy,
    blocking_pairs,
    check_preferences,
    fit_from_registry,
    stable,
)
from socialwork.matching._solvers import _check_flow
from tests._messages import assert_both


def _lines(error: ProblemsError) -> dict[str, object]:
    """Each problem's English line, keyed by its path (the last one of a path wins)."""
    return {problem.path: problem.message for problem in error.problems}


def test_assign_arguments_and_amounts_are_in_both_languages() -> None:
    """_assign and _transport: a bad objective, solver, amount and mapping say the same values in Chinese."""
    with pytest.raises(MatchingInputError) as info:
        assign({"n": 1}, {"s": 1}, fit={}, objective="most", solver="cplex")  # type: ignore[arg-type]
    error = info.value
    assert assert_both(error.summary, "cannot assign") == "无法分配"
    lines = _lines(error)
    assert_both(lines["objective"], "expected 'max_fit' or 'max_count', got 'most'", "'most'", "'max_fit'")
    assert_both(lines["solver"], "expected 'auto', 'highs' or 'ortools', got 'cplex'", "'cplex'", "'ortools'")
    assert error.problems[1].render("zh") == "solver: 应为 'auto', 'highs', 'ortools' 之一，实为 'cplex'"

    with pytest.raises(MatchingInputError) as info:
        assign_greedy({"n": 1.5}, [], fit=3)  # type: ignore[dict-item, arg-type]
    lines = _lines(info.value)
    assert assert_both(
        lines["needs['n']"], "expected persons as a whole number >= 0, got 1.5", "1.5"
    ).startswith("人数")
    assert "容量" in assert_both(lines["services"], "expected a mapping of id to capacity, got list", "list")
    assert_both(
        lines["fit"], "expected a mapping of (need_id, service_id) to fit, or a callable; got int", "int"
    )


def test_fit_problems_are_in_both_languages() -> None:
    """_transport: unknown ids, bad and infinite fits, mixed kinds and OR-Tools' limits, in both languages."""
    fit: Any = {("n", "t"): 1, "bad": 1, ("n", "s"): "x", ("m", "s"): float("inf")}
    with pytest.raises(MatchingInputError) as info:
        assign({"n": 1, "m": 1}, {"s": 1}, fit=fit)
    lines = _lines(info.value)
    assert_both(lines["fit[('n', 't')]"], "'t' is not a service", "'t'")
    assert_both(lines["fit['bad']"], "expected a (need_id, service_id) pair", "(need_id, service_id)")
    assert_both(lines["fit[('n', 's')]"], "expected a number, got str 'x'", "str 'x'")
    assert_both(lines["fit[('m', 's')]"], "expected a finite number, got inf", "inf")

    mixed: Any = {("n", "s"): Decimal("0.5"), ("n", "t"): Fraction(1, 3)}
    with pytest.raises(MatchingInputError) as info:
        assign({"n": 1}, {"s": 1, "t": 1}, fit=mixed)
    zh = assert_both(
        info.value.problems[0].message, "mixes Decimal and Fraction values; use one kind (with ints)"
    )
    assert "Decimal 与 Fraction" in zh

    with pytest.raises(MatchingInputError) as info:
        assign({(1,): 1, ("x",): 1}, {"s": 1}, fit={})
    assert_both(
        info.value.problems[0].message,
        "cannot sort the ids: ids of one type must be comparable (e.g. all str)",
    )


def test_ortools_limit_is_in_both_languages() -> None:
    """_transport: solver='ortools' with fits that do not scale exactly says why, in Chinese too."""
    pytest.importorskip("ortools")
    with pytest.raises(MatchingInputError) as info:
        assign({"n": 1}, {"s": 1}, fit={("n", "s"): 0.3}, solver="ortools")
    message = info.value.problems[0].message
    english = str(message)
    assert english.endswith("use solver='highs' or 'auto'")
    assert_both(message, english, "2**62", "solver='highs'")


def test_preference_problems_are_in_both_languages() -> None:
    """_prefs: capacities, dropped and unknown entries, repeats, empty ties and shared ids, in both languages."""
    problems = check_preferences(
        {"a": ["x", "x", "y", set(), "q"], "b": "x"},
        {"x": ["a"], "y": ["zz"], "b": []},
        capacities={"x": 0, "y": 1.5, "q": 1, "b": 1},  # type: ignore[dict-item]
    )
    lines = {p.path: p.message for p in problems}
    assert_both(lines["reviewer_prefs['b']"], "'b' is also a proposer; ids must differ between sides", "'b'")
    assert_both(lines["capacities['x']"], "capacity must be at least 1, got 0", "1", "0")
    assert_both(lines["capacities['y']"], "expected a whole number of places, got 1.5", "1.5")
    assert_both(lines["capacities['q']"], "capacity for 'q', which has no preference list", "'q'")
    zh = assert_both(
        lines["proposer_prefs['a'][0]"], "ranks 'x', which was dropped: its capacity 0 is below 1", "'x'", "0"
    )
    assert zh == "列入了 'x'，但它已被剔除：其容量 0 小于 1"
    assert_both(
        lines["proposer_prefs['a'][2]"],
        "ranks 'y', which was dropped: its capacity 1.5 is not a whole number",
    )
    assert_both(lines["proposer_prefs['a'][3]"], "empty tie group")
    assert_both(lines["proposer_prefs['a'][4]"], "ranks 'q', which is not a reviewer", "'q'")
    assert_both(lines["proposer_prefs['b']"], "expected a sequence of reviewers, got str 'x'", "str 'x'")
    assert_both(lines["reviewer_prefs['y'][0]"], "ranks 'zz', which is not a proposer", "'zz'")

    twice = check_preferences({"a": ["x", "x"]}, {"x": ["a"]})
    assert_both(twice[0].message, "ranks 'x' twice (first at [0])", "'x'", "[0]")
    unsortable = check_preferences({"a": [[(1,), ("x",)]]}, {"x": ["a"]})
    assert_both(unsortable[0].message, "cannot sort the tie group [(1,), ('x',)] by id", "[(1,), ('x',)]")
    missing = check_preferences({"a": ["x"]}, {"x": ["a"]}, proposer_capacities={})
    assert_both(missing[0].message, "no capacity given")


def test_stable_errors_are_in_both_languages() -> None:
    """_prefs and _stable: stable's summary, bad mappings and a bad optimal side, in both languages."""
    with pytest.raises(MatchingInputError) as info:
        stable([], {"x": []}, capacities=[1])  # type: ignore[arg-type]
    error = info.value
    assert_both(error.summary, "cannot match")
    assert_both(error.problems[0].message, "expected a mapping of agent to list, got list", "list")
    assert error.problems[0].render("zh") == "proposer_prefs: 应为从参与方到偏好列表的映射，实为 list"
    with pytest.raises(MatchingInputError) as info:
        stable({"a": ["x"]}, {"x": ["a"]}, capacities=[1])  # type: ignore[arg-type]
    assert_both(info.value.problems[0].message, "expected a mapping of agent to capacity, got list", "list")
    with pytest.raises(MatchingInputError) as info:
        stable({"a": ["x"]}, {"x": ["a"]}, optimal="both")  # type: ignore[arg-type]
    assert_both(info.value.problems[0].message, "expected 'proposer' or 'reviewer', got 'both'", "'both'")


def test_matching_errors_are_in_both_languages() -> None:
    """_stable: bad pairs, agents, unknown ids and a matching without preferences, in both languages."""
    with pytest.raises(InvalidTypeError) as bad:
        Matching.from_pairs(3)  # type: ignore[arg-type]
    assert_both(bad.value.reason, "expected an iterable of (proposer, reviewer) pairs, got int", "int")
    with pytest.raises(MatchingInputError) as info:
        Matching.from_pairs([("a",), ("a", [])])  # type: ignore[list-item]
    assert_both(info.value.summary, "cannot build the matching")
    assert_both(info.value.problems[0].message, "expected a (proposer, reviewer) pair, got ('a',)", "('a',)")
    assert_both(info.value.problems[1].message, "expected hashable ids, got ('a', [])", "('a', [])")
    with pytest.raises(InvalidTypeError) as bad:
        Matching.from_pairs([], proposers=5)  # type: ignore[arg-type]
    assert_both(bad.value.reason, "expected an iterable of agents, got int", "int")
    with pytest.raises(InvalidTypeError) as bad:
        Matching.from_pairs([], reviewers=[[1]])
    assert_both(bad.value.reason, "expected hashable ids")

    plain = Matching.from_pairs([("a", "x")])
    with pytest.raises(UnknownIdError) as unknown:
        plain.of("zz")
    assert_both(unknown.value.args[0], "unknown agent 'zz': it is on neither side of the matching", "'zz'")
    with pytest.raises(MatchingInputError) as info:
        plain.explain("a")
    assert_both(info.value.summary, "cannot explain")
    assert "Matching.from_preferences(pairs, proposer_prefs, reviewer_prefs, ...)" in info.value.problems[
        0
    ].render("zh")
    with pytest.raises(MatchingInputError) as info:
        blocking_pairs(plain)
    assert_both(info.value.summary, "cannot check the matching")
    with pytest.raises(InvalidTypeError) as bad:
        blocking_pairs(3)  # type: ignore[arg-type]
    assert_both(
        bad.value.reason, "expected a Matching from stable() or Matching.from_preferences(), got int", "int"
    )

    with pytest.raises(UnknownIdError) as unknown:
        Matching.from_preferences([("a", "x"), ("q", "z")], {"a": ["x"]}, {"x": ["a"]})
    message = unknown.value.args[0]
    zh = assert_both(
        message,
        "unknown agents in pairs: ('q', 'z') names 'q', which is not a proposer; "
        "('q', 'z') names 'z', which is not a reviewer",
        "('q', 'z')",
        "'q'",
        "'z'",
    )
    assert "；" in zh
    assert "提议方" in zh
    assert "审议方" in zh


def test_registry_errors_are_in_both_languages() -> None:
    """_registry: bad provider kinds and FairPreferences' mappings, in both languages."""
    registry = sw.datasets.example()
    with pytest.raises(InvalidTypeError) as bad:
        fit_from_registry(registry, providers="projects")  # type: ignore[arg-type]
    assert_both(
        bad.value.reason, "expected an iterable of provider kinds, got str 'projects'", "str 'projects'"
    )
    with pytest.raises(MatchingInputError) as info:
        fit_from_registry(registry, providers=["shops"])  # type: ignore[list-item]
    assert_both(info.value.summary, "cannot score")
    assert_both(
        info.value.problems[0].message,
        "expected 'projects', 'social_workers' or 'volunteers', got 'shops'",
        "'shops'",
        "'volunteers'",
    )
    with pytest.raises(InvalidTypeError) as bad:
        FairPreferences(3, {}, {}, capacities={}, proposer_capacities={})  # type: ignore[arg-type]
    assert_both(bad.value.reason, "expected a mapping, got int", "int")
    with pytest.raises(InvalidTypeError) as bad:
        FairPreferences({"c": 5}, {}, {}, capacities={}, proposer_capacities={})  # type: ignore[dict-item]
    assert bad.value.path == "communities['c']"
    assert_both(bad.value.reason, "expected a list of ids, got int 5", "int 5")


def test_solver_errors_are_in_both_languages() -> None:
    """_solvers: a flow beyond a capacity is a SolverError with a Chinese text too."""
    with pytest.raises(SolverError) as info:
        _check_flow(
            np.array([2]),
            rows=np.array([0]),
            cols=np.array([0]),
            persons=np.array([2]),
            capacity=np.array([1]),
        )
    assert_both(info.value.args[0], "the solver's flow exceeds a need or a capacity")


def test_matching_errors_keep_both_languages_through_pickling() -> None:
    """A pickled MatchingInputError keeps each problem's Chinese (as the command's workers send them)."""
    with pytest.raises(MatchingInputError) as info:
        stable({"a": ["x", "x"]}, {"x": ["a"]})
    clone = pickle.loads(pickle.dumps(info.value))
    assert clone.summary.zh == "无法匹配"
    assert clone.problems[0].render("zh") == info.value.problems[0].render("zh")
    assert str(clone) == str(info.value)
