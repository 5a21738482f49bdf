"""Preference lists and capacities: checking, cleaning and the normalised game."""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any, Literal

from socialwork.errors import MatchingInputError, Message, Problem

__all__ = ["Agent", "Game", "Preferences", "Side", "check_preferences", "order_key", "sort_agents"]

Agent = Hashable
"""An agent's id: any hashable value; ids of one game should be of one sortable type."""

Preferences = Mapping[Any, Sequence[Any]]
"""Each agent's ranked list, best first; a ``set``/``frozenset``/``tuple``/``list`` entry is a tie."""

Side = Literal["proposer", "reviewer"]

Lists = dict[Agent, tuple[Agent, ...]]

if TYPE_CHECKING:
    from socialwork.matching._flat import Joined

_GROUP_TYPES = (set, frozenset, tuple, list)


def order_key(agent: Agent) -> tuple[str, Any]:
    """Return the sort key of *agent*: ties are broken by it (type name, then id)."""
    return (type(agent).__name__, agent)


def sort_agents(agents: Iterable[Agent]) -> list[Agent]:
    """Return *agents* sorted by :func:`order_key`."""
    return sorted(agents, key=order_key)


class Game:
    """A checked, normalised two-sided game (internal; never holds the caller's objects mutable).

    ``p_lists``/``r_lists`` hold each agent's strict order (ties broken by sorted
    id, unknown and repeated entries removed); lists checked in bulk are given as
    a function that builds them, called on first use. ``*_levels`` hold, for
    agents whose list has ties, the rank of each tie group (equal within a group).
    ``flat`` holds, for a proposing side whose lists were checked in bulk, the
    joined index arrays (see ``_flat.join``), for deferred acceptance to take (and
    drop) rather than compute again.
    """

    __slots__ = (
        "_build",
        "_keys",
        "_lists",
        "_p_rank",
        "_r_rank",
        "dropped",
        "flat",
        "p_cap",
        "p_levels",
        "r_cap",
        "r_levels",
    )

    def __init__(
        self,
        *,
        p_lists: Lists | Callable[[], Lists],
        r_lists: Lists | Callable[[], Lists],
        p_cap: dict[Agent, int] | None,
        r_cap: dict[Agent, int] | None,
        p_levels: dict[Agent, dict[Agent, int]],
        r_levels: dict[Agent, dict[Agent, int]],
        dropped: tuple[Problem, ...],
        keys: tuple[list[Agent], list[Agent]] | None = None,
    ) -> None:
        self._lists: dict[Side, Lists] = {}
        self._build: dict[Side, Callable[[], Lists]] = {}
        given_lists: tuple[tuple[Side, Lists | Callable[[], Lists]], ...] = (
            ("proposer", p_lists),
            ("reviewer", r_lists),
        )
        for side, given in given_lists:
            if isinstance(given, dict):
                self._lists[side] = given
            else:
                self._build[side] = given
        self._keys = keys
        self.p_cap = p_cap
        self.r_cap = r_cap
        self.p_levels = p_levels
        self.r_levels = r_levels
        self.dropped = dropped
        self.flat: dict[Side, Joined] = {}
        self._p_rank: dict[Agent, dict[Agent, int]] | None = None
        self._r_rank: dict[Agent, dict[Agent, int]] | None = None

    @property
    def p_lists(self) -> Lists:
        """The proposers' strict lists."""
        return self.lists("proposer")

    @property
    def r_lists(self) -> Lists:
        """The reviewers' strict lists."""
        return self.lists("reviewer")

    def lists(self, side: Side) -> Lists:
        """Return the strict lists of *side* (built now if they were checked in bulk)."""
        found = self._lists.get(side)
        if found is None:  # two threads may both build them: the same lists, and no error
            found = self._lists[side] = self._build[side]()
        return found

    def agents(self, side: Side) -> list[Agent]:
        """Return the agents of *side*, in the order of their lists, without building the lists."""
        if self._keys is not None:
            return self._keys[0] if side == "proposer" else self._keys[1]
        return list(self.lists(side))

    def capacity(self, side: Side, agent: Agent) -> int:
        """Return the capacity of *agent* on *side* (one when none was given)."""
        caps = self.p_cap if side == "proposer" else self.r_cap
        return 1 if caps is None else caps[agent]

    def rank(self, side: Side) -> dict[Agent, dict[Agent, int]]:
        """Return, for each agent of *side*, the strict position of each agent it ranks."""
        if side == "proposer":
            if self._p_rank is None:
                self._p_rank = _positions(self.p_lists)
            return self._p_rank
        if self._r_rank is None:
            self._r_rank = _positions(self.r_lists)
        return self._r_rank

    def level(self, side: Side, agent: Agent) -> dict[Agent, int]:
        """Return the tie-aware rank of each agent that *agent* ranks (lower is better)."""
        levels = self.p_levels if side == "proposer" else self.r_levels
        found = levels.get(agent)
        return found if found is not None else self.rank(side)[agent]


def _positions(lists: dict[Agent, tuple[Agent, ...]]) -> dict[Agent, dict[Agent, int]]:
    return {agent: dict(zip(lst, range(len(lst)), strict=True)) for agent, lst in lists.items()}


def _name(side: str) -> str:
    return f"{side}_prefs"


_SIDES = {"proposer": ("proposer", "提议方"), "reviewer": ("reviewer", "审议方")}


def side_name(side: str, *, plural: bool = False) -> Message:
    """Return the name of *side* (``"proposer"`` or ``"reviewer"``) for a message, in both languages."""
    en, zh = _SIDES[side]
    return Message(en + "s", zh) if plural else Message(en, zh)


def cannot_match() -> Message:
    """Return the summary of an error of :func:`stable` and the checks of its input."""
    return Message("cannot match", "无法匹配")


def _not_a_mapping(what: Message, prefs: object) -> Message:
    return Message(
        "expected a mapping of agent to {what}, got {type}",
        "应为从参与方到{what}的映射，实为 {type}",
        what=what,
        type=type(prefs).__name__,
    )


def _list() -> Message:
    return Message("list", "偏好列表")


def _check_lists(
    prefs: object,
    side: str,
    *,
    others: Collection[Agent],
    other_side: str,
    removed: Mapping[Agent, Message],
    dropped: Mapping[Agent, Message],
    problems: list[Problem],
) -> tuple[dict[Agent, tuple[Agent, ...]], dict[Agent, dict[Agent, int]]]:
    """Check one side's lists; return the strict lists and the tie levels of tied ones."""
    lists: dict[Agent, tuple[Agent, ...]] = {}
    levels: dict[Agent, dict[Agent, int]] = {}
    name = _name(side)
    if not isinstance(prefs, Mapping):
        problems.append(Problem(name, _not_a_mapping(_list(), prefs)))
        return lists, levels
    superset: AbstractSet[Agent] = others.keys() if isinstance(others, dict) else frozenset(others)
    for agent, ranked in prefs.items():
        if type(ranked) not in (list, tuple) and (
            isinstance(ranked, (str, bytes)) or not isinstance(ranked, Sequence)
        ):
            msg = Message(
                "expected a sequence of {others}, got {type} {value}",
                "应为{others}的序列，实为 {type} {value}",
                others=side_name(other_side, plural=True),
                type=type(ranked).__name__,
                value=repr(ranked),
            )
            problems.append(Problem(f"{name}[{agent!r}]", msg))
            lists[agent] = ()
            continue
        try:
            entries = set(ranked)
            fast = superset >= entries and len(entries) == len(ranked)
        except TypeError:  # an unhashable tie group: take the careful path
            fast = False
        if fast:
            lists[agent] = tuple(ranked)
            continue
        lists[agent], tied = _check_list(
            agent,
            ranked,
            name=name,
            others=superset,
            other_side=other_side,
            removed=removed,
            problems=problems,
        )
        if tied is not None:
            levels[agent] = tied
    for agent in dropped:  # checked above so that every problem is reported, but not played
        lists.pop(agent, None)
        levels.pop(agent, None)
    return lists, levels


def _check_list(
    agent: Agent,
    ranked: Sequence[Any],
    *,
    name: str,
    others: Collection[Agent],
    other_side: str,
    removed: Mapping[Agent, Message],
    problems: list[Problem],
) -> tuple[tuple[Agent, ...], dict[Agent, int] | None]:
    strict: list[Agent] = []
    level: dict[Agent, int] = {}
    first: dict[Agent, int] = {}
    tied = False
    for index, entry in enumerate(ranked):
        path = f"{name}[{agent!r}][{index}]"
        members: list[Any]
        if isinstance(entry, _GROUP_TYPES) and not _is_agent(entry, others):
            try:
                members = sort_agents(entry)
            except TypeError:
                msg = Message(
                    "cannot sort the tie group {group} by id",
                    "无法按 id 排序并列组 {group}",
                    group=repr(entry),
                )
                problems.append(Problem(path, msg))
                continue
            if not members:
                problems.append(Problem(path, Message("empty tie group", "并列组为空")))
                continue
            tied = tied or len(members) > 1
        else:
            members = [entry]
        for member in members:
            if not _is_agent(member, others):
                why = removed.get(member) if _hashable(member) else None
                msg = (
                    Message(
                        "ranks {member}, which was dropped: {why}",
                        "列入了 {member}，但它已被剔除：{why}",
                        member=repr(member),
                        why=why,
                    )
                    if why is not None
                    else Message(
                        "ranks {member}, which is not a {side}",
                        "列入了 {member}，但它不是{side}",
                        member=repr(member),
                        side=side_name(other_side),
                    )
                )
                problems.append(Problem(path, msg))
                continue
            if member in first:
                msg = Message(
                    "ranks {member} twice (first at [{first}])",
                    "两次列入 {member}（首次在 [{first}]）",
                    member=repr(member),
                    first=first[member],
                )
                problems.append(Problem(path, msg))
                continue
            first[member] = index
            level[member] = index
            strict.append(member)
    if not tied:
        return tuple(strict), None
    return tuple(strict), level


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _is_agent(value: object, others: Collection[Agent]) -> bool:
    return _hashable(value) and value in others


def _check_capacities(
    caps: object,
    agents: Mapping[Agent, object],
    name: str,
    problems: list[Problem],
    removed: dict[Agent, Message],
) -> dict[Agent, int] | None:
    if caps is None:
        return None
    if not isinstance(caps, Mapping):
        problems.append(Problem(name, _not_a_mapping(Message("capacity", "容量"), caps)))
        return None
    checked: dict[Agent, int] = {}
    for agent, cap in caps.items():
        path = f"{name}[{agent!r}]"
        if agent not in agents:
            msg = Message(
                "capacity for {agent}, which has no preference list",
                "给出了 {agent} 的容量，但它没有偏好列表",
                agent=repr(agent),
            )
            problems.append(Problem(path, msg))
        elif isinstance(cap, bool) or not isinstance(cap, int):
            msg = Message(
                "expected a whole number of places, got {cap}", "名额数应为整数，实为 {cap}", cap=repr(cap)
            )
            problems.append(Problem(path, msg))
            removed[agent] = Message(
                "its capacity {cap} is not a whole number", "其容量 {cap} 不是整数", cap=repr(cap)
            )
        elif cap < 1:
            msg = Message("capacity must be at least 1, got {cap}", "容量必须至少为 1，实为 {cap}", cap=cap)
            problems.append(Problem(path, msg))
            removed[agent] = Message("its capacity {cap} is below 1", "其容量 {cap} 小于 1", cap=cap)
        else:
            checked[agent] = cap
    for agent in agents:
        if agent not in caps:
            problems.append(Problem(f"{name}[{agent!r}]", Message("no capacity given", "未给出容量")))
            removed[agent] = Message("no capacity given", "未给出容量")
    return checked


def build_game(
    proposer_prefs: Preferences,
    reviewer_prefs: Preferences,
    /,
    *,
    capacities: Mapping[Any, int] | None,
    proposer_capacities: Mapping[Any, int] | None,
    clean: bool,
    flat: Side | None = None,
) -> Game:
    """Check and normalise a game; raise every problem, or drop them when *clean*.

    With *flat* (the side that will propose, with one place each), plain lists are
    first checked in bulk, as index arrays joined for deferred acceptance
    (``Game.flat``); any problem sends them to the careful check, which names it.
    """
    problems: list[Problem] = []
    fatal: list[Problem] = []
    given: tuple[tuple[object, str], ...] = ((proposer_prefs, "proposer"), (reviewer_prefs, "reviewer"))
    for prefs, side in given:
        if not isinstance(prefs, Mapping):
            fatal.append(Problem(_name(side), _not_a_mapping(_list(), prefs)))
    if fatal:
        raise MatchingInputError(cannot_match(), fatal)
    both = proposer_prefs.keys() & reviewer_prefs.keys()
    fatal.extend(
        Problem(
            f"reviewer_prefs[{agent!r}]",
            Message(
                "{agent} is also a proposer; ids must differ between sides",
                "{agent} 也是提议方；两方的 id 必须不同",
                agent=repr(agent),
            ),
        )
        for agent in sort_agents(both)
    )
    p_removed: dict[Agent, Message] = {}
    r_removed: dict[Agent, Message] = {}
    r_cap = _check_capacities(capacities, reviewer_prefs, "capacities", problems, r_removed)
    p_cap = _check_capacities(proposer_capacities, proposer_prefs, "proposer_capacities", problems, p_removed)
    own_cap = p_cap if flat == "proposer" else r_cap
    if flat is not None and own_cap is None and not fatal and not problems:
        game = _bulk_game(proposer_prefs, reviewer_prefs, p_cap=p_cap, r_cap=r_cap, side=flat)
        if game is not None:
            return game
    p_keys = _without(proposer_prefs, p_removed)
    r_keys = _without(reviewer_prefs, r_removed)
    p_lists, p_levels = _check_lists(
        proposer_prefs,
        "proposer",
        others=r_keys,
        other_side="reviewer",
        removed=r_removed,
        dropped=p_removed,
        problems=problems,
    )
    r_lists, r_levels = _check_lists(
        reviewer_prefs,
        "reviewer",
        others=p_keys,
        other_side="proposer",
        removed=p_removed,
        dropped=r_removed,
        problems=problems,
    )
    if fatal or (problems and not clean):
        raise MatchingInputError(cannot_match(), fatal + problems)
    return Game(
        p_lists=p_lists,
        r_lists=r_lists,
        p_cap=p_cap,
        r_cap=r_cap,
        p_levels=p_levels,
        r_levels=r_levels,
        dropped=tuple(problems),
    )


def _bulk_game(
    proposer_prefs: Mapping[Agent, Any],
    reviewer_prefs: Mapping[Agent, Any],
    *,
    p_cap: dict[Agent, int] | None,
    r_cap: dict[Agent, int] | None,
    side: Side,
) -> Game | None:
    """Return the game of plain, good lists checked as index arrays, or ``None`` to check them with care.

    Plain and good: every list a ``list`` or ``tuple`` of agents of the other side,
    none twice. A few passes at C speed and one sort, each linear (the sort log-
    linear) in the lists' total length; the strict lists are built on first use.
    """
    from socialwork.matching import _flat  # noqa: PLC0415 - numpy on first use keeps imports fast

    p_flat = _flat.bulk_indices(list(proposer_prefs.values()), reviewer_prefs)
    if p_flat is None:
        return None
    r_flat = _flat.bulk_indices(list(reviewer_prefs.values()), proposer_prefs)
    if r_flat is None:
        return None
    joined = _flat.join(p_flat, r_flat) if side == "proposer" else _flat.join(r_flat, p_flat)
    if joined is None:
        return None
    p_keys, r_keys = list(proposer_prefs), list(reviewer_prefs)
    game = Game(
        p_lists=_flat.lazy_lists(p_keys, p_flat, r_keys),
        r_lists=_flat.lazy_lists(r_keys, r_flat, p_keys),
        p_cap=p_cap,
        r_cap=r_cap,
        p_levels={},
        r_levels={},
        dropped=(),
        keys=(p_keys, r_keys),
    )
    game.flat = {side: joined}
    return game


def _without(prefs: Mapping[Agent, object], removed: Mapping[Agent, Message]) -> Mapping[Agent, object]:
    if not removed:
        return prefs
    return {agent: None for agent in prefs if agent not in removed}


def check_preferences(
    proposer_prefs: Preferences,
    reviewer_prefs: Preferences,
    /,
    *,
    capacities: Mapping[Any, int] | None = None,
    proposer_capacities: Mapping[Any, int] | None = None,
) -> tuple[Problem, ...]:
    """Return every problem in the input of :func:`stable`, without raising.

    The problems are the ones :func:`stable` raises (or drops with ``clean=True``):
    a capacity below one or not a whole number, a missing capacity, a capacity for
    an agent with no list, an agent ranked twice in one list, a list naming an
    agent that is not on the other side, an empty tie group, and an id used on
    both sides. Each problem names its place, e.g. ``proposer_prefs['r1'][2]``.

    Args:
        proposer_prefs: Each proposer's ranked reviewers, best first.
        reviewer_prefs: Each reviewer's ranked proposers, best first.
        capacities: The reviewers' capacities, or ``None`` for one place each.
        proposer_capacities: The proposers' capacities, or ``None`` for one each.

    Returns:
        The problems, in the order found; empty when the input is good.

    Examples:
        >>> from socialwork.matching import check_preferences
        >>> for problem in check_preferences({"r1": ["h1", "h1", "h9"]}, {"h1": ["r1"]},
        ...                                  capacities={"h1": 0}):
        ...     print(problem)
        capacities['h1']: capacity must be at least 1, got 0
        proposer_prefs['r1'][0]: ranks 'h1', which was dropped: its capacity 0 is below 1
        proposer_prefs['r1'][1]: ranks 'h1', which was dropped: its capacity 0 is below 1
        proposer_prefs['r1'][2]: ranks 'h9', which is not a reviewer
    """
    try:
        game = build_game(
            proposer_prefs,
            reviewer_prefs,
            capacities=capacities,
            proposer_capacities=proposer_capacities,
            clean=True,
        )
    except MatchingInputError as error:
        return error.problems
    return game.dropped
