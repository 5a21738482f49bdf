"""Assignment of needs to services under capacities (服务供需精准对接)."""

from __future__ import annotations

import enum
import math
import sys
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

import attrs
import numpy as np

from socialwork._optional import import_optional
from socialwork.errors import MatchingInputError, Problem
from socialwork.matching._prefs import order_key, sort_agents
from socialwork.matching._solvers import exact_costs, fill_greedily, solve_highs, solve_ortools

__all__ = [
    "Assignment",
    "FitValue",
    "Objective",
    "Solver",
    "UnmetNeed",
    "UnmetReason",
    "assign",
    "assign_greedy",
]

FitValue = int | float | Decimal | Fraction
"""A fit score: an ``int``, a finite ``float``, a ``Decimal`` or a ``Fraction``; higher is better."""

Objective = Literal["max_fit", "max_count"]

Solver = Literal["auto", "highs", "ortools"]
"""The backend of :func:`assign`: ``"auto"``, ``"highs"`` (scipy) or ``"ortools"`` (OR-Tools)."""

FitInput = Mapping[tuple[Any, Any], FitValue] | Callable[[Any, Any], FitValue | None]


_FLOAT_MAX = sys.float_info.max


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
        method: ``"optimal"`` or ``"greedy"``.
        unmet: Every need not fully served, sorted by id, with the reason.
        solver: The backend that found an optimal assignment, ``"highs"`` or
            ``"ortools"`` (see :func:`assign`); ``None`` for the greedy baseline.

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
    solver: Literal["highs", "ortools"] | None = attrs.field(default=None, kw_only=True)

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
            msg = (
                f"expected a mapping of (need_id, service_id) to fit, or a callable; got {type(fit).__name__}"
            )
            problems.append(Problem("fit", msg))
        kinds = {type(v) for v in fits.values()}
        exact = sorted(kind.__name__ for kind in kinds & {Decimal, Fraction, float})
        if len(exact) > 1:
            mixed = " and ".join(exact)
            problems.append(Problem("fit", f"mixes {mixed} values; use one kind (with ints)"))
        if problems:
            summary = "cannot assign"
            raise MatchingInputError(summary, problems)
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
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, Fraction)):
        problems.append(Problem(path, f"expected a number, got {type(value).__name__} {value!r}"))
        return False
    try:  # within float range too: HiGHS works in floats
        finite = math.isfinite(float(value))
    except (OverflowError, ValueError):  # a huge int or Fraction, a signalling NaN
        finite = False
    if not finite:
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
    solver: Solver = "auto",
) -> Assignment:
    """Return an optimal assignment of needs to services under the services' capacities.

    Each need has a number of persons; each service a capacity in persons. A need
    may be split across services. With ``objective="max_fit"`` the total of fit
    times persons is as large as possible (pairs whose fit is zero or less are never
    used); with ``"max_count"`` as many persons as possible are served and, among
    such assignments, the total fit is as large as possible. The problem is a
    transportation problem, solved exactly by one of two backends:

    - ``"ortools"``: the min-cost flow of Google OR-Tools
      (``SimpleMinCostFlow``, install ``socialwork[solvers]``), on integer costs. It
      needs every fit to scale exactly to a 64-bit integer: ints; Decimals or
      Fractions times the least common multiple of their denominators; floats only
      when all are integral; and each scaled fit, times all persons, below 2**62.
    - ``"highs"``: the HiGHS dual simplex of :func:`scipy.optimize.linprog` on each
      connected component of the need-service graph, whose vertex optimum is whole
      persons (the constraint matrix is totally unimodular). It takes any fits.

    ``"auto"`` picks OR-Tools when it is installed and the fits scale exactly,
    else HiGHS. Both give an optimum, so the same total fit; when several
    assignments are optimal they may pick different ones. Ids are processed in
    sorted order, so the answer does not depend on the input's order.

    Args:
        needs: Need id → persons needing the service (whole number, at least 0).
        services: Service id → capacity in persons (whole number, at least 0).
        fit: ``(need_id, service_id)`` → fit, for the allowed pairs only; or a
            callable ``fit(need_id, service_id)`` returning the fit or ``None`` if
            the pair is not allowed (called once for every pair).
        objective: ``"max_fit"`` or ``"max_count"``.
        solver: ``"auto"``, ``"highs"`` or ``"ortools"``.

    Returns:
        The assignment, with every unmet need and its reason, and the solver used.

    Raises:
        MatchingInputError: an amount is not a whole number at least 0, a fit names
            an unknown need or service or is not a finite number, or
            ``solver="ortools"`` is asked for fits that do not scale exactly; every
            problem is listed.
        MissingDependencyError: ``solver="ortools"`` and OR-Tools is not installed.
        SolverError: the solver failed (a bug or a solver limit, not bad input).

    Examples:
        Two needs compete for the one place of the closer service:

        >>> a = assign({"n1": 1, "n2": 1}, {"near": 1, "far": 1},
        ...            fit={("n1", "near"): 3, ("n1", "far"): 1, ("n2", "near"): 2})
        >>> sorted(a.pairs), a.total_fit
        ([('n1', 'far', 1), ('n2', 'near', 1)], 3)
        >>> [str(u) for u in assign({"n1": 3}, {"s1": 1}, fit={("n1", "s1"): 1}).unmet]
        ["'n1': 2 person(s) unmet: every service in reach is full ('s1')"]

        Fits of 0.5 and 0.25 scale exactly (by 4) for OR-Tools; HiGHS agrees:

        >>> fit = {("n1", "s1"): Decimal("0.5"), ("n1", "s2"): Decimal("0.25")}
        >>> assign({"n1": 3}, {"s1": 2, "s2": 2}, fit=fit, solver="highs").total_fit
        Decimal('1.25')
    """
    problems: list[Problem] = []
    if objective not in ("max_fit", "max_count"):
        problems.append(Problem("objective", f"expected 'max_fit' or 'max_count', got {objective!r}"))
    if solver not in ("auto", "highs", "ortools"):
        problems.append(Problem("solver", f"expected 'auto', 'highs' or 'ortools', got {solver!r}"))
    if problems:
        summary = "cannot assign"
        raise MatchingInputError(summary, problems)
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
        msg = (
            "OR-Tools needs fits that scale exactly to 64-bit integers (ints, Decimals or "
            "Fractions over a common denominator, integral floats), each times all persons "
            "below 2**62; use solver='highs' or 'auto'"
        )
        summary = "cannot assign"
        raise MatchingInputError(summary, [Problem("solver", msg)])
    return found


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
