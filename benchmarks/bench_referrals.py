"""Time referral work: a million events through ``transition``, the national HSDS directory, the rules.

Goals (issue 22), on this 2-core machine:

- 1 million events through :func:`socialwork.referrals.transition` in under 10 s;
- the HSDS 3.0 directory of the national registry (``synthetic(**NATIONAL)``: about
  624,000 stations as locations) made by ``to_hsds`` and written by ``write_hsds`` in under 30 s;
- the ``referrals`` rule family over 1 million referrals in under 10 s.

Each part runs in a fresh process and prints wall and CPU seconds, the goal and the
ratio to it, and a named reference timed in the same run: for ``transition`` the
cheapest step a frozen value allows, one ``attrs.evolve`` of the state a step;
for the directory ``sw.dumps`` of the same registry (the library's own JSON
writer over the same entities); for the rules one plain pass that reads the
fields the rules read. The machine is shared; CPU time is the steadier figure.

Run: python benchmarks/bench_referrals.py            (the full sizes)
     python benchmarks/bench_referrals.py --quick    (1/100 of each)
"""

import argparse
import json
import subprocess
import sys

from socialwork.datasets import NATIONAL

EVENTS = """
import datetime as dt, json, sys, time
import attrs
import socialwork as sw
from socialwork.referrals import transition

events = json.loads(sys.argv[1])
A = sw.ReferralAction
day = dt.date(2024, 3, 1)
case = sw.Case(id="c1", holder_id="school", opened=day, age_band=sw.AgeBand.MINOR)
consents = [sw.Consent(id="k1", case_id="c1", given_by=sw.ConsentGiver.GUARDIAN,
                       purpose=sw.ServiceKind.COUNSELLING, recipient_id="agency", given=day)]
steps = [(A.CONSENT, "school"), (A.SEND, "school"), (A.RECEIVE, "agency"), (A.START, "agency"),
         (A.CLOSE, "agency")]
referrals = [sw.Referral(id=f"r{i}", case_id="c1", from_id="school", to_id="agency",
                         service_kind=sw.ServiceKind.COUNSELLING, proposed=day)
             for i in range(events // len(steps))]
wall, cpu = time.perf_counter(), time.process_time()
log = 0
for referral in referrals:
    for action, actor in steps:
        step = transition(referral, action, actor=actor, at=day, consents=consents, case=case, note="")
        referral = step.referral
        log += 1
took = (time.perf_counter() - wall, time.process_time() - cpu)
wall, cpu = time.perf_counter(), time.process_time()
for referral in referrals:
    for action, _ in steps:
        referral = attrs.evolve(referral, revision=referral.revision + 1)
floor = (time.perf_counter() - wall, time.process_time() - cpu)
print(json.dumps({"n": log, "took": took, "reference": floor}))
"""

DIRECTORY = """
import json, sys, tempfile, time
import socialwork as sw

registry = sw.datasets.synthetic(**json.loads(sys.argv[1]))
folder = tempfile.mkdtemp()
wall, cpu = time.perf_counter(), time.process_time()
sw.io.write_hsds(registry, folder)
took = (time.perf_counter() - wall, time.process_time() - cpu)
wall, cpu = time.perf_counter(), time.process_time()
sw.dumps(registry)
floor = (time.perf_counter() - wall, time.process_time() - cpu)
print(json.dumps({"n": len(registry.stations), "took": took, "reference": floor}))
"""

RULES = """
import datetime as dt, json, sys, time
import socialwork as sw
from socialwork.rules import BUILTIN_RULES

n = json.loads(sys.argv[1])
day = dt.date(2024, 3, 1)
entities = [
    sw.Division(code="420113", name="汉南区", level=sw.DivisionLevel.DISTRICT),
    sw.Organization(id="school", name="职业教育培训中心", kind=sw.OrgKind.SCHOOL),
    sw.Organization(id="agency", name="立诚社会工作服务中心", kind=sw.OrgKind.SOCIAL_WORK_AGENCY),
    sw.Project(id="p", name="相伴成长", operator_id="agency", start=dt.date(2021, 9, 1),
               service_kinds={sw.ServiceKind.COUNSELLING}),
]
for c in range(n // 4):
    entities.append(sw.Case(id=f"c{c}", holder_id="school", opened=day, age_band=sw.AgeBand.MINOR,
                            birth_year=2008))
    entities.append(sw.Consent(id=f"k{c}", case_id=f"c{c}", given_by=sw.ConsentGiver.GUARDIAN,
                               purpose=sw.ServiceKind.COUNSELLING, recipient_id="agency", given=day))
    for r in range(4):
        entities.append(sw.Referral(id=f"r{c}-{r}", case_id=f"c{c}", from_id="school", to_id="agency",
                                    service_kind=sw.ServiceKind.COUNSELLING, proposed=day,
                                    state=sw.ReferralState.RECEIVED, sent=day, responded=day,
                                    consent_id=f"k{c}"))
registry = sw.Registry(entities)
rules = BUILTIN_RULES.select(family="referrals")
wall, cpu = time.perf_counter(), time.process_time()
report = sw.validate(registry, rules)
took = (time.perf_counter() - wall, time.process_time() - cpu)
wall, cpu = time.perf_counter(), time.process_time()
seen = 0
for referral in registry.referrals.values():
    seen += referral.sent is not None and referral.consent_id is not None and referral.state is not None
floor = (time.perf_counter() - wall, time.process_time() - cpu)
print(json.dumps({"n": len(registry.referrals), "took": took, "reference": floor, "violations": len(report)}))
"""


def run(source: str, argument: object) -> dict[str, object]:
    """Run *source* in a fresh process with *argument* as JSON; return what it prints."""
    result = subprocess.run(
        [sys.executable, "-c", source, json.dumps(argument)], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def main() -> None:
    """Print one row a part: size, wall and CPU time, goal, ratio, reference."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1/100 of each size")
    args = parser.parse_args()
    scale = 100 if args.quick else 1
    national = dict(NATIONAL, districts=NATIONAL["districts"] // scale)
    parts = [
        ("transition (events)", EVENTS, 1_000_000 // scale, 10.0 / scale),
        ("HSDS directory (stations)", DIRECTORY, national, 30.0 / scale),
        ("referral rules (referrals)", RULES, 1_000_000 // scale, 10.0 / scale),
    ]
    heads = ("size", "wall s", "cpu s", "goal s", "cpu/goal", "ref cpu s", "x ref")
    widths = (9, 8, 8, 7, 8, 9, 6)
    print(f"{'part':28} " + " ".join(f"{h:>{w}}" for h, w in zip(heads, widths, strict=True)))
    for name, source, argument, goal in parts:
        found = run(source, argument)
        (wall, cpu), (_, ref_cpu) = found["took"], found["reference"]  # type: ignore[misc]
        ratio = cpu / ref_cpu if ref_cpu else float("inf")
        figures = f"{wall:>8.2f} {cpu:>8.2f} {goal:>7.2f} {cpu / goal:>8.2f} {ref_cpu:>9.2f} {ratio:>6.1f}"
        print(f"{name:28} {found['n']:>9,} {figures}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
