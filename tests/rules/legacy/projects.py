"""The projects checks as they were before the for_each rewrite (frozen; see tests/rules/legacy).

Originally: Project rules: who may operate a project, where it serves, who serves minors.
"""

from __future__ import annotations

from collections.abc import Iterator

from socialwork.model import OrgKind, TalentTrack, TargetGroup
from socialwork.rules._engine import Check, RuleContext
from socialwork.rules._params import Parameter
from socialwork.rules._report import Violation
from socialwork.rules._tree import district_of

__all__ = ["CHECKS"]

OPERATOR_KINDS = Parameter(
    "projects.operator_kinds",
    [OrgKind.SOCIAL_WORK_AGENCY, OrgKind.SOCIAL_ORGANIZATION],
    type="org_kinds",
    description="the kinds of organization that may operate a service project",
    description_zh="可承接服务项目的组织类型",
)
ALLOW_CROSS_DISTRICT = Parameter(
    "projects.allow_cross_district",
    False,
    type="boolean",
    description="whether a project may serve communities outside its operator's district",
    description_zh="是否允许项目服务运营机构所在区县以外的社区",
)


def _operator_kind(ctx: RuleContext) -> Iterator[Violation]:
    allowed = ctx.param(OPERATOR_KINDS.name)
    organizations = ctx.entities("organizations")
    names = ", ".join(sorted(kind.value for kind in allowed))
    for project in ctx.registry.projects.values():
        kind = organizations[project.operator_id].kind
        if kind not in allowed:
            yield ctx.violation(
                project.id,
                ctx.path("projects", project.id, "operator_id"),
                zh=(
                    f"项目 {project.id!r} 的承接方 {project.operator_id!r} 是{kind.zh}，"
                    "应为社会组织或社工机构"
                ),
                en=(
                    f"project {project.id!r} is operated by {kind.en} {project.operator_id!r}, "
                    f"expected one of {names}"
                ),
                expected=allowed,
                found=kind,
            )


def _in_district(ctx: RuleContext) -> Iterator[Violation]:
    if ctx.param(ALLOW_CROSS_DISTRICT.name):
        return
    registry = ctx.registry
    districts = district_of(registry, ctx.memo)
    organizations = ctx.entities("organizations")
    for project in registry.projects.values():
        home_code = organizations[project.operator_id].division_id
        home = None if home_code is None else districts.get(home_code)
        if home is None:
            continue  # the operator's district is not known
        for j, code in enumerate(project.community_ids):
            district = districts.get(code)
            if district != home:
                yield ctx.violation(
                    project.id,
                    ctx.path("projects", project.id, "community_ids", j),
                    zh=f"项目 {project.id!r} 服务的社区 {code!r} 不在承接方所在区县 {home!r}",
                    en=f"project {project.id!r} serves {code!r}, outside its operator's district {home!r}",
                    expected=home,
                    found=district,
                )


def _minors(ctx: RuleContext) -> Iterator[Violation]:
    registry = ctx.registry
    posted = registry.referrer_index("social_workers", "station_id")
    for project in registry.projects.values():
        if TargetGroup.MINORS not in project.target_groups:
            continue
        staffed = any(
            TalentTrack.PRACTITIONER in worker.tracks
            for station_id in project.station_ids
            for worker in posted.get(station_id, ())
        )
        if not staffed:
            yield ctx.violation(
                project.id,
                ctx.path("projects", project.id, "station_ids"),
                zh=f"服务未成年人的项目 {project.id!r} 的站点没有实务社工",
                en=f"project {project.id!r} serves minors but no practitioner is posted to its stations",
                expected=TalentTrack.PRACTITIONER,
                found=None,
            )


CHECKS: dict[str, Check] = {
    "SW-P001": _operator_kind,
    "SW-P002": _in_district,
    "SW-P003": _minors,
}
