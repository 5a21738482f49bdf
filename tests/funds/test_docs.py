"""The funds guide and API page: examples run, every public name documented."""

from __future__ import annotations

import doctest
from pathlib import Path

import socialwork.funds

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_guide_examples_run() -> None:
    """Every example in docs/guides/funds.md gives the output shown."""
    result = doctest.testfile(
        str(DOCS / "guides" / "funds.md"),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
    )
    assert result.attempted > 0
    assert result.failed == 0


def test_all_is_sorted_and_complete() -> None:
    """socialwork.funds.__all__ is sorted and names every public attribute defined by the package."""
    names = socialwork.funds.__all__
    # The order of ruff's RUF022: CONSTANTS, then Classes, then functions, each alphabetical.
    assert names == sorted(names, key=lambda n: (0 if n.isupper() else 1 if n[0].isupper() else 2, n))
    public = {
        name
        for name, value in vars(socialwork.funds).items()
        if not name.startswith("_")
        and getattr(value, "__module__", "socialwork.funds").startswith("socialwork.funds")
    }
    assert public == set(names)


def test_api_page_lists_every_public_name() -> None:
    """docs/api/funds.rst documents every name in socialwork.funds.__all__."""
    page = (DOCS / "api" / "funds.rst").read_text(encoding="utf-8")
    missing = [name for name in socialwork.funds.__all__ if f":: {name}\n" not in page]
    assert missing == []
