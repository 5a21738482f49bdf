"""Fit scores and two-way-fair preferences read from a Registry."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import attrs

from socialwork.errors import MatchingInputError, Problem
from socialwork.hierarchy import lowest_common_ancestor
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

__all__ = ["FairPreferences", "FitWeights", "ProviderKind", "fair_preferences", "fit_from_registry"]

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

    Examples:
        >>> FitWeights().community, FitWeights(street=0).street
        (3, 0)
    """

    community: int = 3
    street: int = 2
    district: int = 1
    target_group: int = 2
    skill: int = 1
    urgency: bool = True


@attrs.frozen
class _Provider:
    id: str
    kinds: frozenset[ServiceKind]
    groups: frozenset[TargetGroup]
    places: tuple[DivisionCode, ...]
    skilled: frozenset[ServiceKind]
    org: OrgId | None


def _providers(registry: Registry, kinds: Iterable[ProviderKind]) -> list[_Provider]:
    stations = registry.stations
    skills_at: dict[str, set[ServiceKind]] = {}
    for worker in registry.social_workers.values():
        if worker.station_id is not None:
            skills_at.setdefault(worker.station_id, set()).update(worker.skills)
    found: list[_Provider] = []
    for kind_name in kinds:
        kind: str = kind_name
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
            summary = "cannot score"
            msg = f"expected 'projects', 'social_workers' or 'volunteers', got {kind!r}"
            raise MatchingInputError(summary, [Problem("providers", msg)])
    return found


def _proximity(registry: Registry, need: str, places: Iterable[str], weights: FitWeights) -> int | None:
    points = {
        DivisionLevel.COMMUNITY: weights.community,
        DivisionLevel.STREET: weights.street,
        DivisionLevel.DISTRICT: weights.district,
    }
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

    where proximity is 3 for the same community, 2 for the same street and 1 for
    the same district only (compared by division code: the first 12, 9 or 6
    digits; a project serves its ``community_ids`` and its stations' divisions, a
    worker its station's division, a volunteer its community); target group adds 2
    when a project names the need's group; skill adds 1 when a social worker with
    the needed skill is at hand (posted at one of the project's stations, or the
    worker itself); urgency is the need's 1 to 5. Every number is a field of
    :class:`FitWeights`. Cost: linear in needs times providers of the same kind and district.

    Args:
        registry: The registry whose needs and providers to score.
        providers: Which kinds of entity provide services.
        weights: The points.

    Returns:
        ``(need_id, provider_id)`` → fit, for :func:`assign`'s ``fit``; pairs out
        of reach or of the wrong kind are absent.

    Raises:
        MatchingInputError: an unknown provider kind.

    Examples:
        >>> fit = fit_from_registry(example)
        >>> fit[("need-01", "p-elderly")]  # same community, elderly, skilled worker, urgency 4
        24
        >>> sorted(fit)
        [('need-01', 'p-elderly'), ('need-01', 'w-01'), ('need-02', 'w-02'), ('need-02', 'w-04')]
    """
    candidates: dict[tuple[ServiceKind, str], list[_Provider]] = {}
    for provider in _providers(registry, providers):
        districts = {place[:6] for place in provider.places}
        for kind in provider.kinds:
            for district in districts:
                candidates.setdefault((kind, district), []).append(provider)
    fit: dict[tuple[str, str], int] = {}
    for need in registry.needs.values():
        for provider in candidates.get((need.service_kind, need.division_id[:6]), ()):
            score = _score(registry, need, provider, weights)
            if score is not None:
                fit[need.id, provider.id] = score
    return fit


@attrs.frozen
class FairPreferences:
    """Both sides' lists for a two-way fair (双选会) read from a registry.

    Attributes:
        communities: Each community's agencies, best first.
        agencies: Each agency's communities, best first.
        scores: ``(community, agency)`` → the score both sides ranked by.

    Examples:
        >>> fair_preferences(example).communities
        {'510107015001': ('org-agency',), '510107016002': ('org-agency',)}
    """

    communities: dict[str, tuple[str, ...]]
    agencies: dict[str, tuple[str, ...]]
    scores: dict[tuple[str, str], int]


def fair_preferences(
    registry: Registry,
    /,
    *,
    agency_kinds: Iterable[OrgKind] = (OrgKind.SOCIAL_WORK_AGENCY, OrgKind.SOCIAL_ORGANIZATION),
    weights: FitWeights = FitWeights(),
) -> FairPreferences:
    """Return preference lists for a two-way fair between communities and agencies.

    The score of a community and an agency is, over the community's needs, the
    sum of persons times the best :func:`fit_from_registry` fit of any of the agency's
    projects (by ``operator_id``) or social workers (by ``employer_id``). Each
    community ranks the agencies with a positive score, highest first, and each
    agency the communities; ties are broken by id. Pass the two lists to
    :func:`stable` with both capacities for the many-to-many fair.

    Args:
        registry: The registry.
        agency_kinds: The kinds of organization that take part as agencies.
        weights: The points of the fit.

    Returns:
        Both sides' lists and the scores.

    Examples:
        >>> from socialwork.matching import stable
        >>> fair = fair_preferences(example)
        >>> m = stable(fair.communities, fair.agencies, capacities={"org-agency": 2},
        ...            proposer_capacities=dict.fromkeys(fair.communities, 1))
        >>> sorted(m.pairs)
        [('510107015001', 'org-agency'), ('510107016002', 'org-agency')]
    """
    kinds = frozenset(agency_kinds)
    agencies = {o.id for o in registry.organizations.values() if o.kind in kinds}
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
    )
