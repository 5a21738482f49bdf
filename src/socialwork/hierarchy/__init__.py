"""The station hierarchy (三级联动) and the division tree: containment, coverage, roll-ups.

This is the one definition of containment that the analyses use: a division
lies within the divisions above it by ``parent_code``, a station within the
stations above it by ``parent_id``. :func:`tree` derives each tree once per
registry as index arrays (:class:`Tree`); navigation (:func:`parent`,
:func:`children`, :func:`ancestors`, :func:`subtree`, :func:`depth`,
:func:`is_within`), full coverage (:func:`coverage`) and roll-ups
(:func:`rollup`) read those arrays, never walking networkx node by node.

The functions never loop on a registry that is not well formed: parent links
that close a cycle are cut at the member with the smallest id (see
:class:`Tree`), and level skips are kept as they are; the rules report both.

Examples:
    >>> from socialwork import hierarchy
    >>> reg = sw.datasets.example()
    >>> hierarchy.children(reg, "wh-hub"), hierarchy.coverage(reg).is_full
    (('wh-s-jiangxi', 'wh-s-yulin'), True)

.. versionadded:: 0.2
"""

from socialwork.hierarchy._coverage import Coverage, Share, coverage, covered, station_divisions
from socialwork.hierarchy._rollup import Rollup, rollup
from socialwork.hierarchy._tree import (
    PARENT_FIELDS,
    Tree,
    TreeKind,
    ancestor_at_level,
    ancestors,
    children,
    depth,
    is_within,
    level,
    lowest_common_ancestor,
    parent,
    station_tree,
    subtree,
    tree,
)

__all__ = [
    "PARENT_FIELDS",
    "Coverage",
    "Rollup",
    "Share",
    "Tree",
    "TreeKind",
    "ancestor_at_level",
    "ancestors",
    "children",
    "coverage",
    "covered",
    "depth",
    "is_within",
    "level",
    "lowest_common_ancestor",
    "parent",
    "rollup",
    "station_divisions",
    "station_tree",
    "subtree",
    "tree",
]
