"""The one place where an error becomes a message on standard error and an exit status."""

from __future__ import annotations

import enum
import sys
from collections.abc import Iterable
from typing import TextIO

from socialwork.errors import (
    FieldError,
    LoadError,
    Message,
    MissingDependencyError,
    Problem,
    ProblemsError,
    SocialWorkError,
    reason_of,
    text_in,
)
from socialwork.model import Language

__all__ = ["ExitCode", "InputError", "error_lines", "exit_code", "report"]


class ExitCode(enum.IntEnum):
    """The exit statuses of the ``socialwork`` command."""

    OK = 0
    """The command did what was asked and found nothing wrong."""
    PROBLEMS = 1
    """The input was read, and has problems: each is printed with its path."""
    USAGE = 2
    """The command line is wrong, or asks for what this installation cannot do (an extra is missing)."""
    UNREADABLE = 3
    """An input cannot be read: no such file, a directory, not JSON, not a socialwork document."""


class InputError(SocialWorkError):
    """An input of the command cannot be read or loaded.

    Attributes:
        source: The input as the user named it: a file name, or ``<stdin>``.
        problems: Every reason, each with its path inside the document (if any).
    """

    source: str
    problems: tuple[Problem, ...]

    def __init__(self, source: str, problems: Iterable[Problem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        super().__init__(Message("cannot read {source}", "无法读取 {source}", source=source))


def exit_code(error: BaseException) -> ExitCode:
    """Return the exit status that *error* ends the command with."""
    if isinstance(error, InputError | LoadError | OSError):
        return ExitCode.UNREADABLE
    if isinstance(error, MissingDependencyError):
        return ExitCode.USAGE
    return ExitCode.PROBLEMS


def error_lines(error: SocialWorkError | OSError, lang: Language = "en") -> list[str]:
    """Return the lines that tell the user about *error* in *lang*: one a problem, each saying where."""
    if isinstance(error, InputError):
        return [f"socialwork: {error.source}: {problem.render(lang)}" for problem in error.problems]
    if isinstance(error, ProblemsError):
        summary = text_in(error.summary, lang)
        return [f"socialwork: {summary}: {problem.render(lang)}" for problem in error.problems]
    if isinstance(error, FieldError):
        return [f"socialwork: {problem.render(lang)}" for problem in error.problems]
    if isinstance(error, OSError):
        where = f"{error.filename}: " if error.filename is not None else ""
        return [f"socialwork: {where}{text_in(reason_of(error), lang)}"]
    return [f"socialwork: {line}" for line in text_in(reason_of(error), lang).splitlines()]


def report(
    error: SocialWorkError | OSError, *, lang: Language = "en", stream: TextIO | None = None
) -> ExitCode:
    """Print *error* in *lang* on *stream* (standard error by default) and return its exit status."""
    stream = sys.stderr if stream is None else stream
    for line in error_lines(error, lang):
        print(line, file=stream)
    return exit_code(error)
