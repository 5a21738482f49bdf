"""Tests of assign's two optimal backends: OR-Tools min-cost flow and HiGHS."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialwork.errors import MatchingInputError
from socialwork.matching import assign
from socialwork.matching._solvers import COST_LIMIT, exact_costs

from .test_assign import max_persons, network_optimum, problems

pytest.importorskip("ortools")

DECIMAL_FITS = st.decimals(min_value=-2, max_value=9, places=2)
FRACTION_FITS = st.fractions(min_value=-2, max_value=9, max_denominator=12)


@given(problems(max_needs=12, max_services=6, max_amount=20))
def test_backends_agree_with_networkx_on_integer_fits(problem) -> None:
    """OR-Tools and HiGHS find the same total fit, equal to networkx's min_cost_flow."""
    needs, services, fit = problem
    ortools = assign(needs, services, fit=fit, solver="ortools")
    highs = assign(needs, services, fit=fit, solver="highs")
    assert (ortools.solver, highs.solver) == ("ortools", "highs")
    assert ortools.total_fit == highs.total_fit == network_optimum(needs, services, fit)


@given(problems(max_needs=12, max_services=6, max_amount=20))
def test_backends_agree_on_max_count(problem) -> None:
    """With max_count both serve a maximum flow of persons and reach the same total fit."""
    needs, services, fit = problem
    ortools = assign(needs, services, fit=fit, objective="max_count", solver="ortools")
    highs = assign(needs, services, fit=fit, objective="max_count", solver="highs")
    assert ortools.persons == highs.persons == max_persons(needs, services, fit)
    assert ortools.total_fit == highs.total_fit


@settings(max_examples=100)
@given(problems(max_needs=8, max_services=5, max_amount=12, fits=DECIMAL_FITS))
def test_backends_agree_on_decimal_fits(problem) -> None:
    """Decimal fits scale exactly for OR-Tools; its optimum equals HiGHS's, to the cent."""
    needs, services, fit = problem
    ortools = assign(needs, services, fit=fit)
    highs = assign(needs, services, fit=fit, solver="highs")
    assert ortools.solver == "ortools"
    assert ortools.total_fit == highs.total_fit
    scaled = {pair: int(value * 100) for pair, value in fit.items()}
    assert ortools.total_fit * 100 == network_optimum(needs, services, scaled)


@settings(max_examples=100)
@given(problems(max_needs=8, max_services=5, max_amount=12, fits=FRACTION_FITS))
def test_backends_agree_on_fraction_fits(problem) -> None:
    """Fraction fits scale by their common denominator; the optimum equals networkx's, exactly."""
    needs, services, fit = problem
    ortools = assign(needs, services, fit=fit)
    assert ortools.solver == "ortools"
    scale = 27720  # lcm(1..12)
    scaled = {pair: int(value * scale) for pair, value in fit.items()}
    assert ortools.total_fit * scale == network_optimum(needs, services, scaled)
    assert ortools.total_fit == assign(needs, services, fit=fit, solver="highs").total_fit


@given(problems(max_needs=10, max_services=5, max_amount=10))
def test_ortools_assignment_never_exceeds_a_capacity(problem) -> None:
    """The OR-Tools flow stays within needs, capacities and allowed pairs."""
    needs, services, fit = problem
    result = assign(needs, services, fit=fit, solver="ortools")
    served: dict[str, int] = {}
    for n, s, persons in result.pairs:
        assert (n, s) in fit
        assert fit[n, s] > 0
        served[n] = served.get(n, 0) + persons
    assert all(served.get(n, 0) <= persons for n, persons in needs.items())
    assert all(result.load[s] <= cap for s, cap in services.items())


def test_auto_picks_ortools_for_integer_fits() -> None:
    """With OR-Tools installed, solver='auto' uses it for integer fits."""
    result = assign({"n1": 2}, {"s1": 1, "s2": 1}, fit={("n1", "s1"): 2, ("n1", "s2"): 1})
    assert result.solver == "ortools"
    assert result.total_fit == 3


def test_auto_falls_back_to_highs_for_fractional_floats() -> None:
    """Floats that are not whole cannot scale exactly: solver='auto' uses HiGHS."""
    result = assign({"n1": 2}, {"s1": 1, "s2": 1}, fit={("n1", "s1"): 0.5, ("n1", "s2"): 0.25})
    assert result.solver == "highs"
    assert result.total_fit == 0.75


def test_auto_uses_ortools_for_integral_floats() -> None:
    """Floats that are all whole numbers scale exactly, so OR-Tools takes them."""
    result = assign({"n1": 2}, {"s1": 1, "s2": 1}, fit={("n1", "s1"): 2.0, ("n1", "s2"): 1.0})
    assert (result.solver, result.total_fit) == ("ortools", 3.0)


def test_forced_ortools_refuses_inexact_fits() -> None:
    """solver='ortools' with fits that do not scale exactly names the problem."""
    with pytest.raises(MatchingInputError, match="scale exactly"):
        assign({"n1": 1}, {"s1": 1}, fit={("n1", "s1"): 0.1}, solver="ortools")


def test_auto_falls_back_when_costs_overflow() -> None:
    """A fit so large that fit x persons reaches 2**62 goes to HiGHS under 'auto'."""
    result = assign({"n1": 4}, {"s1": 4}, fit={("n1", "s1"): 2**61})
    assert result.solver == "highs"
    assert result.total_fit == 4 * 2**61


def test_exact_costs_scale_decimals_by_their_common_denominator() -> None:
    """Decimals 0.5 and 0.25 scale by 4 to 2 and 1."""
    costs = exact_costs([Decimal("0.5"), Decimal("0.25"), 3], {Decimal, int}, persons=10)
    assert costs is not None
    assert costs.tolist() == [2, 1, 12]


def test_exact_costs_scale_fractions() -> None:
    """Fractions 1/3 and 1/4 scale by 12."""
    costs = exact_costs([Fraction(1, 3), Fraction(1, 4)], {Fraction}, persons=1)
    assert costs is not None
    assert costs.tolist() == [4, 3]


def test_exact_costs_refuse_what_would_overflow() -> None:
    """A cost at the limit, or one whose product with all persons reaches it, is refused."""
    assert exact_costs([COST_LIMIT], {int}, persons=1) is None
    assert exact_costs([2**40], {int}, persons=2**22) is None
    assert exact_costs([2**40], {int}, persons=2**21 - 1) is not None
    assert exact_costs([Decimal(1) / Decimal(3)], {Decimal}, persons=1) is None


def test_exact_costs_refuse_non_integral_floats() -> None:
    """A float with a fractional part cannot scale exactly."""
    assert exact_costs([1.0, 2.5], {float}, persons=1) is None
