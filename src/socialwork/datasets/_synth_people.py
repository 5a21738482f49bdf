"""The people of a synthetic registry: social workers (per street) and volunteers (per community).

Each drawer is made once per registry; the walk over the tree
(:func:`socialwork.datasets._synth_tree.walk`) calls the street's at each street,
which keeps its own running number, and the community's at each community that gets
something, with the numbers to draw. So their draws come in their place in the one
random stream.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

from socialwork.datasets._synth_common import (
    SERVICES,
    SKILL_SETS,
    CommunityDrawer,
    Draw,
    Street,
    constructor,
)
from socialwork.model import Certification, SocialWorker, TalentTrack, Volunteer

__all__ = ["volunteer_drawer", "worker_drawer"]

_SURNAMES: Final = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
_TRACKS: Final = (TalentTrack.PRACTITIONER, TalentTrack.MANAGER, TalentTrack.SUPERVISOR)
_TRACK_SETS: Final = tuple(frozenset((track,)) for track in _TRACKS)
_CERTIFICATIONS: Final = (None, Certification.ASSISTANT, Certification.INTERMEDIATE, Certification.SENIOR)
_VOLUNTEER_SKILLS: Final = (frozenset(), *(frozenset((s,)) for s in SERVICES))
_HOURS: Final = tuple(Decimal(half) / 2 for half in range(401))


def worker_drawer(
    rate: Fraction, rnd: Draw, workers: list[Any], /, *, checked: bool
) -> Callable[[Street], set[str]]:
    """Return the drawer of a street's social workers, *rate* to a street on average, into *workers*.

    The drawer returns the ids of the street's stations that got a practitioner
    (a project serving minors needs one, rule SW-P003). Workers are employed by the
    street's agencies in turn and posted to its station (the first two, the staffing
    rule's minimum) and then to its rooms in turn; their talent tracks take turns
    across the registry, and supervisors hold the senior qualification. *checked* as
    in :func:`~socialwork.datasets._synth_common.constructor`.

    Examples:
        >>> import random
        >>> from fractions import Fraction
        >>> from socialwork.datasets._synth_common import Street
        >>> from socialwork.datasets._synth_people import worker_drawer
        >>> street = Street(0, "110101001", "第1街道", "第1区", "fed110101", "s110101001",
        ...                 ["a110101001"], ["110101001001"], ["r110101001001"])
        >>> workers = []
        >>> draw = worker_drawer(Fraction(3), random.Random(0).random, workers, checked=True)
        >>> sorted(draw(street))
        ['s110101001']
        >>> [(w.id, w.station_id, sorted(w.tracks)) for w in workers]  # doctest: +NORMALIZE_WHITESPACE
        [('w1', 's110101001', [<TalentTrack.PRACTITIONER: 'practitioner'>]),
         ('w2', 's110101001', [<TalentTrack.MANAGER: 'manager'>]),
         ('w3', 'r110101001001', [<TalentTrack.SUPERVISOR: 'supervisor'>])]
    """
    new_social_worker = constructor(SocialWorker, checked=checked)
    append = workers.append
    n_skills, n_surnames = len(SKILL_SETS), len(_SURNAMES)
    p, q = rate.numerator, rate.denominator  # read once: a Fraction's are properties
    worker_no = 0

    def draw(street: Street) -> set[str]:
        nonlocal worker_no
        station, rooms, agencies = street.station, street.rooms, street.agencies
        n_rooms, n_agencies = len(rooms), len(agencies)
        practiced: set[str] = set()  # the stations of this street with a practitioner posted
        unit = street.number
        for k in range(((unit + 1) * p) // q - (unit * p) // q):  # share(rate, unit), inline
            track = worker_no % 3
            worker_no += 1
            certification = _CERTIFICATIONS[int(rnd() * 4)]
            if track == 2:  # a supervisor (督导)
                certification = Certification.SENIOR
            # The first two go to the street station (the staffing rule's minimum), the
            # others to its rooms in turn.
            posted = station if k < 2 else rooms[(k - 2) % n_rooms]
            if track == 0:
                practiced.add(posted)
            append(
                new_social_worker(
                    id=f"w{worker_no}",
                    name=f"{_SURNAMES[int(rnd() * n_surnames)]}社工{worker_no}",
                    tracks=_TRACK_SETS[track],
                    certification=certification,
                    employer_id=agencies[k % n_agencies],
                    station_id=posted,
                    skills=SKILL_SETS[int(rnd() * n_skills)],
                )
            )
        return practiced

    return draw


def volunteer_drawer(
    rate: Fraction, rnd: Draw, volunteers: list[Any], /, *, checked: bool
) -> CommunityDrawer:
    """Return the drawer of communities' volunteers, *rate* to a community on average, into *volunteers*.

    A volunteer belongs to its community and has at most one skill. *checked* as in
    :func:`~socialwork.datasets._synth_common.constructor`.

    Examples:
        >>> import random
        >>> from fractions import Fraction
        >>> from socialwork.datasets._synth_people import volunteer_drawer
        >>> volunteers = []
        >>> drawer = volunteer_drawer(Fraction(1, 2), random.Random(0).random, volunteers, checked=True)
        >>> drawer.rate
        Fraction(1, 2)
        >>> drawer.draw("110101001002", 0, 1)
        >>> [(v.id, v.division_id) for v in volunteers]
        [('v1', '110101001002')]
    """
    new_volunteer = constructor(Volunteer, checked=checked)
    append = volunteers.append
    skills, hours, n_skills = _VOLUNTEER_SKILLS, _HOURS, len(_VOLUNTEER_SKILLS)

    def draw(community: str, done: int, due: int) -> None:
        while done < due:  # a while loop: most calls draw one, and a range costs more
            done += 1
            append(
                new_volunteer(
                    id=f"v{done}",
                    division_id=community,
                    skills=skills[int(rnd() * n_skills)],
                    hours=hours[int(rnd() * 401)],
                )
            )

    return CommunityDrawer(rate, draw)
