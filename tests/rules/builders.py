"""A clean base registry for the rule tests, and the one-line breaks each test applies to it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import attrs

import socialwork as sw

#: With no minimum staff per street station the example registry breaks no rule.
CLEAN = {"staffing.min_street_workers": 0}


def base() -> sw.Registry:
    """The bundled example, which breaks no rule under :data:`CLEAN` parameters."""
    return sw.datasets.example()


def keys(report: sw.rules.ValidationReport) -> Counter[tuple[str, str, str]]:
    """The violations of *report* as (code, subject, path) keys."""
    return Counter((v.code, v.subject, v.path) for v in report)


def added(broken: sw.Registry, *, params: dict[str, Any] | None = None) -> list[sw.rules.Violation]:
    """The violations *broken* has and the clean base has not, under the same parameters."""
    params = {**CLEAN, **(params or {})}
    before = keys(sw.validate(base(), params=params))
    return [v for v in sw.validate(broken, params=params) if (v.code, v.subject, v.path) not in before]


def evolve(registry: sw.Registry, entity_id: str, **changes: Any) -> sw.Registry:
    """Return *registry* with one entity changed."""
    return registry.replace([attrs.evolve(registry.get(entity_id), **changes)])


def street_division(code: str = "510107017") -> sw.Division:
    """A street of 武侯区 that the example does not hold."""
    return sw.Division(code=code, name="新街道", level=sw.DivisionLevel.STREET, parent_code="510107")


def community_division(code: str, street: str) -> sw.Division:
    """A community of *street*."""
    return sw.Division(code=code, name="新社区", level=sw.DivisionLevel.COMMUNITY, parent_code=street)


def station(station_id: str, level: sw.StationLevel, division: str, **fields: Any) -> sw.Station:
    """A station run by the example's agency."""
    fields.setdefault("operator_id", "org-agency")
    return sw.Station(id=station_id, name=f"{station_id} 站", level=level, division_id=division, **fields)


def donation(donation_id: str, amount: str, date: dt.date, donor: str | None = None) -> sw.Donation:
    """A donation to the example's fund."""
    return sw.Donation(id=donation_id, fund_id="fund-nijiaqiao", amount=amount, date=date, donor=donor)
