"""``socialwork funds``: the community funds' totals, or one fund's statement, under a matching rule.

Money is exact: text in tables and strings in JSON (``"6500.50"``), never a float.
The rule is the scenario's own when ``--dataset`` names one that has one, else
the Binzhou rule (10:1, at most 30,000 yuan a fund); ``--rule RAISED:MATCHED``
(or a ratio, ``0.1``) and ``--cap YUAN|none`` give another.
"""

from __future__ import annotations

import argparse
from decimal import Decimal, InvalidOperation
from typing import Any

import socialwork as sw
from socialwork.cli._common import (
    DATE,
    Input,
    add_input,
    add_output,
    date_argument,
    money,
    print_json,
    read_input,
    usage_error,
)
from socialwork.cli._common import table as aligned
from socialwork.cli._common import text as say
from socialwork.cli._errors import ExitCode
from socialwork.cli._parser import translated
from socialwork.cli._progress import Progress
from socialwork.errors import Message
from socialwork.funds import BINZHOU_RULE, FundsSummary, MatchingRule, Statement

__all__ = ["register", "run"]

_BINZHOU = "binzhou"


def _ratio(value: str) -> Decimal | str:
    """Read ``binzhou``, ``RAISED:MATCHED`` (``10:1``) or a ratio (``0.1``) for --rule."""
    if value == _BINZHOU:
        return value
    try:
        if ":" in value:
            raised, _, matched = value.partition(":")
            ratio = Decimal(matched) / Decimal(raised)
        else:
            ratio = Decimal(value)
        MatchingRule(ratio=ratio)  # the rule's own checks: at least 0, at most 12 decimal places
    except (InvalidOperation, ArithmeticError, sw.FieldError):
        msg = Message(
            "expected binzhou, RAISED:MATCHED such as 10:1, or a ratio such as 0.1, got {value}",
            "应为 binzhou、募集:配捐（如 10:1）或比例（如 0.1），实为 {value}",
            value=repr(value),
        )
        raise argparse.ArgumentTypeError(translated(msg)) from None
    return ratio


def _cap(value: str) -> Decimal | None:
    """Read yuan, to the fen, or ``none`` for --cap."""
    if value == "none":
        return None
    try:
        cap = Decimal(value)
        MatchingRule(ratio=1, cap=cap)
    except (InvalidOperation, sw.FieldError):
        msg = Message(
            "expected yuan to the fen (30000.00) or none, got {value}",
            "应为精确到分的元数（30000.00）或 none，实为 {value}",
            value=repr(value),
        )
        raise argparse.ArgumentTypeError(translated(msg)) from None
    return cap


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``funds`` command to *commands*."""
    parser = commands.add_parser(
        "funds",
        help=Message(
            "the community funds' totals, or one fund's statement", "社区基金汇总，或一个基金的对账单"
        ),
        description=Message(
            "Total the community funds of a registry (raised, matched, granted, reach), or print one "
            "fund's statement with --fund. Amounts are exact yuan.",
            "汇总登记数据中的社区基金（募集、配捐、资助、服务人次），或用 --fund 输出一个基金的对账单。"
            "金额精确到分。",
        ),
    )
    add_input(parser)
    parser.add_argument(
        "--fund", metavar="ID", help=Message("print the statement of this fund", "输出该基金的对账单")
    )
    parser.add_argument(
        "--rule",
        type=_ratio,
        metavar=Message("RULE", "规则"),
        help=Message(
            "binzhou (10:1, at most 30000 yuan; the default), RAISED:MATCHED such as 5:1, or a ratio",
            "binzhou（10:1，上限 30000 元；默认）、募集:配捐（如 5:1）或比例",
        ),
    )
    parser.add_argument(
        "--cap",
        type=_cap,
        metavar=Message("YUAN", "元"),
        help=Message(
            "with a --rule ratio: the most matched per fund, or none (the default)",
            "与 --rule 比例同用：每个基金的配捐上限，或 none（默认，不设上限）",
        ),
    )
    parser.add_argument(
        "--as-of",
        type=date_argument,
        metavar=DATE,
        help=Message("count donations up to DATE", "只计该日期及以前的捐赠"),
    )
    parser.add_argument(
        "--within",
        metavar=Message("CODE", "代码"),
        help=Message(
            "only the funds serving this division or below it", "只计服务该行政区划及其下级区划的基金"
        ),
    )
    parser.add_argument(
        "--manager",
        metavar="ID",
        help=Message("only the funds this federation manages", "只计该慈善总会管理的基金"),
    )
    add_output(parser)
    parser.set_defaults(run=run, parser=parser)


def _rule(args: argparse.Namespace, found: Input) -> MatchingRule:
    chosen = args.rule
    if isinstance(chosen, Decimal):
        return MatchingRule(ratio=chosen, cap=args.cap, name=f"--rule {chosen}")
    if chosen is None and found.scenario is not None and found.scenario.rule is not None:
        return found.scenario.rule
    return BINZHOU_RULE


def _rule_data(rule: MatchingRule) -> dict[str, Any]:
    return {
        "name": rule.name,
        "ratio": str(rule.ratio),
        "ratio_text": rule.ratio_text,
        "cap": money(rule.cap),
        "cap_period": rule.cap_period.value,
        "rounding": rule.rounding,
        "minimum_donation": money(rule.minimum_donation),
        "description": rule.describe(),
    }


def _statement_data(registry: sw.Registry, s: Statement) -> dict[str, Any]:
    return {
        "fund_id": s.fund_id,
        "name": registry.funds[s.fund_id].name,
        "raised": money(s.raised),
        "counted": money(s.counted),
        "matched": money(s.matched),
        "total": money(s.total),
        "room": money(s.room),
        "at_cap": s.at_cap,
        "donation_count": s.donation_count,
        "donor_count": s.donor_count,
        "anonymous_count": s.anonymous_count,
        "years": [
            {
                "year": y.year,
                "raised": money(y.raised),
                "matched": money(y.matched),
                "donation_count": y.donation_count,
                "donor_count": y.donor_count,
            }
            for y in s.years
        ],
    }


def _summary_data(source: str, registry: sw.Registry, s: FundsSummary) -> dict[str, Any]:
    return {
        "source": source,
        "rule": _rule_data(s.rule),
        "as_of": None if s.as_of is None else s.as_of.isoformat(),
        "manager_id": s.manager_id,
        "within": s.within,
        "fund_count": s.fund_count,
        "raised": money(s.raised),
        "matched": money(s.matched),
        "total": money(s.total),
        "disbursed": money(s.disbursed),
        "balance": money(s.balance),
        "person_times": s.person_times,
        "at_cap_ids": list(s.at_cap_ids),
        "nothing_raised_ids": list(s.nothing_raised_ids),
        "project_ids": list(s.project_ids),
        "statements": [_statement_data(registry, statement) for statement in s.statements],
    }


def _yes(lang: str, flag: bool) -> str:  # noqa: FBT001
    return say(lang, "是", "yes") if flag else say(lang, "否", "no")


def _head(lang: str, source: str, rule: MatchingRule, as_of: object) -> list[str]:
    cap = say(lang, "不设上限", "no cap")
    if rule.cap is not None:
        cap = say(lang, f"上限 {rule.cap} 元", f"at most {rule.cap} yuan")
    name = rule.name or rule.ratio_text
    lines = [
        f"{say(lang, '来源', 'source')}: {source}",
        f"{say(lang, '配捐规则', 'matching rule')}: {name} ({rule.ratio_text}, {cap})",
    ]
    if as_of is not None:
        lines.append(f"{say(lang, '截至', 'as of')}: {as_of}")
    return lines


def _summary_text(lang: str, source: str, registry: sw.Registry, s: FundsSummary) -> list[str]:
    lines = [say(lang, "社区基金汇总", "Community funds"), *_head(lang, source, s.rule, s.as_of), ""]
    header = [
        say(lang, "基金", "fund"),
        say(lang, "募集", "raised"),
        say(lang, "配捐", "matched"),
        say(lang, "合计", "total"),
        say(lang, "剩余额度", "room"),
        say(lang, "达到上限", "at cap"),
        say(lang, "名称", "name"),
    ]
    rows = [
        [
            st.fund_id,
            st.raised,
            st.matched,
            st.total,
            "-" if st.room is None else st.room,
            _yes(lang, st.at_cap),
            registry.funds[st.fund_id].name,
        ]
        for st in s.statements
    ]
    lines += aligned(header, rows, right=(1, 2, 3, 4))
    lines.append("")
    totals = [
        (say(lang, "基金数", "funds"), s.fund_count),
        (say(lang, "募集", "raised"), s.raised),
        (say(lang, "配捐", "matched"), s.matched),
        (say(lang, "资助", "granted"), s.disbursed),
        (say(lang, "结余", "balance"), s.balance),
        (say(lang, "资助项目", "projects financed"), len(s.project_ids)),
        (say(lang, "服务人次", "person-times served"), s.person_times),
        (say(lang, "达到上限的基金", "funds at the cap"), len(s.at_cap_ids)),
        (say(lang, "尚无募集的基金", "funds that raised nothing"), len(s.nothing_raised_ids)),
    ]
    lines += ["  " + line for line in aligned(["", ""], totals, right=(1,))[1:]]
    return lines


def _statement_text(lang: str, source: str, registry: sw.Registry, s: Statement) -> list[str]:
    fund = registry.funds[s.fund_id]
    lines = [f"{say(lang, '基金对账单', 'Fund statement')}: {fund.name} ({fund.id})"]
    lines += _head(lang, source, s.rule, s.as_of)
    lines.append("")
    figures = [
        (say(lang, "募集", "raised"), s.raised),
        (say(lang, "计入配捐", "counted for matching"), s.counted),
        (say(lang, "配捐", "matched"), s.matched),
        (say(lang, "合计", "total"), s.total),
        (say(lang, "剩余配捐额度", "room left"), "-" if s.room is None else s.room),
        (say(lang, "达到上限", "at the cap"), _yes(lang, s.at_cap)),
        (say(lang, "捐赠笔数", "donations"), s.donation_count),
        (say(lang, "实名捐赠人", "named donors"), s.donor_count),
        (say(lang, "匿名捐赠", "anonymous donations"), s.anonymous_count),
    ]
    lines += ["  " + line for line in aligned(["", ""], figures, right=(1,))[1:]]
    if s.years:
        lines.append("")
        header = [
            say(lang, "年度", "year"),
            say(lang, "募集", "raised"),
            say(lang, "配捐", "matched"),
            say(lang, "捐赠笔数", "donations"),
            say(lang, "捐赠人", "donors"),
        ]
        rows = [[y.year, y.raised, y.matched, y.donation_count, y.donor_count] for y in s.years]
        lines += aligned(header, rows, right=(1, 2, 3, 4))
    return lines


def run(args: argparse.Namespace) -> ExitCode:
    """Print the funds summary, or the statement of ``--fund``, of the registry that *args* name."""
    lang = args.lang
    if args.cap is not None and not isinstance(args.rule, Decimal):
        msg = Message(
            "argument --cap: only with a --rule ratio such as 5:1",
            "参数 --cap：只能与 --rule 比例（如 5:1）同用",
        )
        return usage_error(args, msg)
    with Progress(2) as progress:
        found = read_input(args, progress)
        rule = _rule(args, found)
        as_of = args.as_of
        if as_of is None and found.scenario is not None:
            as_of = found.scenario.as_of
        progress.step(say(lang, "计算", "computing"))
        registry = found.registry
        json_out = args.format == "json"
        if args.fund is not None:
            s = sw.funds.statement(registry, args.fund, rule=rule, as_of=as_of)
            if json_out:
                data: dict[str, Any] = {"source": found.source, "rule": _rule_data(rule)}
                data.update(_statement_data(registry, s))
            else:
                lines = _statement_text(lang, found.source, registry, s)
        else:
            summary = sw.funds.summary(
                registry, rule=rule, manager_id=args.manager, within=args.within, as_of=as_of
            )
            if json_out:
                data = _summary_data(found.source, registry, summary)
            else:
                lines = _summary_text(lang, found.source, registry, summary)
    # Printed once the progress bar on standard error is gone, which may share the terminal.
    if json_out:
        print_json(data)
    else:
        print("\n".join(lines))
    return ExitCode.OK
