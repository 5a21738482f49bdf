"""The user guides' examples run, and print what the guides say they print."""

from __future__ import annotations

import contextlib
import doctest
import io
import re
from pathlib import Path

import pytest

GUIDES = Path(__file__).resolve().parents[2] / "docs" / "guides"
BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


def blocks(name: str) -> list[str]:
    return BLOCK.findall((GUIDES / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("guide", ["scoring.md", "targets.md"])
def test_guide_examples_print_what_the_guide_shows(guide: str) -> None:
    """Each python block runs in turn; its output matches the '# ' lines that follow its prints."""
    namespace: dict[str, object] = {}
    checker = doctest.OutputChecker()
    for number, code in enumerate(blocks(guide)):
        expected = "".join(line[2:] + "\n" for line in code.splitlines() if line.startswith("# "))
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, f"{guide}[{number}]", "exec"), namespace)  # noqa: S102 - the guide's own code
        got = out.getvalue()
        assert checker.check_output(expected, got, doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE), (
            f"{guide} block {number}:\nexpected:\n{expected}\ngot:\n{got}"
        )
