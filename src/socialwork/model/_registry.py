"""The Registry: every entity of a system, immutable and indexed by id."""

from __future__ import annotations

import re
from collections.abc import ItemsView, Iterable, Iterator, KeysView, Mapping, Sequence, ValuesView
from collections.abc import Set as AbstractSet
from types import MappingProxyType
from typing import Any, Final, Generic, TypeVar

import attrs

from socialwork._bulk import gc_paused
from socialwork._tables import html_facts, html_table
from socialwork.errors import (
    InvalidRegistryError,
    InvalidTypeError,
    InvalidValueError,
    Message,
    Problem,
    UnknownIdError,
    excerpt,
)
from socialwork.model._casework import Case, Consent, Referral, ReferralEvent
from socialwork.model._entities import (
    Division,
    Donation,
    Entity,
    Fund,
    Grant,
    Need,
    Organization,
    Project,
    SocialWorker,
    Station,
    Volunteer,
)
from socialwork.model._kinds import KINDS, NAME_OF_CLASS, unknown_entity, unknown_kind
from socialwork.model._messages import expected, typed

__all__ = ["REFERENCES", "IdMapping", "Reference", "Registry", "document_order"]

V = TypeVar("V")
_CANNOT_BUILD: Final = Message("cannot build the registry", "无法建立登记")
_CANNOT_ADD: Final = Message("cannot add to the registry", "无法向登记添加实体")
_CANNOT_REPLACE: Final = Message("cannot replace entities of the registry", "无法替换登记中的实体")
_CANNOT_REMOVE: Final = Message("cannot remove entities from the registry", "无法从登记删除实体")
_AN_ITERABLE: Final = Message("an iterable", "可迭代对象")


@attrs.frozen
class Reference:
    """A field of an entity that names other entities by id, and the edge it draws in the graph.

    Each reference is one kind of edge of :func:`socialwork.graph.build_graph`,
    named by :attr:`relation` so that it reads as a sentence from the edge's
    source to its target: ``org-agency operates wh-hub``, ``w-01 posted_to
    wh-c-nijiaqiao``. The edge runs from the entity that holds the field to the
    entity it names, unless :attr:`reverse` is true: then it runs from the named
    entity to the holder (an organization *operates* the station that names it as
    operator; a hub is the *parent* of the street station that names it).

    Attributes:
        kind: The kind of entity that holds the field, e.g. ``"stations"``.
        field: The field's name, e.g. ``"parent_id"``.
        target: The kind of entity it names, e.g. ``"stations"``.
        many: Whether the field holds a tuple of ids rather than one (or ``None``).
        relation: The name of the edge, e.g. ``"operates"``.
        reverse: Whether the edge runs from the named entity to the holder.

    Examples:
        >>> from socialwork.model import REFERENCES
        >>> [(r.field, r.relation, r.reverse) for r in REFERENCES if r.kind == "social_workers"]
        [('employer_id', 'employs', True), ('station_id', 'posted_to', False)]

    .. versionchanged:: 0.2
       Added :attr:`relation` and :attr:`reverse`, which the graph reads.
    """

    kind: str
    field: str
    target: str
    many: bool = False
    relation: str = attrs.field(kw_only=True)
    reverse: bool = attrs.field(default=False, kw_only=True)


REFERENCES: Final[tuple[Reference, ...]] = (
    Reference("divisions", "parent_code", "divisions", relation="parent", reverse=True),
    Reference("organizations", "division_id", "divisions", relation="located_in"),
    Reference("stations", "division_id", "divisions", relation="located_in"),
    Reference("stations", "parent_id", "stations", relation="parent", reverse=True),
    Reference("stations", "operator_id", "organizations", relation="operates", reverse=True),
    Reference("stations", "co_builder_ids", "organizations", many=True, relation="co_builds", reverse=True),
    Reference("social_workers", "employer_id", "organizations", relation="employs", reverse=True),
    Reference("social_workers", "station_id", "stations", relation="posted_to"),
    Reference("volunteers", "division_id", "divisions", relation="volunteers_in"),
    Reference("projects", "operator_id", "organizations", relation="runs", reverse=True),
    Reference("projects", "station_ids", "stations", many=True, relation="runs_from"),
    Reference("projects", "community_ids", "divisions", many=True, relation="serves"),
    Reference("needs", "division_id", "divisions", relation="arises_in"),
    Reference("funds", "division_id", "divisions", relation="serves"),
    Reference("funds", "manager_id", "organizations", relation="manages", reverse=True),
    Reference("donations", "fund_id", "funds", relation="donates_to"),
    Reference("grants", "fund_id", "funds", relation="pays", reverse=True),
    Reference("grants", "project_id", "projects", relation="finances"),
    Reference("cases", "holder_id", "organizations", relation="holds", reverse=True),
    Reference("consents", "case_id", "cases", relation="consents_for"),
    Reference("consents", "recipient_id", "organizations", relation="consents_to"),
    Reference("referrals", "case_id", "cases", relation="refers"),
    Reference("referrals", "from_id", "organizations", relation="refers_out", reverse=True),
    Reference("referrals", "to_id", "organizations", relation="referred_to"),
    Reference("referrals", "consent_id", "consents", relation="under_consent"),
    Reference("referral_events", "referral_id", "referrals", relation="records"),
    Reference("referral_events", "actor_id", "organizations", relation="acts", reverse=True),
)
"""Every reference between entities: what the registry checks and the graph draws."""

_REFERENCE: Final[dict[tuple[str, str], Reference]] = {(ref.kind, ref.field): ref for ref in REFERENCES}


class IdMapping(Mapping[str, V], Generic[V]):
    """A read-only mapping from id to entity, in the order the entities were given.

    Looking up an id it does not hold raises :class:`~socialwork.UnknownIdError`
    (a ``KeyError``) that names the kind of entity.
    """

    __slots__ = ("_data", "_kind")

    def __init__(self, data: dict[str, V], kind: str) -> None:
        self._data = data
        self._kind = kind

    def __getitem__(self, key: str) -> V:
        try:
            return self._data[key]
        except (KeyError, TypeError):  # an unhashable key is no id either
            raise UnknownIdError(unknown_entity(KINDS[self._kind], key)) from None

    def __contains__(self, key: object) -> bool:
        try:
            return key in self._data
        except TypeError:  # an unhashable key
            return False

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    # The dictionary's own read-only views: Mapping's defaults would look each key
    # up again through __getitem__, a Python call per entity.
    def keys(self) -> KeysView[str]:
        return self._data.keys()

    def values(self) -> ValuesView[V]:
        return self._data.values()

    def items(self) -> ItemsView[str, V]:
        return self._data.items()

    def view(self) -> MappingProxyType[str, V]:
        """Return a read-only view of the underlying dictionary, for bulk look-ups at a dict's speed.

        Unlike the mapping itself, the view raises a plain ``KeyError`` for an
        unknown id; it copies nothing and stays valid as long as the registry.

        Examples:
            >>> stations = sw.datasets.example().stations.view()
            >>> stations["wh-hub"].name, "nowhere" in stations
            ('武侯区社工总站', False)

        .. versionadded:: 0.2
        """
        return MappingProxyType(self._data)

    def __repr__(self) -> str:
        return f"<{len(self._data)} {self._kind}>"


class Registry:
    """Every entity of a community social-work system, immutable and indexed by id.

    ``Registry(entities)`` takes one iterable of entities of any kind. Building it
    checks that every id is used once (across all kinds) and that every reference
    names an entity the registry holds; it reports every problem at once in an
    :class:`~socialwork.InvalidRegistryError` and builds nothing otherwise. Rules
    that concern many entities (levels, coverage, staffing, ...) are not checked
    here: validation (``socialwork.validate``, in a later release) reports them without raising.

    Changes (:meth:`add`, :meth:`replace`, :meth:`remove`) return a new registry.
    Two registries are equal when they hold the same entities, in any order.

    Examples:
        >>> reg = sw.Registry([
        ...     sw.Division(code="510107", name="武侯区", level=sw.DivisionLevel.DISTRICT),
        ...     sw.Station(id="hub", name="武侯区社工总站", level=sw.StationLevel.DISTRICT,
        ...                division_id="510107"),
        ... ])
        >>> reg.stations["hub"].name
        '武侯区社工总站'
        >>> sw.Registry([sw.Station(id="s1", name="街道站", level=sw.StationLevel.STREET,
        ...                         division_id="510107015", parent_id="hub")])
        Traceback (most recent call last):
        ...
        socialwork.errors.InvalidRegistryError: cannot build the registry (2 problem(s)):
          stations[0].division_id: unknown division '510107015'
          stations[0].parent_id: unknown station 'hub'

    In a notebook a registry shows as its counts by kind and its first stations
    (no personal value: no worker's name, no donor); ``socialwork.io.to_frames``
    gives it as tables.

    .. versionchanged:: 0.2
       A notebook view (``_repr_html_``), bounded in size, names escaped.
    """

    __slots__ = ("__weakref__", "_by_id", "_by_kind", "_cache")

    _by_kind: dict[str, dict[str, Any]]
    _by_id: dict[str, Entity]
    _cache: dict[str, Any]

    def __init__(self, entities: Iterable[Entity] = (), /) -> None:
        # The slots are filled first, so that a registry whose construction fails still
        # has a repr, a length and an equality (tracebacks that show locals call them).
        object.__setattr__(self, "_by_kind", {})
        object.__setattr__(self, "_by_id", {})
        lists: dict[str, list[Any]] = {name: [] for name in KINDS}
        problems: list[Problem] = []
        kind_of = NAME_OF_CLASS
        for position, entity in enumerate(iterable_argument(entities, "entities", _CANNOT_BUILD)):
            kind = kind_of.get(type(entity))
            if kind is None:
                msg = expected(Message("a socialwork entity", "socialwork 实体"), typed(entity))
                problems.append(Problem(f"entities[{position}]", msg))
            else:
                lists[kind].append(entity)
        by_kind, by_id, found, _ = _build_indexes(lists, {})
        problems.extend(found)
        if problems:
            raise InvalidRegistryError(_CANNOT_BUILD, problems)
        self._by_kind = by_kind
        self._by_id = by_id
        self._cache = {}

    @classmethod
    def from_kinds(
        cls,
        lists: Mapping[str, Sequence[Entity | None]],
        /,
        *,
        unread: Mapping[str, AbstractSet[str]] | None = None,
    ) -> Registry:
        """Build a registry from entities listed by kind, checking them as :class:`Registry` does.

        This is the checked path a loader takes: *lists* maps kind names of
        :data:`~socialwork.model.KINDS` to their entities in document order, so that
        every problem names its position (``stations[3].parent_id``). ``None`` holds
        the place of an entity that could not be read; its id, if known, is in
        *unread*, so that references to it are not reported a second time. With any
        ``None`` in *lists* nothing is built and the error lists the problems of the rest.

        Raises:
            InvalidRegistryError: duplicate ids, dangling references, an unknown kind
                or an entity of another kind, every one with its path; or holes.

        Examples:
            >>> import socialwork as sw
            >>> hub = sw.Station(id="hub", name="总站", level=sw.StationLevel.DISTRICT, division_id="510107")
            >>> sw.Registry.from_kinds({"stations": [hub]})
            Traceback (most recent call last):
            ...
            socialwork.errors.InvalidRegistryError: cannot build the registry (1 problem(s)):
              stations[0].division_id: unknown division '510107'

        .. versionadded:: 0.2
        """
        given: object = lists  # callers outside the type checker pass anything
        if not isinstance(given, Mapping):
            msg = expected(Message("a mapping of kinds to lists", "从类别到列表的映射"), typed(given))
            raise InvalidRegistryError(_CANNOT_BUILD, [Problem("lists", msg)])
        problems: list[Problem] = [
            Problem(str(name), unknown_kind(name))
            for name in lists
            if not isinstance(name, str) or name not in KINDS
        ]
        for name, items in lists.items():
            kind = KINDS.get(name) if isinstance(name, str) else None
            if kind is None:
                continue
            try:
                items = list(iterable_argument(items, str(name), _CANNOT_BUILD))  # noqa: PLW2901
            except InvalidRegistryError as error:
                problems.extend(error.problems)
                continue
            problems.extend(
                Problem(f"{name}[{position}]", _expected_entity(kind.cls, item))
                for position, item in enumerate(items)
                if item is not None and type(item) is not kind.cls
            )
        if problems:
            raise InvalidRegistryError(_CANNOT_BUILD, problems)
        given_unread: object = unread
        if given_unread is not None and not isinstance(given_unread, Mapping):
            msg = expected(
                Message("a mapping of kinds to sets of ids", "从类别到 id 集合的映射"), typed(given_unread)
            )
            raise InvalidRegistryError(_CANNOT_BUILD, [Problem("unread", msg)])
        by_kind, by_id, found, holes = _build_indexes(lists, unread or {})
        if found or holes:
            raise InvalidRegistryError(_CANNOT_BUILD, found)
        registry = object.__new__(cls)
        object.__setattr__(registry, "_by_kind", by_kind)
        object.__setattr__(registry, "_by_id", by_id)
        object.__setattr__(registry, "_cache", {})
        return registry

    # -- the entities ------------------------------------------------------------

    def entities(self) -> tuple[Entity, ...]:
        """Return every entity: kind by kind (in the order of :data:`~socialwork.model.KINDS`), then as given.

        Examples:
            >>> example = sw.datasets.example()
            >>> len(example.entities()) == len(example)
            True
        """
        return tuple(entity for index in self._by_kind.values() for entity in index.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, entity_id: object) -> bool:
        try:
            return entity_id in self._by_id
        except TypeError:  # an unhashable key
            return False

    def get(self, entity_id: str, /) -> Entity:
        """Return the entity with *entity_id*, of whatever kind.

        Raises:
            UnknownIdError: the registry holds no entity with that id.

        Examples:
            >>> example = sw.datasets.example()
            >>> example.get("wh-hub").name
            '武侯区社工总站'
        """
        try:
            return self._by_id[entity_id]
        except (KeyError, TypeError):  # an unhashable key is no id either
            msg = Message("unknown id {id}", "未知的 id {id}", id=excerpt(entity_id))
            raise UnknownIdError(msg) from None

    def kind_of(self, entity_id: str, /) -> str:
        """Return the kind (``"stations"``, ``"funds"``, ...) of the entity with *entity_id*.

        Examples:
            >>> example = sw.datasets.example()
            >>> example.kind_of("wh-hub")
            'stations'
        """
        return NAME_OF_CLASS[type(self.get(entity_id))]

    def counts(self) -> dict[str, int]:
        """Return how many entities of each kind the registry holds, in :data:`~socialwork.model.KINDS` order.

        Examples:
            >>> sw.Registry().counts()["stations"]
            0
        """
        return {kind: len(index) for kind, index in self._by_kind.items()}

    @property
    def divisions(self) -> IdMapping[Division]:
        """The divisions, by code."""
        return IdMapping(self._by_kind["divisions"], "divisions")

    @property
    def organizations(self) -> IdMapping[Organization]:
        """The organizations, by id."""
        return IdMapping(self._by_kind["organizations"], "organizations")

    @property
    def stations(self) -> IdMapping[Station]:
        """The stations, by id."""
        return IdMapping(self._by_kind["stations"], "stations")

    @property
    def social_workers(self) -> IdMapping[SocialWorker]:
        """The social workers, by id."""
        return IdMapping(self._by_kind["social_workers"], "social_workers")

    @property
    def volunteers(self) -> IdMapping[Volunteer]:
        """The volunteers, by id."""
        return IdMapping(self._by_kind["volunteers"], "volunteers")

    @property
    def projects(self) -> IdMapping[Project]:
        """The projects, by id."""
        return IdMapping(self._by_kind["projects"], "projects")

    @property
    def needs(self) -> IdMapping[Need]:
        """The needs, by id."""
        return IdMapping(self._by_kind["needs"], "needs")

    @property
    def funds(self) -> IdMapping[Fund]:
        """The funds, by id."""
        return IdMapping(self._by_kind["funds"], "funds")

    @property
    def donations(self) -> IdMapping[Donation]:
        """The donations, by id."""
        return IdMapping(self._by_kind["donations"], "donations")

    @property
    def grants(self) -> IdMapping[Grant]:
        """The grants, by id."""
        return IdMapping(self._by_kind["grants"], "grants")

    @property
    def cases(self) -> IdMapping[Case]:
        """The cases of referral work, by id.

        .. versionadded:: 0.2
        """
        return IdMapping(self._by_kind["cases"], "cases")

    @property
    def consents(self) -> IdMapping[Consent]:
        """The consent records, by id.

        .. versionadded:: 0.2
        """
        return IdMapping(self._by_kind["consents"], "consents")

    @property
    def referrals(self) -> IdMapping[Referral]:
        """The referrals, by id.

        .. versionadded:: 0.2
        """
        return IdMapping(self._by_kind["referrals"], "referrals")

    @property
    def referral_events(self) -> IdMapping[ReferralEvent]:
        """The referrals' audit events, by id.

        .. versionadded:: 0.2
        """
        return IdMapping(self._by_kind["referral_events"], "referral_events")

    # -- indexes, built once on first use -----------------------------------------

    def referrer_index(self, kind: str, field: str, /) -> Mapping[str, tuple[Any, ...]]:
        """Return the index of one reference: each id named by *kind*.*field*, with the entities naming it.

        The index is built once, on first use, in one pass over the kind, and then
        kept; the entities of each id are sorted by id. A field that holds several
        ids (``co_builder_ids``, ``station_ids``, ``community_ids``) lists an entity
        under each of them. Bulk analyses (the hierarchy, the graph, the rules)
        read it instead of scanning the registry again.

        Raises:
            InvalidValueError: *kind*.*field* is not one of :data:`~socialwork.model.REFERENCES`.

        Examples:
            >>> import socialwork as sw
            >>> reg = sw.datasets.example()
            >>> sorted(reg.referrer_index("stations", "parent_id"))
            ['wh-hub', 'wh-s-jiangxi', 'wh-s-yulin']

        .. versionadded:: 0.2
        """
        ref = _REFERENCE.get((kind, field)) if isinstance(kind, str) and isinstance(field, str) else None
        if ref is None:
            msg = Message(
                "unknown reference {reference}; expected one of {known}",
                "未知的引用 {reference}；应为 {known} 之一",
                reference=f"{kind!s}.{field!s}",
                known=", ".join(f"{r.kind}.{r.field}" for r in REFERENCES),
            )
            raise InvalidValueError(msg, path="field")
        key = f"{kind}.{field}"
        index = self._cache.get(key)
        if index is None:
            lists: dict[str, list[Any]] = {}
            with gc_paused():  # a list a target: millions at national scale, none of them cyclic
                for entity in self._by_kind[kind].values():
                    value = getattr(entity, field)
                    if value is None:
                        continue
                    for target in value if ref.many else (value,):
                        lists.setdefault(target, []).append(entity)
                # Most targets have one referrer, which needs no sort.
                index = {
                    target: (items[0],) if len(items) == 1 else tuple(sorted(items, key=_id_of))
                    for target, items in lists.items()
                }
            self._cache[key] = index
        return index

    def referrers(self, kind: str, field: str, target_id: str, /) -> tuple[Any, ...]:
        """Return the entities of *kind* whose *field* names *target_id*, sorted by id.

        Raises:
            InvalidValueError: *kind*.*field* is not one of :data:`~socialwork.model.REFERENCES`.

        Examples:
            >>> import socialwork as sw
            >>> reg = sw.datasets.example()
            >>> [w.id for w in reg.referrers("social_workers", "station_id", "wh-s-yulin")]
            ['w-03']
            >>> [f.id for f in reg.referrers("funds", "manager_id", "no-such-org")]
            []

        .. versionadded:: 0.2
        """
        index = self.referrer_index(kind, field)
        return index.get(target_id, ()) if isinstance(target_id, str) else ()

    def children(self, station_id: str, /) -> tuple[Station, ...]:
        """Return the stations whose parent is *station_id*, sorted by id.

        Raises:
            UnknownIdError: the registry holds no such station.

        Examples:
            >>> example = sw.datasets.example()
            >>> [s.id for s in example.children("wh-hub")]
            ['wh-s-jiangxi', 'wh-s-yulin']
        """
        self.stations[station_id]
        return self.referrers("stations", "parent_id", station_id)

    def subdivisions(self, code: str, /) -> tuple[Division, ...]:
        """Return the divisions whose parent is the division *code*, sorted by code.

        Raises:
            UnknownIdError: the registry holds no such division.

        Examples:
            >>> example = sw.datasets.example()
            >>> [d.name for d in example.subdivisions("510107")]
            ['玉林街道', '浆洗街街道']
        """
        self.divisions[code]
        return self.referrers("divisions", "parent_code", code)

    def in_division(self, code: str, /) -> tuple[Entity, ...]:
        """Return the entities placed in the division *code* itself (not below it).

        These are the stations serving it, the organizations based there, its
        volunteers, needs and funds, and the projects that serve it, kind by kind,
        each sorted by id.

        Raises:
            UnknownIdError: the registry holds no such division.

        Examples:
            >>> example = sw.datasets.example()
            >>> [e.id for e in example.in_division("510107015001")]
            ['wh-c-nijiaqiao', 'v-01', 'v-02', 'p-elderly', 'need-01', 'fund-nijiaqiao']
        """
        self.divisions[code]
        index = self._cache.get("in_division")
        if index is None:
            lists: dict[str, list[Entity]] = {}
            for ref in REFERENCES:
                if ref.target != "divisions" or ref.kind == "divisions":
                    continue
                for entity in self._by_kind[ref.kind].values():
                    value = getattr(entity, ref.field)
                    for target in value if ref.many else (value,):
                        if target is not None:
                            lists.setdefault(target, []).append(entity)
            rank = {kind.cls: kind.rank for kind in KINDS.values()}
            index = {
                target: tuple(sorted(items, key=lambda e: (rank[type(e)], e.id)))
                for target, items in lists.items()
            }
            self._cache["in_division"] = index
        return index.get(code, ())  # type: ignore[no-any-return]

    # -- changes, each returning a new registry ------------------------------------

    def add(self, entities: Iterable[Entity], /) -> Registry:
        """Return a new registry with *entities* added.

        Raises:
            InvalidRegistryError: an id is already used, or a reference dangles.

        Examples:
            >>> example = sw.datasets.example()
            >>> import datetime as dt
            >>> d = sw.Donation(id="d-new", fund_id="fund-nijiaqiao", amount="50", date=dt.date(2022, 7, 1))
            >>> len(example.add([d])) - len(example)
            1
        """
        added = entities_argument(entities, "entities", _CANNOT_ADD)
        return Registry([*self.entities(), *added])

    def replace(self, entities: Iterable[Entity], /) -> Registry:
        """Return a new registry in which each of *entities* replaces the one with its id.

        Raises:
            UnknownIdError: an id is not in the registry.
            InvalidRegistryError: a reference of a new entity dangles.

        Examples:
            >>> example = sw.datasets.example()
            >>> import attrs
            >>> hub = attrs.evolve(example.stations["wh-hub"], name="总站")
            >>> example.replace([hub]).stations["wh-hub"].name
            '总站'
        """
        given = entities_argument(entities, "entities", _CANNOT_REPLACE)
        new = {entity.id: entity for entity in given}
        unknown = sorted(entity_id for entity_id in new if entity_id not in self._by_id)
        if unknown:
            msg = Message(
                "cannot replace unknown id(s) {ids}",
                "无法替换未知的 id {ids}",
                ids=Message.joined(", ", ", ", map(excerpt, unknown[:10])),
            )
            raise UnknownIdError(msg)
        return Registry(new.get(entity.id, entity) for entity in self.entities())

    def remove(self, entity_ids: Iterable[str], /) -> Registry:
        """Return a new registry without the entities with *entity_ids*.

        Raises:
            UnknownIdError: an id is not in the registry.
            InvalidRegistryError: an entity left behind refers to a removed one.

        Examples:
            >>> example = sw.datasets.example()
            >>> len(example) - len(example.remove(["d-01"]))
            1
        """
        gone = set(ids_argument(entity_ids, "entity_ids", _CANNOT_REMOVE))
        unknown = sorted(entity_id for entity_id in gone if entity_id not in self._by_id)
        if unknown:
            msg = Message(
                "cannot remove unknown id(s) {ids}",
                "无法删除未知的 id {ids}",
                ids=Message.joined(", ", ", ", map(excerpt, unknown[:10])),
            )
            raise UnknownIdError(msg)
        return Registry(entity for entity in self.entities() if entity.id not in gone)

    # -- value semantics -------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Registry):
            return NotImplemented
        return self._by_kind == other._by_kind

    def __hash__(self) -> int:
        value = self._cache.get("hash")
        if value is None:
            value = hash(frozenset(self._by_id.values()))
            self._cache["hash"] = value
        return value

    def __repr__(self) -> str:
        if not hasattr(self, "_cache"):
            return "Registry(<not built>)"
        counts = ", ".join(f"{kind}={count}" for kind, count in self.counts().items() if count)
        return f"Registry({counts})"

    def _repr_html_(self) -> str:
        counts = self.counts()
        kinds = html_table(
            "entities",
            ["kind", "中文", "count"],
            ((name, kind.zh, counts[name]) for name, kind in KINDS.items()),
            total=len(KINDS),
        )
        stations = html_table(
            "stations",
            ["id", "name", "level", "division_id", "parent_id"],
            ((s.id, s.name, s.level, s.division_id, s.parent_id) for s in self.stations.values()),
            total=counts["stations"],
        )
        return html_facts("Registry", [("entities", len(self))], kinds, stations)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Registry, (self.entities(),))

    def __setattr__(self, name: str, value: object) -> None:
        if hasattr(self, "_cache"):  # a Registry is immutable: add(), replace(), remove()
            raise attrs.exceptions.FrozenInstanceError
        object.__setattr__(self, name, value)


def iterable_argument(value: object, name: str, summary: str, /) -> Iterable[Any]:
    """Return *value* to iterate over, or refuse it: ``None``, text, bytes, a mapping, a non-iterable.

    The one check of every argument of the registry that takes many things: what it
    refuses is named by the argument's *name*, under *summary* (what could not be done).

    Raises:
        InvalidRegistryError: *value* is not a list, tuple, set or other iterable of items.

    Examples:
        >>> from socialwork.model._registry import iterable_argument
        >>> list(iterable_argument(("a", "b"), "entity_ids", "cannot remove"))
        ['a', 'b']
        >>> iterable_argument("wh-hub", "entity_ids", "cannot remove")
        Traceback (most recent call last):
        ...
        socialwork.errors.InvalidRegistryError: cannot remove (1 problem(s)):
          entity_ids: expected an iterable, got str 'wh-hub'
    """
    if not isinstance(value, str | bytes | bytearray | Mapping | Registry):
        try:
            return iter(value)  # type: ignore[call-overload, no-any-return]
        except TypeError:
            pass
    raise InvalidRegistryError(summary, [Problem(name, expected(_AN_ITERABLE, typed(value)))])


def entities_argument(value: object, name: str, summary: str, /) -> list[Entity]:
    """Return the entities *value* holds as a list, or refuse every item that is not an entity.

    Raises:
        InvalidRegistryError: *value* is not an iterable, or an item is not an entity
            (its path names the argument and the position: ``entities[2]``).
    """
    items = list(iterable_argument(value, name, summary))
    kind_of = NAME_OF_CLASS
    problems = [
        Problem(
            f"{name}[{position}]", expected(Message("a socialwork entity", "socialwork 实体"), typed(item))
        )
        for position, item in enumerate(items)
        if type(item) not in kind_of
    ]
    if problems:
        raise InvalidRegistryError(summary, problems)
    return items


def ids_argument(value: object, name: str, summary: str, /) -> list[str]:
    """Return the ids *value* holds as a list, or refuse every item that is not text.

    Raises:
        InvalidRegistryError: *value* is not an iterable, or an id is not a ``str``
            (an unhashable list among them included), each named by its position.
    """
    items = list(iterable_argument(value, name, summary))
    problems = [
        Problem(f"{name}[{position}]", expected(Message("an id (text)", "文本形式的 id"), typed(item)))
        for position, item in enumerate(items)
        if not isinstance(item, str)
    ]
    if problems:
        raise InvalidRegistryError(summary, problems)
    return items


def _expected_entity(cls: type[Entity], item: object) -> Message:
    # An entity of another kind in a kind's list: "expected a Station, got Fund".
    return expected(Message("a {cls}", "{cls} 实体", cls=cls.__name__), type(item).__name__)


def _id_of(entity: Entity) -> str:
    return entity.id


def _build_indexes(
    lists: Mapping[str, Sequence[Any]], missing: Mapping[str, AbstractSet[str]]
) -> tuple[dict[str, dict[str, Any]], dict[str, Entity], list[Problem], bool]:
    """Index entities listed by kind; report duplicate ids, dangling references, and any ``None``."""
    by_id: dict[str, Entity] = {}
    by_kind: dict[str, dict[str, Any]] = {}
    duplicated = False
    holes = False
    for kind in KINDS:
        items = lists.get(kind, [])
        index = {entity.id: entity for entity in items if entity is not None}
        holes = holes or len(index) != len(items)
        size = len(by_id)
        by_id.update(index)
        duplicated = duplicated or len(by_id) != size + len(index)
        by_kind[kind] = index
    problems: list[Problem] = []
    if duplicated or holes:
        problems.extend(_duplicate_problems(lists))
    problems.extend(_dangling(lists, by_kind, missing))
    problems.sort(key=document_order)
    return by_kind, by_id, problems, holes


_POSITION: Final = re.compile(r"(\w+)\[(\d+)\]")


def document_order(problem: Problem, /) -> tuple[int, int]:
    """Return a sort key that puts problems in the order of the entities they concern.

    Problems without a ``kind[position]`` path come first; a stable sort keeps the
    order of the problems of one entity.

    Examples:
        >>> from socialwork import Problem
        >>> from socialwork.model import document_order
        >>> found = [Problem("funds[0].manager_id", "unknown"), Problem("stations[2].name", "empty")]
        >>> [p.path for p in sorted(found, key=document_order)]
        ['stations[2].name', 'funds[0].manager_id']

    .. versionadded:: 0.2
       Public, for loaders that merge their own problems with a registry's.
    """
    path: object = getattr(problem, "path", None)
    if not isinstance(path, str):
        msg = expected(Message("a Problem", "Problem 对象"), type(problem).__name__)
        raise InvalidTypeError(msg, path="problem")
    match = _POSITION.match(path)
    if match is None:
        return (-1, 0)
    kind = KINDS.get(match[1])
    return (-1 if kind is None else kind.rank, int(match[2]))


def _duplicate_problems(lists: Mapping[str, Sequence[Any]]) -> list[Problem]:
    # Only reached when some id may be used twice, so this pass costs nothing normally.
    first: dict[str, tuple[str, int]] = {}
    problems = []
    for kind in KINDS:
        for position, entity in enumerate(lists.get(kind, [])):
            if entity is None:
                continue
            first_kind, first_position = first.setdefault(entity.id, (kind, position))
            if (first_kind, first_position) != (kind, position):
                msg = Message(
                    "duplicate id {id}, already used by {first}",
                    "重复的 id {id}，已被 {first} 使用",
                    id=excerpt(entity.id),
                    first=f"{first_kind}[{first_position}]",
                )
                problems.append(Problem(f"{kind}[{position}].{KINDS[kind].id_field}", msg))
    return problems


def _dangling(
    lists: Mapping[str, Sequence[Any]],
    by_kind: dict[str, dict[str, Any]],
    missing: Mapping[str, AbstractSet[str]],
) -> list[Problem]:
    problems: list[tuple[int, int, int, Problem]] = []
    for ref_rank, ref in enumerate(REFERENCES):
        targets = by_kind[ref.target]
        unread = missing.get(ref.target, set())
        field = ref.field
        target_kind = KINDS[ref.target]
        rank = KINDS[ref.kind].rank
        for position, entity in enumerate(lists.get(ref.kind, [])):
            if entity is None:
                continue
            value = getattr(entity, field)
            if value is None or value in unread:
                continue
            if ref.many:
                for j, item in enumerate(value):
                    if item not in targets and item not in unread:
                        problem = Problem(
                            f"{ref.kind}[{position}].{field}[{j}]", unknown_entity(target_kind, item)
                        )
                        problems.append((rank, position, ref_rank, problem))
            elif value not in targets:
                problem = Problem(f"{ref.kind}[{position}].{field}", unknown_entity(target_kind, value))
                problems.append((rank, position, ref_rank, problem))
    problems.sort(key=lambda item: item[:3])
    return [problem for *_, problem in problems]
