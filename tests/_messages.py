"""What the tests of messages in two languages share."""

from __future__ import annotations

import re

from socialwork.errors import Message

CJK = re.compile(r"[\u3400-\u9fff]")
"""A Chinese character."""


def assert_both(message: object, english: str, *values: str) -> str:
    """Check that *message* is a Message in English and Chinese that shows *values*; return its Chinese.

    Its English is *english* exactly, and its Chinese has Chinese characters and each
    of *values* (the ids, amounts and counts the English shows).
    """
    assert isinstance(message, Message), f"plain str: {message!r}"
    assert message == english
    assert CJK.search(message.zh), message.zh
    for value in values:
        assert value in message.zh, (value, message.zh)
    return message.zh
