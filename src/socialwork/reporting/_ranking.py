"""A ranking of entities on an indicator system, as the report and ``socialwork score`` show it."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import attrs

from socialwork.model import KINDS, Language
from socialwork.reporting._text import check_lang, json_float, shown, table, text

__all__ = ["Ranking", "ScoreRow"]


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
            "score": json_float(self.score),
            "parts": [json_float(part) for part in self.parts],
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
            text("col_id", lang),
            text("col_name", lang),
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
