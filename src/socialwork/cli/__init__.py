"""The ``socialwork`` command: one private module a command, all calling the public API only.

Nothing imports this package. Every error the library raises ends here, in
:func:`main`, as one line a problem on standard error, in the language ``--lang``
chose (usage errors included), and an exit status:

* 0: done, nothing wrong;
* 1: the input was read and has problems (each printed with its path);
* 2: a usage error: the command line is wrong, or asks for what this installation
  cannot do (an optional extra is missing);
* 3: an input cannot be read: no such file, a directory, not JSON, not a socialwork
  document (a :class:`~socialwork.LoadError`).

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
    _export,
    _funds,
    _generate,
    _match,
    _report,
    _schema,
    _score,
    _summary,
    _validate,
)
from socialwork.cli._errors import ExitCode, report
from socialwork.cli._parser import LANGUAGE, Parser, language, language_in

__all__ = ["main"]

_COMMANDS = (_summary, _schema, _validate, _funds, _match, _export, _generate, _report, _score)


def _parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="socialwork",
        description="Community social-work registries: load, check, analyse, export and generate them.",
        epilog="Exit status: 0 done, 1 problems in the input, 2 usage error, 3 unreadable input.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {sw.__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
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
       (not 1) for an input that cannot be read.
    """
    words = sys.argv[1:] if argv is None else list(argv)
    # The language is known before parsing, so that a usage error is in it too.
    token = LANGUAGE.set(language_in(words))
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
