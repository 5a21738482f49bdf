"""Matching rules: how much a charity federation adds to what a community raises."""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

import attrs

from socialwork.errors import InvalidValueError, Message
from socialwork.model import (
    FEN,
    MONEY_CONTEXT,
    LabelledEnum,
    from_fen,
    to_decimal,
    to_fen,
    to_money,
)
from socialwork.model.validators import check_date, check_str, instance_of, member_of, one_of, optional

__all__ = [
    "BINZHOU_RULE",
    "ROUNDINGS",
    "CapPeriod",
    "MatchingRule",
    "cap_reached_at",
    "matched_amount",
]

ROUNDINGS: Final[frozenset[str]] = frozenset(
    {
        decimal.ROUND_DOWN,
        decimal.ROUND_UP,
        decimal.ROUND_HALF_UP,
        decimal.ROUND_HALF_DOWN,
        decimal.ROUND_HALF_EVEN,
        decimal.ROUND_FLOOR,
        decimal.ROUND_CEILING,
        decimal.ROUND_05UP,
    }
)
"""The rounding modes a rule may use, the constants of the ``decimal`` module."""

MAX_RATIO: Final = Decimal(1_000_000)
"""The largest ratio a rule may have: a million yuan matched per yuan raised."""

MAX_RATIO_PLACES: Final = 12
"""The most decimal places a ratio may have, so that it is an exact fraction of small integers."""

EXACT: Final = decimal.Context(prec=200, rounding=decimal.ROUND_DOWN, traps=[decimal.InvalidOperation])
"""A context wide enough that sums and products of amounts and ratios are exact."""


class CapPeriod(LabelledEnum):
    """The period that a rule's cap on the matched amount applies to.

    Examples:
        >>> from socialwork.funds import CapPeriod
        >>> CapPeriod.LIFETIME.en, CapPeriod.YEAR.zh
        ("over the fund's life", '每自然年')
    """

    LIFETIME = "lifetime", "基金存续期内", "over the fund's life"
    YEAR = "year", "每自然年", "in each calendar year"


_PERIOD_MESSAGES: Final = {period: Message.literal(period.en, period.zh) for period in CapPeriod}
# Each period's labels as a Message, made once: a rule's words are made from them.


def _ratio(value: Decimal | int | str) -> Decimal:
    ratio = to_decimal(value, path="ratio")
    if ratio > MAX_RATIO:
        msg = Message(
            "expected a ratio of at most {most}, got {value}",
            "应为至多 {most} 的比例，实为 {value}",
            most=MAX_RATIO,
            value=repr(value),
        )
        raise InvalidValueError(msg, path="ratio")
    exponent = ratio.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_RATIO_PLACES:
        msg = Message(
            "expected a ratio with at most {places} decimal places, got {value}",
            "应为至多 {places} 位小数的比例，实为 {value}",
            places=MAX_RATIO_PLACES,
            value=repr(value),
        )
        raise InvalidValueError(msg, path="ratio")
    return ratio


def _cap(value: Decimal | int | str | None) -> Decimal | None:
    return None if value is None else to_money(value, path="cap")


def _minimum(value: Decimal | int | str) -> Decimal:
    return to_money(value, path="minimum_donation")


def _check_previous(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    optional(instance_of(MatchingRule))(inst, attr, value)  # the class exists once this runs


def _check_effective(inst: MatchingRule, attr: attrs.Attribute[Any], value: dt.date | None) -> None:
    previous = inst.previous
    if previous is None:
        return
    if value is None:
        msg = Message(
            "a rule that replaces an earlier one needs the date it takes effect",
            "取代旧规则的规则须给出生效日期",
        )
        raise InvalidValueError(msg, path=attr.name)
    if previous.effective is not None and value <= previous.effective:
        msg = Message(
            "a change must take effect after {before}, the date of the rule it replaces, got {value}",
            "变更必须在所取代规则的生效日期 {before} 之后生效，实为 {value}",
            before=previous.effective,
            value=value,
        )
        raise InvalidValueError(msg, path=attr.name)


_ROUNDING_WORDS: Final = {
    decimal.ROUND_DOWN: ("rounded down to the fen", "向下舍入到分"),
    decimal.ROUND_FLOOR: ("rounded down to the fen", "向下舍入到分"),
    decimal.ROUND_UP: ("rounded up to the fen", "向上舍入到分"),
    decimal.ROUND_CEILING: ("rounded up to the fen", "向上舍入到分"),
    decimal.ROUND_HALF_UP: ("rounded to the nearest fen, halves up", "四舍五入到分"),
    decimal.ROUND_HALF_DOWN: ("rounded to the nearest fen, halves down", "舍入到最近的分，恰为半分时舍去"),
    decimal.ROUND_HALF_EVEN: ("rounded to the nearest fen, halves to even", "舍入到最近的分，恰为半分时取偶"),
    decimal.ROUND_05UP: ("rounded to the fen with ROUND_05UP", "向零舍入到分，末位为 0 或 5 时进位"),
}
"""The words of each rounding mode, in English and in Chinese."""

_ROUNDING_MESSAGES: Final = {mode: Message(en, zh) for mode, (en, zh) in _ROUNDING_WORDS.items()}
# The same as Messages, made once: a rule's words are made from them.


class _Keep:
    """The marker for a term that a change leaves as it was."""

    def __repr__(self) -> str:
        return "KEEP"


_KEEP: Final = _Keep()


@attrs.frozen(kw_only=True)
class MatchingRule:
    """A matched-donation rule (配捐): the federation adds *ratio* yuan per yuan raised.

    The match is computed on cumulative totals: ``min(cap, round(raised * ratio))``
    to the fen, so neither the order nor the split of donations changes it. A rule
    can change on a date (:meth:`changed_on`): each version keeps the one it
    replaces in :attr:`previous`, and donations are matched at the ratio in force
    on the day they are received.

    Attributes:
        ratio: Yuan matched per yuan raised, e.g. ``Decimal("0.1")`` for 10:1;
            at most a million, with at most 12 decimal places.
        cap: The most the federation adds in one cap period, in yuan; ``None``
            for no cap.
        cap_period: Whether the cap applies over the fund's life or to each
            calendar year.
        rounding: How the match is rounded to the fen, a ``decimal`` rounding
            mode; ``ROUND_DOWN`` by default, so the federation never over-matches.
        minimum_donation: Donations below this many yuan are raised but not
            matched; ``0.00`` (every donation counts) by default.
        name: A name for reports, e.g. ``"滨州 善来善往"``.
        effective: The first day these terms apply; ``None`` for since always.
            Donations received before it are not matched.
        previous: The terms in force before *effective*, if these replace others.

    Examples:
        >>> from socialwork.funds import MatchingRule
        >>> rule = MatchingRule(ratio="0.1", cap="30000")
        >>> rule.ratio_text, rule.cap
        ('10:1', Decimal('30000.00'))
        >>> MatchingRule(ratio=0.1)
        Traceback (most recent call last):
        ...
        socialwork.errors.InvalidTypeError: ratio: expected a Decimal, int or str, got float 0.1 ...
    """

    ratio: Decimal = attrs.field(converter=_ratio)
    cap: Decimal | None = attrs.field(default=None, converter=_cap)
    cap_period: CapPeriod = attrs.field(default=CapPeriod.LIFETIME, validator=member_of(CapPeriod))
    rounding: str = attrs.field(default=decimal.ROUND_DOWN, validator=one_of(sorted(ROUNDINGS)))
    minimum_donation: Decimal = attrs.field(default=Decimal("0.00"), converter=_minimum)
    name: str = attrs.field(default="", validator=check_str)
    previous: MatchingRule | None = attrs.field(default=None, validator=_check_previous)
    effective: dt.date | None = attrs.field(default=None, validator=[optional(check_date), _check_effective])

    @property
    def ratio_text(self) -> str:
        """The ratio as the policy states it, yuan raised to yuan matched, e.g. ``"10:1"``."""
        fraction = Fraction(self.ratio)
        if fraction == 0:
            return "1:0"
        return f"{fraction.denominator}:{fraction.numerator}"

    @property
    def versions(self) -> tuple[MatchingRule, ...]:
        """Every version of the rule, oldest first, this one last."""
        chain: list[MatchingRule] = []
        rule: MatchingRule | None = self
        while rule is not None:
            chain.append(rule)
            rule = rule.previous
        return tuple(reversed(chain))

    def on(self, date: dt.date | None, /) -> MatchingRule | None:
        """Return the version in force on *date*: the latest if *date* is ``None``.

        Args:
            date: The day to look at, or ``None`` for the latest version.

        Returns:
            The version in force, or ``None`` if *date* is before the rule's first
            version took effect.

        Raises:
            InvalidTypeError: *date* is not a ``datetime.date`` (or ``None``).

        Examples:
            >>> import datetime as dt
            >>> from socialwork.funds import BINZHOU_RULE
            >>> new = BINZHOU_RULE.changed_on(dt.date(2024, 1, 1), cap="50000")
            >>> new.on(dt.date(2023, 12, 31)).cap, new.on(dt.date(2024, 1, 1)).cap
            (Decimal('30000.00'), Decimal('50000.00'))
        """
        check_on(date, "date")
        return in_force(self, date)

    def changed_on(
        self,
        date: dt.date,
        /,
        *,
        ratio: Decimal | int | str | _Keep = _KEEP,
        cap: Decimal | int | str | _Keep | None = _KEEP,
        cap_period: CapPeriod | _Keep = _KEEP,
        rounding: str | _Keep = _KEEP,
        minimum_donation: Decimal | int | str | _Keep = _KEEP,
        name: str | _Keep = _KEEP,
    ) -> MatchingRule:
        """Return the rule with some terms changed from *date* on.

        The result is a new version whose :attr:`previous` is this rule; terms not
        given stay as they are. Matches already earned under the old terms are never
        taken back: a lower cap stops further matching, it does not claw back.

        Args:
            date: The first day the new terms apply; after this version's own date.
            ratio: The new ratio.
            cap: The new cap (``None`` for no cap).
            cap_period: The new cap period.
            rounding: The new rounding mode.
            minimum_donation: The new minimum donation counted.
            name: The new name.

        Returns:
            The changed rule.

        Raises:
            InvalidTypeError: *date* is not a ``datetime.date``, or a new term has
                the wrong type.
            InvalidValueError: *date* is not after this version's date, or a new
                term is invalid.

        Examples:
            >>> import datetime as dt
            >>> from socialwork.funds import BINZHOU_RULE
            >>> rule = BINZHOU_RULE.changed_on(dt.date(2024, 1, 1), ratio="0.2")
            >>> [v.ratio_text for v in rule.versions]
            ['10:1', '5:1']
        """
        check_date(None, "date", date)
        changes: dict[str, Any] = {
            key: value
            for key, value in {
                "ratio": ratio,
                "cap": cap,
                "cap_period": cap_period,
                "rounding": rounding,
                "minimum_donation": minimum_donation,
                "name": name,
            }.items()
            if not isinstance(value, _Keep)
        }
        return attrs.evolve(self, previous=self, effective=date, **changes)

    def describe(self) -> Message:
        """Return the terms in words, one clause per term, latest version first, in English and Chinese.

        The words are made once per rule, when first asked for.

        Examples:
            >>> from socialwork.funds import BINZHOU_RULE
            >>> terms = BINZHOU_RULE.describe()
            >>> print(terms)
            10:1, at most 30000.00 yuan over the fund's life, rounded down to the fen
            >>> print(terms.zh)
            10:1，基金存续期内至多 30000.00 元，向下舍入到分

        .. versionchanged:: 0.2
           Returns a :class:`~socialwork.errors.Message`, the English text that also knows its Chinese.
        """
        words = self._words
        if words is None:
            words = _describe(self)
            object.__setattr__(self, "_words", words)
        return words

    _words: Message | None = attrs.field(default=None, init=False, eq=False, repr=False)
    """The words of :meth:`describe`, made when first asked for."""


def _describe(rule: MatchingRule) -> Message:
    period = _PERIOD_MESSAGES[rule.cap_period]
    clauses: list[str] = [rule.ratio_text]
    if rule.cap is not None:
        clauses.append(
            Message("at most {cap} yuan {period}", "{period}至多 {cap} 元", cap=rule.cap, period=period)
        )
    clauses.append(_ROUNDING_MESSAGES[rule.rounding])
    if rule.minimum_donation > 0:
        clauses.append(
            Message(
                "donations under {least} yuan not matched",
                "低于 {least} 元的捐赠不配捐",
                least=rule.minimum_donation,
            )
        )
    text = Message.joined(", ", "，", clauses)
    if rule.effective is not None:
        text = Message("{terms}, from {date}", "{terms}，自 {date} 起", terms=text, date=rule.effective)
    if rule.previous is not None:
        text = Message(
            "{terms}; before that: {previous}",
            "{terms}；此前：{previous}",
            terms=text,
            previous=rule.previous.describe(),
        )
    return text


def description(rule: MatchingRule) -> Message:
    """Return :meth:`MatchingRule.describe`, for errors that name a rule."""
    return rule.describe()


BINZHOU_RULE: Final = MatchingRule(ratio=Decimal("0.1"), cap=Decimal(30000), name="滨州 善来善往")
"""The Binzhou 善来善往 rule: 1 yuan matched per 10 raised, at most 30,000 yuan per fund.

Examples:
    >>> from socialwork.funds import BINZHOU_RULE
    >>> BINZHOU_RULE.ratio_text, BINZHOU_RULE.cap, BINZHOU_RULE.cap_period.en
    ('10:1', Decimal('30000.00'), "over the fund's life")
"""


def in_force(rule: MatchingRule, date: dt.date | None) -> MatchingRule | None:
    """Return the version of *rule* in force on *date*, unchecked: :meth:`MatchingRule.on` for loops."""
    version: MatchingRule | None = rule
    if date is None:
        return version
    while version is not None and version.effective is not None and version.effective > date:
        version = version.previous
    return version


def match_value(terms: MatchingRule, exact: Decimal) -> Decimal:
    """Round an exact match to the fen under *terms* and apply its cap."""
    matched = EXACT.add(exact.quantize(FEN, rounding=terms.rounding, context=EXACT), 0)  # -0.00 -> 0.00
    if terms.cap is not None and matched > terms.cap:
        return terms.cap
    return matched


def check_on(on: object, path: str = "on") -> None:
    """Raise :class:`~socialwork.InvalidTypeError` naming *path* unless *on* is a date or ``None``."""
    optional(check_date)(None, path, on)


def matched_amount(
    rule: MatchingRule, raised: Decimal | int | str, /, *, on: dt.date | None = None
) -> Decimal:
    """Return what the federation adds to a cumulative *raised* total under *rule*.

    This is ``min(cap, round(raised * ratio))`` to the fen, exact, whatever the
    caller's decimal context. *raised* is the total that counts for matching:
    donations under the rule's minimum are left out by :func:`statement`, not here.

    Args:
        rule: The matching rule, e.g. :data:`BINZHOU_RULE`.
        raised: Total yuan raised, to the fen.
        on: The day whose version of the rule applies; the latest by default.

    Returns:
        The matched yuan, to the fen, never above the cap; ``0.00`` if the rule
        is not yet in force on *on*.

    Raises:
        InvalidTypeError: *rule* is not a rule, *raised* is a float or another
            type, or *on* is not a date.
        InvalidValueError: *raised* is negative or finer than a fen.

    Examples:
        >>> from decimal import Decimal
        >>> from socialwork.funds import BINZHOU_RULE, matched_amount
        >>> matched_amount(BINZHOU_RULE, Decimal("10"))
        Decimal('1.00')
        >>> matched_amount(BINZHOU_RULE, Decimal("9.99"))
        Decimal('0.99')
        >>> matched_amount(BINZHOU_RULE, Decimal("1000000"))
        Decimal('30000.00')

    .. versionchanged:: 0.2
       Exact under any caller's decimal context; *on* is type-checked.
    """
    instance_of(MatchingRule)(None, "rule", rule)
    check_on(on)
    with decimal.localcontext(MONEY_CONTEXT):
        total = to_money(raised, path="raised")
    terms = in_force(rule, on)
    if terms is None:
        return from_fen(0)
    return match_value(terms, EXACT.multiply(total, terms.ratio))


def cap_reached_at(rule: MatchingRule, /, *, on: dt.date | None = None) -> Decimal | None:
    """Return the smallest cumulative total raised whose match reaches the cap.

    Args:
        rule: The matching rule.
        on: The day whose version of the rule applies; the latest by default.

    Returns:
        Yuan to the fen, or ``None`` if the version has no cap, a zero ratio, or is
        not in force on *on*.

    Raises:
        InvalidTypeError: *rule* is not a :class:`MatchingRule`, or *on* not a date.

    Examples:
        >>> from socialwork.funds import BINZHOU_RULE, cap_reached_at
        >>> cap_reached_at(BINZHOU_RULE)
        Decimal('300000.00')
    """
    instance_of(MatchingRule)(None, "rule", rule)
    check_on(on)
    terms = in_force(rule, on)
    if terms is None or terms.cap is None or terms.ratio == 0:
        return None
    # The match is monotone in the fen raised: search between 0 and a total whose
    # exact match is already the cap (the ceiling of cap / ratio, in fen).
    bound = Fraction(to_fen(terms.cap)) / Fraction(terms.ratio)
    high = -(-bound.numerator // bound.denominator)
    low = 0
    while low < high:
        middle = (low + high) // 2
        if match_value(terms, EXACT.multiply(from_fen(middle), terms.ratio)) >= terms.cap:
            high = middle
        else:
            low = middle + 1
    return from_fen(low)
