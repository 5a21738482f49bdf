"""Fit scores and two-way-fair preferences read from a Registry."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, Final, Literal, cast

import attrs

from socialwork._tables import Columns, html_facts, html_table, make_frame, short_items
from socialwork.errors import InvalidTypeError, MatchingInputError, Message, Problem
from socialwork.model import (
    DivisionCode,
    DivisionLevel,
    Need,
    OrgId,
    OrgKind,
    Registry,
    ServiceKind,
    TargetGroup,
)
from socialwork.model.validators import instance_of, int_between, members_of, to_frozenset

__all__ = [
    "AGENCY_KINDS",
    "FairPreferences",
    "FitWeights",
    "ProviderKind",
    "agency_capacities",
    "fair_preferences",
    "fit_from_registry",
]

AGENCY_KINDS: Final[frozenset[OrgKind]] = frozenset({OrgKind.SOCIAL_WORK_AGENCY, OrgKind.SOCIAL_ORGANIZATION})
"""The kinds of organization that take part in a two-way fair as agencies, by default.

.. versionadded:: 0.2
"""

ProviderKind = Literal["projects", "social_workers", "volunteers"]


@attrs.frozen(kw_only=True)
class FitWeights:
    """The points of the default fit; see :func:`fit_from_registry`.

    Attributes:
        community: Points when the provider serves the need's own community.
        street: Points when it serves the same street (街道) but not the community.
        district: Points when it serves the same district (区) only.
        target_group: Points when it names the need's target group among its own.
        skill: Points when a social worker with the needed skill is at hand.
        urgency: Whether to multiply the points by the need's urgency (1 to 5).

    Raises:
        InvalidTypeError: a number of points is not an ``int``, or *urgency* not a ``bool``.

    .. versionchanged:: 0.2
       The fields are checked.

    Examples:
        >>> from socialwork.matching import FitWeights
        >>> FitWeights().community, FitWeights(street=0).street
        (3, 0)
    """

    community: int = attrs.field(default=3, validator=instance_of(int))
    street: int = attrs.field(default=2, validator=instance_of(int))
    district: int = attrs.field(default=1, validator=instance_of(int))
    target_group: int = attrs.field(default=2, validator=instance_of(int))
    skill: int = attrs.field(default=1, validator=instance_of(int))
    urgency: bool = attrs.field(default=True, validator=instance_of(bool))


@attrs.frozen
class _Provider:
    id: str
    kinds: frozenset[ServiceKind]
    groups: frozenset[TargetGroup]
    places: tuple[DivisionCode, ...]
    skilled: frozenset[ServiceKind]
    org: OrgId | None


def _check_registry(registry: object) -> None:
    instance_of(Registry)(None, "registry", registry)


def _provider_kinds(providers: object) -> list[str]:
    if isinstance(providers, (str, bytes)) or not isinstance(providers, Iterable):
        msg = Message(
            "expected an iterable of provider kinds, got {type} {value}",
            "应为服务提供方类别的可迭代对象，实为 {type} {value}",
            type=type(providers).__name__,
            value=repr(providers),
        )
        raise InvalidTypeError(msg, path="providers")
    return list(providers)


def _providers(registry: Registry, kinds: Iterable[str]) -> list[_Provider]:
    stations = registry.stations
    skills_at: dict[str, set[ServiceKind]] = {}
    for worker in registry.social_workers.values():
        if worker.station_id is not None:
            skills_at.setdefault(worker.station_id, set()).update(worker.skills)
    found: list[_Provider] = []
    for kind in kinds:
        if kind == "projects":
            for project in registry.projects.values():
                places = (*project.community_ids, *(stations[s].division_id for s in project.station_ids))
                skilled = frozenset(k for s in project.station_ids for k in skills_at.get(s, ()))
                found.append(
                    _Provider(
                        project.id,
                        project.service_kinds,
                        project.target_groups,
                        places,
                        skilled,
                        project.operator_id,
                    )
                )
        elif kind == "social_workers":
            for worker in registry.social_workers.values():
                places = () if worker.station_id is None else (stations[worker.station_id].division_id,)
                found.append(
                    _Provider(
                        worker.id, worker.skills, frozenset(), places, worker.skills, worker.employer_id
                    )
                )
        elif kind == "volunteers":
            found.extend(
                _Provider(v.id, v.skills, frozenset(), (v.division_id,), frozenset(), None)
                for v in registry.volunteers.values()
            )
        else:
            summary = Message("cannot score", "无法计算适配度")
            msg = Message(
                "expected 'projects', 'social_workers' or 'volunteers', got {got}",
                "应为 'projects', 'social_workers', 'volunteers' 之一，实为 {got}",
                got=repr(kind),
            )
            raise MatchingInputError(summary, [Problem("providers", msg)])
    return found


def _proximity(registry: Registry, need: str, places: Iterable[str], weights: FitWeights) -> int | None:
    points = {
        DivisionLevel.COMMUNITY: weights.community,
        DivisionLevel.STREET: weights.street,
        DivisionLevel.DISTRICT: weights.district,
    }
    # On first use: importing socialwork.matching loads no numerical library.
    from socialwork.hierarchy import lowest_common_ancestor  # noqa: PLC0415

    best: int | None = None
    for place in places:
        # The deepest division both lie within (socialwork.hierarchy's containment); the
        # same city or province itself counts as the same district, as six equal digits did.
        shared = lowest_common_ancestor(registry, need, place)
        if shared is None:
            continue
        near = points.get(registry.divisions[shared].level, weights.district if need == place else None)
        if near is not None:
            best = near if best is None else max(best, near)
    return best


def _score(registry: Registry, need: Need, provider: _Provider, weights: FitWeights) -> int | None:
    if need.service_kind not in provider.kinds:
        return None
    near = _proximity(registry, need.division_id, provider.places, weights)
    if near is None:
        return None
    points = near
    if need.target_group in provider.groups:
        points += weights.target_group
    if need.service_kind in provider.skilled:
        points += weights.skill
    return points * need.urgency if weights.urgency else points


def fit_from_registry(
    registry: Registry,
    /,
    *,
    providers: Iterable[ProviderKind] = ("projects", "social_workers"),
    weights: FitWeights = FitWeights(),
) -> dict[tuple[str, str], int]:
    """Return the default fit of each need of *registry* to each provider in reach.

    A provider is a project, a social worker or a volunteer (choose with
    *providers*). A pair is allowed only when the provider gives the kind of
    service the need asks for (a project's ``service_kinds``, a worker's or a
    volunteer's ``skills``) and serves somewhere in the need's district. Its fit is

        (proximity + target group + skill) times urgency

    where proximity is 3 for the same community, 2 for the same street and 1 for the
    same district only (by :mod:`socialwork.hierarchy`'s containment of divisions: the
    deepest division both lie within; a project serves its ``community_ids`` and its
    stations' divisions, a worker its station's division, a volunteer its community);
    target group adds 2 when a project names the need's group; skill adds 1 when a
    social worker with the needed skill is at hand (posted at one of the project's
    stations, or the worker itself); urgency is the need's 1 to 5. Every number is a
    field of :class:`FitWeights`. Cost: linear in needs times providers of the same kind
    and district.

    Args:
        registry: The registry whose needs and providers to score.
        providers: Which kinds of entity provide services.
        weights: The points.

    Returns:
        ``(need_id, provider_id)`` → fit, for :func:`assign`'s ``fit``; pairs out
        of reach or of the wrong kind are absent.

    Raises:
        MatchingInputError: an unknown provider kind.
        InvalidTypeError: *registry* is not a :class:`~socialwork.Registry`, *providers*
            not an iterable of kinds, or *weights* not :class:`FitWeights`.

    Examples:
        >>> from socialwork.matching import fit_from_registry
        >>> fit = fit_from_registry(sw.datasets.example())
        >>> fit[("need-01", "p-elderly")]  # same community, elderly, skilled worker, urgency 4
        24
        >>> sorted(fit)
        [('need-01', 'p-elderly'), ('need-01', 'w-01'), ('need-02', 'w-02'), ('need-02', 'w-04')]
    """
    _check_registry(registry)
    kinds = _provider_kinds(providers)
    instance_of(FitWeights)(None, "weights", weights)
    # On first use: importing socialwork.matching loads no numerical library.
    from socialwork.hierarchy import ancestor_at_level  # noqa: PLC0415

    district_of = ancestor_at_level(registry, DivisionLevel.DISTRICT)
    candidates: dict[tuple[ServiceKind, str], list[_Provider]] = {}
    for provider in _providers(registry, kinds):
        districts = {district_of.get(place, place) for place in provider.places}
        for kind in provider.kinds:
            for district in districts:
                candidates.setdefault((kind, district), []).append(provider)
    fit: dict[tuple[str, str], int] = {}
    for need in registry.needs.values():
        district = district_of.get(need.division_id, need.division_id)
        for provider in candidates.get((need.service_kind, district), ()):
            score = _score(registry, need, provider, weights)
            if score is not None:
                fit[need.id, provider.id] = score
    return fit


def _frozen(value: object, name: str, *, lists: bool) -> Mapping[Any, Any]:
    """Return a read-only copy of the mapping *value* (lists as tuples), never the caller's own."""
    if not isinstance(value, Mapping):
        msg = Message("expected a mapping, got {type}", "应为映射，实为 {type}", type=type(value).__name__)
        raise InvalidTypeError(msg, path=name)
    if not lists:
        return MappingProxyType(dict(value))
    found: dict[Any, tuple[Any, ...]] = {}
    for key, ranked in value.items():
        if isinstance(ranked, (str, bytes)) or not isinstance(ranked, Iterable):
            msg = Message(
                "expected a list of ids, got {type} {value}",
                "应为 id 列表，实为 {type} {value}",
                type=type(ranked).__name__,
                value=repr(ranked),
            )
            raise InvalidTypeError(msg, path=f"{name}[{key!r}]")
        found[key] = tuple(ranked)
    return MappingProxyType(found)


def _communities(value: Mapping[str, Iterable[str]]) -> Mapping[str, tuple[str, ...]]:
    return _frozen(value, "communities", lists=True)


def _agencies(value: Mapping[str, Iterable[str]]) -> Mapping[str, tuple[str, ...]]:
    return _frozen(value, "agencies", lists=True)


def _scores(value: Mapping[tuple[str, str], int]) -> Mapping[tuple[str, str], int]:
    return _frozen(value, "scores", lists=False)


def _capacities(value: Mapping[str, int]) -> Mapping[str, int]:
    return _frozen(value, "capacities", lists=False)


def _proposer_capacities(value: Mapping[str, int]) -> Mapping[str, int]:
    return _frozen(value, "proposer_capacities", lists=False)


_FAIR_COLUMNS: Final[Columns] = {
    "community_id": "text",
    "agency_id": "text",
    "score": "int",
    "community_rank": "int",
    "agency_rank": "int?",
}


@attrs.frozen(repr=False)
class FairPreferences:
    """Both sides' lists and places for a two-way fair (双选会) read from a registry.

    The communities propose and the agencies review, so the fair is
    ``stable(fair.communities, fair.agencies, capacities=fair.capacities,
    proposer_capacities=fair.proposer_capacities)``. Every mapping is a read-only
    copy (a ``types.MappingProxyType``, lists as tuples): changing what was passed in
    changes nothing here, and the value is hashable.

    Attributes:
        communities: Each community's agencies, best first.
        agencies: Each agency's communities, best first.
        scores: ``(community, agency)`` → the score both sides ranked by.
        capacities: Each agency's places: how many communities it can serve
            (see :func:`agency_capacities`).
        proposer_capacities: Each community's places: how many agencies it takes.

    .. versionchanged:: 0.2
       The mappings are read-only copies, and the value is hashable; the places
       :attr:`capacities` and :attr:`proposer_capacities` are new.

    Examples:
        >>> from socialwork.matching import fair_preferences
        >>> fair = fair_preferences(sw.datasets.example())
        >>> dict(fair.communities)
        {'510107015001': ('org-agency',), '510107016002': ('org-agency',)}
        >>> dict(fair.capacities), dict(fair.proposer_capacities)
        ({'org-agency': 4}, {'510107015001': 1, '510107016002': 1})
        >>> fair
        FairPreferences(2 communities, 1 agencies, 2 acceptable pair(s), 4 agency place(s))

    .. versionchanged:: 0.2
       Its ``repr`` is short however many communities and agencies it holds;
       :meth:`to_frame` and a notebook view were added.
    """

    communities: Mapping[DivisionCode, tuple[OrgId, ...]] = attrs.field(converter=_communities)
    agencies: Mapping[OrgId, tuple[DivisionCode, ...]] = attrs.field(converter=_agencies)
    scores: Mapping[tuple[DivisionCode, OrgId], int] = attrs.field(converter=_scores)
    capacities: Mapping[OrgId, int] = attrs.field(kw_only=True, converter=_capacities)
    proposer_capacities: Mapping[DivisionCode, int] = attrs.field(
        kw_only=True, converter=_proposer_capacities
    )

    def __hash__(self) -> int:
        return hash(
            (
                frozenset(self.communities.items()),
                frozenset(self.agencies.items()),
                frozenset(self.scores.items()),
                frozenset(self.capacities.items()),
                frozenset(self.proposer_capacities.items()),
            )
        )

    def __repr__(self) -> str:
        return (
            f"FairPreferences({len(self.communities)} communities, {len(self.agencies)} agencies, "
            f"{len(self.scores)} acceptable pair(s), {sum(self.capacities.values())} agency place(s))"
        )

    def _rows(self) -> list[tuple[Any, ...]]:
        places = {(a, c): rank for a, listed in self.agencies.items() for rank, c in enumerate(listed, 1)}
        return [
            (
                community,
                agency,
                self.scores.get((community, agency), 0),
                rank,
                places.get((agency, community)),
            )
            for community, listed in sorted(self.communities.items())
            for rank, agency in enumerate(listed, 1)
        ]

    def to_frame(self) -> Any:
        """Return every community's list as a pandas ``DataFrame``, one row an acceptable pair (needs pandas).

        Columns: ``community_id``, ``agency_id``, ``score`` (the fit both sides
        ranked by), ``community_rank`` (1 for the community's first choice) and
        ``agency_rank`` (the community's place on the agency's list; missing if it
        is not listed). Rows by community, then by the community's order.

        Raises:
            MissingDependencyError: pandas is not installed.

        Examples:
            >>> import pandas  # the pandas extra: without it, the example is skipped
            >>> from socialwork.matching import fair_preferences
            >>> frame = fair_preferences(sw.datasets.example()).to_frame()
            >>> frame[["community_id", "agency_id", "agency_rank"]]
               community_id   agency_id  agency_rank
            0  510107015001  org-agency            1
            1  510107016002  org-agency            2

        .. versionadded:: 0.2
        """
        return make_frame(_FAIR_COLUMNS, self._rows(), purpose="FairPreferences.to_frame()")

    def _repr_html_(self) -> str:
        facts = [
            ("communities", len(self.communities)),
            ("agencies", len(self.agencies)),
            ("acceptable pairs", len(self.scores)),
            ("agency places", sum(self.capacities.values())),
            ("agencies", short_items(sorted(self.agencies))),
        ]
        rows = self._rows()
        return html_facts(
            "FairPreferences", facts, html_table("lists", list(_FAIR_COLUMNS), rows, total=len(rows))
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild_fair,
            (
                dict(self.communities),
                dict(self.agencies),
                dict(self.scores),
                dict(self.capacities),
                dict(self.proposer_capacities),
            ),
        )


def _rebuild_fair(
    communities: dict[str, tuple[str, ...]],
    agencies: dict[str, tuple[str, ...]],
    scores: dict[tuple[str, str], int],
    capacities: dict[str, int],
    proposer_capacities: dict[str, int],
) -> FairPreferences:
    return FairPreferences(
        communities, agencies, scores, capacities=capacities, proposer_capacities=proposer_capacities
    )


def _agency_kinds(agency_kinds: object) -> frozenset[OrgKind]:
    kinds: frozenset[OrgKind] = to_frozenset(cast("Iterable[OrgKind]", agency_kinds))
    members_of(OrgKind)(None, "agency_kinds", kinds)
    return kinds


def agency_capacities(
    registry: Registry,
    /,
    *,
    per_worker: int = 1,
    agency_kinds: Iterable[OrgKind] = AGENCY_KINDS,
) -> dict[OrgId, int]:
    """Return how many communities each agency of *registry* can serve: *per_worker* per social worker.

    An agency's places at a two-way fair are the social workers it employs
    (every :class:`~socialwork.SocialWorker` whose ``employer_id`` is the agency,
    whatever their track or posting) times *per_worker*. This is the figure a
    civil-affairs office has at hand: the registry records whom an agency employs,
    not its caseloads, and a service contract is staffed by the agency's own
    social workers. The default of one community per worker follows the staffing
    norm of at least one social worker for each community served (the seeds' "one
    community room, one social worker"); pass the real caseload, e.g.
    ``per_worker=2``, where a worker covers several communities. An agency that
    employs no one gets 0: it cannot staff a contract, and
    :func:`fair_preferences` leaves it out of the fair.

    .. versionadded:: 0.2

    Args:
        registry: The registry.
        per_worker: Communities one social worker can serve, at least 1.
        agency_kinds: The kinds of organization that are agencies.

    Returns:
        Agency id → places, for every agency of those kinds, sorted by id.

    Raises:
        InvalidTypeError: *registry* is not a :class:`~socialwork.Registry`,
            *per_worker* not an ``int``, or *agency_kinds* not a set of :class:`~socialwork.OrgKind`.
        InvalidValueError: *per_worker* is below 1.

    Examples:
        >>> from socialwork.matching import agency_capacities
        >>> registry = sw.datasets.example()  # org-agency employs w-01 to w-04
        >>> agency_capacities(registry), agency_capacities(registry, per_worker=2)
        ({'org-agency': 4}, {'org-agency': 8})
    """
    _check_registry(registry)
    int_between(1)(None, "per_worker", per_worker)
    kinds = _agency_kinds(agency_kinds)
    employed = registry.referrer_index("social_workers", "employer_id")
    return {
        org.id: per_worker * len(employed.get(org.id, ()))
        for org in sorted(registry.organizations.values(), key=lambda org: org.id)
        if org.kind in kinds
    }


def fair_preferences(
    registry: Registry,
    /,
    *,
    agency_kinds: Iterable[OrgKind] = AGENCY_KINDS,
    weights: FitWeights = FitWeights(),
    per_worker: int = 1,
    per_community: int = 1,
) -> FairPreferences:
    """Return preference lists and places for a two-way fair between communities and agencies.

    The score of a community and an agency is, over the community's needs, the
    sum of persons times the best :func:`fit_from_registry` fit of any of the agency's
    projects (by ``operator_id``) or social workers (by ``employer_id``). Each
    community ranks the agencies with a positive score, highest first, and each
    agency the communities; ties are broken by id. Each agency has the places of
    :func:`agency_capacities` (an agency that employs no social worker takes no
    part), and each community *per_community* places. Pass it all to
    :func:`stable` for the many-to-many fair.

    .. versionchanged:: 0.2
       The places are read from the registry too (*per_worker*, *per_community*);
       agencies that employ no social worker are left out.

    Args:
        registry: The registry.
        agency_kinds: The kinds of organization that take part as agencies.
        weights: The points of the fit.
        per_worker: Communities one of an agency's social workers can serve.
        per_community: Agencies one community takes, at least 1.

    Returns:
        Both sides' lists, the scores and both sides' places.

    Raises:
        InvalidTypeError: an argument is of the wrong type (the error names it).
        InvalidValueError: *per_worker* or *per_community* is below 1.

    Examples:
        >>> from socialwork.matching import fair_preferences, is_stable, stable
        >>> fair = fair_preferences(sw.datasets.example())
        >>> m = stable(fair.communities, fair.agencies, capacities=fair.capacities,
        ...            proposer_capacities=fair.proposer_capacities)
        >>> sorted(m.pairs), is_stable(m)
        ([('510107015001', 'org-agency'), ('510107016002', 'org-agency')], True)
    """
    _check_registry(registry)
    kinds = _agency_kinds(agency_kinds)
    instance_of(FitWeights)(None, "weights", weights)
    int_between(1)(None, "per_community", per_community)
    places = agency_capacities(registry, per_worker=per_worker, agency_kinds=kinds)
    agencies = {agency for agency, n in places.items() if n > 0}
    owner: dict[str, str | None] = {p.id: p.operator_id for p in registry.projects.values()}
    owner.update((w.id, w.employer_id) for w in registry.social_workers.values() if w.employer_id is not None)
    needs = registry.needs
    best: dict[tuple[str, str, str], int] = {}
    for (need_id, provider_id), value in fit_from_registry(registry, weights=weights).items():
        agency = owner.get(provider_id)
        if agency in agencies:
            key = (need_id, needs[need_id].division_id, agency)
            best[key] = max(best.get(key, 0), value)
    scores: dict[tuple[str, str], int] = {}
    for (need_id, community, agency), value in best.items():
        scores[community, agency] = scores.get((community, agency), 0) + value * needs[need_id].persons
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    communities: dict[str, list[str]] = {}
    agency_lists: dict[str, list[str]] = {a: [] for a in sorted(agencies)}
    for (community, agency), value in ranked:
        if value > 0:
            communities.setdefault(community, []).append(agency)
    for (community, agency), value in sorted(
        scores.items(), key=lambda item: (-item[1], item[0][1], item[0][0])
    ):
        if value > 0:
            agency_lists[agency].append(community)
    return FairPreferences(
        {c: tuple(a) for c, a in sorted(communities.items())},
        {a: tuple(c) for a, c in agency_lists.items()},
        dict(sorted(scores.items())),
        capacities={a: places[OrgId(a)] for a in agency_lists},
        proposer_capacities=dict.fromkeys(sorted(communities), per_community),
    )
