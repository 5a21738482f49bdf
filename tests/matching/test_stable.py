"""Tests of socialwork.matching.stable, Matching, blocking_pairs and is_stable."""

from __future__ import annotations

import copy
from collections.abc import Sequence

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from socialwork.errors import InvalidTypeError, MatchingInputError, SocialWorkError, UnknownIdError
from socialwork.matching import (
    Matching,
    Reason,
    blocking_pairs,
    check_preferences,
    is_stable,
    stable,
)
from socialwork.testing import marriage_profiles as marriages
from socialwork.testing import preference_profiles as games
from tests._messages import CJK

from .oracles import (
    all_stable_matchings,
    blocking,
    matching_package_hr,
    matching_package_sm,
    shuffled,
)

# -- properties ------------------------------------------------------------------


@given(games(reviewer_caps=True, proposer_caps=True))
def test_result_has_no_blocking_pair(game) -> None:
    """Every result is stable: the definition finds no blocking pair, nor does blocking_pairs."""
    pp, rp, caps, pcaps = game
    for optimal in ("proposer", "reviewer"):
        m = stable(pp, rp, capacities=caps, proposer_capacities=pcaps, optimal=optimal)
        assert blocking(m.pairs, pp, rp, caps, pcaps) == set()
        assert blocking_pairs(m) == ()
        assert is_stable(m)
        again = Matching.from_preferences(m.pairs, pp, rp, capacities=caps, proposer_capacities=pcaps)
        assert blocking_pairs(again) == ()
        assert is_stable(again)


@given(games(reviewer_caps=True, proposer_caps=True), st.data())
def test_blocking_pairs_of_any_matching_follow_the_definition(game, data) -> None:
    """For any set of mutually acceptable pairs, blocking_pairs finds what the definition finds."""
    pp, rp, caps, pcaps = game
    acceptable = sorted((p, r) for p, ranked in pp.items() for r in ranked if p in rp[r])
    pairs = frozenset(data.draw(st.lists(st.sampled_from(acceptable), unique=True)) if acceptable else [])
    m = Matching.from_preferences(pairs, pp, rp, capacities=caps, proposer_capacities=pcaps)
    assert set(blocking_pairs(m)) == blocking(pairs, pp, rp, caps, pcaps)
    assert list(blocking_pairs(m)) == sorted(blocking_pairs(m))


@given(games(reviewer_caps=True, proposer_caps=True))
def test_result_respects_capacities_and_acceptability(game) -> None:
    """No agent has more partners than places, and each pair ranks each other."""
    pp, rp, caps, pcaps = game
    m = stable(pp, rp, capacities=caps, proposer_capacities=pcaps)
    for p, r in m.pairs:
        assert r in pp[p]
        assert p in rp[r]
    for p in pp:
        assert len(m.of(p)) <= (pcaps[p] if pcaps else 1)
    for r in rp:
        assert len(m.of(r)) <= (caps[r] if caps else 1)


@settings(max_examples=150)
@given(games(max_proposers=5, max_reviewers=3, max_capacity=2))
def test_proposer_optimal_by_brute_force(game) -> None:
    """No stable matching gives any proposer a better partner than the proposer-optimal one."""
    pp, rp, caps, _ = game
    ours = stable(pp, rp, capacities=caps)
    every = all_stable_matchings(pp, rp, caps)
    assert ours.pairs in every
    for p, ranked in pp.items():
        mine = ours.of(p)
        mine_rank = ranked.index(mine[0]) if mine else len(ranked)
        for other in every:
            theirs = [r for q, r in other if q == p]
            assert mine_rank <= (ranked.index(theirs[0]) if theirs else len(ranked))


@settings(max_examples=150)
@given(games(max_proposers=5, max_reviewers=3, max_capacity=2))
def test_reviewer_optimal_is_proposers_worst(game) -> None:
    """The reviewer-optimal matching gives every proposer its worst partner among stable matchings."""
    pp, rp, caps, _ = game
    ours = stable(pp, rp, capacities=caps, optimal="reviewer")
    every = all_stable_matchings(pp, rp, caps)
    assert ours.pairs in every
    for p, ranked in pp.items():
        mine = ours.of(p)
        mine_rank = ranked.index(mine[0]) if mine else len(ranked)
        for other in every:
            theirs = [r for q, r in other if q == p]
            assert mine_rank >= (ranked.index(theirs[0]) if theirs else len(ranked))


@given(games(proposer_caps=True), st.randoms(use_true_random=False))
def test_independent_of_input_order(game, rnd) -> None:
    """Reordering the agents of either side (and the capacities) does not change the matching."""
    pp, rp, caps, pcaps = game
    first = stable(pp, rp, capacities=caps, proposer_capacities=pcaps)
    p_order = list(range(len(pp)))
    r_order = list(range(len(rp)))
    rnd.shuffle(p_order)
    rnd.shuffle(r_order)
    again = stable(
        shuffled(pp, p_order),
        shuffled(rp, r_order),
        capacities=None if caps is None else shuffled(caps, r_order),
        proposer_capacities=None if pcaps is None else shuffled(pcaps, p_order),
    )
    assert again == first


@given(games(proposer_caps=True))
def test_inputs_are_never_mutated(game) -> None:
    """stable, Matching.from_preferences, blocking_pairs and explain leave every input as it was."""
    pp, rp, caps, pcaps = game
    before = copy.deepcopy(game)
    m = stable(pp, rp, capacities=caps, proposer_capacities=pcaps, optimal="reviewer")
    blocking_pairs(m)
    is_stable(Matching.from_preferences(m.pairs, pp, rp, capacities=caps, proposer_capacities=pcaps))
    for agent in [*pp, *rp]:
        m.explain(agent)
    assert (pp, rp, caps, pcaps) == before


@given(games(proposer_caps=True))
def test_explanations_of_a_stable_matching_never_block(game) -> None:
    """Every better choice an agent lacks was full with agents it prefers, or did not rank it."""
    pp, rp, caps, pcaps = game
    m = stable(pp, rp, capacities=caps, proposer_capacities=pcaps)
    for agent in [*pp, *rp]:
        explanation = m.explain(agent)
        assert all(choice.reason is not Reason.BLOCKING for choice in explanation.better)
        assert explanation.partners == m.of(agent)


@settings(max_examples=1000)
@given(games(max_proposers=12, max_reviewers=6, consistent=True, nonempty=True))
def test_agrees_with_matching_package_resident_optimal(game) -> None:
    """Resident-optimal hospital/residents equals the matching package's answer."""
    pp, rp, caps, _ = game
    assert caps is not None
    ours = stable(pp, rp, capacities=caps)
    assert ours.pairs == matching_package_hr(pp, rp, caps, "resident")


@settings(max_examples=1000)
@given(games(max_proposers=12, max_reviewers=6, consistent=True, nonempty=True))
def test_agrees_with_matching_package_hospital_optimal(game) -> None:
    """Hospital-optimal hospital/residents equals the matching package's answer wherever it answers."""
    pp, rp, caps, _ = game
    assert caps is not None
    ours = stable(pp, rp, capacities=caps, optimal="reviewer")
    try:
        theirs = matching_package_hr(pp, rp, caps, "hospital")
    except (AttributeError, IndexError, KeyError, ValueError, TypeError):
        event("the matching package crashed")
        assert is_stable(ours)
        return
    assert ours.pairs == theirs


@settings(max_examples=1000)
@given(marriages())
def test_agrees_with_matching_package_stable_marriage(game) -> None:
    """Suitor-optimal stable marriage equals the matching package's answer."""
    pp, rp = game
    assert stable(pp, rp).pairs == matching_package_sm(pp, rp)


@given(games(proposer_caps=True), st.data())
def test_ties_give_a_weakly_stable_matching(game, data) -> None:
    """Lists with tie groups give a matching no pair strictly prefers to break."""
    pp, rp, caps, pcaps = game
    tied = {}
    for r, ranked in rp.items():
        cut = data.draw(st.integers(0, len(ranked)))
        tied[r] = [set(ranked[:cut]), *ranked[cut:]] if cut else list(ranked)
    m = stable(pp, tied, capacities=caps, proposer_capacities=pcaps)
    assert blocking_pairs(m) == ()
    assert (
        blocking_pairs(
            Matching.from_preferences(m.pairs, pp, tied, capacities=caps, proposer_capacities=pcaps)
        )
        == ()
    )
    strict = {r: [*sorted(g[0]), *g[1:]] if g and isinstance(g[0], set) else g for r, g in tied.items()}
    assert m.pairs == stable(pp, strict, capacities=caps, proposer_capacities=pcaps).pairs


# -- examples --------------------------------------------------------------------


def test_ties_are_broken_by_sorted_id() -> None:
    """Within a tie group the smaller id is preferred."""
    m = stable({"b": ["x"], "a": ["x"]}, {"x": [("b", "a")]})
    assert m.pairs == {("a", "x")}


def test_agent_ranked_only_by_one_side_is_unacceptable() -> None:
    """A pair where only one side ranks the other is never matched."""
    m = stable({"r1": ["h1"]}, {"h1": []})
    assert m.pairs == frozenset()
    assert m.unmatched_proposers == ("r1",)
    assert m.explain("r1").better[0].reason is Reason.DID_NOT_RANK


def test_hospital_with_no_preferences_does_not_crash() -> None:
    """A reviewer with an empty list is simply unmatched (the matching package fails on it)."""
    m = stable(
        {"r1": ["h1", "h2"]}, {"h1": [], "h2": ["r1"]}, capacities={"h1": 2, "h2": 1}, optimal="reviewer"
    )
    assert m.pairs == {("r1", "h2")}
    assert m.unmatched_reviewers == ("h1",)


def test_unmatched_agent_is_explained() -> None:
    """explain says which better choice was full with whom."""
    m = stable({"r1": ["h1"], "r2": ["h1"]}, {"h1": ["r2", "r1"]})
    explanation = m.explain("r1")
    assert explanation.unmatched
    assert explanation.better[0].reason is Reason.FULL
    assert explanation.better[0].held_by == ("r2",)
    assert "'h1' was full with 'r2'" in str(explanation)


def test_a_full_choice_lists_its_partners_in_its_own_order() -> None:
    """held_by is in the order the full choice ranks its partners, whatever the hash seed."""
    proposers = {f"r{i}": ["h1"] for i in range(6)}
    m = stable(proposers, {"h1": ["r4", "r0", "r5", "r2", "r1", "r3"]}, capacities={"h1": 4})
    (full,) = m.explain("r1").better
    assert full.held_by == ("r4", "r0", "r5", "r2") == m.of("h1")


def test_a_matched_agent_is_described_with_its_partners_in_both_languages() -> None:
    """describe() gives the side, capacity and partners, then each better choice or that there is none."""
    m = stable({"r1": ["h1", "h2"], "r2": ["h1"]}, {"h1": ["r2", "r1"], "h2": ["r1"]})
    words = m.explain("r1").describe()
    assert (
        words
        == "'r1' (proposer, capacity 1) has 'h2'; 'h1' was full with 'r2', whom it ranks at least as high"
    )
    assert words.zh == "'r1'（提议方，名额 1）匹配到 'h2'；'h1' 名额已满：所接纳的 'r2' 在其排序中不低于本方"
    content = m.explain("h2").describe()
    assert content == "'h2' (reviewer, capacity 1) has 'r1'; it ranks no one better that it lacks"
    assert content.zh == "'h2'（审议方，名额 1）匹配到 'r1'；没有排序更高而未得到的选择"


@given(games(reviewer_caps=True, proposer_caps=True))
def test_every_explanation_names_each_partner_and_better_choice_in_both_languages(game) -> None:
    """Whatever the game, each agent's words, in English and in Chinese, name its partners and its better choices."""
    pp, rp, caps, pcaps = game
    m = stable(pp, rp, capacities=caps, proposer_capacities=pcaps)
    for agent in [*m.proposers, *m.reviewers]:
        explanation = m.explain(agent)
        words = explanation.describe()
        assert str(explanation) == words.en
        for text in (words.en, words.zh):
            assert text.startswith(repr(agent))
            assert all(repr(partner) in text for partner in explanation.partners)
            assert all(repr(choice.choice) in text for choice in explanation.better)
        assert CJK.search(words.zh)
        assert not CJK.search(words.en)


@given(games(reviewer_caps=True, proposer_caps=True))
def test_every_full_choice_is_explained_in_its_ranking_order(game) -> None:
    """Each FULL reason's held_by is exactly the choice's partners as of() gives them."""
    pp, rp, caps, pcaps = game
    m = stable(pp, rp, capacities=caps, proposer_capacities=pcaps)
    for agent in [*m.proposers, *m.reviewers]:
        for choice in m.explain(agent).better:
            if choice.reason is Reason.FULL:
                assert choice.held_by == m.of(choice.choice)


def test_many_to_many_fair_fills_both_sides() -> None:
    """In a two-way fair a community can take two agencies and an agency two communities."""
    communities = {"c1": ["a1", "a2"], "c2": ["a1", "a2"], "c3": ["a1"]}
    agencies = {"a1": ["c3", "c1", "c2"], "a2": ["c2", "c1"]}
    m = stable(
        communities, agencies, capacities={"a1": 2, "a2": 2}, proposer_capacities={"c1": 2, "c2": 1, "c3": 1}
    )
    assert m.pairs == {("c3", "a1"), ("c1", "a1"), ("c1", "a2"), ("c2", "a2")}
    assert is_stable(m)


def test_bad_input_lists_every_problem() -> None:
    """A bad capacity, a repeated entry and an unknown agent are all reported with their place."""
    with pytest.raises(MatchingInputError) as info:
        stable(
            {"r1": ["h1", "h1"], "r2": ["h9"]}, {"h1": ["r1"], "h2": ["r7"]}, capacities={"h1": 1, "h2": 0}
        )
    assert [str(problem) for problem in info.value.problems] == [
        "capacities['h2']: capacity must be at least 1, got 0",
        "proposer_prefs['r1'][1]: ranks 'h1' twice (first at [0])",
        "proposer_prefs['r2'][0]: ranks 'h9', which is not a reviewer",
        "reviewer_prefs['h2'][0]: ranks 'r7', which is not a proposer",
    ]
    assert isinstance(info.value, SocialWorkError)
    assert isinstance(info.value, ValueError)


def test_clean_drops_bad_entries_and_reports_them() -> None:
    """clean=True matches what is left and lists what it dropped."""
    m = stable(
        {"r1": ["h1", "h1", "h9"], "r2": ["h2", "h1"]},
        {"h1": ["r2", "r1"], "h2": ["r2"]},
        capacities={"h1": 1, "h2": 0},
        clean=True,
    )
    assert m.pairs == {("r2", "h1")}
    assert m.reviewers == {"h1"}
    messages = [str(problem) for problem in m.dropped]
    assert "capacities['h2']: capacity must be at least 1, got 0" in messages
    assert "proposer_prefs['r1'][1]: ranks 'h1' twice (first at [0])" in messages
    assert "proposer_prefs['r1'][2]: ranks 'h9', which is not a reviewer" in messages


def test_check_preferences_returns_problems_without_raising() -> None:
    """check_preferences returns the problems; a good game has none."""
    assert check_preferences({"a": ["x"]}, {"x": ["a"]}) == ()
    problems = check_preferences({"a": "x"}, {"x": ["a"]}, proposer_capacities={"a": True})
    assert [p.path for p in problems] == [
        "proposer_capacities['a']",
        "proposer_prefs['a']",
        "reviewer_prefs['x'][0]",
    ]


def test_missing_capacity_is_a_problem() -> None:
    """When capacities are given, every reviewer needs one."""
    with pytest.raises(MatchingInputError, match="no capacity given"):
        stable({"a": ["x"]}, {"x": ["a"], "y": []}, capacities={"x": 1})


def test_same_id_on_both_sides_is_refused_even_when_cleaning() -> None:
    """An id on both sides would make of() ambiguous, so it is always an error."""
    with pytest.raises(MatchingInputError, match="also a proposer"):
        stable({"a": ["a"]}, {"a": ["a"]}, clean=True)


def test_unknown_optimal_side_is_refused() -> None:
    """optimal must name a side."""
    with pytest.raises(MatchingInputError, match="optimal"):
        stable({}, {}, optimal="hospital")  # type: ignore[arg-type]


def test_blocking_pairs_of_a_matching_from_elsewhere() -> None:
    """A matching built with from_preferences is checked against the preferences it holds."""
    pp = {"r1": ["h1", "h2"], "r2": ["h1", "h2"]}
    rp = {"h1": ["r1", "r2"], "h2": ["r1", "r2"]}
    m = Matching.from_preferences([("r2", "h1"), ("r1", "h2")], pp, rp)
    assert blocking_pairs(m) == (("r1", "h1"),)
    assert not is_stable(m)
    assert m.optimal is None
    assert m.proposers == {"r1", "r2"}
    assert m.explain("r1").better[0].reason is Reason.BLOCKING


def test_from_preferences_refuses_unknown_agents_in_the_pairs() -> None:
    """A pair naming an agent the preferences lack is an UnknownIdError naming it."""
    with pytest.raises(UnknownIdError, match="'zz', which is not a reviewer"):
        Matching.from_preferences([("a", "zz")], {"a": ["x"]}, {"x": ["a"]})


def test_from_preferences_checks_the_preferences() -> None:
    """Bad preferences are reported as stable reports them, with their place."""
    with pytest.raises(MatchingInputError) as info:
        Matching.from_preferences([("a", "x")], {"a": ["x", "x"]}, {"x": ["a"]})
    assert [p.path for p in info.value.problems] == ["proposer_prefs['a'][1]"]


def test_verifiers_need_preferences() -> None:
    """A matching from from_pairs holds no preferences: the verifiers say how to build one that does."""
    for verify in (blocking_pairs, is_stable):
        with pytest.raises(MatchingInputError) as info:
            verify(Matching.from_pairs([("a", "x")]))
        assert info.value.problems[0].path == "matching"
        assert "from_preferences" in info.value.problems[0].message


@pytest.mark.parametrize("bad", [None, {"a": "x"}, [("a", "x")], "matching"])
def test_verifiers_refuse_what_is_not_a_matching(bad) -> None:
    """A wrong-typed matching is an InvalidTypeError naming the argument, not an AttributeError."""
    for verify in (blocking_pairs, is_stable):
        with pytest.raises(InvalidTypeError) as info:
            verify(bad)
        assert info.value.path == "matching"


def test_verifiers_do_not_build_the_game_again(monkeypatch) -> None:
    """blocking_pairs and is_stable use the game the matching holds: preferences are checked once."""
    import socialwork.matching._stable as module

    m = stable({"r1": ["h1"], "r2": ["h1"]}, {"h1": ["r2", "r1"]})

    def refuse(*args, **kwargs):
        msg = "the game was built again"
        raise AssertionError(msg)

    monkeypatch.setattr(module, "build_game", refuse)
    assert blocking_pairs(m) == ()
    assert is_stable(m)


def test_clean_matchings_are_checked_against_the_cleaned_game() -> None:
    """With clean=True the verifiers judge the game that was matched, without the dropped entries."""
    m = stable({"r1": ["h1", "h9"], "r2": ["h1"]}, {"h1": ["r2", "r1"]}, clean=True)
    assert m.dropped
    assert is_stable(m)


@pytest.mark.parametrize(
    ("pairs", "error", "path"),
    [
        (5, InvalidTypeError, "pairs"),
        ("ax", InvalidTypeError, "pairs"),
        ([("a", "x", "y")], MatchingInputError, "pairs[0]"),
        ([["a", ["x"]]], MatchingInputError, "pairs[0]"),
        ([None], MatchingInputError, "pairs[0]"),
    ],
)
def test_bad_pairs_are_named(pairs, error, path) -> None:
    """Pairs that are not (proposer, reviewer) pairs of hashable ids raise a documented error with a path."""
    for build in (
        lambda: Matching.from_pairs(pairs),
        lambda: Matching.from_preferences(pairs, {"a": ["x"]}, {"x": ["a"]}),
    ):
        with pytest.raises(error) as info:
            build()
        paths = (
            [info.value.path]
            if isinstance(info.value, InvalidTypeError)
            else [p.path for p in info.value.problems]
        )
        assert paths == [path]


def test_list_pairs_are_taken_as_pairs() -> None:
    """A pair given as a two-item list (as JSON gives it) is a pair."""
    assert Matching.from_pairs([["a", "x"]]).pairs == {("a", "x")}


def test_unmatched_agents_must_be_an_iterable_of_ids() -> None:
    """proposers/reviewers of the wrong type name the argument."""
    with pytest.raises(InvalidTypeError) as info:
        Matching.from_pairs([], proposers=3)  # type: ignore[arg-type]
    assert info.value.path == "proposers"
    with pytest.raises(InvalidTypeError) as info:
        Matching.from_pairs([], reviewers=[["x"]])
    assert info.value.path == "reviewers"


def test_over_capacity_matching_is_not_stable() -> None:
    """is_stable rejects a matching that gives a reviewer more partners than places."""
    pp = {"a": ["x"], "b": ["x"]}
    rp = {"x": ["a", "b"]}
    assert not is_stable(Matching.from_preferences([("a", "x"), ("b", "x")], pp, rp))


def test_unacceptable_pair_is_not_stable() -> None:
    """is_stable rejects a pair that one side does not rank."""
    assert not is_stable(Matching.from_preferences([("a", "x")], {"a": ["x"]}, {"x": []}))


def test_of_unknown_agent_raises() -> None:
    """of() names the agent it does not know."""
    with pytest.raises(UnknownIdError, match="'nobody'"):
        stable({"a": ["x"]}, {"x": ["a"]}).of("nobody")


def test_unhashable_agent_is_unknown() -> None:
    """of() and explain() of an unhashable value raise UnknownIdError, not a TypeError."""
    m = stable({"a": ["x"]}, {"x": ["a"]})
    for ask in (m.of, m.explain):
        with pytest.raises(UnknownIdError):
            ask(["a"])


def test_explain_needs_preferences() -> None:
    """A matching from from_pairs cannot be explained."""
    with pytest.raises(MatchingInputError, match="no preferences"):
        Matching.from_pairs([("a", "x")]).explain("a")


def test_matching_is_immutable_and_hashable() -> None:
    """A Matching is a frozen value usable as a dict key."""
    m = stable({"a": ["x"]}, {"x": ["a"]})
    same = Matching(m.pairs, m.proposers, m.reviewers, "proposer")
    assert {m: 1}[same] == 1
    with pytest.raises(AttributeError):
        m.pairs = frozenset()  # type: ignore[misc]


class _Ranked(Sequence):
    """A Sequence that is neither list nor tuple: it takes the per-entry check, not the bulk one."""

    def __init__(self, items):
        self._items = list(items)

    def __len__(self):
        return len(self._items)

    def __getitem__(self, index):
        return self._items[index]


@given(games(reviewer_caps=True))
def test_bulk_and_careful_checks_give_the_same_matching(game) -> None:
    """Plain lists (checked in bulk, as index arrays) and other sequences give the same matching."""
    pp, rp, caps, _ = game
    slow_pp = {p: _Ranked(ranked) for p, ranked in pp.items()}
    slow_rp = {r: _Ranked(ranked) for r, ranked in rp.items()}
    for optimal in ("proposer", "reviewer"):
        fast = stable(pp, rp, capacities=caps, optimal=optimal)
        slow = stable(slow_pp, slow_rp, capacities=caps, optimal=optimal)
        assert fast == slow


@given(games(reviewer_caps=True), st.data())
def test_a_bad_entry_leaves_the_bulk_check_for_the_careful_one(game, data) -> None:
    """An unknown or repeated entry in plain lists is still reported with its place."""
    pp, rp, caps, _ = game
    agent = data.draw(st.sampled_from(sorted(pp)))
    ranked = list(pp[agent])
    if ranked and data.draw(st.booleans()):
        bad, problem = [*ranked, ranked[0]], f"ranks {ranked[0]!r} twice"
    else:
        bad, problem = [*ranked, "nobody"], "ranks 'nobody', which is not a reviewer"
    with pytest.raises(MatchingInputError) as info:
        stable({**pp, agent: bad}, rp, capacities=caps)
    assert [p.path for p in info.value.problems] == [f"proposer_prefs[{agent!r}][{len(ranked)}]"]
    assert problem in info.value.problems[0].message


def test_index_arrays_are_let_go_after_matching() -> None:
    """The bulk check's index arrays are dropped once deferred acceptance has used them."""
    m = stable({"r1": ["h1"], "r2": ["h1"]}, {"h1": ["r2", "r1"]}, capacities={"h1": 1})
    assert m.pairs == {("r2", "h1")}
    assert m._game is not None
    assert m._game.flat == {}


def test_reasons_have_labels_in_both_languages() -> None:
    """Reason is a LabelledEnum: every member has .zh, .en and .label(lang)."""
    from socialwork.model import LabelledEnum

    assert issubclass(Reason, LabelledEnum)
    assert [r.label("zh") for r in Reason] == ["对方未选择", "名额已满", "构成阻塞对"]
    assert Reason.BLOCKING.label() == Reason.BLOCKING.en


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda: stable(5, {}), "proposer_prefs"),  # type: ignore[arg-type]
        (lambda: stable({}, [("x", "a")]), "reviewer_prefs"),  # type: ignore[arg-type]
        (lambda: stable({"a": "x"}, {"x": ["a"]}), "proposer_prefs['a']"),
        (lambda: stable({"a": ["x"]}, {"x": ["a"]}, capacities=[1]), "capacities"),  # type: ignore[arg-type]
        (
            lambda: stable({"a": ["x"]}, {"x": ["a"]}, proposer_capacities={"a": 1.0}),
            "proposer_capacities['a']",
        ),
        (lambda: stable({}, {}, optimal=1), "optimal"),  # type: ignore[arg-type]
    ],
)
def test_wrong_typed_arguments_of_stable_are_named(call, path) -> None:
    """A wrong-typed argument of stable is a MatchingInputError whose first problem names it."""
    with pytest.raises(MatchingInputError) as info:
        call()
    assert info.value.problems[0].path == path


def test_importing_matching_loads_no_numerical_library() -> None:
    """import socialwork.matching loads neither numpy, scipy nor OR-Tools: they come on first use."""
    import subprocess
    import sys

    code = (
        "import sys, socialwork.matching as m; "
        "print(sorted(n for n in ('numpy', 'scipy', 'ortools') if n in sys.modules)); "
        "m.stable({'a': ['x']}, {'x': ['a']}); print('numpy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["[]", "True"]


# -- the bulk path: index arrays, the join, vectorised rounds ----------------------


def _engines(pp, rp, caps, optimal):
    """Return the pairs of the chains, the rounds and the dict engine on one checked game."""
    from socialwork.matching._accept import _chains, _joined, _propose_many, _rounds
    from socialwork.matching._prefs import build_game

    their_caps = caps if optimal == "proposer" else None  # the proposing side has one place each
    game = build_game(pp, rp, capacities=their_caps, proposer_capacities=None, clean=False, flat=optimal)
    other = "reviewer" if optimal == "proposer" else "proposer"
    own, theirs = game.agents(optimal), game.agents(other)
    joined = game.flat.get(optimal) or _joined(game.lists(optimal), game.lists(other), own, theirs)
    places = [1] * len(theirs) if their_caps is None else [their_caps[r] for r in theirs]
    found = []
    for engine in (_chains, _rounds):
        held, by = engine(joined, places)
        found.append({(own[i], theirs[j]) for i, j in zip(held, by, strict=True)})
    rank = game.rank(other)
    heaps: dict = {r: [] for r in rank}
    _propose_many(
        game.lists(optimal), rank, heaps, their_caps or dict.fromkeys(rank, 1), dict.fromkeys(own, 1)
    )
    found.append({(p, r) for r, heap in heaps.items() for _, p in heap})
    return found


@settings(max_examples=300)
@given(games(max_proposers=12, max_reviewers=6, max_capacity=4, reviewer_caps=True))
def test_vectorised_rounds_equal_the_chains_and_the_simple_engine(game) -> None:
    """The rounds (used from 10,000 proposers), the chains and the plain dict engine agree exactly."""
    pp, rp, caps, _ = game
    for optimal in ("proposer", "reviewer"):
        chains, rounds, simple = _engines(pp, rp, caps, optimal)
        event(f"{len(chains)} pairs")
        assert rounds == chains == simple


@given(games(reviewer_caps=False))
def test_bulk_and_careful_checks_agree_for_either_side_proposing(game) -> None:
    """Without capacities either side proposes on index arrays; other sequences agree."""
    pp, rp, _, _ = game
    slow_pp = {p: _Ranked(ranked) for p, ranked in pp.items()}
    slow_rp = {r: _Ranked(ranked) for r, ranked in rp.items()}
    for optimal in ("proposer", "reviewer"):
        fast = stable(pp, rp, optimal=optimal)
        assert fast == stable(slow_pp, slow_rp, optimal=optimal)
        assert fast.pairs == {(p, r) for p, r in fast.pairs if p in rp[r] and r in pp[p]}


@given(games(max_proposers=12, max_reviewers=6, reviewer_caps=True, proposer_caps=True), st.data())
def test_the_table_join_equals_the_sorted_join(game, data) -> None:
    """Both ways of joining the sides give the same arrays, and both find the same repeats."""
    from socialwork.matching import _flat

    pp, rp, _, _ = game
    if data.draw(st.booleans()):  # sometimes repeat an entry on one side
        side = data.draw(st.sampled_from([pp, rp]))
        agent = data.draw(st.sampled_from(sorted(side)))
        if side[agent]:
            side[agent] = [*side[agent], data.draw(st.sampled_from(side[agent]))]
    p_flat = _flat.bulk_indices(list(pp.values()), rp)
    r_flat = _flat.bulk_indices(list(rp.values()), pp)
    assert p_flat is not None
    assert r_flat is not None
    for own, theirs in ((p_flat, r_flat), (r_flat, p_flat)):
        table = _flat.join(own, theirs, dense=True)
        ordered = _flat.join(own, theirs, dense=False)
        if table is None or ordered is None:
            assert table is None
            assert ordered is None
            continue
        assert [a.tolist() for a in table] == [a.tolist() for a in ordered]


def test_vectorised_rounds_equal_the_chains_on_a_large_instance() -> None:
    """At the size where stable() switches to rounds, both engines give the same matching."""
    import random

    from socialwork.matching._accept import ROUNDS_FROM

    rng = random.Random(7)  # noqa: S311 - a reproducible instance, not a secret
    hospitals = [f"h{j}" for j in range(ROUNDS_FROM // 10)]
    pp = {f"r{i}": rng.sample(hospitals, 10) for i in range(ROUNDS_FROM)}
    rp: dict[str, list[str]] = {h: [] for h in hospitals}
    for r, ranked in pp.items():
        for h in ranked:
            rp[h].append(r)
    for ranked in rp.values():
        rng.shuffle(ranked)
    caps = {h: rng.randint(1, 12) for h in hospitals}
    chains, rounds, simple = _engines(pp, rp, caps, "proposer")
    assert len(chains) > ROUNDS_FROM // 2
    assert rounds == chains == simple
    assert stable(pp, rp, capacities=caps).pairs == chains


def test_a_huge_capacity_needs_no_slots_beyond_what_is_offered() -> None:
    """A capacity far beyond int64 is bounded by the proposals a reviewer can get."""
    from socialwork.matching._accept import _rounds
    from socialwork.matching._prefs import build_game

    pp = {"r1": ["h1"], "r2": ["h1", "h2"], "r3": ["h2"]}
    rp = {"h1": ["r2", "r1"], "h2": ["r3", "r2"]}
    caps = {"h1": 10**30, "h2": 1}
    game = build_game(pp, rp, capacities=caps, proposer_capacities=None, clean=False, flat="proposer")
    held, by = _rounds(game.flat["proposer"], [caps["h1"], caps["h2"]])
    assert sorted(zip(held, by, strict=True)) == [(0, 0), (1, 0), (2, 1)]
    assert stable(pp, rp, capacities=caps).pairs == {("r1", "h1"), ("r2", "h1"), ("r3", "h2")}


@pytest.mark.parametrize(
    ("pp", "rp", "path", "words"),
    [
        # a reviewer's list repeats a proposer: found by the join's sort
        ({"r1": ["h1"], "r2": ["h1"]}, {"h1": ["r2", "r1", "r2"]}, "reviewer_prefs['h1'][2]", "'r2' twice"),
        # a proposer repeats a reviewer that does not rank it
        ({"r1": ["h1", "h1"], "r2": ["h1"]}, {"h1": ["r2"]}, "proposer_prefs['r1'][1]", "'h1' twice"),
        # a proposer repeats a reviewer that ranks it
        ({"r1": ["h1", "h1"]}, {"h1": ["r1"]}, "proposer_prefs['r1'][1]", "'h1' twice"),
        # the reviewers rank no one, and a proposer repeats one
        ({"r1": ["h1", "h1"]}, {"h1": []}, "proposer_prefs['r1'][1]", "'h1' twice"),
    ],
)
@pytest.mark.parametrize("dense_up_to", [0, 1 << 22], ids=["sorted", "table"])
def test_repeats_in_plain_lists_are_found_and_named(  # noqa: PLR0917 - four cases by two joins
    pp, rp, path, words, dense_up_to, monkeypatch
) -> None:
    """Plain lists go the bulk way; a repeat on either side still gives the careful check's error."""
    from socialwork.matching import _flat

    monkeypatch.setattr(_flat, "DENSE_UP_TO", dense_up_to)
    for optimal in ("proposer", "reviewer"):
        with pytest.raises(MatchingInputError) as info:
            stable(pp, rp, capacities={"h1": 1}, optimal=optimal)
        assert [p.path for p in info.value.problems] == [path]
        assert words in info.value.problems[0].message
        assert check_preferences(pp, rp, capacities={"h1": 1})[0].path == path


def test_bulk_lists_are_built_on_first_use_and_copy_the_input() -> None:
    """The strict lists of a bulk-checked game appear only when asked for, unchanged by later edits."""
    pp = {"r1": ["h1", "h2"], "r2": ["h1"]}
    rp = {"h1": ["r2", "r1"], "h2": ["r1"]}
    m = stable(pp, rp)
    assert m._game is not None
    assert m._game._build  # not built by stable() itself
    pp["r1"].append("h3")
    rp["h1"].reverse()
    assert m._game.p_lists == {"r1": ("h1", "h2"), "r2": ("h1",)}
    assert m._game.r_lists == {"h1": ("r2", "r1"), "h2": ("r1",)}
    assert m.proposers == {"r1", "r2"}
    assert m.reviewers == {"h1", "h2"}
    assert [str(c) for c in m.explain("r1").better] == [
        "'h1' was full with 'r2', whom it ranks at least as high"
    ]
