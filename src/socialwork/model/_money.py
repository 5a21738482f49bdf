"""Exact money: ``Decimal`` yuan, to the fen."""

from __future__ import annotations

import re
from decimal import Context, Decimal, InvalidOperation

from socialwork.errors import InvalidTypeError, InvalidValueError, Message
from socialwork.errors import excerpt as _show
from socialwork.model._messages import expected, typed

__all__ = ["FEN", "MONEY_CONTEXT", "from_fen", "to_decimal", "to_fen", "to_money"]

_DECIMAL_TEXT = re.compile(r"-?[0-9]+(\.[0-9]+)?\Z")

FEN = Decimal("0.01")
"""One fen (分), the smallest unit of the yuan: every amount is a multiple of it."""

MONEY_CONTEXT = Context(prec=60, Emax=60, Emin=-60, traps=[InvalidOperation])
"""The decimal context the library's money arithmetic runs in, whatever the caller's is.

Sixty significant digits hold any sum of amounts below 10**25 yuan exactly.
"""

_ONE = Decimal(1)
_ZERO = Decimal(0)
_LIMIT = Decimal(10) ** 25
"""Every number the model holds is below this: its text then always reads back."""

# What the conversions expect, in both languages: made once, read only on error paths.
_DECIMAL_WRITTEN = Message("a decimal number written like '1200.50'", "形如 '1200.50' 的十进制数")
_NUMBER_TYPES = Message("a Decimal, int or str", "Decimal、int 或 str")
_FINITE = Message("a finite number", "有限的数")
_NON_NEGATIVE = Message("a non-negative number", "非负数")
_BELOW_LIMIT = Message("a number below 10**25", "小于 10**25 的数")
_WHOLE_FEN = Message("an amount in whole fen (0.01 yuan)", "以分为单位的金额（0.01 元）")
_FINITE_AMOUNT = Message("a finite Decimal amount", "有限的 Decimal 金额")
_FEN_COUNT = Message("a whole number of fen", "以分计的整数")


def to_decimal(value: Decimal | int | str, /, *, path: str = "value") -> Decimal:
    """Return *value* as a finite, non-negative ``Decimal``.

    ``int``, ``str`` and ``Decimal`` are accepted; ``float`` and ``bool`` are refused,
    since a float cannot hold most decimal amounts exactly. A string is plain ASCII
    digits with an optional point, such as ``"1200.50"``: no spaces, underscores,
    exponents or full-width digits.

    The number is written back as it was read: an exponent form such as
    ``Decimal("1.2E+3")`` becomes ``Decimal("1200")``. Numbers of 10**25 or more
    are refused. The caller's decimal context plays no part.

    Raises:
        InvalidTypeError: *value* is a float, a bool or another type.
        InvalidValueError: *value* is not a number, not finite, negative or too large.

    Examples:
        >>> from decimal import Decimal
        >>> from socialwork.model import to_decimal
        >>> to_decimal("1120")
        Decimal('1120')
        >>> to_decimal(Decimal("1.2E+3"))
        Decimal('1200')

    .. versionchanged:: 0.2
       Exponent forms are written out; numbers of 10**25 or more are refused.
    """
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, str):
        # Decimal() also takes " 1 ", "1_000", "1e3" and full-width digits: not here.
        if _DECIMAL_TEXT.match(value) is None:
            msg = expected(_DECIMAL_WRITTEN, _show(value))
            raise InvalidValueError(msg, path=path)
        number = Decimal(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    else:
        msg = expected(_NUMBER_TYPES, typed(value))
        if isinstance(value, float):
            msg = Message(
                "{msg} (floats cannot hold decimal amounts exactly; use Decimal or str)",
                "{msg}（浮点数无法精确表示十进制金额；请用 Decimal 或 str）",
                msg=msg,
            )
        raise InvalidTypeError(msg, path=path)
    if not number.is_finite():
        msg = expected(_FINITE, _show(value))
        raise InvalidValueError(msg, path=path)
    if number < 0:
        msg = expected(_NON_NEGATIVE, _show(value))
        raise InvalidValueError(msg, path=path)
    if number >= _LIMIT:
        msg = expected(_BELOW_LIMIT, _show(value))
        raise InvalidValueError(msg, path=path)
    if number.as_tuple().exponent > 0:  # type: ignore[operator]
        # Decimal("1.2E+3") would be written back as "1.2E+3", which no reader takes.
        number = number.quantize(_ONE, context=MONEY_CONTEXT)
    return number


def to_money(value: Decimal | int | str, /, *, path: str = "amount") -> Decimal:
    """Return *value* as non-negative yuan quantized to the fen.

    Amounts finer than a fen are refused rather than rounded: rounding is a policy
    decision, made explicitly where it happens (as in ``socialwork.funds``).

    Raises:
        InvalidTypeError: *value* is a float, a bool or another type.
        InvalidValueError: *value* is not finite, negative or finer than a fen.

    Examples:
        >>> from decimal import Decimal
        >>> from socialwork.model import to_money
        >>> to_money("30000")
        Decimal('30000.00')
        >>> to_money(Decimal("0.5"))
        Decimal('0.50')
    """
    number = to_decimal(value, path=path)
    money = MONEY_CONTEXT.add(number.quantize(FEN, context=MONEY_CONTEXT), _ZERO)  # -0.00 becomes 0.00
    if money != number:
        msg = expected(_WHOLE_FEN, _show(value))
        raise InvalidValueError(msg, path=path)
    return money


def to_fen(amount: Decimal, /) -> int:
    """Return *amount* yuan as a whole number of fen, exactly.

    Raises:
        InvalidValueError: *amount* is not a whole number of fen (or not finite).

    Examples:
        >>> from decimal import Decimal
        >>> from socialwork.model import to_fen
        >>> to_fen(Decimal("30000.00"))
        3000000
        >>> to_fen(Decimal("0.005"))
        Traceback (most recent call last):
        ...
        socialwork.errors.InvalidValueError: amount: expected an amount in whole fen (0.01 yuan), got '0.005'

    .. versionadded:: 0.2
    """
    if not isinstance(amount, Decimal) or not amount.is_finite():
        msg = expected(_FINITE_AMOUNT, typed(amount))
        raise InvalidValueError(msg, path="amount")
    fen = amount.scaleb(2, MONEY_CONTEXT)
    if not fen.is_finite():  # past the context's largest exponent
        msg = expected(_FINITE_AMOUNT, _show(amount))
        raise InvalidValueError(msg, path="amount")
    whole = int(fen)
    if whole != fen:
        msg = expected(_WHOLE_FEN, _show(amount))
        raise InvalidValueError(msg, path="amount")
    return whole


def from_fen(fen: int, /) -> Decimal:
    """Return *fen* (a whole number of fen) as ``Decimal`` yuan with two places, exactly.

    Examples:
        >>> from socialwork.model import from_fen
        >>> from_fen(3000000)
        Decimal('30000.00')
        >>> from_fen(-5)
        Decimal('-0.05')

    .. versionadded:: 0.2
    """
    if isinstance(fen, bool) or not hasattr(fen, "__index__"):
        msg = expected(_FEN_COUNT, typed(fen))
        raise InvalidTypeError(msg, path="fen")
    return Decimal(int(fen)).scaleb(-2, MONEY_CONTEXT)
