"""Hypothesis strategies for valid registries, used by the tests of the foundation.

(The public strategies for users come with ``socialwork.testing`` in a later issue.)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

import socialwork as sw
from socialwork.model import CREDIT_CODE_ALPHABET, credit_code_check_character

names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
    min_size=1,
    max_size=12,
).filter(lambda s: s.strip() != "")
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31))
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000"), places=2)
services = st.frozensets(st.sampled_from(sw.ServiceKind), max_size=3)
groups = st.frozensets(st.sampled_from(sw.TargetGroup), max_size=3)


@st.composite
def credit_codes(draw: st.DrawFn) -> str:
    """Draw a valid unified social credit code."""
    head = draw(st.sampled_from("159ANY")) + draw(st.sampled_from("123"))
    area = draw(st.from_regex(r"[1-6][0-9]{5}", fullmatch=True))
    body = "".join(draw(st.lists(st.sampled_from(CREDIT_CODE_ALPHABET), min_size=9, max_size=9)))
    first17 = head + area + body
    return first17 + credit_code_check_character(first17)


@st.composite
def registries(draw: st.DrawFn, *, max_streets: int = 3, max_each: int = 4) -> sw.Registry:
    """Draw a valid registry: one district with streets and communities, and everything around them."""
    province = draw(st.sampled_from(["110000", "370000", "420000", "510000"]))
    city = province[:2] + "0100"
    district = province[:2] + "01" + draw(st.sampled_from(["02", "07", "13"]))
    entities: list[Any] = [
        sw.Division(code=province, name=draw(names), level=sw.DivisionLevel.PROVINCE),
        sw.Division(code=city, name=draw(names), level=sw.DivisionLevel.CITY, parent_code=province),
        sw.Division(code=district, name=draw(names), level=sw.DivisionLevel.DISTRICT, parent_code=city),
    ]
    orgs = [f"org-{i}" for i in range(draw(st.integers(1, 3)))]
    entities.extend(
        sw.Organization(
            id=org,
            name=draw(names),
            kind=draw(st.sampled_from(sw.OrgKind)),
            credit_code=draw(st.none() | credit_codes()),
            division_id=draw(st.none() | st.just(district)),
            public_fundraising=draw(st.booleans()),
        )
        for org in orgs
    )
    org_ids = st.sampled_from(orgs)
    hub = "hub"
    entities.append(
        sw.Station(
            id=hub,
            name=draw(names),
            level=sw.StationLevel.DISTRICT,
            division_id=district,
            operator_id=draw(st.none() | org_ids),
            co_builder_ids=tuple(draw(st.lists(org_ids, unique=True, max_size=2))),
            area_m2=draw(st.none() | st.decimals(min_value=0, max_value=10000, places=1)),
            opened=draw(st.none() | dates),
        )
    )
    stations = [hub]
    communities: list[str] = []
    for s in range(draw(st.integers(0, max_streets))):
        street = f"{district}{s + 1:03d}"
        entities.append(
            sw.Division(code=street, name=draw(names), level=sw.DivisionLevel.STREET, parent_code=district)
        )
        entities.append(
            sw.Station(
                id=f"st-{s}",
                name=draw(names),
                level=sw.StationLevel.STREET,
                division_id=street,
                parent_id=hub,
            )
        )
        stations.append(f"st-{s}")
        for c in range(draw(st.integers(0, 3))):
            community = f"{street}{c + 1:03d}"
            communities.append(community)
            entities.append(
                sw.Division(
                    code=community, name=draw(names), level=sw.DivisionLevel.COMMUNITY, parent_code=street
                )
            )
            entities.append(
                sw.Station(
                    id=f"cr-{s}-{c}",
                    name=draw(names),
                    level=sw.StationLevel.COMMUNITY,
                    division_id=community,
                    parent_id=f"st-{s}",
                    setting=draw(st.sampled_from(sw.StationSetting)),
                )
            )
            stations.append(f"cr-{s}-{c}")
    places = st.sampled_from(communities or [district])
    station_ids = st.sampled_from(stations)
    for i in range(draw(st.integers(0, max_each))):
        entities.append(
            sw.SocialWorker(
                id=f"w-{i}",
                name=draw(names),
                tracks=draw(st.frozensets(st.sampled_from(sw.TalentTrack))),
                certification=draw(st.none() | st.sampled_from(sw.Certification)),
                employer_id=draw(st.none() | org_ids),
                station_id=draw(st.none() | station_ids),
                skills=draw(services),
            )
        )
    for i in range(draw(st.integers(0, max_each))):
        entities.append(
            sw.Volunteer(
                id=f"v-{i}",
                division_id=draw(places),
                skills=draw(services),
                hours=draw(st.decimals(min_value=0, max_value=1000, places=1)),
            )
        )
    projects = []
    for i in range(draw(st.integers(0, max_each))):
        start = draw(dates)
        projects.append(f"p-{i}")
        entities.append(
            sw.Project(
                id=f"p-{i}",
                name=draw(names),
                operator_id=draw(org_ids),
                start=start,
                end=draw(st.none() | st.dates(min_value=start, max_value=dt.date(2035, 1, 1))),
                station_ids=tuple(draw(st.lists(station_ids, unique=True, max_size=2))),
                community_ids=tuple(draw(st.lists(places, unique=True, max_size=2))),
                service_kinds=draw(services),
                target_groups=draw(groups),
                budget=draw(st.none() | amounts),
                person_times=draw(st.integers(0, 10**6)),
            )
        )
    for i in range(draw(st.integers(0, max_each))):
        entities.append(
            sw.Need(
                id=f"n-{i}",
                division_id=draw(places),
                service_kind=draw(st.sampled_from(sw.ServiceKind)),
                target_group=draw(st.sampled_from(sw.TargetGroup)),
                persons=draw(st.integers(1, 500)),
                urgency=draw(st.integers(1, 5)),
            )
        )
    funds = []
    for i in range(draw(st.integers(0, 2))):
        funds.append(f"f-{i}")
        entities.append(
            sw.Fund(
                id=f"f-{i}",
                name=draw(names),
                division_id=draw(places),
                manager_id=draw(org_ids),
                established=draw(dates),
                committee_members=draw(st.none() | st.integers(0, 15)),
                committee_supervisors=draw(st.none() | st.integers(0, 3)),
            )
        )
    if funds:
        fund_ids = st.sampled_from(funds)
        for i in range(draw(st.integers(0, max_each))):
            entities.append(
                sw.Donation(
                    id=f"d-{i}",
                    fund_id=draw(fund_ids),
                    amount=draw(amounts),
                    date=draw(dates),
                    donor=draw(st.none() | names),
                )
            )
        if projects:
            for i in range(draw(st.integers(0, 2))):
                entities.append(
                    sw.Grant(
                        id=f"g-{i}",
                        fund_id=draw(fund_ids),
                        project_id=draw(st.sampled_from(projects)),
                        amount=draw(amounts),
                        date=draw(dates),
                        purpose=draw(st.text(max_size=10)),
                    )
                )
    return sw.Registry(draw(st.permutations(entities)))
