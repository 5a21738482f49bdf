"""Which fields of each entity hold personal information: the one marking every output reads."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from socialwork.errors import InvalidTypeError, InvalidValueError, Message
from socialwork.model._entities import Entity
from socialwork.model._kinds import kind_of, noun
from socialwork.model._messages import expected

__all__ = ["NON_PERSONAL_FIELDS", "PERSONAL_FIELDS", "is_personal", "personal_fields"]

PERSONAL_FIELDS: Final[Mapping[str, frozenset[str]]] = MappingProxyType(
    {
        "divisions": frozenset(),
        "organizations": frozenset(),
        "stations": frozenset(),
        "social_workers": frozenset({"name"}),
        "volunteers": frozenset(),
        "projects": frozenset(),
        "needs": frozenset(),
        "funds": frozenset(),
        "donations": frozenset({"donor"}),
        "grants": frozenset({"purpose"}),
        "cases": frozenset({"age_band", "birth_year", "note"}),
        "consents": frozenset(),
        "referrals": frozenset({"reason", "outcome"}),
        "referral_events": frozenset({"note"}),
    }
)
"""The fields of each kind that hold personal information, by kind name.

A worker's name, a donor and free text that can name a person (a grant's
purpose). Reports, reprs, graph files, tables and error messages never show
their values unless asked to (see :mod:`socialwork.privacy`). A field added to
an entity must be listed here or in :data:`NON_PERSONAL_FIELDS`; a test fails
otherwise. A beneficiary or contact field is personal.

.. versionadded:: 0.2
"""

NON_PERSONAL_FIELDS: Final[Mapping[str, frozenset[str]]] = MappingProxyType(
    {
        "divisions": frozenset({"code", "name", "level", "parent_code"}),
        "organizations": frozenset(
            {"id", "name", "kind", "credit_code", "division_id", "public_fundraising"}
        ),
        "stations": frozenset(
            {
                "id",
                "name",
                "level",
                "division_id",
                "parent_id",
                "operator_id",
                "co_builder_ids",
                "setting",
                "area_m2",
                "opened",
            }
        ),
        "social_workers": frozenset({"id", "tracks", "certification", "employer_id", "station_id", "skills"}),
        "volunteers": frozenset({"id", "division_id", "skills", "hours"}),
        "projects": frozenset(
            {
                "id",
                "name",
                "operator_id",
                "start",
                "end",
                "station_ids",
                "community_ids",
                "service_kinds",
                "target_groups",
                "budget",
                "person_times",
            }
        ),
        "needs": frozenset({"id", "division_id", "service_kind", "target_group", "persons", "urgency"}),
        "funds": frozenset(
            {
                "id",
                "name",
                "division_id",
                "manager_id",
                "established",
                "committee_members",
                "committee_supervisors",
            }
        ),
        "donations": frozenset({"id", "fund_id", "amount", "date"}),
        "grants": frozenset({"id", "fund_id", "project_id", "amount", "date"}),
        "cases": frozenset({"id", "holder_id", "opened"}),
        "consents": frozenset(
            {"id", "case_id", "given_by", "purpose", "recipient_id", "given", "withdrawn", "separate"}
        ),
        "referrals": frozenset(
            {
                "id",
                "case_id",
                "from_id",
                "to_id",
                "service_kind",
                "proposed",
                "urgency",
                "state",
                "sent",
                "responded",
                "closed",
                "consent_id",
                "mandatory",
                "revision",
            }
        ),
        "referral_events": frozenset(
            {
                "id",
                "referral_id",
                "sequence",
                "action",
                "actor_id",
                "at",
                "before",
                "after",
                "consent_id",
                "mandatory",
            }
        ),
    }
)
"""The fields of each kind that are declared not personal: names of public bodies, ids, codes, counts.

.. versionadded:: 0.2
"""


def personal_fields(entity: Entity | type[Entity], /) -> frozenset[str]:
    """Return the names of the fields of an entity (or entity class) that hold personal information.

    Raises:
        InvalidTypeError: *entity* is not an entity or entity class.

    Examples:
        >>> from socialwork.model import personal_fields
        >>> sorted(personal_fields(sw.Donation)), sorted(personal_fields(sw.Station))
        (['donor'], [])

    .. versionadded:: 0.2
    """
    return PERSONAL_FIELDS[kind_of(entity).name]


def is_personal(entity: Entity | type[Entity], field: str, /) -> bool:
    """Return whether *field* of an entity (or entity class) holds personal information.

    Raises:
        InvalidTypeError: *entity* is not an entity or entity class.
        InvalidValueError: *entity* has no field *field*.

    Examples:
        >>> from socialwork.model import is_personal
        >>> is_personal(sw.SocialWorker, "name"), is_personal(sw.SocialWorker, "station_id")
        (True, False)

    .. versionadded:: 0.2
    """
    name = kind_of(entity).name
    given: object = field
    if not isinstance(given, str):
        msg = expected(Message("a field name", "字段名"), type(given).__name__)
        raise InvalidTypeError(msg, path="field")
    if field in PERSONAL_FIELDS[name]:
        return True
    if field in NON_PERSONAL_FIELDS[name]:
        return False
    msg = Message(
        "a {kind} has no field {field}",
        "{kind}没有字段 {field}",
        kind=noun(kind_of(entity)),
        field=repr(field),
    )
    raise InvalidValueError(msg, path="field")
