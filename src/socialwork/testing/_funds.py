"""Strategies for the funds: matched-donation rules and donation streams."""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from socialwork.errors import InvalidValueError, Message
from socialwork.funds import ROUNDINGS, CapPeriod, MatchingRule
from socialwork.model import Donation
from socialwork.model.validators import INT_MAX, int_between
from socialwork.testing._model import dates, donors, ids, make, money, serial

__all__ = ["donation_streams", "matching_rules"]

STREAM_START = dt.date(2020, 1, 1)
STREAM_END = dt.date(2024, 12, 31)

_RATIOS = st.one_of(
    st.sampled_from([Decimal("0.1"), Decimal("0.2"), Decimal("0.05"), Decimal("1"), Decimal("0")]),
    st.integers(min_value=0, max_value=3_000_000).map(lambda n: Decimal(n).scaleb(-6)),
    st.fractions(min_value=0, max_value=3, max_denominator=64).map(
        lambda f: (Decimal(f.numerator) / Decimal(f.denominator)).quantize(
            Decimal("1e-9"), decimal.ROUND_DOWN
        )
    ),
)
_CAPS = st.none() | st.integers(min_value=0, max_value=5_000_000).map(lambda f: Decimal(f).scaleb(-2))


@st.composite
def _matching_rules(
    draw: st.DrawFn, *, versions: int, minimum: bool, rounding: str | None, start: dt.date, end: dt.date
) -> MatchingRule:
    count = draw(st.integers(min_value=1, max_value=versions))
    days = sorted(
        draw(st.lists(dates(min_value=start, max_value=end), min_size=count, max_size=count, unique=True))
    )
    first = days[0] if draw(st.booleans()) else None
    rule: MatchingRule | None = None
    for index in range(count):
        terms: dict[str, Any] = {
            "ratio": draw(_RATIOS),
            "cap": draw(_CAPS),
            "cap_period": draw(st.sampled_from(list(CapPeriod))),
            "rounding": rounding or draw(st.sampled_from(sorted(ROUNDINGS))),
            "minimum_donation": draw(st.sampled_from(["0", "10", "100.50"])) if minimum else "0",
        }
        rule = (
            MatchingRule(effective=first, **terms) if rule is None else rule.changed_on(days[index], **terms)
        )
    assert rule is not None  # noqa: S101 - count is at least one
    return rule


def matching_rules(
    *,
    versions: int = 1,
    minimum: bool = True,
    rounding: str | None = None,
    min_date: dt.date = STREAM_START,
    max_date: dt.date = STREAM_END,
) -> st.SearchStrategy[MatchingRule]:
    """Return a strategy for matched-donation rules (配捐) with up to *versions* versions.

    Each version has any ratio (the Binzhou 1:10 among them), cap or none, cap
    period, rounding and minimum donation; later versions take effect on dates
    between *min_date* and *max_date*.

    Args:
        versions: The most versions a rule has (at least one).
        minimum: Whether versions may set a minimum donation; ``0`` otherwise.
        rounding: One rounding of :data:`~socialwork.funds.ROUNDINGS` for every
            version; any by default.
        min_date: The earliest day a version takes effect.
        max_date: The latest day a version takes effect.

    Raises:
        InvalidValueError: *versions* is below one, or *rounding* unknown.

    Examples:
        >>> from hypothesis import find
        >>> from socialwork.testing import matching_rules
        >>> find(matching_rules(rounding="ROUND_DOWN"), lambda _: True).rounding
        'ROUND_DOWN'

    .. versionadded:: 0.2
    """
    if not isinstance(versions, int) or versions < 1:
        msg = Message(
            "expected at least one version, got {versions}",
            "应为至少 1 个版本，实为 {versions}",
            versions=repr(versions),
        )
        raise InvalidValueError(msg, path="versions")
    if rounding is not None and (not isinstance(rounding, str) or rounding not in ROUNDINGS):
        msg = Message(
            "expected one of {modes}, got {rounding}",
            "应为 {modes} 之一，实为 {rounding}",
            modes=str(sorted(ROUNDINGS)),
            rounding=repr(rounding),
        )
        raise InvalidValueError(msg, path="rounding")
    return _matching_rules(
        versions=versions, minimum=bool(minimum), rounding=rounding, start=min_date, end=max_date
    )


@st.composite
def _streams(
    draw: st.DrawFn, *, fund_id: str | None, min_size: int, max_size: int, start: dt.date, end: dt.date
) -> list[Donation]:
    fund = draw(ids("f")) if fund_id is None else fund_id
    items = draw(
        st.lists(
            st.tuples(money(max_value=50_000), dates(min_value=start, max_value=end), donors()),
            min_size=min_size,
            max_size=max_size,
        )
    )
    return [
        make(Donation, id=serial("d-", i), fund_id=fund, amount=amount, date=day, donor=donor)
        for i, (amount, day, donor) in enumerate(items)
    ]


def donation_streams(
    *,
    fund_id: str | None = None,
    min_size: int = 0,
    max_size: int = 12,
    min_date: dt.date = STREAM_START,
    max_date: dt.date = STREAM_END,
) -> st.SearchStrategy[list[Donation]]:
    """Return a strategy for the donations of one fund: lists with distinct ids, in any date order.

    Amounts go up to 50,000 yuan, to the fen; donors are anonymous or one of a few
    synthetic names, so that some give more than once.

    Args:
        fund_id: The fund they are given to; one synthetic id per list by default.
        min_size: The fewest donations.
        max_size: The most donations.
        min_date: The first day a donation may be received (2020-01-01 by default).
        max_date: The last day (2024-12-31 by default).

    Examples:
        >>> from hypothesis import find
        >>> from socialwork.testing import donation_streams
        >>> stream = find(donation_streams(fund_id="f1", min_size=1), lambda _: True)
        >>> {d.fund_id for d in stream}
        {'f1'}

    .. versionadded:: 0.2
    """
    _whole(min_size=min_size, max_size=max_size)
    if not 0 <= min_size <= max_size:
        msg = Message(
            "expected 0 <= min_size <= max_size, got {low} and {high}",
            "应满足 0 <= min_size <= max_size，实为 {low} 与 {high}",
            low=min_size,
            high=max_size,
        )
        raise InvalidValueError(msg, path="min_size")
    return _streams(fund_id=fund_id, min_size=min_size, max_size=max_size, start=min_date, end=max_date)


def _whole(**sizes: object) -> None:
    # Sizes are whole numbers, of at most INT_MAX: checked before they are compared.
    for name, value in sizes.items():
        int_between(-INT_MAX)(None, name, value)
