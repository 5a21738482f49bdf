"""Ranking, sensitivity of a ranking to its weights, and award quotas (三优评选)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final, Literal, overload

import attrs
import numpy as np
import numpy.typing as npt

from socialwork._tables import Columns, html_facts, html_table, make_frame
from socialwork.errors import InvalidValueError, Message, Problem, ScoringError
from socialwork.model.validators import instance_of, int_between, one_of, optional
from socialwork.scoring._aggregate import closeness
from socialwork.scoring._checks import (
    FloatArray,
    as_matrix,
    as_vector,
    as_weights,
    check_score,
    id_problems,
    problems_of,
    raises,
    shares,
)
from socialwork.scoring._normalize import Normalization, apply, prepare
from socialwork.scoring._scores import Scores

__all__ = [
    "THREE_EXCELLENTS",
    "Award",
    "Awards",
    "RankReversal",
    "Stability",
    "awards",
    "rank",
    "rank_reversals",
    "top_k_stability",
]

THREE_EXCELLENTS: Final[Mapping[str, str]] = {
    "station": "优秀社工站(室)",
    "project": "优秀社工项目",
    "staff": "优秀社工站人员",
}
"""The three categories of the "three excellents" awards (三优评选), with their Chinese names."""

RankMethod = Literal["average", "competition"]

_AGGREGATIONS: Final = ("weighted_sum", "topsis")


def _ranks(keys: FloatArray, method: str) -> FloatArray:
    """Return the rank of each key, smallest first (``scipy.stats.rankdata``'s ``average`` or ``min``).

    Plain numpy, so that importing the scoring package does not load ``scipy.stats``.
    """
    size = keys.shape[0]
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts_group = np.empty(size, dtype=bool)
    starts_group[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts_group[1:])
    group = np.cumsum(starts_group) - 1
    first = np.flatnonzero(starts_group)  # the 0-based position where each group starts
    if method == "average":
        last = np.append(first[1:], size)  # one past its end
        place = (first + 1 + last) / 2.0
    else:
        place = first + 1.0
    ranks = np.empty(size)
    ranks[order] = place[group]
    return ranks


@overload
def rank(
    scores: Mapping[str, float] | Scores, /, *, method: RankMethod = ..., higher_is_better: bool = ...
) -> dict[str, float]: ...
@overload
def rank(
    scores: Sequence[float] | FloatArray, /, *, method: RankMethod = ..., higher_is_better: bool = ...
) -> FloatArray: ...
def rank(
    scores: Mapping[str, float] | Scores | Sequence[float] | FloatArray,
    /,
    *,
    method: RankMethod = "average",
    higher_is_better: bool = True,
) -> dict[str, float] | FloatArray:
    """Return the rank of each score: 1 for the best.

    Equal scores (exactly equal floats) tie. ``"average"`` gives tied entities the
    mean of the places they share (1, 2.5, 2.5, 4), as pymcdm's and scipy's
    ``rankdata`` do; ``"competition"`` gives them the best of those places (1, 2, 2,
    4), as sports tables do. Either way the result depends only on the scores, not
    on their order.

    Args:
        scores: A sequence or array (ranks come back in the same order), a mapping
            from id to score, or :class:`Scores` (ranks come back by id, best first,
            ties in id order).
        method: ``"average"`` or ``"competition"``.
        higher_is_better: Rank the highest score first (the default) or the lowest.

    Returns:
        An array of ranks, or a dict from id to rank.

    Raises:
        ScoringError: an unknown method, scores that are not finite numbers, or a
            *higher_is_better* that is not a ``bool``.

    Examples:
        >>> from socialwork.scoring import rank
        >>> rank([0.9, 0.7, 0.9, 0.1])
        array([1.5, 3. , 1.5, 4. ])
        >>> rank({"b": 0.7, "a": 0.9, "c": 0.7}, method="competition")
        {'a': 1.0, 'b': 2.0, 'c': 2.0}

    .. versionchanged:: 0.2
       Raises :class:`~socialwork.errors.ScoringError` where it raised
       ``InvalidValueError``; ranks are computed with numpy alone.
    """
    # Not decorated itself: autodoc evaluates the overloads in the decorated object's globals.
    return _rank(scores, method=method, higher_is_better=higher_is_better)


@raises(Message("cannot rank the scores", "无法对得分排名"))
def _rank(
    scores: Mapping[str, float] | Scores | Sequence[float] | FloatArray,
    /,
    *,
    method: str,
    higher_is_better: bool,
) -> dict[str, float] | FloatArray:
    one_of(("average", "competition"))(None, "method", method)
    instance_of(bool)(None, "higher_is_better", higher_is_better)
    if isinstance(scores, Scores):
        scores = scores.as_dict()
    ids: list[str] | None = None
    if isinstance(scores, Mapping):
        ids = list(scores)
        found = id_problems(scores, "scores")
        if found:
            raise ScoringError(Message("cannot rank the scores", "无法对得分排名"), found)
        values = as_vector([scores[key] for key in ids], field="scores")
    else:
        values = as_vector(scores, field="scores")
    keyed = -values if higher_is_better else values
    ranks = _ranks(keyed, method)
    if ids is None:
        return ranks
    order = sorted(range(len(ids)), key=lambda i: (ranks[i], ids[i]))
    return {ids[i]: float(ranks[i]) for i in order}


def _scorer(
    matrix: Any,
    weights: Any,
    directions: Any,
    normalization: Any,
    *,
    targets: Any,
    method: str,
) -> tuple[FloatArray, FloatArray, Any]:
    one_of(_AGGREGATIONS)(None, "method", method)
    values, _, how = prepare(matrix, normalization, directions, targets)
    w = as_weights(weights, size=values.shape[1])
    return values, shares(w), how


def _scores(normalized: FloatArray, weights: FloatArray, method: str) -> FloatArray:
    if method == "weighted_sum":
        result: FloatArray = normalized @ weights
        return result
    weighted = normalized * weights
    return closeness(weighted, weighted.max(axis=0), weighted.min(axis=0))


def _top(scores: FloatArray, k: int) -> npt.NDArray[np.intp]:
    return np.lexsort((np.arange(scores.shape[0]), -scores))[:k]


@attrs.frozen(eq=False)
class Stability:
    """How stable the top *k* is when the weights are perturbed (seeded Monte Carlo).

    Attributes:
        k: The size of the top group.
        trials: How many perturbed weightings were drawn.
        spread: Each weight was multiplied by a uniform factor in [1 - spread, 1 + spread].
        seed: The seed of the random generator.
        baseline: The rows in the top *k* under the given weights, best first
            (ties by row).
        stable_share: The share of trials whose top *k* is the same set.
        frequency: For each row, the share of trials in which it is in the top *k*.
    """

    k: int
    trials: int
    spread: float
    seed: int
    baseline: tuple[int, ...]
    stable_share: float
    frequency: FloatArray


_MAX_TRIALS = 1_000_000  # the weightings are drawn at once: a bound on the memory they take


@raises(Message("cannot measure the stability of the top k", "无法衡量前 k 名的稳定性"))
def top_k_stability(
    matrix: Any,
    weights: Any,
    /,
    *,
    k: int,
    directions: Sequence[int] | Any,
    normalization: Normalization | str | Sequence[str],
    seed: int,
    method: Literal["weighted_sum", "topsis"] = "weighted_sum",
    spread: float = 0.2,
    trials: int = 1000,
    targets: Sequence[float | None] | None = None,
) -> Stability:
    """Return how often the top *k* stay the top *k* when the weights are perturbed.

    Each trial multiplies every weight by an independent uniform factor in
    ``[1 - spread, 1 + spread]`` (then rescales them to sum to 1) and scores the
    matrix again; the same *seed* gives the same result. For an
    :class:`IndicatorSystem`, pass its :attr:`~IndicatorSystem.leaf_weights` and
    the leaves' normalisations.

    Args:
        matrix: Rows are entities, columns criteria.
        weights: One weight per column.
        k: The size of the top group, 1 to the number of rows.
        directions: 1 for a benefit and -1 for a cost criterion, one per column.
        normalization: A name from :data:`~socialwork.scoring.NORMALIZATIONS`, or one per column.
        seed: The seed of the random generator (required: no hidden randomness).
        method: ``"weighted_sum"`` or ``"topsis"``.
        spread: The relative size of the perturbation, in [0, 1).
        trials: How many perturbed weightings to draw, from 1 to 1,000,000.
        targets: The targets of ``"target"`` columns.

    Returns:
        A :class:`Stability`.

    Raises:
        ScoringError: a bad *k*, *spread*, *trials*, *seed* or method; see also
            :func:`normalize`.

    Examples:
        >>> from socialwork.scoring import top_k_stability
        >>> result = top_k_stability([[9, 1], [8, 2], [1, 9]], [0.5, 0.5], k=1, directions=[1, 1],
        ...                          normalization="max", seed=7, trials=200)
        >>> result.baseline, result.stable_share < 1
        ((0,), True)

    .. versionchanged:: 0.2
       Raises :class:`~socialwork.errors.ScoringError` where it raised
       ``InvalidValueError``; a *seed* that is not a whole number of at least 0
       is refused up front.
    """
    values, w, how = _scorer(matrix, weights, directions, normalization, targets=targets, method=method)
    rows = values.shape[0]
    int_between(1, rows)(None, "k", k)
    instance_of(int, float)(None, "spread", spread)
    if not 0 <= spread < 1:
        msg = Message(
            "expected a spread in [0, 1), got {spread}",
            "应为 [0, 1) 内的浮动幅度，实为 {spread}",
            spread=repr(spread),
        )
        raise InvalidValueError(msg, path="spread")
    int_between(1, _MAX_TRIALS)(None, "trials", trials)
    int_between(0)(None, "seed", seed)
    normalized = apply(values, how)
    baseline = _top(_scores(normalized, w, method), k)
    wanted = frozenset(baseline.tolist())
    rng = np.random.default_rng(seed)
    factors = rng.uniform(1 - spread, 1 + spread, size=(trials, w.shape[0]))
    counts = np.zeros(rows)
    same = 0
    for factor in factors:
        trial = w * factor
        if not trial.any():
            trial = w
        top = _top(_scores(normalized, shares(trial), method), k)
        counts[top] += 1
        same += frozenset(top.tolist()) == wanted
    frequency = counts / trials
    frequency.flags.writeable = False
    return Stability(
        k, trials, float(spread), seed, tuple(int(i) for i in baseline), same / trials, frequency
    )


@attrs.frozen
class RankReversal:
    """The pairs whose order flips when one alternative is removed.

    Attributes:
        removed: The row removed.
        pairs: Each ``(better, worse)`` pair of rows (numbered as in the full
            matrix) where *better* scored strictly higher with every row present
            and strictly lower once *removed* is gone.
    """

    removed: int
    pairs: tuple[tuple[int, int], ...]


@raises(Message("cannot find rank reversals", "无法查找排名逆转"))
def rank_reversals(
    matrix: Any,
    weights: Any,
    /,
    *,
    directions: Sequence[int] | Any,
    normalization: Normalization | str | Sequence[str],
    method: Literal["weighted_sum", "topsis"] = "weighted_sum",
    targets: Sequence[float | None] | None = None,
) -> tuple[RankReversal, ...]:
    """Return the rank reversals caused by removing each alternative in turn.

    Normalisations that depend on the whole column (min-max, vector, sum, max)
    can change the order of two entities when a third is removed; this finds
    every such case. It costs O(n^3) for n rows: meant for award-sized lists.

    Args:
        matrix: Rows are entities (at least three), columns criteria.
        weights: One weight per column.
        directions: 1 for a benefit and -1 for a cost criterion, one per column.
        normalization: A name from :data:`~socialwork.scoring.NORMALIZATIONS`, or one per column.
        method: ``"weighted_sum"`` or ``"topsis"``.
        targets: The targets of ``"target"`` columns.

    Returns:
        One :class:`RankReversal` per removal that flips any pair, by removed row.

    Raises:
        ScoringError: fewer than three rows; see also :func:`normalize`.

    Examples:
        >>> from socialwork.scoring import rank_reversals
        >>> rank_reversals([[2, 4], [4, 2], [3, 5]], [1, 1], directions=[1, 1], normalization="minmax")
        (RankReversal(removed=0, pairs=((2, 1),)),)

    .. versionchanged:: 0.2
       Raises :class:`~socialwork.errors.ScoringError` where it raised ``InvalidValueError``.
    """
    values, w, how = _scorer(matrix, weights, directions, normalization, targets=targets, method=method)
    rows = values.shape[0]
    if rows < 3:
        msg = Message(
            "expected at least 3 rows to remove one and compare two, got {rows}",
            "应至少有 3 行（去掉一行后比较两行），实为 {rows} 行",
            rows=rows,
        )
        raise InvalidValueError(msg, path="matrix")
    names = [normalization] * values.shape[1] if isinstance(normalization, str) else list(normalization)
    base = _scores(apply(values, how), w, method)
    given = as_matrix(matrix)
    found = []
    for removed in range(rows):
        keep = np.array([i for i in range(rows) if i != removed])
        # From the matrix as given: *values* are scaled, and *targets* are not.
        sub_values, _, sub_how = prepare(given[keep], names, directions, targets)
        again = _scores(apply(sub_values, sub_how), w, method)
        before = base[keep]
        flipped = (before[:, None] > before[None, :]) & (again[:, None] < again[None, :])
        pairs = tuple((int(keep[i]), int(keep[j])) for i, j in np.argwhere(flipped))
        if pairs:
            found.append(RankReversal(removed, pairs))
    return tuple(found)


@attrs.frozen
class Award:
    """One award: an entity picked in a category.

    Attributes:
        category: The category, e.g. ``"station"``.
        entity_id: The entity awarded.
        score: Its score.
        rank: Its competition rank within the category (1 for the best).
    """

    category: str
    entity_id: str
    score: float
    rank: int


_AWARD_COLUMNS: Final[Columns] = {
    "category": "text",
    "entity_id": "text",
    "score": "float",
    "rank": "int",
    "tied_at_cut": "bool",
}


@attrs.frozen(repr=False)
class Awards:
    """The result of :func:`awards`.

    Attributes:
        winners: Every award, category by category (sorted by name), best first.
        tied_at_cut: For each category where the quota's last place was tied, the
            ids tied across the cut (awarded or not), sorted.
        quotas: The quota of each category.
        minimum: The minimum total asked for, if any.

    Examples:
        >>> from socialwork.scoring import awards
        >>> awards({"station": {"a": 1.0, "b": 2.0, "c": 2.0}}, {"station": 1})
        Awards(1 award(s): station 1 of 1; ties at the cut in ['station'], minimum=None)

    .. versionchanged:: 0.2
       Its ``repr`` is short however many awards it holds; :meth:`to_frame` and a
       notebook view were added.
    """

    winners: tuple[Award, ...]
    tied_at_cut: Mapping[str, tuple[str, ...]]
    quotas: Mapping[str, int]
    minimum: int | None

    @property
    def total(self) -> int:
        """How many awards were made."""
        return len(self.winners)

    @property
    def meets_minimum(self) -> bool | None:
        """Whether the total reaches *minimum* (``None`` when none was asked for)."""
        return None if self.minimum is None else self.total >= self.minimum

    def in_category(self, category: str, /) -> tuple[str, ...]:
        """Return the ids awarded in *category*, best first.

        Examples:
            >>> from socialwork.scoring import awards
            >>> awards({"station": {"a": 1.0, "b": 2.0}}, {"station": 1}).in_category("station")
            ('b',)
        """
        return tuple(award.entity_id for award in self.winners if award.category == category)

    def _rows(self) -> Any:
        for award in self.winners:
            tied = award.entity_id in self.tied_at_cut.get(award.category, ())
            yield (award.category, award.entity_id, award.score, award.rank, tied)

    def to_frame(self) -> Any:
        """Return the awards as a pandas ``DataFrame``, one row each, category by category, best first.

        Columns: ``category``, ``entity_id``, ``score`` (``float64``), ``rank``
        (``int64``, the competition rank within the category) and ``tied_at_cut``
        (``bool``: the entity's score ties the quota's last place). Needs pandas.

        Raises:
            MissingDependencyError: pandas is not installed.

        Examples:
            >>> import pandas  # the pandas extra: without it, the example is skipped
            >>> from socialwork.scoring import awards
            >>> awards({"station": {"a": 1.0, "b": 2.0}, "project": {"p": 3.0}},
            ...        {"station": 1, "project": 1}).to_frame()
              category entity_id  score  rank  tied_at_cut
            0  project         p    3.0     1        False
            1  station         b    2.0     1        False

        .. versionadded:: 0.2
        """
        return make_frame(_AWARD_COLUMNS, self._rows(), purpose="Awards.to_frame()")

    def _counts(self) -> dict[str, int]:
        counts = dict.fromkeys(sorted(self.quotas), 0)
        for award in self.winners:
            counts[award.category] = counts.get(award.category, 0) + 1
        return counts

    def __repr__(self) -> str:
        counts = self._counts()
        shown = ", ".join(f"{c} {n} of {self.quotas.get(c, 0)}" for c, n in list(counts.items())[:5])
        more = f", ... and {len(counts) - 5} more" if len(counts) > 5 else ""
        ties = sorted(self.tied_at_cut)
        tie_text = f"; ties at the cut in {ties[:5]!r}" if ties else ""
        return f"Awards({self.total} award(s): {shown}{more}{tie_text}, minimum={self.minimum!r})"

    def _repr_html_(self) -> str:
        facts: list[tuple[str, object]] = [
            (f"{c} (quota {self.quotas.get(c, 0)})", n) for c, n in self._counts().items()
        ]
        facts += [("total", self.total), ("minimum", self.minimum)]
        table = html_table("awards", list(_AWARD_COLUMNS), self._rows(), total=self.total)
        return html_facts("Awards", facts, table)


def _check_awards(scores: object, quotas: object, ties: object, minimum: object) -> None:
    """Raise a :class:`ScoringError` listing every problem with the arguments of :func:`awards`."""
    problems: list[Problem] = []
    if ties not in ("id", "all", "none"):
        msg = Message(
            "expected 'id', 'all' or 'none', got {ties}",
            "应为 'id'、'all' 或 'none'，实为 {ties}",
            ties=repr(ties),
        )
        problems.append(Problem("ties", msg))
    for name, given in (("scores", scores), ("quotas", quotas)):
        if not isinstance(given, Mapping):
            msg = Message(
                "expected a mapping by category, got {type}",
                "应为按类别的映射，实为 {type}",
                type=type(given).__name__,
            )
            problems.append(Problem(name, msg))
    for name, given in (("scores", scores), ("quotas", quotas)):
        if isinstance(given, Mapping):
            problems.extend(id_problems(given, name))
    if isinstance(scores, Mapping) and isinstance(quotas, Mapping):
        problems.extend(
            Problem(
                f"quotas[{c!r}]", Message("a category with a quota but no scores", "该类别有名额但没有得分")
            )
            for c in quotas
            if c not in scores
        )
        problems.extend(
            Problem(
                f"scores[{c!r}]", Message("a category with scores but no quota", "该类别有得分但没有名额")
            )
            for c in scores
            if c not in quotas
        )
    if isinstance(quotas, Mapping):
        for category, quota in quotas.items():
            problems.extend(problems_of(int_between(0), f"quotas[{category!r}]", quota))
    if isinstance(scores, Mapping):
        for category, candidates in scores.items():
            problems.extend(_score_problems(f"scores[{category!r}]", candidates))
    problems.extend(problems_of(optional(int_between(0)), "minimum", minimum))
    if problems:
        summary = Message("cannot make the awards", "无法评定奖项")
        raise ScoringError(summary, problems)


def _score_problems(path: str, candidates: object) -> list[Problem]:
    if not isinstance(candidates, Mapping):
        msg = Message(
            "expected a mapping of id to score, got {type}",
            "应为 id 到得分的映射，实为 {type}",
            type=type(candidates).__name__,
        )
        return [Problem(path, msg)]
    return id_problems(candidates, path) + [
        problem
        for entity, score in candidates.items()
        for problem in problems_of(check_score, f"{path}[{entity!r}]", score)
    ]


def _places(order: list[str], candidates: Mapping[str, float]) -> dict[str, int]:
    """Return each entity's competition rank: tied scores share the best place."""
    places: dict[str, int] = {}
    for position, entity in enumerate(order):
        previous = order[position - 1] if position else None
        same = previous is not None and candidates[previous] == candidates[entity]
        places[entity] = places[previous] if same and previous is not None else position + 1
    return places


def _pick(
    candidates: Mapping[str, float], quota: int, ties: str
) -> tuple[list[str], dict[str, int], tuple[str, ...] | None]:
    """Return the winners of one category best first, every place, and the ids tied at the cut."""
    order = sorted(candidates, key=lambda e: (-float(candidates[e]), e))
    chosen = order[:quota]
    tied = None
    if 0 < quota < len(order) and candidates[order[quota - 1]] == candidates[order[quota]]:
        cut = candidates[order[quota]]
        tied = tuple(sorted(e for e in order if candidates[e] == cut))
        if ties == "all":
            chosen = [e for e in order if candidates[e] >= cut]
        elif ties == "none":
            chosen = [e for e in order if candidates[e] > cut]
    return chosen, _places(order, candidates), tied


def awards(
    scores: Mapping[str, Mapping[str, float]],
    quotas: Mapping[str, int],
    /,
    *,
    ties: Literal["id", "all", "none"] = "id",
    minimum: int | None = None,
) -> Awards:
    """Pick the best entities of each category under its quota (三优评选).

    Entities are ordered by score, best first. When the last place of a quota is
    tied (equal scores on both sides of the cut), *ties* decides: ``"id"`` (the
    default) fills the quota in id order, ``"all"`` awards everyone tied (the
    quota is exceeded), ``"none"`` awards nobody tied (the quota is not filled).
    The ids tied across the cut are reported whatever the rule.

    Args:
        scores: For each category, each candidate's score by id.
        quotas: For each category, how many awards it has; the same categories
            as *scores*, e.g. :data:`~socialwork.scoring.THREE_EXCELLENTS`.
        ties: The rule for a tie at the cut.
        minimum: A minimum total number of awards to check, e.g. 20 (Wuhou, 2022).

    Returns:
        The :class:`Awards`.

    Raises:
        ScoringError: *scores* or *quotas* (or a category's scores) not a mapping,
            categories without a quota or without scores, negative quotas, NaN
            scores, an unknown tie rule (all problems at once).

    Examples:
        >>> from socialwork.scoring import awards
        >>> result = awards({"station": {"s1": 0.9, "s2": 0.8, "s3": 0.8}, "project": {"p1": 0.7}},
        ...                 {"station": 2, "project": 1}, minimum=3)
        >>> [(a.category, a.entity_id) for a in result.winners], result.tied_at_cut
        ([('project', 'p1'), ('station', 's1'), ('station', 's2')], {'station': ('s2', 's3')})
        >>> result.meets_minimum
        True

    .. versionchanged:: 0.2
       Arguments that are not mappings are reported in the
       :class:`~socialwork.errors.ScoringError` instead of failing with a bare
       ``AttributeError``.
    """
    _check_awards(scores, quotas, ties, minimum)
    winners: list[Award] = []
    tied: dict[str, tuple[str, ...]] = {}
    for category in sorted(scores):
        candidates = scores[category]
        chosen, places, at_cut = _pick(candidates, quotas[category], ties)
        if at_cut is not None:
            tied[category] = at_cut
        winners.extend(Award(category, e, float(candidates[e]), places[e]) for e in chosen)
    return Awards(tuple(winners), tied, dict(sorted(quotas.items())), minimum)
