"""The words and the layout that every rendering of a report shares."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Final

from socialwork.model import Language
from socialwork.model.validators import one_of
from socialwork.reporting._width import display_width, pad

__all__ = [
    "TEXT",
    "check_lang",
    "json_float",
    "money",
    "percent",
    "ratio",
    "shown",
    "table",
    "text",
]

check_lang: Final = one_of(["en", "zh"])

# Every fixed word of a rendering, in Chinese and English.
TEXT: Final[dict[str, tuple[str, str]]] = {
    "summary_title": ("登记汇总", "Registry summary"),
    "summary_source": ("来源", "source"),
    "report": ("社会工作体系报告", "Social-work system report"),
    "source": ("来源", "source"),
    "as_of": ("截至", "as of"),
    "hierarchy": ("三级体系与覆盖", "Hierarchy and coverage"),
    "entities": ("实体数量", "Entities"),
    "levels": ("社工站层级", "Stations by level"),
    "coverage": ("覆盖率", "Coverage"),
    "streets": ("街道", "streets"),
    "communities": ("社区", "communities"),
    "overall": ("合计", "overall"),
    "by_district": ("覆盖最低的区县", "Least covered districts"),
    "by_street": ("覆盖最低的街道", "Least covered streets"),
    "uncovered": ("未覆盖的区划", "Uncovered divisions"),
    "full": ("全覆盖", "full coverage"),
    "validation": ("规则校验", "Validation"),
    "rules_run": ("规则数", "rules run"),
    "violations": ("问题", "violations"),
    "frequent": ("最常见的规则", "Most frequent rules"),
    "first": ("前几条问题", "First violations"),
    "no_violations": ("未发现问题", "no violations"),
    "linkage": ("五社联动", "Five-society linkage"),
    "mean_score": ("平均完整度", "mean completeness"),
    "histogram": ("完整度分布 (0-5)", "Completeness (0-5)"),
    "weakest": ("联动最弱的社区", "Weakest communities"),
    "missing": ("缺少", "missing"),
    "none_missing": ("无", "none"),
    "bridges": ("关键节点", "Bridges"),
    "bridges_skipped": ("未计算 (规模过大; 可另行开启)", "not computed (registry too large; ask for them)"),
    "cuts_off": ("影响社区", "communities cut off"),
    "bridge_count": ("关键节点数", "bridges found"),
    "col_code": ("代码", "code"),
    "col_id": ("编号", "id"),
    "col_name": ("名称", "name"),
    "col_count": ("数量", "count"),
    "col_path": ("位置", "path"),
    "col_severity": ("级别", "severity"),
    "col_message": ("说明", "message"),
    "col_score": ("完整度", "completeness"),
    "col_district": ("区县", "district"),
    "col_item": ("项目", "item"),
    "col_value": ("数值", "value"),
    "funds": ("社区基金", "Community funds"),
    "rule": ("配捐规则", "matching rule"),
    "fund_count": ("基金数", "funds"),
    "donation_count": ("捐赠笔数", "donations"),
    "raised": ("募集", "raised"),
    "matched": ("配捐", "matched"),
    "total": ("合计", "total"),
    "disbursed": ("资助", "granted"),
    "balance": ("结余", "balance"),
    "at_cap": ("达到上限", "at the cap"),
    "nothing_raised": ("尚未募集", "nothing raised"),
    "person_times": ("服务人次", "person-times"),
    "yuan": ("元", "yuan"),
    "scores": ("评分排名", "Top-scored"),
    "system": ("评价指标体系", "indicator system"),
    "scored": ("参评数", "scored"),
    "rank": ("名次", "rank"),
    "score": ("得分", "score"),
    "no_scores": ("无可评分的对象", "nothing to score"),
    "targets": ("目标进度", "Targets"),
    "goal": ("目标", "goal"),
    "due": ("期限", "due"),
    "observed": ("现值", "observed"),
    "status": ("状态", "status"),
    "not_observed": ("登记中无此数据", "not in the registry"),
    "no_targets": ("无目标", "no targets"),
    "trends": ("变化趋势", "Trends"),
    "snapshots": ("快照", "snapshots"),
    "trend_first": ("首期", "first"),
    "trend_last": ("末期", "last"),
    "trend_change": ("变化", "change"),
    "trend_growth": ("同比", "year on year"),
}


def text(key: str, lang: Language) -> str:
    """Return the fixed word *key* in *lang*."""
    zh, en = TEXT[key]
    return zh if lang == "zh" else en


def table(
    rows: Sequence[Sequence[str]], *, indent: str = "  ", right: frozenset[int] = frozenset()
) -> list[str]:
    """Return *rows* as lines of columns aligned by display width; columns in *right* align right."""
    if not rows:
        return []
    widths = [max(display_width(row[j]) for row in rows) for j in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = []
        for j, cell in enumerate(row):
            fill = widths[j] - display_width(cell)
            cells.append(" " * fill + cell if j in right else pad(cell, widths[j]))
        lines.append((indent + "  ".join(cells)).rstrip())
    return lines


def percent(covered: int, total: int) -> str:
    """Return ``covered / total`` as a percentage with one decimal (100.0% when nothing is counted)."""
    return f"{ratio(covered, total):.1%}"


def ratio(covered: int, total: int) -> float:
    """Return ``covered / total``, 1.0 when *total* is 0 (nothing is missing)."""
    return 1.0 if total == 0 else covered / total


def money(amount: Decimal) -> str:
    """Return *amount* to the fen with thousands separators: ``30,000.00``."""
    return f"{amount:,.2f}"


def shown(count: int, total: int, lang: Language) -> str:
    """Return "5 of 83" (``前 5 / 共 83``): how many rows a bounded list shows of how many."""
    return f"前 {count:,} / 共 {total:,}" if lang == "zh" else f"{count:,} of {total:,}"


def json_float(value: float) -> float:
    """Return *value* rounded to six decimals, the same in JSON on every platform."""
    # Six decimals are enough for people and make the JSON the same on every platform.
    return round(float(value), 6)
