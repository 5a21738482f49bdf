"""Tests of socialwork.funds: the fund they share, and the span of their dates."""

from __future__ import annotations

import datetime as dt

import socialwork as sw
from socialwork import testing

FUND = sw.Fund(
    id="f1",
    name="梧桐社区基金",
    division_id="371602004001",
    manager_id="bz-fed",
    established=dt.date(2021, 3, 1),
)
dates = testing.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2024, 12, 31))
