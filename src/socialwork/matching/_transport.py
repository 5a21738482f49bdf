"""The checked input of ``assign`` as arrays, the solvers' calls, and the result with its reasons.

Imported on the first call of :func:`~socialwork.matching.assign` or
:func:`~socialwork.matching.assign_greedy`, so that importing
:mod:`socialwork.matching` does not load numpy, scipy or OR-Tools.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

import numpy as np

from socialwork._optional import import_optional
from socialwork.errors import MatchingInputError, Message, Problem, excerpt
from socialwork.matching._assign import (
    Assignment,
    FitValue,
    Objective,
    Solver,
    UnmetNeed,
    UnmetReason,
    cannot_assign,
)
from socialwork.matching._prefs import sort_agents
from socialwork.matching._solvers import exact_costs, fill_greedily, solve_highs, solve_ortools

__all__ = ["greedy", "solve"]

_FLOAT_MAX = sys.float_info.max


class _Problem:
    """The checked input: ids in sorted order and the edges as arrays."""

    def __init__(self, needs: object, services: object, fit: object) -> None:
        problems: list[Problem] = []
        self.needs = _amounts(needs, "needs", "persons", problems)
        self.services = _amounts(services, "services", "capacity", problems)
        self.need_ids = _sorted_ids(self.needs, "needs")
        self.service_ids = _sorted_ids(self.services, "services")
        need_index = {n: i for i, n in enumerate(self.need_ids)}
        service_index = {s: j for j, s in enumerate(self.service_ids)}
        fits: dict[tuple[Any, Any], FitValue] = {}
        plain = _plain_mapping(fit, need_index, service_index)
        if plain is not None:
            fits, rows, cols, weight = plain
        elif callable(fit):
            for n in self.need_ids:
                for s in self.service_ids:
                    value = fit(n, s)
                    if value is not None and _check_fit(value, f"fit({n!r}, {s!r})", problems):
                        fits[n, s] = value
        elif isinstance(fit, Mapping):
            fits = _check_fit_mapping(fit, need_index, service_index, problems)
        else:
            msg = Message(
                "expected a mapping of (need_id, service_id) to fit, or a callable; got {type}",
                "应为从 (need_id, service_id) 到适配度的映射，或可调用对象，实为 {type}",
                type=type(fit).__name__,
            )
            problems.append(Problem("fit", msg))
        kinds = {type(v) for v in fits.values()}
        exact = sorted(kind.__name__ for kind in kinds & {Decimal, Fraction, float})
        if len(exact) > 1:
            msg = Message(
                "mixes {mixed} values; use one kind (with ints)",
                "混用了 {mixed} 值；请只用其中一种（可与 int 并用）",
                mixed=Message.joined(" and ", " 与 ", exact),
            )
            problems.append(Problem("fit", msg))
        if problems:
            raise MatchingInputError(cannot_assign(), problems)
        self.fits = fits
        self.kinds = kinds
        keys = list(fits)
        values = list(fits.values())
        if plain is None:
            rows = np.fromiter((need_index[k[0]] for k in keys), dtype=np.int64, count=len(keys))
            cols = np.fromiter((service_index[k[1]] for k in keys), dtype=np.int64, count=len(keys))
            weight = np.fromiter(map(float, values), dtype=np.float64, count=len(keys))
        order = np.lexsort((cols, rows)).tolist()
        self.keys = [keys[e] for e in order]
        self.values = [values[e] for e in order]
        self.rows, self.cols, self.weight = rows[order], cols[order], weight[order]
        self.persons = np.fromiter((self.needs[n] for n in self.need_ids), dtype=np.int64)
        self.capacity = np.fromiter((self.services[s] for s in self.service_ids), dtype=np.int64)


def _sorted_ids(ids: dict[Any, int], name: str) -> list[Any]:
    """Return *ids* sorted by type name, then id, or raise naming *name* if they cannot be sorted."""
    try:
        return sort_agents(ids)
    except TypeError:
        msg = Message(
            "cannot sort the ids: ids of one type must be comparable (e.g. all str)",
            "无法排序这些 id：同一类型的 id 必须可以相互比较（例如都是 str）",
        )
        raise MatchingInputError(cannot_assign(), [Problem(name, msg)]) from None


def _plain_mapping(
    fit: object, need_index: dict[Any, int], service_index: dict[Any, int]
) -> tuple[dict[tuple[Any, Any], FitValue], np.ndarray, np.ndarray, np.ndarray] | None:
    """Return a copy of *fit* and its edge arrays when it is all known pairs and plain numbers.

    The common case, checked in bulk; ``None`` sends anything else to the careful,
    entry-by-entry check that names every problem.
    """
    if not isinstance(fit, Mapping):
        return None
    fits = dict(fit)
    keys = list(fits)
    values = list(fits.values())
    if set(map(type, keys)) - {tuple} or set(map(len, keys)) - {2} or set(map(type, values)) - {int, float}:
        return None
    try:
        rows = np.fromiter([need_index[n] for n, _ in keys], dtype=np.int64, count=len(keys))
        cols = np.fromiter([service_index[s] for _, s in keys], dtype=np.int64, count=len(keys))
        weight = np.array(values, dtype=np.float64)
    except (KeyError, OverflowError):
        return None
    if not np.isfinite(weight).all():
        return None
    return fits, rows, cols, weight


def _check_fit_mapping(
    fit: Mapping[Any, Any], need_index: dict[Any, int], service_index: dict[Any, int], problems: list[Problem]
) -> dict[tuple[Any, Any], FitValue]:
    fits: dict[tuple[Any, Any], FitValue] = {}
    plain = (int, float)
    for key, value in fit.items():
        if (
            type(key) is tuple
            and len(key) == 2
            and key[0] in need_index
            and key[1] in service_index
            and type(value) in plain
            and -_FLOAT_MAX <= value <= _FLOAT_MAX
        ):
            fits[key] = value
            continue
        path = f"fit[{key!r}]"
        if not isinstance(key, tuple) or len(key) != 2:
            problems.append(
                Problem(
                    path, Message("expected a (need_id, service_id) pair", "应为 (need_id, service_id) 对")
                )
            )
            continue
        n, s = key
        known = True
        if n not in need_index:
            problems.append(Problem(path, Message("{id} is not a need", "{id} 不是需求", id=repr(n))))
            known = False
        if s not in service_index:
            problems.append(Problem(path, Message("{id} is not a service", "{id} 不是服务", id=repr(s))))
            known = False
        if _check_fit(value, path, problems) and known:
            fits[n, s] = value
    return fits


_AMOUNTS = {"persons": "人数", "capacity": "容量"}
PERSONS_LIMIT = 2**53
"""The most persons, all needs together (and the most capacity, all services together), assigned exactly.

The solvers count persons in floating point, whose whole numbers are exact up to 2**53.
"""


def _amounts(value: object, name: str, what: str, problems: list[Problem]) -> dict[Any, int]:
    """Return the whole amounts at least 0 of *value*; *what* is ``"persons"`` or ``"capacity"``."""
    if not isinstance(value, Mapping):
        msg = Message(
            "expected a mapping of id to {what}, got {type}",
            "应为从 id 到{what}的映射，实为 {type}",
            what=Message(what, _AMOUNTS[what]),
            type=type(value).__name__,
        )
        problems.append(Problem(name, msg))
        return {}
    found: dict[Any, int] = {}
    for key, amount in value.items():
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
            msg = Message(
                "expected {what} as a whole number >= 0, got {amount}",
                "{what}应为 >= 0 的整数，实为 {amount}",
                what=Message(what, _AMOUNTS[what]),
                amount=repr(amount),
            )
            problems.append(Problem(f"{name}[{key!r}]", msg))
        else:
            found[key] = amount
    total = sum(found.values())
    if total > PERSONS_LIMIT:
        msg = Message(
            "the total {what} is {total}, more than 2**53 ({limit}), the most counted exactly",
            "{what}合计 {total}，多于能精确计算的上限 2**53（{limit}）",
            what=Message(what, _AMOUNTS[what]),
            total=excerpt(total),
            limit=PERSONS_LIMIT,
        )
        problems.append(Problem(name, msg))
    return found


def _check_fit(value: object, path: str, problems: list[Problem]) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, Fraction)):
        msg = Message(
            "expected a number, got {type} {value}",
            "应为数值，实为 {type} {value}",
            type=type(value).__name__,
            value=repr(value),
        )
        problems.append(Problem(path, msg))
        return False
    try:  # within float range too: HiGHS works in floats
        finite = math.isfinite(float(value))
    except (OverflowError, ValueError):  # a huge int or Fraction, a signalling NaN
        finite = False
    if not finite:
        msg = Message(
            "expected a finite number, got {value}", "应为有限的数，实为 {value}", value=repr(value)
        )
        problems.append(Problem(path, msg))
        return False
    return True


def solve(
    needs: object, services: object, fit: object, *, objective: Objective, solver: Solver
) -> Assignment:
    """Return an optimal assignment; *objective* and *solver* are checked, the rest is not yet."""
    module = None
    if solver == "ortools":
        module = import_optional(
            "ortools.graph.python.min_cost_flow", extra="solvers", purpose='assign(..., solver="ortools")'
        )
    problem = _Problem(needs, services, fit)
    use = problem.weight > 0 if objective == "max_fit" else np.ones(len(problem.keys), dtype=bool)
    edges = np.flatnonzero(use)
    flow = np.zeros(len(problem.keys), dtype=np.int64)
    used: Literal["highs", "ortools"] = "highs" if solver == "highs" else "ortools"
    if solver == "auto":
        module = _ortools_if_installed()
        used = "highs" if module is None else "ortools"
    if len(edges) and used == "ortools":
        found = _solve_with_ortools(problem, edges, module, objective, forced=solver == "ortools")
        if found is None:
            used = "highs"
        else:
            flow[edges] = found
    if len(edges) and used == "highs":
        flow[edges] = solve_highs(
            rows=problem.rows[edges],
            cols=problem.cols[edges],
            weight=problem.weight[edges],
            persons=problem.persons,
            capacity=problem.capacity,
            objective=objective,
        )
    return _result(problem, flow, use, objective, "optimal", solver=used)


_ORTOOLS: list[Any] = []


def _ortools_if_installed() -> Any:
    """Return OR-Tools' min-cost flow module, or ``None``; looked for once a process."""
    if not _ORTOOLS:
        try:
            module = import_optional("ortools.graph.python.min_cost_flow", extra="solvers", purpose="assign")
        except ImportError:
            module = None
        _ORTOOLS.append(module)
    return _ORTOOLS[0]


def _solve_with_ortools(
    problem: _Problem, edges: np.ndarray, module: Any, objective: Objective, *, forced: bool
) -> np.ndarray | None:
    """Return the flow on *edges* from OR-Tools, or ``None`` when the fits do not scale exactly."""
    values = (
        problem.values if len(edges) == len(problem.values) else [problem.values[e] for e in edges.tolist()]
    )
    costs = exact_costs(values, problem.kinds, persons=int(problem.persons.sum()))
    found = None
    if costs is not None:
        found = solve_ortools(
            module,
            rows=problem.rows[edges],
            cols=problem.cols[edges],
            costs=costs,
            persons=problem.persons,
            capacity=problem.capacity,
            objective=objective,
        )
    if found is None and forced:
        msg = Message(
            "OR-Tools needs fits that scale exactly to 64-bit integers (ints, Decimals or "
            "Fractions over a common denominator, integral floats), each times all persons "
            "below 2**62; use solver='highs' or 'auto'",
            "OR-Tools 需要能精确换算为 64 位整数的适配度（int、有公分母的 Decimal 或 Fraction、"
            "取整数值的 float），且每个乘以总人数后小于 2**62；请用 solver='highs' 或 'auto'",
        )
        raise MatchingInputError(cannot_assign(), [Problem("solver", msg)])
    return found


def greedy(needs: object, services: object, fit: object) -> Assignment:
    """Return the greedy baseline's assignment (see ``assign_greedy``)."""
    problem = _Problem(needs, services, fit)
    use = problem.weight > 0
    flow = np.zeros(len(problem.keys), dtype=np.int64)
    edges = np.flatnonzero(use)
    flow[edges] = fill_greedily(
        problem.weight[edges],
        need_local=problem.rows[edges],
        service_local=problem.cols[edges],
        persons=problem.persons,
        capacity=problem.capacity,
    )
    return _result(problem, flow, use, "max_fit", "greedy", solver=None)


def _result(
    problem: _Problem,
    flow: np.ndarray,
    use: np.ndarray,
    objective: Objective,
    method: Literal["optimal", "greedy"],
    *,
    solver: Literal["highs", "ortools"] | None,
) -> Assignment:
    keys = problem.keys
    n_needs = len(problem.need_ids)
    pairs = []
    total: Any = 0
    for e in np.flatnonzero(flow).tolist():
        need, service = keys[e]
        amount = int(flow[e])
        pairs.append((need, service, amount))
        total += problem.fits[need, service] * amount
    served = np.bincount(problem.rows, weights=flow, minlength=n_needs)
    usable = np.bincount(problem.rows, weights=use, minlength=n_needs)
    starts = np.searchsorted(problem.rows, np.arange(n_needs + 1))
    unmet = []
    for i in np.flatnonzero(problem.persons > served).tolist():
        need = problem.need_ids[i]
        reach = tuple(keys[e][1] for e in range(starts[i], starts[i + 1]))
        if not reach:
            reason = UnmetReason.NO_SERVICE_IN_REACH
        elif not usable[i]:
            reason = UnmetReason.NO_POSITIVE_FIT
        else:
            reason = UnmetReason.ALL_FULL
        unmet.append(UnmetNeed(need, int(problem.persons[i] - served[i]), reason, reach))
    return Assignment(
        frozenset(pairs),
        total,
        objective,
        method,
        tuple(unmet),
        _capacities=problem.services,
        _fits=problem.fits,
        solver=solver,
    )
