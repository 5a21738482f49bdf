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
