"""The model's error messages in two languages: the English as it always was, and Chinese with the same values.

Each test makes representative errors of one module of ``socialwork.model`` and
checks that the English text is unchanged, character for character, and that the
Chinese (``reason.zh``, ``problem.render("zh")``) is Chinese and echoes the same
values: ids, codes, numbers and type names are the same in both languages.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from decimal import Decimal

import attrs
import pytest

import socialwork as sw
from socialwork.errors import Message
from socialwork.model import KINDS, LabelledEnum, kind_named, kind_of, set_labels, validators
from socialwork.model._messages import expected, typed
from tests._messages import CJK, assert_both


def _reason(call: Callable[[], object]) -> Message:
    # The reason of the FieldError that *call* raises, which must be a Message.
    with pytest.raises(sw.FieldError) as caught:
        call()
    reason = caught.value.reason
    assert isinstance(reason, Message)
    return reason


def test_expected_puts_a_space_only_next_to_ascii() -> None:
    """The shared 'expected X, got Y' parts 应为/实为 from a part by a space exactly when the part starts with ASCII."""
    text = Message("text", "文本")
    assert expected(text, "int 3").zh == "应为文本，实为 int 3"
    assert (
        expected(Message("a bool", "bool 类型的值"), Message("a gap", "空缺")).zh
        == "应为 bool 类型的值，实为空缺"
    )
    assert expected(text, "int 3") == "expected text, got int 3"
    assert typed(3) == "int 3"
    assert typed(10**5000).zh == "int 一个 5001 位的整数"


@pytest.mark.parametrize(
    ("check", "value", "en", "values"),
    [
        (validators.check_id, 3, "expected an id string, got int 3", ["int 3"]),
        (
            validators.check_id,
            " wh-hub",
            "expected non-empty printable text without surrounding spaces, got ' wh-hub'",
            ["' wh-hub'"],
        ),
        (validators.check_text, "  ", "expected non-empty text", []),
        (
            validators.check_text,
            "a\ud800",
            "expected text that UTF-8 can hold, got a lone surrogate at character 1",
            ["UTF-8", "1"],
        ),
        (validators.check_str, b"x", "expected text, got bytes b'x'", ["bytes b'x'"]),
        (
            validators.personal(validators.check_text),
            "  ",
            "expected non-empty text, got str (a personal value, not shown)",
            ["str"],
        ),
        (
            validators.member_of(sw.StationLevel),
            "street",
            "expected a StationLevel, got str 'street'",
            ["StationLevel", "str 'street'"],
        ),
        (
            validators.members_of(sw.TalentTrack),
            frozenset({"manager"}),
            "expected members of TalentTrack, got str 'manager'",
            ["TalentTrack", "str 'manager'"],
        ),
        (
            validators.check_ids,
            ("s2", "s1", "s2", "s1"),
            "expected distinct ids, got 's1', 's2' more than once",
            ["'s1', 's2'"],
        ),
        (
            validators.check_date,
            dt.datetime(2022, 1, 1, 9),
            "expected a datetime.date, got datetime datetime.datetime(2022, 1, 1, 9, 0)",
            ["datetime.date", "datetime.datetime(2022, 1, 1, 9, 0)"],
        ),
        (validators.int_between(1, 5), 6, "expected a whole number from 1 to 5, got 6", ["1", "5", "6"]),
        (validators.int_between(0), -1, "expected a whole number at least 0, got -1", ["0", "-1"]),
        (validators.int_between(0), True, "expected a whole number, got bool True", ["bool True"]),
        (
            validators.check_positive,
            Decimal("0.00"),
            "expected an amount above zero, got '0.00'",
            ["'0.00'"],
        ),
        (
            validators.instance_of(int, float),
            "1",
            "expected a int or float, got str '1'",
            ["int 或 float", "str '1'"],
        ),
        (
            validators.one_of(["min_max", "vector"]),
            "sum",
            "expected one of 'min_max', 'vector', got 'sum'",
            ["'min_max', 'vector'", "'sum'"],
        ),
    ],
    ids=lambda item: item if isinstance(item, str) and len(item) < 20 else None,
)
def test_validators_say_what_they_expected_in_both_languages(
    check: validators.Validator, value: object, en: str, values: list[str]
) -> None:
    """Every validator's reason keeps its English and says the same in Chinese, with the same values."""
    assert_both(_reason(lambda: check(None, "field", value)), en, *values)


def test_money_conversions_explain_themselves_in_chinese() -> None:
    """to_decimal, to_money, to_fen and from_fen refuse in both languages, the float hint included."""
    assert_both(
        _reason(lambda: sw.model.to_decimal(1.5)),  # type: ignore[arg-type]
        "expected a Decimal, int or str, got float 1.5 "
        "(floats cannot hold decimal amounts exactly; use Decimal or str)",
        "float 1.5",
        "Decimal",
    )
    assert_both(
        _reason(lambda: sw.model.to_decimal("1e3")),
        "expected a decimal number written like '1200.50', got '1e3'",
        "'1200.50'",
        "'1e3'",
    )
    assert_both(
        _reason(lambda: sw.model.to_decimal("-1")), "expected a non-negative number, got '-1'", "'-1'"
    )
    assert_both(
        _reason(lambda: sw.model.to_decimal(Decimal("NaN"))), "expected a finite number, got 'NaN'", "'NaN'"
    )
    assert_both(
        _reason(lambda: sw.model.to_decimal(10**30)),
        "expected a number below 10**25, got 1000000000000000000000000000000",
        "10**25",
    )
    whole_fen = _reason(lambda: sw.model.to_money("0.005"))
    assert_both(whole_fen, "expected an amount in whole fen (0.01 yuan), got '0.005'", "0.01 元", "'0.005'")
    assert _reason(lambda: sw.model.to_fen(Decimal("0.005"))).zh == whole_fen.zh
    assert_both(
        _reason(lambda: sw.model.to_fen(1)),  # type: ignore[arg-type]
        "expected a finite Decimal amount, got int 1",
        "int 1",
    )
    assert_both(
        _reason(lambda: sw.model.from_fen("5")),  # type: ignore[arg-type]
        "expected a whole number of fen, got str '5'",
        "str '5'",
    )


@pytest.mark.parametrize(
    ("code", "level", "en", "values"),
    [
        (
            510107,
            "DISTRICT",
            "a district code must be a string of 6 digits, got 510107",
            ["区县", "6", "510107"],
        ),
        (
            "５１０１０７",
            "DISTRICT",
            "a district code must be 6 ASCII digits, got '５１０１０７'",
            ["区县", "6"],
        ),
        (
            "000107",
            "CITY",
            "a city code must start with a province code, not '00', got '000107'",
            ["'000107'"],
        ),
        ("510100", "PROVINCE", "a province code must end in '0000', got '510100'", ["'0000'", "'510100'"]),
        ("510107", "CITY", "a city code must end in '00' but not '0000', got '510107'", ["'510107'"]),
        (
            "510100",
            "DISTRICT",
            "a district code must not end in '00' (that is a city), got '510100'",
            ["'00'"],
        ),
        (
            "510107000",
            "STREET",
            "a street code's last three digits must not be '000', got '510107000'",
            ["'000'"],
        ),
        (
            "510107015000",
            "COMMUNITY",
            "a community code's last three digits must not be '000', got '510107015000'",
            ["'510107015000'"],
        ),
    ],
)
def test_division_codes_say_which_rule_they_break_in_both_languages(
    code: object, level: str, en: str, values: list[str]
) -> None:
    """check_division_code names the level and the rule in Chinese too, with the code as given."""
    reason = _reason(lambda: sw.model.check_division_code(code, sw.DivisionLevel[level]))
    assert_both(reason, en, *values)


@pytest.mark.parametrize(
    ("code", "en", "values"),
    [
        (5, "a credit code must be a string of 18 characters, got 5", ["18", "5"]),
        ("91350100M000100Y4", "a credit code has 18 characters, got 17 in '91350100M000100Y4'", ["17"]),
        (
            "9135o100M000100Y43",
            "a credit code uses only 0-9 and the capitals of 'ABCDEFGHJKLMNPQRTUWXY', got 'o' in '9135o100M000100Y43'",
            ["'ABCDEFGHJKLMNPQRTUWXY'", "'o'", "'9135o100M000100Y43'"],
        ),
        (
            "91AB0100M000100Y43",
            "characters 3 to 8 of a credit code are a division code, got 'AB0100' in '91AB0100M000100Y43'",
            ["'AB0100'"],
        ),
        (
            "91350100M000100Y44",
            "check character should be '3', got '4' in '91350100M000100Y44'",
            ["'3'", "'4'", "'91350100M000100Y44'"],
        ),
    ],
)
def test_credit_codes_say_which_rule_they_break_in_both_languages(
    code: object, en: str, values: list[str]
) -> None:
    """check_credit_code explains each broken rule of GB 32100-2015 in Chinese, with the same characters."""
    assert_both(_reason(lambda: sw.model.check_credit_code(code)), en, *values)
    assert CJK.search(_reason(lambda: sw.model.credit_code_check_character("x")).zh)


def test_entities_refuse_in_both_languages() -> None:
    """The entities' own checks (parent codes, own parent, dates, credit codes, set_repr) are bilingual."""
    parent = _reason(
        lambda: sw.Division(
            code="510107", name="武侯区", level=sw.DivisionLevel.DISTRICT, parent_code="510108"
        )
    )
    assert_both(
        parent,
        "the parent of district '510107' must be '510100' or '510000', got '510108'",
        "区县 '510107'",
        "'510100' 或 '510000'",
        "'510108'",
    )
    assert_both(
        _reason(
            lambda: sw.Division(
                code="510000", name="四川省", level=sw.DivisionLevel.PROVINCE, parent_code="1"
            )
        ),
        "a province has no parent division, got '1'",
        "'1'",
    )
    assert_both(
        _reason(
            lambda: sw.Station(
                id="s", name="站", level=sw.StationLevel.STREET, division_id="1", parent_id="s"
            )
        ),
        "a station cannot be its own parent, got 's'",
        "社工站",
        "'s'",
    )
    assert_both(
        _reason(
            lambda: sw.Project(
                id="p", name="项目", operator_id="o", start=dt.date(2020, 1, 2), end=dt.date(2020, 1, 1)
            )
        ),
        "a project cannot end (2020-01-01) before it starts (2020-01-02)",
        "2020-01-01",
        "2020-01-02",
    )
    assert_both(
        _reason(lambda: sw.Organization(id="o", name="机构", kind=sw.OrgKind.OTHER, credit_code=5)),  # type: ignore[arg-type]
        "expected a credit code string, got int 5",
        "int 5",
    )
    assert_both(
        _reason(lambda: sw.model.set_repr([1])),  # type: ignore[arg-type]
        "expected a set or frozenset, got list",
        "list",
    )


def test_a_personal_value_stays_hidden_in_chinese_too() -> None:
    """A bad worker's name is not echoed in either language."""
    reason = _reason(lambda: sw.SocialWorker(id="w", name="\ud800李"))
    assert_both(reason, "expected text that UTF-8 can hold, got str (a personal value, not shown)", "str")
    assert "李" not in reason.zh


def test_labels_and_kinds_refuse_in_both_languages() -> None:
    """label(), set_labels, kind_of, kind_named and is_personal write their errors in Chinese too."""
    assert_both(
        _reason(lambda: sw.StationLevel.STREET.label("fr")),  # type: ignore[arg-type]
        "expected 'zh' or 'en', got 'fr'",
        "'zh' 或 'en'",
        "'fr'",
    )
    assert_both(
        _reason(lambda: KINDS["stations"].label("fr")),  # type: ignore[arg-type]
        "expected 'zh' or 'en', got 'fr'",
        "'fr'",
    )

    class Mood(LabelledEnum):
        GOOD = "good"

    assert_both(
        _reason(lambda: set_labels(Mood, {"BAD": ("坏", "bad")})),
        "Mood labels: missing ['GOOD'], extra ['BAD']",
        "Mood",
        "['GOOD']",
        "['BAD']",
    )
    assert_both(
        _reason(lambda: set_labels(enum.Enum, {})),
        "expected a LabelledEnum or LabelledIntEnum class, got <enum 'Enum'>",
        "<enum 'Enum'>",
    )
    assert_both(
        _reason(lambda: kind_of(3)),  # type: ignore[arg-type]
        "expected a socialwork entity or entity class, got int",
        "int",
    )
    with pytest.raises(sw.UnknownIdError) as caught:
        kind_named("people")
    message = caught.value.args[0]
    assert str(caught.value) == (
        "unknown kind 'people'; expected one of divisions, organizations, stations, social_workers, "
        "volunteers, projects, needs, funds, donations, grants, cases, consents, referrals, referral_events"
    )
    assert message.zh.startswith("未知的实体种类 'people'；应为 divisions, ")
    assert_both(
        _reason(lambda: sw.model.is_personal(sw.SocialWorker, "age")),
        "a social worker has no field 'age'",
        "社会工作者",
        "'age'",
    )
    assert_both(
        _reason(lambda: sw.model.is_personal(sw.SocialWorker, 3)),  # type: ignore[arg-type]
        "expected a field name, got int",
        "int",
    )


def _unknown(call: Callable[[], object]) -> Message:
    with pytest.raises(sw.UnknownIdError) as caught:
        call()
    message = caught.value.args[0]
    assert isinstance(message, Message)
    assert str(caught.value) == message
    return message


def test_the_registry_names_unknown_ids_by_their_kind_in_chinese() -> None:
    """Unknown ids, unknown references and refused changes of a registry are bilingual; kinds use their Chinese names."""
    registry = sw.datasets.example()
    for name, kind in KINDS.items():
        message = _unknown(lambda name=name: getattr(registry, name)["nope"])  # type: ignore[misc]
        assert message == f"unknown {kind.singular} 'nope'"
        assert message.zh == f"未知的{kind.zh} 'nope'"
    assert _unknown(lambda: registry.get("nope")).zh == "未知的 id 'nope'"
    replaced = _unknown(lambda: registry.replace([sw.Volunteer(id="zz", division_id="1")]))
    assert (replaced, replaced.zh) == ("cannot replace unknown id(s) 'zz'", "无法替换未知的 id 'zz'")
    removed = _unknown(lambda: registry.remove(["b", "a"]))
    assert (removed, removed.zh) == ("cannot remove unknown id(s) 'a', 'b'", "无法删除未知的 id 'a', 'b'")
    reference = _reason(lambda: registry.referrer_index("stations", "nope"))
    assert reference.startswith("unknown reference stations.nope; expected one of divisions.parent_code, ")
    assert reference.zh.startswith("未知的引用 stations.nope；应为 divisions.parent_code, ")
    assert_both(
        _reason(lambda: sw.model.document_order("x")),  # type: ignore[arg-type]
        "expected a Problem, got str",
        "str",
    )


def test_a_registry_that_cannot_be_built_lists_its_problems_in_chinese() -> None:
    """InvalidRegistryError's summary and every problem (foreign objects, duplicates, dangling references) render in Chinese."""
    volunteer = sw.Volunteer(id="v", division_id="nowhere")
    with pytest.raises(sw.InvalidRegistryError) as caught:
        sw.Registry([1, volunteer, volunteer])  # type: ignore[list-item]
    error = caught.value
    assert error.summary == "cannot build the registry"
    assert error.summary.zh == "无法建立登记"  # type: ignore[attr-defined]
    assert [str(p) for p in error.problems] == [
        "entities[0]: expected a socialwork entity, got int 1",
        "volunteers[0].division_id: unknown division 'nowhere'",
        "volunteers[1].id: duplicate id 'v', already used by volunteers[0]",
        "volunteers[1].division_id: unknown division 'nowhere'",
    ]
    assert [p.render("zh") for p in error.problems] == [
        "entities[0]: 应为 socialwork 实体，实为 int 1",
        "volunteers[0].division_id: 未知的行政区划 'nowhere'",
        "volunteers[1].id: 重复的 id 'v'，已被 volunteers[0] 使用",
        "volunteers[1].division_id: 未知的行政区划 'nowhere'",
    ]
    project = attrs.evolve(sw.datasets.example().projects["p-elderly"], station_ids=("nope",))
    with pytest.raises(sw.InvalidRegistryError) as caught:
        sw.Registry.from_kinds({"people": [], "stations": [volunteer], "projects": [project]})
    rendered = [p.render("zh") for p in caught.value.problems]
    assert rendered[1] == "stations[0]: 应为 Station 实体，实为 Volunteer"
    assert rendered[0].startswith("people: 未知的实体种类 'people'；应为 ")
    with pytest.raises(sw.InvalidRegistryError) as caught:
        sw.Registry.from_kinds({"projects": [project]})
    rendered = [p.render("zh") for p in caught.value.problems]
    assert "projects[0].station_ids[0]: 未知的社工站 'nope'" in rendered
