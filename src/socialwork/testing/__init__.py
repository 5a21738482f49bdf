"""Hypothesis strategies for every public type, and for whole registries.

Property-based tests of code that uses :mod:`socialwork` draw their inputs here:
ids, division and credit codes with valid check characters, money to the fen,
every entity, valid registries of a chosen size and shape (a three-level network
with its people, projects and funds), registries broken on purpose, fund rules and
donation streams, preference profiles for matching, and decision matrices and
indicator systems for scoring. Every name they hold is synthetic (``"社工0007"``).

With ``socialwork`` installed, Hypothesis finds these strategies by itself (through
its ``hypothesis`` entry point), so ``st.from_type(sw.Station)`` works with no
import of this module; importing it registers them as well. ``import socialwork``
never imports Hypothesis. Install it with ``pip install 'socialwork[testing]'``;
without Hypothesis, importing this module raises
:class:`~socialwork.MissingDependencyError` naming that extra.

Examples:
    >>> from hypothesis import given
    >>> from socialwork.testing import registries
    >>> @given(registries())
    ... def test_every_station_is_known(registry):
    ...     assert all(s.parent_id in registry.stations for s in registry.stations.values() if s.parent_id)
    >>> test_every_station_is_known()

.. versionadded:: 0.2
"""

from __future__ import annotations

from socialwork._optional import import_optional

import_optional("hypothesis", extra="testing", purpose="socialwork.testing")

import importlib  # noqa: E402
from typing import TYPE_CHECKING, Any  # noqa: E402

from socialwork.testing._hook import hypothesis_setup_hook as _setup  # noqa: E402
from socialwork.testing._hook import register_strategies  # noqa: E402
from socialwork.testing._model import (  # noqa: E402
    cases,
    consents,
    credit_codes,
    dates,
    division_codes,
    divisions,
    donations,
    funds,
    grants,
    ids,
    money,
    names,
    needs,
    organizations,
    projects,
    referral_events,
    referrals,
    social_workers,
    stations,
    volunteers,
)
from socialwork.testing._registries import BrokenRegistry, broken_registries, registries  # noqa: E402

if TYPE_CHECKING:
    from socialwork.testing._funds import donation_streams, matching_rules
    from socialwork.testing._matching import PreferenceProfile, marriage_profiles, preference_profiles
    from socialwork.testing._scoring import DecisionMatrix, decision_matrices, indicator_systems
    from socialwork.testing._targets import targets

__all__ = [
    "BrokenRegistry",
    "DecisionMatrix",
    "PreferenceProfile",
    "broken_registries",
    "cases",
    "consents",
    "credit_codes",
    "dates",
    "decision_matrices",
    "division_codes",
    "divisions",
    "donation_streams",
    "donations",
    "funds",
    "grants",
    "ids",
    "indicator_systems",
    "marriage_profiles",
    "matching_rules",
    "money",
    "names",
    "needs",
    "organizations",
    "preference_profiles",
    "projects",
    "referral_events",
    "referrals",
    "register_strategies",
    "registries",
    "social_workers",
    "stations",
    "targets",
    "volunteers",
]


# The strategies for the analyses import them (numpy, scipy): loaded on first use.
_ANALYSES = {
    "DecisionMatrix": "_scoring",
    "PreferenceProfile": "_matching",
    "decision_matrices": "_scoring",
    "donation_streams": "_funds",
    "indicator_systems": "_scoring",
    "marriage_profiles": "_matching",
    "matching_rules": "_funds",
    "preference_profiles": "_matching",
    "targets": "_targets",
}


def __getattr__(name: str) -> Any:
    if name in _ANALYSES:
        return getattr(importlib.import_module(f"socialwork.testing.{_ANALYSES[name]}"), name)
    msg = f"module 'socialwork.testing' has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_ANALYSES))


def _hypothesis_setup_hook() -> None:
    """Register the strategies: Hypothesis calls this through its ``hypothesis`` entry point."""
    _setup()


# Importing this module registers the strategies too, for environments where the
# entry point is not installed (a source checkout on sys.path); it is idempotent.
_setup()
