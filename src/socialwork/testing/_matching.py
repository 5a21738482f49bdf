"""Strategies for matching: preference profiles of two-sided games."""

from __future__ import annotations

from typing import NamedTuple

from hypothesis import strategies as st

from socialwork.errors import InvalidValueError, Message

__all__ = ["PreferenceProfile", "marriage_profiles", "preference_profiles"]

Prefs = dict[str, list[str]]


class PreferenceProfile(NamedTuple):
    """A two-sided matching game: both sides' ranked lists and capacities.

    Attributes:
        proposers: Each proposer's ranked list of reviewers (most wanted first).
        reviewers: Each reviewer's ranked list of proposers.
        capacities: Each reviewer's capacity, or ``None`` for one each.
        proposer_capacities: Each proposer's capacity, or ``None`` for one each.

    .. versionadded:: 0.2
    """

    proposers: Prefs
    reviewers: Prefs
    capacities: dict[str, int] | None
    proposer_capacities: dict[str, int] | None


@st.composite
def _profiles(
    draw: st.DrawFn,
    *,
    max_proposers: int,
    max_reviewers: int,
    max_capacity: int,
    reviewer_caps: bool,
    proposer_caps: bool,
    consistent: bool,
    nonempty: bool,
) -> PreferenceProfile:
    proposers = [f"p{i}" for i in range(draw(st.integers(1, max_proposers)))]
    reviewers = [f"h{j}" for j in range(draw(st.integers(1, max_reviewers)))]
    min_size = 1 if nonempty else 0
    proposer_prefs = {
        p: draw(st.lists(st.sampled_from(reviewers), unique=True, min_size=min_size)) for p in proposers
    }
    reviewer_prefs: Prefs = {}
    for r in reviewers:
        if consistent:
            pool = [p for p in proposers if r in proposer_prefs[p]]
            reviewer_prefs[r] = list(draw(st.permutations(pool)))
        else:
            reviewer_prefs[r] = draw(st.lists(st.sampled_from(proposers), unique=True))
    caps = {r: draw(st.integers(1, max_capacity)) for r in reviewers} if reviewer_caps else None
    pcaps = {p: draw(st.integers(1, max_capacity)) for p in proposers} if proposer_caps else None
    return PreferenceProfile(proposer_prefs, reviewer_prefs, caps, pcaps)


def preference_profiles(
    *,
    max_proposers: int = 7,
    max_reviewers: int = 5,
    max_capacity: int = 3,
    reviewer_caps: bool = True,
    proposer_caps: bool = False,
    consistent: bool = False,
    nonempty: bool = False,
) -> st.SearchStrategy[PreferenceProfile]:
    """Return a strategy for preference profiles of a two-way selection fair (双选会).

    Proposers are ``"p0"``, ``"p1"``, ...; reviewers ``"h0"``, ``"h1"``, ...; each
    ranks any subset of the other side, without repeats.

    Args:
        max_proposers: The most proposers (at least one is drawn).
        max_reviewers: The most reviewers (at least one is drawn).
        max_capacity: The largest capacity drawn.
        reviewer_caps: Whether reviewers get capacities (many-to-one).
        proposer_caps: Whether proposers get capacities (many-to-many).
        consistent: Each reviewer ranks exactly the proposers that rank it, as
            some other implementations require.
        nonempty: Every proposer ranks at least one reviewer.

    Raises:
        InvalidValueError: a maximum is below one.

    Examples:
        >>> from hypothesis import find
        >>> from socialwork.testing import preference_profiles
        >>> profile = find(preference_profiles(consistent=True), lambda _: True)
        >>> all(set(ranked) <= set(profile.reviewers) for ranked in profile.proposers.values())
        True

    .. versionadded:: 0.2
    """
    for name, value in (
        ("max_proposers", max_proposers),
        ("max_reviewers", max_reviewers),
        ("max_capacity", max_capacity),
    ):
        if not isinstance(value, int) or value < 1:
            msg = Message("expected at least 1, got {value}", "应为至少 1，实为 {value}", value=repr(value))
            raise InvalidValueError(msg, path=name)
    return _profiles(
        max_proposers=max_proposers,
        max_reviewers=max_reviewers,
        max_capacity=max_capacity,
        reviewer_caps=bool(reviewer_caps),
        proposer_caps=bool(proposer_caps),
        consistent=bool(consistent),
        nonempty=bool(nonempty),
    )


@st.composite
def _marriages(draw: st.DrawFn, max_size: int) -> tuple[Prefs, Prefs]:
    n = draw(st.integers(1, max_size))
    suitors = [f"s{i}" for i in range(n)]
    reviewers = [f"r{i}" for i in range(n)]
    return (
        {s: list(draw(st.permutations(reviewers))) for s in suitors},
        {r: list(draw(st.permutations(suitors))) for r in reviewers},
    )


def marriage_profiles(*, max_size: int = 8) -> st.SearchStrategy[tuple[Prefs, Prefs]]:
    """Return a strategy for complete one-to-one games: n suitors and n reviewers, full lists.

    Examples:
        >>> from hypothesis import find
        >>> from socialwork.testing import marriage_profiles
        >>> suitors, reviewers = find(marriage_profiles(max_size=3), lambda _: True)
        >>> len(suitors) == len(reviewers)
        True

    .. versionadded:: 0.2
    """
    if not isinstance(max_size, int) or max_size < 1:
        msg = Message("expected at least 1, got {value}", "应为至少 1，实为 {value}", value=repr(max_size))
        raise InvalidValueError(msg, path="max_size")
    return _marriages(max_size)
