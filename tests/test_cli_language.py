"""The command's problem lines on standard error are in the language --lang chose.

Usage errors (argparse's own words and the commands'), unreadable files and every
case of the bad-input catalogue: with ``--lang zh`` each line is Chinese, and with
``--lang en`` it is the English it always was. The help of every command is Chinese
with ``--lang zh``, lined up by display width; without ``--lang`` the command speaks
``SOCIALWORK_LANG``'s language, else the locale's (tested in new processes with the
environment set); and what every command prints is in one language.
"""

from __future__ import annotations

import argparse
import ast
import inspect
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import socialwork as sw
from socialwork import cli
from socialwork.cli._parser import (
    ARGPARSE_ZH,
    LANGUAGE,
    LOCALE_VARIABLES,
    argparse_zh,
    default_language,
    language_in,
    wrap,
)
from socialwork.errors import Message
from socialwork.reporting import display_width
from tests._cli import run
from tests._messages import CJK, SUBJECTS, chinese_words, latin_words, subject
from tests.catalogue import LOAD_CASES

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


# -- the help, in the chosen language ----------------------------------------------------

# What a Chinese help page may show in Latin letters besides the options, their choices and
# the values they take: names of formats and standards, environment variables, metavars
# that are letters (N, ID), the extra a feature needs, and the words a value is written in.
HELP_WORDS = frozenset(
    {
        "CSV",
        "Excel",
        "xlsx",
        "xls",
        "ods",
        "XLSX",
        "GraphML",
        "HSDS",
        "HTML",
        "JSON",
        "Schema",
        "draft",
        "SVG",
        "TOML",
        "toml",
        "zip",
        "ID",
        "N",
    }
    | {"ERROR", "WARNING", "LANG", "LC_ALL", "LC_MESSAGES", "SOCIALWORK_LANG", "none", "plot"}
    | {"redacted", "socialwork", "socialwork.scoring.STATION_INDICATORS"}
)


def _parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    # The command's parser and every subcommand's.
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                yield from _parsers(sub)


def _commands() -> list[list[str]]:
    return [[], *([name] for name in _COMMAND_NAMES)]


_COMMAND_NAMES = [p.prog.split()[-1] for p in list(_parsers(cli._parser()))[1:]]


def _codes(parser: argparse.ArgumentParser) -> set[str]:
    # The option strings of a parser and the values its options take: codes, in any language.
    found: set[str] = {"socialwork", "--lang", "zh", "en", *_COMMAND_NAMES, *sw.rules.FAMILIES}
    found |= set(sw.datasets.FAULTS)
    found |= {severity.value for severity in sw.Severity} | {"projects", "social_workers", "volunteers"}
    for action in parser._actions:
        found |= set(action.option_strings)
        found |= {str(choice) for choice in action.choices or ()}
    return found


def _help(capsys: pytest.CaptureFixture[str], argv: list[str], lang: str) -> str:
    code, out, err = run(capsys, *argv, "--help", "--lang", lang)
    assert (code, err) == (0, "")
    return out


def _latin_in_help(page: str, codes: set[str]) -> list[str]:
    # The Latin words of a Chinese help page that are neither codes nor HELP_WORDS.
    for code in sorted(codes, key=len, reverse=True):
        page = re.sub(rf"(?<![\w.-]){re.escape(code)}(?![\w-]|\.\w)", " ", page)
    while re.search(r"\{[^{}]*\}", page):  # choices, and the example of an indicator file
        page = re.sub(r"\{[^{}]*\}", " ", page)
    return latin_words(re.sub(r"[\[\]|<>]", " ", page), HELP_WORDS)


def test_every_help_text_is_written_in_both_languages() -> None:
    """Each description, epilog and option help of every command, and each metavar that is a word, is a Message."""
    plain = []
    for parser in _parsers(cli._parser()):
        for what in ("description", "epilog"):
            text = getattr(parser, what)
            if text is not None and not isinstance(text, Message):
                plain.append(f"{parser.prog} {what}: {text!r}")
        for action in parser._actions:
            name = "/".join(action.option_strings) or action.dest
            if action.help not in (None, argparse.SUPPRESS) and not isinstance(action.help, Message):
                plain.append(f"{parser.prog} {name} help: {action.help!r}")
            metavar = action.metavar
            if isinstance(metavar, str) and not isinstance(metavar, Message) and metavar not in ("N", "ID"):
                plain.append(f"{parser.prog} {name} metavar: {metavar!r}")
        for action in parser._actions:
            for choice in getattr(action, "_choices_actions", ()):
                if not isinstance(choice.help, Message):
                    plain.append(f"{parser.prog} {choice.dest} help: {choice.help!r}")
    assert plain == []


@pytest.mark.parametrize("argv", _commands(), ids=lambda argv: " ".join(argv) or "socialwork")
def test_the_help_is_in_chinese_with_lang_zh(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    """--help --lang zh: argparse's headings and every text are Chinese; Latin letters only for codes."""
    page = _help(capsys, argv, "zh")
    assert page.startswith("用法: socialwork")
    assert "\n选项:\n" in page
    for english in ("usage:", "options:", "positional arguments:", "show this help"):
        assert english not in page
    parser = next(p for p in _parsers(cli._parser()) if p.prog == " ".join(["socialwork", *argv]))
    assert _latin_in_help(page, _codes(parser)) == []


@pytest.mark.parametrize("argv", _commands(), ids=lambda argv: " ".join(argv) or "socialwork")
def test_the_help_in_english_has_no_chinese(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    """--help --lang en is argparse's page in English, every text English."""
    page = _help(capsys, argv, "en")
    assert page.startswith("usage: socialwork")
    assert not CJK.search(page), page


@pytest.mark.parametrize("argv", _commands(), ids=lambda argv: " ".join(argv) or "socialwork")
def test_the_chinese_help_lines_up_and_fits(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    """In Chinese, every help text of a section starts in one column and no line is wider than the page.

    Argparse measures by len(); 汉字 take two columns, so the help is laid out by display width.
    """
    page = _help(capsys, argv, "zh")
    width = shutil.get_terminal_size().columns - 2
    for line in page.splitlines():  # closing signs may hang over the edge
        assert display_width(line.rstrip("，。、；：）")) <= width, line
    for section in page.split("\n\n"):
        starts = set()
        for line in section.splitlines()[1:]:
            found = re.match(r"^(  \S.*?\S)  +(\S)", line)
            if found is not None and line.startswith("  ") and not line.startswith("    "):
                starts.add(display_width(line[: found.start(2)]))
        assert len(starts) <= 1, (section, starts)


def test_a_chinese_usage_error_names_arguments_by_their_chinese_metavars(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An argument argparse names by its metavar is named so in Chinese too: 文件, not FILE."""
    code, _, err = run(capsys, "report", "x.json", "--dataset", "wuhou", "--lang", "zh")
    assert code == 2
    assert "参数 --dataset：不能与参数 文件 同时使用" in err.splitlines()[-1]
    assert "[文件]" in err


@given(text=st.text(st.sampled_from("汉字词（），。a bc ERROR 1-2"), max_size=80), width=st.integers(10, 60))
@example(text="11。。。。 ）", width=10)
def test_wrap_keeps_every_word_and_breaks_only_where_it_may(text: str, width: int) -> None:
    """wrap() keeps the words in order, breaks lines within the width, and never starts one with a closing sign."""
    lines = wrap(text, width)
    assert "".join("".join(line.split()) for line in lines) == "".join(text.split())
    for line in lines:
        assert line == line.strip()
        words = line.split(" ")
        # closing signs hang past the width, with any space between them (避头尾)
        hang = display_width(line) - display_width(line.rstrip("，。） "))
        assert display_width(line) <= width + hang or (len(words) == 1 and not CJK.search(line))
    for line in lines[1:]:
        assert not line.startswith(tuple("，。）"))


# -- the language without --lang: SOCIALWORK_LANG, else the locale ------------------------

_NO_LANGUAGE = dict.fromkeys(("SOCIALWORK_LANG", *LOCALE_VARIABLES), "")


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_TW"}, "zh"),
        ({"LANG": "zh"}, "zh"),
        ({"LANG": "zh_HK.UTF-8@stroke"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "zhx_XX"}, "en"),
        ({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LC_ALL": "", "LC_MESSAGES": "", "LANG": "zh_CN.UTF-8"}, "zh"),
        ({"SOCIALWORK_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"SOCIALWORK_LANG": "zh", "LC_ALL": "C"}, "zh"),
        ({"SOCIALWORK_LANG": "ZH"}, "zh"),
        ({"SOCIALWORK_LANG": "fr", "LANG": "zh_CN.UTF-8"}, "zh"),
    ],
)
def test_the_default_language_follows_socialwork_lang_then_the_locale(
    environ: dict[str, str], lang: str
) -> None:
    """SOCIALWORK_LANG decides; else the first of LC_ALL, LC_MESSAGES, LANG that is set; else English."""
    assert default_language(environ) == lang


@given(
    environ=st.dictionaries(
        st.sampled_from(["SOCIALWORK_LANG", *LOCALE_VARIABLES, "LANGUAGE"]), st.text(max_size=12)
    )
)
def test_the_default_language_is_always_zh_or_en(environ: dict[str, str]) -> None:
    """Whatever the environment holds, the default is "zh" or "en", and --lang has the last word."""
    assert default_language(environ) in ("zh", "en")
    assert language_in(["report", "--lang", "en"], default_language(environ)) == "en"
    assert language_in(["report"], default_language(environ)) == default_language(environ)


def _command(environ: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    # The command in a new process, with the language variables of *environ* only.
    env = {**os.environ, **_NO_LANGUAGE, **environ, "PYTHONPATH": _PYTHONPATH}
    return subprocess.run(
        [sys.executable, "-m", "socialwork", *argv],
        check=False,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
    )


_PYTHONPATH = os.pathsep.join(
    [str(Path(sw.__file__).resolve().parents[1]), *filter(None, [os.environ.get("PYTHONPATH")])]
)


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"SOCIALWORK_LANG": "zh", "LANG": "C.UTF-8"}, "zh"),
        ({"SOCIALWORK_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, "en"),
    ],
)
def test_the_command_speaks_the_locale_s_language_without_lang(environ: dict[str, str], lang: str) -> None:
    """Under a Chinese locale the help, the output and a usage error are Chinese with no option; else English."""
    page = _command(environ, "--help")
    assert page.returncode == 0
    assert page.stdout.startswith("用法: " if lang == "zh" else "usage: ")
    summary = _command(environ, "summary")
    assert summary.returncode == 0
    assert summary.stdout.splitlines()[0] == ("登记汇总" if lang == "zh" else "Registry summary")
    wrong = _command(environ, "report", "--top", "x")
    assert wrong.returncode == 2
    assert (": 错误: " if lang == "zh" else ": error: ") in wrong.stderr


def test_lang_has_the_last_word_over_the_locale() -> None:
    """--lang en under a Chinese locale, and --lang zh under SOCIALWORK_LANG=en, are obeyed."""
    english = _command({"LANG": "zh_CN.UTF-8"}, "summary", "--lang", "en")
    assert english.stdout.splitlines()[0] == "Registry summary"
    chinese = _command({"SOCIALWORK_LANG": "en"}, "schema", "--help", "--lang", "zh")
    assert chinese.stdout.startswith("用法: ")


# -- every command's text output, in one language -----------------------------------------


def _snapshots(tmp_path: Path, registry: sw.Registry) -> list[str]:
    # The registry and a later snapshot of it: an organization added, a station renamed and moved in area.
    first = next(iter(registry.stations.values()))
    station = attrs.evolve(first, name=first.name + "2", area_m2="99")
    agency = sw.Organization(id="diff-org", name="新社工机构", kind=sw.OrgKind.SOCIAL_WORK_AGENCY)
    later = registry.replace([station]).add([agency])
    sw.dump(registry, tmp_path / "before.json")
    sw.dump(later, tmp_path / "after.json")
    return [str(tmp_path / "before.json"), str(tmp_path / "after.json")]


def _outputs(tmp_path: Path, name: str) -> Iterator[tuple[list[str], str]]:
    # The text commands on the registry *name*: by --dataset, or from a file.
    found = subject(name)
    if name in ("tiny", "faulty"):
        file = tmp_path / f"{name}.json"
        sw.dump(found.registry, file)
        given = [str(file)]
    else:
        given = ["--dataset", name]
    yield ["summary", *given], "summary"
    for command in (["validate"], ["funds"], ["match"], ["report"], ["score"]):
        yield [*command, *given], command[0]
    for fund in sorted(found.registry.funds)[:2]:
        yield ["funds", *given, "--fund", fund], "funds --fund"
    yield ["export", *given, "--to", "json", "-o", str(tmp_path / "out.json")], "export"
    yield ["diff", *_snapshots(tmp_path, found.registry)], "diff"
    yield ["generate", "--districts", "1", "-o", str(tmp_path / "made.json")], "generate"


@pytest.mark.parametrize("name", SUBJECTS)
def test_every_command_s_text_output_is_in_one_language(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    """What each command prints, on standard output and standard error, has no English word in Chinese and no Chinese in English."""
    data = subject(name).data | {
        str(tmp_path / f)
        for f in ("tiny.json", "faulty.json", "out.json", "made.json", "before.json", "after.json")
    }
    data |= {"example.json", "diff-org", "新社工机构"}
    for argv, what in _outputs(tmp_path, name):
        _, out, err = run(capsys, *argv, "--lang", "zh")
        assert CJK.search(out + err), (what, out)
        assert latin_words(out + err, data) == [], (what, out + err)
        _, out, err = run(capsys, *argv, "--lang", "en")
        assert chinese_words(out + err, data) == [], (what, out + err)
