"""The diff of two registries: entities added, removed and changed, and what the changes mean."""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final, Literal

import attrs

from socialwork._bulk import gc_paused
from socialwork.errors import InvalidTypeError, Message
from socialwork.hierarchy import PARENT_FIELDS, covered
from socialwork.model import KINDS, MONEY_CONTEXT, PERSONAL_FIELDS, DivisionCode, Entity, Language, Registry

__all__ = ["Change", "Diff", "FundFlow", "Move", "check_registry", "diff"]

Pii = Literal["redact", "include"]
"""What a rendering does with personal values: hide them (the default) or show them."""

Labels = Mapping[str, Mapping[str, Sequence[str]]]
"""The headers of the fields of each kind, Chinese first and English second."""

_ZERO: Final = Decimal("0.00")


def check_registry(value: object, path: str) -> None:
    """Refuse *value* unless it is a :class:`~socialwork.Registry`, naming it by *path*."""
    if not isinstance(value, Registry):
        msg = Message(
            "expected a Registry, got {got}", "应为 Registry 登记，实为 {got}", got=type(value).__name__
        )
        raise InvalidTypeError(msg, path=path)


def _redacted_repr(kind: str, field: str, value: object) -> str:
    if field in PERSONAL_FIELDS.get(kind, frozenset()) and value is not None and value != "":
        return "<redacted>"
    return repr(value)


@attrs.frozen(repr=False)
class Change:
    """One field of one entity that differs between two snapshots.

    Attributes:
        kind: The kind of entity, a name of :data:`~socialwork.model.KINDS`, e.g. ``"stations"``.
        id: The entity's id (a division's code).
        field: The field's name, as the entity class and the JSON format call it.
        old: Its value in the old snapshot.
        new: Its value in the new snapshot.

    The ``repr`` shows ``<redacted>`` for the value of a personal field (see
    :func:`socialwork.model.personal_fields`), as the entities' own reprs do.

    Examples:
        >>> from socialwork.history import Change
        >>> Change("social_workers", "w-03", "station_id", "wh-s-yulin", "wh-s-jiangxi")
        Change(kind='social_workers', id='w-03', field='station_id', old='wh-s-yulin', new='wh-s-jiangxi')
        >>> Change("social_workers", "w-03", "name", "王芳", "王方")
        Change(kind='social_workers', id='w-03', field='name', old=<redacted>, new=<redacted>)
    """

    kind: str
    id: str
    field: str
    old: Any
    new: Any

    @property
    def is_personal(self) -> bool:
        """Whether the field holds personal information, so that renderings hide its values."""
        return self.field in PERSONAL_FIELDS.get(self.kind, frozenset())

    def __repr__(self) -> str:
        old = _redacted_repr(self.kind, self.field, self.old)
        new = _redacted_repr(self.kind, self.field, self.new)
        return f"Change(kind={self.kind!r}, id={self.id!r}, field={self.field!r}, old={old}, new={new})"


@attrs.frozen
class Move:
    """A station that moved in the station tree: its ``parent_id`` changed.

    Attributes:
        id: The station's id.
        old_parent: The station above it in the old snapshot (``None``: it was a root).
        new_parent: The station above it in the new snapshot.

    Examples:
        >>> from socialwork.history import Move
        >>> Move("wh-c-nijiaqiao", "wh-s-yulin", "wh-s-jiangxi").new_parent
        'wh-s-jiangxi'
    """

    id: str
    old_parent: str | None
    new_parent: str | None


@attrs.frozen
class FundFlow:
    """The money of one fund in two snapshots: donations, grants and the balance, in yuan to the fen.

    The balance here is what the registry records: donations less grants. The
    matched donation (配捐) a federation adds depends on a rule and is
    :func:`socialwork.funds.statement`'s business.

    Attributes:
        fund_id: The fund's id.
        donations_old: The total of its donations in the old snapshot (0 if it had none or was not there).
        donations_new: The same in the new snapshot.
        grants_old: The total of the grants it paid in the old snapshot.
        grants_new: The same in the new snapshot.

    Examples:
        >>> from decimal import Decimal
        >>> from socialwork.history import FundFlow
        >>> flow = FundFlow("f1", Decimal("100.00"), Decimal("150.00"), Decimal("0.00"), Decimal("30.00"))
        >>> flow.balance_old, flow.balance_new, flow.balance_change
        (Decimal('100.00'), Decimal('120.00'), Decimal('20.00'))
    """

    fund_id: str
    donations_old: Decimal
    donations_new: Decimal
    grants_old: Decimal
    grants_new: Decimal

    @property
    def donations_change(self) -> Decimal:
        """How much more (or, negative, less) the fund had been given in the new snapshot."""
        return MONEY_CONTEXT.subtract(self.donations_new, self.donations_old)

    @property
    def grants_change(self) -> Decimal:
        """How much more (or less) the fund had paid out in grants in the new snapshot."""
        return MONEY_CONTEXT.subtract(self.grants_new, self.grants_old)

    @property
    def balance_old(self) -> Decimal:
        """Donations less grants in the old snapshot."""
        return MONEY_CONTEXT.subtract(self.donations_old, self.grants_old)

    @property
    def balance_new(self) -> Decimal:
        """Donations less grants in the new snapshot."""
        return MONEY_CONTEXT.subtract(self.donations_new, self.grants_new)

    @property
    def balance_change(self) -> Decimal:
        """How the balance moved, new less old."""
        return MONEY_CONTEXT.subtract(self.balance_new, self.balance_old)


@attrs.frozen(repr=False, eq=True)
class Diff:
    """What differs between two snapshots of a registry, entity by entity and field by field.

    Everything is in a fixed order: kind in :data:`~socialwork.model.KINDS` order,
    then id, then (for :attr:`changed`) field in the order of the entity class.
    An empty diff is falsy; ``len(diff)`` counts the entities added and removed
    and the fields changed.

    Attributes:
        added: The entities of the new snapshot whose (kind, id) the old one lacks.
        removed: The entities of the old snapshot whose (kind, id) the new one lacks.
        changed: Each field of an entity in both that has another value in the new one.
        moved: The stations whose parent station changed (from :attr:`changed`).
        money: The funds whose donations or grants total changed, by fund id.
        coverage_gained: The street and community divisions covered in the new snapshot
            and not in the old one (the test of :func:`socialwork.hierarchy.coverage`), by code.
        coverage_lost: Those covered in the old snapshot and not in the new one (a
            division removed included).

    Examples:
        >>> from socialwork.history import diff
        >>> old = sw.datasets.example()
        >>> found = diff(old, old.remove(["wh-c-ximianqiao"]))
        >>> [e.id for e in found.removed], found.coverage_lost
        (['wh-c-ximianqiao'], ('510107016001',))
    """

    added: tuple[Entity, ...] = ()
    removed: tuple[Entity, ...] = ()
    changed: tuple[Change, ...] = ()
    moved: tuple[Move, ...] = ()
    money: tuple[FundFlow, ...] = ()
    coverage_gained: tuple[DivisionCode, ...] = ()
    coverage_lost: tuple[DivisionCode, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def __len__(self) -> int:
        return len(self.added) + len(self.removed) + len(self.changed)

    def changed_ids(self) -> tuple[tuple[str, str], ...]:
        """Return the (kind, id) of every entity with a changed field, once each, in order.

        Examples:
            >>> import attrs
            >>> from socialwork.history import diff
            >>> old = sw.datasets.example()
            >>> hub = attrs.evolve(old.stations["wh-hub"], name="总站", area_m2="1200")
            >>> diff(old, old.replace([hub])).changed_ids()
            (('stations', 'wh-hub'),)
        """
        return tuple(dict.fromkeys((c.kind, c.id) for c in self.changed))

    def describe(self, lang: Language = "en", *, labels: Labels | None = None, pii: Pii = "redact") -> str:
        """Return the diff as text for people, in *lang* (``"zh"`` or ``"en"``).

        Args:
            lang: The language.
            labels: The header of each field of each kind, Chinese first and English
                second, as :data:`socialwork.io.LEDGER_HEADERS` has them; without it a
                field is named as the format names it (``station_id``).
            pii: ``"redact"`` (the default) shows ``<redacted>`` for the value of a
                personal field; ``"include"`` shows it.

        Raises:
            InvalidValueError: *lang* or *pii* is not one of those.

        Examples:
            >>> from socialwork.history import diff
            >>> old = sw.datasets.example()
            >>> print(diff(old, old.remove(["wh-c-ximianqiao"])).describe("en"))
            the snapshots differ: 0 added, 1 removed, 0 changed in 0 field(s)
            removed:
              station wh-c-ximianqiao 洗面桥社区社工室
            coverage lost: 510107016001
            >>> print(diff(old, old).describe("zh"))
            两份快照相同
        """
        from socialwork.history._render import text  # noqa: PLC0415 - rendering is loaded when asked for

        return text(self, lang, labels, pii)

    def to_json(self, *, pii: Pii = "redact") -> dict[str, Any]:
        """Return the diff as JSON data: a dict of lists, money and dates as text, enums as values.

        Keys: ``equal``, ``counts``, ``added`` and ``removed`` (each entity with its
        kind, id and fields), ``changed`` (kind, id, field, old, new), ``moved``,
        ``money`` (per fund: donations, grants and balance, each ``old``, ``new`` and
        ``change``), ``coverage`` (``gained`` and ``lost``). Personal values read
        ``"<redacted>"`` unless *pii* is ``"include"``.

        Raises:
            InvalidValueError: *pii* is neither ``"redact"`` nor ``"include"``.

        Examples:
            >>> import json
            >>> from socialwork.history import diff
            >>> old = sw.datasets.example()
            >>> data = diff(old, old.remove(["d-01"])).to_json()
            >>> data["counts"]
            {'added': 0, 'removed': 1, 'changed': 0}
            >>> data["money"][0]["donations"]
            {'old': '6500.50', 'new': '1500.50', 'change': '-5000.00'}
            >>> json.loads(json.dumps(data)) == data
            True
        """
        from socialwork.history._render import json_data  # noqa: PLC0415

        return json_data(self, pii)

    def to_html(self, lang: Language = "en", *, labels: Labels | None = None, pii: Pii = "redact") -> str:
        """Return the diff as one self-contained HTML page in *lang*, every text escaped.

        The arguments are those of :meth:`describe`.

        Raises:
            InvalidValueError: *lang* or *pii* is not one of those :meth:`describe` takes.

        Examples:
            >>> from socialwork.history import diff
            >>> old = sw.datasets.example()
            >>> page = diff(old, old.remove(["d-01"])).to_html("zh")
            >>> page.startswith("<!DOCTYPE html>"), '<html lang="zh-CN">' in page
            (True, True)
        """
        from socialwork.history._render import html_page  # noqa: PLC0415

        return html_page(self, lang, labels, pii)

    def __repr__(self) -> str:
        return (
            f"Diff({len(self.added)} added, {len(self.removed)} removed, {len(self.changed)} field(s) "
            f"changed, {len(self.moved)} moved, {len(self.money)} fund(s) with money moved, coverage "
            f"+{len(self.coverage_gained)} -{len(self.coverage_lost)})"
        )

    def _repr_html_(self) -> str:
        from socialwork.history._render import html_body  # noqa: PLC0415

        return html_body(self, "en", None, "redact")


def _kind_diff(
    kind: str, old: Mapping[str, Entity], new: Mapping[str, Entity]
) -> tuple[list[Entity], list[Entity], list[Change]]:
    added_ids = sorted(new.keys() - old.keys())
    removed_ids = sorted(old.keys() - new.keys())
    # One comparison an entity: the same object (a registry made by replace) costs nothing,
    # and == (not !=, which attrs makes a second call) compares the fields' tuples.
    get = new.get
    differing = [
        entity_id
        for entity_id, before, after in zip(old.keys(), old.values(), map(get, old.keys()), strict=True)
        if after is not before and after is not None and not after == before  # noqa: SIM201
    ]
    changes: list[Change] = []
    names = [field.name for field in attrs.fields(KINDS[kind].cls)]
    for entity_id in sorted(differing):
        before, after = old[entity_id], new[entity_id]
        for name in names:
            a, b = getattr(before, name), getattr(after, name)
            if a != b:
                changes.append(Change(kind, entity_id, name, a, b))
    return [new[i] for i in added_ids], [old[i] for i in removed_ids], changes


def _by_kind(registry: Registry, kind: str) -> Mapping[str, Entity]:
    mapping: Any = getattr(registry, kind)
    return mapping.view()  # type: ignore[no-any-return]


def _field(entity: Entity, name: str) -> str:
    # A reference field that the kind of *entity* is known to have, such as a donation's fund_id.
    value: str = getattr(entity, name)
    return value


def _totals(registry: Registry, kind: str, funds: set[str]) -> dict[str, Decimal]:
    found: dict[str, Decimal] = {}
    add = MONEY_CONTEXT.add
    for item in _by_kind(registry, kind).values():
        fund_id = item.fund_id  # type: ignore[union-attr]
        if fund_id in funds:
            found[fund_id] = add(found.get(fund_id, _ZERO), item.amount)  # type: ignore[union-attr]
    return found


def _money(
    old: Registry,
    new: Registry,
    added: Iterable[Entity],
    removed: Iterable[Entity],
    changed: Iterable[Change],
) -> tuple[FundFlow, ...]:
    funds: set[str] = set()
    for entity in (*added, *removed):
        if type(entity) is KINDS["funds"].cls:
            funds.add(entity.id)
        elif type(entity) in (KINDS["donations"].cls, KINDS["grants"].cls):
            funds.add(_field(entity, "fund_id"))
    for change in changed:
        if change.kind == "funds":
            funds.add(change.id)
        elif change.kind in ("donations", "grants"):
            for registry in (old, new):
                item = _by_kind(registry, change.kind).get(change.id)
                if item is not None:
                    funds.add(_field(item, "fund_id"))
    if not funds:
        return ()
    given_old, given_new = _totals(old, "donations", funds), _totals(new, "donations", funds)
    paid_old, paid_new = _totals(old, "grants", funds), _totals(new, "grants", funds)
    flows = []
    for fund_id in sorted(funds):
        flow = FundFlow(
            fund_id,
            given_old.get(fund_id, _ZERO),
            given_new.get(fund_id, _ZERO),
            paid_old.get(fund_id, _ZERO),
            paid_new.get(fund_id, _ZERO),
        )
        if flow.donations_old != flow.donations_new or flow.grants_old != flow.grants_new:
            flows.append(flow)
    return tuple(flows)


def _coverage(
    old: Registry,
    new: Registry,
    added: Iterable[Entity],
    removed: Iterable[Entity],
    changed: Iterable[Change],
) -> tuple[tuple[DivisionCode, ...], tuple[DivisionCode, ...]]:
    station, division = KINDS["stations"].cls, KINDS["divisions"].cls
    codes: set[str] = set()
    for entity in (*added, *removed):
        if type(entity) is division:
            codes.add(entity.id)
        elif type(entity) is station:
            codes.add(_field(entity, "division_id"))
    for change in changed:
        if change.kind == "divisions":
            codes.add(change.id)
        elif change.kind == "stations":
            for registry in (old, new):
                item = _by_kind(registry, "stations").get(change.id)
                if item is not None:
                    codes.add(_field(item, "division_id"))
    if not codes:
        return (), ()
    before, after = covered(old, codes), covered(new, codes)
    return tuple(sorted(after - before)), tuple(sorted(before - after))


def diff(old: Registry, new: Registry, /) -> Diff:
    """Return what differs from the snapshot *old* to the snapshot *new*.

    Entities are matched by kind and id: an id in both snapshots under two kinds
    is one entity removed and another added. Entities that are equal (or the same
    object, as in registries made by :meth:`~socialwork.Registry.replace`) cost a
    comparison each; only those that differ are compared field by field. The
    stations moved, the money moved and the coverage gained and lost are derived
    from those changes: money only for the funds a change touches, coverage only
    for the divisions a change of a station or a division touches
    (:func:`socialwork.hierarchy.covered`). Cost: linear in the entities, and
    ``n log n`` in the changes.

    Raises:
        InvalidTypeError: *old* or *new* is not a registry.

    Examples:
        >>> import attrs, datetime as dt
        >>> from socialwork.history import diff
        >>> old = sw.datasets.example()
        >>> moved = attrs.evolve(old.social_workers["w-03"], station_id="wh-s-jiangxi")
        >>> gift = sw.Donation(id="d-new", fund_id="fund-nijiaqiao", amount="50", date=dt.date(2022, 7, 1))
        >>> found = diff(old, old.replace([moved]).add([gift]))
        >>> [e.id for e in found.added], [(c.id, c.field, c.old, c.new) for c in found.changed]
        (['d-new'], [('w-03', 'station_id', 'wh-s-yulin', 'wh-s-jiangxi')])
        >>> found.money[0].donations_change
        Decimal('50.00')
    """
    check_registry(old, "old")
    check_registry(new, "new")
    added: list[Entity] = []
    removed: list[Entity] = []
    changed: list[Change] = []
    with gc_paused(), decimal.localcontext(MONEY_CONTEXT):
        for kind in KINDS:
            plus, minus, changes = _kind_diff(kind, _by_kind(old, kind), _by_kind(new, kind))
            added += plus
            removed += minus
            changed += changes
        parent = PARENT_FIELDS["stations"]
        moved = tuple(Move(c.id, c.old, c.new) for c in changed if c.kind == "stations" and c.field == parent)
        money = _money(old, new, added, removed, changed)
        gained, lost = _coverage(old, new, added, removed, changed)
    return Diff(
        added=tuple(added),
        removed=tuple(removed),
        changed=tuple(changed),
        moved=moved,
        money=money,
        coverage_gained=gained,
        coverage_lost=lost,
    )
