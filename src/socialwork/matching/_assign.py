"""Assignment of needs to services under capacities (服务供需精准对接)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

import attrs

from socialwork._optional import import_optional
from socialwork._tables import html_facts, html_table, short_items
from socialwork.errors import MatchingInputError, Message, Problem
from socialwork.matching._prefs import order_key, sort_agents
from socialwork.model import LabelledEnum, set_repr

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


class UnmetReason(LabelledEnum):
    """Why (part of) a need was left unmet.

    .. versionchanged:: 0.2
       A :class:`~socialwork.model.LabelledEnum`: it gained :meth:`~socialwork.model.Labelled.label`.

    Examples:
        >>> from socialwork.matching import UnmetReason
        >>> UnmetReason.ALL_FULL.zh, UnmetReason.ALL_FULL.label("en")
        ('可及服务均已满额', 'every service in reach is full')
    """

    NO_SERVICE_IN_REACH = "no_service_in_reach", "可及范围内无此类服务", "no service of that kind in reach"
    NO_POSITIVE_FIT = (
        "no_positive_fit",
        "可及服务均不适配",
        "every service in reach has a fit of zero or less",
    )
    ALL_FULL = "all_full", "可及服务均已满额", "every service in reach is full"


@attrs.frozen
class UnmetNeed:
    """The part of a need that an assignment leaves unmet, and why.

    Attributes:
        need_id: The need.
        persons: How many of its persons are not served.
        reason: Why.
        services: The services in reach of it (those with a listed fit), sorted.

    Examples:
        >>> from socialwork.matching import UnmetNeed, UnmetReason
        >>> str(UnmetNeed("n1", 3, UnmetReason.ALL_FULL, ("s1",)))
        "'n1': 3 person(s) unmet: every service in reach is full ('s1')"
    """

    need_id: Any
    persons: int
    reason: UnmetReason
    services: tuple[Any, ...] = ()

    def describe(self) -> Message:
        """Return what is unmet and why, in words: a Message in English that knows its Chinese.

        Examples:
            >>> from socialwork.matching import UnmetNeed, UnmetReason
            >>> UnmetNeed("n1", 3, UnmetReason.ALL_FULL, ("s1",)).describe().zh
            "'n1'：3 人未获服务：可及服务均已满额（'s1'）"

        .. versionadded:: 0.2
        """
        reason = Message(self.reason.en, self.reason.zh)  # labels hold no braces
        where = ""
        if self.services:
            where = Message(" ({services})", "（{services}）", services=", ".join(map(repr, self.services)))
        return Message(
            "{need}: {persons} person(s) unmet: {reason}{where}",
            "{need}：{persons} 人未获服务：{reason}{where}",
            need=repr(self.need_id),
            persons=self.persons,
            reason=reason,
            where=where,
        )

    def __str__(self) -> str:
        return self.describe()


@attrs.frozen(repr=False)
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
        >>> from socialwork.matching import assign
        >>> a = assign({"n1": 2}, {"s1": 1, "s2": 5}, fit={("n1", "s1"): 3, ("n1", "s2"): 1})
        >>> sorted(a.pairs), a.total_fit, a.load
        ([('n1', 's1', 1), ('n1', 's2', 1)], 4, {'s1': 1, 's2': 1})
        >>> a
        Assignment(optimal max_fit: 2 pair(s) [('n1', 's1', 1), ('n1', 's2', 1)], 2 person(s), ...)

    .. versionchanged:: 0.2
       Its ``repr`` is short however many pairs it holds; a notebook view was added.
    """

    pairs: frozenset[tuple[Any, Any, int]] = attrs.field(repr=set_repr)
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

    def _sorted_pairs(self) -> list[tuple[Any, Any, int]]:
        return sorted(self.pairs, key=lambda t: (order_key(t[0]), order_key(t[1])))

    def __repr__(self) -> str:
        return (
            f"Assignment({self.method} {self.objective}: {len(self.pairs)} pair(s) "
            f"{short_items(self._sorted_pairs())}, {self.persons} person(s), total_fit={self.total_fit!r}, "
            f"{len(self.unmet)} unmet need(s), solver={self.solver!r})"
        )

    def _repr_html_(self) -> str:
        facts = [
            ("method", self.method),
            ("objective", self.objective),
            ("solver", self.solver),
            ("pairs", len(self.pairs)),
            ("persons served", self.persons),
            ("total fit", self.total_fit),
            ("needs not fully served", len(self.unmet)),
        ]
        rows = ((n, s, p, self._fits[n, s]) for n, s, p in self._sorted_pairs())
        header = ["need_id", "service_id", "persons", "fit"]
        return html_facts("Assignment", facts, html_table("pairs", header, rows, total=len(self.pairs)))

    def to_frame(self) -> Any:
        """Return the pairs as a pandas ``DataFrame`` (``need_id, service_id, persons, fit``).

        Raises:
            SocialWorkError: pandas is not installed; precisely a ``MissingDependencyError``
                (also an ``ImportError``) that says ``pip install 'socialwork[pandas]'``.

        Examples:
            >>> from socialwork.matching import assign
            >>> assign({"n1": 2}, {"s1": 5}, fit={("n1", "s1"): 3}).to_frame()
              need_id service_id  persons  fit
            0      n1         s1        2    3
        """
        pd = import_optional("pandas", extra="pandas", purpose="Assignment.to_frame()")
        rows = self._sorted_pairs()
        return pd.DataFrame(
            {
                "need_id": [t[0] for t in rows],
                "service_id": [t[1] for t in rows],
                "persons": [t[2] for t in rows],
                "fit": [self._fits[t[0], t[1]] for t in rows],
            }
        )


def cannot_assign() -> Message:
    """Return the summary of every error of :func:`assign` and :func:`assign_greedy`."""
    return Message("cannot assign", "无法分配")


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
        MatchingInputError: an amount is not a whole number at least 0, the needs'
            persons or the services' capacities add up to more than 2**53 (the most
            the solvers count exactly), a fit names
            an unknown need or service or is not a finite number, or
            ``solver="ortools"`` is asked for fits that do not scale exactly; every
            problem is listed.
        MissingDependencyError: ``solver="ortools"`` and OR-Tools is not installed.
        SolverError: the solver failed (a bug or a solver limit, not bad input).

    Examples:
        Two needs compete for the one place of the closer service:

        >>> from socialwork.matching import assign
        >>> a = assign({"n1": 1, "n2": 1}, {"near": 1, "far": 1},
        ...            fit={("n1", "near"): 3, ("n1", "far"): 1, ("n2", "near"): 2})
        >>> sorted(a.pairs), a.total_fit
        ([('n1', 'far', 1), ('n2', 'near', 1)], 3)
        >>> [str(u) for u in assign({"n1": 3}, {"s1": 1}, fit={("n1", "s1"): 1}).unmet]
        ["'n1': 2 person(s) unmet: every service in reach is full ('s1')"]

        Fits of 0.5 and 0.25 scale exactly (by 4) for OR-Tools; HiGHS agrees:

        >>> from decimal import Decimal
        >>> fit = {("n1", "s1"): Decimal("0.5"), ("n1", "s2"): Decimal("0.25")}
        >>> assign({"n1": 3}, {"s1": 2, "s2": 2}, fit=fit, solver="highs").total_fit
        Decimal('1.25')
    """
    problems: list[Problem] = []
    if objective not in ("max_fit", "max_count"):
        msg = Message(
            "expected 'max_fit' or 'max_count', got {got}",
            "应为 'max_fit' 或 'max_count'，实为 {got}",
            got=repr(objective),
        )
        problems.append(Problem("objective", msg))
    if solver not in ("auto", "highs", "ortools"):
        msg = Message(
            "expected 'auto', 'highs' or 'ortools', got {got}",
            "应为 'auto', 'highs', 'ortools' 之一，实为 {got}",
            got=repr(solver),
        )
        problems.append(Problem("solver", msg))
    if problems:
        raise MatchingInputError(cannot_assign(), problems)
    from socialwork.matching._transport import solve  # noqa: PLC0415 - numpy, scipy on first use

    return solve(needs, services, fit, objective=objective, solver=solver)


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
        >>> from socialwork.matching import assign_greedy
        >>> fit = {("n1", "near"): 3, ("n1", "far"): 1, ("n2", "near"): 2}
        >>> assign_greedy({"n1": 1, "n2": 1}, {"near": 1, "far": 1}, fit=fit).total_fit
        3
        >>> sorted(assign_greedy({"n1": 1, "n2": 1}, {"near": 1, "far": 1}, fit=fit).pairs)
        [('n1', 'near', 1)]
    """
    from socialwork.matching._transport import greedy  # noqa: PLC0415 - numpy on first use

    return greedy(needs, services, fit)
