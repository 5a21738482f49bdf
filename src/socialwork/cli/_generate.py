"""``socialwork generate``: a seeded synthetic registry, to a file (atomically) or standard output.

The same options give the same document, byte for byte. ``--national`` is the
national shape (:data:`socialwork.datasets.NATIONAL`: 3,000 districts, about two
million entities); ``--faults`` plants known faults (names of
:data:`socialwork.datasets.FAULTS`), each of which one built-in rule must catch.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import socialwork as sw
from socialwork.cli._common import FILE, add_language, comma_list, print_json, usage_error
from socialwork.cli._common import text as say
from socialwork.cli._errors import ExitCode
from socialwork.cli._input import STDIN
from socialwork.cli._progress import Progress
from socialwork.errors import Message

__all__ = ["register", "run"]

_SHAPE = ("districts", "streets_per_district", "communities_per_street")
_SHAPE_WORDS = {
    "districts": Message("districts", "区县数"),
    "streets_per_district": Message("streets per district", "每个区县的街道数"),
    "communities_per_street": Message("communities per street", "每个街道的社区数"),
}


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``generate`` command to *commands*."""
    parser = commands.add_parser(
        "generate",
        help=Message("write a seeded synthetic registry", "生成一份带种子的合成登记数据"),
        description=Message(
            "Write a synthetic registry shaped like the real system, the same for the same options, "
            "to a file (written atomically) or to standard output.",
            "生成一份与真实体系形状相同的合成登记数据（选项相同则结果相同），"
            "写入文件（以原子方式写出）或标准输出。",
        ),
    )
    defaults = {"districts": 1, "streets_per_district": 3, "communities_per_street": 4}  # synthetic()'s
    for name in _SHAPE:
        parser.add_argument(
            f"--{name.replace('_', '-')}",
            type=int,
            metavar="N",
            help=Message(
                "{what} (default {default})",
                "{what}（默认 {default}）",
                what=_SHAPE_WORDS[name],
                default=defaults[name],
            ),
        )
    parser.add_argument(
        "--seed",
        type=int,
        default=0,
        metavar="N",
        help=Message("the seed of the random draws (default 0)", "随机抽取的种子（默认 0）"),
    )
    parser.add_argument(
        "--national",
        action="store_true",
        help=Message(
            "the national shape: 3000 districts of 13 streets of 15 communities",
            "全国规模：3000 个区县，每区县 13 个街道，每街道 15 个社区",
        ),
    )
    parser.add_argument(
        "--faults",
        type=comma_list(sw.datasets.FAULTS, what=Message("fault", "错误类型")),
        action="extend",
        metavar=Message("NAME[,NAME]", "名称[,名称]"),
        help=Message(
            "plant these faults, e.g. uncovered_street,orphan_room",
            "植入这些错误，如 uncovered_street,orphan_room",
        ),
    )
    parser.add_argument(
        "--fault-seed",
        type=int,
        default=0,
        metavar="N",
        help=Message("the seed of where faults go (default 0)", "决定错误植入位置的种子（默认 0）"),
    )
    parser.add_argument(
        "-o",
        "--output",
        default=STDIN,
        metavar=FILE,
        help=Message("the file to write (default: -, standard output)", "写出的文件（默认：-，即标准输出）"),
    )
    add_language(
        parser,
        Message(
            "language of the messages (default: SOCIALWORK_LANG, else the locale, else English)",
            "提示信息的语言（默认：环境变量 SOCIALWORK_LANG，其次是系统区域设置，否则为英文）",
        ),
    )
    parser.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help=Message("how to say what was written, with -o FILE", "与 -o 文件 同用时，如何报告写出的内容"),
    )
    parser.set_defaults(run=run, parser=parser)


def _option(name: str) -> str:
    return "--" + name.replace("_", "-")


def run(args: argparse.Namespace) -> ExitCode:
    """Generate the registry that *args* describe and write it."""
    lang = args.lang
    given = {name: getattr(args, name) for name in _SHAPE if getattr(args, name) is not None}
    if args.national and given:
        msg = Message(
            "argument --national: not allowed with {options}",
            "参数 --national：不能与 {options} 同时使用",
            options=", ".join(map(_option, given)),
        )
        return usage_error(args, msg)
    shape: dict[str, Any] = dict(sw.datasets.NATIONAL) if args.national else given
    refused: sw.FieldError | None = None
    document: bytes | None = None
    with Progress(2) as progress:
        progress.step(say(lang, "生成", "generating"))
        try:
            registry, faults = sw.datasets.synthetic_with_faults(
                args.faults or (), fault_seed=args.fault_seed, seed=args.seed, **shape
            )
        except sw.FieldError as error:
            refused = error
        else:
            progress.step(say(lang, "写出", "writing"))
            document = sw.dumps(registry).encode("utf-8") if args.output == STDIN else None
            if document is None:
                sw.dump(registry, args.output)
    # Said and written once the progress bar on standard error is gone: it may share the terminal.
    if refused is not None:
        name = refused.path.split(".")[0].split("[")[0]
        option = _option(name) if name in (*_SHAPE, "seed", "fault_seed", "faults") else name
        msg = Message(
            "argument {option}: {reason}", "参数 {option}：{reason}", option=option, reason=refused.reason
        )
        return usage_error(args, msg)
    if document is not None:
        out = getattr(sys.stdout, "buffer", None)
        if out is None:  # a standard output without bytes (replaced by a StringIO, say)
            sys.stdout.write(document.decode("utf-8"))
        else:
            out.write(document)
    elif args.format == "json":
        print_json(
            {
                "output": args.output,
                "counts": registry.counts(),
                "faults": [
                    {
                        "kind": f.kind,
                        "code": f.code,
                        "subject": f.subject,
                        "description": f.description_en,
                    }
                    for f in faults
                ],
            }
        )
    else:
        print(
            say(
                lang,
                f"已写出 {args.output}：{len(registry)} 个实体，植入 {len(faults)} 处错误",
                f"wrote {args.output}: {len(registry)} entities, {len(faults)} fault(s) planted",
            )
        )
    return ExitCode.OK
