"""Bundled registries: a small hand-written example, the three reported scenarios, and synthetic ones.

Each registry function returns an immutable :class:`~socialwork.Registry`: the
bundled ones are loaded once from data shipped with the package through the public
:func:`socialwork.io.loads`; :func:`synthetic` generates seeded, valid registries of
any size up to national scale, and plants known faults (:data:`FAULTS`) for testing
validators. :func:`scenario` bundles a reported case's registry
with its matching rule and targets in one :class:`Scenario`.
"""

from __future__ import annotations

import functools
from importlib import resources

from socialwork.datasets._faults import FAULTS, Fault
from socialwork.datasets._scenarios import (
    SCENARIOS,
    Scenario,
    binzhou,
    scenario,
    scenarios,
    wuhan_school,
    wuhou,
)
from socialwork.datasets._synthetic import NATIONAL, synthetic, synthetic_with_faults
from socialwork.io import loads
from socialwork.model import Registry

__all__ = [
    "FAULTS",
    "NATIONAL",
    "SCENARIOS",
    "Fault",
    "Scenario",
    "binzhou",
    "example",
    "example_path",
    "ledger_example_path",
    "scenario",
    "scenarios",
    "synthetic",
    "synthetic_with_faults",
    "wuhan_school",
    "wuhou",
]


def example_path() -> str:
    """Return the path of the bundled example document, for tools that want a file.

    Examples:
        >>> sw.datasets.example_path().endswith("example.json")
        True
    """
    return str(resources.files(__package__).joinpath("example.json"))


def ledger_example_path() -> str:
    """Return the path of a small ledger workbook (台账) as an office keeps it, with two cells to fix.

    ``武侯区台账`` holds a sheet of divisions, of organizations, of stations (under a
    title row, with a header in two rows of merged cells, a blank row and a 合计 row)
    and of social workers, naming stations and organizations by name. Two cells are
    wrong, as clerks' cells are: a date that does not exist and a division code that
    Excel turned into ``5.10107E+11``. The how-to "import your ledger" fixes them.

    Examples:
        >>> sw.datasets.ledger_example_path().endswith("wuhou_ledger.xlsx")
        True

    .. versionadded:: 0.2
    """
    return str(resources.files(__package__).joinpath("wuhou_ledger.xlsx"))


@functools.cache
def example() -> Registry:
    """Return a small, valid registry with Chinese names, for docs, tests and trying things out.

    It holds one district (武侯区) with its hub (总站), two street stations and four
    community rooms with their divisions; the agency that runs them and the bodies
    that co-build the hub, with credit codes; workers on every talent track;
    volunteers; a project; needs; and a community fund managed by a charity
    federation, with donations and a grant.

    Examples:
        >>> reg = sw.datasets.example()
        >>> reg.counts()["stations"], reg.stations["wh-hub"].area_m2
        (7, Decimal('1120'))
    """
    data = resources.files(__package__).joinpath("example.json").read_bytes()
    return loads(data)
