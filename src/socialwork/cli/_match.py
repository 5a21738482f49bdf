"""``socialwork match``: send the communities' needs to the services in reach, optimally.

The fit of each need to each provider is :func:`socialwork.matching.fit_from_registry`'s
(proximity, target group, skill, times urgency); the assignment is
:func:`socialwork.matching.assign`'s. A registry records no capacities, so each
kind of provider takes the persons its ``--*-capacity`` option gives. Needs left
unmet are listed with their reason; they are a result, not a problem of the
input, so the command exits 0 all the same.
"""

from __future__ import annotations

import argparse
from typing import Any

from socialwork.cli._common import add_input, add_output, comma_list, print_json, read_input
from socialwork.cli._common import table as aligned
from socialwork.cli._common import text as say
from socialwork.cli._errors import ExitCode
from socialwork.cli._parser import translated
from socialwork.cli._progress import Progress
from socialwork.errors import Message
from socialwork.matching import assign, fit_from_registry

__all__ = ["register", "run"]

_PROVIDERS = ("projects", "social_workers", "volunteers")
_DEFAULT_CAPACITY = {"projects": 30, "social_workers": 10, "volunteers": 5}
_OPTION = {"projects": "project", "social_workers": "worker", "volunteers": "volunteer"}
_CAPACITY_OF = {
    "projects": Message("projects", "服务项目"),
    "social_workers": Message("social workers", "社会工作者"),
    "volunteers": Message("volunteers", "社区志愿者"),
}


def _capacity(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        msg = Message(
            "expected a whole number of persons at least 0, got {value}",
            "应为至少为 0 的整数人数，实为 {value}",
            value=repr(value),
        )
        raise argparse.ArgumentTypeError(translated(msg))
    return number


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``match`` command to *commands*."""
    parser = commands.add_parser(
        "match",
        help=Message(
            "assign the communities' needs to services in reach", "把社区的服务需求对接到可及的服务"
        ),
        description=Message(
            "Assign each community need to the projects, social workers and volunteers in reach, "
            "optimally under their capacities, and list the needs left unmet and why.",
            "在容量限制下，把每项社区服务需求最优地对接到可及的服务项目、社会工作者和社区志愿者，"
            "并列出未满足的需求及原因。",
        ),
    )
    add_input(parser)
    parser.add_argument(
        "--providers",
        type=comma_list(_PROVIDERS, what=Message("provider kind", "提供方类别")),
        default=["projects", "social_workers"],
        metavar=Message("KIND[,KIND]", "类别[,类别]"),
        help=Message(
            "who provides services: projects, social_workers, volunteers (default: the first two)",
            "由谁提供服务：projects（服务项目）、social_workers（社会工作者）、volunteers（社区志愿者）"
            "（默认：前两者）",
        ),
    )
    for kind, option in _OPTION.items():
        parser.add_argument(
            f"--{option}-capacity",
            type=_capacity,
            default=_DEFAULT_CAPACITY[kind],
            metavar="N",
            help=Message(
                "persons each of the {kind} serves (default {default})",
                "每个{kind}可服务的人数（默认 {default}）",
                kind=_CAPACITY_OF[kind],
                default=_DEFAULT_CAPACITY[kind],
            ),
        )
    parser.add_argument(
        "--objective",
        choices=["max_fit", "max_count"],
        default="max_fit",
        help=Message(
            "the largest total fit (default), or as many persons served as possible",
            "max_fit 总适配度最大（默认），max_count 服务人数尽可能多",
        ),
    )
    parser.add_argument(
        "--solver",
        choices=["auto", "highs", "ortools"],
        default="auto",
        help=Message("the backend", "求解器"),
    )
    add_output(parser)
    parser.set_defaults(run=run, parser=parser)


def run(args: argparse.Namespace) -> ExitCode:
    """Assign the needs of the registry that *args* name, and print the assignment."""
    lang = args.lang
    providers = list(dict.fromkeys(args.providers))
    capacities = {kind: getattr(args, f"{_OPTION[kind]}_capacity") for kind in providers}
    with Progress(2) as progress:
        found = read_input(args, progress)
        registry = found.registry
        progress.step(say(lang, "匹配", "matching"))
        fit = fit_from_registry(registry, providers=providers)
        kind_of = {pid: kind for kind in providers for pid in getattr(registry, kind)}
        services = {pid: capacities[kind] for pid, kind in kind_of.items()}
        needs = {need.id: need.persons for need in registry.needs.values()}
        result = assign(needs, services, fit=fit, objective=args.objective, solver=args.solver)
    pairs = sorted(result.pairs)
    if args.format == "json":
        data: dict[str, Any] = {
            "source": found.source,
            "objective": result.objective,
            "solver": result.solver,
            "providers": providers,
            "capacities": capacities,
            "need_count": len(needs),
            "persons": sum(needs.values()),
            "persons_served": result.persons,
            "total_fit": result.total_fit,
            "pairs": [
                {
                    "need_id": need,
                    "provider_id": provider,
                    "provider_kind": kind_of[provider],
                    "persons": persons,
                    "fit": fit[need, provider],
                }
                for need, provider, persons in pairs
            ],
            "unmet": [
                {
                    "need_id": u.need_id,
                    "persons": u.persons,
                    "reason": u.reason.value,
                    "reason_text": u.reason.label(lang),
                    "services": list(u.services),
                }
                for u in result.unmet
            ],
        }
        print_json(data)
        return ExitCode.OK
    lines = [
        say(lang, "服务供需对接", "Needs matched to services"),
        f"{say(lang, '来源', 'source')}: {found.source}",
        say(
            lang,
            f"需求 {len(needs)} 项，共 {sum(needs.values())} 人；已对接 {result.persons} 人；"
            f"总适配度 {result.total_fit}",
            f"{len(needs)} need(s) of {sum(needs.values())} person(s); {result.persons} served; "
            f"total fit {result.total_fit}",
        ),
        "",
    ]
    header = [
        say(lang, "需求", "need"),
        say(lang, "服务类型", "service"),
        say(lang, "提供方", "provider"),
        say(lang, "人数", "persons"),
        say(lang, "适配度", "fit"),
    ]
    rows = [
        [need, registry.needs[need].service_kind.label(lang), provider, persons, fit[need, provider]]
        for need, provider, persons in pairs
    ]
    lines += aligned(header, rows, right=(3, 4))
    if result.unmet:
        lines += ["", say(lang, "未满足的需求", "Needs left unmet")]
        header = [say(lang, "需求", "need"), say(lang, "人数", "persons"), say(lang, "原因", "reason")]
        unmet_rows = [[u.need_id, u.persons, u.reason.label(lang)] for u in result.unmet]
        lines += aligned(header, unmet_rows, right=(1,))
    print("\n".join(lines))
    return ExitCode.OK
