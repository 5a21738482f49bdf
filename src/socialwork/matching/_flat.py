"""The bulk path of stable matching: plain lists as index arrays, joined in one sort.

When every list is a plain ``list`` or ``tuple`` of agents of the other side, the
two sides become index arrays in one pass each (no per-entry Python check), and
one sort of packed int64 codes joins them: each acceptable proposal carries its
position in the reviewer's list, and the same sort finds every repeated entry,
so that a bad list still leaves for the careful path, which names its place.
The strict lists themselves (tuples of ids) are built only when something asks
for them (:meth:`Matching.explain`, :func:`blocking_pairs`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import chain
from operator import itemgetter
from typing import Any

import numpy as np

from socialwork.matching._prefs import Agent, Lists

__all__ = ["Flat", "Joined", "bulk_indices", "join", "lazy_lists"]

DENSE_UP_TO = 1 << 22
"""The most proposer-reviewer pairs for which :func:`join` fills a table rather than sorting."""

LONG_LISTS = 24
"""The mean length from which lists are looked up a list at a time rather than an entry at a time."""

Flat = tuple[np.ndarray, np.ndarray]
"""Each list's length (int64) and all lists' entries as indices (int32), one after another."""

Joined = tuple[np.ndarray, np.ndarray, np.ndarray]
"""Each acceptable proposal's reviewer and position there (int32), and each proposer's count."""


def bulk_indices(values: Sequence[Any], others: Mapping[Agent, object]) -> Flat | None:
    """Return the lists *values* as index arrays into *others*, or ``None`` unless all are plain.

    Plain: every list a ``list`` or ``tuple`` whose entries are all keys of *others*.
    Repeated entries are not looked for here: :func:`join` finds them.

    Examples:
        >>> from socialwork.matching._flat import bulk_indices
        >>> lengths, flat = bulk_indices([["b", "a"], ["a"]], {"a": 0, "b": 0})
        >>> lengths.tolist(), flat.tolist()
        ([2, 1], [1, 0, 0])
        >>> bulk_indices([["a", "z"]], {"a": 0}) is None
        True
    """
    if set(map(type, values)) - {list, tuple}:
        return None
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    total = int(lengths.sum())
    index = dict(zip(others, range(len(others)), strict=True))
    found: Iterator[Any]
    try:
        if len(values) and int(lengths.min()) >= 2 and total >= LONG_LISTS * len(values):
            # Long lists: one C call per list (an itemgetter) instead of one per entry.
            found = chain.from_iterable([itemgetter(*ranked)(index) for ranked in values])
        else:
            found = map(index.__getitem__, chain.from_iterable(values))
        entries = np.fromiter(found, dtype=np.int32, count=total)
    except (KeyError, TypeError):  # an unknown agent, a tie group
        return None
    return lengths, entries


def join(own: Flat, theirs: Flat, *, dense: bool | None = None) -> Joined | None:
    """Return each acceptable proposal of *own*'s lists with its position in *theirs*; ``None`` on a repeat.

    *own*'s lists hold indices of *theirs*' agents and the other way round. For a
    small game (at most ``DENSE_UP_TO`` pairs of agents; *dense* forces either
    way) a table of every reviewer's position of every proposer is filled and
    read in one pass each. Otherwise the other side's rankings are coded as
    ``(i * R + j) * width + position`` and sorted in place (one int64 array); each
    proposer's entry ``(i, j)`` is then found by binary search. When the code could
    overflow int64, an index sort on ``i * R + j`` does the same with more memory.
    A list that names an agent twice shows as two equal codes (theirs) or two
    entries finding one place or none (own): then ``None``, and the careful check
    reports it.

    Examples:
        >>> import numpy as np
        >>> from socialwork.matching._flat import join
        >>> own = (np.array([2, 1]), np.array([0, 1, 0], dtype=np.int32))   # p0: r0 r1, p1: r0
        >>> theirs = (np.array([2, 1]), np.array([1, 0, 0], dtype=np.int32))  # r0: p1 p0, r1: p0
        >>> [a.tolist() for a in join(own, theirs)]
        [[0, 1, 0], [1, 0, 0], [2, 1]]
        >>> twice = (np.array([2]), np.array([0, 0], dtype=np.int32))   # p0: r0 r0
        >>> join(twice, (np.array([1]), np.array([0], dtype=np.int32))) is None
        True
    """
    p_len, p_flat = own
    r_len, r_flat = theirs
    n_p, n_r = len(p_len), len(r_len)
    if dense is None:
        dense = n_p * n_r <= DENSE_UP_TO
    if dense:
        return _join_dense(own, theirs)
    if not len(r_flat):  # they rank no one: no proposal is acceptable
        if _repeats(np.repeat(np.arange(n_p, dtype=np.int64), p_len) * n_r + p_flat):
            return None
        empty = np.zeros(0, dtype=np.int32)
        return empty, empty, np.zeros(n_p, dtype=np.int64)
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
    if len(key) > 1 and bool((key[1:] == key[:-1]).any()):
        return None  # one of their lists names an agent twice
    owner = np.repeat(np.arange(n_p, dtype=np.int64), p_len)
    want = owner * n_r
    want += p_flat
    at = np.searchsorted(key, want)
    np.minimum(at, len(key) - 1, out=at)
    ranked = key[at] == want
    del key
    found = at[ranked]
    seen = np.zeros(len(position), dtype=bool)
    seen[found] = True
    if int(np.count_nonzero(seen)) != len(found) or _repeats(want[~ranked]):
        return None  # one of own lists names an agent twice
    del want, seen
    targets = p_flat[ranked]
    positions = position[found]
    counts = np.bincount(owner[ranked], minlength=n_p)
    return targets, positions, counts


def _join_dense(own: Flat, theirs: Flat) -> Joined | None:
    """Return what :func:`join` returns, through a table of ``P * R`` positions (``-1``: not ranked)."""
    p_len, p_flat = own
    r_len, r_flat = theirs
    n_p, n_r = len(p_len), len(r_len)
    table = np.full(n_p * n_r, -1, dtype=np.int32)
    r_owner = np.repeat(np.arange(n_r, dtype=np.int64), r_len)
    cells = r_flat.astype(np.int64) * n_r + r_owner
    table[cells] = np.arange(len(r_flat), dtype=np.int32) - np.repeat(
        (np.cumsum(r_len) - r_len).astype(np.int32), r_len
    )
    if int(np.count_nonzero(table >= 0)) != len(r_flat):
        return None  # one of their lists names an agent twice: two entries, one cell
    owner = np.repeat(np.arange(n_p, dtype=np.int64), p_len)
    wanted = owner * n_r + p_flat
    seen = np.zeros(n_p * n_r, dtype=bool)
    seen[wanted] = True
    if int(np.count_nonzero(seen)) != len(wanted):
        return None  # one of own lists names an agent twice
    found = table[wanted]
    ranked = found >= 0
    return p_flat[ranked], found[ranked], np.bincount(owner[ranked], minlength=n_p)


def _repeats(codes: np.ndarray) -> bool:
    """Return whether *codes* holds a value twice."""
    if len(codes) < 2:
        return False
    ordered = np.sort(codes)
    return bool((ordered[1:] == ordered[:-1]).any())


def lazy_lists(keys: list[Agent], flat: Flat, other_keys: list[Agent]) -> Callable[[], Lists]:
    """Return a function that builds the strict lists (tuples of ids) from index arrays.

    Examples:
        >>> import numpy as np
        >>> from socialwork.matching._flat import lazy_lists
        >>> build = lazy_lists(["a", "b"], (np.array([2, 0]), np.array([1, 0], dtype=np.int32)), ["x", "y"])
        >>> build()
        {'a': ('y', 'x'), 'b': ()}
    """
    lengths, entries = flat

    def build() -> Lists:
        ids = list(map(other_keys.__getitem__, entries.tolist()))
        ends: list[int] = np.cumsum(lengths).tolist()
        starts = [0, *ends[:-1]]
        return dict(zip(keys, map(tuple, map(ids.__getitem__, map(slice, starts, ends))), strict=True))

    return build
