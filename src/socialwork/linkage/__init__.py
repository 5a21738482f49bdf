"""Five-society linkage (五社联动): how each community is linked to the five societies.

The five societies are the community itself, social organizations, social workers,
community volunteers and social charity resources (:class:`~socialwork.Society`).

- :func:`profile` gives one community's links, with the entities and paths behind
  each and a completeness score from 0 to 5; :func:`profiles` gives every community's,
  in bulk, the weakest first, with aggregates per street and district.
- :func:`bridges` finds the stations and organizations whose loss would cut
  communities off from a society: the cut vertices of each district's
  :func:`linkage_graph`.

Everything here returns values and writes nothing.

.. versionadded:: 0.2
"""

from __future__ import annotations

from socialwork.linkage._bridges import Bridge, Bridges, CutOff, bridges, linkage_graph
from socialwork.linkage._profile import (
    Aggregate,
    Link,
    Profile,
    Profiles,
    checked_profiles,
    profile,
    profiles,
)

__all__ = [
    "Aggregate",
    "Bridge",
    "Bridges",
    "CutOff",
    "Link",
    "Profile",
    "Profiles",
    "bridges",
    "checked_profiles",
    "linkage_graph",
    "profile",
    "profiles",
]
