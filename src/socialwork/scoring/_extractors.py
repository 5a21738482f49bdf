"""Named extractors: indicator values read from a registry into numpy columns."""

from __future__ import annotations

import contextvars
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from socialwork._tables import html_facts, html_table, make_frame, short_items
from socialwork.errors import InvalidValueError, Message, SocialWorkError, UnknownIdError, reason_of
from socialwork.model import KINDS, Registry, TalentTrack
from socialwork.model.validators import check_str, check_text, instance_of, one_of
from socialwork.scoring._checks import FloatArray, raises

__all__ = ["Extraction", "Extractor", "extract", "extractors", "register_extractor"]


@attrs.frozen
class Extractor:
    """A named way to read one indicator value for every entity of a kind.

    Attributes:
        name: Its name, e.g. ``"station.supervisors"``; leaves name it in
            :attr:`Indicator.extractor`.
        kind: The kind of entity it scores, a key of :data:`socialwork.model.KINDS`.
        function: Takes a registry and returns one number per entity of *kind*,
            in the registry's order of that kind (``registry.stations``, ...).
        description: What it measures.
    """

    name: str
    kind: str
    function: Callable[[Registry], npt.ArrayLike] = attrs.field(eq=False)
    description: str = ""


@attrs.frozen(eq=False, repr=False)
class Extraction:
    """Indicator values read from a registry: one row per entity, one column per extractor.

    Attributes:
        kind: The kind of entity scored.
        entity_ids: The entities' ids, in row order.
        names: The extractors' names, in column order.
        values: The values (read-only float64 array).

    Examples:
        >>> from socialwork.scoring import extract
        >>> extract(sw.datasets.example(), ["station.practitioners"])
        Extraction(stations: 7 entities ['wh-c-jinli', 'wh-c-nijiaqiao', ... and 4 more], ...)

    .. versionchanged:: 0.2
       Its ``repr`` is short however many entities it holds; :meth:`to_frame` and
       a notebook view were added.
    """

    kind: str
    entity_ids: tuple[str, ...]
    names: tuple[str, ...]
    values: FloatArray

    def __repr__(self) -> str:
        return (
            f"Extraction({self.kind}: {len(self.entity_ids)} entities {short_items(self.entity_ids)}, "
            f"names={short_items(self.names, limit=5)})"
        )

    def _rows(self) -> Any:
        for entity, row in zip(self.entity_ids, self.values.tolist(), strict=True):
            yield (entity, *row)

    def to_frame(self) -> Any:
        """Return the values as a pandas ``DataFrame`` indexed by ``entity_id``, a column per extractor.

        The columns are named by the extractors' names and hold ``float64``. Needs pandas.

        Raises:
            MissingDependencyError: pandas is not installed.

        Examples:
            >>> import pandas  # the pandas extra: without it, the example is skipped
            >>> from socialwork.scoring import extract
            >>> frame = extract(sw.datasets.example(), ["station.practitioners"]).to_frame()
            >>> frame["station.practitioners"].to_dict()["wh-s-yulin"]
            0.0

        .. versionadded:: 0.2
        """
        columns = {"entity_id": "text", **dict.fromkeys(self.names, "float")}
        return make_frame(columns, self._rows(), purpose="Extraction.to_frame()", index="entity_id")

    def _repr_html_(self) -> str:
        facts = [("kind", self.kind), ("entities", len(self.entity_ids)), ("extractors", len(self.names))]
        header = ["entity_id", *self.names]
        return html_facts(
            "Extraction", facts, html_table("values", header, self._rows(), total=len(self.entity_ids))
        )


_REGISTERED: dict[str, Extractor] = {}
_CACHE: contextvars.ContextVar[dict[tuple[int, str], Any] | None] = contextvars.ContextVar(
    "socialwork_scoring_extract_cache", default=None
)


@raises(Message("cannot register the extractor", "无法注册提取器"))
def register_extractor(
    name: str,
    kind: str,
    function: Callable[[Registry], npt.ArrayLike],
    /,
    *,
    description: str = "",
    replace: bool = False,
) -> Extractor:
    """Register *function* as the extractor *name* for entities of *kind*.

    Args:
        name: A new name (``"kind.measure"`` by convention).
        kind: The kind of entity, a key of :data:`socialwork.model.KINDS`.
        function: Returns one number per entity of *kind*, in registry order.
        description: What it measures.
        replace: Allow replacing an extractor of the same name.

    Returns:
        The registered :class:`Extractor`.

    Raises:
        ScoringError: an unknown kind, a *function* that is not callable, an empty
            name, or a name already taken and *replace* false.

    Examples:
        >>> from socialwork.scoring import register_extractor
        >>> register_extractor("demo.station_area", "stations",
        ...     lambda reg: [float(s.area_m2 or 0) for s in reg.stations.values()],
        ...     description="floor area", replace=True).kind
        'stations'

    .. versionchanged:: 0.2
       Raises :class:`~socialwork.errors.ScoringError` where it raised ``InvalidValueError``.
    """
    check_text(None, "name", name)
    one_of(KINDS)(None, "kind", kind)
    given: object = function  # callers may pass anything
    if not callable(given):
        msg = Message(
            "expected a function of a registry, got {type} {value}",
            "应为以登记为参数的函数，实为 {type} {value}",
            type=type(function).__name__,
            value=repr(function),
        )
        raise InvalidValueError(msg, path="function")
    check_str(None, "description", description)
    instance_of(bool)(None, "replace", replace)
    if name in _REGISTERED and not replace:
        msg = Message(
            "an extractor named {name} is already registered; pass replace=True to replace it",
            "名为 {name} 的提取器已经注册；要替换它，请传入 replace=True",
            name=repr(name),
        )
        raise InvalidValueError(msg, path="name")
    extractor = Extractor(name, kind, function, description)
    _REGISTERED[name] = extractor
    return extractor


def extractors() -> dict[str, Extractor]:
    """Return the registered extractors by name, sorted by name (a copy).

    Examples:
        >>> from socialwork.scoring import extractors
        >>> extractors()["station.supervisors"].description
        'social workers posted to the station on the supervisor track (督导)'
    """
    return dict(sorted(_REGISTERED.items()))


def _cached(registry: Registry, key: str, compute: Callable[[], Any]) -> Any:
    cache = _CACHE.get()
    full = (id(registry), key)
    if cache is not None and full in cache:
        return cache[full]
    value = compute()
    if cache is not None:
        cache[full] = value
    return value


def entities_of(registry: Registry, kind: str) -> tuple[Any, ...]:
    """Return the entities of *kind* in registry order; cached while one :func:`extract` runs."""

    def compute() -> tuple[Any, ...]:
        everything: tuple[Any, ...] = _cached(registry, "entities", registry.entities)
        start = 0
        for name, count in registry.counts().items():
            if name == kind:
                return everything[start : start + count]
            start += count
        return ()  # pragma: no cover - kind is checked by the callers

    result: tuple[Any, ...] = _cached(registry, f"entities.{kind}", compute)
    return result


def positions(registry: Registry, kind: str) -> dict[str, int]:
    """Return each id of *kind* with its row; cached while one :func:`extract` runs."""

    def compute() -> dict[str, int]:
        ids: Iterable[str] = getattr(registry, kind)  # the same order as entities_of(registry, kind)
        return dict(zip(ids, itertools.count()))

    result: dict[str, int] = _cached(registry, f"positions.{kind}", compute)
    return result


@raises(Message("cannot extract the indicator values", "无法提取指标值"))
def extract(
    registry: Registry,
    names: Sequence[str],
    /,
    *,
    extractors: Mapping[str, Extractor] | None = None,
) -> Extraction:
    """Read the values of the extractors *names* for every entity of their kind.

    Args:
        registry: The registry to read.
        names: Extractor names, all for the same kind of entity.
        extractors: Extractors to use instead of the registered ones.

    Returns:
        An :class:`Extraction`, one row per entity in registry order.

    Raises:
        UnknownIdError: a name is not a known extractor.
        ScoringError: *registry* is not a :class:`~socialwork.Registry`, *names*
            not a sequence of names; the extractors score different kinds, or one
            returns the wrong number of values or non-finite ones.

    Examples:
        >>> from socialwork.scoring import extract
        >>> found = extract(sw.datasets.example(), ["station.workers", "station.supervisors"])
        >>> found.kind, found.entity_ids[4], found.values[4].tolist()
        ('stations', 'wh-hub', [1.0, 1.0])

    .. versionchanged:: 0.2
       Raises :class:`~socialwork.errors.ScoringError` where it raised ``InvalidValueError``.
    """
    instance_of(Registry)(None, "registry", registry)
    if isinstance(names, str) or not isinstance(names, Sequence):
        msg = Message(
            "expected a sequence of extractor names, got {type} {value}",
            "应为提取器名称的序列，实为 {type} {value}",
            type=type(names).__name__,
            value=repr(names),
        )
        raise InvalidValueError(msg, path="names")
    for position, name in enumerate(names):
        instance_of(str)(None, f"names[{position}]", name)
    if extractors is not None:
        instance_of(Mapping)(None, "extractors", extractors)
    table = _REGISTERED if extractors is None else extractors
    unknown = [name for name in names if name not in table]
    if unknown:
        msg = Message(
            "unknown extractor(s) {unknown}; known: {known}",
            "未知的提取器 {unknown}；已有的提取器：{known}",
            unknown=", ".join(map(repr, unknown)),
            known=", ".join(sorted(table)),
        )
        raise UnknownIdError(msg)
    chosen = [table[name] for name in names]
    for name, extractor in zip(names, chosen, strict=True):
        instance_of(Extractor)(None, f"extractors[{name!r}]", extractor)
    kinds = sorted({extractor.kind for extractor in chosen})
    if len(kinds) != 1:
        detail = Message.joined(", ", ", ", (_named_kind(e) for e in chosen))
        msg = Message(
            "expected extractors of one kind of entity, got {detail}",
            "应为同一类实体的提取器，实为 {detail}",
            detail=detail,
        )
        raise InvalidValueError(msg, path="names")
    kind = kinds[0]
    token = _CACHE.set({})
    try:
        ids = tuple(positions(registry, kind))
        matrix = np.empty((len(ids), len(chosen)))
        for j, extractor in enumerate(chosen):
            try:
                column = np.asarray(extractor.function(registry), dtype=np.float64)
            except SocialWorkError:
                raise
            except Exception as error:  # the extractor's own code: say which, and keep its traceback
                msg = Message(
                    "extractor {name} failed: {kind}: {reason}",
                    "提取器 {name} 出错：{kind}：{reason}",
                    name=repr(extractor.name),
                    kind=type(error).__name__,
                    reason=reason_of(error),
                )
                raise InvalidValueError(msg, path="names") from error
            if column.shape != (len(ids),):
                msg = Message(
                    "extractor {name} returned shape {shape}, expected ({size},)",
                    "提取器 {name} 返回的形状为 {shape}，应为 ({size},)",
                    name=repr(extractor.name),
                    shape=str(column.shape),
                    size=len(ids),
                )
                raise InvalidValueError(msg, path="names")
            if not np.isfinite(column).all():
                msg = Message(
                    "extractor {name} returned NaN or infinity",
                    "提取器 {name} 返回了 NaN 或无穷大",
                    name=repr(extractor.name),
                )
                raise InvalidValueError(msg, path="names")
            matrix[:, j] = column
    finally:
        _CACHE.reset(token)
    matrix.flags.writeable = False
    return Extraction(kind, ids, tuple(names), matrix)


def _named_kind(extractor: Extractor) -> Message:
    """An extractor's name and the kind it scores, for a message (the kind in the message's language)."""
    kind = KINDS.get(extractor.kind) if isinstance(extractor.kind, str) else None
    named: str = extractor.kind if kind is None else Message(extractor.kind, kind.zh)
    return Message("{name} ({kind})", "{name}（{kind}）", name=repr(extractor.name), kind=named)


def _count(registry: Registry, kind: str, items: Iterable[str | None]) -> FloatArray:
    where = positions(registry, kind)
    size = len(where)
    rows = [where.get(item, size) if item is not None else size for item in items]
    return np.bincount(np.asarray(rows, dtype=np.int64), minlength=size + 1)[:size].astype(np.float64)


def _total(registry: Registry, kind: str, pairs: Iterable[tuple[str | None, float]]) -> FloatArray:
    where = positions(registry, kind)
    size = len(where)
    rows: list[int] = []
    weights: list[float] = []
    for item, amount in pairs:
        rows.append(where.get(item, size) if item is not None else size)
        weights.append(amount)
    if not rows:
        return np.zeros(size)
    summed = np.bincount(np.asarray(rows, dtype=np.int64), weights=np.asarray(weights), minlength=size + 1)
    result: FloatArray = summed[:size].astype(np.float64)
    return result


def _worker_rows(registry: Registry) -> npt.NDArray[np.int64]:
    """Each social worker's station row (the number of stations when it has none)."""

    def compute() -> npt.NDArray[np.int64]:
        where = positions(registry, "stations")
        get, size = where.get, len(where)
        workers = entities_of(registry, "social_workers")
        return np.fromiter((get(w.station_id, size) for w in workers), dtype=np.int64, count=len(workers))

    result: npt.NDArray[np.int64] = _cached(registry, "worker_rows", compute)
    return result


def _per_station(registry: Registry, mask: npt.NDArray[np.bool_] | None = None) -> FloatArray:
    rows = _worker_rows(registry)
    size = len(positions(registry, "stations"))
    chosen = rows if mask is None else rows[mask]
    return np.bincount(chosen, minlength=size + 1)[:size].astype(np.float64)


_TRACK_BITS: dict[TalentTrack, int] = {track: 1 << bit for bit, track in enumerate(TalentTrack)}


def _track_codes(registry: Registry) -> npt.NDArray[np.int64]:
    """Each social worker's tracks as bits, in one pass (a frozenset caches its hash)."""

    def compute() -> npt.NDArray[np.int64]:
        keys = [w.tracks for w in entities_of(registry, "social_workers")]
        codes = {key: sum(_TRACK_BITS[track] for track in key) for key in set(keys)}
        return np.fromiter(map(codes.__getitem__, keys), dtype=np.int64, count=len(keys))

    result: npt.NDArray[np.int64] = _cached(registry, "track_codes", compute)
    return result


def _track(track: TalentTrack) -> Callable[[Registry], FloatArray]:
    def count(registry: Registry) -> FloatArray:
        return _per_station(registry, (_track_codes(registry) & _TRACK_BITS[track]) != 0)

    return count


def _certified(registry: Registry) -> FloatArray:
    workers = entities_of(registry, "social_workers")
    mask = np.fromiter((w.certification is not None for w in workers), dtype=bool, count=len(workers))
    return _per_station(registry, mask)


def _station_projects(registry: Registry, *, person_times: bool) -> FloatArray:
    pairs = (
        (station, float(p.person_times) if person_times else 1.0)
        for p in entities_of(registry, "projects")
        for station in p.station_ids
    )
    return _total(registry, "stations", pairs)


_BUILT_IN: tuple[tuple[str, str, Callable[[Registry], npt.ArrayLike], str], ...] = (
    (
        "station.workers",
        "stations",
        _per_station,
        "social workers posted to the station",
    ),
    (
        "station.practitioners",
        "stations",
        _track(TalentTrack.PRACTITIONER),
        "social workers posted to the station on the practitioner track (实务)",
    ),
    (
        "station.managers",
        "stations",
        _track(TalentTrack.MANAGER),
        "social workers posted to the station on the manager track (管理)",
    ),
    (
        "station.supervisors",
        "stations",
        _track(TalentTrack.SUPERVISOR),
        "social workers posted to the station on the supervisor track (督导)",
    ),
    (
        "station.certified_workers",
        "stations",
        _certified,
        "social workers posted to the station who hold a national qualification",
    ),
    (
        "station.children",
        "stations",
        lambda reg: _count(reg, "stations", (s.parent_id for s in entities_of(reg, "stations"))),
        "stations directly below the station (three-level linkage)",
    ),
    (
        "station.projects",
        "stations",
        lambda reg: _station_projects(reg, person_times=False),
        "projects run from the station",
    ),
    (
        "station.person_times",
        "stations",
        lambda reg: _station_projects(reg, person_times=True),
        "person-times (人次) served by the projects run from the station",
    ),
    (
        "station.area_m2",
        "stations",
        lambda reg: np.fromiter(
            (s.area_m2 or 0 for s in entities_of(reg, "stations")), dtype=np.float64, count=len(reg.stations)
        ),
        "floor area in square metres (0 when unknown)",
    ),
    (
        "project.person_times",
        "projects",
        lambda reg: [float(p.person_times) for p in entities_of(reg, "projects")],
        "person-times (人次) the project has served",
    ),
    (
        "project.budget",
        "projects",
        lambda reg: [float(p.budget or 0) for p in entities_of(reg, "projects")],
        "the project's budget in yuan (0 when unknown)",
    ),
    (
        "project.grants",
        "projects",
        lambda reg: _total(
            reg, "projects", ((g.project_id, float(g.amount)) for g in entities_of(reg, "grants"))
        ),
        "yuan granted to the project by community funds",
    ),
    (
        "project.communities",
        "projects",
        lambda reg: [float(len(p.community_ids)) for p in entities_of(reg, "projects")],
        "communities the project serves",
    ),
    (
        "organization.stations",
        "organizations",
        lambda reg: _count(reg, "organizations", (s.operator_id for s in entities_of(reg, "stations"))),
        "stations the organization runs (运营)",
    ),
    (
        "organization.projects",
        "organizations",
        lambda reg: _count(reg, "organizations", (p.operator_id for p in entities_of(reg, "projects"))),
        "projects the organization carries out",
    ),
    (
        "organization.workers",
        "organizations",
        lambda reg: _count(reg, "organizations", (w.employer_id for w in entities_of(reg, "social_workers"))),
        "social workers the organization employs",
    ),
    (
        "organization.person_times",
        "organizations",
        lambda reg: _total(
            reg,
            "organizations",
            ((p.operator_id, float(p.person_times)) for p in entities_of(reg, "projects")),
        ),
        "person-times (人次) served by the organization's projects",
    ),
    (
        "fund.raised",
        "funds",
        lambda reg: _total(
            reg, "funds", ((d.fund_id, float(d.amount)) for d in entities_of(reg, "donations"))
        ),
        "yuan raised in donations (funds raised)",
    ),
    (
        "fund.donations",
        "funds",
        lambda reg: _count(reg, "funds", (d.fund_id for d in entities_of(reg, "donations"))),
        "donations received",
    ),
    (
        "fund.granted",
        "funds",
        lambda reg: _total(reg, "funds", ((g.fund_id, float(g.amount)) for g in entities_of(reg, "grants"))),
        "yuan granted to projects",
    ),
    (
        "division.volunteers",
        "divisions",
        lambda reg: _count(reg, "divisions", (v.division_id for v in entities_of(reg, "volunteers"))),
        "community volunteers serving in the division",
    ),
    (
        "division.volunteer_hours",
        "divisions",
        lambda reg: _total(
            reg, "divisions", ((v.division_id, float(v.hours)) for v in entities_of(reg, "volunteers"))
        ),
        "hours served by the division's volunteers",
    ),
    (
        "division.needs",
        "divisions",
        lambda reg: _count(reg, "divisions", (n.division_id for n in entities_of(reg, "needs"))),
        "needs recorded for the division",
    ),
)

for _name, _kind, _function, _description in _BUILT_IN:
    register_extractor(_name, _kind, _function, description=_description)
