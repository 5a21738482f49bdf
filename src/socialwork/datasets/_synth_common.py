"""What every part of the synthetic generator shares: tables, fast constructors, shares, streets.

The generator draws from one random stream, in one walk over the division tree
(:mod:`socialwork.datasets._synth_tree`); at each community and each street it calls
the drawers of what hangs there (:mod:`~socialwork.datasets._synth_people`,
:mod:`~socialwork.datasets._synth_work`, :mod:`~socialwork.datasets._synth_funds`).
This module holds what more than one of them needs: the tables values are picked
from, :func:`constructor`, :func:`share`, and the :class:`Street` a street's drawers
are handed. It generates nothing itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from fractions import Fraction
from typing import Any, Final, NamedTuple

import attrs

from socialwork.model import ServiceKind

__all__ = [
    "DATES",
    "SERVICES",
    "SKILL_SETS",
    "CommunityDrawer",
    "Draw",
    "Street",
    "constructor",
    "share",
]

Draw = Callable[[], float]
"""The random stream: ``random.Random(seed).random``, shared by every drawer."""


SERVICES: Final = tuple(ServiceKind)
# Drawn sets are picked from tables like this one (one random draw each, and shared frozensets).
SKILL_SETS: Final = tuple(
    frozenset((a, b)) if a is not b else frozenset((a,)) for a in SERVICES for b in SERVICES
)
_EPOCH: Final = dt.date(2019, 1, 1).toordinal()
DATES: Final = tuple(dt.date.fromordinal(_EPOCH + day) for day in range(6 * 366))
"""Every date a synthetic registry uses, from 1 January 2019, picked by day number."""


class CommunityDrawer(NamedTuple):
    """How to draw one kind of what communities get: its mean count, and the drawing itself.

    The walk over the tree meets the mean count by a running total: the first ``n``
    communities get ``floor(n * rate)`` items in all (as :func:`share` spreads them).
    At a community that brings the total due from ``done`` to ``due``, it calls
    ``draw(community, done, due)``, which draws the items numbered ``done + 1`` to
    ``due``, all for that community; at one that gets nothing, it makes no call.

    Examples:
        >>> from fractions import Fraction
        >>> from socialwork.datasets._synth_common import CommunityDrawer
        >>> drawn = []
        >>> one_in_two = CommunityDrawer(Fraction(1, 2), lambda c, done, due: drawn.append((c, done, due)))
        >>> one_in_two.draw("110101001002", 0, 1)
        >>> drawn
        [('110101001002', 0, 1)]
    """

    rate: Fraction
    """The mean count of items a community gets."""
    draw: Callable[[str, int, int], None]
    """Draws items ``done + 1`` to ``due`` for a community: called as ``draw(community, done, due)``."""


@attrs.define
class Street:
    """One street as the walk over the tree has drawn it, handed to the drawers of a street.

    Made once per street (39,000 times at national scale) and read field by field by
    each drawer: a slotted class, whose fields are quicker to read than a named
    tuple's, and not frozen, whose ``__init__`` is quicker.

    Examples:
        >>> from socialwork.datasets._synth_common import Street
        >>> street = Street(0, "110101001", "第1街道", "第1区", "fed110101", "s110101001",
        ...                 ["a110101001"], ["110101001001"], ["r110101001001"])
        >>> street.station, street.rooms
        ('s110101001', ['r110101001001'])
    """

    number: int
    """Its running number in the registry, 0 for the first street."""
    code: str
    """Its nine-digit division code."""
    name: str
    """Its name, such as ``"第3街道"``."""
    district_name: str
    """The name of its district, such as ``"第12区"``."""
    federation: str
    """The id of its district's charity federation."""
    station: str
    """The id of its street station."""
    agencies: list[str]
    """The ids of its social-work agencies; the first operates its station and rooms."""
    communities: list[str]
    """The codes of its communities, in code order."""
    rooms: list[str]
    """The ids of its community rooms, one per community, in the same order."""


def share(rate: Fraction, unit: int, /) -> int:
    """Return how many items unit number *unit* gets when units get *rate* items on average.

    Unit ``u`` gets ``floor((u + 1) * rate) - floor(u * rate)``, so the first ``n``
    units get ``floor(n * rate)`` items in all, spread as evenly as whole numbers allow.
    Every mean count of the generator follows this rule; the drawers inline it, with
    the rate's numerator and denominator read once, since it runs at every street
    and fund (and, as a running remainder, at every community).

    Examples:
        >>> from fractions import Fraction
        >>> from socialwork.datasets._synth_common import share
        >>> [share(Fraction(1, 4), unit) for unit in range(8)]
        [0, 0, 0, 1, 0, 0, 0, 1]
        >>> [share(Fraction(3, 2), unit) for unit in range(4)]
        [1, 2, 1, 2]
    """
    p, q = rate.numerator, rate.denominator
    return ((unit + 1) * p) // q - (unit * p) // q


def constructor(cls: type, /, *, checked: bool) -> Any:
    """Return a keyword-only constructor of the attrs class *cls*.

    With *checked*, the class itself. Otherwise a function that sets the fields
    without running validators or converters, for values already valid and of the
    converted types (tuples, frozensets, Decimals to the fen): the validators cost
    most of the time of making two million entities. Defaults are read from the
    class, so a field added later with a default needs no change here; a class
    that needs more than its fields set (a factory default, a cached hash, a
    post-init step) gets its own ``__init__``.

    Examples:
        >>> from socialwork.datasets._synth_common import constructor
        >>> from socialwork.model import Division, DivisionLevel
        >>> constructor(Division, checked=True) is Division
        True
        >>> new_division = constructor(Division, checked=False)
        >>> made = new_division(code="110101", name="第1区", level=DivisionLevel.DISTRICT)
        >>> made == Division(code="110101", name="第1区", level=DivisionLevel.DISTRICT)
        True
    """
    fields = attrs.fields(cls)
    extra_slots = set(getattr(cls, "__slots__", ())) - {field.name for field in fields} - {"__weakref__"}
    if checked or extra_slots or hasattr(cls, "__attrs_post_init__"):
        return cls  # a cached hash or a post-init step: only __init__ knows how to set them
    namespace: dict[str, Any] = {"__new": object.__new__, "__cls": cls}
    parameters, body = [], []
    for field in fields:
        name = field.name
        if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            return cls  # no such field now; the checked constructor always works
        if field.default is attrs.NOTHING:
            parameters.append(name)
        else:
            namespace[f"__d_{name}"] = field.default
            parameters.append(f"{name}=__d_{name}")
        namespace[f"__s_{name}"] = cls.__dict__[name].__set__  # the slot's own setter
        body.append(f"    __s_{name}(o, {name})")
    source = "\n".join(
        [f"def make(*, {', '.join(parameters)}):", "    o = __new(__cls)", *body, "    return o"]
    )
    exec(compile(source, f"<socialwork synthetic {cls.__name__}>", "exec"), namespace)  # noqa: S102
    return namespace["make"]
