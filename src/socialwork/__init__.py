"""socialwork: China's community social-work system as a typed graph.

``import socialwork as sw`` gives the model, the Registry, loading and dumping;
the analyses live in their modules (``sw.funds``, ``sw.matching``, ...), which are
imported on first use so that ``import socialwork`` stays quick; reports for people
to read are in ``sw.reporting``.

Examples:
    >>> import socialwork as sw
    >>> registry = sw.datasets.example()
    >>> registry.stations["wh-hub"].level.zh, len(registry)
    ('区社工总站', 35)
    >>> print(sw.reporting.summary_text(registry, lang="zh").splitlines()[0])
    登记汇总
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from socialwork import datasets, io, privacy, reporting
from socialwork._version import __version__
from socialwork.errors import (
    FieldError,
    InvalidRegistryError,
    InvalidTypeError,
    InvalidValueError,
    LoadError,
    MissingDependencyError,
    Problem,
    ProblemsError,
    SocialWorkError,
    UnknownIdError,
)
from socialwork.io import dump, dumps, load, loads
from socialwork.model import (
    AgeBand,
    Case,
    Certification,
    Consent,
    ConsentGiver,
    Division,
    DivisionLevel,
    Donation,
    Entity,
    Fund,
    Grant,
    Need,
    Organization,
    OrgKind,
    Project,
    Referral,
    ReferralAction,
    ReferralEvent,
    ReferralState,
    Registry,
    ServiceKind,
    Severity,
    SocialWorker,
    Society,
    Station,
    StationLevel,
    StationSetting,
    TalentTrack,
    TargetGroup,
    Volunteer,
)

__all__ = [
    "AgeBand",
    "Case",
    "Certification",
    "Consent",
    "ConsentGiver",
    "Division",
    "DivisionLevel",
    "Donation",
    "Entity",
    "FieldError",
    "Fund",
    "Grant",
    "InvalidRegistryError",
    "InvalidTypeError",
    "InvalidValueError",
    "LoadError",
    "MissingDependencyError",
    "Need",
    "OrgKind",
    "Organization",
    "Problem",
    "ProblemsError",
    "Project",
    "Referral",
    "ReferralAction",
    "ReferralEvent",
    "ReferralState",
    "Registry",
    "ServiceKind",
    "Severity",
    "SocialWorkError",
    "SocialWorker",
    "Society",
    "Station",
    "StationLevel",
    "StationSetting",
    "TalentTrack",
    "TargetGroup",
    "UnknownIdError",
    "Volunteer",
    "__version__",
    "datasets",
    "dump",
    "dumps",
    "funds",
    "graph",
    "hierarchy",
    "history",
    "io",
    "linkage",
    "load",
    "loads",
    "matching",
    "plots",
    "privacy",
    "referrals",
    "reporting",
    "rules",
    "scoring",
    "targets",
    "validate",
]

_ANALYSES = frozenset(
    {
        "funds",
        "graph",
        "hierarchy",
        "history",
        "linkage",
        "matching",
        "plots",
        "referrals",
        "rules",
        "scoring",
        "targets",
    }
)

if TYPE_CHECKING:
    from socialwork import (
        funds,
        graph,
        hierarchy,
        history,
        linkage,
        matching,
        plots,
        referrals,
        rules,
        scoring,
        targets,
    )
    from socialwork.rules import validate


def __getattr__(name: str) -> Any:
    if name in _ANALYSES:
        return importlib.import_module(f"socialwork.{name}")
    if name == "validate":  # the rules import every analysis: load them on first use
        return importlib.import_module("socialwork.rules").validate
    msg = f"module 'socialwork' has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted(set(globals()) | _ANALYSES | {"validate"})
