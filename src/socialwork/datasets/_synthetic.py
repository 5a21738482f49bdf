"""The seeded synthetic generator: valid registries from a handful of entities to national scale.

This module holds the public functions and the checking of their arguments.
Generation runs in two steps so that later options can hook in between them:
:func:`_generate` draws every entity into lists by kind, and
:meth:`~socialwork.Registry.from_kinds` builds (and checks) the registry. Planted
faults, for testing validators, will edit the lists between the two steps.

What is drawn lives beside it, one module for each part of the registry:
``_synth_tree`` (divisions, organizations, stations: the walk that calls the
others), ``_synth_people`` (social workers, volunteers), ``_synth_work``
(projects, needs) and ``_synth_funds`` (funds, donations, grants), with what
they share in ``_synth_common``.
"""

from __future__ import annotations

import inspect
import math
import random
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Final

import attrs

from socialwork._bulk import gc_paused
from socialwork.datasets._faults import Fault, plant, read_faults
from socialwork.datasets._synth_common import Street
from socialwork.datasets._synth_common import constructor as _constructor  # noqa: F401 - tests reach it here
from socialwork.datasets._synth_funds import fund_drawer
from socialwork.datasets._synth_people import volunteer_drawer, worker_drawer
from socialwork.datasets._synth_tree import PROVINCES, walk
from socialwork.datasets._synth_work import need_drawer, project_drawer
from socialwork.errors import InvalidTypeError, InvalidValueError, Message
from socialwork.model import KINDS, Registry
from socialwork.model.validators import int_between

__all__ = ["NATIONAL", "synthetic", "synthetic_with_faults"]

NATIONAL: Final[Mapping[str, int]] = MappingProxyType(
    {"districts": 3000, "streets_per_district": 13, "communities_per_street": 15}
)
"""The shape of a national registry: 3,000 districts, 39,000 streets, 585,000 communities.

``synthetic(**NATIONAL)`` holds about two million entities with the other defaults.
"""

# The most a "per" parameter may be: generous, but bounded, so that a slip (a total
# given for a mean) is refused at once rather than filling the memory.
_MOST: Final = 1000


@attrs.frozen
class _Shape:
    """The checked parameters of one synthetic registry."""

    districts: int
    streets_per_district: int
    communities_per_street: int
    districts_per_city: int
    cities_per_province: int
    agencies_per_street: int
    workers_per_street: Fraction
    volunteers_per_community: Fraction
    needs_per_community: Fraction
    projects_per_street: Fraction
    funds_per_street: Fraction
    donations_per_fund: Fraction
    grants_per_fund: Fraction


def _rate(name: str, value: object) -> Fraction:
    """Check a mean count per unit (an int, or a finite float or Decimal) and return it exactly."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | Fraction):
        msg = Message(
            "expected a number (int, float or Decimal), got {type} {value}",
            "应为数（int、float 或 Decimal），实为 {type} {value}",
            type=type(value).__name__,
            value=repr(value),
        )
        raise InvalidTypeError(msg, path=name)
    if (isinstance(value, float) and not math.isfinite(value)) or (
        isinstance(value, Decimal) and not value.is_finite()
    ):
        msg = Message(
            "expected a finite number, got {value}", "应为有限的数，实为 {value}", value=repr(value)
        )
        raise InvalidValueError(msg, path=name)
    # A float is read as it prints, so that 0.1 means one in ten exactly.
    rate = Fraction(repr(value)) if isinstance(value, float) else Fraction(value)
    if rate < 0 or rate > _MOST:
        msg = Message(
            "expected a number from 0 to {most}, got {value}",
            "应为 0 到 {most} 之间的数，实为 {value}",
            most=_MOST,
            value=repr(value),
        )
        raise InvalidValueError(msg, path=name)
    return rate


def _generate(shape: _Shape, seed: int, *, checked: bool = False) -> dict[str, list[Any]]:
    """Draw every entity of the registry, listed by kind in the order they are made.

    One walk over the division tree draws the divisions, organizations and stations
    and, at each community and street, calls the drawers of what hangs there, in
    this order: at a community its volunteers, then its needs; at a street its
    social workers, then its projects, then its funds with their donations and
    grants. All draw from one random stream, so that order is the registry's.

    Every value drawn is valid by construction, so by default the entities are
    made without their validators (see :func:`_constructor`); with *checked* they go
    through their own ``__init__``, and the tests show that both give the same registry.
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible draws, not secrets
    rnd = rng.random
    lists: dict[str, list[Any]] = {kind: [] for kind in KINDS}
    volunteers = volunteer_drawer(shape.volunteers_per_community, rnd, lists["volunteers"], checked=checked)
    needs = need_drawer(shape.needs_per_community, rnd, lists["needs"], checked=checked)
    workers = worker_drawer(shape.workers_per_street, rnd, lists["social_workers"], checked=checked)
    projects = project_drawer(shape.projects_per_street, rnd, lists["projects"], checked=checked)
    funds = fund_drawer(
        shape.funds_per_street, shape.donations_per_fund, shape.grants_per_fund, rnd, lists, checked=checked
    )

    def street_drawn(street: Street) -> None:
        # A project serves minors only where a practitioner is posted (rule SW-P003), and a
        # fund serves a community that a project of its street serves.
        funds(street, projects(street, workers(street)))

    walk(
        rnd,
        lists,
        districts=shape.districts,
        streets_per_district=shape.streets_per_district,
        communities_per_street=shape.communities_per_street,
        districts_per_city=shape.districts_per_city,
        cities_per_province=shape.cities_per_province,
        agencies_per_street=shape.agencies_per_street,
        checked=checked,
        volunteers=volunteers,
        needs=needs,
        per_street=street_drawn,
    )
    return lists


def synthetic(
    *,
    districts: int = 1,
    streets_per_district: int = 3,
    communities_per_street: int = 4,
    seed: int = 0,
    districts_per_city: int = 10,
    cities_per_province: int = 10,
    agencies_per_street: int = 1,
    workers_per_street: float | Decimal = 3,
    volunteers_per_community: float | Decimal = 0.5,
    needs_per_community: float | Decimal = 0.25,
    projects_per_street: float | Decimal = 1,
    funds_per_street: float | Decimal = 1,
    donations_per_fund: float | Decimal = 3,
    grants_per_fund: float | Decimal = 1,
    faults: Iterable[str] | Mapping[str, int] = (),
    fault_seed: int = 0,
) -> Registry:
    """Return a seeded, valid synthetic registry, from a handful of entities up to national scale.

    The registry is shaped like the real system. Districts (six-digit GB/T 2260-like
    codes) sit under cities and provinces, *districts_per_city* to a city and
    *cities_per_province* cities to a province; each district has
    *streets_per_district* streets (nine-digit codes extending the district's) of
    *communities_per_street* communities (twelve-digit codes), each division linked
    to its parent by ``parent_code``. The three-level station network covers them all:
    a district hub per district, a street station per street (parent: the hub) and
    a community room per community (parent: its street station), each serving its
    division.

    Each district has a charity federation (慈善总会), which manages its community funds,
    and a civil-affairs bureau that co-builds the hub with it; each street has
    *agencies_per_street* social-work agencies, the first of which operates the street
    station, its rooms and (for the first street) the hub. Every organization has a
    unified social credit code with valid check characters. Social workers are employed
    by the agencies and posted to the street's station (the first two, the staffing rule's
    minimum) and then to its rooms in turn; their talent tracks
    take turns across the registry (practitioner, manager, supervisor), so with a
    multiple of three workers a street (three by default) every street has every track,
    and supervisors hold the senior qualification. Volunteers and needs belong to
    communities; projects are run by a street's agencies from its station and rooms and
    serve communities of that street, and serve minors only where a practitioner is
    posted to one of their stations. Funds serve a community that a project of their
    street serves; donations come after the fund was set up, grants after the last
    donation, to such a project, and together pay out at most half of what was raised,
    so no fund is ever overdrawn (under the Binzhou 10:1 rule or any other).

    The ``*_per_*`` figures are means and may be fractions: with
    ``needs_per_community=0.25`` one community in four has a need. The counts are
    exact: the first ``n`` units (communities, streets or funds, in code order) get
    ``floor(n * rate)`` items in all. A fund gets grants only if its street has a
    project and it has donations. Names are synthetic (``"第12区"``, ``"第3街道"``)
    and no personal data is real.

    The same arguments give the same registry, byte for byte in
    :func:`socialwork.io.dumps`, whatever the hash seed. ``synthetic(**NATIONAL)``
    (3,000 districts of 13 streets of 15 communities) holds about two million entities.

    Args:
        districts: How many districts (at least 1).
        streets_per_district: Streets in each district (1 to 999).
        communities_per_street: Communities in each street (1 to 999).
        seed: The seed of the random draws, from 0 to 2**63 - 1.
        districts_per_city: Districts in each city (1 to 99).
        cities_per_province: Cities in each province (1 to 99); at most 31 provinces.
        agencies_per_street: Social-work agencies in each street (1 to 99).
        workers_per_street: Mean social workers per street.
        volunteers_per_community: Mean volunteers per community.
        needs_per_community: Mean needs per community.
        projects_per_street: Mean projects per street.
        funds_per_street: Mean community funds per street.
        donations_per_fund: Mean donations per fund.
        grants_per_fund: Mean grants per fund (at most 100).
        faults: Faults to plant, for testing validators: names of :data:`FAULTS`, or a
            mapping of name to how many (each on its own subject). None by default.
            :func:`synthetic_with_faults` also says where they were planted.
        fault_seed: The seed of the draws that place the faults, from 0 to 2**63 - 1.

    Returns:
        The registry, built (and checked) with :meth:`socialwork.Registry.from_kinds`.
        Its entities are made without running their validators again, since every
        value is valid by construction; the tests show that making them through
        their validating ``__init__`` gives the same registry.

    Raises:
        InvalidTypeError: an argument has the wrong type, e.g. a float for *districts*.
        InvalidValueError: an argument is out of range, e.g. negative, or more
            districts than 31 provinces of *cities_per_province* cities hold; a fault
            is unknown, or the registry has nowhere to plant it (``faults.<name>``).

    Examples:
        >>> reg = sw.datasets.synthetic(districts=2, streets_per_district=3, communities_per_street=4)
        >>> reg.counts()["stations"], reg.counts()["divisions"]
        (32, 34)
        >>> hub = reg.stations["h110101"]
        >>> hub.name, [s.id for s in reg.children(hub.id)]
        ('第1区社工总站', ['s110101001', 's110101002', 's110101003'])
        >>> reg.divisions["110101002003"].parent_code
        '110101002'
        >>> again = sw.datasets.synthetic(districts=2, streets_per_district=3, communities_per_street=4)
        >>> sw.dumps(again) == sw.dumps(reg)
        True
        >>> sw.datasets.synthetic(districts=-1)
        Traceback (most recent call last):
        ...
        socialwork.errors.InvalidValueError: districts: expected a whole number at least 1, got -1
        >>> broken = sw.datasets.synthetic(faults=["uncovered_street"])
        >>> [(v.code, v.subject) for v in sw.validate(broken)]
        [('SW-C001', '110101004')]

    .. versionadded:: 0.2
    .. versionchanged:: 0.2
       *faults* and *fault_seed* plant known faults; the first two social workers of a
       street are posted to its station, and projects serve minors only where a
       practitioner is posted, so that a registry without faults breaks no built-in rule
       of ERROR severity (and, with the default rates, no built-in rule at all).
    """
    registry, _ = _synthesize(
        districts=districts,
        streets_per_district=streets_per_district,
        communities_per_street=communities_per_street,
        seed=seed,
        districts_per_city=districts_per_city,
        cities_per_province=cities_per_province,
        agencies_per_street=agencies_per_street,
        workers_per_street=workers_per_street,
        volunteers_per_community=volunteers_per_community,
        needs_per_community=needs_per_community,
        projects_per_street=projects_per_street,
        funds_per_street=funds_per_street,
        donations_per_fund=donations_per_fund,
        grants_per_fund=grants_per_fund,
        faults=faults,
        fault_seed=fault_seed,
        checked=False,
    )
    return registry


def synthetic_with_faults(
    faults: Iterable[str] | Mapping[str, int], /, *, fault_seed: int = 0, **shape: Any
) -> tuple[Registry, tuple[Fault, ...]]:
    """Return a synthetic registry with *faults* planted, and where each was planted.

    Each fault breaks exactly one built-in rule, on exactly one subject, under the
    default parameters, and leaves every reference resolvable (the registry builds):
    validating a registry with one fault planted finds the fault's code on its
    subject and no other ERROR. Faults are planted in the order of :data:`FAULTS`,
    each on an entity no earlier fault touched, so several may be planted at once.
    The draws are seeded by *fault_seed*: the same arguments give the same registry
    and faults.

    Args:
        faults: Names of :data:`FAULTS`, or a mapping of name to how many to plant.
        fault_seed: The seed of the draws that place the faults, from 0 to 2**63 - 1.
        **shape: Any keyword argument of :func:`synthetic` but *faults* and *fault_seed*.

    Returns:
        The registry, and the planted :class:`Fault` values in the order planted.

    Raises:
        InvalidTypeError: an argument has the wrong type, e.g. *faults* is a string.
        InvalidValueError: an argument is out of range, a fault is unknown, or the
            registry has nowhere to plant it (a cross-district project needs two districts).

    Examples:
        >>> reg, planted = sw.datasets.synthetic_with_faults(
        ...     ["uncovered_community", "over_matched_fund"], districts=2
        ... )
        >>> [(f.kind, f.code, f.subject) for f in planted]
        [('uncovered_community', 'SW-C002', '110102003005'), ('over_matched_fund', 'SW-F004', 'd19')]
        >>> sorted((v.code, v.subject) for v in sw.validate(reg))
        [('SW-C002', '110102003005'), ('SW-F004', 'd19')]

    .. versionadded:: 0.2
    """
    for name in ("faults", "fault_seed"):
        if name in shape:
            msg = Message("{name} is given as its own argument", "{name} 已作为单独的参数给出", name=name)
            raise InvalidTypeError(msg, path=name)
    try:
        bound = inspect.signature(synthetic).bind(faults=faults, fault_seed=fault_seed, **shape)
    except TypeError as error:
        msg = Message("unexpected argument: {error}", "意外的参数：{error}", error=str(error))
        raise InvalidTypeError(msg, path="shape") from None
    bound.apply_defaults()
    return _synthesize(**bound.arguments, checked=False)


def _synthesize(
    *,
    districts: int,
    streets_per_district: int,
    communities_per_street: int,
    seed: int,
    districts_per_city: int,
    cities_per_province: int,
    agencies_per_street: int,
    workers_per_street: object,
    volunteers_per_community: object,
    needs_per_community: object,
    projects_per_street: object,
    funds_per_street: object,
    donations_per_fund: object,
    grants_per_fund: object,
    faults: object = (),
    fault_seed: int = 0,
    checked: bool,
) -> tuple[Registry, tuple[Fault, ...]]:
    """Check the arguments of :func:`synthetic`, then generate; *checked* as in :func:`_generate`."""
    check_int = int_between
    check_int(1)(None, "districts", districts)
    check_int(1, 999)(None, "streets_per_district", streets_per_district)
    check_int(1, 999)(None, "communities_per_street", communities_per_street)
    check_int(0)(None, "seed", seed)
    check_int(0, 2**63 - 1)(None, "fault_seed", fault_seed)
    counts = read_faults(faults)
    check_int(1, 99)(None, "districts_per_city", districts_per_city)
    check_int(1, 99)(None, "cities_per_province", cities_per_province)
    check_int(1, 99)(None, "agencies_per_street", agencies_per_street)
    most = len(PROVINCES) * cities_per_province * districts_per_city
    if districts > most:
        msg = Message(
            "expected at most {most} districts "
            "({provinces} provinces of {cities} cities of {per_city} districts), got {districts}",
            "应为至多 {most} 个区（{provinces} 个省，每省 {cities} 个市，"
            "每市 {per_city} 个区），实为 {districts}",
            most=most,
            provinces=len(PROVINCES),
            cities=cities_per_province,
            per_city=districts_per_city,
            districts=districts,
        )
        raise InvalidValueError(msg, path="districts")
    grants = _rate("grants_per_fund", grants_per_fund)
    if grants > 100:
        msg = Message(
            "expected a number from 0 to 100, got {value}",
            "应为 0 到 100 之间的数，实为 {value}",
            value=repr(grants_per_fund),
        )
        raise InvalidValueError(msg, path="grants_per_fund")
    shape = _Shape(
        districts=districts,
        streets_per_district=streets_per_district,
        communities_per_street=communities_per_street,
        districts_per_city=districts_per_city,
        cities_per_province=cities_per_province,
        agencies_per_street=agencies_per_street,
        workers_per_street=_rate("workers_per_street", workers_per_street),
        volunteers_per_community=_rate("volunteers_per_community", volunteers_per_community),
        needs_per_community=_rate("needs_per_community", needs_per_community),
        projects_per_street=_rate("projects_per_street", projects_per_street),
        funds_per_street=_rate("funds_per_street", funds_per_street),
        donations_per_fund=_rate("donations_per_fund", donations_per_fund),
        grants_per_fund=grants,
    )
    with gc_paused():
        lists = _generate(shape, seed, checked=checked)
        planted = plant(lists, counts, fault_seed) if counts else ()
        return Registry.from_kinds(lists), planted


def synthetic_checked(**kwargs: Any) -> Registry:
    """Return ``synthetic(**kwargs)`` made on the careful path, every entity through its ``__init__``.

    For the tests and the benchmark, which compare the two paths.
    """
    bound = inspect.signature(synthetic).bind(**kwargs)
    bound.apply_defaults()
    registry, _ = _synthesize(**bound.arguments, checked=True)
    return registry
