"""The columns of a ledger (台账): one table a kind, derived from the model's fields, with headers as data.

The fields come from the entity classes (``attrs.fields``) and the kinds table; this
module adds only what people write above the columns: a Chinese and an English
header for each field, the aliases offices use, and the names of the sheets. A
user mapping file (TOML) adds more, strictly: a key that names no kind or field
is an error.
"""

from __future__ import annotations

import datetime as dt
import enum
import tomllib
import typing
import unicodedata
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, get_args, get_origin

import attrs

from socialwork.errors import Message
from socialwork.model import KINDS, REFERENCES

__all__ = [
    "ENUM_ALIASES",
    "HEADERS",
    "NOTES",
    "SHEET_NAMES",
    "Column",
    "ColumnMap",
    "columns_of",
    "normal",
    "read_mapping",
]

# field: (Chinese header, English header, aliases...). The fields are the model's: a test checks
# that every field of every kind is here and that nothing else is.
HEADERS: Final[Mapping[str, Mapping[str, tuple[str, ...]]]] = MappingProxyType(
    {
        "divisions": {
            "code": ("区划代码", "code", "代码", "行政区划代码", "统计用区划代码", "division code"),
            "name": ("名称", "name", "区划名称", "名字"),
            "level": ("层级", "level", "级别", "区划级别"),
            "parent_code": ("上级区划", "parent code", "上级区划代码", "上级代码", "所属区划", "parent"),
        },
        "organizations": {
            "id": ("编号", "id", "机构编号", "组织编号"),
            "name": ("名称", "name", "机构名称", "组织名称", "单位名称"),
            "kind": ("类型", "kind", "机构类型", "组织类型", "type"),
            "credit_code": ("统一社会信用代码", "credit code", "信用代码", "社会信用代码"),
            "division_id": ("所在区划", "division", "所属区划", "所在地", "区划代码"),
            "public_fundraising": ("公开募捐资格", "public fundraising", "具有公开募捐资格", "公募资格"),
        },
        "stations": {
            "id": ("编号", "id", "站点编号", "社工站编号"),
            "name": ("名称", "name", "站点名称", "社工站名称"),
            "level": ("层级", "level", "站点层级", "级别"),
            "division_id": ("所属区划", "division", "所属街道", "所属社区", "服务区划", "区划代码"),
            "parent_id": ("上级站点", "parent station", "上级站", "所属总站", "parent"),
            "operator_id": ("运营机构", "operator", "运营单位", "承接机构"),
            "co_builder_ids": ("共建单位", "co-builders", "共建机构"),
            "setting": ("设置场所", "setting", "场所类型", "设立场所"),
            "area_m2": ("面积（平方米）", "area (m²)", "面积", "场地面积", "建筑面积", "area"),
            "opened": ("成立时间", "opened", "成立日期", "建站时间", "启用时间", "开放时间"),
        },
        "social_workers": {
            "id": ("编号", "id", "社工编号"),
            "name": ("姓名", "name", "名字", "社工姓名"),
            "tracks": ("人才类别", "tracks", "人才类型", "类别"),
            "certification": ("职业资格", "certification", "证书等级", "资格等级", "持证情况"),
            "employer_id": ("所在机构", "employer", "工作单位", "所属机构"),
            "station_id": ("所属站点", "station", "所在站点", "服务站点"),
            "skills": ("服务专长", "skills", "专长", "擅长服务"),
        },
        "volunteers": {
            "id": ("编号", "id", "志愿者编号"),
            "division_id": ("所在社区", "community", "服务社区", "所属社区", "区划代码"),
            "skills": ("服务专长", "skills", "专长"),
            "hours": ("服务时长（小时）", "hours", "服务时长", "累计服务时长", "时长"),
        },
        "projects": {
            "id": ("编号", "id", "项目编号"),
            "name": ("项目名称", "name", "名称"),
            "operator_id": ("执行机构", "operator", "承接机构", "运营机构", "实施机构"),
            "start": ("开始日期", "start", "开始时间", "起始日期"),
            "end": ("结束日期", "end", "结束时间"),
            "station_ids": ("服务站点", "stations", "所属站点"),
            "community_ids": ("服务社区", "communities", "服务区划"),
            "service_kinds": ("服务类型", "service kinds", "服务内容"),
            "target_groups": ("服务对象", "target groups"),
            "budget": ("预算（元）", "budget (yuan)", "预算", "项目预算", "经费", "budget"),
            "person_times": ("服务人次", "person-times", "人次"),
        },
        "needs": {
            "id": ("编号", "id", "需求编号"),
            "division_id": ("所在社区", "community", "所属社区", "区划代码"),
            "service_kind": ("服务类型", "service kind", "需求类型"),
            "target_group": ("服务对象", "target group"),
            "persons": ("人数", "persons", "需求人数"),
            "urgency": ("紧急程度", "urgency"),
        },
        "funds": {
            "id": ("编号", "id", "基金编号"),
            "name": ("基金名称", "name", "名称"),
            "division_id": ("所在社区", "community", "服务社区", "所属社区", "区划代码"),
            "manager_id": ("管理机构", "manager", "管理单位"),
            "established": ("成立时间", "established", "成立日期", "设立日期"),
            "committee_members": ("管委会人数", "committee members", "管理委员会人数"),
            "committee_supervisors": ("监事人数", "committee supervisors", "supervisors"),
        },
        "donations": {
            "id": ("编号", "id", "捐赠编号"),
            "fund_id": ("基金", "fund", "所属基金", "受赠基金", "基金名称"),
            "amount": ("金额（元）", "amount (yuan)", "金额", "捐赠金额", "amount"),
            "date": ("日期", "date", "捐赠日期", "到账日期"),
            "donor": ("捐赠人", "donor", "捐赠方", "捐赠者"),
        },
        "grants": {
            "id": ("编号", "id", "资助编号"),
            "fund_id": ("基金", "fund", "资助基金", "基金名称"),
            "project_id": ("项目", "project", "资助项目", "项目名称"),
            "amount": ("金额（元）", "amount (yuan)", "金额", "资助金额", "amount"),
            "date": ("日期", "date", "拨付日期", "资助日期"),
            "purpose": ("用途", "purpose", "资助用途"),
        },
        # referral work (转介), format version 3
        "cases": {
            "id": ("个案编号", "id", "编号"),
            "holder_id": ("持有机构", "holder", "个案持有机构"),
            "opened": ("开案日期", "opened", "建档日期"),
            "age_band": ("年龄段", "age band"),
            "birth_year": ("出生年份", "birth year"),
            "note": ("备注", "note"),
        },
        "consents": {
            "id": ("编号", "id", "同意编号"),
            "case_id": ("个案", "case", "个案编号"),
            "given_by": ("同意人", "given by"),
            "purpose": ("用途", "purpose", "服务类别"),
            "recipient_id": ("接收方", "recipient", "接收机构"),
            "given": ("同意日期", "given"),
            "withdrawn": ("撤回日期", "withdrawn"),
            "separate": ("单独同意", "separate"),
        },
        "referrals": {
            "id": ("编号", "id", "转介编号"),
            "case_id": ("个案", "case", "个案编号"),
            "from_id": ("转出方", "from", "转出机构"),
            "to_id": ("接收方", "to", "接收机构"),
            "service_kind": ("服务类别", "service kind"),
            "proposed": ("提出日期", "proposed"),
            "reason": ("转介原因", "reason", "原因"),
            "urgency": ("紧急程度", "urgency"),
            "state": ("状态", "state"),
            "sent": ("发送日期", "sent"),
            "responded": ("答复日期", "responded"),
            "closed": ("结案日期", "closed"),
            "outcome": ("服务结果", "outcome"),
            "consent_id": ("同意", "consent", "同意编号"),
            "mandatory": ("强制报告", "mandatory"),
            "revision": ("变更次数", "revision"),
        },
        "referral_events": {
            "id": ("编号", "id", "记录编号"),
            "referral_id": ("转介", "referral", "转介编号"),
            "sequence": ("序号", "sequence"),
            "action": ("操作", "action"),
            "actor_id": ("操作机构", "actor"),
            "at": ("日期", "at"),
            "before": ("变更前状态", "before"),
            "after": ("变更后状态", "after"),
            "consent_id": ("同意", "consent", "同意编号"),
            "mandatory": ("强制报告", "mandatory"),
            "note": ("备注", "note"),
        },
    }
)
"""The header of each field of each kind: Chinese, English, then the aliases offices use.

.. versionadded:: 0.2
"""

SHEET_NAMES: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "divisions": ("行政区划", "区划", "区划表"),
        "organizations": ("社会组织", "机构", "组织", "社工机构", "机构名录"),
        "stations": ("社工站", "社工站台账", "站点", "社工站点"),
        "social_workers": ("社会工作者", "社工名册", "社工", "社工花名册", "workers"),
        "volunteers": ("社区志愿者", "志愿者名册", "志愿者"),
        "projects": ("服务项目", "项目清单", "项目", "社工项目"),
        "needs": ("服务需求", "需求", "需求清单"),
        "funds": ("社区基金", "社区基金台账", "基金"),
        "donations": ("捐赠", "捐赠台账", "捐赠明细"),
        "grants": ("资助", "资助明细", "拨付明细"),
        "cases": ("个案", "个案台账"),
        "consents": ("知情同意", "同意书"),
        "referrals": ("转介", "转介台账"),
        "referral_events": ("转介记录", "转介日志"),
    }
)
"""The names a sheet or a CSV file of each kind goes by, besides the kind's own name and labels.

.. versionadded:: 0.2
"""

ENUM_ALIASES: Final[Mapping[str, Mapping[str, str]]] = MappingProxyType(
    {
        "DivisionLevel": {
            "省": "province", "省份": "province", "市": "city", "地级": "city", "区": "district",
            "县": "district", "区县级": "district", "街道": "street", "乡镇": "street", "镇": "street",
            "乡": "street", "社区": "community", "村": "community", "村居": "community",
        },
        "StationLevel": {
            "总站": "district", "区总站": "district", "社工总站": "district", "区级": "district",
            "街道站": "street", "街道级": "street", "镇街社工站": "street", "乡镇社工站": "street",
            "社区室": "community", "社工室": "community", "社区级": "community", "村社工室": "community",
        },
        "OrgKind": {
            "社工机构": "social_work_agency", "社会工作机构": "social_work_agency",
            "社会组织": "social_organization", "政府": "government", "检察院": "procuratorate",
            "高校": "university", "企业": "enterprise",
        },
        "Certification": {
            "助理社工师": "assistant", "初级": "assistant", "社工师": "intermediate", "中级": "intermediate",
            "高级社工师": "senior", "高级": "senior",
        },
        "TalentTrack": {"实务人才": "practitioner", "管理人才": "manager", "督导人才": "supervisor"},
    }
)  # fmt: skip
"""Other words offices use for members of an enumeration, by the enumeration's name, to the member's value.

.. versionadded:: 0.2
"""

NOTES: Final = frozenset({"备注", "说明", "序号", "备注说明", "notes", "note", "remarks", "no.", "no"})
"""Headers of columns that a ledger keeps for people and the import skips: 备注, 序号, ...

.. versionadded:: 0.2
"""

_FULL_STOPS: Final = str.maketrans({" ": "", "\u3000": "", "_": "", "\n": "", "\r": "", "\t": ""})


def normal(text: str, /) -> str:
    """Return *text* as headers and sheet names are compared: NFKC, no spaces, lower case.

    Full-width letters, digits and brackets become their ASCII forms
    (``面积（平方米）`` is ``面积(平方米)``), so that either spelling matches.

    Examples:
        >>> from socialwork.io._ledger_columns import normal
        >>> normal(" 面积（平方米） "), normal("Area (m²)")
        ('面积(平方米)', 'area(m2)')
    """
    return unicodedata.normalize("NFKC", text).translate(_FULL_STOPS).casefold()


@attrs.frozen
class Column:
    """One column of a kind's ledger: the field it fills and how its cells are read.

    Attributes:
        field: The entity's field, e.g. ``"area_m2"``.
        zh: The Chinese header, e.g. ``"面积（平方米）"``.
        en: The English header.
        parse: How a cell is read: ``"text"``, ``"id"``, ``"code"``, ``"ref"``, ``"refs"``,
            ``"enum"``, ``"enums"``, ``"date"``, ``"money"``, ``"decimal"``, ``"int"`` or ``"bool"``.
        enum: The enumeration, for ``"enum"`` and ``"enums"``.
        target: The kind an ``"ref"`` / ``"refs"`` column names.
        required: Whether the field has no default.
    """

    field: str
    zh: str
    en: str
    parse: str
    enum: type[enum.Enum] | None = None
    target: str | None = None
    required: bool = False

    def header(self, lang: str) -> str:
        """Return the header in *lang*."""
        return self.zh if lang == "zh" else self.en


_MONEY: Final = {("projects", "budget"), ("donations", "amount"), ("grants", "amount")}


def _parse_of(kind: str, field: attrs.Attribute[Any], hint: Any) -> tuple[str, Any, str | None]:
    ref = next((r for r in REFERENCES if r.kind == kind and r.field == field.name), None)
    if ref is not None:
        if ref.target == "divisions":
            return ("codes" if ref.many else "code"), None, ref.target
        return ("refs" if ref.many else "ref"), None, ref.target
    if kind == "divisions" and field.name == "code":
        return "code", None, None
    if field.name == KINDS[kind].id_field:
        return "id", None, None
    args = [arg for arg in get_args(hint) if arg is not type(None)]
    base = args[0] if len(args) == 1 and type(None) in get_args(hint) else hint
    base = getattr(base, "__supertype__", base)
    if get_origin(base) is frozenset:
        return "enums", get_args(base)[0], None
    if isinstance(base, type) and issubclass(base, enum.Enum):
        return "enum", base, None
    if base is Decimal:
        return ("money" if (kind, field.name) in _MONEY else "decimal"), None, None
    if base is bool:
        return "bool", None, None
    if base is int:
        return "int", None, None
    if base is dt.date:
        return "date", None, None
    return "text", None, None


def _columns(kind: str) -> tuple[Column, ...]:
    cls = KINDS[kind].cls
    hints = typing.get_type_hints(cls)
    made = []
    for field in attrs.fields(cls):
        parse, found, target = _parse_of(kind, field, hints[field.name])
        words = HEADERS[kind][field.name]
        made.append(
            Column(
                field.name,
                words[0],
                words[1],
                parse,
                found,
                target,
                required=field.default is attrs.NOTHING,
            )
        )
    return tuple(made)


_COLUMNS: Final = MappingProxyType({kind: _columns(kind) for kind in KINDS})


def columns_of(kind: str, /) -> tuple[Column, ...]:
    """Return the columns of *kind*'s ledger, in the order of its fields.

    Examples:
        >>> from socialwork.io._ledger_columns import columns_of
        >>> [(c.field, c.zh, c.parse) for c in columns_of("stations")][:3]
        [('id', '编号', 'id'), ('name', '名称', 'text'), ('level', '层级', 'enum')]
    """
    return _COLUMNS[kind]


@attrs.frozen
class ColumnMap:
    """Which header names which field, and which sheet name which kind: the built-in tables and a user's.

    Attributes:
        headers: Per kind, from a normalised header (see :func:`normal`) to its field,
            or to ``""`` for a column to skip.
        sheets: From a normalised sheet or file name to its kind.
    """

    headers: Mapping[str, Mapping[str, str]]
    sheets: Mapping[str, str]

    def field_of(self, kind: str, header: str) -> str | None:
        """Return the field *header* names in *kind*, ``""`` for a notes column, ``None`` if unknown."""
        key = normal(header)
        found = self.headers[kind].get(key)
        if found is None and key in NOTES:
            return ""
        return found


def _builtin() -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    headers: dict[str, dict[str, str]] = {}
    for kind in KINDS:
        table: dict[str, str] = {}
        for field, words in HEADERS[kind].items():
            for word in words:
                table.setdefault(normal(word), field)
            table.setdefault(normal(field), field)
        headers[kind] = table
    sheets: dict[str, str] = {}
    for kind, record in KINDS.items():
        for word in (kind, record.zh, record.en, *SHEET_NAMES[kind]):
            sheets.setdefault(normal(word), kind)
    return headers, sheets


def default_map() -> ColumnMap:
    """Return the built-in column map."""
    headers, sheets = _builtin()
    return ColumnMap(headers, sheets)


def read_mapping(source: str | Path | Mapping[str, Any] | None, /) -> tuple[ColumnMap, list[Message]]:
    """Return the built-in column map with a user's mapping added, and every problem of the mapping.

    The mapping is a TOML file (or the dict it holds) with a table per kind, from
    a header to a field (``""`` skips the column), and a ``sheets`` table from a
    sheet or file name to a kind::

        [stations]
        "站点名" = "name"
        "联系电话" = ""
        [sheets]
        "站点一览" = "stations"

    Examples:
        >>> from socialwork.io._ledger_columns import read_mapping
        >>> found, problems = read_mapping({"stations": {"站点名": "name"}, "sheets": {"一览": "stations"}})
        >>> found.field_of("stations", "站点名"), found.sheets["一览"], problems
        ('name', 'stations', [])
        >>> read_mapping({"stations": {"站点名": "nom"}, "people": {}})[1]
        ["stations.'站点名': unknown field 'nom' of stations; ...", "unknown table 'people'; ..."]
    """
    headers, sheets = _builtin()
    problems: list[Message] = []
    if source is None:
        return ColumnMap(headers, sheets), problems
    if isinstance(source, Mapping):
        data: Any = source
    else:
        try:
            with Path(source).open("rb") as file:
                data = tomllib.load(file)
        except OSError as error:
            msg = Message(
                "cannot read the mapping file: {reason}",
                "无法读取列映射文件：{reason}",
                reason=str(error.strerror or error),
            )
            return ColumnMap(headers, sheets), [msg]
        except tomllib.TOMLDecodeError as error:
            msg = Message(
                "the mapping file is not valid TOML: {reason}",
                "列映射文件不是有效的 TOML：{reason}",
                reason=str(error),
            )
            return ColumnMap(headers, sheets), [msg]
    for table, entries in data.items():
        if table != "sheets" and table not in KINDS:
            problems.append(
                Message(
                    "unknown table {table!r}; expected 'sheets' or one of {kinds}",
                    "未知的表 {table!r}；应为 'sheets' 或 {kinds} 之一",
                    table=table,
                    kinds=", ".join(KINDS),
                )
            )
            continue
        if not isinstance(entries, Mapping):
            problems.append(
                Message(
                    "{table}: expected a table of names, got {type}",
                    "{table}：应为名称的表，实为 {type}",
                    table=table,
                    type=type(entries).__name__,
                )
            )
            continue
        for name, value in entries.items():
            where = f"{table}.{name!r}"
            if table == "sheets":
                if value not in KINDS:
                    problems.append(
                        Message(
                            "{where}: unknown kind {value!r}; expected one of {kinds}",
                            "{where}：未知的种类 {value!r}；应为 {kinds} 之一",
                            where=where,
                            value=value,
                            kinds=", ".join(KINDS),
                        )
                    )
                    continue
                sheets[normal(name)] = value
            else:
                fields = HEADERS[table]
                if value != "" and value not in fields:
                    problems.append(
                        Message(
                            "{where}: unknown field {value!r} of {table}; expected one of {fields}",
                            "{where}：{table} 没有字段 {value!r}；应为 {fields} 之一",
                            where=where,
                            value=value,
                            table=table,
                            fields=", ".join(fields),
                        )
                    )
                    continue
                headers[table][normal(name)] = value
    return ColumnMap(headers, sheets), problems
