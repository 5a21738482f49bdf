"""The language of the command's messages, and an argument parser that speaks it.

The language is ``--lang zh|en`` when given; else ``SOCIALWORK_LANG`` (``zh`` or
``en``); else the locale, ``LC_ALL``, ``LC_MESSAGES`` then ``LANG`` as POSIX reads
them (``zh_CN.UTF-8``, ``zh_TW``, ``zh``: Chinese); else English
(:func:`default_language`). It is known before the command line is parsed
(:func:`language_in`), so that the help and even a usage error are in it.

Help texts (descriptions, every option's help, metavars that are words, epilogs)
are written once as :class:`~socialwork.errors.Message` values; the parser's
formatter (:class:`HelpFormatter`) writes each in the running language, with
argparse's own headings (``用法:``, ``位置参数``, ``选项``), and lines help up and
wraps it by display width, as 汉字 take two columns. Argparse writes its own
messages in English through :mod:`gettext`, with no Chinese catalogue in Python;
:class:`Parser` words them in Chinese from a table of argparse's own message
templates, read back with the values they were filled with. A message the table
does not know stays English.
"""

from __future__ import annotations

import argparse
import contextvars
import copy
import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NoReturn

from socialwork.errors import Message, text_in
from socialwork.model import Language
from socialwork.reporting import display_width

__all__ = [
    "ARGPARSE_ZH",
    "HEADINGS",
    "LANGUAGE",
    "LOCALE_VARIABLES",
    "HelpFormatter",
    "Parser",
    "argparse_zh",
    "default_language",
    "language",
    "language_in",
    "translated",
    "usage_error_line",
    "wrap",
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


def argparse_zh(message: str, names: Mapping[str, str] | None = None) -> str:
    """Return argparse's English *message* in Chinese; a message it does not know stays as it is.

    *names* gives the Chinese of the words argparse names arguments by (their
    metavars, ``FILE``: ``文件``), put in for a value that is one of them.

    Examples:
        >>> from socialwork.cli._parser import argparse_zh
        >>> argparse_zh("argument --lang: invalid choice: 'fr' (choose from 'zh', 'en')")
        "参数 --lang：无效的选择：'fr'（可选 'zh', 'en'）"
        >>> argparse_zh("unrecognized arguments: --bogus")
        '无法识别的参数：--bogus'
        >>> argparse_zh("argument --dataset: not allowed with argument FILE", {"FILE": "文件"})
        '参数 --dataset：不能与参数 文件 同时使用'
    """
    known = {} if names is None else names
    for pattern, zh in _TABLE:
        found = pattern.match(message)
        if found is not None:
            values = {name: known.get(value, value) for name, value in found.groupdict().items()}
            if "message" in values:  # "argument X: MESSAGE" holds another message
                values["message"] = argparse_zh(values["message"], known)
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


LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
"""The locale's variables that say the language of messages, in the order POSIX reads them."""


def default_language(environ: Mapping[str, str] | None = None) -> Language:
    """Return the language the command speaks when ``--lang`` does not say.

    ``SOCIALWORK_LANG`` (``zh`` or ``en``) decides when set; else the first of
    :data:`LOCALE_VARIABLES` that is set and not empty names the locale, and a
    Chinese one (``zh_CN.UTF-8``, ``zh_TW``, ``zh``) means Chinese; else English.
    Another value of ``SOCIALWORK_LANG`` is passed over, as if it were not set.

    Args:
        environ: The environment (``os.environ`` by default).

    Examples:
        >>> from socialwork.cli._parser import default_language
        >>> default_language({"LANG": "zh_CN.UTF-8"}), default_language({"LANG": "en_US.UTF-8"})
        ('zh', 'en')
        >>> default_language({"SOCIALWORK_LANG": "en", "LANG": "zh_CN.UTF-8"})
        'en'
        >>> default_language({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}), default_language({})
        ('en', 'en')
    """
    env = os.environ if environ is None else environ
    chosen = env.get("SOCIALWORK_LANG", "").strip().lower()
    if chosen in ("zh", "en"):
        return "zh" if chosen == "zh" else "en"
    for name in LOCALE_VARIABLES:
        value = env.get(name, "")
        if value:
            return "zh" if _is_chinese(value) else "en"
    return "en"


def _is_chinese(locale: str) -> bool:
    # zh, zh_CN, zh_TW.UTF-8, zh_HK@stroke, zh-Hans: the language part before the territory.
    language = re.split(r"[_.@-]", locale.strip(), maxsplit=1)[0]
    return language.lower() == "zh"


def language_in(argv: Sequence[str], default: Language = "en") -> Language:
    """Return the language that *argv* asks for with ``--lang zh|en``, *default* when it does not.

    The last ``--lang`` wins; nothing after ``--`` counts (it is file names).
    """
    chosen: Language = default
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


HEADINGS = {
    "usage": Message("usage: ", "用法: "),
    "positional arguments": Message("positional arguments", "位置参数"),
    "options": Message("options", "选项"),
    "help": Message("show this help message and exit", "显示此帮助信息并退出"),
    "version": Message("show program's version number and exit", "显示程序的版本号并退出"),
}
"""Argparse's own words on a help page, in English and Chinese."""

# A character that a line of Chinese may break before: each 汉字 and full-width sign, but
# not the punctuation that closes a phrase, which stays on the line of what it closes.
_WIDE = "\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_TOKEN = re.compile(rf"\s+|[{_WIDE}]|[^\s{_WIDE}]+")
_CLOSING = frozenset("，。、；：！？）》」』】〕,.;:!?)")
_OPENING = frozenset("（《「『【〔(")


def wrap(text: str, width: int) -> list[str]:
    """Return *text* as lines at most *width* columns wide, breaking between words and between 汉字.

    Runs of white space become one space. A word wider than *width* has a line
    of its own; closing punctuation never starts a line, nor opening punctuation ends one.

    Examples:
        >>> from socialwork.cli._parser import wrap
        >>> wrap("按规则检查登记，并按规则族和规则列出每项不符合规则之处", 20)
        ['按规则检查登记，并按', '规则族和规则列出每项', '不符合规则之处']
        >>> wrap("run only these rules, e.g. SW-C001", 16)
        ['run only these', 'rules, e.g.', 'SW-C001']
    """
    lines: list[str] = []
    line, used, space = "", 0, False
    for token in _TOKEN.findall(" ".join(text.split())):
        if token.isspace():
            space = bool(line)
            continue
        size = display_width(token)
        gap = 1 if space else 0
        if line and used + gap + size > width and token not in _CLOSING:
            carried = ""
            if not gap and line[-1] in _OPENING and len(line) > 1:  # an opening sign goes with what it opens
                line, carried = line[:-1].rstrip(), line[-1]
            lines.append(line)
            line, used, gap = carried, display_width(carried), 0
        line += " " * gap + token
        used += gap + size
        space = False
    if line:
        lines.append(line)
    return lines


class HelpFormatter(argparse.HelpFormatter):
    """Argparse's help formatter, writing each Message in the running language, lined up by display width.

    In English the page is argparse's own, word for word; in Chinese the help,
    metavars, headings and texts are the Messages' Chinese, and columns and line
    breaks are measured in terminal columns, 汉字 counting two.
    """

    def start_section(self, heading: str | None) -> None:
        """Start a section under *heading*, in the running language."""
        super().start_section(None if heading is None else translated(heading))

    def add_text(self, text: str | None) -> None:
        """Add a paragraph (a description or an epilog), in the running language."""
        super().add_text(None if text is None else translated(text))

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        """Add the usage line, begun with ``用法:`` in Chinese."""
        if prefix is None:
            prefix = translated(HEADINGS["usage"])
        super().add_usage(usage, actions, groups, prefix)

    def add_argument(self, action: argparse.Action) -> None:
        """Add *action*, counting its invocation's display width for the column of help texts."""
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS and language() == "zh":
            invocations = [self._format_action_invocation(action)]
            invocations += [self._format_action_invocation(sub) for sub in self._subactions(action)]
            longest = max(map(display_width, invocations)) + self._current_indent
            self._action_max_length = max(self._action_max_length, longest)

    def _subactions(self, action: argparse.Action) -> list[argparse.Action]:
        get = getattr(action, "_get_subactions", None)
        return list(get()) if get is not None else []

    def _format_usage(self, usage: Any, actions: Any, groups: Any, prefix: Any) -> str:
        if language() != "zh":
            return str(super()._format_usage(usage, actions, groups, prefix))
        # argparse wraps the usage by len(): narrow its width by what the wide characters add,
        # and indent the lines after the first by what the prefix adds.
        text = str(super()._format_usage(usage, actions, groups, prefix))
        extra = display_width(text) - len(text)
        if extra > 0:
            width = self._width
            self._width = max(width - extra, 40)
            try:
                text = str(super()._format_usage(usage, actions, groups, prefix))
            finally:
                self._width = width
        shift = " " * (display_width(prefix or "") - len(prefix or ""))
        first, *rest = text.split("\n")
        return "\n".join([first, *(shift + line if line.startswith(" ") else line for line in rest)])

    def _format_action(self, action: argparse.Action) -> str:
        if language() != "zh":
            return str(super()._format_action(action))
        # argparse's layout, measured in display columns.
        help_position = min(self._action_max_length + 2, self._max_help_position)
        help_width = max(self._width - help_position, 11)
        action_width = help_position - self._current_indent - 2
        header = self._format_action_invocation(action)
        indent_first = 0
        if not action.help:
            parts = [" " * self._current_indent + header + "\n"]
        elif display_width(header) <= action_width:
            fill = " " * (action_width - display_width(header))
            parts = [" " * self._current_indent + header + fill + "  "]
        else:
            parts = [" " * self._current_indent + header + "\n"]
            indent_first = help_position
        if action.help and action.help.strip():
            lines = self._split_lines(self._expand_help(action), help_width)
            if lines:
                parts.append(" " * indent_first + lines[0] + "\n")
                parts += [" " * help_position + line + "\n" for line in lines[1:]]
        elif not parts[0].endswith("\n"):
            parts.append("\n")
        self._indent()
        parts += [self._format_action(sub) for sub in self._subactions(action)]
        self._dedent()
        return "".join(parts)

    def _metavar_formatter(self, action: argparse.Action, default_metavar: str) -> Any:
        metavar = action.metavar
        if isinstance(metavar, Message):
            action = copy.copy(action)
            action.metavar = translated(metavar)
        return super()._metavar_formatter(action, default_metavar)

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return None if action.help is None else translated(action.help)

    def _split_lines(self, text: str, width: int) -> list[str]:
        if language() != "zh":
            return list(super()._split_lines(text, width))
        return wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if language() != "zh":
            return str(super()._fill_text(text, width, indent))
        return "\n".join(indent + line for line in wrap(text, width - len(indent)))


class Parser(argparse.ArgumentParser):
    """An argument parser whose help and usage errors are in the running command's language.

    Its help texts, metavars, description and epilog may be :class:`~socialwork.errors.Message`
    values: :class:`HelpFormatter` writes each in the running language.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = HEADINGS["positional arguments"]
        self._optionals.title = HEADINGS["options"]
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = HEADINGS["help"]

    def error(self, message: str) -> NoReturn:
        """Print the usage and *message* in the running language on standard error; exit with 2."""
        if language() == "zh":
            names = {
                action.metavar.en: action.metavar.zh
                for action in self._actions
                if isinstance(action.metavar, Message)
            }
            message = argparse_zh(message, names)
        self.print_usage(sys.stderr)
        self.exit(2, usage_error_line(self.prog, message) + "\n")
