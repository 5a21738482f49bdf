"""History between snapshots: what changed from one registry to the next, and a registry as of a date.

A history is a sequence of dated registries (snapshots: the year-end ledgers
(台账), the monthly reports (月报)). :func:`diff` compares two of them entity by
entity and field by field, and derives what a manager asks about: the stations
moved in the tree, the money moved in each fund, the coverage (全覆盖) gained
and lost. :func:`as_of` goes the other way: from one registry, the registry as
it stood on an earlier date, read from the dates its entities carry
(:data:`AS_OF_FIELDS`).

Every kind of :data:`socialwork.model.KINDS` is compared, in that order; the
order of a diff never depends on the order of the input or the hash seed.

Examples:
    >>> import attrs
    >>> from socialwork import history
    >>> old = sw.datasets.example()
    >>> new = old.replace([attrs.evolve(old.stations["wh-hub"], name="武侯区社工总站（新址）")])
    >>> found = history.diff(old, new)
    >>> len(found), found.changed[0].field
    (1, 'name')
    >>> bool(history.diff(old, old))
    False

.. versionadded:: 0.2
"""

from socialwork.history._asof import AS_OF_FIELDS, as_of
from socialwork.history._diff import Change, Diff, FundFlow, Move, diff
from socialwork.history._series import FIGURES, Figure, Series, series

__all__ = [
    "AS_OF_FIELDS",
    "FIGURES",
    "Change",
    "Diff",
    "Figure",
    "FundFlow",
    "Move",
    "Series",
    "as_of",
    "diff",
    "series",
]
