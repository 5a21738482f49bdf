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
    of the whole. A space parts ``应为`` from a *what* whose Chinese starts with an
    ASCII character (``应为 datetime.date``), as the house style puts one between
    Chinese characters and a value.

    Examples:
        >>> from socialwork.errors import Message
        >>> from socialwork.model._messages import expected
        >>> message = expected(Message("text", "文本"), "int 3")
        >>> message, message.zh
        ('expected text, got int 3', '应为文本，实为 int 3')
        >>> expected(Message("a Station", "Station 实体"), "str").zh
        '应为 Station 实体，实为 str'
    """
    zh_what = what.zh if isinstance(what, Message) else what
    if zh_what[:1].isascii():
        return Message("expected {what}, got {got}", "应为 {what}，实为 {got}", what=what, got=got)
    return Message("expected {what}, got {got}", "应为{what}，实为 {got}", what=what, got=got)


def typed(value: object, /) -> Message:
    """Return *value* as the messages show what they found: its type's name, then its excerpt.

    Examples:
        >>> from socialwork.model._messages import typed
        >>> typed(3), typed("wh-hub")
        ('int 3', "str 'wh-hub'")
    """
    return Message("{type} {value}", "{type} {value}", type=type(value).__name__, value=excerpt(value))
