"""The ``socialwork`` command: one private module a command, all calling the public API only.

Nothing imports this package. Every error the library raises ends here, in
:func:`main`, as one line a problem on standard error, in the command's language
(usage errors included), and an exit status:

* 0: done, nothing wrong;
* 1: the input was read and has problems (each printed with its path);
* 2: a usage error: the command line is wrong, or asks for what this installation
  cannot do (an optional extra is missing);
* 3: an input cannot be read: no such file, a directory, not JSON, not a socialwork
  document (a :class:`~socialwork.LoadError`).

The language, of the output, the help and every problem line, is ``--lang zh|en``
when given; else ``SOCIALWORK_LANG`` (``zh`` or ``en``); else the locale's
(``LC_ALL``, ``LC_MESSAGES``, ``LANG``, read as POSIX reads them: ``zh_CN.UTF-8``
is Chinese); else English.

When whoever reads standard output stops early (``socialwork schema | head``), the
command stops quietly with 0.

.. versionchanged:: 0.2
   A package (``socialwork.cli`` was a module); a document that cannot be loaded
   exits with 3, not 1; usage errors are returned by :func:`main`, not raised.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence

import socialwork as sw
from socialwork.cli import (
    _diff,
    _export,
    _funds,
    _generate,
    _import,
    _match,
    _report,
    _schema,
    _score,
    _summary,
    _template,
    _validate,
)
from socialwork.cli._errors import ExitCode, report
from socialwork.cli._parser import HEADINGS, LANGUAGE, Parser, default_language, language, language_in
from socialwork.errors import Message

__all__ = ["main"]

_COMMANDS = (
    _summary,
    _schema,
    _validate,
    _funds,
    _match,
    _export,
    _import,
    _template,
    _generate,
    _report,
    _score,
    _diff,
)


def _parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="socialwork",
        description=Message(
            "Community social-work registries: load, check, analyse, export and generate them.",
            "社区社会工作登记数据：读取、检查、分析、导出和生成。",
        ),
        epilog=Message(
            "Exit status: 0 done, 1 problems in the input, 2 usage error, 3 unreadable input. "
            "The language is --lang, else SOCIALWORK_LANG (zh or en), else the locale "
            "(LC_ALL, LC_MESSAGES, LANG), else English.",
            "退出状态：0 完成，1 输入有问题，2 用法错误，3 输入无法读取。"
            "语言由 --lang 指定；未指定时依次看 SOCIALWORK_LANG（zh 或 en）和系统区域设置"
            "（LC_ALL、LC_MESSAGES、LANG），都没有则为英文。",
        ),
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {sw.__version__}", help=HEADINGS["version"]
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar=Message("COMMAND", "命令"))
    for command in _COMMANDS:
        command.register(commands)
    return parser


def _status(code: object) -> int:
    # argparse exits with 0 after --help and --version and with 2 after a usage error.
    if code is None:
        return ExitCode.OK
    return code if isinstance(code, int) else ExitCode.USAGE


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``socialwork`` command with *argv* (the process arguments by default).

    Args:
        argv: The arguments after the program name.

    Returns:
        The exit status: 0 on success, 1 when the input has problems (each printed
        on standard error with its path), 2 for a usage error, 3 when an input
        cannot be read. It never raises for bad input or a bad command line.

    Examples:
        >>> from socialwork.cli import main
        >>> main(["summary", "--lang", "zh"])
        登记汇总
        ...
        0

    .. versionchanged:: 0.2
       Returns 2 for a usage error instead of raising :class:`SystemExit`, and 3
       (not 1) for an input that cannot be read; without ``--lang``, speaks the
       language of ``SOCIALWORK_LANG`` or the locale; the help is in that language too.
    """
    words = sys.argv[1:] if argv is None else list(argv)
    # The language is known before parsing, so that the help and a usage error are in it too.
    token = LANGUAGE.set(language_in(words, default_language()))
    try:
        return _run(words)
    finally:
        LANGUAGE.reset(token)


def _run(argv: list[str]) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return _status(exit_.code)
    if getattr(args, "lang", None) in ("zh", "en"):
        LANGUAGE.set(args.lang)
    try:
        status = int(args.run(args))
        sys.stdout.flush()
    except BrokenPipeError:
        # Whoever reads the output has stopped (``socialwork schema | head``): stop quietly.
        _discard_stdout()
        return ExitCode.OK
    except (sw.SocialWorkError, OSError) as error:
        return int(report(error, lang=language()))
    return status


def _discard_stdout() -> None:
    # Point standard output at the null device, so that the flush at exit cannot fail again.
    with contextlib.suppress(OSError, ValueError):  # a stdout without a file descriptor
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
