"""The three reported scenarios: Wuhou's 5S system, Binzhou's community funds, Wuhan's school station.

Each registry is package data (``wuhou.json``, ``binzhou.json``, ``wuhan_school.json``)
read through the public :func:`socialwork.io.loads`, once per process. Every number
the source reports give is in the data exactly; everything they leave out (names,
codes, dates, amounts of single donations) is synthetic, and says so in its name
(示例..., 社工001) or its code (a street or community code whose own part starts
with 9). The data docs (``docs/api/datasets.rst``) list each choice.
"""

from __future__ import annotations

import datetime  # noqa: ICN001 - spelled out: the docs read these annotations unevaluated
import functools
from collections.abc import Iterable
from importlib import resources
from typing import TYPE_CHECKING, Any, Final

import attrs

from socialwork.errors import InvalidTypeError, InvalidValueError, Message
from socialwork.io import loads
from socialwork.model import Registry
from socialwork.model.validators import check_date, check_text, instance_of, optional, to_tuple

if TYPE_CHECKING:
    from socialwork.funds import MatchingRule
    from socialwork.scoring import IndicatorSystem
    from socialwork.targets import Target

__all__ = ["SCENARIOS", "Scenario", "binzhou", "scenario", "scenarios", "wuhan_school", "wuhou"]

SCENARIOS: Final[tuple[str, ...]] = ("wuhou", "binzhou", "wuhan_school")
"""The names of the reported scenarios, in the order of :func:`scenarios`."""

_WUHOU_SOURCE: Final = "成都市武侯区民政局: 推动社工体系持续提质增效 成都市武侯区“5S”社工体系建设正式启动"
_BINZHOU_SOURCE: Final = "滨州市民政局: “微基金”带动“大慈善” 滨州市社区基金助力“五社联动”"
_WUHAN_SOURCE: Final = "长江日报: 合力共建未成年人保护平台 武汉市首个中职学校社工站设立"


def _check_targets(inst: Scenario, attr: attrs.Attribute[Any], value: object) -> None:
    from socialwork.targets import Target  # noqa: PLC0415 - keeps ``import socialwork`` quick

    if not isinstance(value, tuple) or not all(isinstance(t, Target) for t in value):
        msg = Message(
            "expected a tuple of socialwork.targets.Target, got {value}",
            "应为 socialwork.targets.Target 的元组，实为 {value}",
            value=repr(value),
        )
        raise InvalidTypeError(msg, path=attr.name)


def _to_targets(value: Iterable[Target]) -> tuple[Target, ...]:
    return to_tuple(value)


def _check_rule(inst: Scenario, attr: attrs.Attribute[Any], value: object) -> None:
    from socialwork.funds import MatchingRule  # noqa: PLC0415 - keeps ``import socialwork`` quick

    if value is not None and not isinstance(value, MatchingRule):
        msg = Message(
            "expected a socialwork.funds.MatchingRule or None, got {type}",
            "应为 socialwork.funds.MatchingRule 或 None，实为 {type}",
            type=type(value).__name__,
        )
        raise InvalidTypeError(msg, path=attr.name)


def _check_indicators(inst: Scenario, attr: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    from socialwork.scoring import IndicatorSystem  # noqa: PLC0415 - keeps ``import socialwork`` quick

    if not isinstance(value, IndicatorSystem):
        msg = Message(
            "expected a socialwork.scoring.IndicatorSystem or None, got {type}",
            "应为 socialwork.scoring.IndicatorSystem 或 None，实为 {type}",
            type=type(value).__name__,
        )
        raise InvalidTypeError(msg, path=attr.name)


@attrs.frozen(kw_only=True)
class Scenario:
    """One reported case as a bundle: what a report or a command needs, in one object.

    Attributes:
        name: The scenario's name, one of :data:`SCENARIOS`.
        title_zh: The headline of the source report.
        title_en: An English title.
        source: Who reported it, as the report credits it (e.g. ``成都市武侯区民政局``),
            with the headline.
        registry: The registry rebuilt from the report.
        rule: The matching rule of the case's community funds
            (:data:`socialwork.funds.BINZHOU_RULE` for Binzhou), or ``None``.
        targets: The case's dated targets (:data:`socialwork.targets.WUHOU_TARGETS`
            for Wuhou), possibly none.
        indicators: The case's evaluation indicator system, or ``None`` when the
            report names none with its indicators. (Wuhou's 《武侯区品牌社会组织评价指标》
            is itself a 2022 target; the report does not give its indicators, so
            none is made up.)
        as_of: The day the report describes, when it gives one (the Wuhou launch,
            10 June 2022), for progress and statements; ``None`` otherwise.

    Examples:
        >>> s = sw.datasets.scenario("binzhou")
        >>> s.rule.ratio_text, s.source.split(":")[0]
        ('10:1', '滨州市民政局')

    .. versionadded:: 0.2
    """

    name: str = attrs.field(validator=check_text)
    title_zh: str = attrs.field(validator=check_text)
    title_en: str = attrs.field(validator=check_text)
    source: str = attrs.field(validator=check_text)
    registry: Registry = attrs.field(validator=instance_of(Registry))
    rule: MatchingRule | None = attrs.field(default=None, validator=_check_rule)
    targets: tuple[Target, ...] = attrs.field(default=(), converter=_to_targets, validator=_check_targets)
    indicators: IndicatorSystem | None = attrs.field(default=None, validator=_check_indicators)
    as_of: datetime.date | None = attrs.field(default=None, validator=optional(check_date))


def _read(name: str) -> Registry:
    data = resources.files(__package__).joinpath(f"{name}.json").read_bytes()
    return loads(data)


@functools.cache
def wuhou() -> Registry:
    """Return Wuhou district's three-level system, as 成都市武侯区民政局 reports it.

    Reproduced exactly: one district hub (区社工总站) of 1,120 m², run by a
    professional social organization and built by 成都市武侯区民政局; 11 street
    stations and 71 community rooms, one for every street and community
    (全覆盖); 184 social workers posted to them (入驻社工), each on one talent
    track (153 practitioners, 15 managers, 16 supervisors, and no senior social
    worker yet: the five actions aim to bring in one or two); 53 featured
    projects (特色服务项目). The report places the hub in 倪家桥社区 of 玉林街道,
    sharing its space with 玉林街道社工站 and 倪家桥社区社工室 (三级体系联建); both
    are in the data under those names.

    The trainer pool (讲师库) of "30余位高校学者、行业专家" is 32 further social
    workers (``wh-t-01`` to ``wh-t-32``, 讲师01...), employed by universities
    (scholars) and industry bodies (experts), posted to no station and on no
    talent track: they train the tracks, they are not on them. Count the system's
    workers as the posted ones.

    Synthetic: the other 10 streets (示例01街道...) and 70 communities, their codes
    (510107901... and communities ending 901...), the agencies, workers' names,
    certifications and skills, and the projects' names, places and dates.
    玉林街道 ``510107015`` and 倪家桥社区 ``510107015001`` are the codes of the
    bundled :func:`example`, not verified official codes.

    Examples:
        >>> reg = sw.datasets.wuhou()
        >>> hub = reg.stations["wh-hub"]
        >>> hub.area_m2, reg.divisions[hub.division_id].name
        (Decimal('1120'), '武侯区')
        >>> sum(1 for w in reg.social_workers.values() if w.station_id), len(reg.projects)
        (184, 53)

    .. versionadded:: 0.2
    """
    return _read("wuhou")


@functools.cache
def binzhou() -> Registry:
    """Return Binzhou's 善来善往 community funds, as 滨州市民政局 reports them.

    Reproduced exactly: 89 community funds (社区基金), each managed by the city
    federation 滨州市慈善总会 or its county's federation (市县两级慈善总会,
    :attr:`~socialwork.OrgKind.CHARITY_FEDERATION`); donations raised totalling
    7,052,386.50 yuan ("700余万元": over seven million, the split among funds and
    donations synthetic); one project per fund, carried out by a social-work
    agency, whose person-times add up to 230,000 ("惠及23万群众", the people
    reached counted as :attr:`~socialwork.Project.person_times`), 围巾妈妈, 星空家园
    and 爱心护航康复室 among them; 梧桐社区 of 滨北街道 in 滨城区 with its fund
    (``bz-fund-wutong``) and the donations of its donation event (the report's
    photo). Matched donations are not stored: they follow from
    :data:`socialwork.funds.BINZHOU_RULE`, which :func:`scenario` bundles.

    Binzhou city (371600) and its seven county-level divisions carry their
    GB/T 2260 codes. Synthetic: the streets and communities other than 滨北街道
    and 梧桐社区, and all their codes (滨北街道 ``371602004`` and 梧桐社区
    ``371602004001`` follow the library's examples, not verified official codes);
    which federation manages which fund; the agencies, the three-level station
    tree and its workers (the report says nothing of stations; they are there so
    that the registry passes the coverage and staffing rules); volunteers;
    donors; dates; grants; and which communities the named projects serve.

    Examples:
        >>> reg = sw.datasets.binzhou()
        >>> len(reg.funds), sum(d.amount for d in reg.donations.values())
        (89, Decimal('7052386.50'))
        >>> reg.funds["bz-fund-wutong"].name
        '梧桐社区基金'

    .. versionadded:: 0.2
    """
    return _read("binzhou")


@functools.cache
def wuhan_school() -> Registry:
    """Return Wuhan's first vocational-school station, as 长江日报 reports it.

    Reproduced exactly: the station (:attr:`~socialwork.StationSetting.SCHOOL`)
    at 经济技术开发区(汉南区)职业教育培训中心 (:attr:`~socialwork.OrgKind.SCHOOL`),
    co-built by it, 立诚社会工作服务中心 (an agency, which runs the station),
    中南民族大学民族学与社会学学院 (a university) and the district procuratorate
    (:attr:`~socialwork.OrgKind.PROCURATORATE`), in the report's order; the
    project 守护明天 (2019-2020, juvenile judicial protection) with home visits,
    instant counselling and social-integration activities for students, 2,046
    person-times ("2000余人次": over 2,000, the exact figure synthetic); and
    相伴成长, school (psychological) social work.

    The station serves the district (汉南区, 420113) at district level: the report
    places it under no hub and in no street. Synthetic: its three social workers
    (立诚社工01...), the start of 相伴成长 (1 September 2021) and the
    organizations' divisions; the station's opening date is not known (``None``).
    守护明天 ran at the centre before the station was set up there; it is linked
    to the station, as the place it ran from.

    Examples:
        >>> reg = sw.datasets.wuhan_school()
        >>> station = reg.stations["whs-station"]
        >>> station.setting.zh, [reg.organizations[o].kind.en for o in station.co_builder_ids]
        ('学校', ['school', 'social-work agency', 'university', 'procuratorate'])

    .. versionadded:: 0.2
    """
    return _read("wuhan_school")


def _build(name: str) -> Scenario:
    from socialwork.funds import BINZHOU_RULE  # noqa: PLC0415 - keeps ``import socialwork`` quick
    from socialwork.targets import WUHOU_TARGETS  # noqa: PLC0415

    if name == "wuhou":
        return Scenario(
            name=name,
            title_zh="成都市武侯区“5S”社工体系建设正式启动",
            title_en="Wuhou district launches its 5S social-work system",
            source=_WUHOU_SOURCE,
            registry=wuhou(),
            targets=WUHOU_TARGETS,
            as_of=datetime.date(2022, 6, 10),
        )
    if name == "binzhou":
        return Scenario(
            name=name,
            title_zh="“微基金”带动“大慈善” 滨州市社区基金助力“五社联动”",
            title_en="Binzhou's community funds: small funds drive large-scale charity",
            source=_BINZHOU_SOURCE,
            registry=binzhou(),
            rule=BINZHOU_RULE,
        )
    return Scenario(
        name=name,
        title_zh="武汉市首个中职学校社工站设立",
        title_en="Wuhan's first vocational-school social work station",
        source=_WUHAN_SOURCE,
        registry=wuhan_school(),
    )


@functools.cache
def _scenario(name: str) -> Scenario:
    return _build(name)


def scenario(name: str, /) -> Scenario:
    """Return the reported scenario *name* as a :class:`Scenario` bundle.

    Args:
        name: One of :data:`SCENARIOS`: ``"wuhou"``, ``"binzhou"``, ``"wuhan_school"``.

    Returns:
        The bundle, whose registry is the one that :func:`wuhou`, :func:`binzhou`
        or :func:`wuhan_school` returns.

    Raises:
        InvalidValueError: *name* is not a scenario's name (``path`` is ``"name"``).
        InvalidTypeError: *name* is not a string.

    Examples:
        >>> s = sw.datasets.scenario("wuhou")
        >>> s.registry is sw.datasets.wuhou(), len(s.targets), s.as_of
        (True, 11, datetime.date(2022, 6, 10))
        >>> sw.datasets.scenario("wuhan")
        Traceback (most recent call last):
        ...
        socialwork.errors.InvalidValueError: name: expected one of 'wuhou', 'binzhou', ..., got 'wuhan'

    .. versionadded:: 0.2
    """
    given: object = name
    if not isinstance(given, str):
        msg = Message(
            "expected a scenario name string, got {type} {given}",
            "应为场景名称字符串，实为 {type} {given}",
            type=type(given).__name__,
            given=repr(given),
        )
        raise InvalidTypeError(msg, path="name")
    if given not in SCENARIOS:
        msg = Message(
            "expected one of {names}, got {given}",
            "应为 {names} 之一，实为 {given}",
            names=", ".join(map(repr, SCENARIOS)),
            given=repr(given),
        )
        raise InvalidValueError(msg, path="name")
    return _scenario(given)


def scenarios() -> tuple[Scenario, ...]:
    """Return every reported scenario, in the order of :data:`SCENARIOS`.

    Examples:
        >>> [s.name for s in sw.datasets.scenarios()]
        ['wuhou', 'binzhou', 'wuhan_school']

    .. versionadded:: 0.2
    """
    return tuple(scenario(name) for name in SCENARIOS)
