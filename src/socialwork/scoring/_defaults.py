"""The default indicator system of stations, built from the registered station extractors."""

from __future__ import annotations

from typing import Final

from socialwork.scoring._system import Indicator, IndicatorSystem

__all__ = ["STATION_INDICATORS"]


def _leaf(indicator_id: str, zh: str, en: str, weight: str, extractor: str) -> Indicator:
    return Indicator(id=indicator_id, zh=zh, en=en, weight=weight, normalization="max", extractor=extractor)


STATION_INDICATORS: Final[IndicatorSystem] = IndicatorSystem(
    Indicator(
        id="station",
        zh="社工站综合评价",
        en="station evaluation",
        children=[
            Indicator(
                id="staffing",
                zh="队伍建设",
                en="staffing",
                weight="1/2",
                children=[
                    _leaf("workers", "驻站社工", "social workers posted", "1/3", "station.workers"),
                    _leaf(
                        "certified",
                        "持证社工",
                        "certified social workers",
                        "1/3",
                        "station.certified_workers",
                    ),
                    _leaf("supervisors", "督导人才", "supervisors", "1/3", "station.supervisors"),
                ],
            ),
            Indicator(
                id="services",
                zh="服务成效",
                en="services",
                weight="1/2",
                children=[
                    _leaf("projects", "服务项目", "projects run", "1/2", "station.projects"),
                    _leaf("person_times", "服务人次", "person-times served", "1/2", "station.person_times"),
                ],
            ),
        ],
    )
)
"""The indicator system that ``socialwork report`` and ``socialwork score`` rank stations with.

Two first-level indicators (一级指标) of equal weight, read through the built-in
station extractors of :func:`~socialwork.scoring.extractors`:

- 队伍建设 *staffing* (1/2): the social workers posted to the station, those with
  a national qualification (持证) and those on the supervisor track (督导), a third each;
- 服务成效 *services* (1/2): the projects run from the station and the person-times
  (人次) they served, a half each.

Why these: they are what the seed reports count when they praise a station
(staff in post, qualified and supervising staff; projects and person-times), and
every registry can give them. Floor area and the stations below a station are left
out: they measure the building and the level, not the work. Every leaf is a benefit
normalised by ``"max"`` (``x / max``), so a station's score is its share of the
best station's figures, a column of zeros scores 0 rather than failing, and the
score does not depend on the order of the stations. Scores run from 0 to 1.

Use your own system where policy defines one (e.g. a district's 评价指标), or
reweight this one with :meth:`IndicatorSystem.reweighted`.

Examples:
    >>> from socialwork.scoring import STATION_INDICATORS, evaluate
    >>> STATION_INDICATORS.leaf_ids
    ('workers', 'certified', 'supervisors', 'projects', 'person_times')
    >>> scores = evaluate(STATION_INDICATORS, sw.datasets.example())
    >>> best = max(scores.as_dict(), key=scores.as_dict().get)
    >>> best, round(scores.as_dict()[best], 3)
    ('wh-c-nijiaqiao', 0.833)

.. versionadded:: 0.2
"""
