"""Time socialwork.history.diff of two national snapshots, 1 % of the entities changed.

Goal (issue 20): ``diff`` of two national snapshots (about two million entities
each, 1 % changed) in under 10 s.

The old snapshot is ``synthetic(**NATIONAL)``. The new one is made from it with
``Registry.replace``, ``remove`` and ``add``: a third of the 1 % are entities
changed (stations renamed and some community rooms moved to another street
station or into another community, workers posted elsewhere, donations corrected, needs re-rated), a third
removed (donations, needs, volunteers, social workers: nothing refers to them),
a third added (donations, needs, volunteers, and now and then a new community
with its community room). Two cases are timed:

* ``shared``: the new snapshot as ``replace`` makes it, sharing the unchanged
  entity objects with the old one;
* ``copied``: the same new snapshot with every entity copied, so that no object is
  shared, as when both snapshots are read from files.

Reference, timed in the same run: a plain dict comparison, ``{(kind, id):
attrs.astuple(entity, recurse=False)}`` for both snapshots (the garbage collector
paused, as the library pauses it) and the ids and tuples that differ. Each figure
is the best of three runs. ``as_of`` of the new snapshot on a date in the middle
of its donations is timed too.

Run: python benchmarks/bench_history.py            (the national shape)
     python benchmarks/bench_history.py --quick    (a smoke run on three districts)
"""

import argparse
import copy
import datetime as dt
import gc
import random
import resource
import time

import attrs

import socialwork as sw
from socialwork import history
from socialwork.datasets import NATIONAL
from socialwork.model import KINDS

QUICK = dict(NATIONAL, districts=3)
GOAL = 10.0


def best(function, runs=3):
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def evolve(old, share, seed=20):
    """Return *old* with *share* of its entities changed, removed or added (a third each)."""
    rng = random.Random(seed)
    count = int(len(old) * share) // 3
    streets = [s.id for s in old.stations.values() if s.level is sw.StationLevel.STREET]
    stations = list(old.stations.values())
    workers = list(old.social_workers.values())
    donations = list(old.donations.values())
    needs = list(old.needs.values())
    communities = [d.code for d in old.divisions.values() if d.level is sw.DivisionLevel.COMMUNITY]
    changed = {}
    while len(changed) < count:
        pick = rng.randrange(4)
        if pick == 0:
            s = rng.choice(stations)
            room = s.level is sw.StationLevel.COMMUNITY
            moved = room and rng.random() < 0.3  # to another street station
            elsewhere = room and rng.random() < 0.1  # to another community: its own loses coverage
            changed[s.id] = attrs.evolve(
                s,
                name=s.name + "（新址）",
                parent_id=rng.choice(streets) if moved else s.parent_id,
                division_id=rng.choice(communities) if elsewhere else s.division_id,
            )
        elif pick == 1 and workers:
            w = rng.choice(workers)
            changed[w.id] = attrs.evolve(w, station_id=rng.choice(stations).id)
        elif pick == 2 and donations:
            d = rng.choice(donations)
            changed[d.id] = attrs.evolve(d, amount=d.amount + 1)
        elif needs:
            n = rng.choice(needs)
            changed[n.id] = attrs.evolve(n, urgency=n.urgency % 5 + 1)
    removable = [
        e.id
        for kind in ("donations", "needs", "volunteers", "social_workers")
        for e in getattr(old, kind).values()
        if e.id not in changed
    ]
    removed = rng.sample(removable, min(count, len(removable)))
    funds = list(old.funds.values())
    added = []
    for number in range(count):
        pick = number % 3
        if number % 50 == 0:  # a new community with its room: coverage gained
            street = old.stations[rng.choice(streets)]
            code = f"{street.division_id}9{number % 100:02d}"
            if code in old or any(e.id == code for e in added):
                continue
            added.append(
                sw.Division(
                    code=code,
                    name=f"新社区{number}",
                    level=sw.DivisionLevel.COMMUNITY,
                    parent_code=street.division_id,
                )
            )
            added.append(
                sw.Station(
                    id=f"bench-s-{number}",
                    name=f"新社区社工室{number}",
                    division_id=code,
                    level=sw.StationLevel.COMMUNITY,
                    parent_id=street.id,
                )
            )
        elif pick == 0 and funds:
            fund = rng.choice(funds)
            added.append(
                sw.Donation(
                    id=f"bench-d-{number}",
                    fund_id=fund.id,
                    amount=rng.randrange(1, 10_000),
                    date=fund.established + dt.timedelta(days=rng.randrange(365)),
                )
            )
        elif pick == 1:
            added.append(
                sw.Need(
                    id=f"bench-n-{number}",
                    division_id=rng.choice(communities),
                    service_kind=sw.ServiceKind.ELDERLY_CARE,
                    target_group=sw.TargetGroup.ELDERLY,
                    persons=rng.randrange(1, 50),
                )
            )
        else:
            added.append(sw.Volunteer(id=f"bench-v-{number}", division_id=rng.choice(communities)))
    return old.replace(changed.values()).remove(removed).add(added)


def reference(old, new):
    """The plain comparison: a dict of attrs.astuple per (kind, id) for each, and what differs."""

    def table(registry):
        return {
            (kind, entity_id): attrs.astuple(entity, recurse=False)
            for kind in KINDS
            for entity_id, entity in getattr(registry, kind).items()
        }

    gc.disable()  # as the library does for bulk work: millions of tuples form no cycles
    try:
        before, after = table(old), table(new)
    finally:
        gc.enable()
    added = after.keys() - before.keys()
    removed = before.keys() - after.keys()
    changed = [key for key, row in before.items() if key in after and after[key] != row]
    return len(added), len(removed), len(changed)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run on three districts")
    args = parser.parse_args()
    shape = QUICK if args.quick else NATIONAL
    runs = 1 if args.quick else 3

    start = time.perf_counter()
    old = sw.datasets.synthetic(**shape)
    made = time.perf_counter() - start
    start = time.perf_counter()
    new = evolve(old, 0.01)
    evolved = time.perf_counter() - start
    copied = sw.Registry(copy.copy(entity) for entity in new.entities())
    assert copied == new
    print(f"snapshots: {len(old):,} and {len(new):,} entities", end=" ")
    print(f"(made in {made:.1f} s, evolved in {evolved:.1f} s)")

    shared_time, found = best(lambda: history.diff(old, new), runs)
    copied_time, again = best(lambda: history.diff(old, copied), runs)
    assert again == found
    reference_time, counts = best(lambda: reference(old, new), runs)
    assert counts == (len(found.added), len(found.removed), len(found.changed_ids())), counts
    day = sorted(d.date for d in new.donations.values())[len(new.donations) // 2]
    as_of_time, early = best(lambda: history.as_of(new, day), runs)

    print(
        f"diff: {len(found.added):,} added, {len(found.removed):,} removed, "
        f"{len(found.changed_ids()):,} entities changed in {len(found.changed):,} fields, "
        f"{len(found.moved):,} stations moved, {len(found.money):,} funds with money moved, "
        f"coverage +{len(found.coverage_gained):,} -{len(found.coverage_lost):,}"
    )
    print(f"{'measure':<46}{'seconds':>10}")
    rows = [
        ("diff, unchanged entities shared (replace)", shared_time),
        ("diff, no entity shared (every one copied)", copied_time),
        ("reference: dicts of attrs.astuple compared", reference_time),
        (f"as_of {day} ({len(early):,} entities kept)", as_of_time),
    ]
    for name, seconds in rows:
        print(f"{name:<46}{seconds:>10.2f}")
    worst = max(shared_time, copied_time)
    verdict = "met" if worst < GOAL else "NOT met"
    print(f"goal: diff < {GOAL:.0f} s: {verdict} ({worst:.2f} s)", end="; ")
    print(f"diff / reference = {worst / reference_time:.2f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    print(f"peak memory: {peak:.2f} GB")


if __name__ == "__main__":
    main()
