"""The words many messages share, in English and Chinese: "expected X, got Y" and the value shown.

Every validator of the model says what it expected and what it found in the same
words; they are made here, once, so that the two languages stay alike everywhere.
Build these only where an error happens: a message costs microseconds.
"""

from __future__ import annotations

from socialwork.errors import Message, excerpt

__all__ = ["LANGUAGES", "expected", "typed"]

LANGUAGES = Message("'zh' or 'en'", "'zh' 或 'en'")
"""What an argument naming a language must be, as the messages say it."""


def expected(what: str, got: str, /) -> Message:
    """Return ``expected {what}, got {got}``; in Chinese ``应为{what}，实为 {got}``.

    *what* and *got* are usually Messages themselves, each written in the language
    of the whole. In Chinese a space parts ``应为`` and ``实为`` from a part that starts
    with an ASCII character (``应为 datetime.date，实为 str 'x'``) and from no other,
    as the house style puts one between Chinese characters and a value.

    Examples:
        >>> from socialwork.errors import Message
        >>> from socialwork.model._messages import expected
        >>> message = expected(Message("text", "文本"), "int 3")
        >>> message, message.zh
        ('expected text, got int 3', '应为文本，实为 int 3')
        >>> expected(Message("a Station", "Station 实体"), Message("nothing", "空值")).zh
        '应为 Station 实体，实为空值'
    """
    zh = _ZH[_starts_ascii(what), _starts_ascii(got)]
    return Message("expected {what}, got {got}", zh, what=what, got=got)


# The Chinese of "expected {what}, got {got}", by whether each part starts with ASCII.
_ZH = {
    (True, True): "应为 {what}，实为 {got}",
    (True, False): "应为 {what}，实为{got}",
    (False, True): "应为{what}，实为 {got}",
    (False, False): "应为{what}，实为{got}",
}


def _starts_ascii(part: str) -> bool:
    return (part.zh if isinstance(part, Message) else part)[:1].isascii()


def typed(value: object, /) -> Message:
    """Return *value* as the messages show what they found: its type's name, then its excerpt.

    Examples:
        >>> from socialwork.model._messages import typed
        >>> typed(3), typed("wh-hub")
        ('int 3', "str 'wh-hub'")
    """
    return Message("{type} {value}", "{type} {value}", type=type(value).__name__, value=excerpt(value))
