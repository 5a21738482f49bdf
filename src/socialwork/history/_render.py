"""A diff for people and programs: text and HTML in Chinese or English, and JSON data."""

from __future__ import annotations

import datetime as dt
import enum
import html
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

import attrs

from socialwork._tables import jsonable
from socialwork.errors import InvalidValueError, Message
from socialwork.history._diff import Change, Diff, FundFlow, Labels, Pii
from socialwork.model import KINDS, PERSONAL_FIELDS, Entity, Language, kind_of

__all__ = ["html_body", "html_page", "json_data", "text"]

_REDACTED: Final = {"en": "<redacted>", "zh": "〈已隐去〉"}
_NONE: Final = "—"
_ARROW: Final = " → "


def _check(lang: object, pii: object) -> None:
    if lang not in ("zh", "en"):
        shown = repr(lang) if isinstance(lang, str) and len(lang) <= 20 else type(lang).__name__
        msg = Message("expected 'zh' or 'en', got {lang}", "应为 'zh' 或 'en'，实为 {lang}", lang=shown)
        raise InvalidValueError(msg, path="lang")
    if pii not in ("redact", "include"):
        shown = repr(pii) if isinstance(pii, str) and len(pii) <= 20 else type(pii).__name__
        msg = Message(
            "expected 'redact' or 'include', got {pii}", "应为 'redact' 或 'include'，实为 {pii}", pii=shown
        )
        raise InvalidValueError(msg, path="pii")


def _hidden(kind: str, field: str, value: object, pii: Pii) -> bool:
    return (
        pii == "redact"
        and field in PERSONAL_FIELDS.get(kind, frozenset())
        and value is not None
        and value != ""
    )


def _value(value: object, lang: Language) -> str:
    """One value as people read it: labels for enums, yes/no, exact money, ISO dates."""
    if value is None:
        return _NONE
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if isinstance(value, enum.Enum):
        label = getattr(value, lang, None)
        return label if isinstance(label, str) else str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal | int):
        return str(value)
    if isinstance(value, frozenset | set):
        items = sorted(value, key=lambda item: str(getattr(item, "value", item)))
        return ("、" if lang == "zh" else ", ").join(_value(item, lang) for item in items) or _NONE
    if isinstance(value, tuple | list):
        return ", ".join(_value(item, lang) for item in value) or _NONE
    return repr(value)


def _shown(kind: str, field: str, value: object, lang: Language, pii: Pii) -> str:
    return _REDACTED[lang] if _hidden(kind, field, value, pii) else _value(value, lang)


def _field(kind: str, field: str, lang: Language, labels: Labels | None) -> str:
    if labels is not None:
        try:
            headers = labels[kind][field]
            label = headers[0 if lang == "zh" else 1]
        except (KeyError, IndexError, TypeError):
            return field
        if isinstance(label, str) and label:
            return label
    return field


def _noun(kind: str, lang: Language) -> str:
    found = KINDS.get(kind)
    if found is None:
        return kind
    return found.zh if lang == "zh" else found.singular


def _entity(entity: Entity, lang: Language) -> tuple[str, str, str]:
    kind = kind_of(entity).name
    name = getattr(entity, "name", None)
    shown = name if isinstance(name, str) and "name" not in PERSONAL_FIELDS.get(kind, frozenset()) else ""
    return _noun(kind, lang), entity.id, shown


def _money(amount: Decimal) -> str:
    return f"+{amount}" if amount >= 0 else str(amount)


def _flow_parts(flow: FundFlow, lang: Language) -> list[tuple[str, Decimal, Decimal, Decimal]]:
    names = ("捐赠", "资助", "余额") if lang == "zh" else ("donations", "grants", "balance")
    return [
        (names[0], flow.donations_old, flow.donations_new, flow.donations_change),
        (names[1], flow.grants_old, flow.grants_new, flow.grants_change),
        (names[2], flow.balance_old, flow.balance_new, flow.balance_change),
    ]


def _headline(diff: Diff, lang: Language) -> str:
    if not diff:
        return "两份快照相同" if lang == "zh" else "the snapshots are the same"
    added, removed, changed = len(diff.added), len(diff.removed), len(diff.changed)
    entities = len(diff.changed_ids())
    if lang == "zh":
        return f"两份快照不同：新增 {added} 个，删除 {removed} 个，{entities} 个实体的 {changed} 个字段有变更"
    return f"the snapshots differ: {added} added, {removed} removed, {entities} changed in {changed} field(s)"


_SECTIONS: Final = {
    "added": ("新增", "added"),
    "removed": ("删除", "removed"),
    "changed": ("变更", "changed"),
    "moved": ("在社工站树中移动的社工站", "stations moved in the tree"),
    "money": ("资金变动", "money moved"),
    "gained": ("新实现覆盖的区划", "coverage gained"),
    "lost": ("不再覆盖的区划", "coverage lost"),
}


def _title(section: str, lang: Language) -> str:
    zh, en = _SECTIONS[section]
    return zh if lang == "zh" else en


def _change_cells(change: Change, lang: Language, labels: Labels | None, pii: Pii) -> tuple[str, ...]:
    return (
        _noun(change.kind, lang),
        change.id,
        _field(change.kind, change.field, lang, labels),
        _shown(change.kind, change.field, change.old, lang, pii),
        _shown(change.kind, change.field, change.new, lang, pii),
    )


def _lines(diff: Diff, lang: Language, labels: Labels | None, pii: Pii) -> Iterator[str]:
    colon = "：" if lang == "zh" else ":"
    after = "：" if lang == "zh" else ": "  # a colon inside a line: the Chinese one takes no space
    yield _headline(diff, lang)
    for section, entities in (("added", diff.added), ("removed", diff.removed)):
        if entities:
            yield _title(section, lang) + colon
            for entity in entities:
                noun, entity_id, name = _entity(entity, lang)
                yield f"  {noun} {entity_id}" + (f" {name}" if name else "")
    if diff.changed:
        yield _title("changed", lang) + colon
        for change in diff.changed:
            noun, entity_id, field, old, new = _change_cells(change, lang, labels, pii)
            yield f"  {noun} {entity_id}{after}{field} {old}{_ARROW}{new}"
    if diff.moved:
        yield _title("moved", lang) + colon
        for move in diff.moved:
            yield f"  {move.id}{after}{_value(move.old_parent, lang)}{_ARROW}{_value(move.new_parent, lang)}"
    if diff.money:
        yield _title("money", lang) + colon
        separator = "；" if lang == "zh" else "; "
        for flow in diff.money:
            parts = [
                f"{name} {old}{_ARROW}{new}"
                + (f"（{_money(change)}）" if lang == "zh" else f" ({_money(change)})")
                for name, old, new, change in _flow_parts(flow, lang)
            ]
            yield f"  {_noun('funds', lang)} {flow.fund_id}{after}" + separator.join(parts)
    for section, codes in (("gained", diff.coverage_gained), ("lost", diff.coverage_lost)):
        if codes:
            yield _title(section, lang) + after + ", ".join(codes)


def text(diff: Diff, lang: Language, labels: Labels | None, pii: Pii) -> str:
    """Return *diff* as lines of text in *lang*: the headline, then each section that is not empty."""
    _check(lang, pii)
    return "\n".join(_lines(diff, lang, labels, pii))


def _json_value(kind: str, field: str, value: object, pii: Pii) -> Any:
    return _REDACTED["en"] if _hidden(kind, field, value, pii) else jsonable(value)


def _json_entity(entity: Entity, pii: Pii) -> dict[str, Any]:
    kind = kind_of(entity).name
    fields = {
        field.name: _json_value(kind, field.name, getattr(entity, field.name), pii)
        for field in attrs.fields(type(entity))
    }
    return {"kind": kind, "id": entity.id, "fields": fields}


def _amounts(old: Decimal, new: Decimal, change: Decimal) -> dict[str, str]:
    return {"old": str(old), "new": str(new), "change": str(change)}


def json_data(diff: Diff, pii: Pii) -> dict[str, Any]:
    """Return *diff* as JSON data (see :meth:`Diff.to_json`)."""
    _check("en", pii)
    return {
        "equal": not diff,
        "counts": {"added": len(diff.added), "removed": len(diff.removed), "changed": len(diff.changed)},
        "added": [_json_entity(entity, pii) for entity in diff.added],
        "removed": [_json_entity(entity, pii) for entity in diff.removed],
        "changed": [
            {
                "kind": c.kind,
                "id": c.id,
                "field": c.field,
                "old": _json_value(c.kind, c.field, c.old, pii),
                "new": _json_value(c.kind, c.field, c.new, pii),
            }
            for c in diff.changed
        ],
        "moved": [{"id": m.id, "old_parent": m.old_parent, "new_parent": m.new_parent} for m in diff.moved],
        "money": [
            {
                "fund_id": f.fund_id,
                "donations": _amounts(f.donations_old, f.donations_new, f.donations_change),
                "grants": _amounts(f.grants_old, f.grants_new, f.grants_change),
                "balance": _amounts(f.balance_old, f.balance_new, f.balance_change),
            }
            for f in diff.money
        ],
        "coverage": {"gained": list(diff.coverage_gained), "lost": list(diff.coverage_lost)},
    }


_HEADERS: Final[Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "entities": (("类别", "编号", "名称"), ("kind", "id", "name")),
    "changed": (("类别", "编号", "字段", "原值", "新值"), ("kind", "id", "field", "old", "new")),
    "moved": (("社工站", "原上级站", "新上级站"), ("station", "old parent", "new parent")),
    "money": (("基金", "项目", "原值", "新值", "变动"), ("fund", "item", "old", "new", "change")),
    "codes": (("区划代码",), ("code",)),
}


def _table(title: str, header: tuple[str, ...], rows: Sequence[Sequence[str]]) -> str:
    parts = [f"<h2>{html.escape(title)}</h2><table><thead><tr>"]
    parts.extend(f"<th>{html.escape(cell)}</th>" for cell in header)
    parts.append("</tr></thead><tbody>")
    parts.extend("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    parts.append("</tbody></table>")
    return "".join(parts)


def html_body(diff: Diff, lang: Language, labels: Labels | None, pii: Pii) -> str:
    """Return the diff as an HTML fragment: its headline and one table a section that is not empty."""
    _check(lang, pii)
    which = 0 if lang == "zh" else 1
    parts = [f'<div class="socialwork"><p><strong>{html.escape(_headline(diff, lang))}</strong></p>']
    rows: list[tuple[str, ...]]
    for section, entities in (("added", diff.added), ("removed", diff.removed)):
        if entities:
            rows = [_entity(entity, lang) for entity in entities]
            parts.append(_table(_title(section, lang), _HEADERS["entities"][which], rows))
    if diff.changed:
        rows = [_change_cells(change, lang, labels, pii) for change in diff.changed]
        parts.append(_table(_title("changed", lang), _HEADERS["changed"][which], rows))
    if diff.moved:
        rows = [(m.id, _value(m.old_parent, lang), _value(m.new_parent, lang)) for m in diff.moved]
        parts.append(_table(_title("moved", lang), _HEADERS["moved"][which], rows))
    if diff.money:
        rows = [
            (flow.fund_id, name, str(old), str(new), _money(change))
            for flow in diff.money
            for name, old, new, change in _flow_parts(flow, lang)
        ]
        parts.append(_table(_title("money", lang), _HEADERS["money"][which], rows))
    for section, codes in (("gained", diff.coverage_gained), ("lost", diff.coverage_lost)):
        if codes:
            parts.append(_table(_title(section, lang), _HEADERS["codes"][which], [(code,) for code in codes]))
    parts.append("</div>")
    return "".join(parts)


_STYLE: Final = (
    "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1em}"
    "th,td{border:1px solid #ccc;padding:2px 8px;text-align:left}"
)


def html_page(diff: Diff, lang: Language, labels: Labels | None, pii: Pii) -> str:
    """Return the diff as one self-contained HTML page: inline style, no script, every text escaped."""
    body = html_body(diff, lang, labels, pii)
    title = "快照对比" if lang == "zh" else "Differences between snapshots"
    code = "zh-CN" if lang == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{code}"><head><meta charset="utf-8" />'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><h1>{html.escape(title)}</h1>{body}</body></html>\n"
    )
