"""Five-society profiles of communities: one at a time, and every one in bulk."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from socialwork._tables import Columns, html_facts, html_table, make_frame
from socialwork.errors import InvalidTypeError, InvalidValueError, Message, UnknownIdError, excerpt
from socialwork.linkage import _contain
from socialwork.model import DivisionLevel, Registry, Society, StationLevel

__all__ = ["Aggregate", "Link", "Profile", "Profiles", "profile", "profiles"]

SOCIETIES: Final[tuple[Society, ...]] = tuple(Society)
_COLUMN: Final[Mapping[Society, int]] = {society: column for column, society in enumerate(SOCIETIES)}
_PROFILE_COLUMNS: Final[Columns] = {
    "community_id": "text",
    "name": "text",
    "street_id": "text",
    "district_id": "text",
    "score": "int",
    **{society.value: "int" for society in SOCIETIES},
}


@attrs.frozen(repr=False)
class Link:
    """How one of the five societies is linked to a community, with the entities that link it.

    Attributes:
        society: The society.
        member_ids: The society's own members linked to the community, sorted: the
            community rooms (for :attr:`~socialwork.Society.COMMUNITY`), the organizations
            that run projects serving it, the social workers posted at its rooms, its
            volunteers, its funds. Their number is the link's :attr:`strength`.
        paths: Every chain of ids that links the community to the society, sorted, as
            :func:`profile` describes them.
        counts: Named counts of the entities on the paths, e.g. ``(("funds", 1),
            ("donations", 3), ("donors", 2), ("grants", 1))``.

    Examples:
        >>> reg = sw.datasets.example()
        >>> link = sw.linkage.profile(reg, "510107015001").link(sw.Society.CHARITY_RESOURCE)
        >>> link.member_ids, link.strength, link.count("donations")
        (('fund-nijiaqiao',), 1, 3)
        >>> link
        Link(charity_resource, strength=1)

    .. versionadded:: 0.2
    """

    society: Society
    member_ids: tuple[str, ...]
    paths: tuple[tuple[str, ...], ...]
    counts: tuple[tuple[str, int], ...]

    @property
    def strength(self) -> int:
        """How many members of the society are linked to the community."""
        return len(self.member_ids)

    @property
    def present(self) -> bool:
        """Whether the society is linked to the community at all."""
        return bool(self.member_ids)

    @property
    def entity_ids(self) -> tuple[str, ...]:
        """Every entity on the paths, sorted, each once."""
        return tuple(sorted({entity_id for path in self.paths for entity_id in path}))

    def count(self, name: str, /) -> int:
        """Return the count called *name*, one of the names in :attr:`counts`.

        Raises:
            InvalidValueError: the link has no count of that name.

        Examples:
            >>> reg = sw.datasets.example()
            >>> sw.linkage.profile(reg, "510107015001").link(sw.Society.COMMUNITY).count("street_stations")
            1
        """
        for key, value in self.counts:
            if key == name:
                return value
        names = ", ".join(key for key, _ in self.counts)
        msg = Message(
            "the {society} link has no count {name}; expected one of {names}",
            "{society}的联动没有计数 {name}；应为 {names} 之一",
            society=Message(self.society.en, self.society.zh),
            name=repr(name),
            names=names,
        )
        raise InvalidValueError(msg, path="name")

    def __repr__(self) -> str:
        return f"Link({self.society.value}, strength={self.strength})"


@attrs.frozen(repr=False)
class Profile:
    """The five-society profile (五社联动) of one community.

    Attributes:
        community_id: The community's division code.
        name: The community's name.
        street_id: The code of its street, if the registry holds it.
        district_id: The code of its district, if the registry holds it.
        links: One :class:`Link` for each of the five societies, in the order of
            :class:`~socialwork.Society`.

    Examples:
        >>> reg = sw.datasets.example()
        >>> p = sw.linkage.profile(reg, "510107016001")
        >>> p
        Profile('510107016001' 洗面桥社区, score=1,
                missing=[social_organization, social_worker, volunteer, charity_resource])
        >>> p.link(sw.Society.COMMUNITY).paths
        (('wh-c-ximianqiao', 'wh-s-jiangxi', 'org-agency'),)

    .. versionadded:: 0.2
    """

    community_id: str
    name: str
    street_id: str | None
    district_id: str | None
    links: tuple[Link, ...]

    @property
    def score(self) -> int:
        """The completeness score, the number of the five societies linked (0 to 5)."""
        return sum(link.present for link in self.links)

    @property
    def missing(self) -> tuple[Society, ...]:
        """The societies not linked to the community, in the order of :class:`~socialwork.Society`."""
        return tuple(link.society for link in self.links if not link.present)

    @property
    def strengths(self) -> tuple[int, ...]:
        """The strength of each link, in the order of :class:`~socialwork.Society`."""
        return tuple(link.strength for link in self.links)

    def link(self, society: Society, /) -> Link:
        """Return the link of *society*.

        Raises:
            InvalidTypeError: *society* is not a :class:`~socialwork.Society`.

        Examples:
            >>> reg = sw.datasets.example()
            >>> sw.linkage.profile(reg, "510107015001").link(sw.Society.VOLUNTEER).member_ids
            ('v-01', 'v-02')
        """
        column = _COLUMN.get(society) if isinstance(society, Society) else None
        if column is None:
            msg = Message(
                "expected a socialwork.Society, got {type} {value}",
                "应为 socialwork.Society，实为 {type} {value}",
                type=type(society).__name__,
                value=repr(society),
            )
            raise InvalidTypeError(msg, path="society")
        return self.links[column]

    def __repr__(self) -> str:
        missing = ", ".join(society.value for society in self.missing)
        return f"Profile({self.community_id!r} {self.name}, score={self.score}, missing=[{missing}])"


@attrs.frozen
class Aggregate:
    """The profiles of the communities of one street or district, summed up.

    Attributes:
        division_id: The street's or district's code.
        level: :attr:`~socialwork.DivisionLevel.STREET` or :attr:`~socialwork.DivisionLevel.DISTRICT`.
        communities: How many communities it holds.
        score_counts: How many of them have each completeness score, 0 to 5.
        missing: How many of them lack each society, in the order of :class:`~socialwork.Society`.

    Examples:
        >>> reg = sw.datasets.example()
        >>> street = sw.linkage.profiles(reg).streets[0]
        >>> street.division_id, street.communities, street.complete, street.mean_score
        ('510107016', 2, 0, 2.0)

    .. versionadded:: 0.2
    """

    division_id: str
    level: DivisionLevel
    communities: int
    score_counts: tuple[int, ...]
    missing: tuple[int, ...]

    @property
    def complete(self) -> int:
        """How many of its communities have all five societies."""
        return self.score_counts[-1]

    @property
    def mean_score(self) -> float:
        """The mean completeness score of its communities; 0.0 if it has none."""
        if not self.communities:
            return 0.0
        return sum(score * count for score, count in enumerate(self.score_counts)) / self.communities

    def missing_of(self, society: Society, /) -> int:
        """Return how many of its communities lack *society*.

        Examples:
            >>> reg = sw.datasets.example()
            >>> sw.linkage.profiles(reg).districts[0].missing_of(sw.Society.CHARITY_RESOURCE)
            3
        """
        return self.missing[_COLUMN[society]]


@attrs.frozen(repr=False, eq=False)
class Profiles:
    """The profiles of every community of a registry, the weakest first.

    Scores and strengths are computed in bulk; a community's full :class:`Profile`
    (with its paths) is built when it is asked for, by ``profiles[code]`` or by iterating.

    Attributes:
        community_ids: The community codes, the weakest first: by completeness score,
            then by code.
        streets: One :class:`Aggregate` per street, the weakest first: by mean score, then code.
        districts: One :class:`Aggregate` per district, in the same order.

    Examples:
        >>> reg = sw.datasets.example()
        >>> result = sw.linkage.profiles(reg)
        >>> result
        Profiles(4 communities, mean score 2.50, 1 complete)
        >>> result.community_ids[0], result.score("510107016001")
        ('510107015002', 1)
        >>> result["510107015001"].score
        5

    .. versionadded:: 0.2
    """

    community_ids: tuple[str, ...]
    _scores: np.ndarray[Any, np.dtype[np.int64]]
    _strengths: np.ndarray[Any, np.dtype[np.int64]]
    streets: tuple[Aggregate, ...]
    districts: tuple[Aggregate, ...]
    _registry: Registry
    _position: Mapping[str, int]

    def is_of(self, registry: Registry, /) -> bool:
        """Return whether these are the profiles of *registry* (the very registry, not an equal one).

        A caller that computed the profiles once passes them on to other analyses
        (:func:`socialwork.reporting.report`, :func:`socialwork.plots.save_all`),
        which check with this that they describe the registry they are given.

        Examples:
            >>> reg = sw.datasets.example()
            >>> found = sw.linkage.profiles(reg)
            >>> copy = sw.Registry(reg.entities())  # equal, but another registry
            >>> found.is_of(reg), found.is_of(copy), copy == reg
            (True, False, True)

        .. versionadded:: 0.2
        """
        return self._registry is registry

    def __len__(self) -> int:
        return len(self.community_ids)

    def __contains__(self, code: object) -> bool:
        return code in self._position

    def __iter__(self) -> Iterator[Profile]:
        for code in self.community_ids:
            yield _assemble(self._registry, code)

    def __getitem__(self, code: str) -> Profile:
        self._row(code)
        return _assemble(self._registry, code)

    def _row(self, code: str) -> int:
        row = self._position.get(code) if isinstance(code, str) else None
        if row is None:
            msg = Message("unknown community {code}", "未知的社区 {code}", code=excerpt(code))
            raise UnknownIdError(msg)
        return row

    def score(self, code: str, /) -> int:
        """Return the completeness score of the community *code*.

        Raises:
            UnknownIdError: *code* is not one of the communities.

        Examples:
            >>> sw.linkage.profiles(sw.datasets.example()).score("510107015001")
            5
        """
        return int(self._scores[self._row(code)])

    def strengths(self, code: str, /) -> tuple[int, ...]:
        """Return the strength of each society's link to the community *code*, in Society order.

        Raises:
            UnknownIdError: *code* is not one of the communities.

        Examples:
            >>> sw.linkage.profiles(sw.datasets.example()).strengths("510107015001")
            (1, 1, 1, 2, 1)
        """
        return tuple(int(value) for value in self._strengths[self._row(code)])

    def missing(self, code: str, /) -> tuple[Society, ...]:
        """Return the societies not linked to the community *code*, in Society order.

        Raises:
            UnknownIdError: *code* is not one of the communities.

        Examples:
            >>> [s.value for s in sw.linkage.profiles(sw.datasets.example()).missing("510107016002")]
            ['social_organization', 'charity_resource']
        """
        row = self._strengths[self._row(code)]
        return tuple(society for society, value in zip(SOCIETIES, row, strict=True) if not value)

    def weakest(self, count: int = 10, /) -> tuple[Profile, ...]:
        """Return the full profiles of the *count* weakest communities.

        Raises:
            InvalidValueError: *count* is negative.

        Examples:
            >>> [p.community_id for p in sw.linkage.profiles(sw.datasets.example()).weakest(2)]
            ['510107015002', '510107016001']
        """
        if isinstance(count, bool) or not isinstance(count, int):
            msg = Message(
                "expected an int, got {type} {value}",
                "应为 int，实为 {type} {value}",
                type=type(count).__name__,
                value=repr(count),
            )
            raise InvalidTypeError(msg, path="count")
        if count < 0:
            msg = Message(
                "expected a count of at least 0, got {count}", "应为至少 0 的个数，实为 {count}", count=count
            )
            raise InvalidValueError(msg, path="count")
        return tuple(_assemble(self._registry, code) for code in self.community_ids[:count])

    @property
    def score_counts(self) -> tuple[int, ...]:
        """How many communities have each completeness score, 0 to 5."""
        return tuple(int(n) for n in np.bincount(self._scores, minlength=6))

    @property
    def mean_score(self) -> float:
        """The mean completeness score over all communities; 0.0 if there are none."""
        return float(self._scores.mean()) if len(self._scores) else 0.0

    def __repr__(self) -> str:
        return (
            f"Profiles({len(self)} communities, mean score {self.mean_score:.2f}, "
            f"{self.score_counts[-1]} complete)"
        )

    def _rows(self, limit: int | None = None) -> Iterator[tuple[Any, ...]]:
        registry = self._registry
        streets = _contain.street_of(registry)
        districts = _contain.district_of(registry)
        for code in self.community_ids[:limit]:
            row = self._position[code]
            strengths = self._strengths[row].tolist()
            name = registry.divisions[code].name
            yield (code, name, streets.get(code), districts.get(code), int(self._scores[row]), *strengths)

    def to_frame(self) -> Any:
        """Return every community's scores as a pandas ``DataFrame`` indexed by ``community_id`` (pandas).

        Rows are the weakest first, as :attr:`community_ids`. Columns: ``name``,
        ``street_id`` and ``district_id`` (missing if the registry does not hold
        them), ``score`` (0 to 5), then the strength of each society's link
        (``int64``), one column per :class:`~socialwork.Society` value in its order.

        Raises:
            MissingDependencyError: pandas is not installed.

        Examples:
            >>> import pandas  # the pandas extra: without it, the example is skipped
            >>> frame = sw.linkage.profiles(sw.datasets.example()).to_frame()
            >>> frame.loc["510107015001", ["score", "volunteer"]].tolist()
            [5, 2]
            >>> frame.groupby("street_id")["score"].mean().to_dict()
            {'510107015': 3.0, '510107016': 2.0}

        .. versionadded:: 0.2
        """
        return make_frame(_PROFILE_COLUMNS, self._rows(), purpose="Profiles.to_frame()", index="community_id")

    def _repr_html_(self) -> str:
        facts = [
            ("communities", len(self)),
            ("mean score", f"{self.mean_score:.2f}"),
            ("complete (5 of 5)", self.score_counts[-1]),
            *((f"score {score}", count) for score, count in enumerate(self.score_counts)),
        ]
        table = html_table("the weakest", list(_PROFILE_COLUMNS), self._rows(20), total=len(self))
        return html_facts("Profiles", facts, table)


# -- one community, from the registry's reverse indexes ---------------------------------


def _check_registry(registry: object) -> Registry:
    if not isinstance(registry, Registry):
        msg = Message(
            "expected a socialwork.Registry, got {type}",
            "应为 socialwork.Registry，实为 {type}",
            type=type(registry).__name__,
        )
        raise InvalidTypeError(msg, path="registry")
    return registry


def profile(registry: Registry, community: str, /) -> Profile:
    """Return the five-society profile of one *community*.

    Each society is linked to the community through these entities and paths:

    - community (社区): its community rooms, each on the path room → street station →
      operator (the room's operator, or else its street station's);
    - social organizations (社会组织): the projects serving it, each on the path
      project → operator; the operators are the members;
    - social workers (社会工作者): the workers posted at its rooms, room → worker;
    - volunteers (社区志愿者): the volunteers in it, each a path of its own;
    - charity resources (社会慈善资源): its funds, each with fund → manager, fund →
      donation and fund → grant → project; the funds are the members.

    A society is present when it has at least one member; the completeness score
    counts the societies present, 0 to 5.

    Raises:
        UnknownIdError: the registry holds no division *community*.
        InvalidValueError: the division *community* is not a community.
        InvalidTypeError: *registry* is not a :class:`~socialwork.Registry`.

    Examples:
        >>> reg = sw.datasets.example()
        >>> p = sw.linkage.profile(reg, "510107015001")
        >>> p.score, p.strengths
        (5, (1, 1, 1, 2, 1))
        >>> p.link(sw.Society.SOCIAL_ORGANIZATION).paths
        (('p-elderly', 'org-agency'),)
        >>> sw.linkage.profile(reg, "510107015")
        Traceback (most recent call last):
        ...
        socialwork.errors.InvalidValueError: community: division '510107015' (玉林街道) is a street, ...

    .. versionadded:: 0.2
    """
    registry = _check_registry(registry)
    code: object = community
    if not isinstance(code, str):
        msg = Message(
            "expected a division code string, got {type} {value}",
            "应为字符串形式的区划代码，实为 {type} {value}",
            type=type(code).__name__,
            value=repr(code),
        )
        raise InvalidTypeError(msg, path="community")
    division = registry.divisions[code]
    if division.level is not DivisionLevel.COMMUNITY:
        msg = Message(
            "division {code} ({name}) is a {level}, not a community",
            "区划 {code}（{name}）是{level}，不是社区",
            code=repr(community),
            name=division.name,
            level=Message(division.level.en, division.level.zh),
        )
        raise InvalidValueError(msg, path="community")
    return _assemble(registry, community)


def _assemble(registry: Registry, code: str) -> Profile:
    """Build the profile of the community *code* from the registry's reverse indexes."""
    stations = registry.stations
    rooms = [
        s for s in registry.referrers("stations", "division_id", code) if s.level is StationLevel.COMMUNITY
    ]

    paths: list[tuple[str, ...]] = []
    streets: set[str] = set()
    operators: set[str] = set()
    for room in rooms:
        path = [room.id]
        above = _contain.station_above(registry, room.id)
        street = stations[above] if above is not None else None
        if street is not None:
            path.append(street.id)
            streets.add(street.id)
        operator = room.operator_id or (street.operator_id if street is not None else None)
        if operator is not None:
            path.append(operator)
            operators.add(operator)
        paths.append(tuple(path))
    community = _link(
        Society.COMMUNITY,
        [room.id for room in rooms],
        paths,
        rooms=len(rooms),
        street_stations=len(streets),
        operators=len(operators),
    )

    projects = registry.referrers("projects", "community_ids", code)
    organizations = _link(
        Society.SOCIAL_ORGANIZATION,
        {p.operator_id for p in projects},
        [(p.id, p.operator_id) for p in projects],
        projects=len(projects),
        organizations=len({p.operator_id for p in projects}),
    )

    posted: list[tuple[str, ...]] = [
        (room.id, w.id) for room in rooms for w in registry.referrers("social_workers", "station_id", room.id)
    ]
    workers = _link(
        Society.SOCIAL_WORKER, [w for _, w in posted], posted, social_workers=len({w for _, w in posted})
    )

    people = registry.referrers("volunteers", "division_id", code)
    volunteers = _link(
        Society.VOLUNTEER, [v.id for v in people], [(v.id,) for v in people], volunteers=len(people)
    )

    funds = registry.referrers("funds", "division_id", code)
    fund_paths: list[tuple[str, ...]] = []
    donations = grants = 0
    donors: set[str] = set()
    for fund in funds:
        fund_paths.append((fund.id, fund.manager_id))
        for donation in registry.referrers("donations", "fund_id", fund.id):
            fund_paths.append((fund.id, donation.id))
            donations += 1
            if donation.donor is not None:
                donors.add(donation.donor)
        for grant in registry.referrers("grants", "fund_id", fund.id):
            fund_paths.append((fund.id, grant.id, grant.project_id))
            grants += 1
    charity = _link(
        Society.CHARITY_RESOURCE,
        [f.id for f in funds],
        fund_paths,
        funds=len(funds),
        donations=donations,
        donors=len(donors),
        grants=grants,
    )

    division = registry.divisions[code]
    street_id, district_id = _contain.place_of(registry, code)
    return Profile(
        community_id=code,
        name=division.name,
        street_id=street_id,
        district_id=district_id,
        links=(community, organizations, workers, volunteers, charity),
    )


def _link(society: Society, members: Any, paths: list[tuple[str, ...]], **counts: int) -> Link:
    return Link(
        society=society,
        member_ids=tuple(sorted(set(members))),
        paths=tuple(sorted(set(paths))),
        counts=tuple(counts.items()),
    )


# -- every community, in one pass per kind ---------------------------------------------


def checked_profiles(given: object, registry: Registry, /) -> Profiles:
    """Return *given* if it is the :class:`Profiles` of this very *registry*; refuse it otherwise.

    For analyses that take profiles a caller computed once (``profiles=`` of
    :func:`socialwork.reporting.report` and :func:`socialwork.plots.save_all`).

    Raises:
        InvalidTypeError: *given* is not a :class:`Profiles`.
        InvalidValueError: they are the profiles of another registry (an equal one too).

    Examples:
        >>> from socialwork.linkage import checked_profiles, profiles
        >>> reg = sw.datasets.example()
        >>> found = profiles(reg)
        >>> checked_profiles(found, reg) is found
        True
        >>> checked_profiles(found, sw.Registry(reg.entities()))
        Traceback (most recent call last):
        ...
        socialwork.errors.InvalidValueError: profiles: the profiles are of another registry: ...

    .. versionadded:: 0.2
    """
    if not isinstance(given, Profiles):
        msg = Message(
            "expected the Profiles of socialwork.linkage.profiles(), got {type}",
            "应为 socialwork.linkage.profiles() 的 Profiles，实为 {type}",
            type=type(given).__name__,
        )
        raise InvalidTypeError(msg, path="profiles")
    if not given.is_of(registry):
        msg = Message(
            "the profiles are of another registry: compute them of this one",
            "这些联动画像属于另一个登记：须由本登记计算",
        )
        raise InvalidValueError(msg, path="profiles")
    return given


def profiles(registry: Registry, /) -> Profiles:
    """Return the profiles of every community of *registry*, the weakest first, with aggregates.

    The scores and strengths are those of :func:`profile`, computed in bulk: one pass
    over each kind of entity, not one :func:`profile` per community. Communities,
    streets and districts are ordered the weakest first (ties by code).

    Raises:
        InvalidTypeError: *registry* is not a :class:`~socialwork.Registry`.

    Examples:
        >>> reg = sw.datasets.example()
        >>> result = sw.linkage.profiles(reg)
        >>> [(code, result.score(code)) for code in result.community_ids]
        [('510107015002', 1), ('510107016001', 1), ('510107016002', 3), ('510107015001', 5)]
        >>> result.districts[0].score_counts
        (0, 2, 0, 1, 0, 1)

    .. versionadded:: 0.2
    """
    registry = _check_registry(registry)
    codes = sorted(code for code, d in registry.divisions.items() if d.level is DivisionLevel.COMMUNITY)
    position = {code: row for row, code in enumerate(codes)}
    n = len(codes)
    columns: list[npt.NDArray[np.int64]] = []

    room_row: dict[str, int] = {}
    for station in registry.stations.values():
        if station.level is StationLevel.COMMUNITY:
            row = position.get(station.division_id)
            if row is not None:
                room_row[station.id] = row
    columns.append(_tally(room_row.values(), n))

    pairs = {
        (row, project.operator_id)
        for project in registry.projects.values()
        for c in project.community_ids
        if (row := position.get(c)) is not None
    }
    columns.append(_tally((row for row, _ in pairs), n))

    columns.append(
        _tally(
            (
                row
                for w in registry.social_workers.values()
                if (row := room_row.get(w.station_id or "")) is not None
            ),
            n,
        )
    )
    for kind in ("volunteers", "funds"):
        index = registry.volunteers if kind == "volunteers" else registry.funds
        columns.append(
            _tally((r for e in index.values() if (r := position.get(e.division_id)) is not None), n)
        )

    strengths = np.stack(columns, axis=1) if n else np.zeros((0, 5), dtype=np.int64)
    scores = (strengths > 0).sum(axis=1).astype(np.int64)
    order = np.lexsort((np.arange(n), scores))  # codes are sorted, so row order breaks ties by code
    ordered = tuple(codes[i] for i in order.tolist())

    streets = _aggregates(_contain.street_of(registry), codes, scores, strengths, DivisionLevel.STREET)
    districts = _aggregates(_contain.district_of(registry), codes, scores, strengths, DivisionLevel.DISTRICT)
    return Profiles(
        community_ids=ordered,
        scores=scores,
        strengths=strengths,
        streets=streets,
        districts=districts,
        registry=registry,
        position=position,
    )


def _tally(rows: Any, n: int) -> npt.NDArray[np.int64]:
    array = np.fromiter(rows, dtype=np.int64)
    return np.bincount(array, minlength=n).astype(np.int64)


def _aggregates(
    parent: Mapping[str, str],
    codes: list[str],
    scores: npt.NDArray[np.int64],
    strengths: npt.NDArray[np.int64],
    level: DivisionLevel,
) -> tuple[Aggregate, ...]:
    names = sorted({parent[code] for code in codes if code in parent})
    if not names:
        return ()
    group_of = {name: g for g, name in enumerate(names)}
    groups = np.fromiter(
        (group_of.get(parent.get(code, ""), -1) for code in codes), dtype=np.int64, count=len(codes)
    )
    keep = groups >= 0
    groups, scores, strengths = groups[keep], scores[keep], strengths[keep]
    g = len(names)
    by_score = np.zeros((g, 6), dtype=np.int64)
    np.add.at(by_score, (groups, scores), 1)
    missing = np.stack(
        [np.bincount(groups, weights=strengths[:, s] == 0, minlength=g) for s in range(5)], axis=1
    )
    totals = by_score.sum(axis=1)
    mean = (by_score * np.arange(6)).sum(axis=1) / np.maximum(totals, 1)
    order = np.lexsort((np.arange(g), mean))
    by_score_list, missing_list, totals_list = (
        by_score.tolist(),
        missing.astype(np.int64).tolist(),
        totals.tolist(),
    )
    return tuple(
        Aggregate(
            division_id=names[i],
            level=level,
            communities=totals_list[i],
            score_counts=tuple(by_score_list[i]),
            missing=tuple(missing_list[i]),
        )
        for i in order.tolist()
    )
