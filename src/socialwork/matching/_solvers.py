"""The optimal backends of ``assign``: HiGHS (scipy, always there) and OR-Tools min-cost flow.

Both take the edges in use as arrays (need index, service index, fit) and return
the whole persons sent along each edge. HiGHS solves the transportation linear
program of each connected component; OR-Tools solves one min-cost flow on integer
costs, and so needs fits that scale exactly to 64-bit integers
(:func:`exact_costs`).
"""

from __future__ import annotations

import math
from collections.abc import Collection
from collections.abc import Set as AbstractSet
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from socialwork.errors import Message, SolverError

if TYPE_CHECKING:
    from scipy import sparse

__all__ = ["COST_LIMIT", "exact_costs", "fill_greedily", "solve_highs", "solve_ortools"]

COST_LIMIT = 2**62
"""Scaled fits, and fit times all persons, must stay below this for OR-Tools."""

Objective = Literal["max_fit", "max_count"]


def exact_costs(values: Collection[Any], kinds: AbstractSet[type], *, persons: int) -> np.ndarray | None:
    """Return the fits times one common denominator as exact int64, or ``None`` if impossible.

    Ints are taken as they are, floats only when every one is integral, Decimals and
    Fractions over the least common multiple of their denominators. ``None`` when a
    scaled fit, or the largest one times *persons* (the most flow there can be),
    reaches :data:`COST_LIMIT`.
    """
    if not values:
        return np.zeros(0, dtype=np.int64)
    if float in kinds:
        if not kinds <= {int, float}:
            return None
        floats = np.fromiter(values, dtype=np.float64, count=len(values))
        if not (np.abs(floats) < 2.0**53).all() or not (np.floor(floats) == floats).all():
            return None
        costs = floats.astype(np.int64)
    elif kinds <= {int}:
        try:
            costs = np.fromiter(values, dtype=np.int64, count=len(values))
        except OverflowError:
            return None
    elif kinds <= {int, Decimal, Fraction}:
        ratios = [value.as_integer_ratio() for value in values]
        denominator = math.lcm(*{d for _, d in ratios})
        if denominator >= COST_LIMIT:
            return None
        scaled = [n * (denominator // d) for n, d in ratios]
        if max(map(abs, scaled)) >= COST_LIMIT:
            return None
        costs = np.array(scaled, dtype=np.int64)
    else:
        return None
    top = max(int(costs.max()), -int(costs.min()))
    if top >= COST_LIMIT or top * max(persons, 1) >= COST_LIMIT:
        return None
    return costs


def solve_ortools(
    module: Any,
    *,
    rows: np.ndarray,
    cols: np.ndarray,
    costs: np.ndarray,
    persons: np.ndarray,
    capacity: np.ndarray,
    objective: Objective,
) -> np.ndarray | None:
    """Return the optimal flow on each edge from OR-Tools, or ``None`` if it finds the costs too big.

    Nodes: needs ``0..n-1``, services ``n..n+s-1``, a sink ``n+s``. For
    ``"max_fit"`` each need also has a free arc to the sink (persons left unmet), so
    every person flows and the cheapest flow is the best fit. For ``"max_count"``
    :meth:`SimpleMinCostFlow.solve_max_flow_with_min_cost` sends as many persons as
    can go and, among such flows, the cheapest: the lexicographic optimum.
    """
    n, s = len(persons), len(capacity)
    sink = n + s
    flow = module.SimpleMinCostFlow()
    k = len(rows)
    flow.add_arcs_with_capacity_and_unit_cost(
        rows.astype(np.int32),
        (n + cols).astype(np.int32),
        np.minimum(persons[rows], capacity[cols]).astype(np.int64),
        -costs,
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        np.arange(n, sink, dtype=np.int32),
        np.full(s, sink, dtype=np.int32),
        capacity.astype(np.int64),
        np.zeros(s, dtype=np.int64),
    )
    if objective == "max_fit":
        flow.add_arcs_with_capacity_and_unit_cost(
            np.arange(n, dtype=np.int32),
            np.full(n, sink, dtype=np.int32),
            persons.astype(np.int64),
            np.zeros(n, dtype=np.int64),
        )
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[:n] = persons
    supplies[sink] = -int(persons.sum())
    flow.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
    status = flow.solve() if objective == "max_fit" else flow.solve_max_flow_with_min_cost()
    if status == flow.BAD_COST_RANGE:
        return None
    if status != flow.OPTIMAL:
        msg = Message(
            "the OR-Tools min-cost flow solver failed with status {status}",
            "OR-Tools 最小费用流求解器失败，状态为 {status}",
            status=status.name,
        )
        raise SolverError(msg)
    found = np.asarray(flow.flows(np.arange(k, dtype=np.int32)), dtype=np.int64)
    _check_flow(found, rows=rows, cols=cols, persons=persons, capacity=capacity)
    return found


def _check_flow(
    flow: np.ndarray, *, rows: np.ndarray, cols: np.ndarray, persons: np.ndarray, capacity: np.ndarray
) -> None:
    served = np.bincount(rows, weights=flow, minlength=len(persons))
    loaded = np.bincount(cols, weights=flow, minlength=len(capacity))
    if (flow < 0).any() or (served > persons).any() or (loaded > capacity).any():
        msg = Message(
            "the solver's flow exceeds a need or a capacity", "求解器给出的流量超出了某个需求或容量"
        )
        raise SolverError(msg)


def solve_highs(
    *,
    rows: np.ndarray,
    cols: np.ndarray,
    weight: np.ndarray,
    persons: np.ndarray,
    capacity: np.ndarray,
    objective: Objective,
) -> np.ndarray:
    """Return the optimal flow on each edge, solving each connected component with HiGHS."""
    from scipy import sparse  # noqa: PLC0415 - scipy on first use keeps imports fast
    from scipy.sparse.csgraph import connected_components  # noqa: PLC0415

    n_needs, n_services = len(persons), len(capacity)
    flow = np.zeros(len(rows), dtype=np.int64)
    graph = sparse.coo_array(
        (np.ones(len(rows)), (rows, n_needs + cols)), shape=(n_needs + n_services, n_needs + n_services)
    )
    _, label = connected_components(graph, directed=False)
    component = label[rows]
    order = np.argsort(component, kind="stable")
    bounds = np.flatnonzero(np.diff(component[order])) + 1
    for part in np.split(order, bounds):
        flow[part] = _solve_component(
            rows[part], cols[part], weight[part], persons=persons, capacity=capacity, objective=objective
        )
    return flow


def _solve_component(
    rows: np.ndarray,
    cols: np.ndarray,
    weight: np.ndarray,
    *,
    persons: np.ndarray,
    capacity: np.ndarray,
    objective: Objective,
) -> np.ndarray:
    need_ids, need_local = np.unique(rows, return_inverse=True)
    service_ids, service_local = np.unique(cols, return_inverse=True)
    persons = persons[need_ids]
    capacity = capacity[service_ids]
    if len(need_ids) == 1 or len(service_ids) == 1:  # one side alone: best fit first is optimal
        return fill_greedily(
            weight, need_local=need_local, service_local=service_local, persons=persons, capacity=capacity
        )
    from scipy import sparse  # noqa: PLC0415 - scipy on first use keeps imports fast

    k = len(rows)
    index = np.arange(k)
    matrix = sparse.csr_array(
        (
            np.ones(2 * k),
            (np.concatenate([need_local, len(need_ids) + service_local]), np.concatenate([index, index])),
        ),
        shape=(len(need_ids) + len(service_ids), k),
    )
    limits = np.concatenate([persons, capacity]).astype(np.float64)
    if objective == "max_count":
        most = _linprog(-np.ones(k), matrix, limits)
        count = round(-most.fun)
        matrix = sparse.vstack([matrix, sparse.csr_array(-np.ones((1, k)))], format="csr")
        limits = np.append(limits, -count)
    found = _linprog(-weight, matrix, limits)
    x: np.ndarray = np.asarray(found.x, dtype=np.float64)
    whole = np.rint(x)
    if np.abs(x - whole).max(initial=0.0) > 1e-6 or (matrix @ whole > limits + 1e-6).any():
        msg = Message(
            "the linear program's optimum is not whole persons within capacities",
            "线性规划的最优解不是容量之内的整数人数",
        )
        raise SolverError(msg)
    result: np.ndarray = whole.astype(np.int64)
    return result


def _linprog(cost: np.ndarray, matrix: sparse.csr_array, limits: np.ndarray) -> Any:
    from scipy.optimize import linprog  # noqa: PLC0415 - scipy on first use keeps imports fast

    found = linprog(cost, A_ub=matrix, b_ub=limits, bounds=(0, None), method="highs-ds")
    if found.status != 0:
        msg = Message(
            "the linear-programming solver failed: {detail}",
            "线性规划求解器失败：{detail}",
            detail=found.message,
        )
        raise SolverError(msg)
    return found


def fill_greedily(
    weight: np.ndarray,
    *,
    need_local: np.ndarray,
    service_local: np.ndarray,
    persons: np.ndarray,
    capacity: np.ndarray,
) -> np.ndarray:
    """Fill the edges best fit first (ties by position, i.e. by sorted id)."""
    left_need = persons.tolist()
    left_service = capacity.tolist()
    needs, services = need_local.tolist(), service_local.tolist()
    flow = [0] * len(weight)
    for e in np.argsort(-weight, kind="stable").tolist():
        n, s = needs[e], services[e]
        amount = min(left_need[n], left_service[s])
        if amount > 0:
            flow[e] = amount
            left_need[n] -= amount
            left_service[s] -= amount
    return np.array(flow, dtype=np.int64)
