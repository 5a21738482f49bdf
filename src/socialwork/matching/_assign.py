"""Assignment of needs to services under capacities (服务供需精准对接)."""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Literal

import attrs
import numpy as np
from scipy import sparse
from scipy.optimize import linprog
from scipy.sparse.csgraph import connected_components

from socialwork._optional import import_optional
from socialwork.errors import MatchingInputError, Problem, SolverError
from socialwork.matching._prefs import order_key, sort_agents

__all__ = ["Assignment", "FitValue", "Objective", "UnmetNeed", "UnmetReason", "assign", "assign_greedy"]

FitValue = int | float | Decimal
"""A fit score: an ``int``, a finite ``float`` or a ``Decimal``; higher is better."""

Objective = Literal["max_fit", "max_count"]

FitInput = Mapping[tuple[Any, Any], FitValue] | Callable[[Any, Any], FitValue | None]


class UnmetReason(enum.Enum):
    """Why (part of) a need was left unmet.

    Examples:
        >>> UnmetReason.ALL_FULL.zh
        '可及服务均已满额'
    """

    NO_SERVICE_IN_REACH = "no_service_in_reach"
    NO_POSITIVE_FIT = "no_positive_fit"
    ALL_FULL = "all_full"

    @property
    def zh(self) -> str:
        """The Chinese label."""
        return _UNMET_LABELS[self][0]

    @property
    def en(self) -> str:
        """The English label."""
        return _UNMET_LABELS[self][1]


_UNMET_LABELS = {
    UnmetReason.NO_SERVICE_IN_REACH: ("可及范围内无此类服务", "no service of that kind in reach"),
    UnmetReason.NO_POSITIVE_FIT: ("可及服务均不适配", "every service in reach has a fit of zero or less"),
    UnmetReason.ALL_FULL: ("可及服务均已满额", "every service in reach is full"),
}


@attrs.frozen
class UnmetNeed:
    """The part of a need that an assignment leaves unmet, and why.

    Attributes:
        need_id: The need.
        persons: How many of its persons are not served.
        reason: Why.
        services: The services in reach of it (those with a listed fit), sorted.

    Examples:
        >>> str(UnmetNeed("n1", 3, UnmetReason.ALL_FULL, ("s1",)))
        "'n1': 3 person(s) unmet: every service in reach is full ('s1')"
    """

    need_id: Any
    persons: int
    reason: UnmetReason
    services: tuple[Any, ...] = ()

    def __str__(self) -> str:
        where = f" ({', '.join(map(repr, self.services))})" if self.services else ""
        return f"{self.need_id!r}: {self.persons} person(s) unmet: {self.reason.en}{where}"


@attrs.frozen
class Assignment:
    """Needs sent to services: who serves how many persons of which need.

    Attributes:
        pairs: ``(need_id, service_id, persons)`` triples, persons at least one.
        total_fit: The sum of fit times persons over the pairs.
        objective: ``"max_fit"`` or ``"max_count"``.
        method: ``"optimal"`` (linear programming) or ``"greedy"``.
        unmet: Every need not fully served, sorted by id, with the reason.

    Examples:
        >>> a = assign({"n1": 2}, {"s1": 1, "s2": 5}, fit={("n1", "s1"): 3, ("n1", "s2"): 1})
        >>> sorted(a.pairs), a.total_fit, a.load
        ([('n1', 's1', 1), ('n1', 's2', 1)], 4, {'s1': 1, 's2': 1})
    """

    pairs: frozenset[tuple[Any, Any, int]]
    total_fit: FitValue
    objective: Objective
    method: Literal["optimal", "greedy"]
    unmet: tuple[UnmetNeed, ...]
    _capacities: Mapping[Any, int] = attrs.field(eq=False, repr=False, alias="_capacities")
    _fits: Mapping[tuple[Any, Any], FitValue] = attrs.field(eq=False, repr=False, alias="_fits")

    @property
    def load(self) -> dict[Any, int]:
        """Persons assigned to each service (every service, zero if unused), sorted by id."""
        load = dict.fromkeys(sort_agents(self._capacities), 0)
        for _, service, persons in self.pairs:
            load[service] += persons
        return load

    @property
    def persons(self) -> int:
        """The persons served in all."""
        return sum(persons for _, _, persons in self.pairs)

    def to_frame(self) -> Any:
        """Return the pairs as a pandas ``DataFrame`` (``need_id, service_id, persons, fit``).

        Raises:
            SocialWorkError: pandas is not installed; precisely a ``MissingDependencyError``
                (also an ``ImportError``) that says ``pip install 'socialwork[pandas]'``.

        Examples:
            >>> assign({"n1": 2}, {"s1": 5}, fit={("n1", "s1"): 3}).to_frame()
              need_id service_id  persons  fit
            0      n1         s1        2    3
        """
        pd = import_optional("pandas", extra="pandas", purpose="Assignment.to_frame()")
        rows = sorted(self.pairs, key=lambda t: (order_key(t[0]), order_key(t[1])))
        return pd.DataFrame(
            {
                "need_id": [t[0] for t in rows],
                "service_id": [t[1] for t in rows],
                "persons": [t[2] for t in rows],
                "fit": [self._fits[t[0], t[1]] for t in rows],
            }
        )


class _Problem:
    """The checked input: ids in sorted order and the edges as arrays."""

    def __init__(self, needs: object, services: object, fit: object) -> None:
        problems: list[Problem] = []
        self.needs = _amounts(needs, "needs", "persons", problems)
        self.services = _amounts(services, "services", "capacity", problems)
        self.need_ids = sort_agents(self.needs)
        self.service_ids = sort_agents(self.services)
        need_index = {n: i for i, n in enumerate(self.need_ids)}
        service_index = {s: j for j, s in enumerate(self.service_ids)}
        fits: dict[tuple[Any, Any], FitValue] = {}
        if callable(fit):
            for n in self.need_ids:
                for s in self.service_ids:
                    value = fit(n, s)
                    if value is not None and _check_fit(value, f"fit({n!r}, {s!r})", problems):
                        fits[n, s] = value
        elif isinstance(fit, Mapping):
            fits = _check_fit_mapping(fit, need_index, service_index, problems)
        else:
            msg = (
                f"expected a mapping of (need_id, service_id) to fit, or a callable; got {type(fit).__name__}"
            )
            problems.append(Problem("fit", msg))
        kinds = {type(v) for v in fits.values()}
        if Decimal in kinds and float in kinds:
            problems.append(Problem("fit", "mixes Decimal and float values; use one or the other"))
        if problems:
            summary = "cannot assign"
            raise MatchingInputError(summary, problems)
        self.fits = fits
        keys = list(fits)
        rows = np.fromiter((need_index[k[0]] for k in keys), dtype=np.int64, count=len(keys))
        cols = np.fromiter((service_index[k[1]] for k in keys), dtype=np.int64, count=len(keys))
        weight = np.fromiter(map(float, fits.values()), dtype=np.float64, count=len(keys))
        order = np.lexsort((cols, rows))
        self.keys = [keys[e] for e in order.tolist()]
        self.rows, self.cols, self.weight = rows[order], cols[order], weight[order]
        self.persons = np.fromiter((self.needs[n] for n in self.need_ids), dtype=np.int64)
        self.capacity = np.fromiter((self.services[s] for s in self.service_ids), dtype=np.int64)


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
            and -math.inf < value < math.inf
        ):
            fits[key] = value
            continue
        path = f"fit[{key!r}]"
        if not isinstance(key, tuple) or len(key) != 2:
            problems.append(Problem(path, "expected a (need_id, service_id) pair"))
            continue
        n, s = key
        known = True
        if n not in need_index:
            problems.append(Problem(path, f"{n!r} is not a need"))
            known = False
        if s not in service_index:
            problems.append(Problem(path, f"{s!r} is not a service"))
            known = False
        if _check_fit(value, path, problems) and known:
            fits[n, s] = value
    return fits


def _amounts(value: object, name: str, what: str, problems: list[Problem]) -> dict[Any, int]:
    if not isinstance(value, Mapping):
        problems.append(Problem(name, f"expected a mapping of id to {what}, got {type(value).__name__}"))
        return {}
    found: dict[Any, int] = {}
    for key, amount in value.items():
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
            problems.append(
                Problem(f"{name}[{key!r}]", f"expected {what} as a whole number >= 0, got {amount!r}")
            )
        else:
            found[key] = amount
    return found


def _check_fit(value: object, path: str, problems: list[Problem]) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        problems.append(Problem(path, f"expected a number, got {type(value).__name__} {value!r}"))
        return False
    if not math.isfinite(value):
        problems.append(Problem(path, f"expected a finite number, got {value!r}"))
        return False
    return True


def assign(
    needs: Mapping[Any, int],
    services: Mapping[Any, int],
    /,
    *,
    fit: FitInput,
    objective: Objective = "max_fit",
) -> Assignment:
    """Return an optimal assignment of needs to services under the services' capacities.

    Each need has a number of persons; each service a capacity in persons. A need
    may be split across services. With ``objective="max_fit"`` the total of fit
    times persons is as large as possible (pairs whose fit is zero or less are never
    used); with ``"max_count"`` as many persons as possible are served and, among
    such assignments, the total fit is as large as possible. The problem is a
    transportation linear program; it is split into the connected components of
    the need-service graph and each is solved with the HiGHS dual simplex of
    :func:`scipy.optimize.linprog`, whose vertex optimum is whole persons (the
    constraint matrix is totally unimodular). Ids are processed in sorted order, so
    the answer does not depend on the input's order.

    Args:
        needs: Need id → persons needing the service (whole number, at least 0).
        services: Service id → capacity in persons (whole number, at least 0).
        fit: ``(need_id, service_id)`` → fit, for the allowed pairs only; or a
            callable ``fit(need_id, service_id)`` returning the fit or ``None`` if
            the pair is not allowed (called once for every pair).
        objective: ``"max_fit"`` or ``"max_count"``.

    Returns:
        The assignment, with every unmet need and its reason.

    Raises:
        MatchingInputError: an amount is not a whole number at least 0, a fit names
            an unknown need or service or is not a finite number; every problem is listed.
        SolverError: the solver failed (a bug or a solver limit, not bad input).

    Examples:
        Two needs compete for the one place of the closer service:

        >>> a = assign({"n1": 1, "n2": 1}, {"near": 1, "far": 1},
        ...            fit={("n1", "near"): 3, ("n1", "far"): 1, ("n2", "near"): 2})
        >>> sorted(a.pairs), a.total_fit
        ([('n1', 'far', 1), ('n2', 'near', 1)], 3)
        >>> [str(u) for u in assign({"n1": 3}, {"s1": 1}, fit={("n1", "s1"): 1}).unmet]
        ["'n1': 2 person(s) unmet: every service in reach is full ('s1')"]
    """
    if objective not in ("max_fit", "max_count"):
        summary = "cannot assign"
        raise MatchingInputError(
            summary, [Problem("objective", f"expected 'max_fit' or 'max_count', got {objective!r}")]
        )
    problem = _Problem(needs, services, fit)
    use = problem.weight > 0 if objective == "max_fit" else np.ones(len(problem.keys), dtype=bool)
    flow = np.zeros(len(problem.keys), dtype=np.int64)
    edges = np.flatnonzero(use)
    if len(edges):
        _solve(problem, edges, flow, objective)
    return _result(problem, flow, use, objective, "optimal")


def _solve(problem: _Problem, edges: np.ndarray, flow: np.ndarray, objective: Objective) -> None:
    n_needs, n_services = len(problem.need_ids), len(problem.service_ids)
    rows, cols = problem.rows[edges], problem.cols[edges]
    graph = sparse.coo_array(
        (np.ones(len(edges)), (rows, n_needs + cols)), shape=(n_needs + n_services, n_needs + n_services)
    )
    _, label = connected_components(graph, directed=False)
    component = label[rows]
    order = np.argsort(component, kind="stable")
    bounds = np.flatnonzero(np.diff(component[order])) + 1
    for part in np.split(order, bounds):
        _solve_component(problem, edges[part], flow, objective)


def _solve_component(problem: _Problem, edges: np.ndarray, flow: np.ndarray, objective: Objective) -> None:
    rows, cols = problem.rows[edges], problem.cols[edges]
    need_ids, need_local = np.unique(rows, return_inverse=True)
    service_ids, service_local = np.unique(cols, return_inverse=True)
    persons = problem.persons[need_ids]
    capacity = problem.capacity[service_ids]
    weight = problem.weight[edges]
    if len(need_ids) == 1 or len(service_ids) == 1:  # one side alone: best fit first is optimal
        flow[edges] = _fill_greedily(
            weight,
            need_local=need_local,
            service_local=service_local,
            persons=persons,
            capacity=capacity,
        )
        return
    k = len(edges)
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
    whole = np.rint(found.x)
    if np.abs(found.x - whole).max(initial=0.0) > 1e-6 or (matrix @ whole > limits + 1e-6).any():
        msg = "the linear program's optimum is not whole persons within capacities"
        raise SolverError(msg)
    flow[edges] = whole.astype(np.int64)


def _linprog(cost: np.ndarray, matrix: sparse.csr_array, limits: np.ndarray) -> Any:
    found = linprog(cost, A_ub=matrix, b_ub=limits, bounds=(0, None), method="highs-ds")
    if found.status != 0:
        msg = f"the linear-programming solver failed: {found.message}"
        raise SolverError(msg)
    return found


def _fill_greedily(
    weight: np.ndarray,
    *,
    need_local: np.ndarray,
    service_local: np.ndarray,
    persons: np.ndarray,
    capacity: np.ndarray,
) -> np.ndarray:
    """Fill the edges best fit first (ties by position, i.e. by sorted id)."""
    left_need = persons.copy()
    left_service = capacity.copy()
    flow = np.zeros(len(weight), dtype=np.int64)
    order = np.argsort(-weight, kind="stable")
    for e in order:
        n, s = need_local[e], service_local[e]
        amount = min(left_need[n], left_service[s])
        if amount > 0:
            flow[e] = amount
            left_need[n] -= amount
            left_service[s] -= amount
    return flow


def assign_greedy(needs: Mapping[Any, int], services: Mapping[Any, int], /, *, fit: FitInput) -> Assignment:
    """Return the greedy baseline: best-fit pairs first, each filled as far as it goes.

    Pairs are taken in order of fit, highest first (ties by need id, then service
    id), and each sends as many persons as both sides have left. It is fast and
    simple but not optimal; :func:`assign` is at least as good. Pairs whose fit is
    zero or less are never used.

    Args:
        needs: Need id → persons.
        services: Service id → capacity in persons.
        fit: As for :func:`assign`.

    Returns:
        The assignment, with ``method="greedy"``.

    Raises:
        MatchingInputError: as for :func:`assign`.

    Examples:
        >>> fit = {("n1", "near"): 3, ("n1", "far"): 1, ("n2", "near"): 2}
        >>> assign_greedy({"n1": 1, "n2": 1}, {"near": 1, "far": 1}, fit=fit).total_fit
        3
        >>> sorted(assign_greedy({"n1": 1, "n2": 1}, {"near": 1, "far": 1}, fit=fit).pairs)
        [('n1', 'near', 1)]
    """
    problem = _Problem(needs, services, fit)
    use = problem.weight > 0
    flow = np.zeros(len(problem.keys), dtype=np.int64)
    edges = np.flatnonzero(use)
    flow[edges] = _fill_greedily(
        problem.weight[edges],
        need_local=problem.rows[edges],
        service_local=problem.cols[edges],
        persons=problem.persons,
        capacity=problem.capacity,
    )
    return _result(problem, flow, use, "max_fit", "greedy")


def _result(
    problem: _Problem,
    flow: np.ndarray,
    use: np.ndarray,
    objective: Objective,
    method: Literal["optimal", "greedy"],
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
    )
