"""Copies of entities and registries without personal information, for sharing.

The fields that hold personal information are marked once, in
:data:`socialwork.model.PERSONAL_FIELDS`: a worker's name, a donor, a grant's
purpose. Everything made to be read by people shows none of their values by
default; this module makes the copies that are safe to share:

* ``pii="redact"`` (the default) replaces each personal value by ``"<redacted>"``;
* ``pii="pseudonymise"`` replaces it by a pseudonym, ``"匿名-"`` and twelve hex
  digits of a keyed HMAC-SHA256 of the value: the same value gives the same
  pseudonym under one key, so counts of distinct donors survive, and without the
  key no one can tell which value it stands for. There is no pseudonym without a key;
* ``pii="include"`` keeps the values, and must be asked for.

A missing value (an anonymous donation's ``None``, an empty purpose) stays as it is.
A personal value that is not text (a case's birth year or age band) is left out
(``None``) under ``"redact"`` and ``"pseudonymise"``.

Examples:
    >>> from socialwork.privacy import redact
    >>> import datetime as dt
    >>> gift = sw.Donation(id="d1", fund_id="f1", amount="100", date=dt.date(2022, 5, 1), donor="张三")
    >>> redact(gift).donor
    '<redacted>'
    >>> redact(gift, pii="pseudonymise", key=b"secret").donor
    '匿名-...'

.. versionadded:: 0.2
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any, Final, Literal, TypeVar, cast

import attrs

from socialwork.errors import InvalidTypeError, InvalidValueError, Message
from socialwork.model import KINDS, PERSONAL_FIELDS, Entity, Registry, kind_of

__all__ = ["PII_MODES", "PSEUDONYM_PREFIX", "REDACTED", "Pii", "pseudonym", "redact", "redact_registry"]

Pii = Literal["redact", "pseudonymise", "include"]
"""How personal values are shown: replaced by :data:`REDACTED`, by a keyed pseudonym, or as they are."""

PII_MODES: Final[tuple[str, ...]] = ("redact", "pseudonymise", "include")
"""The values a ``pii=`` argument takes, the default first."""

REDACTED: Final = "<redacted>"
"""What a redacted personal value reads."""

PSEUDONYM_PREFIX: Final = "匿名-"
"""The start of every pseudonym, so that a reader sees it stands for a value."""

_DIGITS: Final = 12  # hex digits of the HMAC: 48 bits, a collision is unlikely below ~10^6 values

_E = TypeVar("_E", bound=Entity)


def _check_key(key: object) -> bytes:
    if isinstance(key, str):
        key = key.encode("utf-8")
    if not isinstance(key, bytes | bytearray):
        msg = Message(
            "expected the key as bytes or str, got {type}",
            "密钥应为 bytes 或 str，实为 {type}",
            type=type(key).__name__,
        )
        raise InvalidTypeError(msg, path="key")
    if not key:
        msg = Message("expected a non-empty key", "密钥不能为空")
        raise InvalidValueError(msg, path="key")
    return bytes(key)


def _check_pii(pii: object, key: object) -> bytes | None:
    if not isinstance(pii, str) or pii not in PII_MODES:
        shown = repr(pii) if isinstance(pii, str) and len(pii) <= 20 else type(pii).__name__
        msg = Message(
            "expected one of {modes}, got {shown}",
            "应为 {modes} 之一，实为 {shown}",
            modes=", ".join(map(repr, PII_MODES)),
            shown=shown,
        )
        raise InvalidValueError(msg, path="pii")
    if pii == "pseudonymise":
        if key is None:
            msg = Message(
                'pii="pseudonymise" needs key=: there are no pseudonyms without a key',
                'pii="pseudonymise" 需要 key=：没有密钥就没有假名',
            )
            raise InvalidValueError(msg, path="key")
        return _check_key(key)
    return None


def pseudonym(value: str, /, *, key: bytes | str) -> str:
    """Return the pseudonym of *value* under *key*: the same for the same value and key.

    Raises:
        InvalidTypeError: *value* is not a str, or *key* not bytes or str.
        InvalidValueError: *key* is empty.

    Examples:
        >>> from socialwork.privacy import pseudonym
        >>> a = pseudonym("张三", key=b"k1")
        >>> a == pseudonym("张三", key=b"k1"), a == pseudonym("张三", key=b"k2"), len(a)
        (True, False, 15)
    """
    secret = _check_key(key)
    given: object = value
    if not isinstance(given, str):
        msg = Message("expected text, got {type}", "应为文本，实为 {type}", type=type(given).__name__)
        raise InvalidTypeError(msg, path="value")
    digest = hmac.new(secret, value.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()
    return PSEUDONYM_PREFIX + digest[:_DIGITS]


def _replace(entity: _E, fields: frozenset[str], secret: bytes | None) -> _E:
    changes: dict[str, Any] = {}
    for name in fields:
        value = getattr(entity, name)
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            changes[name] = None  # a personal value that is not text (a birth year) is left out
        else:
            changes[name] = REDACTED if secret is None else pseudonym(value, key=secret)
    return cast("_E", attrs.evolve(cast("Any", entity), **changes)) if changes else entity


def redact(entity: _E, /, *, pii: Pii = "redact", key: bytes | str | None = None) -> _E:
    """Return a copy of *entity* whose personal fields are redacted or pseudonymised.

    Args:
        entity: Any entity.
        pii: ``"redact"``, ``"pseudonymise"`` (needs *key*) or ``"include"`` (returns *entity*).
        key: The secret of the pseudonyms, bytes or text.

    Raises:
        InvalidTypeError: *entity* is not an entity, or *key* not bytes or str.
        InvalidValueError: *pii* is not one of :data:`PII_MODES`, or it is
            ``"pseudonymise"`` and no key is given.

    Examples:
        >>> from socialwork.privacy import redact
        >>> worker = sw.SocialWorker(id="w1", name="李社工")
        >>> redact(worker).name, redact(worker, pii="include").name
        ('<redacted>', '李社工')
        >>> redact(worker, pii="pseudonymise")
        Traceback (most recent call last):
        ...
        socialwork.errors.InvalidValueError: key: pii="pseudonymise" needs key=: ...
    """
    secret = _check_pii(pii, key)
    fields = PERSONAL_FIELDS[kind_of(entity).name]
    if pii == "include" or not fields:
        return entity
    return _replace(entity, fields, secret)


def redact_registry(
    registry: Registry, /, *, pii: Pii = "redact", key: bytes | str | None = None
) -> Registry:
    """Return a copy of *registry* whose entities' personal fields are redacted or pseudonymised.

    Ids, references, amounts and dates are kept, so every analysis runs on the
    copy; only counts of distinct personal values (e.g. named donors) change
    under ``"redact"``, which makes all of them one. Pseudonyms keep them apart.

    Raises:
        InvalidTypeError: *registry* is not a :class:`~socialwork.Registry`.
        InvalidValueError: as :func:`redact`.

    Examples:
        >>> from socialwork.privacy import redact_registry
        >>> shared = redact_registry(sw.datasets.example())
        >>> sorted({w.name for w in shared.social_workers.values()})
        ['<redacted>']
        >>> redact_registry(sw.datasets.example(), pii="include") == sw.datasets.example()
        True
    """
    given: object = registry
    if not isinstance(given, Registry):
        msg = Message(
            "expected a Registry, got {type}", "应为 Registry，实为 {type}", type=type(given).__name__
        )
        raise InvalidTypeError(msg, path="registry")
    secret = _check_pii(pii, key)
    if pii == "include":
        return registry
    lists = {}
    for name in KINDS:
        index = getattr(registry, name)
        fields = PERSONAL_FIELDS[name]
        lists[name] = (
            [_replace(e, fields, secret) for e in index.values()] if fields else list(index.values())
        )
    return Registry.from_kinds(lists)
