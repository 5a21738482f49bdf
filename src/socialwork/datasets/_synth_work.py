"""The work of a synthetic registry: projects (per street) and the needs they answer (per community).

Each drawer is made once per registry; the walk over the tree
(:func:`socialwork.datasets._synth_tree.walk`) calls the street's at each street,
which keeps its own running number, and the community's at each community that gets
something, with the numbers to draw. So their draws come in their place in the one
random stream.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any, Final

from socialwork.datasets._synth_common import (
    DATES,
    SERVICES,
    SKILL_SETS,
    CommunityDrawer,
    Draw,
    Street,
    constructor,
)
from socialwork.model import Need, Project, TargetGroup, from_fen

__all__ = ["need_drawer", "project_drawer"]

_PROJECT_STEMS: Final = (
    "守护明天", "相伴成长", "邻里守望", "银龄关爱", "阳光助残", "护苗行动", "幸福家园", "温暖同行",
    "心灵驿站", "社区融入", "青春护航", "夕阳红",
)  # fmt: skip
_GROUPS: Final = tuple(TargetGroup)
_GROUP_SETS: Final = tuple(
    frozenset((a, b)) if a is not b else frozenset((a,)) for a in _GROUPS for b in _GROUPS
)
# The same sets without minors, drawn for a project whose stations have no practitioner
# (a project serving minors needs one, rule SW-P003): the draw is the same either way.
_ADULT_GROUP_SETS: Final = tuple(
    (s - {TargetGroup.MINORS}) or frozenset((TargetGroup.FAMILIES,)) for s in _GROUP_SETS
)


def project_drawer(
    rate: Fraction, rnd: Draw, projects: list[Any], /, *, checked: bool
) -> Callable[[Street, set[str]], list[Any]]:
    """Return the drawer of a street's projects, *rate* to a street on average, into *projects*.

    The drawer is called with the street and the ids of its stations that have a
    practitioner posted, and returns the street's projects. A project is run by the
    street's agencies in turn from its station and the rooms of the one to three
    communities it serves, and serves minors only where a practitioner is posted to
    one of its stations. *checked* as in
    :func:`~socialwork.datasets._synth_common.constructor`.

    Examples:
        >>> import random
        >>> from fractions import Fraction
        >>> from socialwork.datasets._synth_common import Street
        >>> from socialwork.datasets._synth_work import project_drawer
        >>> from socialwork.model import TargetGroup
        >>> street = Street(0, "110101001", "第1街道", "第1区", "fed110101", "s110101001",
        ...                 ["a110101001"], ["110101001001"], ["r110101001001"])
        >>> projects = []
        >>> draw = project_drawer(Fraction(1), random.Random(0).random, projects, checked=True)
        >>> [(p.id, p.station_ids, p.community_ids) for p in draw(street, set())]
        [('p1', ('s110101001', 'r110101001001'), ('110101001001',))]
        >>> TargetGroup.MINORS in projects[0].target_groups
        False
    """
    new_project = constructor(Project, checked=checked)
    n_skills, n_groups, n_stems = len(SKILL_SETS), len(_GROUP_SETS), len(_PROJECT_STEMS)
    p, q = rate.numerator, rate.denominator  # read once: a Fraction's are properties
    project_no = 0

    def draw(street: Street, practiced: set[str]) -> list[Any]:
        nonlocal project_no
        station, rooms, communities, agencies = (
            street.station,
            street.rooms,
            street.communities,
            street.agencies,
        )
        n_communities, n_agencies = len(communities), len(agencies)
        street_projects: list[Any] = []
        unit = street.number
        for k in range(((unit + 1) * p) // q - (unit * p) // q):  # share(rate, unit), inline
            project_no += 1
            first = k % n_communities
            served = [first]
            for _ in range(int(rnd() * 3)):
                other = int(rnd() * n_communities)
                if other not in served:
                    served.append(other)
            station_ids = (station, *(rooms[c] for c in served))
            start = int(rnd() * 1461)
            budget = 50_000 + 1000 * int(rnd() * 251)
            project = new_project(
                id=f"p{project_no}",
                name=f"{street.district_name}{street.name}{_PROJECT_STEMS[int(rnd() * n_stems)]}",
                operator_id=agencies[k % n_agencies],
                start=DATES[start],
                end=DATES[start + (364 if rnd() < 0.5 else 729)],
                station_ids=station_ids,
                community_ids=tuple(communities[c] for c in served),
                service_kinds=SKILL_SETS[int(rnd() * n_skills)],
                target_groups=(_GROUP_SETS if practiced.intersection(station_ids) else _ADULT_GROUP_SETS)[
                    int(rnd() * n_groups)
                ],
                budget=from_fen(100 * budget),
                person_times=int(rnd() * 5001),
            )
            street_projects.append(project)
        projects.extend(street_projects)
        return street_projects

    return draw


def need_drawer(rate: Fraction, rnd: Draw, needs: list[Any], /, *, checked: bool) -> CommunityDrawer:
    """Return the drawer of communities' needs, *rate* to a community on average, into *needs*.

    A need is a service kind for a target group of a community, with how many
    persons and how urgent. *checked* as in
    :func:`~socialwork.datasets._synth_common.constructor`.

    Examples:
        >>> import random
        >>> from fractions import Fraction
        >>> from socialwork.datasets._synth_work import need_drawer
        >>> needs = []
        >>> drawer = need_drawer(Fraction(3, 2), random.Random(0).random, needs, checked=True)
        >>> drawer.draw("110101001001", 0, 1)
        >>> drawer.draw("110101001002", 1, 3)
        >>> [(n.id, n.division_id) for n in needs]
        [('n1', '110101001001'), ('n2', '110101001002'), ('n3', '110101001002')]
    """
    new_need = constructor(Need, checked=checked)
    append = needs.append
    services, groups = SERVICES, _GROUPS
    n_services, n_groups = len(SERVICES), len(_GROUPS)

    def draw(community: str, done: int, due: int) -> None:
        while done < due:  # a while loop: most calls draw one, and a range costs more
            done += 1
            append(
                new_need(
                    id=f"n{done}",
                    division_id=community,
                    service_kind=services[int(rnd() * n_services)],
                    target_group=groups[int(rnd() * n_groups)],
                    persons=1 + int(rnd() * 200),
                    urgency=1 + int(rnd() * 5),
                )
            )

    return CommunityDrawer(rate, draw)
