"""The command's problem lines on standard error are in the language --lang chose.

Usage errors (argparse's own words and the commands'), unreadable files and every
case of the bad-input catalogue: with ``--lang zh`` each line is Chinese, and with
``--lang en`` (or none) it is the English it always was.
"""

from __future__ import annotations

import argparse
import ast
import inspect
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import socialwork as sw
from socialwork.cli._parser import ARGPARSE_ZH, LANGUAGE, argparse_zh, language_in
from socialwork.errors import Message
from tests._cli import run
from tests.catalogue import LOAD_CASES

CJK = re.compile(r"[\u4e00-\u9fff]")

# The templates of argparse that only a programmer meets: a parser built wrongly.
_FOR_PROGRAMMERS = {
    "conflicting option string: %s",
    "conflicting option strings: %s",
    ".__call__() not defined",
    "'required' is an invalid argument for positionals",
    "mutually exclusive arguments must be optional",
    "%r is not callable",
    "cannot merge actions - two groups are named %r",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r",
    "dest= is required for options like %r",
    "invalid conflict_resolution value: %r",
    "cannot have multiple subparser arguments",
    "conflicting subparser: %s",
    "conflicting subparser alias: %s",
    'argument "-" with mode %r',
}
# Words of the help page and the frame of an error, translated where they are written.
_FRAME = {"usage: ", "positional arguments", "options", "show this help message and exit"}
_FRAME |= {"%(prog)s: error: %(message)s\n"}


def _argparse_templates() -> set[str]:
    # Every message template in the source of this Python's argparse.
    tree = ast.parse(inspect.getsource(argparse))
    found = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("_", "ngettext")
        ):
            found |= {
                arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            }
    return found


def test_every_argparse_message_a_user_can_meet_has_chinese() -> None:
    """Each template of this Python's argparse is in the table, or is one only a programmer meets."""
    missing = _argparse_templates() - set(ARGPARSE_ZH) - _FOR_PROGRAMMERS - _FRAME
    assert not missing, f"argparse templates without Chinese: {sorted(missing)}"


@pytest.mark.parametrize("template", list(ARGPARSE_ZH))
@given(value=st.from_regex(r"[a-z0-9'_-]{1,12}", fullmatch=True))
def test_each_argparse_template_reads_back_into_chinese(template: str, value: str) -> None:
    """An argparse message filled with any values comes back in Chinese, with the same values."""
    names = re.findall(r"%\((\w+)\)[sr]", template)
    english = template % dict.fromkeys(names, value) if names else template % ((value,) * template.count("%"))
    if "%(message)s" in template:  # the message inside is itself one of argparse's
        english = template % {n: ("expected one argument" if n == "message" else value) for n in names}
    chinese = argparse_zh(english)
    assert CJK.search(chinese)
    assert value in chinese or "%" not in template
    if "%(message)s" in template:
        assert ARGPARSE_ZH["expected one argument"] in chinese


def test_a_message_argparse_does_not_have_stays_as_it_is() -> None:
    """A text that is none of argparse's templates (one of the commands' own) is left alone."""
    assert argparse_zh("应为整数，实为 'x'") == "应为整数，实为 'x'"
    assert argparse_zh("something else entirely") == "something else entirely"


@pytest.mark.parametrize(
    ("argv", "lang"),
    [
        (["report", "--lang", "zh"], "zh"),
        (["report", "--lang=zh"], "zh"),
        (["report", "--lang", "zh", "--lang", "en"], "en"),
        (["report"], "en"),
        (["report", "--lang"], "en"),
        (["report", "--lang", "fr"], "en"),
        (["report", "--", "--lang", "zh"], "en"),
    ],
)
def test_the_language_is_read_before_the_command_line_is_parsed(argv: list[str], lang: str) -> None:
    """--lang zh|en is found wherever it is, the last one wins, and nothing after -- counts."""
    assert language_in(argv) == lang


USAGE_ERRORS = [
    ["report", "--bogus"],
    ["report", "--top", "x"],
    ["report", "--top", "-3"],
    ["report", "--dataset", "nope"],
    ["report", "--dataset"],
    ["report", "a.json", "--dataset", "wuhou"],
    ["nope"],
    [],
    ["validate", "--family", "nope"],
    ["validate", "--as-of", "2025-13-01"],
    ["funds", "--rule", "x"],
    ["funds", "--cap", "5"],
    ["funds", "--rule", "5:1", "--cap", "x"],
    ["match", "--capacity", "-1"],
    ["export", "--to", "json"],
    ["export", "--to", "json", "-o", "x.json", "--key="],
    ["generate", "--national", "--districts", "3"],
    ["generate", "--districts", "0"],
    ["generate", "--faults", "nope"],
]


@pytest.mark.parametrize("argv", USAGE_ERRORS, ids=lambda argv: " ".join(argv) or "nothing")
def test_a_usage_error_is_in_the_chosen_language(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    """A usage error exits 2 in both languages; in Chinese its usage and error lines are Chinese."""
    code, _, english = run(capsys, *argv, "--lang", "en")
    assert code == 2
    assert english.splitlines()[0].startswith("usage: ")
    assert ": error: " in english.splitlines()[-1]
    assert not CJK.search(english.splitlines()[-1].split(": error: ")[1].split("'")[0])
    code, _, chinese = run(capsys, *argv, "--lang", "zh")
    assert code == 2
    assert chinese.splitlines()[0].startswith("用法: ")
    last = chinese.splitlines()[-1]
    assert ": 错误: " in last
    assert CJK.search(last.split(": 错误: ")[1]), last


def test_the_language_does_not_outlast_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    """After a run in Chinese, the next run without --lang speaks English again."""
    run(capsys, "report", "--lang", "zh", "--top", "x")
    assert LANGUAGE.get() == "en"
    _, _, err = run(capsys, "report", "--top", "x")
    assert "error: argument --top: expected a whole number, got 'x'" in err


@pytest.mark.parametrize(
    ("make", "zh", "en"),
    [
        (
            lambda tmp: tmp / "missing.json",
            "无法读取：没有那个文件或目录",
            "cannot read: No such file or directory",
        ),
        (lambda tmp: tmp, "无法读取：是一个目录", "cannot read: Is a directory"),
    ],
    ids=["missing", "directory"],
)
def test_an_unreadable_input_is_said_in_the_chosen_language(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, make: object, zh: str, en: str
) -> None:
    """What the system says of a file that cannot be read is in Chinese too, with exit status 3."""
    path = make(tmp_path)  # type: ignore[operator]
    for command in ("report", "validate", "summary", "funds"):
        code, _, err = run(capsys, command, str(path), "--lang", "zh")
        assert (code, err) == (3, f"socialwork: {path}: {zh}\n")
        code, _, err = run(capsys, command, str(path), "--lang", "en")
        assert (code, err) == (3, f"socialwork: {path}: {en}\n")


@pytest.mark.parametrize("case", list(LOAD_CASES), ids=list(LOAD_CASES))
def test_every_load_problem_is_said_in_the_chosen_language(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, case: str
) -> None:
    """Each bad input of the catalogue gives one line a problem, Chinese with --lang zh.

    The lines are the loader's problems, in its order, each rendered in the chosen
    language after the file's name (the catalogue's tests check their paths).
    """
    data, _ = LOAD_CASES[case]
    file = tmp_path / "bad.json"
    # A lone surrogate cannot be UTF-8: in a file it is bytes the loader refuses as such.
    file.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
    with pytest.raises(sw.LoadError) as caught:
        sw.load(file)
    problems = caught.value.problems
    prefix = f"socialwork: {file}: "
    for lang in ("en", "zh"):
        code, _, err = run(capsys, "validate", str(file), "--lang", lang)
        assert code == 3
        assert err.splitlines() == [prefix + problem.render(lang) for problem in problems]  # type: ignore[arg-type]
    for problem in problems:
        assert CJK.search(problem.message.zh if isinstance(problem.message, Message) else ""), problem


SIDE_FILES = {
    "params json": ("--params", b'{"a": 1,}', "第 1 行第 9 列：此处应为用双引号括起的键名"),
    "params utf-8": ("--params", b"\xff", "无法读取：不是 UTF-8 文本（第 0 字节）：不是有效的起始字节"),
    "indicators json": (
        "--indicators",
        b'{"id": "r",',
        "不是 JSON 文档（第 1 行，第 12 列）：此处应为用双引号括起的键名",
    ),
    "indicators utf-8": ("--indicators", b"\xff", "不是 JSON 文档（第 0 字节）：不是有效的起始字节"),
}


@pytest.mark.parametrize("case", list(SIDE_FILES))
def test_a_broken_side_file_is_explained_in_chinese(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, case: str
) -> None:
    """A parameters or indicator file that is not JSON gets json's or the codec's reason in Chinese."""
    option, data, zh = SIDE_FILES[case]
    file = tmp_path / "side.json"
    file.write_bytes(data)
    command = "validate" if option == "--params" else "score"
    code, _, err = run(capsys, command, option, str(file), "--lang", "zh")
    assert code == 3
    assert zh in err, err
