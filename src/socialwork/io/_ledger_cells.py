"""Reading one cell of a ledger: dates, money, numbers, flags, enumerations and codes as clerks write them.

Each parser takes what the spreadsheet holds (text, a float, a bool, a date) and
returns the value the JSON format holds for the field, or raises
:class:`CellError` with a problem code and a bilingual message. Nothing here
goes through float on the way to money: text is read as ``Decimal``, and a
float from a workbook is read from its shortest decimal text.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from socialwork.errors import Message, excerpt
from socialwork.io._ledger_columns import ENUM_ALIASES

__all__ = ["PARSERS", "CellError", "is_blank", "parse_cell", "split_list"]


class CellError(Exception):
    """A cell that cannot be read: its problem *code* and *message*."""

    def __init__(self, message: Message, code: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


_FORMULA_STARTS: Final = "=+-@\t\r"


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def is_blank(value: object) -> bool:
    r"""Return whether a cell holds nothing: ``None``, or only spaces (full-width ones too).

    Examples:
        >>> from socialwork.io._ledger_cells import is_blank
        >>> is_blank(None), is_blank(" \u3000"), is_blank(0)
        (True, True, False)
    """
    if value is None:
        return True
    return isinstance(value, str) and not value.strip()


def _shown(value: object) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return excerpt(str(int(value)))
    return excerpt(value)


def _type_error(what: Message, value: object) -> CellError:
    return CellError(
        Message("expected {what}, got {got}", "应为{what}，实为 {got}", what=what, got=_shown(value)),
        "type-error",
    )


def _whole(value: float) -> str:
    return str(int(value))


def parse_text(value: object) -> str:
    """Text, stripped; a whole number from a workbook written without ``.0``.

    Examples:
        >>> from socialwork.io._ledger_cells import parse_text
        >>> parse_text(" 玉林街道社工站 "), parse_text(120.0)
        ('玉林街道社工站', '120')
    """
    if isinstance(value, str):
        text = value.strip().strip("\u3000")
        # A text that began like a formula was written with an apostrophe before it (see neutralise).
        return text[1:] if text[:1] == "'" and text[1:2] in _FORMULA_STARTS and text[1:2] else text
    if isinstance(value, bool):
        raise _type_error(Message("text", "文本"), value)
    if isinstance(value, float):
        return _whole(value) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    raise _type_error(Message("text", "文本"), value)


def parse_id(value: object) -> str:
    """An id: text, full-width characters made ASCII.

    Examples:
        >>> from socialwork.io._ledger_cells import parse_id
        >>> parse_id("ｗｈ－１"), parse_id(7.0)
        ('wh-1', '7')
    """
    return _nfkc(parse_text(value))


_SCIENTIFIC: Final = re.compile(r"[0-9](\.[0-9]+)?[eE]\+?[0-9]+\Z")
_DIGITS: Final = re.compile(r"[0-9]+\Z")


def parse_code(value: object) -> str:
    """A division code (or, in a reference column, a division's name).

    Excel turns a long code typed into a number column into a float, which still
    holds every digit of a 12-digit code; once the sheet is saved as CSV, though,
    it reads ``5.10107E+11`` and the digits are gone.

    Examples:
        >>> from socialwork.io._ledger_cells import parse_code
        >>> parse_code(510107015001.0), parse_code("５１０１０７")
        ('510107015001', '510107')
        >>> parse_code("5.10107E+11")
        Traceback (most recent call last):
        ...
        socialwork.io._ledger_cells.CellError: the code '5.10107E+11' was turned into a number ...
    """
    if isinstance(value, float):
        if value.is_integer() and 0 <= value < 1e15:
            return _whole(value)
        raise _type_error(Message("a division code of digits", "由数字组成的区划代码"), value)
    text = parse_id(value)
    if _SCIENTIFIC.match(text):
        raise CellError(
            Message(
                "the code {value} was turned into a number in scientific notation and its digits are lost; "
                "format the column as text and type the codes again",
                "代码 {value} 被转成了科学计数法的数字，位数已丢失；请把该列设为文本格式，重新填写代码",
                value=excerpt(text),
            ),
            "lost-digits",
        )
    if text.endswith(".0") and _DIGITS.match(text[:-2]):
        return text[:-2]
    return text


_DATE_FORMS: Final = (
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]0{1,2}:00(?::00)?)?\Z"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日\Z"),
    re.compile(r"(\d{4})(\d{2})(\d{2})\Z"),
)
_EPOCH: Final = dt.date(1899, 12, 30)  # Excel's day 0, as its 1900 date system counts after 1900-03-01
_DATE_WORDS: Final = Message(
    "a date such as 2021-12-31, 2021/12/31, 2021.12.31 or 2021年12月31日",
    "形如 2021-12-31、2021/12/31、2021.12.31 或 2021年12月31日 的日期",
)


def parse_date(value: object) -> str:
    """A date: a workbook's date, an Excel serial, or text in the forms offices write.

    Examples:
        >>> from socialwork.io._ledger_cells import parse_date
        >>> [parse_date(v) for v in ("2021-12-31", "2021/12/31", "2021.12.31", "2021年12月31日", 44561.0)]
        ['2021-12-31', '2021-12-31', '2021-12-31', '2021-12-31', '2021-12-31']
        >>> parse_date("２０２１年１２月３１日")
        '2021-12-31'
    """
    if isinstance(value, dt.datetime):
        if value.time() != dt.time():
            raise _type_error(_DATE_WORDS, value)
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float | int) and not isinstance(value, bool):
        if float(value).is_integer() and 61 <= value < 2958466:
            return (_EPOCH + dt.timedelta(days=int(value))).isoformat()
        raise _type_error(_DATE_WORDS, value)
    if not isinstance(value, str):
        raise _type_error(_DATE_WORDS, value)
    text = _nfkc(value).replace(" ", "")
    text = text.replace("年", "年").replace("月", "月")
    for form in _DATE_FORMS:
        found = form.match(text) or (form.match(_nfkc(value)) if form is _DATE_FORMS[0] else None)
        if found is not None:
            try:
                return dt.date(*(int(part) for part in found.groups())).isoformat()
            except ValueError:
                raise CellError(
                    Message("no such day: {value}", "没有这一天：{value}", value=excerpt(value)),
                    "constraint-error",
                ) from None
    raise _type_error(_DATE_WORDS, value)


_NUMBER: Final = re.compile(r"-?[0-9]+(\.[0-9]+)?\Z")
_TEN_THOUSAND: Final = Decimal(10000)
_FEN: Final = Decimal("0.01")
_NOISE: Final = Decimal("0.000001")
_MONEY_WORDS: Final = Message(
    "an amount such as 1234.50, 1,234.50, 1234.5元 or 12.5万元",
    "形如 1234.50、1,234.50、1234.5元 或 12.5万元 的金额",
)
_NUMBER_WORDS: Final = Message("a number such as 120 or 12.5", "形如 120 或 12.5 的数")
_UNITS: Final = ("平方米", "㎡", "m2", "小时", "h")


def _from_float(value: float, what: Message) -> Decimal:
    if math.isnan(value) or math.isinf(value):
        raise _type_error(what, value)
    if value.is_integer() and abs(value) < 2**53:
        return Decimal(int(value))  # 1120.0 in a workbook is the 1120 the clerk typed
    number = Decimal(repr(value))
    near = number.quantize(_FEN) if abs(number) < Decimal(10) ** 20 else number
    # A workbook's computed cell may carry float noise (0.1 + 0.2): read it as the fen Excel shows.
    if near != number and abs(near - number) < _NOISE:
        return near
    return number


def _decimal_text(text: str, what: Message, value: object) -> Decimal:
    if not _NUMBER.match(text):
        raise _type_error(what, value)
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimal text
        raise _type_error(what, value) from None


def parse_money(value: object) -> str:
    """Yuan, exact to the fen: ``1,234.50``, ``1234.5元``, ``12.5万元``, ``￥300``.

    Examples:
        >>> from socialwork.io._ledger_cells import parse_money
        >>> [parse_money(v) for v in ("1,234.50", "1234.5元", "12.5万元", "￥300", 1234.5)]
        ['1234.50', '1234.5', '125000.0', '300', '1234.5']
    """
    if isinstance(value, bool) or not isinstance(value, str | float | int):
        raise _type_error(_MONEY_WORDS, value)
    if isinstance(value, float):
        return str(_from_float(value, _MONEY_WORDS))
    if isinstance(value, int):
        return str(value)
    text = _nfkc(value).replace(",", "").replace(" ", "")
    text = text.removeprefix("¥").removeprefix("￥").removeprefix("RMB")
    scale = Decimal(1)
    if text.endswith("万元"):
        text, scale = text[:-2], _TEN_THOUSAND
    elif text.endswith("万"):
        text, scale = text[:-1], _TEN_THOUSAND
    elif text.endswith("元"):
        text = text[:-1]
    number = _decimal_text(text, _MONEY_WORDS, value) * scale
    return str(number)


def parse_decimal(value: object) -> str:
    """A decimal number (an area, hours), units such as 平方米 allowed after it.

    Examples:
        >>> from socialwork.io._ledger_cells import parse_decimal
        >>> parse_decimal("１２０"), parse_decimal("1,120平方米"), parse_decimal(12.5)
        ('120', '1120', '12.5')
    """
    if isinstance(value, bool) or not isinstance(value, str | float | int):
        raise _type_error(_NUMBER_WORDS, value)
    if isinstance(value, float):
        return str(_from_float(value, _NUMBER_WORDS))
    if isinstance(value, int):
        return str(value)
    text = _nfkc(value).replace(",", "").replace(" ", "")
    for unit in _UNITS:
        text = text.removesuffix(unit)
    return str(_decimal_text(text, _NUMBER_WORDS, value))


_WHOLE_WORDS: Final = Message("a whole number such as 120", "形如 120 的整数")


def parse_int(value: object) -> int:
    """A whole number: ``120``, ``１２０``, ``1,200``, ``120人``, ``120.0``.

    Examples:
        >>> from socialwork.io._ledger_cells import parse_int
        >>> parse_int("1,200人次"), parse_int(3.0)
        (1200, 3)
    """
    if isinstance(value, bool):
        raise _type_error(_WHOLE_WORDS, value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise _type_error(_WHOLE_WORDS, value)
    if not isinstance(value, str):
        raise _type_error(_WHOLE_WORDS, value)
    text = _nfkc(value).replace(",", "").replace(" ", "")
    for unit in ("人次", "人", "次", "名"):
        text = text.removesuffix(unit)
    text = text.removesuffix(".0")
    if not re.fullmatch(r"-?[0-9]{1,18}", text):
        raise _type_error(_WHOLE_WORDS, value)
    return int(text)


_FLAGS: Final = {
    **dict.fromkeys(("是", "有", "y", "yes", "true", "1", "√", "✓", "具有", "已取得"), True),
    **dict.fromkeys(("否", "无", "n", "no", "false", "0", "×", "✗", "不具有", "未取得"), False),
}
_FLAG_WORDS: Final = Message("是 or 否 (yes or no)", "是或否")


def parse_bool(value: object) -> bool:
    """A flag: 是/否, yes/no, true/false, 1/0, √/×, or a workbook's TRUE/FALSE.

    Examples:
        >>> from socialwork.io._ledger_cells import parse_bool
        >>> parse_bool("是"), parse_bool("否"), parse_bool(True), parse_bool("Yes")
        (True, False, True, True)
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, float | int):
        if value in (0, 1):
            return bool(value)
        raise _type_error(_FLAG_WORDS, value)
    if isinstance(value, str):
        found = _FLAGS.get(_nfkc(value).casefold())
        if found is not None:
            return found
    raise _type_error(_FLAG_WORDS, value)


_LABELS: dict[type[enum.Enum], dict[str, str]] = {}


def labels_of(cls: type[enum.Enum], /) -> dict[str, str]:
    """Return the table from each member's value, labels and aliases (compared normalised) to its value."""
    found = _LABELS.get(cls)
    if found is None:
        found = {}
        for word, value in ENUM_ALIASES.get(cls.__name__, {}).items():
            found[_nfkc(word).casefold()] = value
        for member in cls:
            for label in (member.value, getattr(member, "zh", None), getattr(member, "en", None)):
                if isinstance(label, str):
                    found[_nfkc(label).casefold()] = member.value  # labels win over aliases
        _LABELS[cls] = found
    return found


def parse_enum(value: object, cls: type[enum.Enum]) -> str:
    """A member of *cls*, by its value or its Chinese or English label.

    Examples:
        >>> import socialwork as sw
        >>> from socialwork.io._ledger_cells import parse_enum
        >>> parse_enum("街道社工站", sw.StationLevel), parse_enum("Street station", sw.StationLevel)
        ('street', 'street')
    """
    if isinstance(value, str):
        found = labels_of(cls).get(_nfkc(value).casefold())
        if found is not None:
            return found
    shown = Message.joined(
        ", ",
        "、",
        [Message.literal(getattr(m, "en", str(m.value)), getattr(m, "zh", str(m.value))) for m in cls],
    )
    raise CellError(
        Message(
            "expected one of {labels}, got {got}",
            "应为 {labels} 之一，实为 {got}",
            labels=shown,
            got=_shown(value),
        ),
        "type-error",
    )


_SEPARATORS: Final = re.compile(r"[、,，;；/\n]+")


def split_list(value: object) -> list[object]:
    """Return the items of a list cell: parts between 、 , ， ; ； / or line breaks.

    Examples:
        >>> from socialwork.io._ledger_cells import split_list
        >>> split_list("家庭探访、 即时心理咨询"), split_list(3.0)
        (['家庭探访', '即时心理咨询'], [3.0])
    """
    if not isinstance(value, str):
        return [value]
    return [part.strip() for part in _SEPARATORS.split(value) if part.strip()]


Parser = Callable[[object], Any]

PARSERS: Final[dict[str, Parser]] = {
    "text": parse_text,
    "id": parse_id,
    "ref": parse_id,
    "code": parse_code,
    "date": parse_date,
    "money": parse_money,
    "decimal": parse_decimal,
    "int": parse_int,
    "bool": parse_bool,
}
"""The parser of each kind of column that needs no enumeration."""


def parse_cell(value: object, parse: str, cls: type[enum.Enum] | None = None) -> Any:
    """Return the JSON value of a (non-blank) cell of a column read as *parse*.

    Raises:
        CellError: the cell cannot be read so.

    Examples:
        >>> import socialwork as sw
        >>> from socialwork.io._ledger_cells import parse_cell
        >>> parse_cell("家庭探访、社会融入", "enums", sw.ServiceKind)
        ['home_visit', 'social_integration']
        >>> parse_cell("5.10107E+11", "codes")
        Traceback (most recent call last):
        ...
        socialwork.io._ledger_cells.CellError: the code '5.10107E+11' was turned into a number ...
    """
    if parse == "enum":
        assert cls is not None  # noqa: S101 - the column table gives every enum column its class
        return parse_enum(value, cls)
    if parse == "enums":
        assert cls is not None  # noqa: S101
        return [parse_enum(item, cls) for item in split_list(value)]
    if parse == "refs":
        return [parse_id(item) for item in split_list(value)]
    if parse == "codes":
        return [parse_code(item) for item in split_list(value)]
    return PARSERS[parse](value)
