"""The sections of a report: one frozen attrs class a section, each rendered as text and as JSON data."""

from __future__ import annotations

import datetime  # noqa: ICN001 - spelled out: the docs read these annotations unevaluated
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from socialwork.model import KINDS, MONEY_CONTEXT, Language, Severity, Society, StationLevel
from socialwork.reporting._text import (
    check_lang,
    json_float,
    money,
    percent,
    ratio,
    shown,
    table,
    text,
)

if TYPE_CHECKING:
    from socialwork.targets import TargetStatus

__all__ = [
    "Bridging",
    "CommunityRow",
    "CoverageRow",
    "FundsSection",
    "HierarchySection",
    "LinkageSection",
    "TargetRow",
    "TargetsSection",
    "TrendRow",
    "TrendsSection",
    "ValidationSection",
    "ViolationRow",
]


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
            "ratio": json_float(self.ratio),
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
            return {"covered": pair[0], "total": pair[1], "ratio": json_float(ratio(*pair))}

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
            "mean_score": json_float(self.mean_score),
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
            lines += table([(text("bridge_count", lang), f"{self.bridge_count:,}")])
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
        rule_zh: The same in Chinese (``"10:1，基金存续期内至多 30000.00 元，向下舍入到分"``).
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


# -- targets ------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class TargetRow:
    """One target and, when the registry tells, where its metric stands.

    Attributes:
        metric: The target's metric.
        zh: The target as the source states it.
        unit: The unit of its goal.
        unit_zh: The unit in Chinese, empty when the target gives none (then *unit* is shown).
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
    unit_zh: str = ""

    def unit_in(self, lang: Language) -> str:
        """Return the unit in *lang*: :attr:`unit_zh` in Chinese when there is one, else :attr:`unit`.

        Examples:
            >>> import datetime as dt
            >>> from socialwork.reporting import TargetRow
            >>> row = TargetRow(metric="supervisors", zh="督导人才110名", unit="persons", unit_zh="人",
            ...                 goal=110, due=dt.date(2025, 12, 31), observed=None, share=None, status=None)
            >>> row.unit_in("zh"), row.unit_in("en")
            ('人', 'persons')

        Raises:
            InvalidValueError: *lang* is neither ``"zh"`` nor ``"en"``.

        .. versionadded:: 0.2
        """
        check_lang(None, "lang", lang)
        return (self.unit_zh or self.unit) if lang == "zh" else self.unit

    def to_dict(self) -> dict[str, Any]:
        """Return the row as JSON data."""
        return {
            "metric": self.metric,
            "zh": self.zh,
            "unit": self.unit,
            "unit_zh": self.unit_zh,
            "goal": str(self.goal),
            "due": self.due.isoformat(),
            "observed": None if self.observed is None else str(self.observed),
            "share": None if self.share is None else json_float(self.share),
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
            goal = f"{row.goal:,} {row.unit_in(lang)}".rstrip()
            rows.append((label, goal, row.due.isoformat(), observed, share, status))
        return lines + table(rows, right=frozenset({4}))


# -- trends -------------------------------------------------------------------------------


@attrs.frozen
class TrendRow:
    """One figure over the snapshots: first and last value, the change, the growth over a year.

    Attributes:
        figure: The figure's name, a key of :data:`socialwork.history.FIGURES`.
        zh: Its Chinese label.
        en: Its English label.
        first: Its value on the first snapshot.
        last: Its value on the last snapshot.
        change: ``last - first``.
        growth: The last snapshot's growth over the one a year before it, if there is one.

    .. versionadded:: 0.2
    """

    figure: str
    zh: str
    en: str
    first: Decimal
    last: Decimal
    change: Decimal
    growth: Decimal | None

    def cells(self, lang: Language) -> tuple[str, str, str, str, str]:
        """Return the row as text cells in *lang*: label, first, last, change, growth."""
        from socialwork.history import FIGURES  # noqa: PLC0415 - the analyses load on first use

        show = FIGURES[self.figure].show
        change = ("+" if self.change > 0 else "") + show(self.change)
        growth = "" if self.growth is None else f"{self.growth:+.1%}"
        label = self.zh if lang == "zh" else self.en
        return (label, show(self.first), show(self.last), change, growth)

    def to_dict(self) -> dict[str, Any]:
        """Return the row as JSON data: values as strings, exact."""
        return {
            "figure": self.figure,
            "zh": self.zh,
            "en": self.en,
            "first": str(self.first),
            "last": str(self.last),
            "change": str(self.change),
            "growth": None if self.growth is None else json_float(float(self.growth)),
        }


@attrs.frozen
class TrendsSection:
    """How the registry's figures moved over dated snapshots (:func:`socialwork.history.series`).

    Attributes:
        dates: The snapshots' days, in order.
        rows: One row per figure, in the order of the series.

    .. versionadded:: 0.2
    """

    dates: tuple[datetime.date, ...]
    rows: tuple[TrendRow, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the section as JSON data."""
        return {"dates": [d.isoformat() for d in self.dates], "rows": [row.to_dict() for row in self.rows]}

    def to_lines(self, lang: Language) -> list[str]:
        """Return the section as lines of text in *lang*."""
        span = f"{self.dates[0].isoformat()} – {self.dates[-1].isoformat()}"
        lines = [f"{text('trends', lang)} ({text('snapshots', lang)} {len(self.dates)}, {span})", ""]
        header = ("", text("trend_first", lang), text("trend_last", lang), text("trend_change", lang))
        rows = [(*header, text("trend_growth", lang)), *(row.cells(lang) for row in self.rows)]
        return lines + table(rows, right=frozenset({1, 2, 3, 4}))
