"""The one place where an error becomes a message on standard error and an exit status."""

from __future__ import annotations

import enum
import errno
import sys
from collections.abc import Iterable
from typing import Literal, TextIO

from socialwork.errors import (
    FieldError,
    LoadError,
    Message,
    MissingDependencyError,
    Problem,
    ProblemsError,
    SocialWorkError,
    text_in,
)

__all__ = ["ExitCode", "InputError", "error_lines", "exit_code", "os_reason", "report"]

Lang = Literal["zh", "en"]

# What the C library says for the errors a command meets reading and writing files,
# in Chinese; the others stay as the system words them.
_STRERROR_ZH = {
    errno.ENOENT: "没有那个文件或目录",
    errno.EACCES: "权限不够",
    errno.EPERM: "不允许的操作",
    errno.EISDIR: "是一个目录",
    errno.ENOTDIR: "不是目录",
    errno.EEXIST: "文件已存在",
    errno.ENOSPC: "设备上没有空间",
    errno.EROFS: "只读文件系统",
    errno.ENAMETOOLONG: "文件名过长",
    errno.ELOOP: "符号链接的层数过多",
    errno.EMFILE: "打开的文件过多",
    errno.EIO: "输入/输出错误",
    errno.EBUSY: "设备或资源忙",
    errno.EXDEV: "无效的跨设备链接",
    errno.EINVAL: "无效的参数",
}


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


def os_reason(error: OSError) -> Message:
    """Return what the system says of *error* ("No such file or directory"), in English and Chinese."""
    en = error.strerror or str(error) or type(error).__name__
    zh = _STRERROR_ZH.get(error.errno, en) if error.errno is not None else en
    return Message("{reason}", "{reason}", reason=en) if zh == en else Message(_literal(en), _literal(zh))


def _literal(text: str) -> str:
    # *text* as a template without fields: its braces doubled.
    return text.replace("{", "{{").replace("}", "}}")


def error_lines(error: SocialWorkError | OSError, lang: Lang = "en") -> list[str]:
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
        return [f"socialwork: {where}{os_reason(error).text(lang)}"]
    given = error.args[0] if len(error.args) == 1 and isinstance(error.args[0], str) else str(error)
    return [f"socialwork: {line}" for line in text_in(given, lang).splitlines() or [type(error).__name__]]


def report(error: SocialWorkError | OSError, *, lang: Lang = "en", stream: TextIO | None = None) -> ExitCode:
    """Print *error* in *lang* on *stream* (standard error by default) and return its exit status."""
    stream = sys.stderr if stream is None else stream
    for line in error_lines(error, lang):
        print(line, file=stream)
    return exit_code(error)
