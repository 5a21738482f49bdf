"""Hypothesis strategies for the funds tests: rules, donations and grants of one fund."""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal

from hypothesis import strategies as st

import socialwork as sw
from socialwork.funds import ROUNDINGS, CapPeriod, MatchingRule
from socialwork.model import from_fen

FUND = sw.Fund(
    id="f1",
    name="梧桐社区基金",
    division_id="371602004001",
    manager_id="bz-fed",
    established=dt.date(2021, 3, 1),
)
START = dt.date(2020, 1, 1)
END = dt.date(2024, 12, 31)

dates = st.dates(min_value=START, max_value=END)
fen = st.integers(min_value=1, max_value=5_000_000)
money = fen.map(from_fen)
raised_totals = st.integers(min_value=0, max_value=10**12).map(from_fen)
ratios = st.one_of(
    st.sampled_from([Decimal("0.1"), Decimal("0.2"), Decimal("0.05"), Decimal("1"), Decimal("0")]),
    st.integers(min_value=0, max_value=3_000_000).map(lambda n: Decimal(n).scaleb(-6)),
    st.fractions(min_value=0, max_value=3, max_denominator=64).map(
        lambda f: (Decimal(f.numerator) / Decimal(f.denominator)).quantize(
            Decimal("1e-9"), decimal.ROUND_DOWN
        )
    ),
)
caps = st.one_of(st.none(), st.integers(min_value=0, max_value=5_000_000).map(from_fen))


@st.composite
def rules(
    draw: st.DrawFn, *, versions: int = 1, minimum: bool = True, rounding: str | None = None
) -> MatchingRule:
    """Draw a rule with up to *versions* versions, each with any terms."""
    count = draw(st.integers(min_value=1, max_value=versions))
    days = sorted(draw(st.lists(dates, min_size=count, max_size=count, unique=True)))
    first = days[0] if draw(st.booleans()) else None
    rule: MatchingRule | None = None
    for index in range(count):
        terms = {
            "ratio": draw(ratios),
            "cap": draw(caps),
            "cap_period": draw(st.sampled_from(list(CapPeriod))),
            "rounding": rounding or draw(st.sampled_from(sorted(ROUNDINGS))),
            "minimum_donation": draw(st.sampled_from(["0", "10", "100.50"])) if minimum else "0",
        }
        if rule is None:
            rule = MatchingRule(effective=first, **terms)
        else:
            rule = rule.changed_on(days[index], **terms)
    assert rule is not None
    return rule


@st.composite
def donations(draw: st.DrawFn, *, fund: sw.Fund = FUND, max_size: int = 12) -> list[sw.Donation]:
    """Draw the donations of *fund*, some named, some anonymous."""
    items = draw(
        st.lists(st.tuples(money, dates, st.sampled_from([None, "甲", "乙", "丙"])), max_size=max_size)
    )
    return [
        sw.Donation(id=f"d{i}", fund_id=fund.id, amount=amount, date=day, donor=donor)
        for i, (amount, day, donor) in enumerate(items)
    ]
