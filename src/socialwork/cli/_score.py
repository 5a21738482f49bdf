"""``socialwork score [FILE | -] [--indicators FILE.json]``: rank entities on an indicator system."""

from __future__ import annotations

import argparse
import json
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import socialwork as sw
from socialwork.cli._common import print_json, text
from socialwork.cli._errors import ExitCode, InputError
from socialwork.cli._input import cannot_read
from socialwork.cli._progress import Progress
from socialwork.cli._report import count, subject, subject_arguments
from socialwork.errors import (
    FieldError,
    IndicatorSystemError,
    Message,
    Problem,
    path_of,
    position_of,
    reason_of,
)

__all__ = ["read_indicators", "register", "run"]

_FIELDS: Final = ("id", "zh", "en", "weight", "direction", "normalization", "target", "extractor", "children")
_DIRECTIONS: Final = {"benefit": 1, "cost": -1}


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``score`` command to *commands*."""
    parser = commands.add_parser(
        "score",
        help=Message(
            "score and rank stations (or the entities an indicator system measures)",
            "给社工站（或指标体系所评价的对象）评分并排名",
        ),
        description=Message(
            "Score the entities of a registry (FILE, - for standard input) or a bundled scenario "
            "(--dataset; wuhou by default) on an indicator system, and print the best, with what "
            "each first-level indicator gave. The system is --indicators FILE.json, else the "
            "scenario's own, else socialwork.scoring.STATION_INDICATORS.",
            "按评价指标体系给登记数据（文件，- 表示标准输入）或内置场景（--dataset；默认 wuhou）"
            "中的对象评分，"
            "列出得分最高者及各一级指标的得分。指标体系取 --indicators 文件.json，"
            "否则取场景自带的，否则取 socialwork.scoring.STATION_INDICATORS。",
        ),
        epilog=Message(
            "An indicator file is one JSON object, the root indicator: {example}. "
            'Weights are exact: strings such as "1/3", or decimal numbers. '
            "Exit status: 0 done, 1 the indicator system is wrong (each problem with its path), "
            "2 usage error, 3 unreadable input.",
            "指标文件是一个 JSON 对象，即根指标：{example}。"
            '权重是精确值：如 "1/3" 这样的字符串，或十进制数。'
            "退出状态：0 完成，1 指标体系有误（每个问题附其位置），2 用法错误，3 输入无法读取。",
            example='{"id": "r", "zh": "...", "en": "...", "children": [{"id": "a", "weight": "1/2", '
            '"normalization": "max", "extractor": "station.workers", "direction": "benefit"}, ...]}',
        ),
    )
    subject_arguments(parser)
    parser.add_argument(
        "--indicators",
        metavar=Message("FILE.json", "文件.json"),
        type=Path,
        help=Message("the indicator system to use", "所用的评价指标体系"),
    )
    parser.add_argument(
        "--method",
        choices=["weighted_sum", "topsis"],
        default="weighted_sum",
        help=Message("aggregation (weighted_sum)", "汇总方法（默认 weighted_sum，加权求和）"),
    )
    parser.add_argument(
        "--top",
        metavar="N",
        type=count,
        default=10,
        help=Message("entities shown (10)", "列出的对象个数（10）"),
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> ExitCode:
    """Print the ranking that *args* ask for."""
    system = read_indicators(args.indicators) if args.indicators is not None else None
    with Progress(2) as progress:
        chosen = subject(args, progress)
        progress.step(text(args.lang, "评分", "scoring"))
        result = sw.reporting.ranking(chosen, indicators=system, method=args.method, top=args.top)
    if args.format == "json":
        print_json(result.to_dict())
    else:
        print(result.to_text(lang=args.lang))
    return ExitCode.OK


def read_indicators(path: Path) -> sw.scoring.IndicatorSystem:
    """Return the indicator system in the JSON file *path*, read strictly.

    Raises:
        InputError: the file cannot be read or is not JSON (exit status 3).
        IndicatorSystemError: the document is not an indicator system; every
            problem has its path from ``root`` (exit status 1).
    """
    try:
        text = path.read_bytes().decode("utf-8")
        document = json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant)
    except OSError as error:
        raise InputError(str(path), [Problem("", cannot_read(error))]) from error
    except (UnicodeDecodeError, ValueError) as error:
        msg = Message(
            "not a JSON document{where}: {reason}",
            "不是 JSON 文档{where}：{reason}",
            where=position_of(error),
            reason=reason_of(error),
        )
        raise InputError(str(path), [Problem("", msg)]) from error
    problems: list[Problem] = []
    root = _indicator(document, "root", problems, sw.scoring.extractors())
    summary = Message("{path}: not an indicator system", "{path}：不是指标体系", path=str(path))
    if problems or root is None:
        raise IndicatorSystemError(summary, problems)
    try:
        return sw.scoring.IndicatorSystem(root)
    except IndicatorSystemError as error:
        raise IndicatorSystemError(summary, error.problems) from None


def _refuse_constant(name: str) -> Any:
    msg = Message("{name} is not a number JSON allows", "{name} 不是 JSON 允许的数", name=name)
    raise ValueError(msg)


def _indicator(
    value: object, path: str, problems: list[Problem], known: dict[str, Any]
) -> sw.scoring.Indicator | None:
    if not isinstance(value, dict):
        msg = Message(
            "expected an indicator object, got {type}", "应为指标对象，实为{type}", type=_json_type(value)
        )
        problems.append(Problem(path, msg))
        return None
    start = len(problems)
    fields = _fields(value, path, problems, known)
    children: list[sw.scoring.Indicator] = []
    if "children" in value:
        given = value["children"]
        if isinstance(given, list):
            for position, child in enumerate(given):
                built = _indicator(child, f"{path}.children[{position}]", problems, known)
                if built is not None:
                    children.append(built)
        else:
            msg = Message(
                "expected a list of indicators, got {type}",
                "应为指标列表，实为{type}",
                type=_json_type(given),
            )
            problems.append(Problem(path_of(path, "children"), msg))
    if "id" not in fields:
        return None
    try:
        # Built from the fields that could be read, even when a child failed, so that
        # this indicator's own problems (an unknown normalisation, say) are reported too.
        built = sw.scoring.Indicator(children=children, **fields)
    except FieldError as error:
        problems.extend(problem.under(path) for problem in error.problems)
        return None
    return built if len(problems) == start else None


def _fields(
    value: dict[str, Any], path: str, problems: list[Problem], known: dict[str, Any]
) -> dict[str, Any]:
    """Return the fields of the indicator object *value* that are of the right JSON type."""
    fields: dict[str, Any] = {}
    known_fields = Message(
        "unknown field; an indicator has {fields}",
        "未知的字段；指标的字段为 {fields}",
        fields=", ".join(_FIELDS),
    )
    problems.extend(Problem(path_of(path, key), known_fields) for key in sorted(set(value) - set(_FIELDS)))
    for key in ("id", "zh", "en", "normalization", "extractor"):
        if key in value:
            if isinstance(value[key], str):
                fields[key] = value[key]
            else:
                msg = Message(
                    "expected a string, got {type}", "应为字符串，实为{type}", type=_json_type(value[key])
                )
                problems.append(Problem(path_of(path, key), msg))
    if "id" not in value:
        msg = Message("missing: every indicator needs an id", "缺少：每个指标都要有 id")
        problems.append(Problem(path_of(path, "id"), msg))
    extractor = fields.get("extractor")
    if extractor is not None and extractor not in known:
        msg = Message(
            "unknown extractor {extractor}; known: {known}",
            "未知的取值函数 {extractor}；已知的有：{known}",
            extractor=repr(extractor),
            known=", ".join(known),
        )
        problems.append(Problem(path_of(path, "extractor"), msg))
        del fields["extractor"]
    if "weight" in value:
        weight = value["weight"]
        if isinstance(weight, str | int | Decimal) and not isinstance(weight, bool):
            fields["weight"] = weight
        else:
            msg = Message(
                "expected a number or a string such as '1/3', got {type}",
                "应为数或 '1/3' 这样的字符串，实为{type}",
                type=_json_type(weight),
            )
            problems.append(Problem(path_of(path, "weight"), msg))
    if "direction" in value:
        direction = value["direction"]
        if isinstance(direction, str) and direction in _DIRECTIONS:
            fields["direction"] = _DIRECTIONS[direction]
        elif isinstance(direction, int) and not isinstance(direction, bool) and direction in (1, -1):
            fields["direction"] = direction
        else:
            msg = Message(
                "expected 'benefit', 'cost', 1 or -1, got {direction}",
                "应为 'benefit'、'cost'、1 或 -1，实为 {direction}",
                direction=repr(direction),
            )
            problems.append(Problem(path_of(path, "direction"), msg))
    if "target" in value:
        target = value["target"]
        if isinstance(target, int | Decimal) and not isinstance(target, bool):
            fields["target"] = target
        else:
            msg = Message("expected a number, got {type}", "应为数，实为{type}", type=_json_type(target))
            problems.append(Problem(path_of(path, "target"), msg))
    return fields


_JSON_TYPES: Final = {
    dict: Message("an object", "对象"),
    list: Message("a list", "列表"),
    str: Message("a string", "字符串"),
    bool: Message("a boolean", "布尔值"),
    type(None): Message("null", " null"),  # after 实为, a word of Latin letters is set off by a space
}


def _json_type(value: object) -> Message:
    # What JSON type *value* is, as the messages say after "got" and 实为.
    return _JSON_TYPES.get(type(value), Message("a number", "数"))
