"""Every documentation page can be followed literally, in a fresh interpreter.

For each page under ``docs/`` (and the README) the code a reader would run is taken
out in page order: ``>>>`` examples and fenced ``python``/``pycon`` blocks run as
one session in a new Python process, in a new empty working directory, with nothing
imported beforehand (so a page imports ``socialwork`` itself, as a reader does);
``$ socialwork ...`` lines of ``console`` blocks run through ``python -m socialwork``
in the same directory, at their place in the session, and what the page shows after
them is compared with what they print (and their exit status with what a following
``$ echo $?`` shows, 0 without one); ``json`` blocks that are documents
(``"format": "socialwork"``) are loaded with :func:`socialwork.loads`. A failure
names the page, the block and the line.

A page marks a block for this test with a MyST comment on the line before its
fence (see ``docs/contributing.md``):

* ``% docs-test: bad-document``: a ``json`` document that must *not* load;
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import attrs
import pytest

import socialwork

ROOT = Path(__file__).resolve().parents[1]
# The sessions run in other directories: they import the socialwork that this test imports.
ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(
        [str(Path(socialwork.__file__).resolve().parents[1]), *filter(None, [os.environ.get("PYTHONPATH")])]
    ),
}
PAGES = [*sorted((ROOT / "docs").glob("**/*.md")), ROOT / "README.md"]
PAGES = [page for page in PAGES if "_build" not in page.parts]

# Subcommands that the pages use but that are not on this branch yet: their lines are
# not run. ``test_commands_not_yet_present_are_absent`` fails once one of them exists,
# so that it is taken off this list and its lines run.
NOT_YET_PRESENT: dict[str, str] = {}

_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`\s]*)")
_MARKER = re.compile(r"^%\s*docs-test:\s*(?P<what>.+?)\s*$")


@attrs.frozen
class Block:
    """A piece of a page that this test runs."""

    kind: str  # "python", "doctest", "console" or "json"
    line: int  # the page's line number of the block's first line of content
    text: str
    marker: str = ""


def blocks(page: Path) -> list[Block]:
    """Return the blocks of *page* that a reader would run, in page order."""
    lines = page.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        opened = _FENCE.match(line)
        if opened is None:
            if line.startswith(">>> "):  # a doctest paragraph outside any fence
                start = index
                while index < len(lines) and lines[index].strip():
                    index += 1
                found.append(Block("doctest", start + 1, "\n".join(lines[start:index]) + "\n"))
                continue
            index += 1
            continue
        fence, info = opened["fence"], opened["info"].lower()
        previous = next((lines[i] for i in range(index - 1, -1, -1) if lines[i].strip()), "")
        marked = _MARKER.match(previous)
        start = index + 1
        index = start
        while index < len(lines) and not lines[index].strip().startswith(fence):
            index += 1
        text = textwrap.dedent("\n".join(lines[start:index])) + "\n"
        index += 1
        kind = {"python": "python", "py": "python", "pycon": "python", "console": "console", "json": "json"}
        if info not in kind:
            continue
        what = kind[info]
        if what == "python" and text.lstrip().startswith(">>>"):
            what = "doctest"
        found.append(Block(what, start + 1, text, marked["what"] if marked else ""))
    return found


def subcommands() -> set[str]:
    """Return the subcommands that ``socialwork --help`` lists."""
    shown = subprocess.run(
        [sys.executable, "-m", "socialwork", "--help"], capture_output=True, text=True, check=True, env=ENV
    ).stdout
    return set(re.findall(r"^ {4}(\w+) ", shown, flags=re.MULTILINE))


def console_commands(block: Block) -> list[list[str]]:
    """Return the ``socialwork`` commands of a console block, as their words."""
    import shlex

    commands = []
    for line in block.text.splitlines():
        if line.startswith("$ "):
            for part in line[2:].split("&&"):
                words = shlex.split(part, comments=True)
                if words and words[0] == "socialwork":
                    commands.append(words)
    return commands


# The session: run in a new interpreter, it reads the blocks as JSON on standard input.
# It imports only the standard library before the page's own code runs.
_SESSION = r"""
import doctest, json, os, re, shlex, subprocess, sys, traceback

page, blocks, not_yet = json.load(sys.stdin)
namespace = {"__name__": "__main__", "__builtins__": __builtins__}
flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
checker = doctest.OutputChecker()
failures = []
ran = {"python": 0, "doctest": 0, "console": 0, "json": 0}

def fail(number, block, message):
    failures.append(f"{page}:{block['line']}: block {number} ({block['kind']}): {message}")

def run_console(number, block):
    lines = block["text"].splitlines()
    prompts = [position for position, line in enumerate(lines) if line.startswith("$ ")]
    for count, position in enumerate(prompts):
        line = lines[position]
        if line.strip() == "$ echo $?":
            continue
        end = prompts[count + 1] if count + 1 < len(prompts) else len(lines)
        shown = lines[position + 1:end]
        # "$ echo $?" after a command shows its exit status; without one it must be 0.
        expected_status = 0
        if end < len(lines) and lines[end].strip() == "$ echo $?":
            after = prompts[count + 2] if count + 2 < len(prompts) else len(lines)
            expected_status = int("".join(lines[end + 1:after]).strip())
        parts = [p for p in (shlex.split(part, comments=True) for part in line[2:].split("&&")) if p]
        for words in parts:
            if words[0] != "socialwork":
                continue
            if len(words) > 1 and words[1] in not_yet:
                continue
            stdin = stdout = None
            args = []
            iterator = iter(words[1:])
            for word in iterator:
                if word == "<":
                    stdin = next(iterator)
                elif word == ">":
                    stdout = next(iterator)
                else:
                    args.append(word)
            if stdin and not os.path.exists(stdin):
                fail(number, block, f"line {block['line'] + position}: no file {stdin!r} to read")
                continue
            with open(stdin, "rb") if stdin else open(os.devnull, "rb") as source:
                done = subprocess.run([sys.executable, "-m", "socialwork", *args], stdin=source,
                                      capture_output=True)
            ran["console"] += 1
            out, err = done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")
            if stdout:
                with open(stdout, "wb") as target:
                    target.write(done.stdout)
                out = ""
            where = f"line {block['line'] + position}: $ {' '.join(words)}"
            if done.returncode != expected_status:
                fail(number, block, f"{where}: exit status {done.returncode}, expected "
                     f"{expected_status}\n{err}")
                continue
            want = "\n".join(shown).strip()
            if want and not checker.check_output(want + "\n", (out + err).strip() + "\n", flags):
                fail(number, block, f"{where}: the page shows\n{want}\nbut it printed\n{out + err}")

for number, block in enumerate(blocks, 1):
    kind = block["kind"]
    if kind == "python":
        ran["python"] += 1
        source = "\n" * (block["line"] - 1) + block["text"]
        try:
            exec(compile(source, page, "exec"), namespace)
        except BaseException:
            fail(number, block, traceback.format_exc())
            break
    elif kind == "doctest":
        ran["doctest"] += 1
        test = doctest.DocTestParser().get_doctest(block["text"], namespace, f"block {number}", page,
                                                    block["line"] - 1)
        test.globs = namespace  # a DocTest copies the namespace it is given: share it instead
        report = []
        runner = doctest.DocTestRunner(optionflags=flags)
        runner.run(test, out=report.append, clear_globs=False)
        if runner.failures:
            fail(number, block, "".join(report))
            break
    elif kind == "console":
        run_console(number, block)
    elif kind == "json":
        if not re.search(r'"format"\s*:\s*"socialwork"', block["text"]):
            continue
        ran["json"] += 1
        import socialwork
        try:
            socialwork.loads(block["text"])
        except socialwork.LoadError as error:
            if block["marker"] != "bad-document":
                fail(number, block, f"the sample document does not load: {error}")
        else:
            if block["marker"] == "bad-document":
                fail(number, block, "a sample marked bad-document loads")
print(json.dumps({"failures": failures, "ran": ran}))
"""


def run_page(page: Path, directory: Path) -> dict[str, Any]:
    """Run *page*'s blocks as one session in *directory*; return its failures and counts."""
    found = [attrs.asdict(block) for block in blocks(page)]
    name = str(page.relative_to(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", _SESSION],
        input=json.dumps([name, found, sorted(NOT_YET_PRESENT)]),
        capture_output=True,
        text=True,
        cwd=directory,
        env=ENV,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"{name}: the session failed\n{done.stdout}\n{done.stderr}"
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_page_runs_literally_in_a_fresh_interpreter(page: Path, tmp_path: Path) -> None:
    """The page's code, commands and sample documents run in order, as a reader would follow them."""
    result = run_page(page, tmp_path)
    assert not result["failures"], "\n\n".join(result["failures"])


def test_every_command_a_page_uses_exists_or_is_listed() -> None:
    """A ``$ socialwork X`` line names a subcommand that exists, or one listed as not yet present."""
    known = subcommands() | set(NOT_YET_PRESENT)
    used = {
        (str(page.relative_to(ROOT)), words[1])
        for page in PAGES
        for block in blocks(page)
        if block.kind == "console"
        for words in console_commands(block)
        if len(words) > 1 and not words[1].startswith("-")
    }
    assert used, "no page runs a command"
    assert {(page, word) for page, word in used if word not in known} == set()


def test_commands_not_yet_present_are_absent() -> None:
    """Once a listed command exists, it must come off NOT_YET_PRESENT so that its lines run."""
    assert set(NOT_YET_PRESENT) & subcommands() == set()


def test_blocks_are_found_in_page_order_with_their_lines(tmp_path: Path) -> None:
    """The extractor finds each kind of block at its line, with its marker, and skips other fences."""
    page = tmp_path / "page.md"
    page.write_text(
        "# T\n\n```python\nx = 1\n```\n\n>>> x\n1\n\n```pycon\n>>> x + 1\n2\n```\n\n"
        "% docs-test: bad-document\n```json\n{}\n```\n\n```text\nnot run\n```\n\n"
        "```console\n$ socialwork schema > s.json\n```\n",
        encoding="utf-8",
    )
    found = blocks(page)
    assert [(b.kind, b.line) for b in found] == [
        ("python", 4),
        ("doctest", 7),
        ("doctest", 11),
        ("json", 17),
        ("console", 25),
    ]
    assert found[3].marker == "bad-document"
    assert console_commands(found[4]) == [["socialwork", "schema", ">", "s.json"]]


def test_a_failing_block_is_reported_with_its_page_and_line(tmp_path: Path) -> None:
    """A wrong output, a raising block, a sample that does not load and a failing command each fail."""
    page = tmp_path / "page.md"
    page.write_text('>>> 1 + 1\n3\n\n```python\nraise ValueError("x")\n```\n', encoding="utf-8")
    result = _run_outside(page, tmp_path)
    assert len(result["failures"]) == 1, result  # the session stops at the first failing code
    assert "page.md:1: block 1 (doctest)" in result["failures"][0]
    page.write_text('```python\nx = 1\nraise ValueError("x")\n```\n', encoding="utf-8")
    result = _run_outside(page, tmp_path)
    assert 'page.md", line 3' in result["failures"][0]
    page.write_text('```json\n{"format": "socialwork", "version": 99}\n```\n', encoding="utf-8")
    result = _run_outside(page, tmp_path)
    assert len(result["failures"]) == 1
    assert "page.md:2: block 1 (json)" in result["failures"][0]
    page.write_text(
        '% docs-test: bad-document\n```json\n{"format": "socialwork", "version": 2}\n```\n', encoding="utf-8"
    )
    assert "marked bad-document loads" in _run_outside(page, tmp_path)["failures"][0]
    page.write_text("```console\n$ socialwork summary missing.json\n```\n", encoding="utf-8")
    assert "exit status 3, expected 0" in _run_outside(page, tmp_path)["failures"][0]
    page.write_text("```console\n$ socialwork schema\nnot the schema\n```\n", encoding="utf-8")
    assert "the page shows" in _run_outside(page, tmp_path)["failures"][0]
    page.write_text("```console\n$ socialwork summary missing.json\n$ echo $?\n3\n```\n", encoding="utf-8")
    assert _run_outside(page, tmp_path) == {
        "failures": [],
        "ran": {"python": 0, "doctest": 0, "console": 1, "json": 0},
    }


def _run_outside(page: Path, directory: Path) -> dict[str, Any]:
    found = [attrs.asdict(block) for block in blocks(page)]
    done = subprocess.run(
        [sys.executable, "-c", _SESSION],
        input=json.dumps([page.name, found, []]),
        capture_output=True,
        text=True,
        cwd=directory,
        env=ENV,
        timeout=60,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result
