"""Registration for ``st.from_type``, eager for the model and on import for the analyses."""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

from hypothesis import strategies as st

from socialwork import model
from socialwork.testing._model import (
    cases,
    consents,
    division_codes,
    divisions,
    donations,
    funds,
    grants,
    ids,
    needs,
    organizations,
    projects,
    referral_events,
    referrals,
    social_workers,
    stations,
    volunteers,
)
from socialwork.testing._registries import registries

__all__ = ["hypothesis_setup_hook", "register_strategies"]


def _any_division_code() -> st.SearchStrategy[str]:
    return st.sampled_from(model.DivisionLevel).flatmap(division_codes)


def _register_model() -> None:
    table: list[tuple[Any, st.SearchStrategy[Any]]] = [
        (model.Division, divisions()),
        (model.Station, stations()),
        (model.Organization, organizations()),
        (model.SocialWorker, social_workers()),
        (model.Volunteer, volunteers()),
        (model.Project, projects()),
        (model.Need, needs()),
        (model.Fund, funds()),
        (model.Donation, donations()),
        (model.Grant, grants()),
        (model.Case, cases()),
        (model.Consent, consents()),
        (model.Referral, referrals()),
        (model.ReferralEvent, referral_events()),
        (model.Registry, registries()),
        (model.DivisionCode, _any_division_code()),
        (model.StationId, ids("st")),
        (model.OrgId, ids("org")),
        (model.WorkerId, ids("w")),
        (model.VolunteerId, ids("v")),
        (model.ProjectId, ids("p")),
        (model.NeedId, ids("n")),
        (model.FundId, ids("f")),
        (model.DonationId, ids("d")),
        (model.GrantId, ids("g")),
        (model.CaseId, ids("c")),
        (model.ConsentId, ids("k")),
        (model.ReferralId, ids("r")),
        (model.ReferralEventId, ids("e")),
    ]
    for cls, strategy in table:
        st.register_type_strategy(cls, strategy)


# The strategy modules are imported when st.from_type first asks, not when the type
# is registered: registration runs as an analysis finishes importing, which may be
# from within the strategy module's own imports (``socialwork.testing._funds``
# importing ``socialwork.funds``).


def _strategies(name: str) -> Any:
    return importlib.import_module(f"socialwork.testing.{name}")


def _register_funds() -> None:
    from socialwork.funds import MatchingRule

    st.register_type_strategy(MatchingRule, lambda _: _strategies("_funds").matching_rules(versions=3))


def _register_scoring() -> None:
    from socialwork.scoring import Indicator, IndicatorSystem

    st.register_type_strategy(IndicatorSystem, lambda _: _strategies("_scoring").indicator_systems())
    st.register_type_strategy(
        Indicator,
        lambda _: _strategies("_scoring").indicator_systems().map(lambda system: system.root),
    )


def _register_targets() -> None:
    from socialwork.targets import Target

    st.register_type_strategy(Target, lambda _: _strategies("_targets").targets())


# The analyses import numpy and scipy (seconds on a small machine): registering their
# types when Hypothesis starts would make every suite that has socialwork installed
# pay for them. Their types are registered when they are first imported instead.
_ON_IMPORT: dict[str, Callable[[], None]] = {
    "socialwork.funds": _register_funds,
    "socialwork.scoring": _register_scoring,
    "socialwork.targets": _register_targets,
}


def register_strategies() -> None:
    """Register a strategy for every public type, so that ``st.from_type`` finds it.

    Hypothesis does this by itself through its ``hypothesis`` entry point when it
    is first imported (then the analyses' types are registered when their modules
    are first imported, so that starting Hypothesis stays quick); calling it again
    changes nothing. It covers the entities, the :class:`~socialwork.Registry`, the
    id types of :mod:`socialwork.model`, :class:`~socialwork.funds.MatchingRule`,
    :class:`~socialwork.scoring.Indicator`,
    :class:`~socialwork.scoring.IndicatorSystem` and
    :class:`~socialwork.targets.Target`; enumerations need no registration.

    Examples:
        >>> from hypothesis import find
        >>> from hypothesis import strategies as st
        >>> from socialwork.testing import register_strategies
        >>> register_strategies()
        >>> find(st.from_type(sw.Station), lambda _: True).id.startswith("st-")
        True

    .. versionadded:: 0.2
    """
    _register_model()
    for register in _ON_IMPORT.values():
        register()


class _Loader(importlib.abc.Loader):
    """Run a module's own loader, then register its types."""

    def __init__(self, loader: importlib.abc.Loader, register: Callable[[], None]) -> None:
        self._loader = loader
        self._register = register

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self._loader.exec_module(module)
        self._register()

    def __getattr__(self, name: str) -> Any:  # resource readers and the like
        return getattr(self._loader, name)


class _RegisterOnImport(importlib.abc.MetaPathFinder):
    """Find the analyses with the other finders, and register their types once loaded."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        register = _ON_IMPORT.get(fullname)
        if register is None:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _Loader(spec.loader, register)
                return spec
        return None


def hypothesis_setup_hook() -> None:
    """Register the model's strategies now and the analyses' when they are imported."""
    _register_model()
    waiting = False
    for name, register in _ON_IMPORT.items():
        if name in sys.modules:
            register()
        else:
            waiting = True
    if waiting and not any(isinstance(finder, _RegisterOnImport) for finder in sys.meta_path):
        sys.meta_path.insert(0, _RegisterOnImport())
