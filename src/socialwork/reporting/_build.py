"""Building a report: every analysis run once on the subject, its results cut down to what people read."""

from __future__ import annotations

import datetime  # noqa: ICN001 - spelled out: the docs read these annotations unevaluated
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final, Literal, Protocol, runtime_checkable

from socialwork.errors import InvalidTypeError, Message
from socialwork.model import Registry, Severity, StationLevel, TalentTrack
from socialwork.model.validators import check_date, instance_of, int_between, one_of, optional
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

if TYPE_CHECKING:
    from socialwork.funds import MatchingRule
    from socialwork.hierarchy import Coverage
    from socialwork.history import Series
    from socialwork.linkage import Profiles
    from socialwork.scoring import IndicatorSystem
    from socialwork.targets import Target

__all__ = ["BRIDGES_LIMIT", "ScenarioLike", "ranking", "report"]

BRIDGES_LIMIT: Final = 50_000
"""The most communities for which :func:`report` finds bridges unless told.

Finding bridges (:func:`socialwork.linkage.bridges`) is linear but not cheap:
about half a second for 20,000 entities (1,000 communities per 0.05 s), 27 s for
the national registry's 585,000 communities, as long as the rest of the report
together. Up to this many communities (about 2.5 s) a report finds them;
above it, ``bridges=True`` asks for them.
"""

_check_top: Final = int_between(0)
_check_limit: Final = int_between(0)
_check_as_of: Final = optional(check_date)


@runtime_checkable
class ScenarioLike(Protocol):
    """What :func:`report` and :func:`socialwork.plots.save_all` read from a scenario.

    :class:`socialwork.datasets.Scenario` has it all; ``isinstance`` checks that an
    object has every attribute below.

    .. versionadded:: 0.2
    """

    @property
    def name(self) -> str:
        """The scenario's name."""

    @property
    def title_zh(self) -> str:
        """Its Chinese title."""

    @property
    def title_en(self) -> str:
        """Its English title."""

    @property
    def source(self) -> str:
        """Who reported it."""

    @property
    def registry(self) -> Registry:
        """Its registry."""

    @property
    def rule(self) -> MatchingRule | None:
        """Its funds' matching rule, or ``None``."""

    @property
    def targets(self) -> tuple[Target, ...]:
        """Its dated targets."""

    @property
    def indicators(self) -> IndicatorSystem | None:
        """Its indicator system, or ``None``."""

    @property
    def as_of(self) -> datetime.date | None:
        """The day it describes, or ``None``."""


def registry_and_scenario(subject: object, /) -> tuple[Registry, ScenarioLike | None]:
    """Return the registry of *subject*, a registry or a scenario, and the scenario if it is one.

    What :func:`report` and :mod:`socialwork.plots` take as their subject.

    Raises:
        InvalidTypeError: *subject* is neither a :class:`~socialwork.Registry` nor a
            :class:`ScenarioLike` holding one.

    Examples:
        >>> from socialwork.reporting import registry_and_scenario
        >>> scenario = sw.datasets.scenario("wuhou")
        >>> registry, found = registry_and_scenario(scenario)
        >>> registry is scenario.registry, found is scenario
        (True, True)
        >>> registry_and_scenario(registry)[1] is None
        True

    .. versionadded:: 0.2
    """
    if isinstance(subject, Registry):
        return subject, None
    if isinstance(subject, ScenarioLike) and isinstance(subject.registry, Registry):
        return subject.registry, subject
    msg = Message(
        "expected a socialwork.Registry or a socialwork.datasets.Scenario, got {type}",
        "应为 socialwork.Registry 或 socialwork.datasets.Scenario，实为 {type}",
        type=type(subject).__name__,
    )
    raise InvalidTypeError(msg, path="subject")


def _name(registry: Registry, kind: str, entity_id: str) -> str:
    entity = getattr(registry, kind).get(entity_id)
    name = getattr(entity, "name", None)
    return name if isinstance(name, str) else entity_id


def _least_covered(registry: Registry, shares: Any, limit: int) -> tuple[CoverageRow, ...]:
    def key(item: tuple[str, Any]) -> tuple[Fraction, str]:
        code, share = item
        return (Fraction(share.covered, share.total) if share.total else Fraction(1), code)

    chosen = sorted(shares.items(), key=key)[:limit]
    return tuple(
        CoverageRow(code=code, name=_name(registry, "divisions", code), covered=s.covered, total=s.total)
        for code, s in chosen
    )


def _hierarchy(registry: Registry, cover: Coverage, limit: int) -> HierarchySection:
    levels = Counter(station.level for station in registry.stations.values())
    uncovered = tuple(
        CoverageRow(code=code, name=_name(registry, "divisions", code), covered=0, total=1)
        for code in cover.uncovered[:limit]
    )
    return HierarchySection(
        counts=tuple(registry.counts().items()),
        levels=tuple((level, levels[level]) for level in StationLevel),
        streets=(cover.streets.covered, cover.streets.total),
        communities=(cover.communities.covered, cover.communities.total),
        districts=_least_covered(registry, cover.by_district, limit),
        district_count=len(cover.by_district),
        street_rows=_least_covered(registry, cover.by_street, limit),
        street_count=len(cover.by_street),
        uncovered=uncovered,
        uncovered_count=len(cover.uncovered),
    )


def _validation(registry: Registry, as_of: datetime.date | None, limit: int) -> ValidationSection:
    from socialwork.rules import validate  # noqa: PLC0415 - the analyses load on first use

    found = validate(registry, as_of=as_of)
    by_severity = found.counts()
    codes = sorted(found.counts("code").items(), key=lambda item: (-item[1], item[0]))[:limit]
    first = tuple(
        ViolationRow(
            code=v.code,
            severity=v.severity,
            subject=v.subject,
            path=v.path,
            message_zh=v.message_zh,
            message_en=v.message_en,
        )
        for v in found.violations[:limit]
    )
    return ValidationSection(
        rules=len(found.rules),
        counts=tuple(
            (severity, by_severity[severity.value])
            for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        ),
        codes=tuple(codes),
        first=first,
    )


def _linkage(registry: Registry, top: int, *, bridges: bool | None, given: Profiles | None) -> LinkageSection:
    from socialwork.linkage import bridges as find_bridges  # noqa: PLC0415 - the analyses load on first use
    from socialwork.linkage import profiles as find_profiles  # noqa: PLC0415

    profiles = given if given is not None else find_profiles(registry)
    weakest = tuple(
        CommunityRow(code=p.community_id, name=p.name, score=p.score, missing=p.missing)
        for p in profiles.weakest(top)
    )
    wanted = len(profiles) <= BRIDGES_LIMIT if bridges is None else bridges
    rows: tuple[Bridging, ...] | None = None
    count: int | None = None
    if wanted:
        found = find_bridges(registry)
        count = len(found)
        rows = tuple(
            Bridging(
                entity_id=b.entity_id,
                kind=b.kind,
                name=_name(registry, b.kind, b.entity_id),
                district_id=b.district_id,
                cut_off=len(b.cut_off),
            )
            for b in found.items[:top]
        )
    return LinkageSection(
        communities=len(profiles),
        mean_score=profiles.mean_score,
        score_counts=profiles.score_counts,
        weakest=weakest,
        bridges=rows,
        bridge_count=count,
    )


def _funds(registry: Registry, rule: MatchingRule, as_of: datetime.date | None) -> FundsSection:
    from socialwork.funds import summary  # noqa: PLC0415 - the analyses load on first use

    totals = summary(registry, rule=rule, as_of=as_of)
    donations = sum(1 for d in registry.donations.values() if as_of is None or d.date <= as_of)
    return FundsSection(
        rule=rule.describe().en,
        rule_zh=rule.describe().zh,
        rule_name=rule.name,
        fund_count=totals.fund_count,
        donation_count=donations,
        raised=totals.raised,
        matched=totals.matched,
        disbursed=totals.disbursed,
        at_cap=len(totals.at_cap_ids),
        nothing_raised=len(totals.nothing_raised_ids),
        person_times=totals.person_times,
    )


def _kind_of(system: IndicatorSystem) -> str:
    from socialwork.scoring import extractors  # noqa: PLC0415 - the analyses load on first use

    known = extractors()
    for leaf in system.leaves:
        extractor = known.get(leaf.extractor or leaf.id)
        if extractor is not None:
            return extractor.kind
    return "stations"


def ranking(
    subject: Registry | ScenarioLike,
    /,
    *,
    indicators: IndicatorSystem | None = None,
    method: Literal["weighted_sum", "topsis"] = "weighted_sum",
    top: int = 10,
) -> Ranking:
    """Return the *top* best-scored entities of *subject* on an indicator system.

    Args:
        subject: A :class:`~socialwork.Registry`, or a scenario
            (:func:`socialwork.datasets.scenario`).
        indicators: The indicator system; by default the scenario's own, else
            :data:`socialwork.scoring.STATION_INDICATORS`. Its leaves read the
            registry through their extractors, so it scores the kind of entity
            they measure.
        method: ``"weighted_sum"`` (the default) or ``"topsis"``.
        top: How many rows to keep, best first; equal scores are ordered by id
            and share the best place (1, 2, 2, 4).

    Returns:
        The :class:`Ranking`; no rows when the registry has nothing of that kind.

    Raises:
        InvalidTypeError: *subject* is neither a registry nor a scenario, *top*
            not an ``int``, or *indicators* not an indicator system.
        InvalidValueError: *top* is negative, or *method* unknown.
        UnknownIdError: a leaf names an extractor that is not registered.

    Examples:
        >>> from socialwork.reporting import ranking
        >>> [row.entity_id for row in ranking(sw.datasets.scenario("wuhou"), top=3).rows]
        ['wh-hub', 'wh-c-015902', 'wh-c-015903']

    .. versionadded:: 0.2
    """
    registry, scenario = registry_and_scenario(subject)
    _check_top(None, "top", top)
    from socialwork.scoring import STATION_INDICATORS, IndicatorSystem  # noqa: PLC0415

    system = indicators
    if system is None:
        system = scenario.indicators if scenario is not None and scenario.indicators else STATION_INDICATORS
    instance_of(IndicatorSystem)(None, "indicators", system)
    return _ranking(registry, system, method, top)


def _ranking(
    registry: Registry, system: IndicatorSystem, method: Literal["weighted_sum", "topsis"], top: int
) -> Ranking:
    import numpy as np  # noqa: PLC0415 - numpy on first use keeps ``import socialwork`` quick

    from socialwork.scoring import evaluate, extract  # noqa: PLC0415 - the analyses load on first use

    one_of(("weighted_sum", "topsis"))(None, "method", method)
    root = system.root
    kind = _kind_of(system)
    parts = tuple((child.id, child.zh, child.en, child.weight) for child in root.children)
    head: dict[str, Any] = {
        "system_id": root.id,
        "system_zh": root.zh,
        "system_en": root.en,
        "kind": kind,
        "method": method,
        "parts": parts,
    }
    if not getattr(registry, kind):
        extract(registry, [leaf.extractor or leaf.id for leaf in system.leaves])  # checks the extractors
        return Ranking(count=0, rows=(), **head)
    scores = evaluate(system, registry, method=method)
    ids = scores.entities or ()
    total = np.asarray(scores.total, dtype=np.float64)
    # Best first, equal scores by id: the same rows whatever the registry's order of entities.
    ranked = np.lexsort((np.asarray(ids, dtype=str), -total))[:top].tolist()
    columns = [scores.contribution(part[0]) if root.children else total for part in parts]
    rows = []
    for row in ranked:
        score = float(total[row])
        place = int(np.count_nonzero(total > score)) + 1
        rows.append(
            ScoreRow(
                rank=place,
                entity_id=ids[row],
                name=_name(registry, kind, ids[row]),
                score=score,
                parts=tuple(float(column[row]) for column in columns),
            )
        )
    return Ranking(count=len(ids), rows=tuple(rows), **head)


def _observed(registry: Registry) -> dict[str, Decimal]:
    # What a registry can tell of the seed's targets: the posted social workers on each talent track.
    tracks: Counter[TalentTrack] = Counter()
    for worker in registry.social_workers.values():
        if worker.station_id is not None:
            tracks.update(worker.tracks)
    return {
        "practitioners": Decimal(tracks[TalentTrack.PRACTITIONER]),
        "managers": Decimal(tracks[TalentTrack.MANAGER]),
        "supervisors": Decimal(tracks[TalentTrack.SUPERVISOR]),
    }


def _trends(given: object) -> TrendsSection:
    from socialwork.history import FIGURES, Series  # noqa: PLC0415 - the analyses load on first use

    instance_of(Series)(None, "trends", given)
    assert isinstance(given, Series)  # noqa: S101 - checked above
    rows = []
    for name in given.values:
        values = given[name]
        figure = FIGURES[name]
        growth = given.year_over_year(name)[-1]
        rows.append(
            TrendRow(name, figure.zh, figure.en, values[0], values[-1], values[-1] - values[0], growth)
        )
    return TrendsSection(given.dates, tuple(rows))


def _targets(registry: Registry, targets: Sequence[Target], as_of: datetime.date | None) -> TargetsSection:
    from socialwork.targets import progress  # noqa: PLC0415 - the analyses load on first use

    observed = _observed(registry)
    rows = []
    for target in targets:
        value = observed.get(target.metric)
        measured = None
        if value is not None and as_of is not None and as_of >= target.baseline_date:
            measured = progress([target], {target.metric: value}, as_of=as_of)[0]
        rows.append(
            TargetRow(
                metric=target.metric,
                zh=target.zh,
                unit=target.unit,
                unit_zh=target.unit_zh,
                goal=target.goal,
                due=target.due,
                observed=value,
                share=None if measured is None else measured.share,
                status=None if measured is None else measured.status,
            )
        )
    return TargetsSection(as_of=as_of, rows=tuple(rows))


def report(
    subject: Registry | ScenarioLike,
    /,
    *,
    as_of: datetime.date | None = None,
    top: int = 5,
    limit: int = 20,
    rule: MatchingRule | None = None,
    indicators: IndicatorSystem | None = None,
    bridges: bool | None = None,
    profiles: Profiles | None = None,
    trends: Series | None = None,
) -> Report:
    """Return the main report on *subject*: what ``socialwork report`` prints.

    It runs, once each: :func:`socialwork.hierarchy.coverage`,
    :func:`socialwork.rules.validate`, :func:`socialwork.linkage.profiles` (and
    :func:`~socialwork.linkage.bridges` up to :data:`BRIDGES_LIMIT` communities),
    :func:`socialwork.funds.summary`, :func:`socialwork.scoring.evaluate` and, for
    a scenario with targets, :func:`socialwork.targets.progress`; and keeps only
    bounded lists of what they found, so the report stays small at any scale.

    For a scenario, its registry, matching rule, indicator system, targets and
    day are used. For a plain registry there are no targets and no day; its
    funds are matched by :data:`socialwork.funds.BINZHOU_RULE`, the library's
    default rule (that of :func:`socialwork.funds.summary` and the funds rules),
    so the figures agree with ``socialwork funds`` and with validation. Keywords
    override either.

    Args:
        subject: A :class:`~socialwork.Registry`, or a scenario
            (:func:`socialwork.datasets.scenario`, or any object with its attributes).
        as_of: The day the report describes: funds count gifts and grants up to it,
            validation uses the parameters in force, targets are measured on it.
            By default the scenario's day, or none (everything).
        top: How many weakest communities, bridges and best-scored entities to show.
        limit: How many rows the other lists show at most: least-covered districts
            and streets, uncovered divisions, frequent codes, first violations.
        rule: The funds' matching rule, instead of the default above.
        indicators: The indicator system to rank with, instead of the scenario's or
            :data:`socialwork.scoring.STATION_INDICATORS`.
        bridges: Find bridges (``True``), or not (``False``); by default, when there
            are at most :data:`BRIDGES_LIMIT` communities.
        profiles: The :func:`socialwork.linkage.profiles` of the subject's registry,
            when the caller has them already (e.g. to plot them too): they are not
            computed again. They must be of this very registry.
        trends: A :func:`socialwork.history.series` of earlier snapshots and this
            one: the report gains a trends section (each figure's first and last
            value, change, and growth over a year).

    Returns:
        The :class:`Report`. It depends only on the registry's content, not on
        the order of its entities.

    Raises:
        InvalidTypeError: *subject* is neither a registry nor a scenario, or an
            argument has the wrong type (its ``path`` names it).
            That includes a *rule* that is not a matching rule and *indicators*
            that are not an indicator system.
        InvalidValueError: *top* or *limit* is negative, or *profiles* are of another registry.

    Examples:
        >>> from socialwork.reporting import report
        >>> result = report(sw.datasets.scenario("wuhou"))
        >>> result.hierarchy.levels[0], result.hierarchy.communities, result.as_of
        ((<StationLevel.DISTRICT: 'district'>, 1), (71, 71), datetime.date(2022, 6, 10))
        >>> [(row.metric, row.observed) for row in result.targets.rows][-3:]
        [('practitioners', Decimal('...')), ('managers', Decimal('...')), ('supervisors', Decimal('...'))]
        >>> report(sw.datasets.example(), top=1).linkage.weakest[0].name
        '玉林北路社区'

    .. versionadded:: 0.2
    """
    registry, scenario = registry_and_scenario(subject)
    _check_as_of(None, "as_of", as_of)
    _check_top(None, "top", top)
    _check_limit(None, "limit", limit)
    optional(instance_of(bool))(None, "bridges", bridges)
    if profiles is not None:
        from socialwork.linkage import checked_profiles  # noqa: PLC0415 - the analyses load on first use

        checked_profiles(profiles, registry)
    from socialwork.funds import BINZHOU_RULE, MatchingRule  # noqa: PLC0415 - the analyses load on first use
    from socialwork.hierarchy import coverage  # noqa: PLC0415
    from socialwork.scoring import STATION_INDICATORS, IndicatorSystem  # noqa: PLC0415

    day = as_of if as_of is not None else (scenario.as_of if scenario is not None else None)
    chosen_rule = (
        rule if rule is not None else (scenario.rule if scenario and scenario.rule else BINZHOU_RULE)
    )
    instance_of(MatchingRule)(None, "rule", chosen_rule)
    system = indicators
    if system is None:
        system = scenario.indicators if scenario is not None and scenario.indicators else STATION_INDICATORS
    instance_of(IndicatorSystem)(None, "indicators", system)
    targets = tuple(scenario.targets) if scenario is not None else ()
    ranked = _ranking(registry, system, "weighted_sum", top)
    return Report(
        name=scenario.name if scenario is not None else "",
        title_zh=scenario.title_zh if scenario is not None else "社工登记",
        title_en=scenario.title_en if scenario is not None else "socialwork registry",
        source=scenario.source if scenario is not None else "",
        as_of=day,
        top=top,
        limit=limit,
        hierarchy=_hierarchy(registry, coverage(registry), limit),
        validation=_validation(registry, day, limit),
        linkage=_linkage(registry, top, bridges=bridges, given=profiles),
        funds=_funds(registry, chosen_rule, day),
        scores=ranked if ranked.count else None,
        targets=_targets(registry, targets, day) if targets else None,
        trends=None if trends is None else _trends(trends),
    )
