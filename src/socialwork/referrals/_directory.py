"""The services directory: who offers which kind of service where, nearest in the division tree first."""

from __future__ import annotations

import datetime as dt

import attrs

from socialwork.errors import InvalidTypeError, Message
from socialwork.model import DivisionCode, OrgId, ProjectId, Registry, ServiceKind, StationId
from socialwork.model.validators import check_date, check_id, instance_of, optional

__all__ = ["Provider", "division_distance", "offers", "providers"]

# The lengths of the code prefixes that name a community's street, district, city and province.
_LEVELS = (12, 9, 6, 4, 2)


def _effective(code: str) -> str:
    # The digits that name a division: a city's six end in 00, a province's in 0000.
    if len(code) == 6:
        if code.endswith("0000"):
            return code[:2]
        if code.endswith("00"):
            return code[:4]
    return code


def division_distance(a: str, b: str, /) -> int:
    """Return how many levels *a* climbs in the division tree to reach a division that holds *b*.

    Division codes nest (a community's twelve digits start with its street's nine,
    its district's six; a district's start with its city's four and its province's
    two), so the distance is read off the codes: 0 when *b* is *a* or lies within
    it, 1 for another community of the same street, 2 of the same district, 3 of
    the same city, 4 of the same province, 5 for another province.

    Examples:
        >>> from socialwork.referrals import division_distance
        >>> division_distance("420113001001", "420113001002"), division_distance("420113001001", "420113")
        (1, 2)
        >>> division_distance("420113", "420113001001"), division_distance("420113", "110101")
        (0, 5)
    """
    check_id(None, "a", a)
    check_id(None, "b", b)
    ea, eb = _effective(a), _effective(b)
    for length in _LEVELS:
        if len(ea) >= length and len(eb) >= length and ea[:length] == eb[:length]:
            return sum(1 for each in _LEVELS if length <= each < len(ea))
    return len(_LEVELS)


@attrs.frozen
class Provider:
    """Where a kind of service is offered: by which organization, through which project, for which division.

    Attributes:
        organization_id: The organization that offers it (the project's operator).
        project_id: The project that gives it.
        division_id: The division it is offered for: a community the project
            serves, or the division of a station it runs from.
        station_id: The station it runs from, if it is offered at a station.
        distance: Levels up the division tree from the community asked about (see
            :func:`division_distance`).

    .. versionadded:: 0.2
    """

    organization_id: OrgId
    project_id: ProjectId
    division_id: DivisionCode
    station_id: StationId | None
    distance: int


def _running(start: dt.date, end: dt.date | None, on: dt.date | None) -> bool:
    return on is None or (start <= on and (end is None or on <= end))


def providers(
    registry: Registry,
    service_kind: ServiceKind,
    community: str,
    /,
    *,
    on: dt.date | None = None,
    within: int | None = None,
) -> tuple[Provider, ...]:
    """Return where *service_kind* is offered for *community*, nearest in the division tree first.

    A project offers each of its service kinds for the communities it serves and at
    the divisions of the stations it runs from. Each offer is one :class:`Provider`;
    they are sorted by distance, then organization, project and division, and an
    organization's project is listed once, at its nearest.

    Args:
        registry: The registry whose projects make the directory.
        service_kind: The kind of service looked for.
        community: The code of the division asked about, usually a community.
        on: Only projects running on this day; any project by default.
        within: Only offers at most this many levels up the tree.

    Examples:
        >>> import socialwork as sw
        >>> from socialwork.referrals import providers
        >>> found = providers(sw.datasets.wuhan_school(), sw.ServiceKind.COUNSELLING, "420113")
        >>> [(p.organization_id, p.project_id, p.distance) for p in found]
        [('whs-licheng', 'whs-p-shouhu', 0), ('whs-licheng', 'whs-p-xiangban', 0)]
    """
    instance_of(Registry)(None, "registry", registry)
    instance_of(ServiceKind)(None, "service_kind", service_kind)
    check_id(None, "community", community)
    optional(check_date)(None, "on", on)
    if within is not None and (isinstance(within, bool) or not isinstance(within, int)):
        msg = Message(
            "expected a whole number or None, got {type}",
            "应为整数或 None，实为 {type}",
            type=type(within).__name__,
        )
        raise InvalidTypeError(msg, path="within")
    stations = registry.stations.view()
    best: dict[tuple[str, str], Provider] = {}
    for project in registry.projects.values():
        if service_kind not in project.service_kinds or not _running(project.start, project.end, on):
            continue
        places: list[tuple[str, str | None]] = [(code, None) for code in project.community_ids]
        places += [(stations[s].division_id, s) for s in project.station_ids if s in stations]
        for code, station_id in places:
            distance = division_distance(community, code)
            if within is not None and distance > within:
                continue
            offer = Provider(
                project.operator_id,
                project.id,
                DivisionCode(code),
                StationId(station_id) if station_id else None,
                distance,
            )
            key = (project.operator_id, project.id)
            held = best.get(key)
            if held is None or _order(offer) < _order(held):
                best[key] = offer
    return tuple(sorted(best.values(), key=_order))


def _order(p: Provider) -> tuple[int, str, str, str, str]:
    return (p.distance, p.organization_id, p.project_id, p.division_id, p.station_id or "")


def offers(
    registry: Registry, organization_id: str, service_kind: ServiceKind, /, *, on: dt.date | None = None
) -> bool:
    """Return whether *organization_id* runs a project that gives *service_kind* (on *on*, if given).

    Examples:
        >>> import socialwork as sw
        >>> from socialwork.referrals import offers
        >>> reg = sw.datasets.wuhan_school()
        >>> counselling = sw.ServiceKind.COUNSELLING
        >>> offers(reg, "whs-licheng", counselling), offers(reg, "whs-school", counselling)
        (True, False)
    """
    instance_of(Registry)(None, "registry", registry)
    instance_of(ServiceKind)(None, "service_kind", service_kind)
    if on is not None:
        check_date(None, "on", on)
    return any(
        service_kind in project.service_kinds and _running(project.start, project.end, on)
        for project in registry.referrers("projects", "operator_id", organization_id)
    )
