"""Build a registry with mistakes and print every problem, each with its path.

Shows that nothing is half-built: a registry with a duplicate id and dangling
references raises one InvalidRegistryError listing them all, and a JSON document
with bad values raises one LoadError.
"""

import datetime as dt
import json

import socialwork as sw

district = sw.Division(code="371602", name="滨城区", level=sw.DivisionLevel.DISTRICT)
fund = sw.Fund(
    id="wutong",
    name="梧桐社区基金",
    division_id="371602004001",
    manager_id="bz-fed",
    established=dt.date(2021, 5, 1),
)
donation = sw.Donation(id="wutong", fund_id="wutong", amount="10", date=dt.date(2021, 6, 1))

try:
    sw.Registry([district, fund, donation])
except sw.InvalidRegistryError as error:
    print(error)

document = {
    "format": "socialwork",
    "version": 1,
    "donations": [{"id": "d1", "fund_id": "wutong", "amount": "1.005", "date": "2021-02-30"}],
}
try:
    sw.loads(json.dumps(document))
except sw.LoadError as error:
    for problem in error.problems:
        print(f"{problem.path}: {problem.message}")
