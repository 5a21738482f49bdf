"""Each built-in rule: a change to a clean registry that breaks exactly that rule."""

from __future__ import annotations

import datetime as dt

import pytest

import socialwork as sw
from socialwork.rules import BUILTIN_RULES

from .builders import (
    CLEAN,
    added,
    base,
    community_division,
    donation,
    evolve,
    station,
    street_division,
)

STREET, COMMUNITY, DISTRICT = sw.StationLevel.STREET, sw.StationLevel.COMMUNITY, sw.StationLevel.DISTRICT


def only(code: str, broken: sw.Registry, **kwargs: object) -> list[sw.rules.Violation]:
    """Assert that *broken* adds violations of *code* and of no other rule; return them."""
    found = added(broken, **kwargs)  # type: ignore[arg-type]
    assert found, f"{code} found nothing"
    assert {v.code for v in found} == {code}
    return found


def test_the_base_registry_is_clean() -> None:
    """The example breaks no rule once street stations need no minimum staff."""
    assert len(sw.validate(base(), params=CLEAN)) == 0


def test_every_rule_has_a_test_here() -> None:
    """This module breaks every built-in rule (a test is named after each code)."""
    names = {name for name in globals() if name.startswith("test_sw_")}
    assert {f"test_{code.lower().replace('-', '_')}" for code in BUILTIN_RULES.codes} <= {
        n.split("__")[0] for n in names
    }


def test_sw_i001__cycles_are_reported_and_validation_does_not_raise() -> None:
    """Two street stations under each other form a cycle, named once, from its smallest id."""
    broken = evolve(base(), "wh-s-jiangxi", parent_id="wh-s-yulin")
    broken = evolve(broken, "wh-s-yulin", parent_id="wh-s-jiangxi")
    found = added(broken)
    cycles = [v for v in found if v.code == "SW-I001"]
    assert [(v.subject, v.found) for v in cycles] == [("wh-s-jiangxi", ("wh-s-jiangxi", "wh-s-yulin"))]
    assert cycles[0].path == "stations[5].parent_id"
    # A cycle cannot avoid breaking the hierarchy too: each parent is a street station of another street.
    assert {v.code for v in found} == {"SW-I001", "SW-H001", "SW-H004"}
    assert set(sw.hierarchy.tree(broken, "stations").cut) == {v.subject for v in cycles}


def test_sw_i002__a_need_names_a_street() -> None:
    """A need placed in a street rather than a community."""
    found = only("SW-I002", evolve(base(), "need-01", division_id="510107015"))
    assert found[0].path == "needs[0].division_id"
    assert found[0].found is sw.DivisionLevel.STREET


def test_sw_i002__a_project_serves_a_district() -> None:
    """A project's served communities include a district."""
    found = only("SW-I002", evolve(base(), "p-elderly", community_ids=("510107015001", "510107")))
    assert found[0].path == "projects[0].community_ids[1]"


def test_sw_h001__a_street_station_without_parent() -> None:
    """A street station with no district hub above it."""
    found = only("SW-H001", evolve(base(), "wh-s-yulin", parent_id=None))
    assert found[0].subject == "wh-s-yulin"
    assert found[0].expected is DISTRICT


def test_sw_h002__a_community_room_under_the_hub() -> None:
    """A community room hung directly from the district hub."""
    found = only("SW-H002", evolve(base(), "wh-c-jinli", parent_id="wh-hub"))
    assert found[0].path == "stations[0].parent_id"
    assert found[0].found is DISTRICT


def test_sw_h003__a_hub_with_a_parent() -> None:
    """A district hub hung from another station (a school station of the city, co-built by an agency)."""
    city = station(
        "city-school", DISTRICT, "510100", setting=sw.StationSetting.SCHOOL, co_builder_ids=["org-agency"]
    )
    broken = evolve(base().add([city]), "wh-hub", parent_id="city-school")
    found = only("SW-H003", broken)
    assert found[0].subject == "wh-hub"


def test_sw_h004__a_room_outside_its_street() -> None:
    """A community room of 玉林街道 hung from the station of 浆洗街街道."""
    broken = base().add(
        [
            community_division("510107015003", "510107015"),
            station("room-x", COMMUNITY, "510107015003", parent_id="wh-s-jiangxi"),
        ]
    )
    found = only("SW-H004", broken)
    assert (found[0].expected, found[0].found) == ("510107016", "510107015003")


def test_sw_h005__two_hubs_in_one_district() -> None:
    """A second district hub in 武侯区."""
    found = only("SW-H005", base().add([station("hub-2", DISTRICT, "510107")]))
    assert found[0].subject == "510107"
    assert found[0].path == "divisions[2]"
    assert found[0].found == ("hub-2", "wh-hub")


def test_sw_h005__a_district_level_school_station_is_not_a_second_hub() -> None:
    """A co-built school station at district level (as in Wuhan) beside the district hub is no second hub."""
    school = station(
        "school-station",
        DISTRICT,
        "510107",
        setting=sw.StationSetting.SCHOOL,
        co_builder_ids=("org-agency",),
    )
    report = sw.validate(base().add([school]))
    assert "SW-H005" not in report.counts("code")


def test_sw_h006__a_street_station_in_a_community() -> None:
    """A street station that serves a community."""
    found = only("SW-H006", base().add([station("s-x", STREET, "510107015001", parent_id="wh-hub")]))
    assert found[0].found is sw.DivisionLevel.COMMUNITY


def test_sw_c001__a_street_without_station() -> None:
    """A street division with no street station is uncovered, an ERROR by default."""
    found = only("SW-C001", base().add([street_division()]))
    assert [(v.subject, v.severity) for v in found] == [("510107017", sw.Severity.ERROR)]


def test_sw_c001__severity_by_parameter() -> None:
    """The coverage severity is a parameter."""
    found = added(base().add([street_division()]), params={"coverage.street_severity": "warning"})
    assert [v.severity for v in found] == [sw.Severity.WARNING]


def test_sw_c002__a_community_without_room() -> None:
    """A community division with no community room, a WARNING by default; the report names it."""
    found = only("SW-C002", base().add([community_division("510107016003", "510107016")]))
    assert [(v.subject, v.severity) for v in found] == [("510107016003", sw.Severity.WARNING)]
    assert "新社区" in found[0].message_zh


def test_sw_s001__a_posted_worker_without_employer() -> None:
    """A social worker posted to a room but employed by nobody."""
    found = only("SW-S001", evolve(base(), "w-01", employer_id=None))
    assert found[0].path == "social_workers[0].employer_id"


def test_sw_s002__too_few_workers_in_a_street_station() -> None:
    """With one worker required, taking the only worker of 玉林街道 away breaks the minimum."""
    found = only(
        "SW-S002", evolve(base(), "w-03", station_id=None), params={"staffing.min_street_workers": 1}
    )
    assert [(v.subject, v.expected, v.found) for v in found] == [("wh-s-yulin", 1, 0)]


def test_sw_s003__no_supervisor_for_the_practitioners() -> None:
    """The district's only supervisor leaves the supervisor track."""
    found = only("SW-S003", evolve(base(), "w-04", tracks={sw.TalentTrack.PRACTITIONER}))
    assert [(v.subject, v.expected, v.found) for v in found] == [("510107", 1, 0)]


def test_sw_s003__ratio_by_parameter() -> None:
    """One supervisor per two practitioners: three practitioners need two."""
    report = sw.validate(base(), params={**CLEAN, "staffing.practitioners_per_supervisor": 2})
    assert [(v.code, v.expected, v.found) for v in report] == [("SW-S003", 2, 1)]


def test_sw_s004__a_station_without_operator() -> None:
    """A community room that nobody runs."""
    found = only("SW-S004", evolve(base(), "wh-c-jinli", operator_id=None))
    assert found[0].subject == "wh-c-jinli"


def test_sw_p001__a_project_run_by_a_government_body() -> None:
    """A project operated by the civil-affairs bureau."""
    found = only("SW-P001", evolve(base(), "p-elderly", operator_id="org-civil"))
    assert found[0].found is sw.OrgKind.GOVERNMENT


def test_sw_p002__a_project_outside_its_operators_district() -> None:
    """A project run by an agency of 锦江区 serves a community of 武侯区; allowed by parameter."""
    district = sw.Division(
        code="510104", name="锦江区", level=sw.DivisionLevel.DISTRICT, parent_code="510100"
    )
    agency = sw.Organization(
        id="org-jj", name="锦江社工", kind=sw.OrgKind.SOCIAL_WORK_AGENCY, division_id="510104"
    )
    broken = evolve(base().add([district, agency]), "p-elderly", operator_id="org-jj")
    found = only("SW-P002", broken)
    assert (found[0].expected, found[0].found) == ("510104", "510107")
    assert added(broken, params={"projects.allow_cross_district": True}) == []


def test_sw_p003__a_project_for_minors_without_practitioner() -> None:
    """A project for minors run from a station where no practitioner is posted."""
    broken = evolve(base(), "p-elderly", target_groups={sw.TargetGroup.MINORS}, station_ids=("wh-s-yulin",))
    found = only("SW-P003", broken)
    assert found[0].path == "projects[0].station_ids"
    staffed = evolve(base(), "p-elderly", target_groups={sw.TargetGroup.MINORS})
    assert added(staffed) == []


def _school(**fields: object) -> sw.Station:
    return station(
        "school", STREET, "510107015", parent_id="wh-hub", setting=sw.StationSetting.SCHOOL, **fields
    )


def test_sw_b001__a_school_station_without_co_builders() -> None:
    """A station in a school that nobody co-builds."""
    found = only("SW-B001", base().add([_school()]))
    assert (found[0].expected, found[0].found) == (1, 0)


def test_sw_b002__a_school_station_without_an_agency() -> None:
    """A school station co-built only by a university."""
    found = only("SW-B002", base().add([_school(co_builder_ids=["org-univ"])]))
    assert found[0].found == ("university",)
    assert added(base().add([_school(co_builder_ids=["org-univ", "org-agency"])])) == []


def test_sw_f001__a_fund_managed_by_an_agency() -> None:
    """A community fund whose manager is a social-work agency, allowed once agencies may manage."""
    broken = evolve(base(), "fund-nijiaqiao", manager_id="org-agency")
    found = only("SW-F001", broken)
    assert found[0].found is sw.OrgKind.SOCIAL_WORK_AGENCY
    kinds = ["charity_federation", "social_work_agency"]
    assert added(broken, params={"funds.manager_kinds": kinds}) == []


def test_sw_f001__a_public_fundraising_charity_by_parameter() -> None:
    """A foundation with public-fundraising qualification may manage once the parameter allows it."""
    charity = sw.Organization(id="org-cf", name="某慈善基金会", kind=sw.OrgKind.FOUNDATION,
                              public_fundraising=True)  # fmt: skip
    broken = evolve(base().add([charity]), "fund-nijiaqiao", manager_id="org-cf")
    found = only("SW-F001", broken)
    assert found[0].found is sw.OrgKind.FOUNDATION
    allow = {"funds.allow_public_fundraising_charities": True}
    assert added(broken, params=allow) == []
    narrower = {**allow, "funds.charity_kinds": ["social_organization"]}
    assert "public-fundraising" in only("SW-F001", broken, params=narrower)[0].message_en
    unqualified = evolve(broken, "org-cf", public_fundraising=False)
    assert [v.code for v in added(unqualified, params=allow)] == ["SW-F001"]
    government = evolve(broken, "org-cf", kind=sw.OrgKind.GOVERNMENT)
    assert [v.code for v in added(government, params=allow)] == ["SW-F001"]


def test_sw_f002__a_fund_of_a_street() -> None:
    """A second fund set up for a street rather than a community."""
    fund = sw.Fund(
        id="fund-st",
        name="街道基金",
        division_id="510107015",
        manager_id="org-fed",
        established=dt.date(2022, 1, 1),
    )
    found = only("SW-F002", base().add([fund]))
    assert found[0].path == "funds[1].division_id"


def test_sw_f003__a_donation_before_the_fund() -> None:
    """A donation received before the fund was set up (2022-03-01)."""
    found = only("SW-F003", base().add([donation("d-early", "10", dt.date(2022, 2, 28))]))
    assert (found[0].expected, found[0].found) == (dt.date(2022, 3, 1), dt.date(2022, 2, 28))


def test_sw_f004__the_federation_matches_too_much() -> None:
    """The federation's own donation (its match) exceeds 10:1 of the 6,500.50 yuan raised."""
    match = donation("d-match", "1000", dt.date(2022, 6, 15), donor="成都市武侯区慈善会")
    found = only("SW-F004", base().add([match]))
    assert (found[0].expected, found[0].found) == (
        sw.funds.matched_amount(sw.funds.BINZHOU_RULE, "6500.50"),
        1000,
    )
    fair = donation("d-match", "650.05", dt.date(2022, 6, 15), donor="成都市武侯区慈善会")
    assert added(base().add([fair])) == []


def test_sw_f005__a_grant_to_a_project_of_another_community() -> None:
    """The fund of 倪家桥 pays a project that serves 玉林北路 only."""
    project = sw.Project(
        id="p-other", name="玉林北路项目", operator_id="org-agency", start=dt.date(2022, 1, 1),
        community_ids=["510107015002"],
    )  # fmt: skip
    found = only("SW-F005", evolve(base().add([project]), "g-01", project_id="p-other"))
    assert found[0].subject == "g-01"


def test_sw_f006__a_grant_above_the_balance() -> None:
    """A second grant of 10,000 yuan when 6,500.50 + 650.05 - 4,000 = 3,150.55 remain."""
    grant = sw.Grant(id="g-02", fund_id="fund-nijiaqiao", project_id="p-elderly", amount="10000",
                     date=dt.date(2022, 7, 1))  # fmt: skip
    found = only("SW-F006", base().add([grant]))
    assert str(found[0].expected) == "3150.55"
    small = sw.Grant(id="g-02", fund_id="fund-nijiaqiao", project_id="p-elderly", amount="3150.55",
                     date=dt.date(2022, 7, 1))  # fmt: skip
    assert added(base().add([small])) == []


def test_sw_f006__the_balance_follows_the_matching_parameters() -> None:
    """Without matching, the same grant of 3,000 yuan on top of 4,000 overdraws 6,500.50."""
    grant = sw.Grant(id="g-02", fund_id="fund-nijiaqiao", project_id="p-elderly", amount="3000",
                     date=dt.date(2022, 7, 1))  # fmt: skip
    assert added(base().add([grant])) == []
    found = added(base().add([grant]), params={"funds.matching_ratio": "0"})
    assert [v.code for v in found] == ["SW-F006"]


def test_sw_f007__two_funds_for_one_community() -> None:
    """A second fund for 倪家桥 is a sub-fund."""
    fund = sw.Fund(id="fund-2", name="第二基金", division_id="510107015001", manager_id="org-fed",
                   established=dt.date(2022, 1, 1))  # fmt: skip
    found = only("SW-F007", base().add([fund]))
    assert found[0].found == ("fund-2", "fund-nijiaqiao")


def test_sw_f008__a_committee_of_three() -> None:
    """A committee of 3 (odd, with a supervisor) is below the 5 members required; 3 is enough by parameter."""
    broken = evolve(base(), "fund-nijiaqiao", committee_members=3, committee_supervisors=1)
    found = only("SW-F008", broken)
    assert (found[0].path, found[0].expected, found[0].found) == ("funds[0].committee_members", 5, 3)
    assert added(broken, params={"funds.min_committee_members": 3}) == []
    assert added(evolve(base(), "fund-nijiaqiao", committee_members=5, committee_supervisors=1)) == []


def test_sw_f009__a_committee_of_six() -> None:
    """A committee of 6 (enough, with a supervisor) is not an odd number."""
    found = only("SW-F009", evolve(base(), "fund-nijiaqiao", committee_members=6, committee_supervisors=1))
    assert (found[0].path, found[0].found) == ("funds[0].committee_members", 6)
    assert added(evolve(base(), "fund-nijiaqiao", committee_members=7, committee_supervisors=2)) == []


def test_sw_f010__a_committee_without_supervisor() -> None:
    """A committee of 5 with no supervisor; a fund whose supervisors are not known is not judged."""
    found = only("SW-F010", evolve(base(), "fund-nijiaqiao", committee_members=5, committee_supervisors=0))
    assert (found[0].path, found[0].found) == ("funds[0].committee_supervisors", 0)
    assert added(evolve(base(), "fund-nijiaqiao", committee_members=5)) == []


def test_the_committee_rules_skip_funds_without_committee_data() -> None:
    """Where a fund records no committee (the default, as in any version 1 document), none fires."""
    assert base().funds["fund-nijiaqiao"].committee_members is None
    committee = BUILTIN_RULES.select(code=["SW-F008", "SW-F009", "SW-F010"])
    assert len(sw.validate(base(), committee)) == 0
    assert len(sw.validate(sw.datasets.scenario("binzhou").registry, committee)) == 0


@pytest.mark.parametrize("code", BUILTIN_RULES.codes)
def test_every_rule_is_documented_in_its_record(code: str) -> None:
    """Each built-in rule has both titles, a reference and a family of the catalogue."""
    item = BUILTIN_RULES[code]
    assert item.title_zh
    assert item.title_en
    assert item.reference
    assert item.family in sw.rules.FAMILIES
    assert code.startswith("SW-")


# -- referrals (转介): the Wuhan school platform, whose referrals break no rule -------------


def _wuhan_only(code: str, broken: sw.Registry, **params: object) -> list[sw.rules.Violation]:
    """Assert that *broken* (the Wuhan platform changed) breaks *code* and no other rule; return it."""
    clean = sw.datasets.wuhan_school()
    before = {(v.code, v.subject, v.path) for v in sw.validate(clean, params=params or None)}
    found = [
        v for v in sw.validate(broken, params=params or None) if (v.code, v.subject, v.path) not in before
    ]
    assert found, f"{code} found nothing"
    assert {v.code for v in found} == {code}
    return found


def _wuhan_evolve(entity_id: str, **changes: object) -> sw.Registry:
    return evolve(sw.datasets.wuhan_school(), entity_id, **changes)


def test_sw_r001__sent_after_the_consent_was_withdrawn() -> None:
    """A guardian withdrew the consent the day before the school sent the case: PIPL Art. 15."""
    broken = _wuhan_evolve("whs-k-01", withdrawn=dt.date(2021, 10, 9))
    found = _wuhan_only("SW-R001", broken)
    assert [(v.subject, v.found) for v in found] == [("whs-r-01", "PIPL Art. 15")]
    assert found[0].path == "referrals[0].consent_id"


def test_sw_r001__sent_to_another_recipient_than_consented() -> None:
    """The consent names the agency; the referral went to the university: no consent allows it."""
    broken = _wuhan_evolve("whs-r-01", to_id="whs-scuec")
    found = [v for v in sw.validate(broken) if v.code == "SW-R001"]
    assert [(v.subject, v.found) for v in found] == [("whs-r-01", "PIPL Art. 23, 29")]


def test_sw_r002__a_child_under_14_consents_alone() -> None:
    """The subject is under 14 and the consent is the subject's own: PIPL Art. 31 asks for a guardian."""
    reg = _wuhan_evolve("whs-case-01", age_band=sw.AgeBand.UNDER_14, birth_year=2009)
    broken = evolve(reg, "whs-k-01", given_by=sw.ConsentGiver.SUBJECT)
    found = [v for v in sw.validate(broken) if v.code == "SW-R002"]
    assert [(v.subject, v.path) for v in found] == [("whs-k-01", "consents[0].given_by")]
    assert {v.code for v in sw.validate(broken)} == {"SW-R001", "SW-R002"}


def test_sw_r002__a_guardian_consents_for_an_adult() -> None:
    """An adult's consent is their own: both of the guardian's consents for case 01 are the wrong person's."""
    case = sw.datasets.wuhan_school().cases["whs-case-01"]
    adult = _wuhan_evolve("whs-case-01", age_band=sw.AgeBand.ADULT, birth_year=case.opened.year - 30)
    found = [v for v in sw.validate(adult) if v.code == "SW-R002"]
    assert [(v.subject, v.expected) for v in found] == [
        ("whs-k-01", sw.ConsentGiver.SUBJECT),
        ("whs-k-02", sw.ConsentGiver.SUBJECT),
    ]


def test_sw_r003__an_answer_after_the_limit() -> None:
    """The procuratorate answered ten days after the agency sent the case; seven are allowed."""
    broken = _wuhan_evolve("whs-r-02", responded=dt.date(2021, 10, 30))
    found = _wuhan_only("SW-R003", broken)
    assert (found[0].expected, found[0].found) == (dt.date(2021, 10, 27), dt.date(2021, 10, 30))
    assert [
        v for v in sw.validate(broken, params={"referrals.response_days": 10}) if v.code == "SW-R003"
    ] == []


def test_sw_r003__the_limit_is_the_one_in_force_on_the_day_it_was_sent() -> None:
    """A limit cut to 3 days from 2022 on does not make a 2021 referral late, nor a later check day."""
    broken = _wuhan_evolve("whs-r-02", responded=dt.date(2021, 10, 24))  # sent 10-20, answered day 4
    cut = {"referrals.response_days": {"2022-01-01": 3}}
    assert [v for v in sw.validate(broken, params=cut) if v.code == "SW-R003"] == []
    late = [
        v
        for v in sw.validate(broken, params={"referrals.response_days": {"2021-01-01": 3}})
        if v.code == "SW-R003"
    ]
    assert [(v.subject, v.expected) for v in late] == [("whs-r-02", dt.date(2021, 10, 23))]
    checked_later = sw.validate(broken, params=cut, as_of=dt.date(2022, 6, 1))
    assert [v for v in checked_later if v.code == "SW-R003"] == []


def test_sw_r003__still_waiting_past_the_limit() -> None:
    """A sent referral without an answer is overdue once the day of the check is past its due day."""
    broken = _wuhan_evolve("whs-r-02", state=sw.ReferralState.SENT, responded=None, revision=2)
    broken = broken.remove(["whs-r-02#3"])
    on_time = [v for v in sw.validate(broken, as_of=dt.date(2021, 10, 27)) if v.code == "SW-R003"]
    late = [v for v in sw.validate(broken, as_of=dt.date(2021, 10, 28)) if v.code == "SW-R003"]
    assert on_time == []
    assert [(v.subject, v.found) for v in late] == [("whs-r-02", None)]


def test_sw_r004__closed_without_an_outcome() -> None:
    """The agency closed the school's referral and wrote no outcome."""
    broken = _wuhan_evolve("whs-r-01", state=sw.ReferralState.CLOSED, closed=dt.date(2021, 12, 1))
    found = [v for v in sw.validate(broken) if v.code == "SW-R004"]
    assert [(v.subject, v.path) for v in found] == [("whs-r-01", "referrals[0].outcome")]
    done = _wuhan_evolve(
        "whs-r-01", state=sw.ReferralState.CLOSED, closed=dt.date(2021, 12, 1), outcome="情绪稳定"
    )
    assert [v for v in sw.validate(done) if v.code == "SW-R004"] == []


def test_sw_r005__referred_to_an_organization_without_the_service() -> None:
    """The school refers for counselling to itself, which runs no counselling project."""
    broken = _wuhan_evolve("whs-r-01", to_id="whs-scuec")
    found = [v for v in sw.validate(broken) if v.code == "SW-R005"]
    assert [(v.subject, v.path) for v in found] == [("whs-r-01", "referrals[0].to_id")]
    # Before the 相伴成长 project started, the agency offered no counselling either.
    early = _wuhan_evolve("whs-r-01", proposed=dt.date(2021, 8, 1))
    assert [v.subject for v in sw.validate(early) if v.code == "SW-R005"] == ["whs-r-01"]


def test_sw_r006__a_mandatory_report_to_a_school() -> None:
    """A mandatory report must go to an authority, not to another school or agency."""
    broken = _wuhan_evolve("whs-r-03", to_id="whs-licheng")
    found = [v for v in sw.validate(broken) if v.code == "SW-R006"]
    assert [(v.subject, v.found) for v in found] == [("whs-r-03", sw.OrgKind.SOCIAL_WORK_AGENCY)]


def test_sw_r007__a_change_without_its_audit_event() -> None:
    """Removing one event of the log leaves a change unrecorded."""
    broken = sw.datasets.wuhan_school().remove(["whs-r-01#4"])
    found = _wuhan_only("SW-R007", broken)
    assert [(v.subject, v.expected, v.found) for v in found] == [("whs-r-01", 4, 3)]
