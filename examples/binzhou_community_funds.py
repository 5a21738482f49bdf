"""Sum up Binzhou's 89 community funds under the 10:1 rule, county by county.

Shows the Binzhou scenario bundle: its registry and its matching rule
(`BINZHOU_RULE`) feed `socialwork.funds.summary`, for the whole city and for each
county-level division, with raised and matched yuan and the person-times reached.
"""

import socialwork as sw
from socialwork.funds import summary

s = sw.datasets.scenario("binzhou")
reg, rule = s.registry, s.rule
total = summary(reg, rule=rule)
print(f"{s.title_zh} ({s.source.split(':')[0]})")
print(f"  {total.fund_count} funds, raised {total.raised} yuan, matched {total.matched} yuan")
print(f"  under {rule.describe()}")
print(f"  reaching {total.person_times} person-times; at the cap: {', '.join(total.at_cap_ids) or 'none'}")
counties = sorted(d.code for d in reg.divisions.values() if d.level is sw.DivisionLevel.DISTRICT)
for code in counties:
    part = summary(reg, rule=rule, within=code)
    name = reg.divisions[code].name
    print(f"  {name} {code}: {part.fund_count} funds, raised {part.raised}, matched {part.matched}")
