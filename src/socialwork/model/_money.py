"""Exact money: ``Decimal`` yuan, to the fen."""

from __future__ import annotations

import re
from decimal import Context, Decimal, InvalidOperation

from socialwork.errors import InvalidTypeError, InvalidValueError
from socialwork.errors import excerpt as _show

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
            msg = f"expected a decimal number written like '1200.50', got {_show(value)}"
            raise InvalidValueError(msg, path=path)
        number = Decimal(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    else:
        msg = f"expected a Decimal, int or str, got {type(value).__name__} {_show(value)}"
        if isinstance(value, float):
            msg += " (floats cannot hold decimal amounts exactly; use Decimal or str)"
        raise InvalidTypeError(msg, path=path)
    if not number.is_finite():
        msg = f"expected a finite number, got {_show(value)}"
        raise InvalidValueError(msg, path=path)
    if number < 0:
        msg = f"expected a non-negative number, got {_show(value)}"
        raise InvalidValueError(msg, path=path)
    if number >= _LIMIT:
        msg = f"expected a number below 10**25, got {_show(value)}"
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
        msg = f"expected an amount in whole fen (0.01 yuan), got {_show(value)}"
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
        msg = f"expected a finite Decimal amount, got {type(amount).__name__} {_show(amount)}"
        raise InvalidValueError(msg, path="amount")
    fen = amount.scaleb(2, MONEY_CONTEXT)
    whole = int(fen)
    if whole != fen:
        msg = f"expected an amount in whole fen (0.01 yuan), got {_show(amount)}"
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
        msg = f"expected a whole number of fen, got {type(fen).__name__} {_show(fen)}"
        raise InvalidTypeError(msg, path="fen")
    return Decimal(int(fen)).scaleb(-2, MONEY_CONTEXT)
