"""The values of a report: one frozen attrs class a section, each rendered as text and as JSON data."""

from __future__ import annotations

import datetime  # noqa: ICN001 - spelled out: the docs read these annotations unevaluated
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final

import attrs

import socialwork.reporting as layout  # display_width and pad: read at call time (circular import)
from socialwork.model import KINDS, MONEY_CONTEXT, Language, Severity, Society, StationLevel
from socialwork.model.validators import one_of

if TYPE_CHECKING:
    from socialwork.targets import TargetStatus

__all__ = [
    "Bridging",
    "CommunityRow",
    "CoverageRow",
    "FundsSection",
    "HierarchySection",
    "LinkageSection",
    "Ranking",
    "Report",
    "ScoreRow",
    "TargetRow",
    "TargetsSection",
    "ValidationSection",
    "ViolationRow",
]

check_lang: Final = one_of(["en", "zh"])

# Every fixed word of a rendering, in Chinese and English.
TEXT: Final[dict[str, tuple[str, str]]] = {
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
    "funds": ("社区基金", "Community funds"),
    "rule": ("配捐规则", "matching rule"),
    "fund_count": ("基金数", "funds"),
    "donation_count": ("捐赠笔数", "donations"),
    "raised": ("募集", "raised"),
    "matched": ("配捐", "matched"),
    "total": ("合计", "total"),
    "disbursed": ("资助支出", "granted"),
    "balance": ("结余", "balance"),
    "at_cap": ("达到上限", "at the cap"),
    "nothing_raised": ("尚未募集", "nothing raised"),
    "person_times": ("服务人次", "person-times"),
    "yuan": ("元", "yuan"),
    "scores": ("评分排名", "Top-scored"),
    "system": ("指标体系", "indicator system"),
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
    widths = [max(layout.display_width(row[j]) for row in rows) for j in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = []
        for j, cell in enumerate(row):
            fill = widths[j] - layout.display_width(cell)
            cells.append(" " * fill + cell if j in right else layout.pad(cell, widths[j]))
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


def _float(value: float) -> float:
    # Six decimals are enough for people and make the JSON the same on every platform.
    return round(float(value), 6)


# -- hierarchy ----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class CoverageRow:
    """How many of the divisions under one division are covered by stations of their level.

    Attributes:
        code: The division's code.
        name: The division's name.
        covered: The street and community divisions at or below it that have a station of their level.
        total: The street and community divisions counted.

    Examples:
        >>> from socialwork.reporting import CoverageRow
        >>> CoverageRow(code="510107", name="武侯区", covered=3, total=4).ratio
        0.75

    .. versionadded:: 0.2
    """

    code: str
    name: str
    covered: int
    total: int

    @property
    def ratio(self) -> float:
        """``covered / total``; 1.0 when nothing is counted."""
        return ratio(self.covered, self.total)

    def to_dict(self) -> dict[str, Any]:
        """Return the row as JSON data."""
        return {
            "code": self.code,
            "name": self.name,
            "covered": self.covered,
            "total": self.total,
            "ratio": _float(self.ratio),
        }


@attrs.frozen(kw_only=True)
class HierarchySection:
    """The registry's size, its station tree and its coverage (全覆盖).

    Attributes:
        counts: The number of entities of each kind, in the order of
            :data:`~socialwork.model.KINDS`.
        levels: The number of stations on each :class:`~socialwork.StationLevel`.
        streets: Street divisions covered by a street station, and counted.
        communities: Community divisions covered by a community room, and counted.
        districts: The least covered districts (lowest ratio, then code), at most
            the report's *limit*.
        district_count: How many districts there are in all.
        street_rows: The least covered streets, at most *limit*.
        street_count: How many streets there are in all.
        uncovered: The first uncovered street and community divisions by code, at
            most *limit*, each as a row of itself.
        uncovered_count: How many divisions are uncovered in all.

    .. versionadded:: 0.2
    """

    counts: tuple[tuple[str, int], ...]
    levels: tuple[tuple[StationLevel, int], ...]
    streets: tuple[int, int]
    communities: tuple[int, int]
    districts: tuple[CoverageRow, ...]
    district_count: int
    street_rows: tuple[CoverageRow, ...]
    street_count: int
    uncovered: tuple[CoverageRow, ...]
    uncovered_count: int

    @property
    def overall(self) -> tuple[int, int]:
        """The streets and communities together, covered and counted."""
        return (self.streets[0] + self.communities[0], self.streets[1] + self.communities[1])

    def to_dict(self) -> dict[str, Any]:
        """Return the section as JSON data."""

        def share(pair: tuple[int, int]) -> dict[str, Any]:
            return {"covered": pair[0], "total": pair[1], "ratio": _float(ratio(*pair))}

        return {
            "counts": dict(self.counts),
            "stations_by_level": {level.value: count for level, count in self.levels},
            "coverage": {
                "streets": share(self.streets),
                "communities": share(self.communities),
                "overall": share(self.overall),
            },
            "districts": [row.to_dict() for row in self.districts],
            "district_count": self.district_count,
            "streets": [row.to_dict() for row in self.street_rows],
            "street_count": self.street_count,
            "uncovered": [{"code": row.code, "name": row.name} for row in self.uncovered],
            "uncovered_count": self.uncovered_count,
        }

    def to_lines(self, lang: Language) -> list[str]:
        """Return the section as lines of text in *lang*."""
        lines = [text("hierarchy", lang), "", text("entities", lang)]
        labels = {name: kind.label(lang) for name, kind in KINDS.items()}
        lines += table([(labels[name], f"{count:,}") for name, count in self.counts], right=frozenset({1}))
        lines += ["", text("levels", lang)]
        lines += table(
            [(level.label(lang), f"{count:,}") for level, count in self.levels], right=frozenset({1})
        )
        lines += ["", text("coverage", lang)]
        rows = [
            (text(key, lang), f"{pair[0]:,}/{pair[1]:,}", percent(*pair))
            for key, pair in (
                ("streets", self.streets),
                ("communities", self.communities),
                ("overall", self.overall),
            )
        ]
        lines += table(rows, right=frozenset({1, 2}))
        for key, rows_, count in (
            ("by_district", self.districts, self.district_count),
            ("by_street", self.street_rows, self.street_count),
        ):
            if rows_ and count > 1:
                lines += ["", f"{text(key, lang)} ({shown(len(rows_), count, lang)})"]
                lines += table(
                    [
                        (r.code, r.name, f"{r.covered:,}/{r.total:,}", percent(r.covered, r.total))
                        for r in rows_
                    ],
                    right=frozenset({2, 3}),
                )
        lines.append("")
        if self.uncovered_count:
            lines.append(f"{text('uncovered', lang)} ({self.uncovered_count:,})")
            lines += table([(row.code, row.name) for row in self.uncovered])
        else:
            lines.append(f"{text('uncovered', lang)}: 0 ({text('full', lang)})")
        return lines


# -- validation ---------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ViolationRow:
    """One violation as the report shows it.

    Attributes:
        code: The rule's code.
        severity: How serious it is.
        subject: The entity or division it concerns.
        path: Where in the data.
        message_zh: What is wrong, in Chinese.
        message_en: What is wrong, in English.

    .. versionadded:: 0.2
    """

    code: str
    severity: Severity
    subject: str
    path: str
    message_zh: str
    message_en: str

    def message(self, lang: Language) -> str:
        """Return the message in *lang*."""
        return self.message_zh if lang == "zh" else self.message_en

    def to_dict(self) -> dict[str, Any]:
        """Return the row as JSON data."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "subject": self.subject,
            "path": self.path,
            "message": {"zh": self.message_zh, "en": self.message_en},
        }


_SEVERITIES: Final = (Severity.ERROR, Severity.WARNING, Severity.INFO)


@attrs.frozen(kw_only=True)
class ValidationSection:
    """What :func:`socialwork.rules.validate` found, counted.

    Attributes:
        rules: How many rules ran.
        counts: The violations of each severity, errors first.
        codes: The most frequent rule codes with their counts (most first, then by
            code), at most the report's *limit*.
        first: The first violations in the report's order (code, subject, path), at
            most *limit*.

    .. versionadded:: 0.2
    """

    rules: int
    counts: tuple[tuple[Severity, int], ...]
    codes: tuple[tuple[str, int], ...]
    first: tuple[ViolationRow, ...]

    @property
    def total(self) -> int:
        """How many violations there are in all."""
        return sum(count for _, count in self.counts)

    @property
    def errors(self) -> int:
        """How many violations are errors."""
        return dict(self.counts).get(Severity.ERROR, 0)

    @property
    def ok(self) -> bool:
        """Whether no violation is an error."""
        return self.errors == 0

    def to_dict(self) -> dict[str, Any]:
        """Return the section as JSON data."""
        return {
            "ok": self.ok,
            "rules": self.rules,
            "total": self.total,
            "counts": {severity.value: count for severity, count in self.counts},
            "codes": [{"code": code, "count": count} for code, count in self.codes],
            "violations": [row.to_dict() for row in self.first],
        }

    def to_lines(self, lang: Language) -> list[str]:
        """Return the section as lines of text in *lang*."""
        lines = [text("validation", lang), ""]
        rows = [(text("rules_run", lang), f"{self.rules:,}")]
        rows += [(severity.label(lang), f"{count:,}") for severity, count in self.counts]
        lines += table(rows, right=frozenset({1}))
        if not self.total:
            lines += ["", f"  {text('no_violations', lang)}"]
            return lines
        lines += ["", text("frequent", lang)]
        lines += table([(code, f"{count:,}") for code, count in self.codes], right=frozenset({1}))
        lines += ["", f"{text('first', lang)} ({shown(len(self.first), self.total, lang)})"]
        lines += table([(r.code, r.severity.label(lang), r.path, r.message(lang)) for r in self.first])
        return lines


# -- linkage ------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class CommunityRow:
    """A community's five-society completeness, and the societies it lacks.

    Attributes:
        code: The community's code.
        name: Its name.
        score: How many of the five societies reach it, 0 to 5.
        missing: The societies that do not, in :class:`~socialwork.Society` order.

    .. versionadded:: 0.2
    """

    code: str
    name: str
    score: int
    missing: tuple[Society, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the row as JSON data."""
        return {
            "code": self.code,
            "name": self.name,
            "score": self.score,
            "missing": [society.value for society in self.missing],
        }


@attrs.frozen(kw_only=True)
class Bridging:
    """A station or organization whose loss would cut communities off from a society.

    Attributes:
        entity_id: The station's or organization's id.
        kind: ``"stations"`` or ``"organizations"``.
        name: Its name.
        district_id: The district whose linkage graph it cuts.
        cut_off: How many communities it would cut off.

    .. versionadded:: 0.2
    """

    entity_id: str
    kind: str
    name: str
    district_id: str
    cut_off: int

    def to_dict(self) -> dict[str, Any]:
        """Return the row as JSON data."""
        return {
            "id": self.entity_id,
            "kind": self.kind,
            "name": self.name,
            "district": self.district_id,
            "cut_off": self.cut_off,
        }


@attrs.frozen(kw_only=True)
class LinkageSection:
    """The five-society linkage (五社联动) of the communities: how complete, and where weakest.

    Attributes:
        communities: How many communities are profiled.
        mean_score: Their mean completeness score, 0 to 5.
        score_counts: How many communities have each score, 0 to 5.
        weakest: The weakest communities (lowest score, then code), at most the
            report's *top*.
        bridges: The bridges (:func:`socialwork.linkage.bridges`) cutting off the
            most communities, at most *top*; ``None`` when they were not computed.
        bridge_count: How many bridges there are in all; ``None`` when not computed.

    .. versionadded:: 0.2
    """

    communities: int
    mean_score: float
    score_counts: tuple[int, ...]
    weakest: tuple[CommunityRow, ...]
    bridges: tuple[Bridging, ...] | None
    bridge_count: int | None

    def to_dict(self) -> dict[str, Any]:
        """Return the section as JSON data."""
        return {
            "communities": self.communities,
            "mean_score": _float(self.mean_score),
            "score_counts": list(self.score_counts),
            "weakest": [row.to_dict() for row in self.weakest],
            "bridges": None if self.bridges is None else [row.to_dict() for row in self.bridges],
            "bridge_count": self.bridge_count,
        }

    def to_lines(self, lang: Language) -> list[str]:
        """Return the section as lines of text in *lang*."""
        lines = [text("linkage", lang), ""]
        rows = [
            (text("communities", lang), f"{self.communities:,}"),
            (text("mean_score", lang), f"{self.mean_score:.2f}"),
        ]
        lines += table(rows, right=frozenset({1}))
        lines += ["", text("histogram", lang)]
        most = max(self.score_counts, default=0) or 1
        lines += table(
            [
                (str(score), f"{count:,}", "#" * round(20 * count / most))
                for score, count in enumerate(self.score_counts)
            ],
            right=frozenset({1}),
        )
        if self.weakest:
            lines += ["", text("weakest", lang)]
            lines += table(
                [
                    (
                        row.code,
                        row.name,
                        f"{row.score}/5",
                        f"{text('missing', lang)}: "
                        + (", ".join(s.label(lang) for s in row.missing) or text("none_missing", lang)),
                    )
                    for row in self.weakest
                ]
            )
        lines += ["", text("bridges", lang)]
        if self.bridges is None:
            lines.append(f"  {text('bridges_skipped', lang)}")
        else:
            lines.append(f"  {self.bridge_count:,}")
            lines += table(
                [
                    (b.entity_id, b.name, b.district_id, f"{text('cuts_off', lang)}: {b.cut_off:,}")
                    for b in self.bridges
                ]
            )
        return lines


# -- funds --------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class FundsSection:
    """The community funds' totals (:func:`socialwork.funds.summary`), exact to the fen.

    Attributes:
        rule: The matching rule applied, in words (``"10:1, at most 30000.00 yuan ..."``).
        rule_zh: The same in Chinese (``"10:1 配捐, 上限 30,000.00 元"``).
        rule_name: The rule's name, if it has one.
        fund_count: How many funds there are.
        donation_count: How many donations they received.
        raised: Yuan raised.
        matched: Yuan the federations added.
        disbursed: Yuan granted to projects.
        at_cap: How many funds reached the cap of their match.
        nothing_raised: How many funds raised nothing.
        person_times: Person-times (人次) served by the projects the funds financed.

    .. versionadded:: 0.2
    """

    rule: str
    rule_zh: str
    rule_name: str
    fund_count: int
    donation_count: int
    raised: Decimal
    matched: Decimal
    disbursed: Decimal
    at_cap: int
    nothing_raised: int
    person_times: int

    @property
    def total(self) -> Decimal:
        """Yuan raised and matched."""
        return MONEY_CONTEXT.add(self.raised, self.matched)

    @property
    def balance(self) -> Decimal:
        """The yuan left, raised and matched less grants."""
        return MONEY_CONTEXT.subtract(self.total, self.disbursed)

    def to_dict(self) -> dict[str, Any]:
        """Return the section as JSON data; amounts are strings of yuan to the fen."""
        return {
            "rule": {"zh": self.rule_zh, "en": self.rule},
            "rule_name": self.rule_name,
            "funds": self.fund_count,
            "donations": self.donation_count,
            "raised": str(self.raised),
            "matched": str(self.matched),
            "total": str(self.total),
            "disbursed": str(self.disbursed),
            "balance": str(self.balance),
            "at_cap": self.at_cap,
            "nothing_raised": self.nothing_raised,
            "person_times": self.person_times,
        }

    def to_lines(self, lang: Language) -> list[str]:
        """Return the section as lines of text in *lang*."""
        name = f"{self.rule_name}: " if self.rule_name else ""
        lines = [text("funds", lang), ""]
        if self.fund_count:
            lines += [f"  {text('rule', lang)}: {name}{self.rule_zh if lang == 'zh' else self.rule}", ""]
        yuan = text("yuan", lang)
        rows = [
            (text("fund_count", lang), f"{self.fund_count:,}", ""),
            (text("donation_count", lang), f"{self.donation_count:,}", ""),
            (text("raised", lang), money(self.raised), yuan),
            (text("matched", lang), money(self.matched), yuan),
            (text("total", lang), money(self.total), yuan),
            (text("disbursed", lang), money(self.disbursed), yuan),
            (text("balance", lang), money(self.balance), yuan),
            (text("at_cap", lang), f"{self.at_cap:,}", ""),
            (text("nothing_raised", lang), f"{self.nothing_raised:,}", ""),
            (text("person_times", lang), f"{self.person_times:,}", ""),
        ]
        return lines + table(rows, right=frozenset({1}))


# -- scores -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ScoreRow:
    """One scored entity: its place, its score and what each first-level indicator gave.

    Attributes:
        rank: Its place, 1 for the best; equal scores share the best place (1, 2, 2, 4).
        entity_id: Its id.
        name: Its name.
        score: Its total score.
        parts: The contribution of each first-level indicator (一级指标), in the
            order of :attr:`Ranking.parts`; they sum to :attr:`score`.

    .. versionadded:: 0.2
    """

    rank: int
    entity_id: str
    name: str
    score: float
    parts: tuple[float, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the row as JSON data."""
        return {
            "rank": self.rank,
            "id": self.entity_id,
            "name": self.name,
            "score": _float(self.score),
            "parts": [_float(part) for part in self.parts],
        }


@attrs.frozen(kw_only=True)
class Ranking:
    """The best-scored entities of a registry on an indicator system.

    Attributes:
        system_id: The id of the system's root indicator.
        system_zh: Its Chinese name.
        system_en: Its English name.
        kind: The kind of entity scored, a key of :data:`~socialwork.model.KINDS`.
        method: How scores were aggregated, ``"weighted_sum"`` or ``"topsis"``.
        count: How many entities were scored.
        parts: The first-level indicators: ``(id, zh, en, weight)`` each, the weight
            exact.
        rows: The best entities, best first (ties by id), at most *top*.

    Examples:
        >>> from socialwork.reporting import ranking
        >>> result = ranking(sw.datasets.example(), top=2)
        >>> [(row.rank, row.entity_id, round(row.score, 3)) for row in result.rows]
        [(1, 'wh-c-nijiaqiao', 0.833), (2, 'wh-hub', 0.5)]
        >>> print(result.to_text(lang="en"))
        Top-scored stations: station evaluation (station, 2 of 7)
          rank  id              name        score  staffing  services
             1  wh-c-nijiaqiao  倪家桥社区...  0.833     0.333     0.500
             2  wh-hub          武侯区社工总站  0.500     0.500     0.000

    .. versionadded:: 0.2
    """

    system_id: str
    system_zh: str
    system_en: str
    kind: str
    method: str
    count: int
    parts: tuple[tuple[str, str, str, Fraction], ...]
    rows: tuple[ScoreRow, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the ranking as JSON data; weights are exact fractions as strings (``"1/2"``)."""
        return {
            "system": {"id": self.system_id, "zh": self.system_zh, "en": self.system_en},
            "kind": self.kind,
            "method": self.method,
            "count": self.count,
            "parts": [{"id": i, "zh": zh, "en": en, "weight": str(w)} for i, zh, en, w in self.parts],
            "rows": [row.to_dict() for row in self.rows],
        }

    def to_lines(self, lang: Language) -> list[str]:
        """Return the ranking as lines of text in *lang*."""
        kind = KINDS[self.kind].label(lang) if self.kind in KINDS else self.kind
        name = (self.system_zh or self.system_en) if lang == "zh" else (self.system_en or self.system_zh)
        head = (
            f"{text('scores', lang)} {kind}: {name or self.system_id}"
            if lang == "en"
            else (f"{text('scores', lang)} ({kind}): {name or self.system_id}")
        )
        lines = [f"{head} ({self.system_id}, {shown(len(self.rows), self.count, lang)})"]
        if not self.rows:
            return [*lines, f"  {text('no_scores', lang)}"]
        part_names = [
            ((zh or en) if lang == "zh" else (en or zh)) or part_id for part_id, zh, en, _ in self.parts
        ]
        header = (
            text("rank", lang),
            "id",
            "name" if lang == "en" else "名称",
            text("score", lang),
            *part_names,
        )
        body = [
            (str(r.rank), r.entity_id, r.name, f"{r.score:.3f}", *(f"{p:.3f}" for p in r.parts))
            for r in self.rows
        ]
        numeric = frozenset({0, 3, *range(4, 4 + len(part_names))})
        return lines + table([header, *body], right=numeric)

    def to_text(self, *, lang: Language = "en") -> str:
        """Return the ranking as text in *lang*, without a final newline.

        Raises:
            InvalidValueError: *lang* is neither ``"en"`` nor ``"zh"``.
        """
        check_lang(None, "lang", lang)
        return "\n".join(self.to_lines(lang))


# -- targets ------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class TargetRow:
    """One target and, when the registry tells, where its metric stands.

    Attributes:
        metric: The target's metric.
        zh: The target as the source states it.
        unit: The unit of its goal.
        goal: The goal.
        due: The day it is due.
        observed: The value the registry gives for the metric on the report's
            day, ``None`` when the registry holds no such figure.
        share: The share of the way from the baseline to the goal, ``None`` when
            not observed.
        status: Where it stands (:class:`socialwork.targets.TargetStatus`), ``None``
            when not observed.

    .. versionadded:: 0.2
    """

    metric: str
    zh: str
    unit: str
    goal: Decimal
    due: datetime.date
    observed: Decimal | None
    share: float | None
    status: TargetStatus | None

    def to_dict(self) -> dict[str, Any]:
        """Return the row as JSON data."""
        return {
            "metric": self.metric,
            "zh": self.zh,
            "unit": self.unit,
            "goal": str(self.goal),
            "due": self.due.isoformat(),
            "observed": None if self.observed is None else str(self.observed),
            "share": None if self.share is None else _float(self.share),
            "status": None if self.status is None else self.status.value,
        }


@attrs.frozen(kw_only=True)
class TargetsSection:
    """The progress of a scenario's targets on the report's day.

    Attributes:
        as_of: The day progress is measured on, ``None`` when the report has no day.
        rows: One row per target, in the scenario's order.

    .. versionadded:: 0.2
    """

    as_of: datetime.date | None
    rows: tuple[TargetRow, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the section as JSON data."""
        return {
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
            "rows": [row.to_dict() for row in self.rows],
        }

    def to_lines(self, lang: Language) -> list[str]:
        """Return the section as lines of text in *lang*."""
        lines = [text("targets", lang), ""]
        rows = []
        for row in self.rows:
            observed = text("not_observed", lang) if row.observed is None else f"{row.observed:,}"
            status = "" if row.status is None else row.status.label(lang)
            share = "" if row.share is None else f"{row.share:.0%}"
            label = row.zh if lang == "zh" and row.zh else row.metric
            rows.append(
                (label, f"{row.goal:,} {row.unit}".rstrip(), row.due.isoformat(), observed, share, status)
            )
        return lines + table(rows, right=frozenset({4}))


# -- the report ---------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Report:
    """The main job: a registry's hierarchy, validation, linkage, funds, best stations and targets.

    Build it with :func:`report`; render it with :meth:`to_text`, :meth:`to_dict`
    (JSON data) or :meth:`to_html` (one self-contained page). ``socialwork report``
    prints exactly these renderings.

    Attributes:
        name: The scenario's name, or ``""`` for a plain registry.
        title_zh: The title, in Chinese.
        title_en: The title, in English.
        source: Where the data come from.
        as_of: The day the report describes, if any.
        top: How many weakest communities, bridges and best entities are shown.
        limit: How many rows the other lists show at most.
        hierarchy: Size, station tree and coverage.
        validation: What the built-in rules found.
        linkage: Five-society completeness and bridges.
        funds: The community funds' totals.
        scores: The best-scored stations (or entities of the indicator system's
            kind); ``None`` when there is nothing to score.
        targets: The targets' progress; ``None`` when there are no targets.

    Examples:
        >>> from socialwork.reporting import report
        >>> result = report(sw.datasets.scenario("binzhou"))
        >>> result.funds.fund_count, result.funds.raised, result.validation.ok
        (89, Decimal('...'), True)
        >>> print(result.to_text(lang="zh").splitlines()[0])
        社会工作体系报告: ...

    .. versionadded:: 0.2
    """

    name: str
    title_zh: str
    title_en: str
    source: str
    as_of: datetime.date | None
    top: int
    limit: int
    hierarchy: HierarchySection
    validation: ValidationSection
    linkage: LinkageSection
    funds: FundsSection
    scores: Ranking | None
    targets: TargetsSection | None

    def title(self, lang: Language = "en") -> str:
        """Return the title in *lang*."""
        return (self.title_zh or self.title_en) if lang == "zh" else (self.title_en or self.title_zh)

    def to_text(self, *, lang: Language = "en") -> str:
        r"""Return the report as text in *lang*, in columns aligned by display width, without a final newline.

        Raises:
            InvalidValueError: *lang* is neither ``"en"`` nor ``"zh"``.

        Examples:
            >>> from socialwork.reporting import report
            >>> text = report(sw.datasets.example()).to_text(lang="en")
            >>> print("\n".join(text.splitlines()[:4]))
            Social-work system report: socialwork registry
            <BLANKLINE>
            Hierarchy and coverage
            <BLANKLINE>
        """
        check_lang(None, "lang", lang)
        lines = [f"{text('report', lang)}: {self.title(lang)}"]
        if self.source:
            lines.append(f"{text('source', lang)}: {self.source}")
        if self.as_of is not None:
            lines.append(f"{text('as_of', lang)}: {self.as_of.isoformat()}")
        sections: list[Callable[[Language], list[str]]] = [
            self.hierarchy.to_lines,
            self.validation.to_lines,
            self.linkage.to_lines,
            self.funds.to_lines,
        ]
        if self.scores is not None:
            sections.append(self.scores.to_lines)
        if self.targets is not None:
            sections.append(self.targets.to_lines)
        for section in sections:
            lines += ["", *section(lang)]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON data: deterministic, amounts as strings of yuan to the fen.

        Examples:
            >>> import json
            >>> from socialwork.reporting import report
            >>> data = report(sw.datasets.example()).to_dict()
            >>> data["funds"]["raised"], data["validation"]["counts"]
            ('6500.50', {'error': 0, 'warning': 2, 'info': 0})
            >>> json.loads(json.dumps(data)) == data
            True
        """
        return {
            "format": "socialwork-report",
            "version": 1,
            "scenario": self.name,
            "title": {"zh": self.title_zh, "en": self.title_en},
            "source": self.source,
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
            "top": self.top,
            "limit": self.limit,
            "hierarchy": self.hierarchy.to_dict(),
            "validation": self.validation.to_dict(),
            "linkage": self.linkage.to_dict(),
            "funds": self.funds.to_dict(),
            "scores": None if self.scores is None else self.scores.to_dict(),
            "targets": None if self.targets is None else self.targets.to_dict(),
        }

    def to_html(self, *, lang: Language = "en") -> str:
        """Return the report as one self-contained HTML page in *lang*.

        The page has inline CSS and inline SVG figures (coverage bars, the
        completeness histogram, fund totals, the best stations), needs no network
        and no script, and escapes every name. It is well-formed XML as well as
        HTML, so either kind of parser reads it.

        Raises:
            InvalidValueError: *lang* is neither ``"en"`` nor ``"zh"``.

        Examples:
            >>> from socialwork.reporting import report
            >>> page = report(sw.datasets.example()).to_html(lang="zh")
            >>> page.startswith("<!DOCTYPE html>"), '<html lang="zh-CN"' in page, "<script" in page
            (True, True, False)
        """
        from socialwork.reporting._html import page  # noqa: PLC0415 - the page is built only when asked for

        check_lang(None, "lang", lang)
        return page(self, lang)

    def _repr_html_(self) -> str:
        # Jupyter shows this: the page's body, whose size the report's top and limit bound.
        from socialwork.reporting._html import fragment  # noqa: PLC0415

        return fragment(self, "en")

    def __repr__(self) -> str:
        total, scored = len(self.hierarchy.counts), self.scores.count if self.scores else 0
        entities = sum(c for _, c in self.hierarchy.counts)
        return (
            f"Report({self.title_en!r}: {entities:,} entities of {total} kinds, "
            f"{self.validation.total:,} violations, {self.linkage.communities:,} communities, "
            f"{self.funds.fund_count:,} funds, {scored:,} scored)"
        )
