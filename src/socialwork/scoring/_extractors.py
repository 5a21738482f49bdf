"""Named extractors: indicator values read from a registry into numpy columns."""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from socialwork.errors import InvalidValueError, UnknownIdError
from socialwork.model import KINDS, Registry, TalentTrack
from socialwork.scoring._checks import FloatArray

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


@attrs.frozen(eq=False)
class Extraction:
    """Indicator values read from a registry: one row per entity, one column per extractor.

    Attributes:
        kind: The kind of entity scored.
        entity_ids: The entities' ids, in row order.
        names: The extractors' names, in column order.
        values: The values (read-only float64 array).
    """

    kind: str
    entity_ids: tuple[str, ...]
    names: tuple[str, ...]
    values: FloatArray


_REGISTERED: dict[str, Extractor] = {}
_POSITIONS: contextvars.ContextVar[dict[tuple[int, str], dict[str, int]] | None] = contextvars.ContextVar(
    "socialwork_scoring_positions", default=None
)


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
        InvalidValueError: an unknown kind, or a name already taken and *replace* false.

    Examples:
        >>> register_extractor("demo.station_area", "stations",
        ...     lambda reg: [float(s.area_m2 or 0) for s in reg.stations.values()],
        ...     description="floor area", replace=True).kind
        'stations'
    """
    if kind not in KINDS:
        msg = f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}"
        raise InvalidValueError(msg, field="kind")
    if name in _REGISTERED and not replace:
        msg = f"an extractor named {name!r} is already registered; pass replace=True to replace it"
        raise InvalidValueError(msg, field="name")
    extractor = Extractor(name, kind, function, description)
    _REGISTERED[name] = extractor
    return extractor


def extractors() -> dict[str, Extractor]:
    """Return the registered extractors by name, sorted by name (a copy).

    Examples:
        >>> extractors()["station.supervisors"].description
        'social workers posted to the station on the supervisor track (督导)'
    """
    return dict(sorted(_REGISTERED.items()))


def positions(registry: Registry, kind: str) -> dict[str, int]:
    """Return each id of *kind* with its row; cached while one :func:`extract` runs."""
    cache = _POSITIONS.get()
    key = (id(registry), kind)
    if cache is not None and key in cache:
        return cache[key]
    index: Mapping[str, Any] = getattr(registry, kind)
    found = {entity_id: row for row, entity_id in enumerate(index)}
    if cache is not None:
        cache[key] = found
    return found


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
        InvalidValueError: the extractors score different kinds, or one returns
            the wrong number of values or non-finite ones.

    Examples:
        >>> found = extract(example, ["station.workers", "station.supervisors"])
        >>> found.kind, found.entity_ids[4], found.values[4].tolist()
        ('stations', 'wh-hub', [1.0, 1.0])
    """
    table = _REGISTERED if extractors is None else extractors
    unknown = [name for name in names if name not in table]
    if unknown:
        msg = f"unknown extractor(s) {', '.join(map(repr, unknown))}; known: {', '.join(sorted(table))}"
        raise UnknownIdError(msg)
    chosen = [table[name] for name in names]
    kinds = sorted({extractor.kind for extractor in chosen})
    if len(kinds) != 1:
        detail = ", ".join(f"{e.name!r} ({e.kind})" for e in chosen)
        msg = f"expected extractors of one kind of entity, got {detail}"
        raise InvalidValueError(msg, field="names")
    kind = kinds[0]
    ids = tuple(getattr(registry, kind))
    matrix = np.empty((len(ids), len(chosen)))
    token = _POSITIONS.set({})
    try:
        for j, extractor in enumerate(chosen):
            column = np.asarray(extractor.function(registry), dtype=np.float64)
            if column.shape != (len(ids),):
                msg = f"extractor {extractor.name!r} returned shape {column.shape}, expected ({len(ids)},)"
                raise InvalidValueError(msg, field="names")
            if not np.isfinite(column).all():
                msg = f"extractor {extractor.name!r} returned NaN or infinity"
                raise InvalidValueError(msg, field="names")
            matrix[:, j] = column
    finally:
        _POSITIONS.reset(token)
    matrix.flags.writeable = False
    return Extraction(kind, ids, tuple(names), matrix)


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


def _track(track: TalentTrack) -> Callable[[Registry], FloatArray]:
    def count(registry: Registry) -> FloatArray:
        return _count(
            registry,
            "stations",
            (w.station_id for w in registry.social_workers.values() if track in w.tracks),
        )

    return count


def _station_projects(registry: Registry, *, person_times: bool) -> FloatArray:
    pairs = (
        (station, float(p.person_times) if person_times else 1.0)
        for p in registry.projects.values()
        for station in p.station_ids
    )
    return _total(registry, "stations", pairs)


_BUILT_IN: tuple[tuple[str, str, Callable[[Registry], npt.ArrayLike], str], ...] = (
    (
        "station.workers",
        "stations",
        lambda reg: _count(reg, "stations", (w.station_id for w in reg.social_workers.values())),
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
        lambda reg: _count(
            reg,
            "stations",
            (w.station_id for w in reg.social_workers.values() if w.certification is not None),
        ),
        "social workers posted to the station who hold a national qualification",
    ),
    (
        "station.children",
        "stations",
        lambda reg: _count(reg, "stations", (s.parent_id for s in reg.stations.values())),
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
        lambda reg: [float(s.area_m2 or 0) for s in reg.stations.values()],
        "floor area in square metres (0 when unknown)",
    ),
    (
        "project.person_times",
        "projects",
        lambda reg: [float(p.person_times) for p in reg.projects.values()],
        "person-times (人次) the project has served",
    ),
    (
        "project.budget",
        "projects",
        lambda reg: [float(p.budget or 0) for p in reg.projects.values()],
        "the project's budget in yuan (0 when unknown)",
    ),
    (
        "project.grants",
        "projects",
        lambda reg: _total(reg, "projects", ((g.project_id, float(g.amount)) for g in reg.grants.values())),
        "yuan granted to the project by community funds",
    ),
    (
        "project.communities",
        "projects",
        lambda reg: [float(len(p.community_ids)) for p in reg.projects.values()],
        "communities the project serves",
    ),
    (
        "organization.stations",
        "organizations",
        lambda reg: _count(reg, "organizations", (s.operator_id for s in reg.stations.values())),
        "stations the organization runs (运营)",
    ),
    (
        "organization.projects",
        "organizations",
        lambda reg: _count(reg, "organizations", (p.operator_id for p in reg.projects.values())),
        "projects the organization carries out",
    ),
    (
        "organization.workers",
        "organizations",
        lambda reg: _count(reg, "organizations", (w.employer_id for w in reg.social_workers.values())),
        "social workers the organization employs",
    ),
    (
        "organization.person_times",
        "organizations",
        lambda reg: _total(
            reg, "organizations", ((p.operator_id, float(p.person_times)) for p in reg.projects.values())
        ),
        "person-times (人次) served by the organization's projects",
    ),
    (
        "fund.raised",
        "funds",
        lambda reg: _total(reg, "funds", ((d.fund_id, float(d.amount)) for d in reg.donations.values())),
        "yuan raised in donations (funds raised)",
    ),
    (
        "fund.donations",
        "funds",
        lambda reg: _count(reg, "funds", (d.fund_id for d in reg.donations.values())),
        "donations received",
    ),
    (
        "fund.granted",
        "funds",
        lambda reg: _total(reg, "funds", ((g.fund_id, float(g.amount)) for g in reg.grants.values())),
        "yuan granted to projects",
    ),
    (
        "division.volunteers",
        "divisions",
        lambda reg: _count(reg, "divisions", (v.division_id for v in reg.volunteers.values())),
        "community volunteers serving in the division",
    ),
    (
        "division.volunteer_hours",
        "divisions",
        lambda reg: _total(
            reg, "divisions", ((v.division_id, float(v.hours)) for v in reg.volunteers.values())
        ),
        "hours served by the division's volunteers",
    ),
    (
        "division.needs",
        "divisions",
        lambda reg: _count(reg, "divisions", (n.division_id for n in reg.needs.values())),
        "needs recorded for the division",
    ),
)

for _name, _kind, _function, _description in _BUILT_IN:
    register_extractor(_name, _kind, _function, description=_description)
