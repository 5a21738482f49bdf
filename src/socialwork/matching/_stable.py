"""Deferred acceptance: stable matchings for the two-way fair (双选会) and its kin."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final, Literal

import attrs

from socialwork._bulk import gc_paused
from socialwork._tables import Columns, html_facts, html_table, make_frame, short_items
from socialwork.errors import InvalidTypeError, MatchingInputError, Message, Problem, UnknownIdError
from socialwork.matching._prefs import (
    Game,
    Preferences,
    Side,
    build_game,
    cannot_match,
    order_key,
    side_name,
    sort_agents,
)
from socialwork.model import LabelledEnum, set_repr

__all__ = ["BetterChoice", "Explanation", "Matching", "Reason", "blocking_pairs", "is_stable", "stable"]

Pair = tuple[Any, Any]


class Reason(LabelledEnum):
    """Why an agent did not get a choice it prefers to what it has.

    .. versionchanged:: 0.2
       A :class:`~socialwork.model.LabelledEnum`: it gained :meth:`~socialwork.model.Labelled.label`.

    Examples:
        >>> from socialwork.matching import Reason
        >>> Reason.FULL.zh, Reason.FULL.label("en")
        ('名额已满', 'full with agents it prefers')
    """

    DID_NOT_RANK = "did_not_rank", "对方未选择", "did not rank it"
    FULL = "full", "名额已满", "full with agents it prefers"
    BLOCKING = "blocking", "构成阻塞对", "would take it: the pair blocks"


@attrs.frozen
class BetterChoice:
    """A choice an agent ranks above what it has, and why it does not have it.

    Attributes:
        choice: The agent on the other side.
        reason: Why the agent does not have it.
        held_by: For :attr:`Reason.FULL`, the partners *choice* holds, each of whom
            it ranks at least as high as the agent, in the order it ranks them;
            empty otherwise.

    .. versionchanged:: 0.2
       :meth:`Matching.explain` gives *held_by* in the order *choice* ranks them,
       not in an order that changed with Python's hash seed.

    Examples:
        >>> from socialwork.matching import BetterChoice, Reason
        >>> str(BetterChoice("h1", Reason.FULL, ("r2",)))
        "'h1' was full with 'r2', whom it ranks at least as high"
    """

    choice: Any
    reason: Reason
    held_by: tuple[Any, ...] = ()

    def describe(self) -> Message:
        """Return why the agent does not have *choice*, in words: a Message that knows its Chinese.

        Examples:
            >>> from socialwork.matching import BetterChoice, Reason
            >>> BetterChoice("h1", Reason.DID_NOT_RANK).describe().zh
            "'h1' 未将其列入志愿"

        .. versionadded:: 0.2
        """
        choice = repr(self.choice)
        if self.reason is Reason.FULL:
            return Message(
                "{choice} was full with {held}, whom it ranks at least as high",
                "{choice} 名额已满：所接纳的 {held} 在其排序中不低于本方",
                choice=choice,
                held=", ".join(map(repr, self.held_by)),
            )
        if self.reason is Reason.DID_NOT_RANK:
            return Message("{choice} did not rank it", "{choice} 未将其列入志愿", choice=choice)
        return Message(
            "{choice} would take it: the pair blocks", "{choice} 愿意接纳：二者构成阻塞对", choice=choice
        )

    def __str__(self) -> str:
        return self.describe()


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
        >>> from socialwork.matching import stable
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

    def describe(self) -> Message:
        """Return the explanation in words: a Message in English that knows its Chinese.

        Examples:
            >>> from socialwork.matching import stable
            >>> m = stable({"r1": ["h1"], "r2": ["h1"]}, {"h1": ["r2", "r1"]})
            >>> print(m.explain("r1").describe().zh)
            'r1'（提议方，名额 1）未匹配；'h1' 名额已满：所接纳的 'r2' 在其排序中不低于本方

        .. versionadded:: 0.2
        """
        head = Message(
            "{agent} ({side}, capacity {capacity})",
            "{agent}（{side}，名额 {capacity}）",
            agent=repr(self.agent),
            side=_SIDES[self.side],
            capacity=self.capacity,
        )
        if self.partners:
            has = Message("has {partners}", "匹配到 {partners}", partners=", ".join(map(repr, self.partners)))
        else:
            has = _UNMATCHED
        rest = _NONE_BETTER
        if self.better:
            rest = Message.joined("; ", "；", [choice.describe() for choice in self.better])
        return Message("{head} {has}; {rest}", "{head}{has}；{rest}", head=head, has=has, rest=rest)

    def __str__(self) -> str:
        return self.describe()


_SIDES: Final = {"proposer": Message("proposer", "提议方"), "reviewer": Message("reviewer", "审议方")}
_UNMATCHED: Final = Message("is unmatched", "未匹配")
_NONE_BETTER: Final = Message("it ranks no one better that it lacks", "没有排序更高而未得到的选择")


def _freeze_pairs(pairs: Iterable[Pair]) -> frozenset[Pair]:
    """Return *pairs* as a frozenset of 2-tuples, or raise naming every bad one."""
    given: object = pairs
    if isinstance(given, (str, bytes, Mapping)) or not isinstance(given, Iterable):
        msg = Message(
            "expected an iterable of (proposer, reviewer) pairs, got {type}",
            "应为由 (提议方, 审议方) 对组成的可迭代对象，实为 {type}",
            type=type(given).__name__,
        )
        raise InvalidTypeError(msg, path="pairs")
    items = list(given)
    try:
        found = frozenset(items)
    except TypeError:  # an unhashable pair: named below
        found = None
    if found is not None and set(map(type, found)) <= {tuple} and set(map(len, found)) <= {2}:
        return found
    problems = []
    good: list[Pair] = []
    for index, pair in enumerate(items):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            msg = Message(
                "expected a (proposer, reviewer) pair, got {pair}",
                "应为 (提议方, 审议方) 对，实为 {pair}",
                pair=repr(pair),
            )
            problems.append(Problem(f"pairs[{index}]", msg))
        elif not all(map(_hashable, pair)):
            msg = Message(
                "expected hashable ids, got {pair}", "应为可哈希的 id，实为 {pair}", pair=repr(pair)
            )
            problems.append(Problem(f"pairs[{index}]", msg))
        else:
            good.append((pair[0], pair[1]))
    if problems:
        summary = Message("cannot build the matching", "无法建立匹配")
        raise MatchingInputError(summary, problems)
    return frozenset(good)


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _agents(agents: object, name: str) -> frozenset[Any]:
    if isinstance(agents, (str, bytes)) or not isinstance(agents, Iterable):
        msg = Message(
            "expected an iterable of agents, got {type}",
            "应为参与方的可迭代对象，实为 {type}",
            type=type(agents).__name__,
        )
        raise InvalidTypeError(msg, path=name)
    try:
        return frozenset(agents)
    except TypeError:
        msg = Message("expected hashable ids", "应为可哈希的 id")
        raise InvalidTypeError(msg, path=name) from None


def _freeze_proposers(agents: Iterable[Any]) -> frozenset[Any]:
    return _agents(agents, "proposers")


def _freeze_reviewers(agents: Iterable[Any]) -> frozenset[Any]:
    return _agents(agents, "reviewers")


def _problems(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    return tuple(problems)


_PAIR_COLUMNS: Columns = {"proposer": "object", "reviewer": "object"}


@attrs.frozen(repr=False)
class Matching:
    """A matching of proposers to reviewers: immutable, comparable, explainable.

    Build one with :func:`stable`; for a matching made anywhere else, with
    :meth:`from_preferences` (which holds the preferences, so that
    :func:`blocking_pairs`, :func:`is_stable` and :meth:`explain` can judge it) or
    :meth:`from_pairs` (pairs alone).

    Attributes:
        pairs: The matched ``(proposer, reviewer)`` pairs.
        proposers: Every agent of the proposing side, matched or not.
        reviewers: Every agent of the reviewing side, matched or not.
        optimal: ``"proposer"`` or ``"reviewer"``: the side the matching is best
            for, when it came from :func:`stable`; ``None`` otherwise.
        dropped: The bad entries that ``clean=True`` dropped from the input.

    Examples:
        >>> from socialwork.matching import Matching
        >>> m = Matching.from_pairs([("r1", "h1"), ("r2", "h1")], proposers=["r3"])
        >>> m.of("h1"), m.of("r3"), m.unmatched_proposers
        (('r1', 'r2'), (), ('r3',))
        >>> m
        Matching(2 pair(s) [('r1', 'h1'), ('r2', 'h1')], 3 proposer(s), 1 reviewer(s), optimal=None)

    .. versionchanged:: 0.2
       Its ``repr`` is short however many pairs it holds (counts and the first
       pairs, sorted); :meth:`to_frame` and a notebook view were added.
    """

    pairs: frozenset[Pair] = attrs.field(converter=_freeze_pairs, repr=set_repr)
    proposers: frozenset[Any] = attrs.field(converter=_freeze_proposers, repr=set_repr)
    reviewers: frozenset[Any] = attrs.field(converter=_freeze_reviewers, repr=set_repr)
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
    def _made(cls, pairs: frozenset[Pair], game: Game, optimal: Side) -> Matching:
        """Return the matching that :func:`stable` made: its pairs are checked already, not again."""
        made = cls((), (), (), optimal, game.dropped, _game=game)
        object.__setattr__(made, "pairs", pairs)
        object.__setattr__(made, "proposers", frozenset(game.agents("proposer")))
        object.__setattr__(made, "reviewers", frozenset(game.agents("reviewer")))
        return made

    @classmethod
    def from_pairs(
        cls, pairs: Iterable[Pair], /, *, proposers: Iterable[Any] = (), reviewers: Iterable[Any] = ()
    ) -> Matching:
        """Return the matching of *pairs*, with unmatched agents named in *proposers*/*reviewers*.

        The matching knows no preferences: to check it with :func:`blocking_pairs`
        or :func:`is_stable`, or to explain it, build it with :meth:`from_preferences`.

        Args:
            pairs: ``(proposer, reviewer)`` pairs, e.g. from another library.
            proposers: Proposers to include even if unmatched.
            reviewers: Reviewers to include even if unmatched.

        Returns:
            The matching, without preferences.

        Raises:
            MatchingInputError: a pair is not a ``(proposer, reviewer)`` pair of hashable ids.
            InvalidTypeError: *pairs*, *proposers* or *reviewers* is not an iterable.

        Examples:
            >>> from socialwork.matching import Matching
            >>> Matching.from_pairs([("a", "x")]).pairs
            frozenset({('a', 'x')})
        """
        found = _freeze_pairs(pairs)
        return cls(
            found,
            _agents(proposers, "proposers").union(p for p, _ in found),
            _agents(reviewers, "reviewers").union(r for _, r in found),
        )

    @classmethod
    def from_preferences(
        cls,
        pairs: Iterable[Pair],
        proposer_prefs: Preferences,
        reviewer_prefs: Preferences,
        /,
        *,
        capacities: Mapping[Any, int] | None = None,
        proposer_capacities: Mapping[Any, int] | None = None,
    ) -> Matching:
        """Return the matching of *pairs* in the game of these preferences, to check or explain.

        This is how a matching made anywhere else (by hand, by another library, at
        last year's fair) is verified: :func:`blocking_pairs`, :func:`is_stable` and
        :meth:`explain` then judge it against the preference lists and capacities
        given here, which are checked as :func:`stable` checks them. Every agent
        with a list is on its side of the matching, matched or not.

        .. versionadded:: 0.2

        Args:
            pairs: ``(proposer, reviewer)`` pairs.
            proposer_prefs: Each proposer's reviewers, best first.
            reviewer_prefs: Each reviewer's proposers, best first.
            capacities: Places per reviewer; ``None`` for one each.
            proposer_capacities: Places per proposer; ``None`` for one each.

        Returns:
            The matching, with ``optimal=None``.

        Raises:
            UnknownIdError: a pair names an agent that has no list on its side;
                the message names every such pair.
            MatchingInputError: the preferences or capacities have problems (see
                :func:`check_preferences`), or a pair is not a pair.

        Examples:
            >>> from socialwork.matching import Matching, blocking_pairs
            >>> m = Matching.from_preferences([("r2", "h1"), ("r1", "h2")],
            ...                               {"r1": ["h1", "h2"], "r2": ["h1"]},
            ...                               {"h1": ["r1", "r2"], "h2": ["r1"]})
            >>> blocking_pairs(m)
            (('r1', 'h1'),)
        """
        found = _freeze_pairs(pairs)
        game = build_game(
            proposer_prefs,
            reviewer_prefs,
            capacities=capacities,
            proposer_capacities=proposer_capacities,
            clean=False,
        )
        _check_known(found, game)
        return cls(found, game.p_lists.keys(), game.r_lists.keys(), None, _game=game)

    def of(self, agent: Any, /) -> tuple[Any, ...]:
        """Return the partners of *agent*, best first by its list (else by id).

        Raises:
            UnknownIdError: *agent* is on neither side.

        Examples:
            >>> from socialwork.matching import stable
            >>> stable({"a": ["x"]}, {"x": ["a"]}).of("x")
            ('a',)
        """
        self._check_agent(agent)
        found = self._partners.get(agent, [])
        game = self._game
        side: Side = "proposer" if agent in self.proposers else "reviewer"
        if game is not None and agent in game.lists(side):
            rank = game.rank(side)[agent]
            return tuple(sorted(found, key=lambda other: (rank.get(other, len(rank)), order_key(other))))
        return tuple(sorted(found, key=order_key))

    def _check_agent(self, agent: object) -> None:
        if not _hashable(agent) or (agent not in self.proposers and agent not in self.reviewers):
            msg = Message(
                "unknown agent {agent}: it is on neither side of the matching",
                "未知的参与方 {agent}：它不在匹配的任何一方",
                agent=repr(agent),
            )
            raise UnknownIdError(msg)

    def _sorted_pairs(self) -> list[tuple[Any, Any]]:
        return sorted(self.pairs, key=lambda pair: (order_key(pair[0]), order_key(pair[1])))

    def to_frame(self) -> Any:
        """Return the pairs as a pandas ``DataFrame``: ``proposer``, ``reviewer``, sorted (needs pandas).

        The ids are kept as they are (``object`` dtype). Unmatched agents are in
        :attr:`unmatched_proposers` and :attr:`unmatched_reviewers`.

        Raises:
            MissingDependencyError: pandas is not installed.

        Examples:
            >>> import pandas  # the pandas extra: without it, the example is skipped
            >>> from socialwork.matching import stable
            >>> stable({"a": ["x", "y"], "b": ["x"]}, {"x": ["b", "a"], "y": ["a"]}).to_frame()
              proposer reviewer
            0        a        y
            1        b        x

        .. versionadded:: 0.2
        """
        return make_frame(_PAIR_COLUMNS, self._sorted_pairs(), purpose="Matching.to_frame()")

    def __repr__(self) -> str:
        shown = short_items(self._sorted_pairs())
        return (
            f"Matching({len(self.pairs)} pair(s) {shown}, {len(self.proposers)} proposer(s), "
            f"{len(self.reviewers)} reviewer(s), optimal={self.optimal!r}"
            + (f", {len(self.dropped)} dropped" if self.dropped else "")
            + ")"
        )

    def _repr_html_(self) -> str:
        facts = [
            ("pairs", len(self.pairs)),
            ("proposers", len(self.proposers)),
            ("unmatched proposers", len(self.unmatched_proposers)),
            ("reviewers", len(self.reviewers)),
            ("unmatched reviewers", len(self.unmatched_reviewers)),
            ("optimal for", self.optimal),
            ("dropped entries", len(self.dropped)),
        ]
        table = html_table("pairs", list(_PAIR_COLUMNS), self._sorted_pairs(), total=len(self.pairs))
        return html_facts("Matching", facts, table)

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

        .. versionchanged:: 0.2
           A matching from :meth:`from_preferences` can be explained too.

        Examples:
            >>> from socialwork.matching import stable
            >>> m = stable({"r1": ["h1", "h2"], "r2": ["h1"]}, {"h1": ["r2", "r1"], "h2": []})
            >>> [str(choice) for choice in m.explain("r1").better]
            ["'h1' was full with 'r2', whom it ranks at least as high", "'h2' did not rank it"]
        """
        partners = self.of(agent)
        game = self._game
        if game is None:
            raise MatchingInputError(Message("cannot explain", "无法解释匹配"), [_no_preferences()])
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
                better.append(BetterChoice(choice, Reason.FULL, self.of(choice)))
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
        The matching. It holds the checked game, so that :meth:`Matching.explain`
        says why anyone lacks a choice and :func:`blocking_pairs` and :func:`is_stable`
        verify it.

    Raises:
        MatchingInputError: the input has problems (see :func:`check_preferences`),
            each named with its place; with ``clean=True`` only for ids used on both sides.

    Examples:
        Hospital/residents, resident-optimal:

        >>> from socialwork.matching import stable
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
        msg = Message(
            "expected 'proposer' or 'reviewer', got {got}",
            "应为 'proposer' 或 'reviewer'，实为 {got}",
            got=repr(optimal),
        )
        raise MatchingInputError(cannot_match(), [Problem("optimal", msg)])
    with gc_paused():  # millions of new lists, tuples and ints, none of them cyclic
        game = build_game(
            proposer_prefs,
            reviewer_prefs,
            capacities=capacities,
            proposer_capacities=proposer_capacities,
            clean=clean,
            flat=optimal,
        )
        from socialwork.matching._accept import deferred_acceptance  # noqa: PLC0415 - numpy on first use

        if optimal == "proposer":
            pairs = frozenset(deferred_acceptance(game, "proposer"))
        else:
            pairs = frozenset((p, r) for r, p in deferred_acceptance(game, "reviewer"))
        return Matching._made(pairs, game, optimal)


def _no_preferences() -> Problem:
    """Return the problem of a matching that holds no preferences to judge it by."""
    msg = Message(
        "a matching from Matching.from_pairs() has no preferences; "
        "build it with Matching.from_preferences(pairs, proposer_prefs, reviewer_prefs, ...)",
        "由 Matching.from_pairs() 得到的匹配没有偏好；"
        "请用 Matching.from_preferences(pairs, proposer_prefs, reviewer_prefs, ...) 建立",
    )
    return Problem("matching", msg)


def _game_of(matching: object) -> tuple[Matching, Game]:
    """Return *matching* and the game it holds, or raise saying why it cannot be checked."""
    if not isinstance(matching, Matching):
        msg = Message(
            "expected a Matching from stable() or Matching.from_preferences(), got {type}",
            "应为由 stable() 或 Matching.from_preferences() 得到的 Matching，实为 {type}",
            type=type(matching).__name__,
        )
        raise InvalidTypeError(msg, path="matching")
    game = matching._game
    if game is None:
        raise MatchingInputError(Message("cannot check the matching", "无法检验匹配"), [_no_preferences()])
    return matching, game


def blocking_pairs(matching: Matching, /) -> tuple[Pair, ...]:
    """Return every pair that blocks *matching*: each would rather have the other.

    A pair ``(p, r)``, not matched, blocks when each ranks the other, and each has
    a place to spare or strictly prefers the other to one of its partners (with
    ties, equal is not better: this is weak stability). The preferences and
    capacities are the ones *matching* holds: those :func:`stable` matched (after
    ``clean=True`` dropped its bad entries), or those given to
    :meth:`Matching.from_preferences` for a matching made anywhere else. Cost:
    linear in the lists' total length; nothing is checked or built again.

    .. versionchanged:: 0.2
       Takes the matching alone; it no longer takes (and checks again) the
       preferences and capacities. For a matching made elsewhere, build it with
       :meth:`Matching.from_preferences`.

    Args:
        matching: The matching to check.

    Returns:
        The blocking pairs, sorted by id; empty for a stable matching.

    Raises:
        MatchingInputError: *matching* came from :meth:`Matching.from_pairs` and so
            holds no preferences to check it against.
        InvalidTypeError: *matching* is not a :class:`Matching`.

    Examples:
        >>> from socialwork.matching import Matching, blocking_pairs, stable
        >>> prefs_r, prefs_h = {"r1": ["h1", "h2"], "r2": ["h1"]}, {"h1": ["r1", "r2"], "h2": ["r1"]}
        >>> blocking_pairs(stable(prefs_r, prefs_h))
        ()
        >>> blocking_pairs(Matching.from_preferences([("r2", "h1"), ("r1", "h2")], prefs_r, prefs_h))
        (('r1', 'h1'),)
    """
    matching, game = _game_of(matching)
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


def _check_known(pairs: frozenset[Pair], game: Game) -> None:
    unknown = [
        Message(
            "{pair} names {who}, which is not a {side}",
            "{pair} 中的 {who} 不是{side}",
            pair=repr(pair),
            who=repr(who),
            side=side_name(side),
        )
        for pair in sorted(pairs, key=lambda pair: (order_key(pair[0]), order_key(pair[1])))
        for who, side, known in ((pair[0], "proposer", game.p_lists), (pair[1], "reviewer", game.r_lists))
        if who not in known
    ]
    if unknown:
        msg = Message(
            "unknown agents in pairs: {unknown}",
            "配对中有未知的参与方：{unknown}",
            unknown=Message.joined("; ", "；", unknown),
        )
        raise UnknownIdError(msg)


def is_stable(matching: Matching, /) -> bool:
    """Return whether *matching* is (weakly) stable: acceptable, within capacities, unblocked.

    The preferences and capacities are the ones *matching* holds, as for
    :func:`blocking_pairs`.

    .. versionchanged:: 0.2
       Takes the matching alone (see :func:`blocking_pairs`).

    Args:
        matching: The matching to check.

    Returns:
        ``True`` when every pair is mutually ranked, no agent has more partners
        than places, and :func:`blocking_pairs` finds none.

    Raises:
        MatchingInputError: as for :func:`blocking_pairs`.
        InvalidTypeError: *matching* is not a :class:`Matching`.

    Examples:
        >>> from socialwork.matching import Matching, is_stable, stable
        >>> prefs_r, prefs_h = {"r1": ["h1"], "r2": ["h1"]}, {"h1": ["r2", "r1"]}
        >>> is_stable(stable(prefs_r, prefs_h))
        True
        >>> is_stable(Matching.from_preferences([("r1", "h1")], prefs_r, prefs_h))
        False
    """
    matching, game = _game_of(matching)
    p_rank = game.rank("proposer")
    r_rank = game.rank("reviewer")
    for proposer, reviewer in matching.pairs:
        if reviewer not in p_rank[proposer] or proposer not in r_rank[reviewer]:
            return False
    for agent, partners in matching._partners.items():
        side: Side = "proposer" if agent in game.p_lists else "reviewer"
        if len(partners) > game.capacity(side, agent):
            return False
    return not blocking_pairs(matching)
