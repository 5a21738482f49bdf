"""The rule catalogue page, docs/rules.md, lists every built-in rule as the catalogue defines it."""

from __future__ import annotations

from pathlib import Path

import socialwork as sw
from socialwork.rules import BUILTIN_RULES, FAMILIES, PARAMETERS

PAGE = Path(__file__).parent.parent.parent / "docs" / "rules.md"
MARKER = "<!-- The catalogue below is checked against socialwork.rules by tests/rules/test_docs.py. -->"


def _value(name: str) -> str:
    data = PARAMETERS[name].to_data()
    if isinstance(data, dict):
        return ", ".join(f"`{v}` from {d}" for d, v in data.items())
    if isinstance(data, list):
        return "`" + ", ".join(data) + "`"
    return f"`{str(data).lower() if isinstance(data, bool) else data}`"


def catalogue() -> str:
    """Return the catalogue part of the page, as the rules define it."""
    lines = [MARKER, ""]
    for family, (zh, en) in FAMILIES.items():
        lines += [f"## {en.capitalize()} ({zh}, `{family}`)", ""]
        for item in BUILTIN_RULES.select(family=family):
            lines += [f"### {item.code}: {item.title_en}", ""]
            lines += [f"- **{item.title_zh}**", f"- Severity: {item.severity.value} ({item.severity.zh})"]
            for p in item.parameters:
                lines.append(
                    f"- Parameter `{p.name}` = {_value(p.name)}: {p.description} ({p.description_zh})"
                )
            lines += [f"- Reference: {item.reference}", ""]
    return "\n".join(lines).rstrip("\n")


def test_the_catalogue_page_matches_the_rules() -> None:
    """Each rule's code, titles, severity, parameters and reference are on the page, as defined."""
    text = PAGE.read_text(encoding="utf-8")
    assert MARKER in text
    found = text[text.index(MARKER) :].rstrip("\n")
    assert found == catalogue(), (
        "docs/rules.md is out of date: paste catalogue() from tests/rules/test_docs.py"
    )


def test_every_rule_is_on_the_page() -> None:
    """A code missing from the page is named."""
    text = PAGE.read_text(encoding="utf-8")
    for item in sw.rules.BUILTIN_RULES:
        assert f"### {item.code}:" in text
