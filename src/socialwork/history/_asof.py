"""A registry as it stood on a date, from the dates its entities carry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

import attrs

from socialwork._bulk import gc_paused
from socialwork.history._diff import check_registry
from socialwork.model import KINDS, REFERENCES, Entity, Registry
from socialwork.model.validators import check_date

__all__ = ["AS_OF_FIELDS", "as_of"]

AS_OF_FIELDS: Final[Mapping[str, str | None]] = MappingProxyType(
    {
        "divisions": None,
        "organizations": None,
        "stations": "opened",
        "social_workers": None,
        "volunteers": None,
        "projects": "start",
        "needs": None,
        "funds": "established",
        "donations": "date",
        "grants": "date",
        "cases": "opened",
        "consents": "given",
        "referrals": "proposed",
        "referral_events": "at",
    }
)
"""The one date field :func:`as_of` reads for each kind: the day an entity came to be; ``None``: undated.

A station opened, a project started, a fund was established, a donation received
and a grant paid, a case opened, a consent given, a referral proposed, an event of
its log recorded. A kind that is not listed (or is listed with ``None``) is
undated: its entities are taken to have always been there.

.. versionadded:: 0.2
"""


def _optional(kind: str, field: str) -> bool:
    # A reference may be cut (set to None, or left out of a tuple) when the field may be None.
    found = attrs.fields_dict(KINDS[kind].cls)[field]
    return found.default is None


_REQUIRED: Final = tuple(ref for ref in REFERENCES if not ref.many and not _optional(ref.kind, ref.field))
_CUTTABLE: Final = tuple(ref for ref in REFERENCES if ref not in _REQUIRED)
# When every required reference names a kind listed earlier than its holder, one pass in
# KINDS order drops everything that must go; otherwise the pass is repeated until nothing changes.
_ONE_PASS: Final = all(KINDS[ref.target].rank < KINDS[ref.kind].rank for ref in _REQUIRED)


def _entities(registry: Registry, kind: str) -> Mapping[str, Entity]:
    mapping: Any = getattr(registry, kind)
    return mapping.view()  # type: ignore[no-any-return]


def _drop(registry: Registry, date: dt.date) -> set[str]:
    dropped: set[str] = set()
    required = {kind: [ref.field for ref in _REQUIRED if ref.kind == kind] for kind in KINDS}
    while True:
        size = len(dropped)
        for kind in KINDS:
            field = AS_OF_FIELDS.get(kind)
            fields = required[kind]
            for entity in _entities(registry, kind).values():
                if entity.id in dropped:
                    continue
                day = None if field is None else getattr(entity, field)
                if (day is not None and day > date) or any(getattr(entity, f) in dropped for f in fields):
                    dropped.add(entity.id)
        if _ONE_PASS or len(dropped) == size:
            return dropped


def _cut(entity: Entity, refs: tuple[Any, ...], dropped: set[str]) -> Entity:
    changes: dict[str, Any] = {}
    for ref in refs:
        value = getattr(entity, ref.field)
        if ref.many:
            if any(item in dropped for item in value):
                changes[ref.field] = tuple(item for item in value if item not in dropped)
        elif value is not None and value in dropped:
            changes[ref.field] = None
    return attrs.evolve(entity, **changes) if changes else entity


def as_of(registry: Registry, date: dt.date, /) -> Registry:
    """Return *registry* as it stood on *date*: without the entities that came to be after it.

    An entity is left out when the date field :data:`AS_OF_FIELDS` names for its
    kind is later than *date* (an entity whose date is ``None``, such as a station
    whose opening is not known, is kept). So is every entity that names a left-out
    one in a required reference (a donation to a fund established later, a grant
    to a project not yet started, the consents and referrals of a case not yet
    opened, a referral's events), so that the result builds. An optional reference
    to a left-out entity is cut: a worker posted to a station not yet opened keeps
    ``station_id=None``, a project keeps the stations of its ``station_ids`` that
    were open. Nothing else is rolled back: values such as a project's
    person-times, a volunteer's hours or a referral's state stay as the registry
    has them. On a date on or after every date, the result equals *registry*; the
    entities kept on a date are among those kept on any later date.

    Raises:
        InvalidTypeError: *registry* is not a registry, or *date* is not a ``datetime.date``.

    Examples:
        >>> import datetime as dt
        >>> from socialwork.history import as_of
        >>> reg = sw.datasets.example()
        >>> early = as_of(reg, dt.date(2021, 12, 31))
        >>> len(reg) - len(early), "fund-nijiaqiao" in early, "fund-nijiaqiao" in reg
        (7, False, True)
        >>> as_of(reg, dt.date(2100, 1, 1)) == reg
        True
    """
    check_registry(registry, "registry")
    check_date(None, "date", date)
    with gc_paused():
        dropped = _drop(registry, date)
        if not dropped:
            return registry
        lists: dict[str, list[Entity]] = {}
        for kind in KINDS:
            refs = tuple(ref for ref in _CUTTABLE if ref.kind == kind)
            lists[kind] = [
                _cut(entity, refs, dropped)
                for entity in _entities(registry, kind).values()
                if entity.id not in dropped
            ]
        return Registry.from_kinds(lists)
