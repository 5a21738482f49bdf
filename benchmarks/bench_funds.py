"""Benchmark socialwork.funds.simulate against a plain-Python loop and the exact Decimal path.

Goal (issue 3): 100 rules over 600,000 funds with 10 donations each in under 60 s.

Usage:
    python benchmarks/bench_funds.py            # the sizes of the issue
    python benchmarks/bench_funds.py --quick    # tiny sizes, a smoke test

References, measured in the same run:
- a plain-Python loop over the same integer fen (lists of ints, no numpy), run on
  every fund for a few of the rules and scaled to all rules (it is linear in rules);
- the exact ``Decimal`` engine that statements use, on a sample of funds, scaled
  to all funds and rules.
Both references are also checked to give the same figures as ``simulate``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import time
import tracemalloc
from decimal import Decimal
from fractions import Fraction

import numpy as np

import socialwork as sw
from socialwork.funds import CapPeriod, DonationTable, MatchingRule, simulate
from socialwork.funds._engine import match_timeline
from socialwork.model import from_fen, to_fen

EPOCH = dt.date(1970, 1, 1).toordinal()


def make_rules(count: int) -> list[MatchingRule]:
    """Ratios 5:1 ... 20:1 vary fastest, then caps, cap periods and minimum donations."""
    rules = [
        MatchingRule(ratio=ratio, cap=cap, cap_period=period, minimum_donation=minimum)
        for minimum in ("0", "10")
        for period in (CapPeriod.LIFETIME, CapPeriod.YEAR)
        for cap in ("10000", "30000", "50000", None, "20000")
        for ratio in ("0.2", "0.1", "0.05", "0.125", "0.15")
    ]
    return rules[:count]


def label(rule: MatchingRule) -> str:
    cap = "no cap" if rule.cap is None else f"cap {rule.cap:,.0f} {rule.cap_period.value}"
    return f"{rule.ratio_text:>5} {cap:<22} min {rule.minimum_donation:>5}"


def make_table(funds: int, per_fund: int, seed: int) -> DonationTable:
    rng = np.random.default_rng(seed)
    n = funds * per_fund
    fund = np.repeat(np.arange(funds, dtype=np.int64), per_fund)
    # Mostly small gifts, some large ones: a fund's total ranges from tens of yuan to ~1M.
    amount = np.where(
        rng.random(n) < 0.9, rng.integers(100, 200_000, n), rng.integers(200_000, 20_000_000, n)
    ).astype(np.int64)
    start = np.datetime64("2021-01-01")
    dates = start + rng.integers(0, 4 * 365, n).astype("timedelta64[D]")
    ids = [f"f{i:07d}" for i in range(funds)]
    return DonationTable.from_arrays(ids, fund, amount, dates)


def python_loop(table: DonationTable, rule: MatchingRule) -> list[int]:
    """The reference: the same integer-fen algorithm as plain Python loops over lists."""
    fund, amount, year = table.fund.tolist(), table.amount.tolist(), table.year.tolist()
    ratio = Fraction(rule.ratio)
    p, q = ratio.numerator, ratio.denominator
    cap = None if rule.cap is None else to_fen(rule.cap)
    minimum = to_fen(rule.minimum_donation)
    yearly = rule.cap_period is CapPeriod.YEAR
    sums: dict[tuple[int, int], int] = {}
    for f, a, y in zip(fund, amount, year, strict=True):
        if a >= minimum:
            key = (f, y if yearly else 0)
            sums[key] = sums.get(key, 0) + a
    matched = [0] * len(table.fund_ids)
    for (f, _), total in sums.items():
        m = total * p // q  # ROUND_DOWN
        if cap is not None and m > cap:
            m = cap
        matched[f] += m
    return matched


def decimal_path(table: DonationTable, rule: MatchingRule, funds: int) -> list[int]:
    """The exact Decimal engine of statements, fund by fund, on the first *funds* funds."""
    stop = int(np.searchsorted(table.fund, funds))
    days, amounts, fund = table.day[:stop].tolist(), table.amount[:stop].tolist(), table.fund[:stop].tolist()
    gifts: list[list[tuple[dt.date, Decimal]]] = [[] for _ in range(funds)]
    for f, d, a in zip(fund, days, amounts, strict=True):
        gifts[f].append((dt.date.fromordinal(d + EPOCH), from_fen(a)))
    return [to_fen(match_timeline(rule, items, None).total) for items in gifts]


def registry_of(funds: int, per_fund: int, seed: int) -> sw.Registry:
    rng = np.random.default_rng(seed)
    entities: list[sw.Entity] = [
        sw.Division(code="371602", name="滨城区", level=sw.DivisionLevel.DISTRICT),
        sw.Organization(id="fed", name="滨州市慈善总会", kind=sw.OrgKind.CHARITY_FEDERATION),
    ]
    day0 = dt.date(2021, 1, 1)
    for i in range(funds):
        entities.append(
            sw.Fund(id=f"f{i}", name="社区基金", division_id="371602", manager_id="fed", established=day0)
        )
    amounts = rng.integers(100, 2_000_000, funds * per_fund).tolist()
    offsets = rng.integers(0, 4 * 365, funds * per_fund).tolist()
    for j, (a, o) in enumerate(zip(amounts, offsets, strict=True)):
        entities.append(
            sw.Donation(
                id=f"d{j}",
                fund_id=f"f{j // per_fund}",
                amount=from_fen(a),
                date=day0 + dt.timedelta(days=o),
            )
        )
    return sw.Registry(entities)


def timed(func, *args, **kwargs):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke test")
    args = parser.parse_args()
    funds, per_fund, n_rules = (2_000, 10, 10) if args.quick else (600_000, 10, 100)
    loop_rules = 2 if args.quick else 4
    decimal_funds = 200 if args.quick else 20_000
    registry_funds = 200 if args.quick else 60_000
    rules = make_rules(n_rules)

    print(f"socialwork.funds benchmark: {n_rules} rules x {funds:,} funds x {per_fund} donations")
    table, t_table = timed(make_table, funds, per_fund, seed=7)
    tracemalloc.start()
    sim, t_sim = timed(simulate, table, rules)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    # Reference 1: plain-Python loop, every fund, a sample of rules (both cap periods).
    sample = [rules[i] for i in np.linspace(0, n_rules - 1, loop_rules).astype(int)]
    t_loop = 0.0
    for rule in sample:
        expected, seconds = timed(python_loop, table, rule)
        t_loop += seconds
        if expected != sim.matched_fen[rules.index(rule)].tolist():
            msg = f"MISMATCH with the Python loop under {rule.describe()}"
            raise SystemExit(msg)
    loop_all = t_loop / len(sample) * n_rules

    # Reference 2: the exact Decimal engine, a sample of funds, two rules.
    t_dec = 0.0
    for rule in (rules[0], rules[1]):
        exact, seconds = timed(decimal_path, table, rule, decimal_funds)
        t_dec += seconds
        if exact != sim.matched_fen[rules.index(rule), :decimal_funds].tolist():
            msg = f"MISMATCH with the Decimal path under {rule.describe()}"
            raise SystemExit(msg)
    decimal_all = t_dec / 2 / decimal_funds * funds * n_rules

    # The registry route at a smaller scale: entities -> table -> simulate.
    registry, t_reg_build = timed(registry_of, registry_funds, per_fund, seed=11)
    reg_table, t_from_reg = timed(DonationTable.from_registry, registry)
    _, t_reg_sim = timed(simulate, reg_table, rules)

    rows = [
        ("build DonationTable from arrays", f"{funds * per_fund:,} donations", t_table, ""),
        ("simulate (vectorised, exact fen)", f"{n_rules} rules", t_sim, "goal < 60 s"),
        ("plain-Python loop, measured", f"{len(sample)} rules, all funds", t_loop, ""),
        ("plain-Python loop, scaled", f"{n_rules} rules", loop_all, f"{loop_all / t_sim:,.1f}x slower"),
        ("Decimal engine, measured", f"2 rules, {decimal_funds:,} funds", t_dec, ""),
        (
            "Decimal engine, scaled",
            f"{n_rules} rules, all funds",
            decimal_all,
            f"{decimal_all / t_sim:,.1f}x slower",
        ),
        ("Registry of entities, build", f"{registry_funds * per_fund:,} donations", t_reg_build, ""),
        ("DonationTable.from_registry", f"{registry_funds * per_fund:,} donations", t_from_reg, ""),
        ("simulate on that table", f"{n_rules} rules", t_reg_sim, ""),
    ]
    print(f"{'step':<36} {'size':<28} {'seconds':>10}  note")
    for step, size, seconds, note in rows:
        print(f"{step:<36} {size:<28} {seconds:>10.3f}  {note}")
    print(
        f"simulate peak traced memory: {peak / 2**20:,.0f} MiB; process max RSS: "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10:,.0f} MiB"
    )
    print(f"goal met (simulate < 60 s): {'yes' if t_sim < 60 else 'NO'}")
    print()
    print(f"figures: raised by all funds {sim.outcomes[0].raised:,} yuan")
    print(f"{'rule':<42} {'federation cost (yuan)':>24} {'funds matched':>14} {'at the cap':>11}")
    for outcome in sim.outcomes[: min(n_rules, 40)]:
        print(
            f"{label(outcome.rule):<42} {outcome.cost:>24,} {outcome.matched_fund_count:>14,} "
            f"{outcome.at_cap_fund_count:>11,}"
        )


if __name__ == "__main__":
    main()
