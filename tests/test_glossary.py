"""The glossary maps every Chinese term of the docs and every label of the library to its English."""

from __future__ import annotations

import ast
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


# -- the glossary is the one source of the Chinese terms ----------------------------------

# The tables of terms: every section before the labels.
_TERM_ROWS = [
    [cell.strip() for cell in line.strip().strip("|").split(" | ")]
    for line in GLOSSARY.split("## Labels", 1)[0].splitlines()
    if line.startswith("| ") and not line.startswith(("| 中文", "| ---"))
]


def _terms(cell: str) -> list[str]:
    # The Chinese terms of a cell, "社工站 / 社工站建设", without what brackets add: "社会工作者(社工)".
    return [re.sub(r"[(（][^)）]*[)）]", "", term).strip() for term in re.split(r" / |; ", cell)]


def _rows_naming(name: str) -> list[list[str]]:
    # The term rows whose "in the library" column names *name*, a class or an enumeration's member.
    mention = re.compile(rf"`~?(socialwork\.)?{re.escape(name)}`|`{re.escape(name)}[`(,]")
    return [row for row in _TERM_ROWS if mention.search(row[2])]


def test_each_kind_is_called_by_the_glossary_s_term_for_its_class() -> None:
    """A kind's Chinese label is the first term of a row for its class: 社会组织 for organizations, 资助 for grants."""
    for kind in model.KINDS.values():
        rows = _rows_naming(f"socialwork.{kind.cls.__name__}")
        assert rows, f"no row of terms names {kind.cls.__name__}"
        firsts = [_terms(row[0])[0] for row in rows]
        assert kind.zh in firsts, (kind.name, kind.zh, firsts)


def test_each_member_a_row_of_terms_names_is_called_by_its_term() -> None:
    """A member the tables of terms name (StationLevel.DISTRICT, OrgKind.CHARITY_FEDERATION, ...) is labelled with a term of its row."""
    named = {
        found
        for row in _TERM_ROWS
        for found in re.findall(r"`(\w+)\.([A-Z_]+)`", row[2].replace(", ", "`, `"))
    }
    assert len(named) >= 5
    enums = {cls.__name__: cls for cls in _enums()}
    for cls_name, member_name in sorted(named):
        member = enums[cls_name][member_name]
        rows = [row for row in _TERM_ROWS if f"{cls_name}.{member_name}" in row[2]]
        terms = [term for row in rows for term in _terms(row[0])]
        assert any(member.zh in term for term in terms), (cls_name, member_name, member.zh, terms)  # type: ignore[attr-defined]


def test_every_word_of_the_reports_is_in_the_glossary() -> None:
    """Each fixed word the reports print has its row, key and both texts, in the glossary's last table."""
    from socialwork.reporting._text import TEXT

    section = GLOSSARY.split("### The words of the reports", 1)[1]
    missing = [key for key, (zh, en) in TEXT.items() if f"| `{key}` | {zh} | {en} |" not in section]
    assert missing == []


def _library_words() -> list[tuple[str, str, str]]:
    # Every (where, Chinese, English) pair of words the library prints: labels, headings, the command's words.
    from socialwork.reporting._text import TEXT

    words = [
        (f"{cls.__name__}.{member.name}", member.zh, member.en)  # type: ignore[attr-defined]
        for cls in _enums()
        for member in cls
    ]
    for kind in model.KINDS.values():
        words += [
            (f"KINDS[{kind.name!r}]", kind.zh, kind.en),
            (f"KINDS[{kind.name!r}]", kind.zh, kind.singular),
        ]
    words += [(f"FAMILIES[{family!r}]", zh, en) for family, (zh, en) in rules.FAMILIES.items()]
    words += [(f"TEXT[{key!r}]", zh, en) for key, (zh, en) in TEXT.items()]
    for path in sorted((ROOT / "src" / "socialwork" / "cli").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("say", "text")
                and len(node.args) == 3
                and all(isinstance(arg, ast.Constant) for arg in node.args[1:])
            ):
                zh, en = (arg.value for arg in node.args[1:])  # type: ignore[attr-defined]
                words.append((f"cli/{path.name}:{node.lineno}", zh, en))
    return words


def _english_term(text: str) -> str:
    # One form of an English term: lower case, no article, singular.
    term = re.sub(r"^(the|a|an) ", "", text.lower().strip())
    return term[:-1] if term.endswith("s") and not term.endswith("ss") else term


def test_one_english_term_has_one_chinese_word_everywhere() -> None:
    """Wherever the library prints one English term, its Chinese is one word, which a heading may add to.

    Labels, kinds, families, the reports' words and the command's own: "grant" is 资助
    everywhere (not 拨付 in one place and 基金资助 in another), "source" is 来源, and a
    heading such as 捐赠笔数 (donations, counted) holds the word 捐赠.
    """
    assert _apart(_library_words()) == {}


def _apart(words: list[tuple[str, str, str]]) -> dict[str, list[tuple[str, str]]]:
    # The English terms whose Chinese words do not all hold the shortest of them, with where each is.
    by_term: dict[str, set[tuple[str, str]]] = {}
    for where, zh, en in words:
        by_term.setdefault(_english_term(en), set()).add((zh, where))
    apart = {}
    for term, found in sorted(by_term.items()):
        word = min((zh for zh, _ in found), key=len)
        if any(word not in zh for zh, _ in found):
            apart[term] = sorted(found)
    return apart


def test_the_check_of_one_word_finds_two() -> None:
    """The check finds 拨付 and 基金资助 for "grant", as the library had them, and lets 捐赠笔数 hold 捐赠."""
    words = [
        ("EntryKind.GRANT", "拨付", "grant"),
        ("KINDS", "基金资助", "grants"),
        ("KINDS", "捐赠", "donations"),
    ]
    assert list(_apart(words)) == ["grant"]
    assert _apart([*words[2:], ("TEXT", "捐赠笔数", "donations")]) == {}
