"""The language of the command's messages, and an argument parser that speaks it.

``--lang zh`` is read before the command line is parsed (:func:`language_in`), so that
even a usage error is worded in Chinese. Argparse writes its own messages in English
through :mod:`gettext`, with no Chinese catalogue in Python; :class:`Parser` words
them in Chinese from a table of argparse's own message templates, read back with the
values they were filled with. A message the table does not know stays English.
"""

from __future__ import annotations

import argparse
import contextvars
import re
import sys
from collections.abc import Sequence
from typing import NoReturn

from socialwork.errors import text_in
from socialwork.model import Language

__all__ = [
    "ARGPARSE_ZH",
    "LANGUAGE",
    "Parser",
    "argparse_zh",
    "language",
    "language_in",
    "translated",
    "usage_error_line",
]

LANGUAGE: contextvars.ContextVar[Language] = contextvars.ContextVar("socialwork_cli_language", default="en")
"""The language the running command speaks, set by :func:`socialwork.cli.main`."""

# Argparse's messages that a user can meet (its own templates, as printf formats), in Chinese.
# Those that only a programmer meets (conflicting options, bad add_argument calls) stay English.
ARGPARSE_ZH = {
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "ambiguous option: %(option)s could match %(matches)s": "有歧义的选项：%(option)s 可以是 %(matches)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选 %(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "未知的子命令 %(parser_name)r（可选：%(choices)s）"
    ),
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "one of the arguments %s is required": "必须给出参数 %s 之一",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "忽略了显式给出的值 %r",
    "unexpected option string: %s": "意外的选项：%s",
    "expected one argument": "需要给出一个值",
    "expected at most one argument": "至多给出一个值",
    "expected at least one argument": "至少给出一个值",
    "expected %s argument": "需要给出 %s 个值",
    "expected %s arguments": "需要给出 %s 个值",
    "can't open '%(filename)s': %(error)s": "无法打开 '%(filename)s'：%(error)s",
}
"""Each message of argparse a user can meet, by its English template, in Chinese."""

_FIELD = re.compile(r"%(?:\((\w+)\))?[sr]")


def _pattern(template: str) -> re.Pattern[str]:
    # The English template as a pattern that reads its values back, each field a group.
    parts, at = [], 0
    for count, field in enumerate(_FIELD.finditer(template)):
        parts.append(re.escape(template[at : field.start()]))
        name = field.group(1) or f"_{count}"
        parts.append(f"(?P<{name}>.+?)")
        at = field.end()
    parts.append(re.escape(template[at:]))
    return re.compile("".join(parts) + r"\Z", re.DOTALL)


_TABLE = [(_pattern(en), zh) for en, zh in ARGPARSE_ZH.items()]


def argparse_zh(message: str) -> str:
    """Return argparse's English *message* in Chinese; a message it does not know stays as it is.

    Examples:
        >>> from socialwork.cli._parser import argparse_zh
        >>> argparse_zh("argument --lang: invalid choice: 'fr' (choose from 'zh', 'en')")
        "参数 --lang：无效的选择：'fr'（可选 'zh', 'en'）"
        >>> argparse_zh("unrecognized arguments: --bogus")
        '无法识别的参数：--bogus'
    """
    for pattern, zh in _TABLE:
        found = pattern.match(message)
        if found is not None:
            values = found.groupdict()
            if "message" in values:  # "argument X: MESSAGE" holds another message
                values["message"] = argparse_zh(values["message"])
            return _fill(zh, values)
    return message


def _fill(template: str, values: dict[str, str]) -> str:
    # The printf *template* with each field replaced by its value, read back as text.
    positional = [values[name] for name in sorted(values) if name.startswith("_")]

    def value(field: re.Match[str]) -> str:
        name = field.group(1)
        return values[name] if name is not None else positional.pop(0)

    return _FIELD.sub(value, template)


def language() -> Language:
    """Return the language of the running command: ``"zh"`` or ``"en"``."""
    return LANGUAGE.get()


def translated(message: str) -> str:
    """Return *message* in the running command's language (a plain string stays as it is)."""
    return text_in(message, language())


def language_in(argv: Sequence[str]) -> Language:
    """Return the language that *argv* asks for with ``--lang zh|en`` (English when it does not)."""
    chosen: Language = "en"
    words = iter(argv)
    for word in words:
        if word == "--":  # what follows is file names, not options
            break
        if word == "--lang":
            value = next(words, "")
        elif word.startswith("--lang="):
            value = word.removeprefix("--lang=")
        else:
            continue
        if value == "zh":
            chosen = "zh"
        elif value == "en":
            chosen = "en"
    return chosen


def usage_error_line(prog: str, message: str) -> str:
    """Return the line that ends a usage error: ``PROG: error: MESSAGE``, in the running language."""
    word = "错误" if language() == "zh" else "error"
    return f"{prog}: {word}: {translated(message)}"


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are in the running command's language."""

    def format_usage(self) -> str:
        """Return the usage line, begun with ``用法:`` in Chinese."""
        formatter = self._get_formatter()
        prefix = "用法: " if language() == "zh" else None
        formatter.add_usage(self.usage, self._actions, self._mutually_exclusive_groups, prefix)
        return formatter.format_help()

    def error(self, message: str) -> NoReturn:
        """Print the usage and *message* in the running language on standard error; exit with 2."""
        if language() == "zh":
            message = argparse_zh(message)
        self.print_usage(sys.stderr)
        self.exit(2, usage_error_line(self.prog, message) + "\n")
