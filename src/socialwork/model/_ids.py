"""Identifier types: ``NewType``s of ``str``, one per kind of entity."""

from __future__ import annotations

from typing import NewType

__all__ = [
    "CaseId",
    "ConsentId",
    "DivisionCode",
    "DonationId",
    "FundId",
    "GrantId",
    "NeedId",
    "OrgId",
    "ProjectId",
    "ReferralEventId",
    "ReferralId",
    "StationId",
    "VolunteerId",
    "WorkerId",
]

DivisionCode = NewType("DivisionCode", str)
"""An official division code: 6 digits (GB/T 2260), 9 (street) or 12 (community)."""
StationId = NewType("StationId", str)
OrgId = NewType("OrgId", str)
WorkerId = NewType("WorkerId", str)
VolunteerId = NewType("VolunteerId", str)
ProjectId = NewType("ProjectId", str)
NeedId = NewType("NeedId", str)
FundId = NewType("FundId", str)
DonationId = NewType("DonationId", str)
GrantId = NewType("GrantId", str)
CaseId = NewType("CaseId", str)
"""A case (个案): a pseudonymous subject that referrals concern."""
ConsentId = NewType("ConsentId", str)
ReferralId = NewType("ReferralId", str)
ReferralEventId = NewType("ReferralEventId", str)
