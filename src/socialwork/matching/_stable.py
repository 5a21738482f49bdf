"""Deferred acceptance: stable matchings for the two-way fair (双选会) and its kin."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import attrs

from socialwork.errors import MatchingInputError, Problem, UnknownIdError
from socialwork.matching._prefs import Game, Preferences, Side, build_game, order_key, sort_agents

__all__ = ["BetterChoice", "Explanation", "Matching", "Reason", "blocking_pairs", "is_stable", "stable"]

Pair = tuple[Any, Any]


class Reason(enum.Enum):
    """Why an agent did not get a choice it prefers to what it has.

    Examples:
        >>> Reason.FULL.zh, Reason.FULL.en
        ('名额已满', 'full with agents it prefers')
    """

    DID_NOT_RANK = "did_not_rank"
    FULL = "full"
    BLOCKING = "blocking"

    @property
    def zh(self) -> str:
        """The Chinese label."""
        return _REASON_LABELS[self][0]

    @property
    def en(self) -> str:
        """The English label."""
        return _REASON_LABELS[self][1]


_REASON_LABELS = {
    Reason.DID_NOT_RANK: ("对方未选择", "did not rank it"),
    Reason.FULL: ("名额已满", "full with agents it prefers"),
    Reason.BLOCKING: ("构成阻塞对", "would take it: the pair blocks"),
}


@attrs.frozen
class BetterChoice:
    """A choice an agent ranks above what it has, and why it does not have it.

    Attributes:
        choice: The agent on the other side.
        reason: Why the agent does not have it.
        held_by: For :attr:`Reason.FULL`, the partners *choice* holds, each of whom
            it ranks at least as high as the agent; empty otherwise.

    Examples:
        >>> str(BetterChoice("h1", Reason.FULL, ("r2",)))
        "'h1' was full with 'r2', whom it ranks at least as high"
    """

    choice: Any
    reason: Reason
    held_by: tuple[Any, ...] = ()

    def __str__(self) -> str:
        if self.reason is Reason.FULL:
            held = ", ".join(map(repr, self.held_by))
            return f"{self.choice!r} was full with {held}, whom it ranks at least as high"
        if self.reason is Reason.DID_NOT_RANK:
            return f"{self.choice!r} did not rank it"
        return f"{self.choice!r} would take it: the pair blocks"


@attrs.frozen
class Explanation:
    """Why an agent has the partners it has, and not a choice it prefers.

    Attributes:
        agent: The agent explained.
        side: ``"proposer"`` or ``"reviewer"``.
        partners: Its partners, best first by its own list.
        capacity: How many partners it may have.
        better: Every choice it ranks above its worst partner (or, with places to
            spare, every choice it ranks) that it does not have, best first, each
            with the reason. In a stable matching no reason is :attr:`Reason.BLOCKING`.

    Examples:
        >>> m = stable({"r1": ["h1"], "r2": ["h1"]}, {"h1": ["r2", "r1"]})
        >>> print(m.explain("r1"))
        'r1' (proposer, capacity 1) is unmatched; 'h1' was full with 'r2', whom it ranks at least as high
    """

    agent: Any
    side: Side
    partners: tuple[Any, ...]
    capacity: int
    better: tuple[BetterChoice, ...]

    @property
    def unmatched(self) -> bool:
        """Whether the agent has no partner."""
        return not self.partners

    def __str__(self) -> str:
        head = f"{self.agent!r} ({self.side}, capacity {self.capacity})"
        has = "is unmatched" if not self.partners else "has " + ", ".join(map(repr, self.partners))
        if not self.better:
            return f"{head} {has}; it ranks no one better that it lacks"
        return f"{head} {has}; " + "; ".join(map(str, self.better))


def _freeze_pairs(pairs: Iterable[Pair]) -> frozenset[Pair]:
    return frozenset(pairs)


def _freeze(agents: Iterable[Any]) -> frozenset[Any]:
    return frozenset(agents)


def _problems(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    return tuple(problems)


@attrs.frozen
class Matching:
    """A matching of proposers to reviewers: immutable, comparable, explainable.

    Build one with :func:`stable`, or with :meth:`from_pairs` for a matching made
    anywhere else (which can then be checked with :func:`blocking_pairs`).

    Attributes:
        pairs: The matched ``(proposer, reviewer)`` pairs.
        proposers: Every agent of the proposing side, matched or not.
        reviewers: Every agent of the reviewing side, matched or not.
        optimal: ``"proposer"`` or ``"reviewer"``: the side the matching is best
            for, when it came from :func:`stable`; ``None`` otherwise.
        dropped: The bad entries that ``clean=True`` dropped from the input.

    Examples:
        >>> m = Matching.from_pairs([("r1", "h1"), ("r2", "h1")], proposers=["r3"])
        >>> m.of("h1"), m.of("r3"), m.unmatched_proposers
        (('r1', 'r2'), (), ('r3',))
    """

    pairs: frozenset[Pair] = attrs.field(converter=_freeze_pairs)
    proposers: frozenset[Any] = attrs.field(converter=_freeze)
    reviewers: frozenset[Any] = attrs.field(converter=_freeze)
    optimal: Side | None = None
    dropped: tuple[Problem, ...] = attrs.field(default=(), converter=_problems)
    _game: Game | None = attrs.field(default=None, eq=False, repr=False, alias="_game")
    _index: list[dict[Any, list[Any]]] = attrs.field(
        init=False, eq=False, repr=False, factory=list, alias="_index"
    )

    @property
    def _partners(self) -> dict[Any, list[Any]]:
        """Each matched agent's partners, unsorted; built on first use."""
        if not self._index:
            partners: dict[Any, list[Any]] = {}
            for proposer, reviewer in self.pairs:
                partners.setdefault(proposer, []).append(reviewer)
                partners.setdefault(reviewer, []).append(proposer)
            self._index.append(partners)
        return self._index[0]

    @classmethod
    def from_pairs(
        cls, pairs: Iterable[Pair], /, *, proposers: Iterable[Any] = (), reviewers: Iterable[Any] = ()
    ) -> Matching:
        """Return the matching of *pairs*, with unmatched agents named in *proposers*/*reviewers*.

        Args:
            pairs: ``(proposer, reviewer)`` pairs, e.g. from another library.
            proposers: Proposers to include even if unmatched.
            reviewers: Reviewers to include even if unmatched.

        Returns:
            The matching; :meth:`explain` needs preferences and so is not available.

        Examples:
            >>> Matching.from_pairs([("a", "x")]).pairs
            frozenset({('a', 'x')})
        """
        pairs = frozenset(pairs)
        return cls(
            pairs,
            frozenset(proposers).union(p for p, _ in pairs),
            frozenset(reviewers).union(r for _, r in pairs),
        )

    def of(self, agent: Any, /) -> tuple[Any, ...]:
        """Return the partners of *agent*, best first by its list (else by id).

        Raises:
            UnknownIdError: *agent* is on neither side.

        Examples:
            >>> stable({"a": ["x"]}, {"x": ["a"]}).of("x")
            ('a',)
        """
        if agent not in self.proposers and agent not in self.reviewers:
            msg = f"unknown agent {agent!r}: it is on neither side of the matching"
            raise UnknownIdError(msg)
        found = self._partners.get(agent, [])
        game = self._game
        side: Side = "proposer" if agent in self.proposers else "reviewer"
        if game is not None and agent in game.lists(side):
            rank = game.rank(side)[agent]
            return tuple(sorted(found, key=lambda other: (rank.get(other, len(rank)), order_key(other))))
        return tuple(sorted(found, key=order_key))

    @property
    def unmatched_proposers(self) -> tuple[Any, ...]:
        """The proposers with no partner, sorted by id."""
        return tuple(sort_agents(a for a in self.proposers if a not in self._partners))

    @property
    def unmatched_reviewers(self) -> tuple[Any, ...]:
        """The reviewers with no partner, sorted by id."""
        return tuple(sort_agents(a for a in self.reviewers if a not in self._partners))

    def explain(self, agent: Any, /) -> Explanation:
        """Return why *agent* has its partners and not a choice it ranks higher.

        Raises:
            UnknownIdError: *agent* is on neither side.
            MatchingInputError: the matching came from :meth:`from_pairs` and so
                has no preferences to explain it by.

        Examples:
            >>> m = stable({"r1": ["h1", "h2"], "r2": ["h1"]}, {"h1": ["r2", "r1"], "h2": []})
            >>> [str(choice) for choice in m.explain("r1").better]
            ["'h1' was full with 'r2', whom it ranks at least as high", "'h2' did not rank it"]
        """
        partners = self.of(agent)
        game = self._game
        if game is None:
            summary = "cannot explain"
            raise MatchingInputError(
                summary, [Problem("", "a matching from from_pairs() has no preferences")]
            )
        side: Side = "proposer" if agent in self.proposers else "reviewer"
        other: Side = "reviewer" if side == "proposer" else "proposer"
        capacity = game.capacity(side, agent)
        better = []
        own = game.level(side, agent)
        held = set(partners)
        worst = max((own.get(p, len(own)) for p in partners), default=None)
        for choice in game.lists(side).get(agent, ()):
            if choice in held:
                continue
            if len(partners) >= capacity and worst is not None and own[choice] >= worst:
                break
            theirs = game.level(other, choice)
            if agent not in theirs:
                better.append(BetterChoice(choice, Reason.DID_NOT_RANK))
                continue
            holds = self._partners.get(choice, [])
            mine = theirs[agent]
            if len(holds) < game.capacity(other, choice) or any(
                theirs.get(h, len(theirs)) > mine for h in holds
            ):
                better.append(BetterChoice(choice, Reason.BLOCKING))
            else:
                better.append(BetterChoice(choice, Reason.FULL, tuple(holds)))
        return Explanation(agent, side, partners, capacity, tuple(better))


def stable(
    proposer_prefs: Preferences,
    reviewer_prefs: Preferences,
    /,
    *,
    capacities: Mapping[Any, int] | None = None,
    proposer_capacities: Mapping[Any, int] | None = None,
    optimal: Literal["proposer", "reviewer"] = "proposer",
    clean: bool = False,
) -> Matching:
    """Return the stable matching that deferred acceptance finds, best for the *optimal* side.

    One function covers the three games: stable marriage (no capacities),
    hospital/residents (``capacities`` for the reviewers) and the many-to-many
    two-way fair (双选会; both ``capacities`` and ``proposer_capacities``). A pair is
    acceptable only when each ranks the other; lists may be incomplete or empty.
    Ties are written as a set (or tuple) inside a list and are broken by sorted id
    (type name, then id); the result is then weakly stable: no pair strictly prefers
    each other to a partner. The answer does not depend on the order of the input,
    and the input is never changed. It costs time linear in the total length of the
    lists (and a log factor for capacities), validation included.

    Args:
        proposer_prefs: Each proposer's reviewers, best first.
        reviewer_prefs: Each reviewer's proposers, best first.
        capacities: Places per reviewer; ``None`` for one each.
        proposer_capacities: Places per proposer; ``None`` for one each.
        optimal: ``"proposer"`` for the proposer-optimal stable matching (the
            reviewers' worst), ``"reviewer"`` for the reviewer-optimal one.
        clean: Drop bad entries (and agents with a bad capacity) instead of
            raising; they are listed in :attr:`Matching.dropped`.

    Returns:
        The matching, whose :meth:`Matching.explain` says why anyone lacks a choice.

    Raises:
        MatchingInputError: the input has problems (see :func:`check_preferences`),
            each named with its place; with ``clean=True`` only for ids used on both sides.

    Examples:
        Hospital/residents, resident-optimal:

        >>> m = stable({"r1": ["h1", "h2"], "r2": ["h1"], "r3": ["h1", "h2"]},
        ...            {"h1": ["r3", "r1", "r2"], "h2": ["r1", "r3"]},
        ...            capacities={"h1": 1, "h2": 1})
        >>> sorted(m.pairs), m.unmatched_proposers
        ([('r1', 'h2'), ('r3', 'h1')], ('r2',))

        A two-way fair with a tie ({"c2", "c1"}: broken by id, c1 first):

        >>> fair = stable({"c1": ["a1", "a2"], "c2": ["a1"]},
        ...               {"a1": [{"c2", "c1"}], "a2": ["c1"]},
        ...               capacities={"a1": 1, "a2": 1}, proposer_capacities={"c1": 2, "c2": 1})
        >>> sorted(fair.pairs)
        [('c1', 'a1'), ('c1', 'a2')]
    """
    if optimal not in ("proposer", "reviewer"):
        summary = "cannot match"
        raise MatchingInputError(
            summary, [Problem("optimal", f"expected 'proposer' or 'reviewer', got {optimal!r}")]
        )
    game = build_game(
        proposer_prefs,
        reviewer_prefs,
        capacities=capacities,
        proposer_capacities=proposer_capacities,
        clean=clean,
        flat=True,
    )
    from socialwork.matching._accept import deferred_acceptance  # noqa: PLC0415 - numpy on first use

    if optimal == "proposer":
        pairs = deferred_acceptance(game, "proposer")
    else:
        pairs = [(p, r) for r, p in deferred_acceptance(game, "reviewer")]
    return Matching(pairs, game.p_lists.keys(), game.r_lists.keys(), optimal, game.dropped, _game=game)


def blocking_pairs(
    matching: Matching,
    proposer_prefs: Preferences,
    reviewer_prefs: Preferences,
    /,
    *,
    capacities: Mapping[Any, int] | None = None,
    proposer_capacities: Mapping[Any, int] | None = None,
) -> tuple[Pair, ...]:
    """Return every pair that blocks *matching*: each would rather have the other.

    A pair ``(p, r)``, not matched, blocks when each ranks the other, and each has
    a place to spare or strictly prefers the other to one of its partners (with
    ties, equal is not better: this is weak stability). The matching may come from
    anywhere (:meth:`Matching.from_pairs`). Cost: linear in the lists' total length.

    Args:
        matching: The matching to check.
        proposer_prefs: Each proposer's reviewers, best first.
        reviewer_prefs: Each reviewer's proposers, best first.
        capacities: Places per reviewer; ``None`` for one each.
        proposer_capacities: Places per proposer; ``None`` for one each.

    Returns:
        The blocking pairs, sorted by id; empty for a stable matching.

    Raises:
        MatchingInputError: the preferences have problems, or the matching names
            an agent they do not have.

    Examples:
        >>> prefs_r, prefs_h = {"r1": ["h1", "h2"], "r2": ["h1"]}, {"h1": ["r1", "r2"], "h2": ["r1"]}
        >>> blocking_pairs(Matching.from_pairs([("r2", "h1"), ("r1", "h2")]), prefs_r, prefs_h)
        (('r1', 'h1'),)
    """
    game = build_game(
        proposer_prefs,
        reviewer_prefs,
        capacities=capacities,
        proposer_capacities=proposer_capacities,
        clean=False,
    )
    _check_known(matching, game)
    found: list[Pair] = []
    for proposer, prefs in game.p_lists.items():
        partners = matching._partners.get(proposer, [])
        own = game.level("proposer", proposer)
        cutoff = len(prefs) + 1
        if len(partners) >= game.capacity("proposer", proposer):
            cutoff = max(own.get(r, len(prefs)) for r in partners)
        held = set(partners)
        for reviewer in prefs:
            if own[reviewer] >= cutoff:
                break
            if reviewer in held:
                continue
            theirs = game.level("reviewer", reviewer)
            mine = theirs.get(proposer)
            if mine is None:
                continue
            holds = matching._partners.get(reviewer, [])
            if len(holds) < game.capacity("reviewer", reviewer) or any(
                theirs.get(h, len(theirs)) > mine for h in holds
            ):
                found.append((proposer, reviewer))
    found.sort(key=lambda pair: (order_key(pair[0]), order_key(pair[1])))
    return tuple(found)


def _check_known(matching: Matching, game: Game) -> None:
    problems = [
        Problem(f"pairs[{pair!r}]", f"{who!r} is not a {side}")
        for pair in sorted(matching.pairs, key=lambda pair: (order_key(pair[0]), order_key(pair[1])))
        for who, side, known in ((pair[0], "proposer", game.p_lists), (pair[1], "reviewer", game.r_lists))
        if who not in known
    ]
    if problems:
        summary = "cannot check the matching"
        raise MatchingInputError(summary, problems)


def is_stable(
    matching: Matching,
    proposer_prefs: Preferences,
    reviewer_prefs: Preferences,
    /,
    *,
    capacities: Mapping[Any, int] | None = None,
    proposer_capacities: Mapping[Any, int] | None = None,
) -> bool:
    """Return whether *matching* is (weakly) stable: acceptable, within capacities, unblocked.

    Args:
        matching: The matching to check.
        proposer_prefs: Each proposer's reviewers, best first.
        reviewer_prefs: Each reviewer's proposers, best first.
        capacities: Places per reviewer; ``None`` for one each.
        proposer_capacities: Places per proposer; ``None`` for one each.

    Returns:
        ``True`` when every pair is mutually ranked, no agent has more partners
        than places, and :func:`blocking_pairs` finds none.

    Raises:
        MatchingInputError: as for :func:`blocking_pairs`.

    Examples:
        >>> prefs_r, prefs_h = {"r1": ["h1"], "r2": ["h1"]}, {"h1": ["r2", "r1"]}
        >>> is_stable(stable(prefs_r, prefs_h), prefs_r, prefs_h)
        True
        >>> is_stable(Matching.from_pairs([("r1", "h1")]), prefs_r, prefs_h)
        False
    """
    game = build_game(
        proposer_prefs,
        reviewer_prefs,
        capacities=capacities,
        proposer_capacities=proposer_capacities,
        clean=False,
    )
    _check_known(matching, game)
    p_rank = game.rank("proposer")
    r_rank = game.rank("reviewer")
    for proposer, reviewer in matching.pairs:
        if reviewer not in p_rank[proposer] or proposer not in r_rank[reviewer]:
            return False
    for agent, partners in matching._partners.items():
        side: Side = "proposer" if agent in game.p_lists else "reviewer"
        if len(partners) > game.capacity(side, agent):
            return False
    return not blocking_pairs(
        matching,
        proposer_prefs,
        reviewer_prefs,
        capacities=capacities,
        proposer_capacities=proposer_capacities,
    )
