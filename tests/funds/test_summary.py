"""Summaries of many funds: totals, funds at the cap or with nothing raised, reach."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import socialwork as sw
from socialwork.funds import statement, summary

D = sw.DivisionLevel
DAY = dt.date(2022, 5, 1)


@pytest.fixture(scope="module")
def binzhou() -> sw.Registry:
    """A small Binzhou: three community funds of the city federation, one of another body."""
    entities: list[sw.Entity] = [
        sw.Division(code="371600", name="滨州市", level=D.CITY),
        sw.Division(code="371602", name="滨城区", level=D.DISTRICT, parent_code="371600"),
        sw.Division(code="371602004", name="滨北街道", level=D.STREET, parent_code="371602"),
        sw.Division(code="371602004001", name="梧桐社区", level=D.COMMUNITY, parent_code="371602004"),
        sw.Division(code="371602004002", name="北城社区", level=D.COMMUNITY, parent_code="371602004"),
        sw.Division(code="510107", name="武侯区", level=D.DISTRICT),
        sw.Organization(id="bz-fed", name="滨州市慈善总会", kind=sw.OrgKind.CHARITY_FEDERATION),
        sw.Organization(id="wh-fed", name="武侯区慈善会", kind=sw.OrgKind.CHARITY_FEDERATION),
        sw.Organization(id="agency", name="滨州社工中心", kind=sw.OrgKind.SOCIAL_WORK_AGENCY),
        sw.Fund(
            id="f-wutong",
            name="梧桐社区基金",
            division_id="371602004001",
            manager_id="bz-fed",
            established=DAY,
        ),
        sw.Fund(
            id="f-beicheng",
            name="北城社区基金",
            division_id="371602004002",
            manager_id="bz-fed",
            established=DAY,
        ),
        sw.Fund(
            id="f-empty", name="新社区基金", division_id="371602004002", manager_id="bz-fed", established=DAY
        ),
        sw.Fund(id="f-wuhou", name="武侯基金", division_id="510107", manager_id="wh-fed", established=DAY),
        sw.Project(id="p-scarf", name="围巾妈妈", operator_id="agency", start=DAY, person_times=1200),
        sw.Project(id="p-star", name="星空家园", operator_id="agency", start=DAY, person_times=800),
        sw.Project(id="p-none", name="未资助项目", operator_id="agency", start=DAY, person_times=5000),
        sw.Donation(id="d1", fund_id="f-wutong", amount="250000", date=DAY),
        sw.Donation(id="d2", fund_id="f-wutong", amount="100000", date=dt.date(2022, 7, 1)),
        sw.Donation(id="d3", fund_id="f-beicheng", amount="10", date=DAY),
        sw.Donation(id="d4", fund_id="f-wuhou", amount="500", date=DAY),
        sw.Grant(id="g1", fund_id="f-wutong", project_id="p-scarf", amount="20000", date=dt.date(2022, 8, 1)),
        sw.Grant(id="g2", fund_id="f-beicheng", project_id="p-scarf", amount="5", date=dt.date(2022, 8, 1)),
        sw.Grant(id="g3", fund_id="f-wutong", project_id="p-star", amount="1000", date=dt.date(2022, 9, 1)),
    ]
    return sw.Registry(entities)


def test_federation_totals(binzhou: sw.Registry) -> None:
    """A federation's summary adds up the raised, matched and granted yuan of its funds."""
    s = summary(binzhou, manager_id="bz-fed")
    assert s.fund_count == 3
    assert (s.raised, s.matched, s.disbursed) == (
        Decimal("350010.00"),
        Decimal("30001.00"),
        Decimal("21005.00"),
    )
    assert s.balance == s.total - s.disbursed == Decimal("359006.00")


def test_funds_at_the_cap_and_with_nothing_raised(binzhou: sw.Registry) -> None:
    """The summary names the funds at the 30,000 yuan cap and those that raised nothing."""
    s = summary(binzhou, manager_id="bz-fed")
    assert (s.at_cap_ids, s.nothing_raised_ids) == (("f-wutong",), ("f-empty",))


def test_beneficiaries_count_each_funded_project_once(binzhou: sw.Registry) -> None:
    """Beneficiaries are the person-times of funded projects, each project once."""
    s = summary(binzhou, manager_id="bz-fed")
    assert (s.project_ids, s.person_times) == (("p-scarf", "p-star"), 2000)


def test_within_a_city_takes_the_funds_below_it(binzhou: sw.Registry) -> None:
    """within= keeps the funds serving the division or any division below it."""
    assert [st.fund_id for st in summary(binzhou, within="371600").statements] == [
        "f-beicheng",
        "f-empty",
        "f-wutong",
    ]
    assert [st.fund_id for st in summary(binzhou, within="510107").statements] == ["f-wuhou"]


def test_as_of_leaves_out_later_donations_and_grants(binzhou: sw.Registry) -> None:
    """as_of= ignores donations and grants after the date, and the projects they fund."""
    s = summary(binzhou, manager_id="bz-fed", as_of=DAY)
    assert (s.raised, s.disbursed, s.at_cap_ids, s.person_times) == (
        Decimal("250010.00"),
        Decimal("0.00"),
        (),
        0,
    )


def test_statements_are_those_of_statement(binzhou: sw.Registry) -> None:
    """Each statement in a summary is the one statement() gives for that fund, in either form."""
    s = summary(binzhou)
    for st in s.statements:
        gifts = [d for d in binzhou.donations.values() if d.fund_id == st.fund_id]
        assert st == statement(binzhou.funds[st.fund_id], gifts)
        assert st == statement(binzhou, st.fund_id)


def test_unknown_federation_raises(binzhou: sw.Registry) -> None:
    """An unknown manager id raises UnknownIdError naming it."""
    with pytest.raises(sw.UnknownIdError, match="unknown organization 'nope'"):
        summary(binzhou, manager_id="nope")


def test_explain_gives_the_seed_figures(binzhou: sw.Registry) -> None:
    """explain() reports funds, money, funds at the cap and person-times reached."""
    text = summary(binzhou, manager_id="bz-fed").explain()
    assert text.startswith("3 fund(s): raised 350010.00 yuan, matched 30001.00 yuan")
    assert "1 at the cap, 1 with nothing raised" in text
    assert "reaching 2000 person-times" in text


def test_statement_of_one_fund_among_many_reads_only_its_donations(binzhou: sw.Registry) -> None:
    """statement(registry, fund_id) counts the donations of that fund only, up to as_of."""
    s = statement(binzhou, "f-wutong")
    assert (s.raised, s.matched, s.donation_count) == (Decimal("350000.00"), Decimal("30000.00"), 2)
    assert statement(binzhou, "f-wutong", as_of=DAY).raised == Decimal("250000.00")
    assert statement(binzhou, "f-empty").donation_count == 0
