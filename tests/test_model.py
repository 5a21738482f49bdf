"""The entities, codes, money and enumerations of socialwork.model."""

from __future__ import annotations

import datetime as dt
import pickle
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import socialwork as sw
from socialwork.model import (
    CREDIT_CODE_ALPHABET,
    FEN,
    LabelledEnum,
    check_credit_code,
    check_division_code,
    credit_code_check_character,
    parent_codes,
    to_money,
)
from socialwork.testing import credit_codes

D = sw.DivisionLevel

# -- enumerations ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "enum",
    [
        sw.StationLevel,
        sw.DivisionLevel,
        sw.StationSetting,
        sw.Society,
        sw.OrgKind,
        sw.TalentTrack,
        sw.Certification,
        sw.ServiceKind,
        sw.TargetGroup,
        sw.Severity,
    ],
)
def test_every_enum_member_has_both_labels(enum: type[LabelledEnum]) -> None:
    """Every member carries a non-empty Chinese and English label, and the values are distinct."""
    for member in enum:
        assert member.zh.strip()
        assert member.en.strip()
        assert member.label("zh") == member.zh
        assert member.label("en") == member.en
        assert member.value == member.value.strip().lower()
    assert len({m.zh for m in enum}) == len(enum)


def test_society_has_the_five_societies_of_the_linkage() -> None:
    """五社联动 links exactly five societies, in the policy's order."""
    assert [s.zh for s in sw.Society] == ["社区", "社会组织", "社会工作者", "社区志愿者", "社会慈善资源"]


def test_talent_tracks_are_the_three_of_the_seed() -> None:
    """The Wuhou targets count practitioners 实务, managers 管理 and supervisors 督导."""
    assert {t.zh for t in sw.TalentTrack} == {"实务", "管理", "督导"}


# -- division codes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("510000", D.PROVINCE),
        ("510100", D.CITY),
        ("510107", D.DISTRICT),
        ("420113", D.DISTRICT),
        ("510107015", D.STREET),
        ("441900003", D.STREET),  # Dongguan: streets directly under a city
        ("510107015001", D.COMMUNITY),
    ],
)
def test_well_formed_division_codes_pass(code: str, level: sw.DivisionLevel) -> None:
    """Official codes of every level are accepted."""
    check_division_code(code, level)
    assert sw.Division(code=code, name="某地", level=level).id == code


@pytest.mark.parametrize(
    ("code", "level", "fragment"),
    [
        ("51010", D.DISTRICT, "6 ASCII digits"),
        ("51010a", D.DISTRICT, "6 ASCII digits"),
        ("５１０１０７", D.DISTRICT, "6 ASCII digits"),  # full-width digits are not ASCII
        ("510107", D.STREET, "9 ASCII digits"),
        ("510107015", D.COMMUNITY, "12 ASCII digits"),
        ("001234", D.DISTRICT, "province code"),
        ("510100", D.PROVINCE, "end in '0000'"),
        ("510107", D.CITY, "end in '00'"),
        ("510000", D.CITY, "end in '00'"),
        ("510100", D.DISTRICT, "not end in '00'"),
        ("510107000", D.STREET, "not be '000'"),
        ("510107015000", D.COMMUNITY, "not be '000'"),
    ],
)
def test_malformed_division_codes_name_the_rule(code: str, level: sw.DivisionLevel, fragment: str) -> None:
    """A malformed code is refused with a message that says which rule it breaks."""
    with pytest.raises(sw.InvalidValueError, match=fragment) as info:
        sw.Division(code=code, name="某地", level=level)
    assert info.value.path == "code"
    assert repr(code) in info.value.reason


def test_division_parent_must_be_the_prefix_of_its_code() -> None:
    """A child's code extends its parent's: a street's parent is its first six digits."""
    sw.Division(code="510107015", name="玉林街道", level=D.STREET, parent_code="510107")
    with pytest.raises(sw.InvalidValueError, match="must be '510107'") as info:
        sw.Division(code="510107015", name="玉林街道", level=D.STREET, parent_code="510104")
    assert info.value.path == "parent_code"


def test_district_parent_may_be_its_city_or_its_province() -> None:
    """Districts belong to a city, or directly to a province (省直辖县级)."""
    assert parent_codes("429004", D.DISTRICT) == ("429000", "420000")
    sw.Division(code="429004", name="仙桃市", level=D.DISTRICT, parent_code="420000")
    with pytest.raises(sw.InvalidValueError):
        sw.Division(code="429004", name="仙桃市", level=D.DISTRICT, parent_code="430000")


def test_province_has_no_parent() -> None:
    """A province code has no division above it."""
    with pytest.raises(sw.InvalidValueError, match="no parent"):
        sw.Division(code="510000", name="四川省", level=D.PROVINCE, parent_code="500000")


# -- credit codes ---------------------------------------------------------------------


def test_known_credit_code_passes() -> None:
    """The GB 32100-2015 example code has check character 3."""
    check_credit_code("91350100M000100Y43")
    assert credit_code_check_character("91350100M000100Y4") == "3"


@pytest.mark.parametrize("first", ["Y", "N", "A"])
def test_credit_codes_of_every_authority_pass(first: str) -> None:
    """Codes starting with Y, N or A (which python-stdnum refuses) are valid."""
    first17 = f"{first}1510107MJ0000021"
    check_credit_code(first17 + credit_code_check_character(first17))


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("91350100M000100Y4", "18 characters"),
        ("91350100M000100Y433", "18 characters"),
        ("91350100m000100y43", "capitals"),
        ("91350100I000100Y43", "capitals"),
        ("9135O100M000100Y43", "capitals"),
        ("91ABCDEFM000100Y4X", "division code"),
        ("91350100M000100Y44", "check character should be '3'"),
    ],
)
def test_bad_credit_codes_name_the_rule(code: str, fragment: str) -> None:
    """A bad credit code is refused with the rule it breaks."""
    with pytest.raises(sw.InvalidValueError, match=fragment):
        sw.Organization(id="o", name="机构", kind=sw.OrgKind.OTHER, credit_code=code)


@given(credit_codes(), st.integers(0, 16), st.sampled_from(CREDIT_CODE_ALPHABET))
def test_any_single_substitution_breaks_the_check_character(code: str, index: int, char: str) -> None:
    """Changing one character of the first 17 always changes the expected check character."""
    check_credit_code(code)
    if code[index] == char or (2 <= index < 8 and not char.isdigit()):
        return
    changed = code[:index] + char + code[index + 1 :]
    with pytest.raises(sw.InvalidValueError, match="check character"):
        check_credit_code(changed)


# -- money ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("30000", "30000.00"), (10, "10.00"), (Decimal("0.5"), "0.50"), ("1.10", "1.10"), ("-0", "0.00")],
)
def test_money_is_quantized_to_the_fen(value: Decimal | int | str, expected: str) -> None:
    """Accepted amounts come back as Decimal with exactly two places."""
    money = to_money(value)
    assert money == Decimal(expected)
    assert money.as_tuple().exponent == -2
    assert str(money) == expected


@pytest.mark.parametrize(
    ("value", "error", "fragment"),
    [
        (0.1, sw.InvalidTypeError, "floats cannot hold"),
        (True, sw.InvalidTypeError, "got bool"),
        (None, sw.InvalidTypeError, "got NoneType"),
        ("abc", sw.InvalidValueError, "decimal number"),
        (" 1", sw.InvalidValueError, "written like"),
        ("1_000", sw.InvalidValueError, "written like"),
        ("1e3", sw.InvalidValueError, "written like"),
        ("１２", sw.InvalidValueError, "written like"),
        ("NaN", sw.InvalidValueError, "written like"),
        (Decimal("Infinity"), sw.InvalidValueError, "finite"),
        ("-0.01", sw.InvalidValueError, "non-negative"),
        ("1.005", sw.InvalidValueError, "whole fen"),
        (Decimal("1e30"), sw.InvalidValueError, "below"),
    ],
)
def test_bad_money_is_refused(value: object, error: type[Exception], fragment: str) -> None:
    """Floats, NaN, infinities, negatives and sub-fen amounts are refused with a clear error."""
    with pytest.raises(error, match=fragment):
        to_money(value)  # type: ignore[arg-type]


@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False))
def test_money_round_trips_through_its_string(value: Decimal) -> None:
    """Every fen amount survives str() and back exactly."""
    money = to_money(value)
    assert to_money(str(money)) == money == value
    assert money % FEN == 0


def test_donation_amount_must_be_positive() -> None:
    """A donation of nothing is not a donation."""
    with pytest.raises(sw.InvalidValueError, match="above zero") as info:
        sw.Donation(id="d", fund_id="f", amount="0", date=dt.date(2022, 1, 1))
    assert info.value.path == "amount"


# -- entities ----------------------------------------------------------------------------


def test_entities_are_frozen() -> None:
    """Changing a field raises; attrs.evolve makes a changed copy."""
    station = sw.Station(id="s", name="站", level=sw.StationLevel.STREET, division_id="510107015")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        station.name = "新站"  # type: ignore[misc]
    assert attrs.evolve(station, name="新站").name == "新站"
    assert station.name == "站"


def test_entities_are_slotted_hashable_and_picklable(registry: sw.Registry) -> None:
    """Every entity is slotted, hashable and survives pickling."""
    for entity in registry.entities():
        assert not hasattr(entity, "__dict__")
        hash(entity)
        assert pickle.loads(pickle.dumps(entity)) == entity


@pytest.mark.parametrize(
    ("factory", "field", "fragment"),
    [
        (
            lambda: sw.Station(id="", name="站", level=sw.StationLevel.STREET, division_id="1"),
            "id",
            "non-empty",
        ),
        (
            lambda: sw.Station(id=" s", name="站", level=sw.StationLevel.STREET, division_id="1"),
            "id",
            "spaces",
        ),
        (
            lambda: sw.Station(id=5, name="站", level=sw.StationLevel.STREET, division_id="1"),
            "id",
            "id string",
        ),
        (
            lambda: sw.Station(id="s", name="  ", level=sw.StationLevel.STREET, division_id="1"),
            "name",
            "non-empty",
        ),
        (lambda: sw.Station(id="s", name="站", level="street", division_id="1"), "level", "StationLevel"),
        (
            lambda: sw.Station(
                id="s", name="站", level=sw.StationLevel.STREET, division_id="1", parent_id="s"
            ),
            "parent_id",
            "own parent",
        ),
        (
            lambda: sw.Station(
                id="s", name="站", level=sw.StationLevel.STREET, division_id="1", co_builder_ids="ab"
            ),
            "co_builder_ids",
            "sequence of ids",
        ),
        (
            lambda: sw.Station(
                id="s", name="站", level=sw.StationLevel.STREET, division_id="1", co_builder_ids=["a", "a"]
            ),
            "co_builder_ids",
            "distinct",
        ),
        (
            lambda: sw.Station(
                id="s",
                name="站",
                level=sw.StationLevel.STREET,
                division_id="1",
                opened=dt.datetime(2022, 1, 1),
            ),
            "opened",
            "datetime.date",
        ),
        (
            lambda: sw.Station(id="s", name="站", level=sw.StationLevel.STREET, division_id="1", area_m2=1.5),
            "area_m2",
            "floats",
        ),
        (lambda: sw.SocialWorker(id="w", name="工", tracks=["practitioner"]), "tracks", "TalentTrack"),
        (lambda: sw.Volunteer(id="v", division_id="1", hours="-1"), "hours", "non-negative"),
        (
            lambda: sw.Project(
                id="p", name="项目", operator_id="o", start=dt.date(2022, 2, 1), end=dt.date(2022, 1, 1)
            ),
            "end",
            "before it starts",
        ),
        (
            lambda: sw.Project(
                id="p", name="项目", operator_id="o", start=dt.date(2022, 1, 1), person_times=-1
            ),
            "person_times",
            "at least 0",
        ),
        (
            lambda: sw.Project(
                id="p", name="项目", operator_id="o", start=dt.date(2022, 1, 1), budget="1.001"
            ),
            "budget",
            "whole fen",
        ),
        (
            lambda: sw.Need(
                id="n",
                division_id="1",
                service_kind=sw.ServiceKind.COUNSELLING,
                target_group=sw.TargetGroup.YOUTH,
                persons=0,
            ),
            "persons",
            "at least 1",
        ),
        (
            lambda: sw.Need(
                id="n",
                division_id="1",
                service_kind=sw.ServiceKind.COUNSELLING,
                target_group=sw.TargetGroup.YOUTH,
                persons=True,
            ),
            "persons",
            "whole number",
        ),
        (
            lambda: sw.Need(
                id="n",
                division_id="1",
                service_kind=sw.ServiceKind.COUNSELLING,
                target_group=sw.TargetGroup.YOUTH,
                persons=3,
                urgency=6,
            ),
            "urgency",
            "from 1 to 5",
        ),
        (
            lambda: sw.Grant(
                id="g", fund_id="f", project_id="p", amount="5", date=dt.date(2022, 1, 1), purpose=3
            ),
            "purpose",
            "text",
        ),
    ],
)
def test_each_field_rule_is_enforced_and_named(factory: object, field: str, fragment: str) -> None:
    """A value breaking a one-object rule is refused, naming the field and the rule."""
    with pytest.raises((sw.InvalidValueError, sw.InvalidTypeError), match=fragment) as info:
        factory()  # type: ignore[operator]
    assert info.value.path == field
    assert isinstance(info.value, sw.SocialWorkError)


def test_collections_accept_any_iterable_and_store_tuples_and_frozensets() -> None:
    """Lists and sets given for collections are stored as tuples and frozensets."""
    station = sw.Station(
        id="s", name="站", level=sw.StationLevel.STREET, division_id="1", co_builder_ids=["b", "a"]
    )
    assert station.co_builder_ids == ("b", "a")
    worker = sw.SocialWorker(id="w", name="工", tracks=[sw.TalentTrack.MANAGER, sw.TalentTrack.MANAGER])
    assert worker.tracks == frozenset({sw.TalentTrack.MANAGER})


def test_the_seed_facts_are_representable() -> None:
    """The Wuhan school station: co-built by four bodies, set in a school, a project of 2,000 person-times."""
    station = sw.Station(
        id="wh-school",
        name="经济技术开发区（汉南区）职业教育培训中心社工站",
        level=sw.StationLevel.STREET,
        division_id="420113",
        setting=sw.StationSetting.SCHOOL,
        operator_id="school",
        co_builder_ids=("school", "lichen", "scuec", "procuratorate"),
    )
    project = sw.Project(
        id="shouhu",
        name="守护明天",
        operator_id="lichen",
        start=dt.date(2019, 1, 1),
        end=dt.date(2020, 12, 31),
        service_kinds={
            sw.ServiceKind.HOME_VISIT,
            sw.ServiceKind.COUNSELLING,
            sw.ServiceKind.SOCIAL_INTEGRATION,
        },
        target_groups={sw.TargetGroup.MINORS, sw.TargetGroup.STUDENTS},
        person_times=2000,
    )
    assert station.setting.zh == "学校"
    assert len(station.co_builder_ids) == 4
    assert {k.zh for k in project.service_kinds} == {"家庭探访", "心理咨询", "社会融入"}


# -- version 2 fields: public fundraising and the fund's committee ------------------------


def _fund(**fields: object) -> sw.Fund:
    return sw.Fund(id="f1", name="梧桐社区基金", division_id="371602004001", manager_id="bz-fed",
                   established=dt.date(2021, 3, 1), **fields)  # type: ignore[arg-type]  # fmt: skip


def test_public_fundraising_is_false_unless_given() -> None:
    """An organization holds no public-fundraising qualification unless told; only a bool is taken."""
    org = sw.Organization(id="cf", name="某慈善基金会", kind=sw.OrgKind.FOUNDATION)
    assert org.public_fundraising is False
    assert attrs.evolve(org, public_fundraising=True).public_fundraising is True
    for bad in (1, "true", None):
        with pytest.raises(sw.InvalidTypeError) as info:
            attrs.evolve(org, public_fundraising=bad)
        assert info.value.path == "public_fundraising"


def test_committee_counts_are_unknown_unless_given() -> None:
    """A fund's committee counts are None (not known) by default."""
    fund = _fund()
    assert (fund.committee_members, fund.committee_supervisors) == (None, None)


@given(st.none() | st.integers(0, 2**63 - 1), st.none() | st.integers(0, 2**63 - 1))
def test_committee_counts_take_any_whole_number_from_zero(
    members: int | None, supervisors: int | None
) -> None:
    """Any count from 0, or None, is kept as given."""
    fund = _fund(committee_members=members, committee_supervisors=supervisors)
    assert (fund.committee_members, fund.committee_supervisors) == (members, supervisors)


@pytest.mark.parametrize("field", ["committee_members", "committee_supervisors"])
@pytest.mark.parametrize(
    ("value", "error"),
    [
        (-1, sw.InvalidValueError),
        (True, sw.InvalidTypeError),
        (5.0, sw.InvalidTypeError),
        ("5", sw.InvalidTypeError),
    ],
)
def test_committee_counts_refuse_what_is_no_count(field: str, value: object, error: type[Exception]) -> None:
    """A negative count, a bool, a float or text is refused, naming the field."""
    with pytest.raises(error) as info:
        _fund(**{field: value})
    assert info.value.path == field  # type: ignore[attr-defined]
