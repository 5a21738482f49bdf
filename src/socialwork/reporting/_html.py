"""A report as one self-contained HTML page: inline CSS, inline SVG figures, every name escaped.

The markup is also well-formed XML (every element closed, attributes quoted, only
the five XML entities), so ``xml.etree`` reads it as well as ``html.parser``.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from socialwork.model import KINDS, Language
from socialwork.reporting._text import money, percent, shown, text

if TYPE_CHECKING:
    from socialwork.reporting._ranking import Ranking
    from socialwork.reporting._report import Report

__all__ = ["fragment", "page"]

_CSS: Final = """
body{font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Noto Sans CJK SC","Microsoft YaHei",
sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1f2933;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}
h2{font-size:1.2rem;border-bottom:1px solid #cbd2d9;padding-bottom:.2rem;margin-top:2rem}
h3{font-size:1rem;margin-bottom:.3rem}
p.meta{color:#52606d;margin:.1rem 0}
table{border-collapse:collapse;margin:.5rem 0}
td,th{padding:.15rem .6rem;text-align:left;border-bottom:1px solid #e4e7eb}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.ok{color:#1b7f3b}.bad{color:#b42318}
svg{display:block;margin:.5rem 0}svg text{font-size:12px;fill:#1f2933}
"""

_BAR: Final = "#3e7cb1"
_PARTS: Final = ("#3e7cb1", "#f0a202", "#1b998b", "#c5283d", "#7b4b94", "#5c946e")
_WIDTH: Final = 640


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _lang_tag(lang: Language) -> str:
    return "zh-CN" if lang == "zh" else "en"


def _table(
    header: Sequence[str], rows: Sequence[Sequence[str]], numeric: frozenset[int] = frozenset()
) -> str:
    def cell(tag: str, j: int, value: str) -> str:
        klass = ' class="n"' if j in numeric else ""
        return f"<{tag}{klass}>{_e(value)}</{tag}>"

    head = "".join(cell("th", j, value) for j, value in enumerate(header))
    body = "".join("<tr>" + "".join(cell("td", j, v) for j, v in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _hbars(title: str, rows: Sequence[tuple[str, float, str]], *, scale: float | None = None) -> str:
    """Horizontal bars: (label, value, value as text) each, on one scale (the largest value by default)."""
    if not rows:
        return ""
    top = scale if scale is not None else max((value for _, value, _ in rows), default=0.0)
    top = top or 1.0
    label_w, bar_w, row_h = 200, _WIDTH - 330, 22
    height = row_h * len(rows) + 24
    parts = [_svg(_WIDTH, height, title)]
    for i, (label, value, shown_value) in enumerate(rows):
        y = 20 + i * row_h
        width = max(0.0, min(1.0, value / top)) * bar_w
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{_e(_clip(label))}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="{row_h - 8}" fill="#e4e7eb"/>'
            f'<rect x="{label_w}" y="{y + 3}" width="{width:.1f}" height="{row_h - 8}" fill="{_BAR}"/>'
            f'<text x="{label_w + bar_w + 6}" y="{y + 14}">{_e(shown_value)}</text>'
        )
    parts.append(f'<text x="0" y="12" font-weight="bold">{_e(title)}</text></svg>')
    return "".join(parts)


def _svg(width: int, height: int, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><title>{_e(title)}</title>'
    )


def _clip(label: str, size: int = 16) -> str:
    return label if len(label) <= size else label[: size - 1] + "…"


def _histogram(title: str, counts: Sequence[int]) -> str:
    top = max(counts, default=0) or 1
    width, height, base = 360, 180, 150
    step = width // max(len(counts), 1)
    parts = [_svg(width, height, title)]
    for score, count in enumerate(counts):
        bar = 110 * count / top
        x = score * step + 10
        middle = x + (step - 20) / 2
        parts.append(
            f'<rect x="{x}" y="{base - bar:.1f}" width="{step - 20}" height="{bar:.1f}" fill="{_BAR}"/>'
            f'<text x="{middle:.1f}" y="{base - bar - 4:.1f}" text-anchor="middle">{count:,}</text>'
            f'<text x="{middle:.1f}" y="{base + 16}" text-anchor="middle">{score}</text>'
        )
    parts.append(f'<text x="0" y="12" font-weight="bold">{_e(title)}</text></svg>')
    return "".join(parts)


def _stacked(ranking: Ranking, lang: Language) -> str:
    """One stacked bar a scored entity: each first-level indicator's contribution."""
    rows = ranking.rows
    if not rows:
        return ""
    label_w, bar_w, row_h = 200, _WIDTH - 330, 22
    height = row_h * len(rows) + 44
    title = text("scores", lang)
    parts = [_svg(_WIDTH, height, title)]
    for i, row in enumerate(rows):
        y = 20 + i * row_h
        x = float(label_w)
        parts.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{_e(_clip(row.name))}</text>')
        for j, part in enumerate(row.parts or (row.score,)):
            width = max(0.0, min(1.0, part)) * bar_w
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 3}" width="{width:.1f}" height="{row_h - 8}" '
                f'fill="{_PARTS[j % len(_PARTS)]}"/>'
            )
            x += width
        parts.append(f'<text x="{label_w + bar_w + 6}" y="{y + 14}">{row.score:.3f}</text>')
    legend_y = 20 + len(rows) * row_h + 14
    x = label_w
    for j, (part_id, zh, en, _weight) in enumerate(ranking.parts):
        name = ((zh or en) if lang == "zh" else (en or zh)) or part_id
        parts.append(
            f'<rect x="{x}" y="{legend_y - 10}" width="10" height="10" fill="{_PARTS[j % len(_PARTS)]}"/>'
            f'<text x="{x + 14}" y="{legend_y}">{_e(name)}</text>'
        )
        x += 24 + 13 * len(name)
    parts.append(f'<text x="0" y="12" font-weight="bold">{_e(title)}</text></svg>')
    return "".join(parts)


def _hierarchy(report: Report, lang: Language) -> list[str]:
    h = report.hierarchy
    labels = {name: kind.label(lang) for name, kind in KINDS.items()}
    out = [f"<h2>{_e(text('hierarchy', lang))}</h2>", f"<h3>{_e(text('entities', lang))}</h3>"]
    kinds_header = [text("col_item", lang), text("col_count", lang)]
    out.append(_table(kinds_header, [(labels[n], f"{c:,}") for n, c in h.counts], frozenset({1})))
    out.append(f"<h3>{_e(text('levels', lang))}</h3>")
    out.append(_table(kinds_header, [(lvl.label(lang), f"{c:,}") for lvl, c in h.levels], frozenset({1})))
    out.append(f"<h3>{_e(text('coverage', lang))}</h3>")
    shares = [("streets", h.streets), ("communities", h.communities), ("overall", h.overall)]
    out.append(
        _hbars(
            text("coverage", lang),
            [
                (text(key, lang), float(c / t) if t else 1.0, f"{c:,}/{t:,} {percent(c, t)}")
                for key, (c, t) in shares
            ],
            scale=1.0,
        )
    )
    for key, rows, count in (
        ("by_district", h.districts, h.district_count),
        ("by_street", h.street_rows, h.street_count),
    ):
        if rows and count > 1:
            title = f"{text(key, lang)} ({shown(len(rows), count, lang)})"
            bars = [
                (f"{r.name}", r.ratio, f"{r.covered:,}/{r.total:,} {percent(r.covered, r.total)}")
                for r in rows
            ]
            out.append(_hbars(title, bars, scale=1.0))
    if h.uncovered_count:
        out.append(f"<h3>{_e(text('uncovered', lang))} ({h.uncovered_count:,})</h3>")
        header = [text("col_code", lang), text("col_name", lang)]
        out.append(_table(header, [(r.code, r.name) for r in h.uncovered]))
    else:
        out.append(f'<p class="ok">{_e(text("uncovered", lang))}: 0 ({_e(text("full", lang))})</p>')
    return out


def _validation(report: Report, lang: Language) -> list[str]:
    v = report.validation
    verdict = "ok" if v.ok else "bad"
    out = [f"<h2>{_e(text('validation', lang))}</h2>"]
    rows = [(text("rules_run", lang), f"{v.rules:,}")] + [(s.label(lang), f"{c:,}") for s, c in v.counts]
    out.append(_table([text("col_item", lang), text("col_count", lang)], rows, frozenset({1})))
    if not v.total:
        out.append(f'<p class="{verdict}">{_e(text("no_violations", lang))}</p>')
        return out
    out.append(f"<h3>{_e(text('frequent', lang))}</h3>")
    header = [text("col_code", lang), text("col_count", lang)]
    out.append(_table(header, [(code, f"{count:,}") for code, count in v.codes], frozenset({1})))
    out.append(f"<h3>{_e(text('first', lang))} ({_e(shown(len(v.first), v.total, lang))})</h3>")
    out.append(
        _table(
            [text(key, lang) for key in ("col_code", "col_severity", "col_path", "col_message")],
            [(r.code, r.severity.label(lang), r.path, r.message(lang)) for r in v.first],
        )
    )
    return out


def _linkage(report: Report, lang: Language) -> list[str]:
    k = report.linkage
    out = [f"<h2>{_e(text('linkage', lang))}</h2>"]
    out.append(
        f'<p class="meta">{_e(text("communities", lang))}: {k.communities:,}; '
        f"{_e(text('mean_score', lang))}: {k.mean_score:.2f}</p>"
    )
    out.append(_histogram(text("histogram", lang), k.score_counts))
    if k.weakest:
        out.append(f"<h3>{_e(text('weakest', lang))}</h3>")
        rows = [
            (
                r.code,
                r.name,
                f"{r.score}/5",
                ", ".join(s.label(lang) for s in r.missing) or text("none_missing", lang),
            )
            for r in k.weakest
        ]
        header = [text(key, lang) for key in ("col_code", "col_name", "col_score", "missing")]
        out.append(_table(header, rows, frozenset({2})))
    out.append(f"<h3>{_e(text('bridges', lang))}</h3>")
    if k.bridges is None:
        out.append(f'<p class="meta">{_e(text("bridges_skipped", lang))}</p>')
    else:
        out.append(f'<p class="meta">{_e(text("bridge_count", lang))}: {k.bridge_count or 0:,}</p>')
        rows = [(b.entity_id, b.name, b.district_id, f"{b.cut_off:,}") for b in k.bridges]
        if rows:
            header = [text(key, lang) for key in ("col_id", "col_name", "col_district", "cuts_off")]
            out.append(_table(header, rows, frozenset({3})))
    return out


def _funds(report: Report, lang: Language) -> list[str]:
    f = report.funds
    out = [f"<h2>{_e(text('funds', lang))}</h2>"]
    if f.fund_count:
        rule = f.rule_zh if lang == "zh" else f.rule
        name = f"{f.rule_name}: " if f.rule_name else ""
        out.append(f'<p class="meta">{_e(text("rule", lang))}: {_e(name + rule)}</p>')
    yuan = text("yuan", lang)
    amounts = [
        ("raised", f.raised),
        ("matched", f.matched),
        ("total", f.total),
        ("disbursed", f.disbursed),
        ("balance", f.balance),
    ]
    rows = [
        (text("fund_count", lang), f"{f.fund_count:,}"),
        (text("donation_count", lang), f"{f.donation_count:,}"),
    ]
    rows += [(text(key, lang), f"{money(amount)} {yuan}") for key, amount in amounts]
    rows += [
        (text(key, lang), f"{getattr(f, key):,}") for key in ("at_cap", "nothing_raised", "person_times")
    ]
    out.append(_table([text("col_item", lang), text("col_value", lang)], rows, frozenset({1})))
    if f.fund_count:
        bars = [(text(key, lang), float(amount), f"{money(amount)} {yuan}") for key, amount in amounts]
        out.append(_hbars(text("funds", lang), bars))
    return out


def _scores(report: Report, lang: Language) -> list[str]:
    r = report.scores
    if r is None:
        return []
    name = ((r.system_zh or r.system_en) if lang == "zh" else (r.system_en or r.system_zh)) or r.system_id
    kind = KINDS[r.kind].label(lang) if r.kind in KINDS else r.kind
    out = [f"<h2>{_e(text('scores', lang))} ({_e(kind)})</h2>"]
    counted = shown(len(r.rows), r.count, lang)
    out.append(f'<p class="meta">{_e(text("system", lang))}: {_e(name)} ({_e(counted)})</p>')
    part_names = [((zh or en) if lang == "zh" else (en or zh)) or i for i, zh, en, _ in r.parts]
    header = [
        text("rank", lang),
        text("col_id", lang),
        text("col_name", lang),
        text("score", lang),
        *part_names,
    ]
    rows = [
        (str(x.rank), x.entity_id, x.name, f"{x.score:.3f}", *(f"{p:.3f}" for p in x.parts)) for x in r.rows
    ]
    out.append(_table(header, rows, frozenset({0, 3, *range(4, 4 + len(part_names))})))
    out.append(_stacked(r, lang))
    return out


def _targets(report: Report, lang: Language) -> list[str]:
    t = report.targets
    if t is None:
        return []
    out = [f"<h2>{_e(text('targets', lang))}</h2>"]
    header = ["", text("goal", lang), text("due", lang), text("observed", lang), "%", text("status", lang)]
    rows = []
    bars = []
    for row in t.rows:
        label = row.zh if lang == "zh" and row.zh else row.metric
        observed = text("not_observed", lang) if row.observed is None else f"{row.observed:,}"
        share = "" if row.share is None else f"{row.share:.0%}"
        status = "" if row.status is None else row.status.label(lang)
        goal = f"{row.goal:,} {row.unit_in(lang)}".strip()
        rows.append((label, goal, row.due.isoformat(), observed, share, status))
        if row.share is not None:
            bars.append((label, row.share, f"{share} {status}"))
    out.append(_table(header, rows, frozenset({4})))
    out.append(_hbars(text("targets", lang), bars, scale=1.0))
    return out


def _trends(report: Report, lang: Language) -> list[str]:
    t = report.trends
    if t is None:
        return []
    span = f"{t.dates[0].isoformat()} – {t.dates[-1].isoformat()}"
    out = [
        f"<h2>{_e(text('trends', lang))}</h2>",
        f'<p class="meta">{_e(text("snapshots", lang))} {len(t.dates)}: {span}</p>',
    ]
    header = [
        "",
        text("trend_first", lang),
        text("trend_last", lang),
        text("trend_change", lang),
        text("trend_growth", lang),
    ]
    rows = [row.cells(lang) for row in t.rows]
    out.append(_table(header, rows, frozenset({1, 2, 3, 4})))
    return out


def fragment(report: Report, lang: Language) -> str:
    """Return the body of the report's page: headings, tables and figures, no ``<html>`` around it."""
    title = f"{text('report', lang)}: {report.title(lang)}"
    out = [f'<div class="socialwork-report" lang="{_lang_tag(lang)}">', f"<h1>{_e(title)}</h1>"]
    if report.source:
        out.append(f'<p class="meta">{_e(text("source", lang))}: {_e(report.source)}</p>')
    if report.as_of is not None:
        out.append(f'<p class="meta">{_e(text("as_of", lang))}: {report.as_of.isoformat()}</p>')
    for section in (_hierarchy, _validation, _linkage, _funds, _scores, _targets, _trends):
        out.extend(section(report, lang))
    out.append("</div>")
    return "\n".join(part for part in out if part)


def page(report: Report, lang: Language) -> str:
    """Return the report as a whole HTML page, ending with a newline."""
    title = f"{text('report', lang)}: {report.title(lang)}"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_lang_tag(lang)}" xmlns="http://www.w3.org/1999/xhtml">\n'
        '<head>\n<meta charset="utf-8"/>\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1"/>\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n"
        f"<body>\n{fragment(report, lang)}\n</body>\n</html>\n"
    )
