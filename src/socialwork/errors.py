"""Every exception that ``socialwork`` raises, under one base class.

Catch :class:`SocialWorkError` to catch them all. Each subclass also derives from
the builtin exception a Python programmer would expect (``ValueError``,
``TypeError``, ``KeyError``), so existing ``except`` clauses keep working.
"""

from __future__ import annotations

import json
import string
import types
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Literal

import attrs

from socialwork._reasons import DECODE_REASONS, JSON_REASON_PATTERNS, JSON_REASONS, STRERROR_ZH

__all__ = [
    "EXCERPT_LIMIT",
    "FieldError",
    "FontWarning",
    "FundsError",
    "InconsistentJudgementError",
    "IndicatorSystemError",
    "InvalidRegistryError",
    "InvalidTypeError",
    "InvalidValueError",
    "LedgerError",
    "LedgerProblem",
    "LoadError",
    "MatchingInputError",
    "Message",
    "MissingDependencyError",
    "OverdrawnError",
    "Problem",
    "ProblemsError",
    "ReferralRefusedError",
    "ScoringError",
    "SocialWorkError",
    "SocialWorkWarning",
    "SolverError",
    "TargetsError",
    "UnknownIdError",
    "WriteError",
    "excerpt",
    "path_of",
    "position_of",
    "reason_of",
    "text_in",
]


class SocialWorkError(Exception):
    """The base of every exception raised by ``socialwork``."""


class SocialWorkWarning(UserWarning):
    """The base of every warning issued by ``socialwork``.

    Filter them all with ``warnings.simplefilter("ignore", SocialWorkWarning)``.

    .. versionadded:: 0.2
    """


class FontWarning(SocialWorkWarning):
    """Chinese labels were asked for, but no font with Chinese glyphs was found.

    Issued once by :mod:`socialwork.plots` when ``lang="zh"`` and the system has
    no CJK font: the figures are drawn with English labels instead, never with
    empty boxes. Install a CJK font (e.g. Noto Sans CJK) to get Chinese labels.

    .. versionadded:: 0.2
    """


Language = Literal["zh", "en"]

_FORMATTER = string.Formatter()


def _fields(template: str) -> frozenset[str]:
    # The names of the replacement fields of *template*, as str.format reads it.
    return frozenset(name for _, name, _, _ in _FORMATTER.parse(template) if name is not None)


class Message(str):
    """A message in English that also knows itself in Chinese.

    Every problem, reason and summary that ``socialwork`` writes is a :class:`Message`.
    It *is* its English text, a :class:`str`: printing, comparing and matching it work as
    for any string. It also keeps the Chinese text, and the templates and values both
    were made from, so that a program can show it in either language or in its own
    words (look the :attr:`template` up in a table of your own and fill in :attr:`params`).

    Args:
        template: The English text, with ``{name}`` fields as in ``str.format``.
        zh: The Chinese text, with the same fields.
        **params: The value of each field. A value that is itself a :class:`Message`
            is written in the same language as the message around it.

    Raises:
        InvalidValueError: the two templates do not have the same fields.

    Examples:
        >>> from socialwork.errors import Message
        >>> message = Message("unknown station {id}", "未知的社工站 {id}", id="'wh-s-99'")
        >>> message
        "unknown station 'wh-s-99'"
        >>> message == "unknown station 'wh-s-99'"
        True
        >>> message.text("zh")
        "未知的社工站 'wh-s-99'"
        >>> message.template, dict(message.params)
        ('unknown station {id}', {'id': "'wh-s-99'"})
        >>> what = Message("a station", "一个社工站")
        >>> Message("expected {what}", "应为{what}", what=what).zh
        '应为一个社工站'

    .. versionadded:: 0.2
    """

    template: str
    """The English text before its fields are filled in; a stable key for a message."""
    zh_template: str
    """The Chinese text before its fields are filled in."""
    _params: dict[str, object]
    _zh: str | None

    __slots__ = ("_params", "_zh", "template", "zh_template")

    def __new__(cls, template: str, zh: str, /, **params: object) -> Message:  # noqa: D102 (the class says)
        if type(template) is not str or type(zh) is not str:
            _check_texts(template, zh)
        if (template, zh) not in _SAME_FIELDS:
            _check_fields(template, zh)
        self = str.__new__(cls, template.format_map(params))
        # The Chinese is filled in when it is first asked for: most messages are read in one language.
        _set_template(self, template)
        _set_zh_template(self, zh)
        _set_params(self, params)
        _set_zh(self, None)
        return self

    @property
    def params(self) -> Mapping[str, object]:
        """The value of each field (read only)."""
        return types.MappingProxyType(self._params)

    @property
    def zh(self) -> str:
        """The Chinese text."""
        text: str | None = self._zh
        if text is None:
            params = {k: v.zh if isinstance(v, Message) else v for k, v in self._params.items()}
            text = self.zh_template.format_map(params)
            _set_zh(self, text)
        return text

    @property
    def en(self) -> str:
        """The English text, as a plain :class:`str`."""
        return str.__str__(self)

    def text(self, lang: Language = "en") -> str:
        """Return the message in *lang*, ``"zh"`` or ``"en"``, as a plain :class:`str`.

        Examples:
            >>> from socialwork.errors import Message
            >>> Message("no funds", "没有基金").text("zh")
            '没有基金'
        """
        if lang == "zh":
            return self.zh
        if lang == "en":
            return self.en
        raise InvalidValueError(_language_expected(lang), path="lang")

    @classmethod
    def joined(cls, separator: str, zh_separator: str, parts: Iterable[str], /) -> Message:
        """Return *parts* joined by *separator* in English and *zh_separator* in Chinese.

        A part that is a plain :class:`str` is the same in both languages.

        Examples:
            >>> from socialwork.errors import Message
            >>> both = Message.joined("; ", "；", [Message("too few", "太少"), Message("too late", "太晚")])
            >>> both, both.zh
            ('too few; too late', '太少；太晚')
        """
        items = list(parts)
        key = (separator, zh_separator, len(items))
        made = _JOINED.get(key)
        if made is None:
            names = tuple(f"p{i}" for i in range(len(items)))
            en = _literal(separator).join("{" + n + "}" for n in names)
            zh = _literal(zh_separator).join("{" + n + "}" for n in names)
            made = (en, zh, names)
            if len(_JOINED) < _SAME_FIELDS_LIMIT:
                _JOINED[key] = made
        en, zh, names = made
        return cls(en, zh, **dict(zip(names, items, strict=True)))

    @classmethod
    def literal(cls, en: str, zh: str, /) -> Message:
        """Return a message of two finished texts, such as names that data give in both languages.

        Braces in them are kept as they are: neither text is a template.

        Examples:
            >>> from socialwork.errors import Message
            >>> name = Message.literal("staffing {2022}", "队伍建设 {2022}")
            >>> name, name.zh
            ('staffing {2022}', '队伍建设 {2022}')

        .. versionadded:: 0.2
        """
        return cls(_literal(en), _literal(zh))

    def __setattr__(self, name: str, value: object) -> None:
        raise attrs.exceptions.FrozenInstanceError  # as for every frozen attrs class

    def __delattr__(self, name: str) -> None:
        raise attrs.exceptions.FrozenInstanceError

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_message, (self.template, self.zh_template, dict(self._params)))


# The slots' own setters: a Message refuses setattr, as a frozen attrs instance does.
_set_template = Message.__dict__["template"].__set__
_set_zh_template = Message.__dict__["zh_template"].__set__
_set_params = Message.__dict__["_params"].__set__
_set_zh = Message.__dict__["_zh"].__set__

_SAME_FIELDS: set[tuple[str, str]] = set()
# The pairs of templates known to have the same fields, so that each pair is parsed once.
# Templates are written in the source, but joined() and the system's reasons make more:
# the set stops growing at this size, and pairs past it are checked every time.
_SAME_FIELDS_LIMIT = 4096

_JOINED: dict[tuple[str, str, int], tuple[str, str, tuple[str, ...]]] = {}
# The templates of Message.joined, by separators and number of parts.


def _check_texts(template: object, zh: object) -> None:
    # A template that is a Message or another str subclass is text too; anything else is refused.
    for name, given in (("template", template), ("zh", zh)):
        if not isinstance(given, str):
            msg = Message(
                "expected the text of a message, got {type}",
                "消息的文字应为 str，实为 {type}",
                type=type(given).__name__,
            )
            raise InvalidTypeError(msg, path=name)


def _check_fields(template: str, zh: str) -> None:
    # Refuse two templates that do not fill the same fields; remember a pair that does.
    if _fields(template) != _fields(zh):
        msg = Message(
            "the two texts of a message have different fields: {en} and {zh}",
            "消息的两种文字所含字段不同：{en} 与 {zh}",
            en=repr(template),
            zh=repr(zh),
        )
        raise InvalidValueError(msg, path="zh")
    if len(_SAME_FIELDS) < _SAME_FIELDS_LIMIT:
        _SAME_FIELDS.add((template, zh))


def _language_expected(lang: object) -> Message:
    return Message("expected 'zh' or 'en', got {lang}", "应为 'zh' 或 'en'，实为 {lang}", lang=excerpt(lang))


def _rebuild_message(template: str, zh: str, params: dict[str, object]) -> Message:
    return Message(template, zh, **params)


def text_in(message: str, lang: Language = "en") -> str:
    """Return *message* in *lang* if it is a :class:`Message`, and as it is otherwise.

    Messages from elsewhere (a rule of your own, another library) are plain strings:
    they are shown as they were written.

    Examples:
        >>> from socialwork.errors import Message, text_in
        >>> text_in(Message("no funds", "没有基金"), "zh"), text_in("no funds", "zh")
        ('没有基金', 'no funds')

    .. versionadded:: 0.2
    """
    if isinstance(message, Message):
        return message.text(lang)
    if lang not in ("zh", "en"):
        raise InvalidValueError(_language_expected(lang), path="lang")
    return str(message)


def reason_of(error: BaseException, /) -> str:
    """Return what *error* says is wrong, as a :class:`Message` where its Chinese is known.

    * an error made with a :class:`Message` (every ``socialwork`` error): that message,
      after its path for a :class:`FieldError`;
    * ``json.JSONDecodeError``: what json says, without the position
      (``Expecting value``, 此处应为一个值);
    * :class:`UnicodeDecodeError`: the codec's reason (``invalid start byte``);
    * :class:`OSError`: what the system says (``No such file or directory``), by errno;
    * anything else, and a text the library has no Chinese for: the error's own text,
      the same in both languages.

    Examples:
        >>> import json
        >>> from socialwork.errors import reason_of
        >>> try:
        ...     json.loads("[1,")
        ... except ValueError as error:
        ...     reason = reason_of(error)
        >>> reason, reason.zh
        ('Expecting value', '此处应为一个值')
        >>> reason_of(FileNotFoundError(2, "No such file or directory")).zh
        '没有那个文件或目录'

    .. versionadded:: 0.2
    """
    _check_exception(error)
    if isinstance(error, json.JSONDecodeError):
        return _json_reason(error.msg)
    if isinstance(error, UnicodeDecodeError):
        return _decode_reason(error.reason)
    if isinstance(error, OSError) and error.strerror:
        return _os_reason(error)
    if isinstance(error, FieldError):
        if not error.path:
            return error.reason
        return Message("{path}: {reason}", "{path}: {reason}", path=error.path, reason=error.reason)
    given = error.args[0] if len(error.args) == 1 else None
    if isinstance(given, Message):
        return given
    return str(error) or type(error).__name__


def position_of(error: BaseException, /) -> str:
    """Return where in its text *error* happened, to follow what was not read; empty if it says not.

    A ``json.JSONDecodeError`` gives its line and column, a ``UnicodeDecodeError``
    its byte, so that every reader says it the same way in both languages:
    ``"the document is not valid JSON" + position_of(error)``.

    Examples:
        >>> import json
        >>> from socialwork.errors import position_of
        >>> try:
        ...     json.loads("[1,")
        ... except ValueError as error:
        ...     where = position_of(error)
        >>> where, where.zh
        (' at line 1, column 4', '（第 1 行，第 4 列）')
        >>> position_of(ValueError("no position"))
        ''

    .. versionadded:: 0.2
    """
    _check_exception(error)
    if isinstance(error, json.JSONDecodeError):
        return Message(
            " at line {line}, column {column}",
            "（第 {line} 行，第 {column} 列）",
            line=error.lineno,
            column=error.colno,
        )
    if isinstance(error, UnicodeDecodeError):
        return Message(" at byte {start}", "（第 {start} 字节）", start=error.start)
    return ""


def _check_exception(error: object) -> None:
    # Callers outside the type checker pass anything.
    if not isinstance(error, BaseException):
        msg = Message(
            "expected an exception, got {type} {value}",
            "应为异常，实为 {type} {value}",
            type=type(error).__name__,
            value=excerpt(error),
        )
        raise InvalidTypeError(msg, path="error")


def _json_reason(reason: str) -> str:
    """The json module's *reason* as a Message with its Chinese; as it is if the tables lack it."""
    zh = JSON_REASONS.get(reason)
    if zh is not None:
        return Message(reason, zh)
    for pattern, en, zh_template in JSON_REASON_PATTERNS:
        found = pattern.fullmatch(reason)
        if found is not None:
            return Message(en, zh_template, **found.groupdict())
    return reason


def _decode_reason(reason: str) -> str:
    """A codec's *reason* as a Message with its Chinese; as it is if the table lacks it."""
    zh = DECODE_REASONS.get(reason)
    return reason if zh is None else Message(reason, zh)


def _os_reason(error: OSError) -> str:
    """Return what the system says of *error* ("No such file or directory"), in English and Chinese."""
    en = error.strerror or str(error) or type(error).__name__
    zh = STRERROR_ZH.get(error.errno, en) if error.errno is not None else en
    return en if zh == en else Message(_literal(en), _literal(zh))


def _literal(text: str) -> str:
    # *text* as a template without fields: its braces doubled.
    return text.replace("{", "{{").replace("}", "}}")


EXCERPT_LIMIT = 80
"""How many characters of a bad value an error message echoes at most."""


def excerpt(value: object, /, *, limit: int = EXCERPT_LIMIT) -> str:
    """Return the ``repr`` of *value* for an error message, cut to at most about *limit* characters.

    Messages echo what they found, but a 1 MB bad id must not make a 1 MB message,
    and an integer of thousands of digits cannot even be turned into text. Decimals
    are shown as their text in quotes, as the JSON format writes them.

    Examples:
        >>> from decimal import Decimal
        >>> from socialwork.errors import excerpt
        >>> excerpt("wh-s-99")
        "'wh-s-99'"
        >>> excerpt("x" * 1000)
        "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx... (1000 characters)"
        >>> excerpt(10**5000)
        'an integer of 5001 digits'
        >>> excerpt(Decimal("1.005"))
        "'1.005'"

    .. versionadded:: 0.2
    """
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 4:
        msg = Message(
            "expected a whole number at least 4, got {limit}",
            "应为至少 4 的整数，实为 {limit}",
            limit=excerpt(limit),
        )
        raise InvalidValueError(msg, path="limit")
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        bits = value.bit_length()
        # str() refuses integers past 4,300 digits (about 14,000 bits): estimate those.
        digits = len(str(abs(value))) if bits < 13_000 else int(bits * 0.30103) + 1
        return Message("an integer of {digits} digits", "一个 {digits} 位的整数", digits=digits)
    try:
        text = repr(str(value)) if isinstance(value, Decimal) else repr(value)
    except Exception:  # a broken __repr__ must not hide the real problem
        return Message("a {type}", "一个 {type}", type=type(value).__name__)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1] + "..."
    if not isinstance(value, str | bytes):
        return cut
    return Message("{cut} ({size} characters)", "{cut}（{size} 个字符）", cut=cut, size=len(value))


def path_of(*segments: str | int) -> str:
    """Return the path that names a place in the input, in the one form every error uses.

    Names are joined with dots and positions are put in brackets, as in JSON paths:
    ``stations[3].parent_id``. A segment that is itself a path is joined as it is.

    Examples:
        >>> from socialwork.errors import path_of
        >>> path_of("stations", 3, "parent_id")
        'stations[3].parent_id'
        >>> path_of("observed", "'workers'")
        "observed.'workers'"
        >>> path_of("stations[3]", "co_builder_ids[1]")
        'stations[3].co_builder_ids[1]'
        >>> path_of()
        ''
    """
    path = ""
    for segment in segments:
        if isinstance(segment, int):
            path += f"[{segment}]"
        elif not segment:
            continue
        elif not path or segment.startswith("["):
            path += segment
        else:
            path += "." + segment
    return path


@attrs.frozen
class Problem:
    """One problem found in the input: where it is and what is wrong.

    Attributes:
        path: Where the problem is, as a JSON-like path such as
            ``stations[3].parent_id`` (see :func:`socialwork.errors.path_of`); empty for the input as a whole.
        message: What was expected and what was found, without the path: a
            :class:`~socialwork.errors.Message` when ``socialwork`` wrote it, so
            that :meth:`~socialwork.Problem.render` can give it in Chinese too.

    Examples:
        >>> from socialwork.errors import Problem
        >>> str(Problem("stations[3].parent_id", "unknown station 'wh-s-99'"))
        "stations[3].parent_id: unknown station 'wh-s-99'"
        >>> str(Problem("parent_id", "unknown station 'wh-s-99'").under("stations[3]"))
        "stations[3].parent_id: unknown station 'wh-s-99'"
    """

    path: str
    message: str

    def under(self, prefix: str | int, /) -> Problem:
        """Return this problem with its path placed below *prefix*.

        .. versionadded:: 0.2
        """
        return Problem(path_of(prefix, self.path), self.message)

    def render(self, lang: Language = "en") -> str:
        """Return the problem as one line in *lang*, ``"zh"`` or ``"en"``: its path, then its message.

        Examples:
            >>> from socialwork.errors import Message, Problem
            >>> problem = Problem("stations[3].parent_id", Message("unknown station", "未知的社工站"))
            >>> problem.render("zh")
            'stations[3].parent_id: 未知的社工站'

        .. versionadded:: 0.2
        """
        message = text_in(self.message, lang)
        return f"{self.path}: {message}" if self.path else message

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else str(self.message)


class ProblemsError(SocialWorkError, ValueError):
    """An error that lists every problem found, not only the first.

    Every problem has a path and a message; no code needs to parse the error's text.
    The error survives pickling with its problems intact.

    Attributes:
        summary: What could not be done, e.g. ``"cannot load the document"``.
        problems: Each problem with its path, in the order they were found.

    Examples:
        >>> from socialwork.errors import Problem, ProblemsError
        >>> error = ProblemsError("cannot score", [Problem("weights[2]", "expected a number")])
        >>> print(error)
        cannot score (1 problem(s)):
          weights[2]: expected a number
        >>> error.problems[0].path
        'weights[2]'
    """

    summary: str
    problems: tuple[Problem, ...]

    def __init__(self, summary: str, problems: Iterable[Problem]) -> None:
        self.summary = summary
        self.problems = tuple(problems)
        lines = [f"{summary} ({len(self.problems)} problem(s)):"]
        lines.extend(f"  {problem}" for problem in self.problems)
        super().__init__("\n".join(lines))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.summary, self.problems))


class InvalidRegistryError(ProblemsError):
    """A registry cannot be built: duplicate ids or dangling references.

    Raised by :class:`socialwork.Registry` and its methods that return a changed
    registry. Nothing is built: the error lists every problem at once.
    """


class LoadError(ProblemsError):
    """A document cannot be loaded; ``problems`` says every reason and where."""


@attrs.frozen
class LedgerProblem(Problem):
    """One problem of a ledger (台账), located as the clerk sees it in Excel.

    Attributes:
        path: The cell as a reference, ``台账.xlsx:社工站!C5`` (``stations.csv!C5`` for a CSV file).
        message: What is wrong, a bilingual :class:`Message`.
        code: What kind of problem: ``missing-header``, ``duplicate-header``, ``unknown-header``,
            ``unknown-sheet``, ``blank-cell``, ``type-error``, ``lost-digits``, ``constraint-error``,
            ``unknown-reference``, ``ambiguous-reference``, ``duplicate-row``, ``duplicate-id``,
            ``encoding-error``, ``unreadable-file``, ``mapping-error``.
        file: The file's name as given.
        sheet: The sheet's name; empty for a CSV file.
        row: The row number as Excel shows it (1 is the first row); 0 for the whole sheet or file.
        column: The column letter as Excel shows it (``"C"``); empty for a whole row, sheet or file.
        header: The column's header as the sheet writes it.
        value: The cell's text as read (personal values are not echoed).

    Examples:
        >>> from socialwork.errors import LedgerProblem, Message
        >>> problem = LedgerProblem("台账.xlsx:社工站!C5", Message("bad", "错误"), code="type-error",
        ...                         file="台账.xlsx", sheet="社工站", row=5, column="C")
        >>> problem.render("zh")
        '台账.xlsx:社工站!C5: 错误'

    .. versionadded:: 0.2
    """

    code: str = attrs.field(default="", kw_only=True)
    file: str = attrs.field(default="", kw_only=True)
    sheet: str = attrs.field(default="", kw_only=True)
    row: int = attrs.field(default=0, kw_only=True)
    column: str = attrs.field(default="", kw_only=True)
    header: str = attrs.field(default="", kw_only=True)
    value: str = attrs.field(default="", kw_only=True)

    def under(self, prefix: str | int, /) -> Problem:
        """Return this problem with its path placed below *prefix*, keeping where it is in the ledger."""
        return attrs.evolve(self, path=path_of(prefix, self.path))


class LedgerError(LoadError):
    """Ledgers (台账) cannot be imported; ``problems`` are :class:`LedgerProblem` values, every one at once.

    Raised by :func:`socialwork.io.read_ledgers`: nothing is built.

    .. versionadded:: 0.2
    """


class FieldError(SocialWorkError):
    """A single value is wrong: the base of :class:`InvalidValueError` and :class:`InvalidTypeError`.

    Attributes:
        path: Where the value is, relative to the object that checked it, such as
            ``"code"`` or ``"tracks[2]"`` (see :func:`socialwork.errors.path_of`); empty when the
            value is the whole argument.
        reason: What was expected and what was found, without the path.

    Examples:
        >>> from socialwork.errors import InvalidValueError
        >>> error = InvalidValueError("expected non-empty text", path="name")
        >>> error.path, error.reason
        ('name', 'expected non-empty text')
        >>> error.problems[0].under("stations[3]")
        Problem(path='stations[3].name', message='expected non-empty text')

    .. versionchanged:: 0.2
       ``field`` is now ``path``, in the same form as a :class:`Problem`'s ``path``.
    """

    path: str
    reason: str

    def __init__(self, reason: str, *, path: str = "") -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}" if path else reason)

    @property
    def problems(self) -> tuple[Problem, ...]:
        """The one problem, as a :class:`Problem`, so that every error can be listed alike."""
        return (Problem(self.path, self.reason),)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_field_error, (type(self), self.reason, self.path))


def _rebuild_field_error(cls: type[FieldError], reason: str, path: str) -> FieldError:
    return cls(reason, path=path)


class InvalidValueError(FieldError, ValueError):
    """A value breaks one of its rules; ``path`` says where and ``reason`` what is wrong."""


class InvalidTypeError(FieldError, TypeError):
    """A value is of the wrong type; ``path`` says where and ``reason`` what was expected."""


class MissingDependencyError(SocialWorkError, ImportError):
    """An optional dependency that a function needs is not installed.

    The message names the extra that installs it, e.g. ``pip install 'socialwork[pandas]'``.
    """


class UnknownIdError(SocialWorkError, KeyError):
    """An id that the registry does not hold was asked for."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class WriteError(SocialWorkError, OSError):
    """A file cannot be written; nothing was changed.

    Raised by every writer of ``socialwork`` (:func:`socialwork.io.dump`, the graph and
    table writers, the plots) in place of the system's error, which would name the
    hidden temporary file the writer first writes to. It is an :class:`OSError`:
    ``errno`` is the system's, ``filename`` the path as the caller gave it, and
    ``strerror`` the system's reason as a :class:`Message` (in Chinese too).

    Examples:
        >>> import pickle
        >>> from socialwork.errors import WriteError, reason_of
        >>> reason = reason_of(FileNotFoundError(2, "No such file or directory"))
        >>> error = WriteError(2, reason, "no/such/r.json")
        >>> print(error)
        [Errno 2] No such file or directory: 'no/such/r.json'
        >>> error.filename, error.strerror.zh
        ('no/such/r.json', '没有那个文件或目录')
        >>> pickle.loads(pickle.dumps(error)).filename
        'no/such/r.json'

    .. versionadded:: 0.2
    """

    def __init__(self, errno: int | None, strerror: str, filename: str) -> None:
        super().__init__(errno, strerror, filename)


class FundsError(ProblemsError):
    """The inputs of a fund computation do not fit together.

    Raised by :mod:`socialwork.funds` when donations or grants belong to another
    fund, an id is used twice, or arrays for a simulation disagree; ``problems``
    says every reason and where (``donations[2].fund_id: ...``).
    """


class OverdrawnError(ProblemsError):
    """A fund would pay out more than its balance.

    Raised by :class:`socialwork.funds.Ledger` when a grant is larger than the
    fund's balance on its date; nothing is recorded. ``problems`` names each grant
    that would overdraw the fund, with the balance it met.
    """


class InconsistentJudgementError(SocialWorkError, ValueError):
    """A pairwise comparison matrix is too inconsistent to derive weights from.

    Raised by :func:`socialwork.scoring.ahp_weights` when the consistency ratio
    is 0.1 or more and the caller has not allowed it.

    Attributes:
        consistency_ratio: The ratio found, CI / RI.
    """

    consistency_ratio: float

    def __init__(self, message: str, *, consistency_ratio: float) -> None:
        self.consistency_ratio = consistency_ratio
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_judgement_error, (self.args[0], self.consistency_ratio))


def _rebuild_judgement_error(message: str, consistency_ratio: float) -> InconsistentJudgementError:
    return InconsistentJudgementError(message, consistency_ratio=consistency_ratio)


class ScoringError(ProblemsError):
    """The inputs of a scoring function are malformed; ``problems`` lists every fault.

    Raised by :mod:`socialwork.scoring` for decision matrices, weights, scores and
    award quotas that do not fit together (``scores['s-03']: expected a finite number``).

    .. versionadded:: 0.2
    """


class TargetsError(ProblemsError):
    """Observed values cannot be compared with their targets; ``problems`` says why and where.

    Raised by :func:`socialwork.targets.progress`.

    .. versionadded:: 0.2
    """


class IndicatorSystemError(ScoringError):
    """An indicator system cannot be built; ``problems`` says every reason and where.

    Raised by :class:`socialwork.scoring.IndicatorSystem`: duplicate ids, children
    whose weights do not sum to exactly 1, leaves without a normalisation, ...
    """


class MatchingInputError(ProblemsError):
    """The input of a matching or an assignment is malformed; ``problems`` lists every fault.

    Raised by :mod:`socialwork.matching` for a capacity below one, an agent ranked
    twice, a preference naming an agent that does not exist, a fit for an unknown
    need or service, and the like. Pass ``clean=True`` to :func:`socialwork.matching.stable`
    to drop the bad entries instead and find them in ``Matching.dropped``.
    """


class ReferralRefusedError(SocialWorkError, ValueError):
    """A step of a referral's life-cycle is forbidden; the error names the law or rule that forbids it.

    Raised by :func:`socialwork.referrals.transition`.

    Attributes:
        rule: The law or rule, e.g. ``"PIPL Art. 31"`` or ``"life-cycle"``.
        reason: Why, as a bilingual :class:`Message` (its ``str`` is the English).

    Examples:
        >>> from socialwork.errors import Message, ReferralRefusedError
        >>> error = ReferralRefusedError("PIPL Art. 15", Message("consent withdrawn", "同意已撤回"))
        >>> str(error), error.reason.zh
        ('PIPL Art. 15: consent withdrawn', '同意已撤回')

    .. versionadded:: 0.2
    """

    rule: str
    reason: Message

    def __init__(self, rule: str, reason: Message) -> None:
        self.rule = rule
        self.reason = reason
        super().__init__(f"{rule}: {reason}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.rule, self.reason))


class SolverError(SocialWorkError, RuntimeError):
    """A numerical solver failed or returned an answer that does not check out.

    Raised by :func:`socialwork.matching.assign` if the linear-programming solver
    reports a failure or a solution that is not whole persons within capacities;
    the message says which. It signals a bug or a solver limit, not bad input.
    """
