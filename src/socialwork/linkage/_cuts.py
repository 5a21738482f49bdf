"""What each cut vertex of one district's linkage graph cuts off, in time linear in the graph.

networkx finds the blocks (biconnected components); the block-cut tree built from
them is walked once, and the societies of every piece a cut vertex leaves are
differences of prefix sums over the walk. Before that, leaves that hang from a node
of degree two or more are folded into it (they cannot be cut vertices, and each is
a piece of its own when its node goes), which shrinks the graph networkx walks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from typing import Final, NamedTuple

import networkx as nx
import numpy as np
import numpy.typing as npt

from socialwork.model import Society

__all__ = ["cut_off"]

SOCIETIES: Final[tuple[Society, ...]] = tuple(Society)
_COMMUNITY: Final = SOCIETIES.index(Society.COMMUNITY)

Cuts = dict[str, list[tuple[str, tuple[Society, ...]]]]


def _lost(gone: list[bool]) -> tuple[Society, ...]:
    return tuple(s for s, g in zip(SOCIETIES, gone, strict=True) if g)


def cut_off(
    edges: list[tuple[str, str]],
    society: Mapping[str, int],
    communities: Collection[str],
    ranked: Collection[str],
) -> Cuts:
    """Return, for each node of *ranked*, the communities (with societies) its removal cuts off.

    Args:
        edges: The undirected edges of the graph.
        society: The column of the society of each node that has one, in
            :class:`~socialwork.Society` order.
        communities: The nodes that are communities.
        ranked: The nodes whose removal is examined.
    """
    graph = nx.Graph()
    graph.add_edges_from(edges)
    pendants = _fold_leaves(graph)
    blocks = [list(block) for block in nx.biconnected_components(graph)]
    blocks_of: dict[str, list[int]] = defaultdict(list)
    for b, block in enumerate(blocks):
        for node in block:
            blocks_of[node].append(b)
    for node in graph:  # a node left alone by the folding is a block of its own
        if node not in blocks_of:
            blocks_of[node].append(len(blocks))
            blocks.append([node])
    cut = [node for node, bs in blocks_of.items() if len(bs) > 1]
    cut_ranked = [node for node in cut if node in ranked]
    hung = [u for u in pendants if u in ranked]
    if not cut_ranked and not hung:
        return {}

    # The block-cut tree: tree nodes 0..B-1 are blocks, B.. are cut vertices. Every node
    # (with its folded leaves) weighs on one tree node: its own if it is a cut vertex,
    # else its block.
    n_blocks = len(blocks)
    cut_index = {node: n_blocks + i for i, node in enumerate(cut)}
    size = n_blocks + len(cut)
    adjacency: list[list[int]] = [[] for _ in range(size)]
    for node, t in cut_index.items():
        for b in blocks_of[node]:
            adjacency[t].append(b)
            adjacency[b].append(t)
    home = {node: cut_index.get(node, bs[0]) for node, bs in blocks_of.items()}
    weight = np.zeros((size, len(SOCIETIES)), dtype=np.int64)
    members: list[list[str]] = [[] for _ in range(size)]
    t_of: list[int] = []
    s_of: list[int] = []
    for node, t in home.items():
        for member in (node, *pendants.get(node, ())):
            column = society.get(member)
            if column is not None:
                t_of.append(t)
                s_of.append(column)
            if member in communities:
                members[t].append(member)
    np.add.at(weight, (np.array(t_of, dtype=np.int64), np.array(s_of, dtype=np.int64)), 1)

    walk = _Walk.of(adjacency, weight, members)
    found: Cuts = defaultdict(list)
    _cut_vertex_pieces(walk, adjacency, cut_index, cut_ranked, found)
    _folded_pieces(
        walk,
        home=home,
        pendants=pendants,
        society=society,
        communities=communities,
        cut_index=cut_index,
        hung=hung,
        found=found,
    )
    return {node: cuts for node, cuts in found.items() if cuts}


def _fold_leaves(graph: nx.Graph) -> dict[str, list[str]]:
    """Remove every leaf whose neighbour has degree two or more; return them by neighbour."""
    degree = dict(graph.degree())
    pendants: dict[str, list[str]] = defaultdict(list)
    for node, d in degree.items():
        if d == 1:
            (neighbour,) = graph[node]
            if degree[neighbour] >= 2:
                pendants[neighbour].append(node)
    graph.remove_nodes_from([leaf for leaves in pendants.values() for leaf in leaves])
    return pendants


def _preorder(
    adjacency: list[list[int]],
) -> tuple[list[int], list[int], list[int], list[int], list[int]]:
    """Walk a forest: preorder, each node's parent and root, and where its subtree starts and ends."""
    size = len(adjacency)
    order: list[int] = []
    parent = [-1] * size
    root_of = [-1] * size
    end = [0] * size
    start = [0] * size
    for root in range(size):
        if root_of[root] != -1:
            continue
        root_of[root] = root
        stack = [(root, 0)]
        while stack:
            t, i = stack.pop()
            if i == 0:
                start[t] = len(order)
                order.append(t)
            if i < len(adjacency[t]):
                stack.append((t, i + 1))
                nxt = adjacency[t][i]
                if root_of[nxt] == -1:
                    root_of[nxt] = root
                    parent[nxt] = t
                    stack.append((nxt, 0))
            else:
                end[t] = len(order)
    return order, parent, root_of, start, end


class _Walk(NamedTuple):
    """The block-cut forest walked once: preorder positions and prefix sums over them."""

    parent: list[int]
    root_of: list[int]
    start: list[int]
    end: list[int]
    prefix: npt.NDArray[np.int64]
    flat: list[str]
    flat_start: list[int]

    @classmethod
    def of(cls, adjacency: list[list[int]], weight: npt.NDArray[np.int64], members: list[list[str]]) -> _Walk:
        size = len(adjacency)
        order, parent, root_of, start, end = _preorder(adjacency)
        prefix = np.zeros((size + 1, len(SOCIETIES)), dtype=np.int64)
        np.cumsum(weight[order], axis=0, out=prefix[1:])
        flat: list[str] = []
        flat_start = [0] * (size + 1)
        for position, t in enumerate(order):
            flat_start[position] = len(flat)
            flat.extend(members[t])
        flat_start[size] = len(flat)

        return cls(parent, root_of, start, end, prefix, flat, flat_start)

    def codes_between(self, begin: int, stop: int) -> list[str]:
        return self.flat[self.flat_start[begin] : self.flat_start[stop]]


def _cut_vertex_pieces(
    walk: _Walk, adjacency: list[list[int]], cut_index: dict[str, int], cut_ranked: list[str], found: Cuts
) -> None:
    """Add what each ranked cut vertex cuts off: the pieces of the block-cut tree around it."""
    parent, root_of, start, end, prefix = walk.parent, walk.root_of, walk.start, walk.end, walk.prefix
    codes_between = walk.codes_between
    # The subtree of each child block, and (unless t is a root) the rest of its
    # component, counted in bulk.
    ts = [cut_index[node] for node in cut_ranked]
    child_of = [(t, child) for t in ts for child in adjacency[t] if parent[child] == t]
    start_a, end_a, root_a = np.array(start), np.array(end), np.array(root_of)
    owner = np.array([t for t, _ in child_of] + [t for t in ts if parent[t] != -1], dtype=np.int64)
    child = np.array([c for _, c in child_of], dtype=np.int64)
    above = owner[len(child) :]
    roots = root_a[owner]
    total = prefix[end_a[roots]] - prefix[start_a[roots]]
    piece = np.concatenate(
        [
            prefix[end_a[child]] - prefix[start_a[child]],
            total[len(child) :] - (prefix[end_a[above]] - prefix[start_a[above]]),
        ]
    )
    gone = (total > 0) & (piece == 0)
    names = {t: node for node, t in cut_index.items()}
    for row in np.flatnonzero(gone.any(axis=1)).tolist():
        t = int(owner[row])
        if row < len(child):
            c = int(child[row])
            codes = codes_between(start[c], end[c])
        else:
            r = root_of[t]
            codes = codes_between(start[r], start[t]) + codes_between(end[t], end[r])
        lost = _lost(gone[row].tolist())
        found[names[t]].extend((code, lost) for code in codes)


def _folded_pieces(
    walk: _Walk,
    /,
    *,
    home: dict[str, int],
    pendants: dict[str, list[str]],
    society: Mapping[str, int],
    communities: Collection[str],
    cut_index: dict[str, int],
    hung: list[str],
    found: Cuts,
) -> None:
    """Add what the folded leaves of each ranked node make it cut off.

    Each leaf is a piece of its own when the node goes, and a node that is no cut
    vertex of the folded graph leaves one other piece: the rest of its component.
    """
    prefix, start, end, root_of = walk.prefix, walk.start, walk.end, walk.root_of
    codes_between = walk.codes_between
    for u in hung:
        t = home[u]
        r = root_of[t]
        whole = (prefix[end[r]] - prefix[start[r]]).tolist()
        leaves = pendants[u]
        alone = [s > 0 and i != _COMMUNITY for i, s in enumerate(whole)]
        if any(alone):
            found[u].extend((leaf, _lost(alone)) for leaf in leaves if leaf in communities)
        if u in cut_index:
            continue
        rest = list(whole)
        for member in (u, *leaves):
            column = society.get(member)
            if column is not None:
                rest[column] -= 1
        lost_rest = [w > 0 and v == 0 for w, v in zip(whole, rest, strict=True)]
        if any(lost_rest):
            folded = set(leaves)
            codes = [code for code in codes_between(start[r], end[r]) if code not in folded]
            found[u].extend((code, _lost(lost_rest)) for code in codes)
