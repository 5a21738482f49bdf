"""Tests of socialwork.matching.assign, assign_greedy and Assignment."""

from __future__ import annotations

import copy
import itertools
import sys
from decimal import Decimal
from fractions import Fraction

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialwork.errors import MatchingInputError, MissingDependencyError
from socialwork.matching import Assignment, UnmetReason, assign, assign_greedy
from tests._messages import CJK

FITS = st.integers(-2, 9)


@st.composite
def problems(draw, *, max_needs=6, max_services=4, max_amount=6, fits=FITS):
    needs = {f"n{i}": draw(st.integers(0, max_amount)) for i in range(draw(st.integers(1, max_needs)))}
    services = {f"s{j}": draw(st.integers(0, max_amount)) for j in range(draw(st.integers(1, max_services)))}
    pairs = draw(
        st.lists(st.tuples(st.sampled_from(list(needs)), st.sampled_from(list(services))), unique=True)
    )
    return needs, services, {pair: draw(fits) for pair in pairs}


def network_optimum(needs, services, fit) -> int:
    """The max-fit optimum from networkx's min_cost_flow (positive fits only)."""
    graph = nx.DiGraph()
    total = sum(needs.values())
    graph.add_node("source", demand=-total)
    graph.add_node("sink", demand=total)
    graph.add_edge("source", "sink", capacity=total, weight=0)
    for n, persons in needs.items():
        graph.add_edge("source", ("n", n), capacity=persons, weight=0)
    for s, cap in services.items():
        graph.add_edge(("s", s), "sink", capacity=cap, weight=0)
    for (n, s), value in fit.items():
        if value > 0:
            graph.add_edge(("n", n), ("s", s), capacity=needs[n], weight=-value)
    return -nx.cost_of_flow(graph, nx.min_cost_flow(graph))


def max_persons(needs, services, fit) -> int:
    """The most persons any assignment can serve: networkx maximum flow."""
    graph = nx.DiGraph()
    for n, persons in needs.items():
        graph.add_edge("source", ("n", n), capacity=persons)
    for s, cap in services.items():
        graph.add_edge(("s", s), "sink", capacity=cap)
    for n, s in fit:
        graph.add_edge(("n", n), ("s", s), capacity=needs[n])
    graph.add_node("source")
    graph.add_node("sink")
    return nx.maximum_flow_value(graph, "source", "sink")


def brute_force(needs, services, fit) -> int:
    """The max-fit optimum by trying every whole-person flow on every positive pair."""
    pairs = [pair for pair, value in fit.items() if value > 0]
    ranges = [range(min(needs[n], services[s]) + 1) for n, s in pairs]
    best = 0
    for flow in itertools.product(*ranges):
        used_n: dict[str, int] = {}
        used_s: dict[str, int] = {}
        for (n, s), x in zip(pairs, flow, strict=True):
            used_n[n] = used_n.get(n, 0) + x
            used_s[s] = used_s.get(s, 0) + x
        if all(used_n[n] <= needs[n] for n in used_n) and all(used_s[s] <= services[s] for s in used_s):
            best = max(best, sum(fit[p] * x for p, x in zip(pairs, flow, strict=True)))
    return best


def check_feasible(result: Assignment, needs, services, fit) -> None:
    served: dict[str, int] = {}
    for n, s, persons in result.pairs:
        assert (n, s) in fit
        assert persons >= 1
        served[n] = served.get(n, 0) + persons
    assert all(served.get(n, 0) <= persons for n, persons in needs.items())
    assert all(result.load[s] <= cap for s, cap in services.items())


@given(problems())
def test_assignment_never_exceeds_a_capacity(problem) -> None:
    """Optimal and greedy assignments stay within needs, capacities and allowed pairs."""
    needs, services, fit = problem
    for result in (assign(needs, services, fit=fit), assign(needs, services, fit=fit, objective="max_count")):
        check_feasible(result, needs, services, fit)
    check_feasible(assign_greedy(needs, services, fit=fit), needs, services, fit)


@given(problems())
def test_optimum_is_at_least_the_greedy_baseline(problem) -> None:
    """The optimal total fit is never below the greedy one."""
    needs, services, fit = problem
    assert assign(needs, services, fit=fit).total_fit >= assign_greedy(needs, services, fit=fit).total_fit


@settings(max_examples=100)
@given(problems(max_needs=3, max_services=3, max_amount=3))
def test_optimum_equals_brute_force(problem) -> None:
    """On small instances the total fit equals the best over every whole-person flow."""
    needs, services, fit = problem
    assert assign(needs, services, fit=fit).total_fit == brute_force(needs, services, fit)


@given(problems(max_needs=12, max_services=6, max_amount=20))
def test_optimum_equals_networkx_min_cost_flow(problem) -> None:
    """The total fit equals the optimum of networkx's min_cost_flow."""
    needs, services, fit = problem
    assert assign(needs, services, fit=fit).total_fit == network_optimum(needs, services, fit)


@given(problems(max_needs=12, max_services=6, max_amount=20))
def test_max_count_serves_as_many_as_a_maximum_flow(problem) -> None:
    """objective='max_count' serves as many persons as networkx's maximum flow."""
    needs, services, fit = problem
    result = assign(needs, services, fit=fit, objective="max_count")
    assert result.persons == max_persons(needs, services, fit)


@given(problems(max_needs=10, max_services=6, max_amount=1))
def test_max_count_with_single_persons_is_a_maximum_matching(problem) -> None:
    """With one person per need and one place per service, max_count is a maximum matching."""
    needs, services, fit = problem
    graph = nx.Graph()
    graph.add_nodes_from(("n", n) for n, p in needs.items() if p)
    graph.add_nodes_from(("s", s) for s, c in services.items() if c)
    graph.add_edges_from((("n", n), ("s", s)) for n, s in fit if needs[n] and services[s])
    top = {node for node in graph if node[0] == "n"}
    size = len(nx.bipartite.maximum_matching(graph, top_nodes=top)) // 2
    assert assign(needs, services, fit=fit, objective="max_count").persons == size


@given(problems(), st.randoms(use_true_random=False))
def test_assignment_is_independent_of_input_order(problem, rnd) -> None:
    """Reordering needs, services and fits gives the same assignment."""
    needs, services, fit = problem
    items = [list(needs.items()), list(services.items()), list(fit.items())]
    for part in items:
        rnd.shuffle(part)
    assert assign(dict(items[0]), dict(items[1]), fit=dict(items[2])) == assign(needs, services, fit=fit)


@given(problems())
def test_assign_never_mutates_its_inputs(problem) -> None:
    """assign and assign_greedy leave their inputs as they were."""
    before = copy.deepcopy(problem)
    needs, services, fit = problem
    assign(needs, services, fit=fit, objective="max_count")
    assign_greedy(needs, services, fit=fit)
    assert problem == before


@given(problems())
def test_unmet_needs_have_the_right_reason(problem) -> None:
    """An unmet need has no service in reach, no positive fit, or every usable service is full."""
    needs, services, fit = problem
    result = assign(needs, services, fit=fit)
    load = result.load
    for unmet in result.unmet:
        usable = [s for (n, s), value in fit.items() if n == unmet.need_id and value > 0]
        if unmet.reason is UnmetReason.ALL_FULL:
            assert usable
            assert all(load[s] == services[s] for s in usable)
        elif unmet.reason is UnmetReason.NO_POSITIVE_FIT:
            assert unmet.services
            assert not usable
        else:
            assert unmet.services == ()


def test_greedy_baseline_can_be_beaten() -> None:
    """The greedy takes the best pair first and loses; the optimum splits better."""
    fit = {("n1", "near"): 3, ("n1", "far"): 2, ("n2", "near"): 2}
    best = assign({"n1": 1, "n2": 1}, {"near": 1, "far": 1}, fit=fit)
    greedy = assign_greedy({"n1": 1, "n2": 1}, {"near": 1, "far": 1}, fit=fit)
    assert (best.total_fit, greedy.total_fit) == (4, 3)
    assert greedy.method == "greedy"
    assert [u.need_id for u in greedy.unmet] == ["n2"]


def test_callable_fit_is_asked_for_every_pair() -> None:
    """A callable fit returning None forbids the pair."""
    calls = []

    def fit(need, service):
        calls.append((need, service))
        return None if service == "s2" else 1

    result = assign({"n1": 2}, {"s1": 1, "s2": 5}, fit=fit)
    assert sorted(calls) == [("n1", "s1"), ("n1", "s2")]
    assert result.pairs == {("n1", "s1", 1)}
    assert result.unmet[0].reason is UnmetReason.ALL_FULL


def test_decimal_fits_give_an_exact_total() -> None:
    """Decimal fits are summed exactly."""
    result = assign({"n1": 3}, {"s1": 3}, fit={("n1", "s1"): Decimal("0.1")})
    assert result.total_fit == Decimal("0.3")


def test_need_without_a_service_in_reach() -> None:
    """A need no pair lists is unmet for want of a service in reach."""
    result = assign({"n1": 2, "n2": 1}, {"s1": 5}, fit={("n2", "s1"): 1})
    assert [(u.need_id, u.persons, u.reason) for u in result.unmet] == [
        ("n1", 2, UnmetReason.NO_SERVICE_IN_REACH)
    ]


def test_bad_input_lists_every_problem() -> None:
    """Negative amounts, unknown ids and non-numbers are all reported with their place."""
    with pytest.raises(MatchingInputError) as info:
        assign({"n1": -1, "n2": 1}, {"s1": 1.5}, fit={("n2", "s9"): 1, ("n2", "s1"): "high", "n2": 1})
    assert [str(p) for p in info.value.problems] == [
        "needs['n1']: expected persons as a whole number >= 0, got -1",
        "services['s1']: expected capacity as a whole number >= 0, got 1.5",
        "fit[('n2', 's9')]: 's9' is not a service",
        "fit[('n2', 's1')]: 's1' is not a service",
        "fit[('n2', 's1')]: expected a number, got str 'high'",
        "fit['n2']: expected a (need_id, service_id) pair",
    ]


def test_nan_fit_is_refused() -> None:
    """A fit must be a finite number."""
    with pytest.raises(MatchingInputError, match="finite"):
        assign({"n1": 1}, {"s1": 1}, fit={("n1", "s1"): float("nan")})


def test_unknown_objective_is_refused() -> None:
    """objective must be max_fit or max_count."""
    with pytest.raises(MatchingInputError, match="objective"):
        assign({}, {}, fit={}, objective="max_joy")  # type: ignore[arg-type]


def test_to_frame_lists_pairs_with_their_fit() -> None:
    """to_frame gives one row a pair, sorted by need then service."""
    result = assign({"n1": 2, "n2": 1}, {"s1": 2, "s2": 1}, fit={("n1", "s1"): 2, ("n2", "s2"): 5})
    frame = result.to_frame()
    assert list(frame.columns) == ["need_id", "service_id", "persons", "fit"]
    assert frame.to_dict("records") == [
        {"need_id": "n1", "service_id": "s1", "persons": 2, "fit": 2},
        {"need_id": "n2", "service_id": "s2", "persons": 1, "fit": 5},
    ]


def test_forced_ortools_without_ortools_says_how_to_install(monkeypatch) -> None:
    """solver='ortools' when OR-Tools cannot be imported raises MissingDependencyError naming the extra."""
    monkeypatch.setitem(sys.modules, "ortools.graph.python.min_cost_flow", None)
    with pytest.raises(MissingDependencyError, match=r"socialwork\[solvers\]"):
        assign({"n1": 1}, {"s1": 1}, fit={("n1", "s1"): 1}, solver="ortools")


def test_unknown_solver_is_refused() -> None:
    """solver must be auto, highs or ortools."""
    with pytest.raises(MatchingInputError, match="solver"):
        assign({}, {}, fit={}, solver="simplex")  # type: ignore[arg-type]


def test_highs_is_always_available() -> None:
    """solver='highs' needs nothing beyond scipy and says so in the result."""
    result = assign({"n1": 2}, {"s1": 1}, fit={("n1", "s1"): 0.5}, solver="highs")
    assert (result.solver, result.total_fit) == ("highs", 0.5)


def test_fraction_fits_give_an_exact_total() -> None:
    """Fraction fits are accepted and summed exactly."""
    result = assign({"n1": 3}, {"s1": 3}, fit={("n1", "s1"): Fraction(1, 3)})
    assert result.total_fit == 1


def test_mixing_fractions_and_decimals_is_refused() -> None:
    """Fractions and Decimals cannot be summed together, so they may not be mixed."""
    with pytest.raises(MatchingInputError, match="mixes Decimal and Fraction"):
        assign({"n1": 1}, {"s1": 1, "s2": 1}, fit={("n1", "s1"): Fraction(1, 3), ("n1", "s2"): Decimal(1)})


def test_greedy_has_no_solver() -> None:
    """The greedy baseline records no solver."""
    assert assign_greedy({"n1": 1}, {"s1": 1}, fit={("n1", "s1"): 1}).solver is None


@pytest.mark.parametrize(
    "value",
    [Decimal("1E+400"), Decimal("sNaN"), Decimal("-Infinity"), 10**400, Fraction(10**400, 3)],
    ids=["decimal-huge", "decimal-snan", "decimal-inf", "int-huge", "fraction-huge"],
)
def test_fit_beyond_float_range_is_refused(value) -> None:
    """A fit that is not a finite number within float range is a problem with its place, not a crash."""
    with pytest.raises(MatchingInputError, match=r"fit\[\('n1', 's1'\)\]: expected a finite number"):
        assign({"n1": 1}, {"s1": 1}, fit={("n1", "s1"): value})


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda: assign(5, {"s1": 1}, fit={}), "needs"),  # type: ignore[arg-type]
        (lambda: assign({"n1": 1}, [1], fit={}), "services"),  # type: ignore[arg-type]
        (lambda: assign({"n1": 1}, {"s1": 1}, fit=5), "fit"),  # type: ignore[arg-type]
        (lambda: assign({"n1": 1}, {"s1": 1}, fit={}, objective=None), "objective"),  # type: ignore[arg-type]
        (lambda: assign({(1,): 1, ("a",): 1}, {"s1": 1}, fit={}), "needs"),
        (lambda: assign_greedy({"n1": 1}, {(1,): 1, ("a",): 1}, fit={}), "services"),
        (lambda: assign_greedy(None, {"s1": 1}, fit={}), "needs"),  # type: ignore[arg-type]
    ],
)
def test_wrong_typed_arguments_are_named(call, path) -> None:
    """A wrong-typed argument (or ids that cannot be sorted) is a MatchingInputError naming it."""
    with pytest.raises(MatchingInputError) as info:
        call()
    assert [p.path for p in info.value.problems] == [path]


def test_unmet_reasons_have_labels_in_both_languages() -> None:
    """UnmetReason is a LabelledEnum: every member has .zh, .en and .label(lang)."""
    from socialwork.model import LabelledEnum

    assert issubclass(UnmetReason, LabelledEnum)
    for reason in UnmetReason:
        assert reason.label("zh") == reason.zh
        assert reason.label("en") == reason.en
    assert UnmetReason.NO_SERVICE_IN_REACH.label("zh") == "可及范围内无此类服务"


@given(problem=problems())
def test_every_unmet_need_is_described_in_both_languages(problem) -> None:
    """describe() of each unmet need names the need, the persons left, its reason and the services, in English and Chinese."""
    needs, services, fit = problem
    for unmet in assign(needs, services, fit=fit).unmet:
        words = unmet.describe()
        assert str(unmet) == words == words.en
        for text, label in ((words.en, unmet.reason.en), (words.zh, unmet.reason.zh)):
            assert text.startswith(repr(unmet.need_id))
            assert f"{unmet.persons} " in text
            assert label in text
            assert all(repr(service) in text for service in unmet.services)
        assert CJK.search(words.zh)
        assert not CJK.search(words.en)
