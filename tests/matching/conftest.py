"""Warm up the first-use imports once, so that no Hypothesis deadline counts them."""

from __future__ import annotations

import importlib.util

import pytest

from socialwork.matching import assign, stable


@pytest.fixture(autouse=True, scope="session")
def _first_use_imports() -> None:
    """Import numpy, scipy and OR-Tools (when installed) as the first calls would, before any test runs."""
    stable({"a": ["x"]}, {"x": ["a"]}, capacities={"x": 1})
    stable({"a": ["x"]}, {"x": ["a"]}, capacities={"x": 1}, proposer_capacities={"a": 1})
    fit = {("n", "s"): 1, ("m", "s"): 2, ("m", "t"): 1}
    solvers = ["highs", "ortools"] if importlib.util.find_spec("ortools") is not None else ["highs"]
    for solver in solvers:
        assign({"n": 1, "m": 1}, {"s": 1, "t": 1}, fit=fit, solver=solver)  # type: ignore[arg-type]
