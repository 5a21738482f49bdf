"""The main report: its sections together, rendered as text, JSON data and HTML."""

from __future__ import annotations

import datetime  # noqa: ICN001 - spelled out: the docs read these annotations unevaluated
from collections.abc import Callable
from typing import Any

import attrs

from socialwork.model import Language
from socialwork.reporting._ranking import Ranking
from socialwork.reporting._sections import (
    FundsSection,
    HierarchySection,
    LinkageSection,
    TargetsSection,
    TrendsSection,
    ValidationSection,
)
from socialwork.reporting._text import check_lang, text

__all__ = ["Report"]


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
        trends: How the figures moved over dated snapshots; ``None`` unless the
            report was given a :class:`socialwork.history.Series` (``trends=``).

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
    trends: TrendsSection | None = None

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
        if self.trends is not None:
            sections.append(self.trends.to_lines)
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
            "trends": None if self.trends is None else self.trends.to_dict(),
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
