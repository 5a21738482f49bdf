"""The money of a synthetic registry: community funds (per street), their donations and grants.

The drawer is made once per registry and keeps its own running numbers; the walk
over the tree (:func:`socialwork.datasets._synth_tree.walk`) calls it at each street,
after the street's projects, so its draws come in their place in the one random stream.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

from socialwork.datasets._synth_common import DATES, Draw, Street, constructor
from socialwork.model import Donation, Fund, Grant, from_fen

__all__ = ["fund_drawer"]


def fund_drawer(
    funds_rate: Fraction,
    donations_rate: Fraction,
    grants_rate: Fraction,
    rnd: Draw,
    lists: dict[str, list[Any]],
    /,
    *,
    checked: bool,
) -> Callable[[Street, Sequence[Any]], None]:
    """Return the drawer of a street's funds, their donations and grants, into *lists* by kind.

    *funds_rate* funds to a street, *donations_rate* donations and *grants_rate*
    grants to a fund, on average. The drawer is called with the street and its
    projects. A fund is managed by the district's charity federation and serves a
    community that a project of its street serves; donations come after the fund
    was set up, grants after the last donation, to such a project, and together pay
    out at most half of what was raised, so no fund is ever overdrawn. A fund gets
    grants only if its street has a project and it has donations. *checked* as in
    :func:`~socialwork.datasets._synth_common.constructor`.

    Examples:
        >>> import random
        >>> from fractions import Fraction
        >>> from socialwork.datasets._synth_common import Street
        >>> from socialwork.datasets._synth_funds import fund_drawer
        >>> street = Street(0, "110101001", "第1街道", "第1区", "fed110101", "s110101001",
        ...                 ["a110101001"], ["110101001001"], ["r110101001001"])
        >>> lists = {"funds": [], "donations": [], "grants": []}
        >>> one = Fraction(1)
        >>> draw = fund_drawer(one, Fraction(2), one, random.Random(0).random, lists, checked=True)
        >>> draw(street, [])  # no project: a fund and its donations, but no grant
        >>> [(f.id, f.division_id, f.manager_id) for f in lists["funds"]]
        [('f1', '110101001001', 'fed110101')]
        >>> [d.fund_id for d in lists["donations"]], lists["grants"]
        (['f1', 'f1'], [])
    """
    new_fund = constructor(Fund, checked=checked)
    new_donation = constructor(Donation, checked=checked)
    new_grant = constructor(Grant, checked=checked)
    funds, donations, grants = lists["funds"], lists["donations"], lists["grants"]
    # The numerators and denominators of the rates, read once (a Fraction's are properties),
    # for share(rate, unit) inline: ((unit + 1) * p) // q - (unit * p) // q.
    funds_p, funds_q = funds_rate.numerator, funds_rate.denominator
    donations_p, donations_q = donations_rate.numerator, donations_rate.denominator
    grants_p, grants_q = grants_rate.numerator, grants_rate.denominator
    fund_no = donation_no = grant_no = 0

    def draw(street: Street, street_projects: Sequence[Any]) -> None:
        nonlocal fund_no, donation_no, grant_no
        communities, street_name = street.communities, street.name
        n_communities, n_projects = len(communities), len(street_projects)
        unit = street.number
        for k in range(((unit + 1) * funds_p) // funds_q - (unit * funds_p) // funds_q):
            fund_no += 1
            # A fund serves a community that a project of its street serves, so that
            # its grants have a project to go to.
            grantee = street_projects[k % n_projects] if n_projects else None
            community = grantee.community_ids[0] if grantee else communities[k % n_communities]
            fund = f"f{fund_no}"
            established = int(rnd() * 1461)
            funds.append(
                new_fund(
                    id=fund,
                    name=f"{street_name}第{int(community[-3:])}社区基金",
                    division_id=community,
                    manager_id=street.federation,
                    established=DATES[established],
                )
            )
            raised = last = 0
            unit = fund_no - 1
            for _ in range(((unit + 1) * donations_p) // donations_q - (unit * donations_p) // donations_q):
                donation_no += 1
                day = established + 1 + int(rnd() * 365)
                last = max(last, day)
                fen = 100 * (100 + int(rnd() * 19_901)) + int(rnd() * 100)
                raised += fen
                donations.append(
                    new_donation(id=f"d{donation_no}", fund_id=fund, amount=from_fen(fen), date=DATES[day])
                )
            count = ((unit + 1) * grants_p) // grants_q - (unit * grants_p) // grants_q
            if grantee is None or raised == 0 or count == 0:
                continue
            # Grants come after the last donation and together pay out at most half
            # of what was raised: never above the balance, whatever the match adds.
            budget_fen = raised // 2
            for _ in range(count):
                grant_no += 1
                fen = max(1, budget_fen * (1 + int(rnd() * 5)) // (5 * count))
                grants.append(
                    new_grant(
                        id=f"g{grant_no}",
                        fund_id=fund,
                        project_id=grantee.id,
                        amount=from_fen(fen),
                        date=DATES[last + 1 + int(rnd() * 90)],
                        purpose=f"{grantee.name}项目资助",
                    )
                )

    return draw
