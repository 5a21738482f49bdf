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
from socialwork.cli._progress import Progress
from socialwork.cli._report import count, subject, subject_arguments
from socialwork.errors import FieldError, IndicatorSystemError, Problem, path_of

__all__ = ["read_indicators", "register", "run"]

_FIELDS: Final = ("id", "zh", "en", "weight", "direction", "normalization", "target", "extractor", "children")
_DIRECTIONS: Final = {"benefit": 1, "cost": -1}


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``score`` command to *commands*."""
    parser = commands.add_parser(
        "score",
        help="score and rank stations (or the entities an indicator system measures)",
        description=(
            "Score the entities of a registry (FILE, - for standard input) or a bundled scenario "
            "(--dataset; wuhou by default) on an indicator system, and print the best, with what "
            "each first-level indicator gave. The system is --indicators FILE.json, else the "
            "scenario's own, else socialwork.scoring.STATION_INDICATORS."
        ),
        epilog=(
            "An indicator file is one JSON object, the root indicator: "
            '{"id": "r", "zh": "...", "en": "...", "children": [{"id": "a", "weight": "1/2", '
            '"normalization": "max", "extractor": "station.workers", "direction": "benefit"}, ...]}. '
            'Weights are exact: strings such as "1/3", or decimal numbers. '
            "Exit status: 0 done, 1 the indicator system is wrong (each problem with its path), "
            "2 usage error, 3 unreadable input."
        ),
    )
    subject_arguments(parser)
    parser.add_argument("--indicators", metavar="FILE.json", type=Path, help="the indicator system to use")
    parser.add_argument(
        "--method",
        choices=["weighted_sum", "topsis"],
        default="weighted_sum",
        help="aggregation (weighted_sum)",
    )
    parser.add_argument("--top", metavar="N", type=count, default=10, help="entities shown (10)")
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
        raise InputError(str(path), [Problem("", f"cannot read: {error.strerror or error}")]) from error
    except (UnicodeDecodeError, ValueError) as error:
        raise InputError(str(path), [Problem("", f"not a JSON document: {error}")]) from error
    problems: list[Problem] = []
    root = _indicator(document, "root", problems, sw.scoring.extractors())
    summary = f"{path}: not an indicator system"
    if problems or root is None:
        raise IndicatorSystemError(summary, problems)
    try:
        return sw.scoring.IndicatorSystem(root)
    except IndicatorSystemError as error:
        raise IndicatorSystemError(summary, error.problems) from None


def _refuse_constant(name: str) -> Any:
    msg = f"{name} is not a number JSON allows"
    raise ValueError(msg)


def _indicator(
    value: object, path: str, problems: list[Problem], known: dict[str, Any]
) -> sw.scoring.Indicator | None:
    if not isinstance(value, dict):
        problems.append(Problem(path, f"expected an indicator object, got {_json_type(value)}"))
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
            msg = f"expected a list of indicators, got {_json_type(given)}"
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
    known_fields = f"unknown field; an indicator has {', '.join(_FIELDS)}"
    problems.extend(Problem(path_of(path, key), known_fields) for key in sorted(set(value) - set(_FIELDS)))
    for key in ("id", "zh", "en", "normalization", "extractor"):
        if key in value:
            if isinstance(value[key], str):
                fields[key] = value[key]
            else:
                msg = f"expected a string, got {_json_type(value[key])}"
                problems.append(Problem(path_of(path, key), msg))
    if "id" not in value:
        problems.append(Problem(path_of(path, "id"), "missing: every indicator needs an id"))
    extractor = fields.get("extractor")
    if extractor is not None and extractor not in known:
        msg = f"unknown extractor {extractor!r}; known: {', '.join(known)}"
        problems.append(Problem(path_of(path, "extractor"), msg))
        del fields["extractor"]
    if "weight" in value:
        weight = value["weight"]
        if isinstance(weight, str | int | Decimal) and not isinstance(weight, bool):
            fields["weight"] = weight
        else:
            msg = f"expected a number or a string such as '1/3', got {_json_type(weight)}"
            problems.append(Problem(path_of(path, "weight"), msg))
    if "direction" in value:
        direction = value["direction"]
        if isinstance(direction, str) and direction in _DIRECTIONS:
            fields["direction"] = _DIRECTIONS[direction]
        elif isinstance(direction, int) and not isinstance(direction, bool) and direction in (1, -1):
            fields["direction"] = direction
        else:
            msg = f"expected 'benefit', 'cost', 1 or -1, got {direction!r}"
            problems.append(Problem(path_of(path, "direction"), msg))
    if "target" in value:
        target = value["target"]
        if isinstance(target, int | Decimal) and not isinstance(target, bool):
            fields["target"] = target
        else:
            problems.append(Problem(path_of(path, "target"), f"expected a number, got {_json_type(target)}"))
    return fields


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")
