"""Full coverage (全覆盖): which street and community divisions have a station of their level."""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping
from typing import Any, Final, Literal, cast

import attrs
import numpy as np

from socialwork._bulk import gc_paused
from socialwork._tables import Columns, html_facts, html_table, make_frame, short_items
from socialwork.errors import InvalidTypeError, InvalidValueError, Message
from socialwork.hierarchy._tree import IntArray, Tree, _check_registry, tree
from socialwork.model import DivisionCode, DivisionLevel, Registry, StationLevel

__all__ = ["Coverage", "Share", "coverage", "covered", "station_divisions"]

_LEVEL_NUMBER: Final = {member: number for number, member in enumerate(DivisionLevel)}
_DISTRICT: Final = _LEVEL_NUMBER[DivisionLevel.DISTRICT]
_STREET: Final = _LEVEL_NUMBER[DivisionLevel.STREET]
_COMMUNITY: Final = _LEVEL_NUMBER[DivisionLevel.COMMUNITY]
_MATCHING: Final = {
    StationLevel.STREET: DivisionLevel.STREET,
    StationLevel.COMMUNITY: DivisionLevel.COMMUNITY,
}
# For each station level (by position in StationLevel), the division level it covers; -1: none.
_WANTED: Final = np.array(
    [_LEVEL_NUMBER[_MATCHING[s]] if s in _MATCHING else -1 for s in StationLevel], dtype=np.int64
)


_DIVISION_ID: Final = operator.attrgetter("division_id")


def station_divisions(registry: Registry, /) -> IntArray:
    """Return, for each station in registry order, the position of its division in the division tree.

    Position *i* is the *i*-th of ``registry.stations`` (its position in
    ``tree(registry, "stations")``); the value indexes ``tree(registry, "divisions")``.
    Built once per registry in one pass of look-ups and kept with the station tree,
    so that coverage and the rules join stations to divisions on arrays.

    Raises:
        InvalidTypeError: *registry* is not a registry.

    Examples:
        >>> from socialwork.hierarchy import station_divisions, tree
        >>> reg = sw.datasets.example()
        >>> served = station_divisions(reg)
        >>> tree(reg, "divisions").ids[served[tree(reg, "stations").position("wh-s-yulin")]]
        '510107015'

    .. versionadded:: 0.2
    """
    _check_registry(registry)
    return _served_positions(registry, tree(registry, "stations"), tree(registry, "divisions"))


def _served_positions(registry: Registry, stations: Tree, divisions: Tree) -> IntArray:
    served: IntArray | None = stations._memo.get("division_positions")
    if served is None:
        position = divisions._positions
        divisions_of = map(_DIVISION_ID, registry.stations.values())
        served = np.fromiter(map(position.__getitem__, divisions_of), dtype=np.int64, count=len(stations))
        served.flags.writeable = False
        stations._memo["division_positions"] = served
    return served


@attrs.frozen
class Share:
    """How many of some divisions are covered.

    Attributes:
        covered: The divisions that have a station of their level.
        total: The divisions counted.

    Examples:
        >>> from socialwork.hierarchy import Share
        >>> Share(3, 4).ratio, Share(0, 0).ratio, Share(2, 2).is_full
        (0.75, 1.0, True)

    .. versionadded:: 0.2
    """

    covered: int
    total: int

    @property
    def ratio(self) -> float:
        """``covered / total``; 1.0 when nothing is counted (nothing is missing)."""
        return 1.0 if self.total == 0 else self.covered / self.total

    @property
    def is_full(self) -> bool:
        """Whether every division counted is covered."""
        return self.covered == self.total


_SHARE_COLUMNS: Final[Columns] = {
    "code": "text",
    "covered": "int",
    "total": "int",
    "ratio": "float",
    "is_full": "bool",
}


@attrs.frozen(repr=False)
class Coverage:
    """Full coverage (全覆盖) of a registry: every street with a station, every community with a room.

    A street division is covered when a station of level ``STREET`` serves it
    (its ``division_id``), a community division when a station of level
    ``COMMUNITY`` does. Only street and community divisions are counted.

    Attributes:
        streets: The street divisions covered by a street station.
        communities: The community divisions covered by a community room.
        overall: Both together.
        by_street: For each street division (by code): itself and the community
            divisions below it.
        by_district: For each district division: the street and community
            divisions below it.
        uncovered: Every street and community division that has no station of
            its level, sorted by code.

    Examples:
        >>> from socialwork.hierarchy import coverage
        >>> c = coverage(sw.datasets.example())
        >>> c.ratio, c.uncovered, c.by_district["510107"]
        (1.0, (), Share(covered=6, total=6))
        >>> c
        Coverage(streets 2/2, communities 4/4, 1 district(s), 0 uncovered [])

    .. versionadded:: 0.2

    .. versionchanged:: 0.2
       Its ``repr`` is short however many divisions it counts; :meth:`to_frame`
       and a notebook view were added.
    """

    streets: Share
    communities: Share
    overall: Share
    by_street: Mapping[DivisionCode, Share]
    by_district: Mapping[DivisionCode, Share]
    uncovered: tuple[DivisionCode, ...]

    @property
    def ratio(self) -> float:
        """The overall ratio, 1.0 exactly when every street and community is covered."""
        return self.overall.ratio

    @property
    def is_full(self) -> bool:
        """Whether every street and community division is covered (全覆盖)."""
        return self.overall.is_full

    def explain(self) -> Message:
        """Return the coverage in words: a Message in English that knows its Chinese.

        Examples:
            >>> from socialwork.hierarchy import coverage
            >>> words = coverage(sw.datasets.example()).explain()
            >>> print(words)
            streets 2/2 (100.0%), communities 4/4 (100.0%): full coverage
            >>> print(words.zh)
            街道 2/2（100.0%），社区 4/4（100.0%）：全覆盖

        .. versionchanged:: 0.2
           Returns a :class:`~socialwork.errors.Message`.
        """
        shares = Message(
            "streets {streets} ({street_ratio}), communities {communities} ({community_ratio})",
            "街道 {streets}（{street_ratio}），社区 {communities}（{community_ratio}）",
            streets=f"{self.streets.covered}/{self.streets.total}",
            street_ratio=f"{self.streets.ratio:.1%}",
            communities=f"{self.communities.covered}/{self.communities.total}",
            community_ratio=f"{self.communities.ratio:.1%}",
        )
        if self.is_full:
            return Message("{shares}: full coverage", "{shares}：全覆盖", shares=shares)
        shown = ", ".join(self.uncovered[:10]) + (", ..." if len(self.uncovered) > 10 else "")
        return Message(
            "{shares}; {count} uncovered: {shown}",
            "{shares}；{count} 个区划未覆盖：{shown}",
            shares=shares,
            count=len(self.uncovered),
            shown=shown,
        )

    def _rows(self, by: str) -> list[tuple[Any, ...]]:
        shares = self.by_street if by == "street" else self.by_district
        return [(code, s.covered, s.total, s.ratio, s.is_full) for code, s in sorted(shares.items())]

    def to_frame(self, by: Literal["street", "district"] = "street", /) -> Any:
        """Return the coverage of each street or district as a pandas ``DataFrame`` indexed by ``code``.

        Columns: ``covered`` and ``total`` (``int64``: the division itself and the
        divisions below it, as in :attr:`by_street` / :attr:`by_district`),
        ``ratio`` (``float64``) and ``is_full`` (``bool``); rows sorted by code. Needs pandas.

        Raises:
            MissingDependencyError: pandas is not installed.
            InvalidValueError: *by* is neither ``"street"`` nor ``"district"``.

        Examples:
            >>> import pandas  # the pandas extra: without it, the example is skipped
            >>> from socialwork.hierarchy import coverage
            >>> coverage(sw.datasets.example()).to_frame("district")
                    covered  total  ratio  is_full
            code
            510107        6      6    1.0     True

        .. versionadded:: 0.2
        """
        if by not in ("street", "district"):
            msg = Message(
                "expected 'street' or 'district', got {by}",
                "应为 'street' 或 'district'，实为 {by}",
                by=repr(by),
            )
            raise InvalidValueError(msg, path="by")
        return make_frame(_SHARE_COLUMNS, self._rows(by), purpose="Coverage.to_frame()", index="code")

    def __repr__(self) -> str:
        streets, communities = self.streets, self.communities
        return (
            f"Coverage(streets {streets.covered}/{streets.total}, communities "
            f"{communities.covered}/{communities.total}, {len(self.by_district)} district(s), "
            f"{len(self.uncovered)} uncovered {short_items(self.uncovered)})"
        )

    def _repr_html_(self) -> str:
        facts = [
            ("streets", f"{self.streets.covered}/{self.streets.total}"),
            ("communities", f"{self.communities.covered}/{self.communities.total}"),
            ("overall", f"{self.ratio:.1%}"),
            ("uncovered", len(self.uncovered)),
        ]
        rows = self._rows("district")
        table = html_table("by district", list(_SHARE_COLUMNS), rows, total=len(rows))
        return html_facts("Coverage", facts, table)


def coverage(registry: Registry, /) -> Coverage:
    """Return which street and community divisions of *registry* have a station of their level.

    Divisions are grouped by the division tree (:func:`tree` of ``"divisions"``:
    ``parent_code`` links); a street or community without a district above it
    counts overall but in no district. Cost: linear in divisions and stations,
    on index arrays.

    Raises:
        InvalidTypeError: *registry* is not a registry.

    Examples:
        >>> from socialwork.hierarchy import coverage
        >>> reg = sw.datasets.example()
        >>> c = coverage(reg.remove(["wh-c-ximianqiao"]))
        >>> c.uncovered, c.communities, c.by_street["510107016"].ratio
        (('510107016001',), Share(covered=3, total=4), 0.6666666666666666)

    .. versionadded:: 0.2
    """
    with gc_paused():
        return _coverage(registry)


def covered(registry: Registry, codes: Iterable[str], /) -> frozenset[DivisionCode]:
    """Return those of *codes* that are covered in *registry*: the test :func:`coverage` counts by.

    A street division is covered when a station of level ``STREET`` serves it, a
    community division when a station of level ``COMMUNITY`` does; any other code,
    or one the registry does not hold, is not covered. One pass over the stations,
    with no tree built: what a caller that asks about a few divisions of a large
    registry (a diff of two snapshots) wants.

    Raises:
        InvalidTypeError: *registry* is not a registry, or *codes* is not an iterable of text.

    Examples:
        >>> from socialwork.hierarchy import covered
        >>> reg = sw.datasets.example()
        >>> sorted(covered(reg.remove(["wh-c-ximianqiao"]), ["510107016001", "510107015001", "510107"]))
        ['510107015001']

    .. versionadded:: 0.2
    """
    _check_registry(registry)
    given: object = codes
    wanted: set[str] = set()
    if not isinstance(given, str | bytes):
        try:
            wanted = set(codes)
        except TypeError:
            wanted = {""}  # not iterable, or unhashable items: refused below
            given = None
    if given is None or isinstance(given, str | bytes) or not all(isinstance(c, str) for c in wanted):
        msg = Message(
            "expected an iterable of division codes, got {got}",
            "应为区划代码的可迭代对象，实为 {got}",
            got=type(codes).__name__,
        )
        raise InvalidTypeError(msg, path="codes")
    divisions = registry.divisions.view()
    levels = {code: divisions[code].level for code in wanted if code in divisions}
    found = {
        station.division_id
        for station in registry.stations.values()
        if station.division_id in levels and _MATCHING.get(station.level) is levels[station.division_id]
    }
    return frozenset(found)


def _coverage(registry: Registry) -> Coverage:
    _check_registry(registry)
    divisions = tree(registry, "divisions")
    n = len(divisions)
    level = divisions.level.astype(np.int64)
    stations = tree(registry, "stations")
    served = _served_positions(registry, stations, divisions)
    # A station covers its division when its level matches: street to street, room to community.
    wanted = _WANTED[stations.level]
    covered = np.zeros(n, dtype=bool)
    covered[served[level[served] == wanted]] = True
    counted = (level == _STREET) | (level == _COMMUNITY)
    street_of = divisions.nearest(level == _STREET)
    district_of = divisions.nearest(level == _DISTRICT)
    # The division ids are the codes themselves (DivisionCode is a NewType of str).
    ids = cast("tuple[DivisionCode, ...]", divisions.ids)

    rank: IntArray = divisions._memo["rank"]  # each position's place in id order

    def shares(owner: IntArray, owners: IntArray) -> dict[DivisionCode, Share]:
        keep = counted & (owner >= 0)
        chosen = owners[np.argsort(rank[owners])]  # by id, without comparing strings
        total = np.bincount(owner[keep], minlength=n)[chosen].tolist()
        hit = np.bincount(owner[keep & covered], minlength=n)[chosen].tolist()
        return dict(zip(map(ids.__getitem__, chosen.tolist()), map(Share, hit, total), strict=True))

    streets = level == _STREET
    communities = level == _COMMUNITY
    street_share = Share(int(np.count_nonzero(streets & covered)), int(np.count_nonzero(streets)))
    community_share = Share(int(np.count_nonzero(communities & covered)), int(np.count_nonzero(communities)))
    return Coverage(
        streets=street_share,
        communities=community_share,
        overall=Share(
            street_share.covered + community_share.covered, street_share.total + community_share.total
        ),
        by_street=shares(street_of, np.flatnonzero(streets)),
        by_district=shares(district_of, np.flatnonzero(level == _DISTRICT)),
        uncovered=tuple(sorted(map(ids.__getitem__, np.flatnonzero(counted & ~covered).tolist()))),
    )
