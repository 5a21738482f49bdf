"""Project rules: who may operate a project, where it serves, who serves minors."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from socialwork.model import OrgKind, Project, Severity, TalentTrack, TargetGroup
from socialwork.rules._each import Finding, for_each
from socialwork.rules._engine import Rule, RuleContext, rule
from socialwork.rules._params import Parameter
from socialwork.rules._tree import district_of

__all__ = ["PARAMETERS", "RULES"]

OPERATOR_KINDS = Parameter(
    "projects.operator_kinds",
    [OrgKind.SOCIAL_WORK_AGENCY, OrgKind.SOCIAL_ORGANIZATION],
    type="org_kinds",
    description="the kinds of organization that may operate a service project",
    description_zh="可承接服务项目的组织类型",
)
ALLOW_CROSS_DISTRICT = Parameter(
    "projects.allow_cross_district",
    False,  # noqa: FBT003 - a value, not a flag argument
    type="boolean",
    description="whether a project may serve communities outside its operator's district",
    description_zh="是否允许项目服务运营机构所在区县以外的社区",
)
PARAMETERS = (OPERATOR_KINDS, ALLOW_CROSS_DISTRICT)


# Members that a check reads once per entity, bound once: looking one up on its enum costs
# about 80 ns on Python 3.11, more than the rest of a simple check.
_MINORS, _PRACTITIONER = TargetGroup.MINORS, TalentTrack.PRACTITIONER


@rule(
    code="SW-P001",
    title_zh="项目由社会组织或社工机构承接",
    title_en="a project is operated by a social organization or agency",
    severity=Severity.ERROR,
    family="projects",
    reference="政府购买社会工作服务: 承接主体为依法登记的社会组织",
    parameters=[OPERATOR_KINDS],
)
@for_each("projects", at="operator_id")
def _operator_kind(ctx: RuleContext, project: Project) -> Finding | None:
    allowed = ctx.param(OPERATOR_KINDS.name)
    kind = ctx.entities("organizations")[project.operator_id].kind
    if kind in allowed:
        return None
    names = ", ".join(sorted(each.value for each in allowed))
    return Finding(
        zh=f"项目 {project.id!r} 的承接方 {project.operator_id!r} 是{kind.zh}，应为社会组织或社工机构",
        en=(
            f"project {project.id!r} is operated by {kind.en} {project.operator_id!r}, "
            f"expected one of {names}"
        ),
        expected=allowed,
        found=kind,
    )


def _unless_cross_district_allowed(ctx: RuleContext) -> Iterable[Project]:
    return () if ctx.param(ALLOW_CROSS_DISTRICT.name) else ctx.registry.projects.values()


@rule(
    code="SW-P002",
    title_zh="项目服务的社区在承接方所在区县",
    title_en="a project serves communities in its operator's district",
    severity=Severity.WARNING,
    family="projects",
    reference="属地化: 项目服务承接机构所在区县的社区 (unless allowed by parameter)",
    parameters=[ALLOW_CROSS_DISTRICT],
)
@for_each("projects", among=_unless_cross_district_allowed)
def _in_district(ctx: RuleContext, project: Project) -> Iterator[Finding]:
    districts = district_of(ctx.registry, ctx.memo)
    home_code = ctx.entities("organizations")[project.operator_id].division_id
    home = None if home_code is None else districts.get(home_code)
    if home is None:
        return  # the operator's district is not known
    for j, code in enumerate(project.community_ids):
        district = districts.get(code)
        if district != home:
            yield Finding(
                zh=f"项目 {project.id!r} 服务的社区 {code!r} 不在承接方所在区县 {home!r}",
                en=f"project {project.id!r} serves {code!r}, outside its operator's district {home!r}",
                expected=home,
                found=district,
                at=("community_ids", j),
            )


@rule(
    code="SW-P003",
    title_zh="服务未成年人的项目配有实务社工",
    title_en="a project serving minors has a practitioner among its stations' staff",
    severity=Severity.ERROR,
    family="projects",
    reference="未成年人保护: 服务未成年人的项目由专业实务社工提供服务",
)
@for_each("projects", at="station_ids")
def _minors(ctx: RuleContext, project: Project) -> Finding | None:
    if _MINORS not in project.target_groups:
        return None
    posted = ctx.registry.referrer_index("social_workers", "station_id")
    if any(
        _PRACTITIONER in worker.tracks
        for station_id in project.station_ids
        for worker in posted.get(station_id, ())
    ):
        return None
    return Finding(
        zh=f"服务未成年人的项目 {project.id!r} 的站点没有实务社工",
        en=f"project {project.id!r} serves minors but no practitioner is posted to its stations",
        expected=TalentTrack.PRACTITIONER,
    )


RULES: tuple[Rule, ...] = (_operator_kind, _in_district, _minors)
