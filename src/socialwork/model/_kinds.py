"""The one table of the kinds of entity: what io, the CLI, the graph and the rules read."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import attrs

from socialwork.errors import InvalidTypeError, InvalidValueError, Message, UnknownIdError, excerpt
from socialwork.model._casework import Case, Consent, Referral, ReferralEvent
from socialwork.model._entities import (
    Division,
    Donation,
    Entity,
    Fund,
    Grant,
    Need,
    Organization,
    Project,
    SocialWorker,
    Station,
    Volunteer,
)
from socialwork.model._enums import Language
from socialwork.model._messages import LANGUAGES, expected

__all__ = ["KINDS", "Kind", "kind_named", "kind_of"]


@attrs.frozen
class Kind:
    """One kind of entity a registry holds.

    Attributes:
        name: The kind's name: the key of its list in the JSON format and the
            registry's attribute, e.g. ``"social_workers"``.
        cls: The entity class, e.g. :class:`~socialwork.SocialWorker`.
        id_field: The field that holds the id: ``"code"`` for divisions, ``"id"`` otherwise.
        singular: The English noun for one of them, as messages use it: ``"social worker"``.
        zh: The Chinese label of the kind, e.g. ``"社会工作者"``.
        en: The English label of the kind, e.g. ``"social workers"``.
        rank: Its place in :data:`KINDS`: documents, reports and registries list kinds in this order.

    Examples:
        >>> from socialwork.model import KINDS
        >>> kind = KINDS["social_workers"]
        >>> kind.singular, kind.zh, kind.label("en"), kind.rank
        ('social worker', '社会工作者', 'social workers', 3)

    .. versionadded:: 0.2
    """

    name: str
    cls: type[Entity]
    id_field: str
    singular: str
    zh: str
    en: str
    rank: int

    def label(self, lang: Language = "en") -> str:
        """Return the label of the kind in *lang*, ``"zh"`` or ``"en"``.

        Examples:
            >>> from socialwork.model import KINDS
            >>> KINDS["stations"].label("zh")
            '社工站'
        """
        given: object = lang  # callers outside the type checker may pass anything
        if given not in ("zh", "en"):
            msg = expected(LANGUAGES, excerpt(given))
            raise InvalidValueError(msg, path="lang")
        return self.zh if given == "zh" else self.en


_TABLE: Final = (
    # name, class, id field, singular, zh, en
    ("divisions", Division, "code", "division", "行政区划", "divisions"),
    ("organizations", Organization, "id", "organization", "社会组织", "organizations"),
    ("stations", Station, "id", "station", "社工站", "stations"),
    ("social_workers", SocialWorker, "id", "social worker", "社会工作者", "social workers"),
    ("volunteers", Volunteer, "id", "volunteer", "社区志愿者", "volunteers"),
    ("projects", Project, "id", "project", "服务项目", "projects"),
    ("needs", Need, "id", "need", "服务需求", "needs"),
    ("funds", Fund, "id", "fund", "社区基金", "funds"),
    ("donations", Donation, "id", "donation", "捐赠", "donations"),
    ("grants", Grant, "id", "grant", "资助", "grants"),
    # referral work (转介), in format version 3
    ("cases", Case, "id", "case", "个案", "cases"),
    ("consents", Consent, "id", "consent", "知情同意", "consents"),
    ("referrals", Referral, "id", "referral", "转介", "referrals"),
    ("referral_events", ReferralEvent, "id", "referral event", "转介记录", "referral events"),
)

KINDS: Final[Mapping[str, Kind]] = MappingProxyType(
    {row[0]: Kind(*row, rank=rank) for rank, row in enumerate(_TABLE)}
)
"""Every kind of entity, by name, in order: the one table the rest of the library reads.

.. versionchanged:: 0.2
   The values are :class:`Kind` records (``KINDS[name].cls`` is the class), not classes.
"""

_BY_CLASS: Final[Mapping[type, Kind]] = MappingProxyType({kind.cls: kind for kind in KINDS.values()})
NAME_OF_CLASS: Final[Mapping[type, str]] = MappingProxyType({kind.cls: kind.name for kind in KINDS.values()})
"""The kind name of each entity class: the registry's hot path reads it, one lookup an entity."""


def kind_of(entity: Entity | type[Entity], /) -> Kind:
    """Return the :class:`Kind` of *entity*, or of the entity class *entity*.

    Raises:
        InvalidTypeError: *entity* is not a socialwork entity.

    Examples:
        >>> import socialwork as sw
        >>> from socialwork.model import kind_of
        >>> kind_of(sw.Station).name
        'stations'
        >>> kind_of(sw.Volunteer(id="v1", division_id="510107015001")).singular
        'volunteer'

    .. versionadded:: 0.2
    """
    kind = _BY_CLASS.get(entity if isinstance(entity, type) else type(entity))
    if kind is None:
        name = entity.__name__ if isinstance(entity, type) else type(entity).__name__
        msg = expected(Message("a socialwork entity or entity class", "socialwork 实体或实体类"), name)
        raise InvalidTypeError(msg, path="entity")
    return kind


def kind_named(name: str, /) -> Kind:
    """Return the :class:`Kind` called *name*, e.g. ``"stations"``.

    Raises:
        UnknownIdError: no kind has that name.

    Examples:
        >>> from socialwork.model import kind_named
        >>> kind_named("funds").singular
        'fund'
    """
    try:
        return KINDS[name]
    except (KeyError, TypeError):
        raise UnknownIdError(unknown_kind(name)) from None


def unknown_kind(name: object, /) -> Message:
    """Return the message for a kind name that :data:`KINDS` lacks, naming every kind it has.

    Examples:
        >>> from socialwork.model._kinds import unknown_kind
        >>> unknown_kind("people").zh
        "未知的实体种类 'people'；应为 divisions, organizations, ... referral_events 之一"
    """
    return Message(
        "unknown kind {name}; expected one of {kinds}",
        "未知的实体种类 {name}；应为 {kinds} 之一",
        name=repr(name),
        kinds=", ".join(KINDS),
    )


def noun(kind: Kind, /) -> Message:
    """Return the noun for one entity of *kind*, as messages use it: ``station`` / ``社工站``.

    Examples:
        >>> from socialwork.model import KINDS
        >>> from socialwork.model._kinds import noun
        >>> noun(KINDS["social_workers"]).zh
        '社会工作者'
    """
    return Message(kind.singular, kind.zh)  # the table's words hold no braces


def unknown_entity(kind: Kind, entity_id: object, /) -> Message:
    """Return ``unknown {noun} {id}`` for an id that no entity of *kind* has; ``未知的社工站 'x'``.

    Examples:
        >>> from socialwork.model import KINDS
        >>> from socialwork.model._kinds import unknown_entity
        >>> message = unknown_entity(KINDS["stations"], "wh-s-99")
        >>> message, message.zh
        ("unknown station 'wh-s-99'", "未知的社工站 'wh-s-99'")
    """
    return Message("unknown {kind} {id}", "未知的{kind} {id}", kind=noun(kind), id=excerpt(entity_id))
