"""Reports for people to read: the main report, a ranking and a summary, in Chinese or English.

:func:`report` builds the main job's :class:`Report` (hierarchy and coverage,
validation, five-society linkage, funds, the best stations, targets) from a
scenario or a registry, to render as text, JSON data or one HTML page;
:func:`ranking` ranks entities on an indicator system; :func:`summary_text`
counts a registry.

Text is aligned by its display width, not its length: East Asian wide and
full-width characters (汉字, full-width punctuation) take two columns of a
terminal, combining marks none. With the ``cli`` extra installed, widths come
from the well-kept ``wcwidth`` package, which follows the latest Unicode
tables; without it, from the standard library's ``unicodedata``. The kind labels are those of
:data:`socialwork.model.KINDS` and the level labels those of
:class:`socialwork.StationLevel`, so a report uses the same words as the rest
of the library.

.. versionadded:: 0.2
"""

from __future__ import annotations

from socialwork.reporting._build import BRIDGES_LIMIT, ScenarioLike, ranking, registry_and_scenario, report
from socialwork.reporting._ranking import Ranking, ScoreRow
from socialwork.reporting._report import Report
from socialwork.reporting._sections import (
    Bridging,
    CommunityRow,
    CoverageRow,
    FundsSection,
    HierarchySection,
    LinkageSection,
    TargetRow,
    TargetsSection,
    TrendRow,
    TrendsSection,
    ValidationSection,
    ViolationRow,
)
from socialwork.reporting._summary import summary_text
from socialwork.reporting._width import display_width, pad

__all__ = [
    "BRIDGES_LIMIT",
    "Bridging",
    "CommunityRow",
    "CoverageRow",
    "FundsSection",
    "HierarchySection",
    "LinkageSection",
    "Ranking",
    "Report",
    "ScenarioLike",
    "ScoreRow",
    "TargetRow",
    "TargetsSection",
    "TrendRow",
    "TrendsSection",
    "ValidationSection",
    "ViolationRow",
    "display_width",
    "pad",
    "ranking",
    "registry_and_scenario",
    "report",
    "summary_text",
]
