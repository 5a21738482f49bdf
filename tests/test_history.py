"""socialwork.history: the diff of two snapshots and a registry as of a date.

Properties on drawn registries (a diff of a registry with itself is empty; the
ids of the old snapshot, with the diff's removals taken away and its additions
put in, are the new snapshot's; the changed fields are exactly those that differ;
nothing depends on the order of the entities; ``as_of`` a far date is the registry
itself and keeps more entities on a later date), and examples on a small
two-year history made by hand from the bundled example.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import socialwork as sw
from socialwork import history
from socialwork.hierarchy import coverage, covered
from socialwork.model import KINDS, REFERENCES
from socialwork.testing import registries

FAR = dt.date(9999, 12, 31)
DAYS = st.dates(min_value=dt.date(1999, 12, 1), max_value=dt.date(2000, 3, 1))


def _keys(registry: sw.Registry) -> set[tuple[str, str]]:
    return {(kind, entity_id) for kind in KINDS for entity_id in getattr(registry, kind)}


def _key(entity: sw.model.Entity) -> tuple[str, str]:
    return sw.model.kind_of(entity).name, entity.id


def _covered_in_full(registry: sw.Registry) -> set[str]:
    # The coverage analysis itself: every street and community that is not uncovered.
    counted = {
        code
        for code, division in registry.divisions.items()
        if division.level in (sw.DivisionLevel.STREET, sw.DivisionLevel.COMMUNITY)
    }
    return counted - set(coverage(registry).uncovered)


@st.composite
def dated(draw: st.DrawFn, base: st.SearchStrategy[sw.Registry]) -> sw.Registry:
    """A drawn registry whose stations have opening dates (or none) around the other dates drawn."""
    registry = draw(base)
    stations = [
        attrs.evolve(station, opened=draw(st.none() | DAYS, label=f"opened {station.id}"))
        for station in registry.stations.values()
    ]
    return registry.replace(stations) if stations else registry


PAIRS = st.tuples(registries(cases=(0, 1)), registries(cases=(0, 1)))


@given(dated(registries(cases=(0, 2), shuffled=True)))
def test_a_registry_has_no_difference_with_itself(registry: sw.Registry) -> None:
    """diff(a, a), and diff(a, a rebuilt in reverse order), are empty: falsy, of length 0."""
    for other in (registry, sw.Registry(reversed(registry.entities()))):
        found = history.diff(registry, other)
        assert not found
        assert len(found) == 0
        assert found == history.Diff()
        assert found.to_json()["equal"] is True


@given(PAIRS)
def test_removals_and_additions_turn_the_old_ids_into_the_new(pair: tuple[sw.Registry, sw.Registry]) -> None:
    """Old's (kind, id) pairs less the removed plus the added are new's; removed and added are disjoint."""
    old, new = pair
    found = history.diff(old, new)
    removed = {_key(entity) for entity in found.removed}
    added = {_key(entity) for entity in found.added}
    assert removed <= _keys(old)
    assert not added & _keys(old)
    assert (_keys(old) - removed) | added == _keys(new)
    assert len(found) == len(removed) + len(added) + len(found.changed)
    assert bool(found) == (old != new)


@given(PAIRS)
def test_the_changed_fields_are_exactly_the_fields_that_differ(pair: tuple[sw.Registry, sw.Registry]) -> None:
    """For every entity in both, the changes list each field whose values differ, with both values, and no other."""
    old, new = pair
    found = history.diff(old, new)
    expected = []
    for kind in KINDS:
        before, after = getattr(old, kind), getattr(new, kind)
        for entity_id in sorted(set(before) & set(after)):
            for field in attrs.fields(KINDS[kind].cls):
                a, b = getattr(before[entity_id], field.name), getattr(after[entity_id], field.name)
                if a != b:
                    expected.append((kind, entity_id, field.name, a, b))
    assert [(c.kind, c.id, c.field, c.old, c.new) for c in found.changed] == expected
    parent = [(c.id, c.old, c.new) for c in found.changed if (c.kind, c.field) == ("stations", "parent_id")]
    assert [(m.id, m.old_parent, m.new_parent) for m in found.moved] == parent


@given(PAIRS, st.randoms(use_true_random=False))
def test_the_diff_does_not_depend_on_the_order_of_the_entities(
    pair: tuple[sw.Registry, sw.Registry], rng: random.Random
) -> None:
    """Shuffled registries give the same diff, in KINDS order, then id, then field order."""
    old, new = pair

    def shuffled(registry: sw.Registry) -> sw.Registry:
        entities = list(registry.entities())
        rng.shuffle(entities)
        return sw.Registry(entities)

    found = history.diff(old, new)
    assert history.diff(shuffled(old), shuffled(new)) == found
    rank = {name: kind.rank for name, kind in KINDS.items()}
    for entities in (found.added, found.removed):
        keys = [(rank[kind], entity_id) for kind, entity_id in map(_key, entities)]
        assert keys == sorted(keys)
    order = [
        (rank[c.kind], c.id, [f.name for f in attrs.fields(KINDS[c.kind].cls)].index(c.field))
        for c in found.changed
    ]
    assert order == sorted(order)


@given(PAIRS)
def test_money_moved_is_each_fund_s_totals_in_both(pair: tuple[sw.Registry, sw.Registry]) -> None:
    """Every fund whose donations or grants total differs is listed, with totals equal to direct sums."""

    def totals(registry: sw.Registry, kind: str) -> dict[str, Decimal]:
        found: dict[str, Decimal] = {}
        for item in getattr(registry, kind).values():
            found[item.fund_id] = found.get(item.fund_id, Decimal(0)) + item.amount
        return found

    old, new = pair
    given_old, given_new = totals(old, "donations"), totals(new, "donations")
    paid_old, paid_new = totals(old, "grants"), totals(new, "grants")
    funds = set(given_old) | set(given_new) | set(paid_old) | set(paid_new)
    expected = [
        f
        for f in sorted(funds)
        if (given_old.get(f, 0), paid_old.get(f, 0)) != (given_new.get(f, 0), paid_new.get(f, 0))
    ]
    flows = history.diff(old, new).money
    assert [flow.fund_id for flow in flows] == expected
    for flow in flows:
        assert flow.donations_old == given_old.get(flow.fund_id, 0)
        assert flow.grants_new == paid_new.get(flow.fund_id, 0)
        assert flow.balance_change == flow.donations_change - flow.grants_change
        assert flow.donations_new.as_tuple().exponent == -2  # to the fen


@given(st.tuples(dated(registries(streets=(0, 3), communities=(0, 3))), DAYS))
def test_coverage_gained_and_lost_agree_with_the_coverage_analysis(pair: tuple[sw.Registry, dt.date]) -> None:
    """Between a registry as of a date and the registry, coverage moves as hierarchy.coverage says."""
    registry, day = pair
    early = history.as_of(registry, day)
    for old, new in ((early, registry), (registry, early)):
        found = history.diff(old, new)
        before, after = _covered_in_full(old), _covered_in_full(new)
        assert list(found.coverage_gained) == sorted(after - before)
        assert list(found.coverage_lost) == sorted(before - after)


@given(dated(registries()))
def test_covered_is_the_test_coverage_counts_by(registry: sw.Registry) -> None:
    """hierarchy.covered of every division is the set coverage() does not call uncovered."""
    assert covered(registry, registry.divisions) == _covered_in_full(registry)


@given(dated(registries(cases=(0, 2), shuffled=True)))
def test_as_of_a_far_date_is_the_registry(registry: sw.Registry) -> None:
    """On a date after every date the registry is as it is."""
    assert history.as_of(registry, FAR) == registry
    assert not history.diff(history.as_of(registry, FAR), registry)


@given(dated(registries(cases=(0, 2))), DAYS, DAYS)
def test_as_of_is_monotone_and_keeps_no_later_entity(
    registry: sw.Registry, one: dt.date, two: dt.date
) -> None:
    """What stood on an earlier date is among what stood on a later one; nothing kept is dated later."""
    early, late = sorted((one, two))
    first, second = history.as_of(registry, early), history.as_of(registry, late)
    assert _keys(first) <= _keys(second) <= _keys(registry)
    for entity in first.entities():
        field = history.AS_OF_FIELDS.get(sw.model.kind_of(entity).name)
        day = None if field is None else getattr(entity, field)
        assert day is None or day <= early
    # Whatever is left out is dated later, or names a left-out entity in a required reference.
    gone = {entity_id for _, entity_id in _keys(registry) - _keys(first)}
    for entity in registry.entities():
        if entity.id not in gone:
            continue
        kind = sw.model.kind_of(entity).name
        field = history.AS_OF_FIELDS.get(kind)
        later = field is not None and getattr(entity, field) is not None and getattr(entity, field) > early
        required = [r.field for r in REFERENCES if r.kind == kind and not r.many]
        assert later or any(getattr(entity, f) in gone for f in required), entity.id


def test_every_kind_says_which_date_as_of_reads() -> None:
    """AS_OF_FIELDS names each kind of KINDS, with a date field of that kind or None."""
    assert list(history.AS_OF_FIELDS) == list(KINDS)
    for kind, field in history.AS_OF_FIELDS.items():
        if field is not None:
            assert field in attrs.fields_dict(KINDS[kind].cls), (kind, field)


# -- a two-year history made by hand -------------------------------------------------------


def _two_years() -> tuple[sw.Registry, sw.Registry]:
    """The example as the 2022 ledger, and 2023's: a community room opened, a worker moved, a gift added."""
    old = sw.datasets.example()
    community = sw.Division(
        code="510107015099", name="新社区", level=sw.DivisionLevel.COMMUNITY, parent_code="510107015"
    )
    room = sw.Station(
        id="wh-c-new",
        name="新社区社工室",
        level=sw.StationLevel.COMMUNITY,
        division_id="510107015099",
        parent_id="wh-s-yulin",
        opened=dt.date(2023, 3, 1),
    )
    gift = sw.Donation(id="d-2023", fund_id="fund-nijiaqiao", amount="120.5", date=dt.date(2023, 5, 1))
    worker = attrs.evolve(old.social_workers["w-03"], station_id="wh-s-jiangxi")
    new = old.replace([worker]).add([community, room, gift])
    return old, new


def test_the_two_year_history_lists_each_change() -> None:
    """The room and its community and the gift are added, the worker's station changed; money and coverage follow."""
    old, new = _two_years()
    found = history.diff(old, new)
    assert [_key(e) for e in found.added] == [
        ("divisions", "510107015099"),
        ("stations", "wh-c-new"),
        ("donations", "d-2023"),
    ]
    assert found.removed == ()
    assert [(c.kind, c.id, c.field, c.old, c.new) for c in found.changed] == [
        ("social_workers", "w-03", "station_id", "wh-s-yulin", "wh-s-jiangxi")
    ]
    assert len(found) == 4
    assert found.moved == ()
    (flow,) = found.money
    assert (flow.fund_id, flow.donations_old, flow.donations_new) == (
        "fund-nijiaqiao",
        Decimal("6500.50"),
        Decimal("6621.00"),
    )
    assert (flow.grants_change, flow.balance_new) == (Decimal("0.00"), Decimal("2621.00"))
    assert found.coverage_gained == ("510107015099",)
    assert found.coverage_lost == ()
    back = history.diff(new, old)
    assert [_key(e) for e in back.removed] == [_key(e) for e in found.added]
    assert back.money[0].donations_change == Decimal("-120.50")


def test_as_of_rolls_the_second_year_back() -> None:
    """As of the end of 2022 the room opened in 2023 and the 2023 gift are gone; the worker stays moved."""
    old, new = _two_years()
    end_2022 = history.as_of(new, dt.date(2022, 12, 31))
    assert "wh-c-new" not in end_2022
    assert "d-2023" not in end_2022
    assert "510107015099" in end_2022  # divisions are undated
    found = history.diff(old, end_2022)
    assert [_key(e) for e in found.added] == [("divisions", "510107015099")]
    assert [c.field for c in found.changed] == ["station_id"]


def test_as_of_cuts_optional_references_and_drops_required_ones() -> None:
    """Before the hub opened, the street stations have no parent and its worker no station; before the fund, no gifts."""
    reg = sw.datasets.example()
    hub = reg.stations["wh-hub"]
    early = history.as_of(reg, dt.date(2021, 12, 31))
    assert hub.opened is not None
    assert hub.opened > dt.date(2021, 12, 31)
    assert "wh-hub" not in early
    assert early.stations["wh-s-yulin"].parent_id is None
    assert early.social_workers["w-04"].station_id is None
    assert not early.funds
    assert not early.donations
    assert not early.grants
    assert not early.projects


def test_describe_in_both_languages() -> None:
    """The text names each section in the language asked; personal values are hidden unless included."""
    old, new = _two_years()
    renamed = new.replace([attrs.evolve(new.social_workers["w-03"], name="改名")])
    found = history.diff(old, renamed)
    en = found.describe("en")
    assert en.splitlines()[0] == "the snapshots differ: 3 added, 0 removed, 1 changed in 2 field(s)"
    assert "  social worker w-03: station_id 'wh-s-yulin' → 'wh-s-jiangxi'" in en
    assert "  social worker w-03: name <redacted> → <redacted>" in en
    assert "coverage gained: 510107015099" in en
    assert "donations 6500.50 → 6621.00 (+120.50)" in en
    zh = found.describe("zh", labels=sw.io.LEDGER_HEADERS)
    assert zh.splitlines()[0] == "两份快照不同：新增 3 个，删除 0 个，1 个实体的 2 个字段有变更"
    assert "  社会工作者 w-03：所属站点 'wh-s-yulin' → 'wh-s-jiangxi'" in zh
    assert "  社会工作者 w-03：姓名 〈已隐去〉 → 〈已隐去〉" in zh
    assert "新实现覆盖的区划：510107015099" in zh
    shown = found.describe("en", pii="include")
    assert "改名" in shown
    assert "改名" not in en
    assert "改名" not in zh
    assert history.diff(old, old).describe("en") == "the snapshots are the same"


def test_to_json_is_json_and_redacts() -> None:
    """The JSON data round-trips through json, money as exact text, personal values hidden by default."""
    old, new = _two_years()
    renamed = new.replace([attrs.evolve(new.social_workers["w-03"], name="改名")])
    data = history.diff(old, renamed).to_json()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["equal"] is False
    assert data["counts"] == {"added": 3, "removed": 0, "changed": 2}
    assert data["added"][1]["fields"]["opened"] == "2023-03-01"
    assert data["money"][0]["balance"] == {"old": "2500.50", "new": "2621.00", "change": "120.50"}
    assert data["coverage"] == {"gained": ["510107015099"], "lost": []}
    assert {"field": "name", "old": "<redacted>", "new": "<redacted>"}.items() <= data["changed"][0].items()
    assert "改名" in json.dumps(history.diff(old, renamed).to_json(pii="include"), ensure_ascii=False)


def test_to_html_escapes_and_speaks_the_language() -> None:
    """The page is self-contained, escapes names, and is in the language asked."""
    old = sw.datasets.example()
    new = old.replace([attrs.evolve(old.stations["wh-hub"], name="<b>总站</b>")])
    page = history.diff(old, new).to_html("en")
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in page
    assert "<b>" not in page
    assert "&lt;b&gt;" in page
    assert "<script" not in page
    assert "快照对比" in history.diff(old, new).to_html("zh")


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: history.diff(sw.datasets.example(), "x"), sw.errors.InvalidTypeError),
        (lambda: history.diff(None, sw.Registry()), sw.errors.InvalidTypeError),
        (lambda: history.as_of(sw.datasets.example(), "2022-01-01"), sw.errors.InvalidTypeError),
        (lambda: history.as_of(sw.datasets.example(), dt.datetime(2022, 1, 1)), sw.errors.InvalidTypeError),
        (lambda: history.as_of([], dt.date(2022, 1, 1)), sw.errors.InvalidTypeError),
        (lambda: history.diff(sw.Registry(), sw.Registry()).describe("fr"), sw.errors.InvalidValueError),  # type: ignore[arg-type]
        (lambda: history.diff(sw.Registry(), sw.Registry()).to_json(pii="no"), sw.errors.InvalidValueError),  # type: ignore[arg-type]
        (lambda: covered(sw.datasets.example(), "510107"), sw.errors.InvalidTypeError),
        (lambda: covered(sw.datasets.example(), [1]), sw.errors.InvalidTypeError),
    ],
)
def test_bad_arguments_raise_socialwork_errors(call: Any, error: type[Exception]) -> None:
    """Wrong arguments are refused with the library's errors, naming the argument."""
    with pytest.raises(error):
        call()
