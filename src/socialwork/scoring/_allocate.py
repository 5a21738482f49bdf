"""Budget allocation for a venture-philanthropy round (公益创投大赛)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal, localcontext
from typing import Any, Final

import attrs
import numpy as np

from socialwork._tables import Columns, MoneyMode, html_facts, html_table, make_frame
from socialwork.errors import FieldError, InvalidValueError, Message, Problem, ScoringError
from socialwork.model import FEN, MONEY_CONTEXT, from_fen, to_fen, to_money
from socialwork.model.validators import int_between, optional
from socialwork.scoring._checks import check_score, id_problems, problems_of, raises
from socialwork.scoring._scores import Scores

__all__ = ["Allocation", "Funding", "Plan", "Unfunded", "allocate"]

_MAX_FRONT: Final = (
    4_000_000  # Pareto states kept by the exact solver before it asks for a coarser granularity
)

_CANNOT_ALLOCATE: Final = Message("cannot allocate the budget", "无法分配预算")


@attrs.frozen
class Funding:
    """A funded proposal.

    Attributes:
        proposal_id: The proposal.
        amount: Yuan granted, to the fen.
        score: Its score.
        rank: Its place by score among all proposals (1 for the best; ties by id).
        capped: Whether *amount* was cut to ``max_per_proposal``.
    """

    proposal_id: str
    amount: Decimal
    score: float
    rank: int
    capped: bool = False


@attrs.frozen
class Unfunded:
    """A proposal left unfunded, and why.

    Attributes:
        proposal_id: The proposal.
        requested: Yuan it would have received (its request, capped).
        score: Its score.
        rank: Its place by score among all proposals.
        reason: Why it was not funded: a :class:`~socialwork.errors.Message`, English
            text that knows its Chinese (``reason.zh``).

    .. versionchanged:: 0.2
       *reason* is a :class:`~socialwork.errors.Message`.
    """

    proposal_id: str
    requested: Decimal
    score: float
    rank: int
    reason: Message


_NOT_ABOVE_ZERO: Final = Message("its score is not above 0", "得分不高于 0")
_NOT_IN_BEST: Final = Message(
    "not in the highest-scoring set the budget buys", "不在预算所能资助的总分最高的组合中"
)

_PLAN_COLUMNS: Final[Columns] = {
    "proposal_id": "text",
    "rank": "int",
    "score": "float",
    "funded": "bool",
    "amount": "money",
    "capped": "bool",
    "reason": "text",
}

_ALLOCATION_COLUMNS: Final[Columns] = {
    "proposal_id": "text",
    "rank": "int",
    "score": "float",
    "amount": "money",
    "by_rank": "bool",
    "optimal": "bool",
}


@attrs.frozen(repr=False)
class Plan:
    """One way to spend the budget.

    Attributes:
        method: ``"rank"`` (down the ranking while money lasts) or ``"optimal"``
            (the highest total score the budget can buy).
        funded: The funded proposals, by rank.
        unfunded: The others, by rank, each with its reason.
        budget: The budget, in yuan.
        min_count: The minimum number of funded proposals asked for, if any.

    Examples:
        >>> from socialwork.scoring import allocate
        >>> allocate({"a": 600, "b": 500, "c": 400}, {"a": 0.9, "b": 0.8, "c": 0.7}, 1000).by_rank
        Plan(rank: 2 funded, 1000.00 of 1000.00 yuan, 1 unfunded, total score 1.6000)

    .. versionchanged:: 0.2
       Its ``repr`` is short however many proposals it holds; :meth:`to_frame`
       and a notebook view were added.
    """

    method: str
    funded: tuple[Funding, ...]
    unfunded: tuple[Unfunded, ...]
    budget: Decimal
    min_count: int | None

    @property
    def total_amount(self) -> Decimal:
        """The yuan granted in all (summed in whole fen, whatever the decimal context)."""
        return from_fen(sum(to_fen(f.amount) for f in self.funded))

    @property
    def total_score(self) -> float:
        """The sum of the funded proposals' scores (``math.fsum``, in rank order)."""
        return math.fsum(f.score for f in self.funded)

    @property
    def remaining(self) -> Decimal:
        """The yuan left over."""
        return from_fen(to_fen(self.budget) - to_fen(self.total_amount))

    @property
    def meets_min_count(self) -> bool | None:
        """Whether at least *min_count* proposals are funded (``None`` without one)."""
        return None if self.min_count is None else len(self.funded) >= self.min_count

    def _rows(self) -> list[tuple[Any, ...]]:
        rows = [(f.proposal_id, f.rank, f.score, True, f.amount, f.capped, "") for f in self.funded]
        rows += [(u.proposal_id, u.rank, u.score, False, u.requested, False, u.reason) for u in self.unfunded]
        return sorted(rows, key=lambda row: (row[1], row[0]))

    def to_frame(self, *, money: MoneyMode = "decimal") -> Any:
        """Return every proposal as a pandas ``DataFrame`` indexed by ``proposal_id``, by rank (needs pandas).

        Columns: ``rank`` and ``score``; ``funded`` (``bool``); ``amount``, the
        yuan granted or, for an unfunded proposal, that it would have received
        (``Decimal``, or ``int64`` fen with ``money="fen"``); ``capped``; and
        ``reason``, why it was not funded (empty when funded).

        Raises:
            MissingDependencyError: pandas is not installed.
            InvalidValueError: *money* is neither ``"decimal"`` nor ``"fen"``.

        Examples:
            >>> import pandas  # the pandas extra: without it, the example is skipped
            >>> from socialwork.scoring import allocate
            >>> plan = allocate({"a": 600, "b": 500}, {"a": 0.9, "b": 0.8}, 1000).by_rank
            >>> plan.to_frame(money="fen")[["rank", "funded", "amount"]]
                         rank  funded  amount
            proposal_id
            a               1    True   60000
            b               2   False   50000

        .. versionadded:: 0.2
        """
        return make_frame(
            _PLAN_COLUMNS, self._rows(), purpose="Plan.to_frame()", index="proposal_id", money=money
        )

    def __repr__(self) -> str:
        return (
            f"Plan({self.method}: {len(self.funded)} funded, {self.total_amount} of {self.budget} yuan, "
            f"{len(self.unfunded)} unfunded, total score {self.total_score:.4f})"
        )

    def _repr_html_(self) -> str:
        facts = [
            ("method", self.method),
            ("funded", len(self.funded)),
            ("unfunded", len(self.unfunded)),
            ("granted (yuan)", self.total_amount),
            ("budget (yuan)", self.budget),
            ("total score", self.total_score),
        ]
        rows = self._rows()
        return html_facts("Plan", facts, html_table("proposals", list(_PLAN_COLUMNS), rows, total=len(rows)))


@attrs.frozen(repr=False)
class Allocation:
    """The result of :func:`allocate`: the usual plan by rank, and the exact optimum beside it.

    Attributes:
        by_rank: Funding down the ranking, skipping what no longer fits.
        optimal: The maximum total score within the budget, solved exactly at
            *granularity* (see :func:`allocate`).
        granularity: The unit in which the optimum was solved, in yuan.
    """

    by_rank: Plan
    optimal: Plan
    granularity: Decimal

    def _rows(self) -> list[tuple[Any, ...]]:
        chosen = {f.proposal_id for f in self.optimal.funded}
        return [
            (pid, rank, score, amount, funded, pid in chosen)
            for pid, rank, score, funded, amount, _, _ in self.by_rank._rows()
        ]

    def to_frame(self, *, money: MoneyMode = "decimal") -> Any:
        """Return every proposal as a pandas ``DataFrame`` indexed by ``proposal_id``, by rank (needs pandas).

        Columns: ``rank``, ``score``, ``amount`` (what it is granted if funded,
        ``Decimal`` or ``int64`` fen with ``money="fen"``), and whether ``by_rank``
        and the ``optimal`` plan fund it (``bool``).

        Raises:
            MissingDependencyError: pandas is not installed.
            InvalidValueError: *money* is neither ``"decimal"`` nor ``"fen"``.

        Examples:
            >>> import pandas  # the pandas extra: without it, the example is skipped
            >>> from socialwork.scoring import allocate
            >>> result = allocate({"a": 600, "b": 500, "c": 400}, {"a": 0.9, "b": 0.8, "c": 0.7}, 1000)
            >>> result.to_frame()[["by_rank", "optimal"]]
                         by_rank  optimal
            proposal_id
            a               True     True
            b              False    False
            c               True     True

        .. versionadded:: 0.2
        """
        return make_frame(
            _ALLOCATION_COLUMNS,
            self._rows(),
            purpose="Allocation.to_frame()",
            index="proposal_id",
            money=money,
        )

    def __repr__(self) -> str:
        plans = f"by_rank={self.by_rank!r}, optimal={self.optimal!r}"
        return f"Allocation({plans}, granularity={self.granularity!r})"

    def _repr_html_(self) -> str:
        facts = [
            ("by rank", repr(self.by_rank)),
            ("optimal", repr(self.optimal)),
            ("granularity", self.granularity),
        ]
        rows = self._rows()
        table = html_table("proposals", list(_ALLOCATION_COLUMNS), rows, total=len(rows))
        return html_facts("Allocation", facts, table)


def _check(
    proposals: Mapping[str, Decimal | int | str],
    scores: Mapping[str, float],
    budget: Decimal | int | str,
    *,
    min_count: int | None,
    max_per_proposal: Decimal | int | str | None,
    granularity: Decimal | int | str,
) -> tuple[dict[str, int], dict[str, float], int, int | None, int]:
    problems: list[Problem] = []
    arguments: tuple[tuple[str, object], ...] = (("proposals", proposals), ("scores", scores))
    for name, given in arguments:
        if not isinstance(given, Mapping):
            msg = Message(
                "expected a mapping by proposal id, got {type}",
                "应为按申报项目 id 的映射，实为 {type}",
                type=type(given).__name__,
            )
            problems.append(Problem(name, msg))
    if problems:
        raise ScoringError(_CANNOT_ALLOCATE, problems)
    problems.extend(id_problems(proposals, "proposals") + id_problems(scores, "scores"))
    if problems:
        raise ScoringError(_CANNOT_ALLOCATE, problems)

    def money(value: Decimal | int | str, path: str, *, positive: bool) -> int:
        try:
            amount = to_money(value, path=path)
        except FieldError as error:
            problems.extend(error.problems)
            return 0
        if positive and amount <= 0:
            msg = Message(
                "expected an amount above 0, got {value}",
                "应为大于 0 的金额，实为 {value}",
                value=repr(value),
            )
            problems.append(Problem(path, msg))
        return to_fen(amount)

    requests = {pid: money(amount, f"proposals[{pid!r}]", positive=True) for pid, amount in proposals.items()}
    budget_fen = money(budget, "budget", positive=False)
    cap = None if max_per_proposal is None else money(max_per_proposal, "max_per_proposal", positive=True)
    unit = money(granularity, "granularity", positive=True)
    values: dict[str, float] = {}
    for pid in proposals:
        if pid not in scores:
            problems.append(
                Problem(f"scores[{pid!r}]", Message("no score for this proposal", "该申报项目没有得分"))
            )
            continue
        score = scores[pid]
        found = problems_of(check_score, f"scores[{pid!r}]", score)
        problems.extend(found)
        if not found:
            values[pid] = float(score)
    problems.extend(
        Problem(f"scores[{pid!r}]", Message("a score for an unknown proposal", "得分所属的申报项目不存在"))
        for pid in scores
        if pid not in proposals
    )
    problems.extend(problems_of(optional(int_between(0)), "min_count", min_count))
    if problems:
        raise ScoringError(_CANNOT_ALLOCATE, problems)
    return requests, values, budget_fen, cap, unit


def _optimum(costs: list[int], values: list[float], capacity: int) -> list[int]:
    """Return the items (positions) of a maximum-value subset within *capacity* (Nemhauser-Ullmann)."""
    cost = np.zeros(1, dtype=np.int64)
    value = np.zeros(1)
    history: list[tuple[np.ndarray, np.ndarray]] = []
    for c, v in zip(costs, values, strict=True):
        grown = cost + c
        fits = np.flatnonzero(grown <= capacity)
        all_cost = np.concatenate((cost, grown[fits]))
        all_value = np.concatenate((value, value[fits] + v))
        parent = np.concatenate((np.arange(cost.shape[0]), fits))
        taken = np.concatenate((np.zeros(cost.shape[0], dtype=bool), np.ones(fits.shape[0], dtype=bool)))
        order = np.lexsort((-all_value, all_cost))
        ordered = all_value[order]
        best_before = np.concatenate(([-np.inf], np.maximum.accumulate(ordered)[:-1]))
        keep = order[ordered > best_before]
        cost, value = all_cost[keep], all_value[keep]
        history.append((parent[keep], taken[keep]))
        if cost.shape[0] > _MAX_FRONT:
            msg = Message(
                "the exact optimum needs more than {most} states at this granularity; "
                "pass a coarser granularity, e.g. Decimal('100') yuan",
                "在此粒度下，求精确最优解需要多于 {most} 个状态；请传入更粗的粒度，例如 Decimal('100') 元",
                most=_MAX_FRONT,
            )
            raise InvalidValueError(msg, path="granularity")
    state = int(np.argmax(value))
    chosen = []
    for item in range(len(costs) - 1, -1, -1):
        parents, taken = history[item]
        if taken[state]:
            chosen.append(item)
        state = int(parents[state])
    return sorted(chosen)


@raises(_CANNOT_ALLOCATE)
def allocate(
    proposals: Mapping[str, Decimal | int | str],
    scores: Mapping[str, float] | Scores,
    budget: Decimal | int | str,
    /,
    *,
    min_count: int | None = None,
    max_per_proposal: Decimal | int | str | None = None,
    granularity: Decimal | int | str = FEN,
) -> Allocation:
    """Fund scored proposals within a budget: by rank, and the exact optimum to compare.

    By rank (the usual practice): proposals are taken best score first (ties by
    id) and funded in full while the money lasts; one that no longer fits is
    skipped and the next is tried. The optimum maximises the total score of the
    funded proposals within the budget, a 0/1 knapsack solved exactly (dynamic
    programming over Pareto-optimal (cost, score) states): at the fen by default,
    or with every request rounded *up* to a multiple of *granularity*, so the
    plan never exceeds the budget. Its total score is never below the plan by rank.
    A proposal whose score is not above 0 never raises the total and is not in the
    optimum. Money is ``Decimal`` yuan at the API and whole fen inside; amounts
    are read in :data:`~socialwork.model.MONEY_CONTEXT`, whatever the caller's
    decimal context.

    Args:
        proposals: Each proposal's requested yuan, by id.
        scores: Each proposal's score by id, or :class:`Scores`.
        budget: The yuan to spend.
        min_count: A minimum number of funded proposals to check (e.g. 30).
        max_per_proposal: A cap on any one grant; larger requests are funded at the cap.
        granularity: The unit of the exact optimum, in yuan (one fen by default).

    Returns:
        An :class:`Allocation` with both plans.

    Raises:
        ScoringError: every problem with the amounts, the scores or *min_count*, at
            once; or the optimum needs too many states at this granularity
            (``path`` ``granularity``).

    Examples:
        >>> from socialwork.scoring import allocate
        >>> result = allocate({"p1": "60000", "p2": "50000", "p3": "50000"},
        ...                   {"p1": 0.9, "p2": 0.8, "p3": 0.7}, "100000", min_count=2)
        >>> [f.proposal_id for f in result.by_rank.funded], result.by_rank.meets_min_count
        (['p1'], False)
        >>> [f.proposal_id for f in result.optimal.funded], result.optimal.total_amount
        (['p2', 'p3'], Decimal('100000.00'))
        >>> reason = result.by_rank.unfunded[0].reason
        >>> print(reason)
        requests 50000.00 yuan; 40000.00 yuan left when its turn came
        >>> print(reason.zh)
        申请 50000.00 元；轮到它时预算只剩 40000.00 元

    .. versionchanged:: 0.2
       Too many states for the optimum raises :class:`~socialwork.errors.ScoringError`,
       not ``InvalidValueError``; *proposals* or *scores* that are not mappings are
       reported in it too.
    """
    with localcontext(MONEY_CONTEXT):
        return _allocate(
            proposals,
            scores,
            budget,
            min_count=min_count,
            max_per_proposal=max_per_proposal,
            granularity=granularity,
        )


def _allocate(
    proposals: Mapping[str, Decimal | int | str],
    scores: Mapping[str, float] | Scores,
    budget: Decimal | int | str,
    /,
    *,
    min_count: int | None,
    max_per_proposal: Decimal | int | str | None,
    granularity: Decimal | int | str,
) -> Allocation:
    if isinstance(scores, Scores):
        scores = scores.as_dict()
    requests, values, budget_fen, cap, unit = _check(
        proposals,
        scores,
        budget,
        min_count=min_count,
        max_per_proposal=max_per_proposal,
        granularity=granularity,
    )
    order = sorted(requests, key=lambda pid: (-values[pid], pid))
    places = {pid: place for place, pid in enumerate(order, start=1)}
    amounts = {pid: requests[pid] if cap is None else min(requests[pid], cap) for pid in order}
    budget_yuan = from_fen(budget_fen)

    def plan(method: str, chosen: set[str], reason: Mapping[str, Message]) -> Plan:
        funded = tuple(
            Funding(pid, from_fen(amounts[pid]), values[pid], places[pid], amounts[pid] < requests[pid])
            for pid in order
            if pid in chosen
        )
        unfunded = tuple(
            Unfunded(pid, from_fen(amounts[pid]), values[pid], places[pid], reason[pid])
            for pid in order
            if pid not in chosen
        )
        return Plan(method, funded, unfunded, budget_yuan, min_count)

    left = budget_fen
    greedy: set[str] = set()
    greedy_reason: dict[str, Message] = {}
    for pid in order:
        if amounts[pid] <= left:
            greedy.add(pid)
            left -= amounts[pid]
        else:
            greedy_reason[pid] = Message(
                "requests {requested} yuan; {left} yuan left when its turn came",
                "申请 {requested} 元；轮到它时预算只剩 {left} 元",
                requested=from_fen(amounts[pid]),
                left=from_fen(left),
            )
    by_rank = plan("rank", greedy, greedy_reason)

    candidates = sorted(pid for pid in order if values[pid] > 0)
    units = [-(-amounts[pid] // unit) for pid in candidates]
    picked = _optimum(units, [values[pid] for pid in candidates], budget_fen // unit)
    best = {candidates[i] for i in picked}
    if math.fsum(values[pid] for pid in best) < by_rank.total_score:
        best = {pid for pid in greedy if values[pid] > 0}
    optimal_reason = {pid: _NOT_ABOVE_ZERO if values[pid] <= 0 else _NOT_IN_BEST for pid in order}
    optimal = plan("optimal", best, optimal_reason)
    return Allocation(by_rank, optimal, from_fen(unit))
