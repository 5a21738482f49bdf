"""socialwork: China's community social-work system as a typed graph.

``import socialwork as sw`` gives the model, the Registry, loading and dumping;
the analyses live in their modules (``sw.funds``, ``sw.matching``, ...).
"""

from socialwork import datasets, io
from socialwork._version import __version__
from socialwork.errors import (
    InvalidRegistryError,
    InvalidTypeError,
    InvalidValueError,
    LoadError,
    Problem,
    ProblemsError,
    SocialWorkError,
    UnknownIdError,
)
from socialwork.io import dump, dumps, load, loads
from socialwork.model import (
    Certification,
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
    "Certification",
    "Division",
    "DivisionLevel",
    "Donation",
    "Entity",
    "Fund",
    "Grant",
    "InvalidRegistryError",
    "InvalidTypeError",
    "InvalidValueError",
    "LoadError",
    "Need",
    "OrgKind",
    "Organization",
    "Problem",
    "ProblemsError",
    "Project",
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
    "io",
    "load",
    "loads",
]
