"""Official codes: administrative division codes and unified social credit codes."""

from __future__ import annotations

from socialwork.errors import InvalidTypeError, InvalidValueError, Message, excerpt
from socialwork.model._enums import DivisionLevel
from socialwork.model._messages import expected, typed

__all__ = [
    "CREDIT_CODE_ALPHABET",
    "check_credit_code",
    "check_division_code",
    "credit_code_check_character",
    "parent_codes",
]

CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""The 31 characters of GB 32100-2015 (no I, O, S, V, Z), in value order."""
_CREDIT_VALUE = {char: value for value, char in enumerate(CREDIT_CODE_ALPHABET)}
_CREDIT_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))

_LENGTH = {
    DivisionLevel.PROVINCE: 6,
    DivisionLevel.CITY: 6,
    DivisionLevel.DISTRICT: 6,
    DivisionLevel.STREET: 9,
    DivisionLevel.COMMUNITY: 12,
}


def _is_ascii_digits(text: str) -> bool:
    # str.isdigit() alone and regex \d accept full-width and other non-ASCII digits;
    # on ASCII text, isdigit() is exactly 0-9.
    return text.isascii() and text.isdigit()


def check_division_code(code: object, level: DivisionLevel, /, *, path: str = "code") -> None:
    """Check that *code* is a well-formed official code for a division at *level*.

    Provinces, cities and districts have the six-digit GB/T 2260 codes (a province
    ends in ``0000``, a city in ``00``, a district does not end in ``00``); streets
    and townships have nine-digit and communities and villages twelve-digit
    statistical codes, extending the code of the division above them, whose own
    part is not all zeros.

    Raises:
        InvalidValueError: naming the rule that *code* breaks.

    Examples:
        >>> from socialwork.model import DivisionLevel, check_division_code
        >>> check_division_code("510107", DivisionLevel.DISTRICT)
        >>> check_division_code("510100", DivisionLevel.DISTRICT)
        Traceback (most recent call last):
        ...
        socialwork.errors.InvalidValueError: code: a district code must not end in '00' ...
    """
    given: object = level  # callers outside the type checker may pass anything
    if not isinstance(given, DivisionLevel):
        msg = expected(Message("a DivisionLevel", "DivisionLevel 的成员"), typed(given))
        raise InvalidTypeError(msg, path="level")
    length = _LENGTH[level]
    if not isinstance(code, str):
        msg = Message(
            "a {level} code must be a string of {length} digits, got {got}",
            "{level}区划代码必须是 {length} 位数字的字符串，实为 {got}",
            level=_level(level),
            length=length,
            got=excerpt(code),
        )
        raise InvalidValueError(msg, path=path)
    if len(code) != length or not _is_ascii_digits(code):
        msg = Message(
            "a {level} code must be {length} ASCII digits, got {got}",
            "{level}区划代码必须是 {length} 位 ASCII 数字，实为 {got}",
            level=_level(level),
            length=length,
            got=excerpt(code),
        )
        raise InvalidValueError(msg, path=path)
    if code[:2] == "00":
        msg = Message(
            "a {level} code must start with a province code, not '00', got {got}",
            "{level}区划代码必须以省级区划代码开头，不能以 '00' 开头，实为 {got}",
            level=_level(level),
            got=excerpt(code),
        )
        raise InvalidValueError(msg, path=path)
    if level is DivisionLevel.PROVINCE and code[2:] != "0000":
        msg = Message(
            "a province code must end in '0000', got {got}",
            "省级区划代码必须以 '0000' 结尾，实为 {got}",
            got=excerpt(code),
        )
        raise InvalidValueError(msg, path=path)
    if level is DivisionLevel.CITY and (code[4:] != "00" or code[2:4] == "00"):
        msg = Message(
            "a city code must end in '00' but not '0000', got {got}",
            "地级市区划代码必须以 '00' 结尾，但不能以 '0000' 结尾，实为 {got}",
            got=excerpt(code),
        )
        raise InvalidValueError(msg, path=path)
    if level is DivisionLevel.DISTRICT and code[4:] == "00":
        msg = Message(
            "a district code must not end in '00' (that is a city), got {got}",
            "区县区划代码不能以 '00' 结尾（那是地级市的代码），实为 {got}",
            got=excerpt(code),
        )
        raise InvalidValueError(msg, path=path)
    if level is DivisionLevel.STREET and code[6:] == "000":
        msg = Message(
            "a street code's last three digits must not be '000', got {got}",
            "街道乡镇区划代码的后三位不能是 '000'，实为 {got}",
            got=excerpt(code),
        )
        raise InvalidValueError(msg, path=path)
    if level is DivisionLevel.COMMUNITY and code[9:] == "000":
        msg = Message(
            "a community code's last three digits must not be '000', got {got}",
            "社区村区划代码的后三位不能是 '000'，实为 {got}",
            got=excerpt(code),
        )
        raise InvalidValueError(msg, path=path)


def _level(level: DivisionLevel) -> Message:
    # The level's name in a message, in both languages: "street" / "街道乡镇".
    return Message(level.en, level.zh)  # labels hold no braces


def parent_codes(code: str, level: DivisionLevel, /) -> tuple[str, ...]:
    """Return the codes that the parent of a division at *level* may have.

    A street's parent is the six-digit code its code extends, a community's the
    nine-digit one. A district's parent is its city, or its province for the
    county-level divisions a province administers directly (省直辖县级行政单位).

    Examples:
        >>> from socialwork.model import DivisionLevel, parent_codes
        >>> parent_codes("510107015", DivisionLevel.STREET)
        ('510107',)
        >>> parent_codes("510107", DivisionLevel.DISTRICT)
        ('510100', '510000')
        >>> parent_codes("510000", DivisionLevel.PROVINCE)
        ()
    """
    given: object = code  # callers outside the type checker pass anything
    if not isinstance(given, str):
        msg = Message(
            "expected a division code, got {type}", "应为区划代码，实为 {type}", type=type(given).__name__
        )
        raise InvalidTypeError(msg, path="code")
    if level is DivisionLevel.COMMUNITY:
        return (code[:9],)
    if level is DivisionLevel.STREET:
        return (code[:6],)
    if level is DivisionLevel.DISTRICT:
        return (code[:4] + "00", code[:2] + "0000")
    if level is DivisionLevel.CITY:
        return (code[:2] + "0000",)
    return ()


def credit_code_check_character(first17: str, /) -> str:
    """Return the GB 32100-2015 check character for the first 17 characters.

    Examples:
        >>> from socialwork.model import credit_code_check_character
        >>> credit_code_check_character("91350100M000100Y4")
        '3'

    Raises:
        InvalidValueError: *first17* is not 17 characters of the credit-code alphabet.
    """
    if not isinstance(first17, str) or len(first17) != 17 or not set(first17) <= _CREDIT_VALUE.keys():
        what = Message("17 characters of the credit-code alphabet", "统一社会信用代码字符集中的 17 个字符")
        msg = expected(what, excerpt(first17))
        raise InvalidValueError(msg, path="first17")
    total = sum(_CREDIT_VALUE[char] * weight for char, weight in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def check_credit_code(code: object, /, *, path: str = "credit_code") -> None:
    """Check an 18-character unified social credit code (统一社会信用代码).

    The code is upper case, drawn from the 31 characters of GB 32100-2015; its
    characters 3 to 8 are the six-digit division code of the registering authority
    and its last character is the check character over the first 17. Codes of
    every registering authority are accepted, including those starting with ``Y``,
    ``N`` or ``A``.

    Raises:
        InvalidValueError: naming the rule that *code* breaks.

    Examples:
        >>> from socialwork.model import check_credit_code
        >>> check_credit_code("91350100M000100Y43")
        >>> check_credit_code("91350100M000100Y44")
        Traceback (most recent call last):
        ...
        socialwork.errors.InvalidValueError: credit_code: check character should be '3', got '4' in ...
    """
    if not isinstance(code, str):
        msg = Message(
            "a credit code must be a string of 18 characters, got {got}",
            "统一社会信用代码必须是 18 个字符的字符串，实为 {got}",
            got=excerpt(code),
        )
        raise InvalidValueError(msg, path=path)
    if len(code) != 18:
        msg = Message(
            "a credit code has 18 characters, got {length} in {code}",
            "统一社会信用代码应有 18 个字符，{code} 实为 {length} 个",
            length=len(code),
            code=excerpt(code),
        )
        raise InvalidValueError(msg, path=path)
    bad = sorted({char for char in code if char not in _CREDIT_VALUE})
    if bad:
        msg = Message(
            "a credit code uses only 0-9 and the capitals of {capitals}, got {bad} in {code}",
            "统一社会信用代码只能使用 0-9 和 {capitals} 中的大写字母，{code} 中却有 {bad}",
            capitals=repr(CREDIT_CODE_ALPHABET[10:]),
            bad=repr("".join(bad)),
            code=excerpt(code),
        )
        raise InvalidValueError(msg, path=path)
    if not _is_ascii_digits(code[2:8]):
        msg = Message(
            "characters 3 to 8 of a credit code are a division code, got {part} in {code}",
            "统一社会信用代码的第 3 至 8 位是区划代码，{code} 中实为 {part}",
            part=repr(code[2:8]),
            code=excerpt(code),
        )
        raise InvalidValueError(msg, path=path)
    check = credit_code_check_character(code[:17])
    if code[17] != check:
        msg = Message(
            "check character should be {check}, got {got} in {code}",
            "校验码应为 {check}，{code} 中实为 {got}",
            check=repr(check),
            got=repr(code[17]),
            code=excerpt(code),
        )
        raise InvalidValueError(msg, path=path)
