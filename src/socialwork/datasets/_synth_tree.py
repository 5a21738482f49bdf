"""The tree of a synthetic registry: divisions, organizations and the three-level station network.

:func:`walk` draws the divisions (provinces, cities, districts, streets and
communities, with GB/T 2260-like codes), the district's charity federation and
civil-affairs bureau, the street's social-work agencies (with valid unified social
credit codes), and a district hub, a street station and a community room for each.
It walks them in code order and, at each community and each street, calls the
drawers of what hangs there, so that every draw of the registry comes from one
random stream in one order.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

from socialwork.datasets._synth_common import DATES, CommunityDrawer, Draw, Street, constructor
from socialwork.model import (
    Division,
    DivisionLevel,
    Organization,
    OrgKind,
    Station,
    StationLevel,
    credit_code_check_character,
)

__all__ = ["PROVINCES", "credit_code", "walk"]

# The two-digit prefixes of the 31 provincial-level divisions of GB/T 2260, in order.
PROVINCES: Final = (
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
)  # fmt: skip
_AREAS: Final = tuple(Decimal(area) for area in range(2001))
# GB 11714 organization code: eight characters and a check character (weights below).
_ORG_WEIGHTS: Final = (3, 7, 9, 10, 5, 8, 4, 2)


def _org_code(serial: int) -> str:
    """Return a nine-character GB 11714 organization code with its check character."""
    body = f"{serial:08d}"
    check = 11 - sum(int(char) * weight for char, weight in zip(body, _ORG_WEIGHTS, strict=True)) % 11
    return body + ("X" if check == 10 else "0" if check == 11 else str(check))


def credit_code(head: str, division: str, serial: int) -> str:
    """Return a unified social credit code: registering authority and type, division, body, check.

    Examples:
        >>> from socialwork.datasets._synth_tree import credit_code
        >>> code = credit_code("52", "110101", 3)
        >>> code
        '52110101000000035M'
        >>> from socialwork.model import check_credit_code
        >>> check_credit_code(code)
    """
    first17 = head + division + _org_code(serial)
    return first17 + credit_code_check_character(first17)


def _nothing(*_: object) -> None:
    """Draw nothing: the default drawer of :func:`walk`."""


_NONE: Final = CommunityDrawer(Fraction(0), _nothing)


def walk(  # noqa: PLR0915
    rnd: Draw,
    lists: dict[str, list[Any]],
    /,
    *,
    districts: int,
    streets_per_district: int,
    communities_per_street: int,
    districts_per_city: int,
    cities_per_province: int,
    agencies_per_street: int,
    checked: bool,
    volunteers: CommunityDrawer = _NONE,
    needs: CommunityDrawer = _NONE,
    per_street: Callable[[Street], object] = _nothing,
) -> None:
    """Draw the tree into *lists* by kind, calling the drawers of each community and street.

    After a community's division and room are drawn, *volunteers* and then *needs*
    draw what it gets (see :class:`~socialwork.datasets._synth_common.CommunityDrawer`).
    After a street's communities, *per_street* is called with the :class:`Street`.
    *checked* as in :func:`~socialwork.datasets._synth_common.constructor`.

    Examples:
        >>> import random
        >>> from socialwork.datasets._synth_tree import walk
        >>> lists = {"divisions": [], "organizations": [], "stations": []}
        >>> seen = []
        >>> walk(random.Random(0).random, lists, districts=1, streets_per_district=2,
        ...      communities_per_street=2, districts_per_city=10, cities_per_province=10,
        ...      agencies_per_street=1, checked=True, per_street=seen.append)
        >>> [d.code for d in lists["divisions"]]  # doctest: +NORMALIZE_WHITESPACE
        ['110000', '110100', '110101', '110101001', '110101001001', '110101001002',
         '110101002', '110101002001', '110101002002']
        >>> [s.id for s in lists["stations"]]  # doctest: +NORMALIZE_WHITESPACE
        ['h110101', 's110101001', 'r110101001001', 'r110101001002',
         's110101002', 'r110101002001', 'r110101002002']
        >>> [(street.number, street.code, street.agencies) for street in seen]
        [(0, '110101001', ['a110101001']), (1, '110101002', ['a110101002'])]
    """
    # Constructors as local, untyped callables: locals are quicker to reach, and the ids
    # drawn here are plain strings rather than the NewTypes of the signatures.
    new_division = constructor(Division, checked=checked)
    new_organization = constructor(Organization, checked=checked)
    new_station = constructor(Station, checked=checked)
    divisions = lists["divisions"]
    organizations = lists["organizations"]
    stations = lists["stations"]

    per_city, per_province = districts_per_city, cities_per_province
    street_no = org_no = 0
    province_code = city_code = ""
    divisions_append, stations_append = divisions.append, stations.append
    community_level, room_level = DivisionLevel.COMMUNITY, StationLevel.COMMUNITY
    areas, dates = _AREAS, DATES
    suffixes = [f"{c:03d}" for c in range(1, communities_per_street + 1)]
    community_names = [f"第{c}社区" for c in range(1, communities_per_street + 1)]
    street_room_names = [
        [f"第{s}街道{name}社工室" for name in community_names] for s in range(1, streets_per_district + 1)
    ]
    # Each mean count per community is met by a running total: the first n communities
    # are due floor(n * p / q) items, of which *_done are drawn, and *_left is the rest
    # n * p - q * done, so that a community that gets nothing costs an addition and a
    # comparison, and no call.
    (volunteers_rate, draw_volunteers), (needs_rate, draw_needs) = volunteers, needs
    volunteers_p, volunteers_q = volunteers_rate.numerator, volunteers_rate.denominator
    needs_p, needs_q = needs_rate.numerator, needs_rate.denominator
    volunteers_done = needs_done = volunteers_left = needs_left = 0

    for district_index in range(districts):
        city_index, district_in_city = divmod(district_index, per_city)
        province_index, city_in_province = divmod(city_index, per_province)
        if district_in_city == 0:
            if city_in_province == 0:
                province_code = PROVINCES[province_index] + "0000"
                divisions.append(
                    new_division(
                        code=province_code, name=f"第{province_index + 1}省", level=DivisionLevel.PROVINCE
                    )
                )
            city_code = f"{province_code[:2]}{city_in_province + 1:02d}00"
            divisions.append(
                new_division(
                    code=city_code,
                    name=f"第{city_index + 1}市",
                    level=DivisionLevel.CITY,
                    parent_code=province_code,
                )
            )
        district = f"{city_code[:4]}{district_in_city + 1:02d}"
        district_name = f"第{district_index + 1}区"
        divisions.append(
            new_division(
                code=district, name=district_name, level=DivisionLevel.DISTRICT, parent_code=city_code
            )
        )
        federation = f"fed{district}"
        bureau = f"gov{district}"
        org_no += 2
        organizations.append(
            new_organization(
                id=federation,
                name=f"{district_name}慈善总会",
                kind=OrgKind.CHARITY_FEDERATION,
                credit_code=credit_code("51", district, org_no - 1),
                division_id=district,
            )
        )
        organizations.append(
            new_organization(
                id=bureau,
                name=f"{district_name}民政局",
                kind=OrgKind.GOVERNMENT,
                credit_code=credit_code("11", district, org_no),
                division_id=district,
            )
        )
        hub = f"h{district}"
        stations.append(
            new_station(
                id=hub,
                name=f"{district_name}社工总站",
                level=StationLevel.DISTRICT,
                division_id=district,
                operator_id=f"a{district}001",
                co_builder_ids=(bureau, federation),
                area_m2=_AREAS[500 + int(rnd() * 1001)],
                opened=DATES[int(rnd() * 366)],
            )
        )

        for street_in_district in range(1, streets_per_district + 1):
            street = f"{district}{street_in_district:03d}"
            street_name = f"第{street_in_district}街道"
            divisions.append(
                new_division(code=street, name=street_name, level=DivisionLevel.STREET, parent_code=district)
            )
            agencies = [f"a{street}"] + [f"a{street}-{k}" for k in range(2, agencies_per_street + 1)]
            for k, agency in enumerate(agencies, start=1):
                org_no += 1
                suffix = "" if k == 1 else f"第{k}"
                organizations.append(
                    new_organization(
                        id=agency,
                        name=f"{district_name}{street_name}{suffix}社会工作服务中心",
                        kind=OrgKind.SOCIAL_WORK_AGENCY,
                        credit_code=credit_code("52", district, org_no),
                        division_id=district,
                    )
                )
            operator = agencies[0]
            station = f"s{street}"
            stations.append(
                new_station(
                    id=station,
                    name=f"{district_name}{street_name}社工站",
                    level=StationLevel.STREET,
                    division_id=street,
                    parent_id=hub,
                    operator_id=operator,
                    area_m2=_AREAS[100 + int(rnd() * 301)],
                    opened=DATES[366 + int(rnd() * 366)],
                )
            )
            # The innermost loop runs 600,000 times at national scale: its codes and
            # names come from tables, and what hangs off a community is drawn there
            # by its drawers, each meeting its mean count by a running total.
            communities = [street + suffix for suffix in suffixes]
            rooms = ["r" + community for community in communities]
            room_names = street_room_names[street_in_district - 1]
            for community, community_name, room, room_name in zip(
                communities, community_names, rooms, room_names, strict=True
            ):
                divisions_append(
                    new_division(
                        code=community,
                        name=community_name,
                        level=community_level,
                        parent_code=street,
                    )
                )
                stations_append(
                    new_station(
                        id=room,
                        name=room_name,
                        level=room_level,
                        division_id=community,
                        parent_id=station,
                        operator_id=operator,
                        area_m2=areas[30 + int(rnd() * 121)],
                        opened=dates[366 + int(rnd() * 732)],
                    )
                )
                volunteers_left += volunteers_p
                if volunteers_left >= volunteers_q:
                    due = volunteers_done + volunteers_left // volunteers_q
                    volunteers_left %= volunteers_q
                    draw_volunteers(community, volunteers_done, due)
                    volunteers_done = due
                needs_left += needs_p
                if needs_left >= needs_q:
                    due = needs_done + needs_left // needs_q
                    needs_left %= needs_q
                    draw_needs(community, needs_done, due)
                    needs_done = due

            per_street(
                Street(
                    street_no,
                    street,
                    street_name,
                    district_name,
                    federation,
                    station,
                    agencies,
                    communities,
                    rooms,
                )
            )
            street_no += 1
