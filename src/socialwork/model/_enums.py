"""Enumerations of the domain, each member with a Chinese and an English label."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any, Self

from socialwork.errors import InvalidTypeError, InvalidValueError, Language, Message
from socialwork.model._messages import LANGUAGES, expected, typed

__all__ = [
    "AgeBand",
    "Certification",
    "ConsentGiver",
    "DivisionLevel",
    "Labelled",
    "LabelledEnum",
    "LabelledIntEnum",
    "Language",
    "OrgKind",
    "ReferralAction",
    "ReferralState",
    "ServiceKind",
    "Severity",
    "Society",
    "StationLevel",
    "StationSetting",
    "TalentTrack",
    "TargetGroup",
    "set_labels",
]


class Labelled:
    """The labels of an enumeration member: mixed into :class:`LabelledEnum` and :class:`LabelledIntEnum`.

    The value of a member is what data formats store; ``zh`` and ``en`` are the
    labels for people. Each member is written with its value and both labels in one
    place, ``STREET = "street", "街道社工站", "street station"``; an enumeration whose
    members give only their values gets its labels from :func:`set_labels`.

    .. versionadded:: 0.2

    .. versionchanged:: 0.2
       The labels are kept on each member, given with its value.
    """

    zh: str
    """The Chinese label, in the policy documents' own words."""
    en: str
    """The English label."""

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

    @classmethod
    def _missing_(cls, value: object) -> None:
        # Enum calls this for a value no member has: say which values there are, bilingually.
        members = ", ".join(repr(member.value) for member in cls)  # type: ignore[attr-defined]
        what = Message("one of {members}", "{members} 之一", members=members)
        raise InvalidValueError(expected(what, typed(value)), path=cls.__name__)

    def __getattr__(self, name: str) -> str:
        # Only reached when the member has no such attribute: labels never given.
        if name in ("zh", "en"):
            msg = Message(
                "{member} has no labels: give them with its value, or with set_labels()",
                "{member} 没有标签：请在其值后给出，或用 set_labels() 给出",
                member=f"{type(self).__name__}.{getattr(self, '_name_', '?')}",
            )
            raise InvalidValueError(msg, path=name)
        raise AttributeError(name)


def _label(member: Labelled, zh: str | None, en: str | None) -> None:
    # Give *member* the labels written with its value, checked as set_labels checks them.
    if zh is None and en is None:
        return
    if not (isinstance(zh, str) and isinstance(en, str) and zh and en):
        what = Message("a Chinese and an English label", "一个中文标签和一个英文标签")
        raise InvalidTypeError(expected(what, repr((zh, en))), path="labels")
    member.zh = zh
    member.en = en


class _LabelledType(enum.EnumType):
    """The type of the labelled enumerations: a value that cannot even be compared is no member either."""

    def __call__(cls, value: object, *args: Any, **kwargs: Any) -> Any:
        if args or kwargs or not cls._member_map_:  # the functional API, or a base without members
            return super().__call__(value, *args, **kwargs)
        try:
            return super().__call__(value)
        except ArithmeticError:  # Decimal('sNaN') == member raises InvalidOperation while enum searches
            return cls._missing_(value)  # type: ignore[attr-defined]


class LabelledEnum(Labelled, enum.Enum, metaclass=_LabelledType):
    """An enumeration whose members carry a Chinese and an English label.

    The value of a member is a short lower-case English code, used in the JSON
    format; ``zh`` and ``en`` are the labels for people, written after it.

    Examples:
        >>> from socialwork.model import LabelledEnum
        >>> class Mood(LabelledEnum):
        ...     GOOD = "good", "好", "good"
        ...     BAD = "bad", "坏", "bad"
        >>> Mood("bad"), Mood.BAD.value, Mood.BAD.zh
        (<Mood.BAD: 'bad'>, 'bad', '坏')

    .. versionchanged:: 0.2
       A member is written with its labels, ``BAD = "bad", "坏", "bad"``.
    """

    _value_: str

    def __new__(cls, value: str, zh: str | None = None, en: str | None = None) -> Self:
        member = object.__new__(cls)
        member._value_ = value
        _label(member, zh, en)
        return member


class LabelledIntEnum(Labelled, enum.IntEnum, metaclass=_LabelledType):
    """A :class:`LabelledEnum` whose members are also integers, such as scoring's ``Direction``.

    Examples:
        >>> from socialwork.model import LabelledIntEnum
        >>> class Sign(LabelledIntEnum):
        ...     PLUS = 1, "正", "plus"
        ...     MINUS = -1, "负", "minus"
        >>> Sign.MINUS * 3, Sign(-1).zh
        (-3, '负')

    .. versionadded:: 0.2
    """

    _value_: int

    def __new__(cls, value: int, zh: str | None = None, en: str | None = None) -> Self:
        member = int.__new__(cls, value)
        member._value_ = value
        _label(member, zh, en)
        return member


def set_labels(cls: type[enum.Enum], table: Mapping[str, tuple[str, str]], /) -> None:
    """Give every member of *cls* its Chinese and English labels, ``{name: (zh, en)}``.

    For an enumeration whose members were written with their values only; the
    enumerations of ``socialwork`` write each member's labels after its value
    instead. Labels given here replace those.

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
        zh, en = table[member.name]
        _label(member, zh, en)


class StationLevel(LabelledEnum):
    """The three levels of social work stations (三级联动).

    Examples:
        >>> from socialwork.model import StationLevel
        >>> StationLevel("street").zh
        '街道社工站'
    """

    DISTRICT = "district", "区社工总站", "district hub"
    STREET = "street", "街道社工站", "street station"
    COMMUNITY = "community", "社区社工室", "community room"


class DivisionLevel(LabelledEnum):
    """The levels of administrative divisions (行政区划).

    Examples:
        >>> from socialwork.model import DivisionLevel
        >>> DivisionLevel.COMMUNITY.en
        'community'
    """

    PROVINCE = "province", "省级", "province"
    CITY = "city", "地级市", "city"
    DISTRICT = "district", "区县", "district"
    STREET = "street", "街道乡镇", "street"
    COMMUNITY = "community", "社区村", "community"


class StationSetting(LabelledEnum):
    """Where a station is set up: in a community (the default) or elsewhere.

    Examples:
        >>> from socialwork.model import StationSetting
        >>> StationSetting.SCHOOL.zh
        '学校'
    """

    COMMUNITY = "community", "社区", "community"
    SCHOOL = "school", "学校", "school"
    HOSPITAL = "hospital", "医院", "hospital"
    OTHER = "other", "其他", "other"


class Society(LabelledEnum):
    """The five societies of the five-society linkage (五社联动).

    Examples:
        >>> from socialwork.model import Society
        >>> [s.zh for s in Society]
        ['社区', '社会组织', '社会工作者', '社区志愿者', '社会慈善资源']
    """

    COMMUNITY = "community", "社区", "community"
    SOCIAL_ORGANIZATION = "social_organization", "社会组织", "social organization"
    SOCIAL_WORKER = "social_worker", "社会工作者", "social worker"
    VOLUNTEER = "volunteer", "社区志愿者", "community volunteer"
    CHARITY_RESOURCE = "charity_resource", "社会慈善资源", "social charity resource"


class OrgKind(LabelledEnum):
    """What kind of body an organization is.

    Examples:
        >>> from socialwork.model import OrgKind
        >>> OrgKind.CHARITY_FEDERATION.zh
        '慈善总会'
    """

    SOCIAL_WORK_AGENCY = "social_work_agency", "社会工作服务机构", "social-work agency"
    SOCIAL_ORGANIZATION = "social_organization", "其他社会组织", "other social organization"
    CHARITY_FEDERATION = "charity_federation", "慈善总会", "charity federation"
    FOUNDATION = "foundation", "基金会", "foundation"
    UNIVERSITY = "university", "高等院校", "university"
    SCHOOL = "school", "学校", "school"
    GOVERNMENT = "government", "政府部门", "government department"
    PROCURATORATE = "procuratorate", "人民检察院", "procuratorate"
    ENTERPRISE = "enterprise", "企业", "enterprise"
    OTHER = "other", "其他", "other"


class TalentTrack(LabelledEnum):
    """The three talent tracks of social workers (实务 / 管理 / 督导).

    Examples:
        >>> from socialwork.model import TalentTrack
        >>> TalentTrack.SUPERVISOR.zh
        '督导'
    """

    PRACTITIONER = "practitioner", "实务", "practitioner"
    MANAGER = "manager", "管理", "manager"
    SUPERVISOR = "supervisor", "督导", "supervisor"


class Certification(LabelledEnum):
    """The national social-work qualification levels.

    Examples:
        >>> from socialwork.model import Certification
        >>> Certification.INTERMEDIATE.zh
        '社会工作师'
    """

    ASSISTANT = "assistant", "助理社会工作师", "assistant social worker"
    INTERMEDIATE = "intermediate", "社会工作师", "social worker (intermediate)"
    SENIOR = "senior", "高级社会工作师", "senior social worker"


class ServiceKind(LabelledEnum):
    """Kinds of service that projects offer, needs ask for and workers can give.

    Examples:
        >>> from socialwork.model import ServiceKind
        >>> ServiceKind.HOME_VISIT.zh
        '家庭探访'
    """

    HOME_VISIT = "home_visit", "家庭探访", "home visit"
    COUNSELLING = "counselling", "心理咨询", "counselling"
    SOCIAL_INTEGRATION = "social_integration", "社会融入", "social integration"
    CASE_MANAGEMENT = "case_management", "个案管理", "case management"
    GROUP_WORK = "group_work", "小组工作", "group work"
    COMMUNITY_ACTIVITY = "community_activity", "社区活动", "community activity"
    ELDERLY_CARE = "elderly_care", "养老服务", "elderly care"
    CHILD_PROTECTION = "child_protection", "未成年人保护", "child protection"
    JUDICIAL = "judicial", "司法社工", "judicial social work"
    SCHOOL_SOCIAL_WORK = "school_social_work", "学校社会工作", "school social work"
    REHABILITATION = "rehabilitation", "康复服务", "rehabilitation"
    SOCIAL_ASSISTANCE = "social_assistance", "社会救助", "social assistance"
    VOLUNTEER_SERVICE = "volunteer_service", "志愿服务", "volunteer service"
    TRAINING = "training", "培训督导", "training and supervision"


class TargetGroup(LabelledEnum):
    """The people a project serves or a need concerns.

    Examples:
        >>> from socialwork.model import TargetGroup
        >>> TargetGroup.MINORS.zh
        '未成年人'
    """

    MINORS = "minors", "未成年人", "minors"
    STUDENTS = "students", "学生", "students"
    YOUTH = "youth", "青少年", "youth"
    ELDERLY = "elderly", "老年人", "elderly"
    DISABLED = "disabled", "残疾人", "people with disabilities"
    FAMILIES = "families", "家庭", "families"
    WOMEN = "women", "妇女", "women"
    LOW_INCOME = "low_income", "困难群众", "people in hardship"
    MIGRANTS = "migrants", "流动人口", "migrants"
    RESIDENTS = "residents", "社区居民", "residents"


class Severity(LabelledEnum):
    """How serious a rule violation is.

    Examples:
        >>> from socialwork.model import Severity
        >>> Severity.ERROR.zh
        '错误'
    """

    INFO = "info", "提示", "info"
    WARNING = "warning", "警告", "warning"
    ERROR = "error", "错误", "error"


class AgeBand(LabelledEnum):
    """The age band of a case's subject, as the law draws the lines (PIPL Art. 28 and 31).

    Examples:
        >>> from socialwork.model import AgeBand
        >>> AgeBand.UNDER_14.zh
        '不满十四周岁'

    .. versionadded:: 0.2
    """

    UNDER_14 = "under_14", "不满十四周岁", "under 14"
    MINOR = "minor", "十四周岁以上未成年人", "14 to 17"
    ADULT = "adult", "成年人", "adult"


class ConsentGiver(LabelledEnum):
    """Who gave a consent: the subject of the case, or the subject's guardian (监护人).

    Examples:
        >>> from socialwork.model import ConsentGiver
        >>> ConsentGiver.GUARDIAN.zh
        '监护人'

    .. versionadded:: 0.2
    """

    SUBJECT = "subject", "本人", "the subject"
    GUARDIAN = "guardian", "监护人", "a guardian"


class ReferralState(LabelledEnum):
    """The states of a referral (转介) in its life-cycle; see :mod:`socialwork.referrals`.

    Examples:
        >>> from socialwork.model import ReferralState
        >>> [s.zh for s in ReferralState][:6]
        ['提出', '已同意', '已发送', '已接收', '服务中', '已结案']

    .. versionadded:: 0.2
    """

    PROPOSED = "proposed", "提出", "proposed"
    CONSENTED = "consented", "已同意", "consented"
    SENT = "sent", "已发送", "sent"
    RECEIVED = "received", "已接收", "received"
    IN_SERVICE = "in_service", "服务中", "in service"
    CLOSED = "closed", "已结案", "closed"
    DECLINED = "declined", "已拒绝", "declined"
    WITHDRAWN = "withdrawn", "已撤回", "withdrawn"
    RETURNED = "returned", "已退回", "returned"


class ReferralAction(LabelledEnum):
    """What happens to a referral: each an event of its audit log; see :mod:`socialwork.referrals`.

    ``REPORT`` is a mandatory report (强制报告, Law on the Protection of Minors
    Art. 11): it goes to the authority without consent.

    Examples:
        >>> from socialwork.model import ReferralAction
        >>> ReferralAction.REPORT.zh
        '强制报告'

    .. versionadded:: 0.2
    """

    CONSENT = "consent", "确认同意", "record consent"
    SEND = "send", "发送", "send"
    REPORT = "report", "强制报告", "mandatory report"
    RECEIVE = "receive", "接收", "receive"
    START = "start", "开始服务", "start service"
    CLOSE = "close", "结案", "close"
    DECLINE = "decline", "拒绝", "decline"
    WITHDRAW = "withdraw", "撤回", "withdraw"
    RETURN = "return", "退回", "return"
