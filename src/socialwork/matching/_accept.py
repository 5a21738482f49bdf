"""Deferred acceptance engines: one place each on integer arrays (chains or rounds), several on dicts."""

from __future__ import annotations

from heapq import heappush, heapreplace
from itertools import chain
from typing import Any

import numpy as np

from socialwork.matching._flat import Flat, Joined, join
from socialwork.matching._prefs import Agent, Game, Side

__all__ = ["deferred_acceptance"]

Pair = tuple[Any, Any]


ROUNDS_FROM = 10_000
"""The number of proposers from which one place each runs in vectorised rounds, not chains."""


def deferred_acceptance(game: Game, side: Side) -> list[Pair]:
    """Run deferred acceptance with *side* proposing; return ``(side's agent, other's agent)`` pairs.

    The result is the stable matching best for *side*, which is unique (lists are
    strict once ties are broken), so the order of proposals does not matter.
    """
    other: Side = "reviewer" if side == "proposer" else "proposer"
    own_cap, their_cap = (game.p_cap, game.r_cap) if side == "proposer" else (game.r_cap, game.p_cap)
    joined = game.flat.pop(side, None)
    game.flat = {}
    if own_cap is None:
        own, theirs = game.agents(side), game.agents(other)
        if joined is None:
            joined = _joined(game.lists(side), game.lists(other), own, theirs)
        caps = [1] * len(theirs) if their_cap is None else [their_cap[r] for r in theirs]
        engine = _rounds if len(own) >= ROUNDS_FROM else _chains
        held, by = engine(joined, caps)
        return list(zip(map(own.__getitem__, held), map(theirs.__getitem__, by), strict=True))
    lists = game.lists(side)
    rank = game.rank(other)
    heaps: dict[Agent, list[tuple[int, Agent]]] = {r: [] for r in rank}
    caps_of = their_cap if their_cap is not None else dict.fromkeys(rank, 1)
    _propose_many(lists, rank, heaps, caps_of, own_cap)
    return [(p, r) for r, heap in heaps.items() for _, p in heap]


def _joined(
    lists: dict[Agent, tuple[Agent, ...]],
    theirs: dict[Agent, tuple[Agent, ...]],
    own_keys: list[Agent],
    their_keys: list[Agent],
) -> Joined:
    """Return the joined index arrays of strict lists (checked with care, so never repeating)."""
    own = _flatten(lists, dict(zip(their_keys, range(len(their_keys)), strict=True)))
    other = _flatten(theirs, dict(zip(own_keys, range(len(own_keys)), strict=True)))
    found = join(own, other)
    if found is None:  # pragma: no cover - the careful check leaves no repeated entry
        msg = "a strict list repeats an entry"
        raise AssertionError(msg)
    return found


def _flatten(lists: dict[Agent, tuple[Agent, ...]], index: dict[Agent, int]) -> Flat:
    """Return each list's length and all lists' entries as indices, one after another."""
    lengths = np.fromiter(map(len, lists.values()), dtype=np.int64, count=len(lists))
    entries = np.fromiter(
        map(index.__getitem__, chain.from_iterable(lists.values())), dtype=np.int32, count=int(lengths.sum())
    )
    return lengths, entries


def _chains(joined: Joined, caps: list[int]) -> tuple[list[int], list[int]]:
    """Deferred acceptance for proposers with one place each, as McVitie-Wilson chains.

    Proposer ``i`` proposes down its acceptable entries (reviewer ``targets[k]``,
    at ``positions[k]`` in that reviewer's list); each proposal that bumps someone
    sets off the bumped one's next proposal. Each reviewer holds a heap of
    ``-(position * P + i)``: the worst held is on top. Returns the matched
    proposers' and their reviewers' indices.
    """
    target_arr, position_arr, count_arr = joined
    n_p, n_r = len(count_arr), len(caps)
    targets: list[int] = target_arr.tolist()
    # Each entry's heap key but for its proposer: -(position * P); lists, not arrays, read faster.
    keys: list[int] = (position_arr.astype(np.int64) * -n_p).tolist()
    ends: list[int] = np.cumsum(count_arr).tolist()
    nxt = [0, *ends[:-1]]
    heaps: list[list[int]] = [[] for _ in range(n_r)]
    for start in range(n_p):
        current = start
        while True:  # the chain of proposals that *start* sets off
            i = nxt[current]
            end = ends[current]
            bumped = -1
            while i < end:
                j = targets[i]
                entry = keys[i] - current
                i += 1
                heap = heaps[j]
                if len(heap) < caps[j]:
                    heappush(heap, entry)
                    break
                if heap[0] < entry:
                    bumped = -heapreplace(heap, entry) % n_p
                    break
            nxt[current] = i
            if bumped < 0:
                break
            current = bumped
    held = [-e % n_p for heap in heaps for e in heap]
    by = [j for j, heap in enumerate(heaps) for _ in heap]
    return held, by


def _rounds(joined: Joined, caps: list[int]) -> tuple[list[int], list[int]]:
    """Deferred acceptance for proposers with one place each, in vectorised rounds.

    In each round every free proposer proposes to its next acceptable reviewer at
    once. A proposal to a full reviewer that ranks it below everyone it holds is
    refused without touching what it holds; for the other reviewers proposed to,
    what they hold and what they are offered are sorted together by their code
    (``start of the reviewer's list + position``: the order of reviewer, then
    rank) and each keeps its best ``capacity``. The refused are the next round's
    free proposers, until none is left with an entry to propose to.
    """
    targets, positions, counts = joined
    n_p, n_r = len(counts), len(caps)
    if not len(targets):
        return [], []
    tg = targets.astype(np.int64)
    offered = np.bincount(tg, minlength=n_r)
    # A reviewer never holds more than it is offered: this bounds its slots however large its capacity.
    cap = np.fromiter((min(c, o) for c, o in zip(caps, offered.tolist(), strict=True)), np.int64, n_r)
    width = int(positions.max()) + 1
    code = tg * width + positions  # orders by reviewer, then by its rank of the proposer
    owner = np.repeat(np.arange(n_p, dtype=np.int64), counts)
    ends = np.cumsum(counts)
    nxt = ends - counts
    slot = np.cumsum(cap) - cap
    held = np.zeros(int(cap.sum()), dtype=np.int64)  # entry indices, the first cnt[j] of j's slots
    cnt = np.zeros(n_r, dtype=np.int64)
    worst = np.zeros(n_r, dtype=np.int64)  # the code of the worst held, for full reviewers
    mark = np.zeros(n_r, dtype=bool)
    free = np.flatnonzero(counts)
    while len(free):
        k = nxt[free]
        nxt[free] += 1
        j = tg[k]
        refused = (cnt[j] == cap[j]) & (code[k] > worst[j])
        if refused.all():
            again = owner[k]
            free = again[nxt[again] < ends[again]]
            continue
        bumped = _keep_best(k[~refused], tg, code, cap, slot=slot, state=(held, cnt, worst, mark))
        again = owner[np.concatenate((k[refused], bumped))]
        free = again[nxt[again] < ends[again]]
    by = np.repeat(np.arange(n_r, dtype=np.int64), cnt)
    before = np.cumsum(cnt) - cnt
    at = np.repeat(slot - before, cnt) + np.arange(int(cnt.sum()))
    return owner[held[at]].tolist(), by.tolist()


def _keep_best(
    k: np.ndarray,
    /,
    tg: np.ndarray,
    code: np.ndarray,
    cap: np.ndarray,
    *,
    slot: np.ndarray,
    state: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
) -> np.ndarray:
    """Let each reviewer offered entries *k* keep its best ``cap`` of them and what it held; return the rest.

    *state* is what the reviewers hold (entry indices in their slots), how many, the
    code of the worst held, and a mark per reviewer (all false between calls); it
    is updated in place.
    """
    held, cnt, worst, mark = state
    mark[tg[k]] = True
    touched = np.flatnonzero(mark)
    mark[touched] = False
    have = cnt[touched]
    before = np.cumsum(have) - have
    gather = np.repeat(slot[touched] - before, have) + np.arange(int(have.sum()))
    pool = np.concatenate((held[gather], k))
    pool = pool[np.argsort(code[pool])]
    reviewer = tg[pool]
    first = np.empty(len(pool), dtype=bool)
    first[0] = True
    np.not_equal(reviewer[1:], reviewer[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    sizes = np.diff(np.append(starts, len(pool)))
    place = np.arange(len(pool)) - np.repeat(starts, sizes)
    keep = place < cap[reviewer]
    held[slot[reviewer[keep]] + place[keep]] = pool[keep]
    heads = reviewer[starts]
    kept = np.minimum(sizes, cap[heads])
    cnt[heads] = kept
    worst[heads] = code[pool[starts + kept - 1]]
    bumped: np.ndarray = pool[~keep]
    return bumped


def _propose_many(
    lists: dict[Agent, tuple[Agent, ...]],
    rank: dict[Agent, dict[Agent, int]],
    heaps: dict[Agent, list[tuple[int, Agent]]],
    caps: dict[Agent, int],
    own_cap: dict[Agent, int],
) -> None:
    """Deferred acceptance for proposers with several places: propose until full or out."""
    nxt = dict.fromkeys(lists, 0)
    held = dict.fromkeys(lists, 0)
    stack = list(lists)
    while stack:
        current = stack.pop()
        prefs = lists[current]
        i = nxt[current]
        k = held[current]
        limit = own_cap[current]
        n = len(prefs)
        while k < limit and i < n:
            reviewer = prefs[i]
            i += 1
            try:
                position = rank[reviewer][current]
            except KeyError:
                continue
            heap = heaps[reviewer]
            if len(heap) < caps[reviewer]:
                heappush(heap, (-position, current))
                k += 1
            elif -heap[0][0] > position:
                bumped = heapreplace(heap, (-position, current))[1]
                k += 1
                held[bumped] -= 1
                stack.append(bumped)
        nxt[current] = i
        held[current] = k
