"""Enumerations of the domain, each member with a Chinese and an English label."""

from __future__ import annotations

import enum
from collections.abc import Mapping

from socialwork.errors import InvalidTypeError, InvalidValueError, Language, Message
from socialwork.model._messages import LANGUAGES, expected

__all__ = [
    "Certification",
    "DivisionLevel",
    "Labelled",
    "LabelledEnum",
    "LabelledIntEnum",
    "Language",
    "OrgKind",
    "ServiceKind",
    "Severity",
    "Society",
    "StationLevel",
    "StationSetting",
    "TalentTrack",
    "TargetGroup",
    "set_labels",
]

# Keyed by class and name: members of an IntEnum compare equal to their numbers, and so
# to the members of another IntEnum with the same numbers.
_LABELS: dict[tuple[type, str], tuple[str, str]] = {}


class Labelled:
    """The labels of an enumeration member: mixed into :class:`LabelledEnum` and :class:`LabelledIntEnum`.

    The value of a member is what data formats store; ``zh`` and ``en`` are the
    labels for people, given once for the whole enumeration by :func:`set_labels`.

    .. versionadded:: 0.2
    """

    __slots__ = ()

    @property
    def zh(self) -> str:
        """The Chinese label, in the policy documents' own words."""
        return _LABELS[type(self), self.name][0]  # type: ignore[attr-defined]

    @property
    def en(self) -> str:
        """The English label."""
        return _LABELS[type(self), self.name][1]  # type: ignore[attr-defined]

    def label(self, lang: Language = "en") -> str:
        """Return the label in *lang*, ``"zh"`` or ``"en"``.

        Raises:
            InvalidValueError: *lang* is neither.

        Examples:
            >>> import socialwork as sw
            >>> sw.StationLevel.STREET.label("zh")
            '街道社工站'
        """
        given: object = lang  # callers outside the type checker may pass anything
        if given == "zh":
            return self.zh
        if given == "en":
            return self.en
        msg = expected(LANGUAGES, repr(given))
        raise InvalidValueError(msg, path="lang")


class LabelledEnum(Labelled, enum.Enum):
    """An enumeration whose members carry a Chinese and an English label.

    The value of a member is a short lower-case English code, used in the JSON
    format; ``zh`` and ``en`` are the labels for people.
    """


class LabelledIntEnum(Labelled, enum.IntEnum):
    """A :class:`LabelledEnum` whose members are also integers, such as scoring's ``Direction``.

    .. versionadded:: 0.2
    """


def set_labels(cls: type[enum.Enum], table: Mapping[str, tuple[str, str]], /) -> None:
    """Give every member of *cls* its Chinese and English labels, ``{name: (zh, en)}``.

    Call it once, right after defining a :class:`LabelledEnum` (or
    :class:`LabelledIntEnum`) of your own.

    Raises:
        InvalidValueError: a member has no labels, or a label names no member.
        InvalidTypeError: *cls* is not a labelled enumeration.

    Examples:
        >>> from socialwork.model import LabelledEnum, set_labels
        >>> class Mood(LabelledEnum):
        ...     GOOD = "good"
        >>> set_labels(Mood, {"GOOD": ("好", "good")})
        >>> Mood.GOOD.zh, Mood.GOOD.label("en")
        ('好', 'good')
    """
    if not (isinstance(cls, type) and issubclass(cls, Labelled) and issubclass(cls, enum.Enum)):
        what = Message("a LabelledEnum or LabelledIntEnum class", "LabelledEnum 或 LabelledIntEnum 类")
        msg = expected(what, repr(cls))
        raise InvalidTypeError(msg, path="cls")
    missing = {member.name for member in cls} - set(table)
    extra = set(table) - {member.name for member in cls}
    if missing or extra:
        msg = Message(
            "{cls} labels: missing {missing}, extra {extra}",
            "{cls} 的标签：缺少 {missing}，多出 {extra}",
            cls=cls.__name__,
            missing=str(sorted(missing)),
            extra=str(sorted(extra)),
        )
        raise InvalidValueError(msg, path="table")
    for member in cls:
        _LABELS[cls, member.name] = table[member.name]


class StationLevel(LabelledEnum):
    """The three levels of social work stations (三级联动).

    Examples:
        >>> from socialwork.model import StationLevel
        >>> StationLevel("street").zh
        '街道社工站'
    """

    DISTRICT = "district"
    STREET = "street"
    COMMUNITY = "community"


set_labels(
    StationLevel,
    {
        "DISTRICT": ("区社工总站", "district hub"),
        "STREET": ("街道社工站", "street station"),
        "COMMUNITY": ("社区社工室", "community room"),
    },
)


class DivisionLevel(LabelledEnum):
    """The levels of administrative divisions (行政区划).

    Examples:
        >>> from socialwork.model import DivisionLevel
        >>> DivisionLevel.COMMUNITY.en
        'community'
    """

    PROVINCE = "province"
    CITY = "city"
    DISTRICT = "district"
    STREET = "street"
    COMMUNITY = "community"


set_labels(
    DivisionLevel,
    {
        "PROVINCE": ("省级", "province"),
        "CITY": ("地级市", "city"),
        "DISTRICT": ("区县", "district"),
        "STREET": ("街道乡镇", "street"),
        "COMMUNITY": ("社区村", "community"),
    },
)


class StationSetting(LabelledEnum):
    """Where a station is set up: in a community (the default) or elsewhere.

    Examples:
        >>> from socialwork.model import StationSetting
        >>> StationSetting.SCHOOL.zh
        '学校'
    """

    COMMUNITY = "community"
    SCHOOL = "school"
    HOSPITAL = "hospital"
    OTHER = "other"


set_labels(
    StationSetting,
    {
        "COMMUNITY": ("社区", "community"),
        "SCHOOL": ("学校", "school"),
        "HOSPITAL": ("医院", "hospital"),
        "OTHER": ("其他", "other"),
    },
)


class Society(LabelledEnum):
    """The five societies of the five-society linkage (五社联动).

    Examples:
        >>> from socialwork.model import Society
        >>> [s.zh for s in Society]
        ['社区', '社会组织', '社会工作者', '社区志愿者', '社会慈善资源']
    """

    COMMUNITY = "community"
    SOCIAL_ORGANIZATION = "social_organization"
    SOCIAL_WORKER = "social_worker"
    VOLUNTEER = "volunteer"
    CHARITY_RESOURCE = "charity_resource"


set_labels(
    Society,
    {
        "COMMUNITY": ("社区", "community"),
        "SOCIAL_ORGANIZATION": ("社会组织", "social organization"),
        "SOCIAL_WORKER": ("社会工作者", "social worker"),
        "VOLUNTEER": ("社区志愿者", "community volunteer"),
        "CHARITY_RESOURCE": ("社会慈善资源", "social charity resource"),
    },
)


class OrgKind(LabelledEnum):
    """What kind of body an organization is.

    Examples:
        >>> from socialwork.model import OrgKind
        >>> OrgKind.CHARITY_FEDERATION.zh
        '慈善总会'
    """

    SOCIAL_WORK_AGENCY = "social_work_agency"
    SOCIAL_ORGANIZATION = "social_organization"
    CHARITY_FEDERATION = "charity_federation"
    FOUNDATION = "foundation"
    UNIVERSITY = "university"
    SCHOOL = "school"
    GOVERNMENT = "government"
    PROCURATORATE = "procuratorate"
    ENTERPRISE = "enterprise"
    OTHER = "other"


set_labels(
    OrgKind,
    {
        "SOCIAL_WORK_AGENCY": ("社会工作服务机构", "social-work agency"),
        "SOCIAL_ORGANIZATION": ("其他社会组织", "other social organization"),
        "CHARITY_FEDERATION": ("慈善总会", "charity federation"),
        "FOUNDATION": ("基金会", "foundation"),
        "UNIVERSITY": ("高等院校", "university"),
        "SCHOOL": ("学校", "school"),
        "GOVERNMENT": ("政府部门", "government department"),
        "PROCURATORATE": ("人民检察院", "procuratorate"),
        "ENTERPRISE": ("企业", "enterprise"),
        "OTHER": ("其他", "other"),
    },
)


class TalentTrack(LabelledEnum):
    """The three talent tracks of social workers (实务 / 管理 / 督导).

    Examples:
        >>> from socialwork.model import TalentTrack
        >>> TalentTrack.SUPERVISOR.zh
        '督导'
    """

    PRACTITIONER = "practitioner"
    MANAGER = "manager"
    SUPERVISOR = "supervisor"


set_labels(
    TalentTrack,
    {
        "PRACTITIONER": ("实务", "practitioner"),
        "MANAGER": ("管理", "manager"),
        "SUPERVISOR": ("督导", "supervisor"),
    },
)


class Certification(LabelledEnum):
    """The national social-work qualification levels.

    Examples:
        >>> from socialwork.model import Certification
        >>> Certification.INTERMEDIATE.zh
        '社会工作师'
    """

    ASSISTANT = "assistant"
    INTERMEDIATE = "intermediate"
    SENIOR = "senior"


set_labels(
    Certification,
    {
        "ASSISTANT": ("助理社会工作师", "assistant social worker"),
        "INTERMEDIATE": ("社会工作师", "social worker (intermediate)"),
        "SENIOR": ("高级社会工作师", "senior social worker"),
    },
)


class ServiceKind(LabelledEnum):
    """Kinds of service that projects offer, needs ask for and workers can give.

    Examples:
        >>> from socialwork.model import ServiceKind
        >>> ServiceKind.HOME_VISIT.zh
        '家庭探访'
    """

    HOME_VISIT = "home_visit"
    COUNSELLING = "counselling"
    SOCIAL_INTEGRATION = "social_integration"
    CASE_MANAGEMENT = "case_management"
    GROUP_WORK = "group_work"
    COMMUNITY_ACTIVITY = "community_activity"
    ELDERLY_CARE = "elderly_care"
    CHILD_PROTECTION = "child_protection"
    JUDICIAL = "judicial"
    SCHOOL_SOCIAL_WORK = "school_social_work"
    REHABILITATION = "rehabilitation"
    SOCIAL_ASSISTANCE = "social_assistance"
    VOLUNTEER_SERVICE = "volunteer_service"
    TRAINING = "training"


set_labels(
    ServiceKind,
    {
        "HOME_VISIT": ("家庭探访", "home visit"),
        "COUNSELLING": ("心理咨询", "counselling"),
        "SOCIAL_INTEGRATION": ("社会融入", "social integration"),
        "CASE_MANAGEMENT": ("个案管理", "case management"),
        "GROUP_WORK": ("小组工作", "group work"),
        "COMMUNITY_ACTIVITY": ("社区活动", "community activity"),
        "ELDERLY_CARE": ("养老服务", "elderly care"),
        "CHILD_PROTECTION": ("未成年人保护", "child protection"),
        "JUDICIAL": ("司法社工", "judicial social work"),
        "SCHOOL_SOCIAL_WORK": ("学校社会工作", "school social work"),
        "REHABILITATION": ("康复服务", "rehabilitation"),
        "SOCIAL_ASSISTANCE": ("社会救助", "social assistance"),
        "VOLUNTEER_SERVICE": ("志愿服务", "volunteer service"),
        "TRAINING": ("培训督导", "training and supervision"),
    },
)


class TargetGroup(LabelledEnum):
    """The people a project serves or a need concerns.

    Examples:
        >>> from socialwork.model import TargetGroup
        >>> TargetGroup.MINORS.zh
        '未成年人'
    """

    MINORS = "minors"
    STUDENTS = "students"
    YOUTH = "youth"
    ELDERLY = "elderly"
    DISABLED = "disabled"
    FAMILIES = "families"
    WOMEN = "women"
    LOW_INCOME = "low_income"
    MIGRANTS = "migrants"
    RESIDENTS = "residents"


set_labels(
    TargetGroup,
    {
        "MINORS": ("未成年人", "minors"),
        "STUDENTS": ("学生", "students"),
        "YOUTH": ("青少年", "youth"),
        "ELDERLY": ("老年人", "elderly"),
        "DISABLED": ("残疾人", "people with disabilities"),
        "FAMILIES": ("家庭", "families"),
        "WOMEN": ("妇女", "women"),
        "LOW_INCOME": ("困难群众", "people in hardship"),
        "MIGRANTS": ("流动人口", "migrants"),
        "RESIDENTS": ("社区居民", "residents"),
    },
)


class Severity(LabelledEnum):
    """How serious a rule violation is.

    Examples:
        >>> from socialwork.model import Severity
        >>> Severity.ERROR.zh
        '错误'
    """

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


set_labels(
    Severity,
    {
        "INFO": ("提示", "info"),
        "WARNING": ("警告", "warning"),
        "ERROR": ("错误", "error"),
    },
)
