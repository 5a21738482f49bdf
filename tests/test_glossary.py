"""The glossary maps every Chinese term of the docs and every label of the library to its English."""

from __future__ import annotations

import enum
import re
from pathlib import Path

import pytest

from socialwork import funds, matching, model, rules, scoring, targets

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")

# The policy terms of the design's glossary: the words of the source reports.
DESIGN_TERMS = [
    "社工站",
    "区社工总站",
    "街道社工站",
    "社区社工室",
    "三级联动",
    "全覆盖",
    "中职学校社工站",
    "共建",
    "行政区划",
    "社会组织",
    "社工机构",
    "慈善总会",
    "社会工作者",
    "实务",
    "管理",
    "督导",
    "社区志愿者",
    "社会慈善资源",
    "五社联动",
    "社工项目",
    "服务项目",
    "家庭探访",
    "即时心理咨询",
    "社会融入活动",
    "人次",
    "需求",
    "服务供需精准对接",
    "双选会",
    "社区基金",
    "配捐",
    "管理办法",
    "评价指标",
    "三优评选",
    "公益创投大赛",
    "五大行动",
]

# Names, not terms: places and bodies of the scenarios, which the glossary does not list.
NAMES = {"滨州", "成都市武侯区", "汉南区", "区人民检察院"}

# The hand-written pages; rules.md is generated from the rule catalogue, parameters and all.
PAGES = [
    page
    for page in sorted((ROOT / "docs").glob("**/*.md"))
    if page.name not in ("glossary.md", "rules.md") and "_build" not in page.parts
]


def _enums() -> list[type[enum.Enum]]:
    found: list[type[enum.Enum]] = []
    for module in (model, funds, matching, scoring, targets, rules):
        for name in module.__all__:
            value = getattr(module, name)
            labelled = isinstance(value, type) and issubclass(
                value, (model.LabelledEnum, model.LabelledIntEnum)
            )
            if labelled and len(value) and value not in found:  # the bases have no members
                found.append(value)
    return found


@pytest.mark.parametrize("cls", _enums(), ids=lambda cls: cls.__name__)
def test_every_label_of_every_public_enumeration_is_in_the_glossary(cls: type[enum.Enum]) -> None:
    """Each member has its row, value and both labels, under its enumeration's heading."""
    section = GLOSSARY.split(f"{cls.__name__}`\n", 1)[1].split("###", 1)[0]
    for member in cls:
        row = f"| `{member.value}` | {member.zh} | {member.en} |"  # type: ignore[attr-defined]
        assert row in section, row


def test_every_kind_and_rule_family_is_in_the_glossary() -> None:
    """The kinds of entity and the rule families have their rows with both labels."""
    for kind in model.KINDS.values():
        assert f"| `{kind.name}` | {kind.zh} | {kind.en} |" in GLOSSARY
    for family, (zh, en) in rules.FAMILIES.items():
        assert f"| `{family}` | {zh} | {en} |" in GLOSSARY


def test_every_term_of_the_design_is_in_the_glossary() -> None:
    """The policy terms of the source reports are all glossed."""
    assert [term for term in DESIGN_TERMS if term not in GLOSSARY] == []


def test_every_chinese_term_a_page_glosses_is_in_the_glossary() -> None:
    """A Chinese term a page puts in brackets after its English, "fund (基金)", is in the glossary."""
    term = re.compile(r"[(（]([\u4e00-\u9fff]{2,}(?:[/、 ][\u4e00-\u9fff]+)*)[)）]")
    missing = {
        (page.name, found)
        for page in PAGES
        for found in term.findall(page.read_text(encoding="utf-8"))
        if found not in GLOSSARY and found not in NAMES
    }
    assert missing == set()
