"""Deferred acceptance engines: one place per proposer on integer arrays, several on dicts."""

from __future__ import annotations

from array import array
from heapq import heappush, heapreplace
from itertools import chain
from typing import Any

import numpy as np

from socialwork.matching._prefs import Agent, Game, Side

__all__ = ["deferred_acceptance"]

Pair = tuple[Any, Any]


def deferred_acceptance(game: Game, side: Side) -> list[Pair]:
    """Run deferred acceptance with *side* proposing; return ``(side's agent, other's agent)`` pairs.

    The result is the stable matching best for *side*, which is unique (lists are
    strict once ties are broken), so the order of proposals does not matter.
    """
    other: Side = "reviewer" if side == "proposer" else "proposer"
    lists, theirs = game.lists(side), game.lists(other)
    own_cap, their_cap = (game.p_cap, game.r_cap) if side == "proposer" else (game.r_cap, game.p_cap)
    flat = game.flat
    game.flat = {}
    if own_cap is None:
        return _one_place(lists, theirs, their_cap, flat.pop(side, None), flat.pop(other, None))
    rank = game.rank(other)
    heaps: dict[Agent, list[tuple[int, Agent]]] = {r: [] for r in rank}
    caps = their_cap if their_cap is not None else dict.fromkeys(rank, 1)
    _propose_many(lists, rank, heaps, caps, own_cap)
    return [(p, r) for r, heap in heaps.items() for _, p in heap]


def _flatten(lists: dict[Agent, tuple[Agent, ...]], index: dict[Agent, int]) -> tuple[np.ndarray, np.ndarray]:
    """Return each list's length and all lists' entries as indices, one after another."""
    lengths = np.fromiter(map(len, lists.values()), dtype=np.int64, count=len(lists))
    entries = np.fromiter(
        map(index.__getitem__, chain.from_iterable(lists.values())), dtype=np.int32, count=int(lengths.sum())
    )
    return lengths, entries


def _join(
    p_len: np.ndarray, p_flat: np.ndarray, r_len: np.ndarray, r_flat: np.ndarray, *, n_p: int, n_r: int
) -> tuple[array[int], array[int], list[int]]:
    """Return each acceptable proposal's reviewer and its position there, and each proposer's end.

    The reviewers' rankings are coded as ``(i * R + j) * width + position`` and
    sorted in place (one int64 array); each proposer's entry ``(i, j)`` is then
    found by binary search. When the code could overflow int64, an index sort on
    ``i * R + j`` does the same with more memory.
    """
    width = int(r_len.max()) + 1
    r_owner = np.repeat(np.arange(n_r, dtype=np.int64), r_len)
    r_position = np.arange(len(r_flat), dtype=np.int64) - np.repeat(np.cumsum(r_len) - r_len, r_len)
    key = r_flat.astype(np.int64)
    key *= n_r
    key += r_owner
    del r_owner
    if n_p * n_r * width < 2**62:
        key *= width
        key += r_position
        del r_position
        key.sort()
        position = (key % width).astype(np.int32)
        key //= width
    else:
        order = np.argsort(key)
        key, position = key[order], r_position[order].astype(np.int32)
        del order, r_position
    want = np.repeat(np.arange(n_p, dtype=np.int64), p_len)
    want *= n_r
    want += p_flat
    at = np.searchsorted(key, want)
    np.minimum(at, len(key) - 1, out=at)
    ranked = key[at] == want
    del key, want
    targets = array("i", p_flat[ranked].astype(np.int32).tobytes())
    positions = array("i", position[at[ranked]].tobytes())
    del position, at
    owner = np.repeat(np.arange(n_p, dtype=np.int64), p_len)[ranked]
    ends: list[int] = np.cumsum(np.bincount(owner, minlength=n_p)).tolist()
    return targets, positions, ends


def _one_place(
    lists: dict[Agent, tuple[Agent, ...]],
    theirs: dict[Agent, tuple[Agent, ...]],
    their_cap: dict[Agent, int] | None,
    own_flat: tuple[np.ndarray, np.ndarray] | None,
    their_flat: tuple[np.ndarray, np.ndarray] | None,
) -> list[Pair]:
    """Deferred acceptance for proposers with one place each (McVitie-Wilson chains).

    Agents become indices (proposer ``i``, reviewer ``j``). One sort joins the two
    sides' lists, so that each proposer's list carries, entry by entry, its
    position in that reviewer's list; entries the reviewer does not rank are
    dropped. Then the chains of proposals run on flat integer arrays. Each
    reviewer holds a heap of ``-(position * P + i)``: the worst held is on top.
    """
    proposers, reviewers = list(lists), list(theirs)
    n_p, n_r = len(proposers), len(reviewers)
    p_len, p_flat = own_flat or _flatten(lists, dict(zip(reviewers, range(n_r), strict=True)))
    r_len, r_flat = their_flat or _flatten(theirs, dict(zip(proposers, range(n_p), strict=True)))
    own_flat = their_flat = None  # let the arrays go as soon as they are used
    if not len(p_flat) or not len(r_flat):
        return []
    targets, positions, ends = _join(p_len, p_flat, r_len, r_flat, n_p=n_p, n_r=n_r)
    del p_flat, r_flat
    nxt = [0, *ends[:-1]]
    caps = [1] * n_r if their_cap is None else [their_cap[r] for r in reviewers]
    heaps: list[list[int]] = [[] for _ in range(n_r)]
    for start in range(n_p):
        current = start
        while True:  # the chain of proposals that *start* sets off
            i = nxt[current]
            end = ends[current]
            bumped = -1
            while i < end:
                j = targets[i]
                entry = -positions[i] * n_p - current
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
    return [(proposers[-e % n_p], reviewers[j]) for j, heap in enumerate(heaps) for e in heap]


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
