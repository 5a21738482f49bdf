"""Messages in two languages: every error text the library writes is a Message, in English and Chinese.

The Message type is tested here, and so is the rule that keeps the library to it: a
reading of the source finds every error the package raises and every Problem it makes,
and fails on each whose text is a plain string (a literal, an f-string, or a name such a
string was assigned to), naming its file and line.
"""

from __future__ import annotations

import ast
import copy
import errno as errno_module
import json
import os
import pickle
import re
import string
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import socialwork as sw
from socialwork import errors
from socialwork.errors import Message, Problem, text_in

SOURCE = Path(sw.__file__).parent
CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")

# The classes whose first text argument is a message a user reads, and which argument it is.
_ERRORS = {
    name
    for name in dir(errors)
    if isinstance(getattr(errors, name), type) and issubclass(getattr(errors, name), errors.SocialWorkError)
} | {"ParametersError", "InputError", "ViolationError"}


# The calls whose second argument is the message: Problem(path, message), usage_error(args, message).
_SECOND = {"Problem", "usage_error"}


# -- Message --------------------------------------------------------------------------

values = st.one_of(st.text(max_size=20), st.integers(), st.decimals(allow_nan=False, allow_infinity=False))


@given(value=values)
def test_a_message_is_its_english_text_and_knows_its_chinese(value: object) -> None:
    """A Message equals, hashes and prints as its English text; zh and text('zh') give the Chinese."""
    message = Message("got {value}", "实为 {value}", value=value)
    assert message == f"got {value}"
    assert hash(message) == hash(f"got {value}")
    assert message.en == f"got {value}"
    assert type(message.en) is str
    assert message.zh == message.text("zh") == f"实为 {value}"
    assert message.text() == message.text("en") == message
    assert message.template == "got {value}"
    assert message.zh_template == "实为 {value}"
    assert dict(message.params) == {"value": value}


@given(value=values)
def test_a_message_survives_pickling_and_copying(value: object) -> None:
    """Pickling, copy and deepcopy keep both texts, the templates and the values."""
    message = Message("got {value}", "实为 {value}", value=Message("x {v}", "叉 {v}", v=value))
    for clone in (pickle.loads(pickle.dumps(message)), copy.copy(message), copy.deepcopy(message)):
        assert type(clone) is Message
        assert (clone, clone.zh, clone.template, clone.zh_template) == (
            message,
            message.zh,
            message.template,
            message.zh_template,
        )


def test_a_message_inside_a_message_follows_the_outer_language() -> None:
    """A value that is a Message is written in Chinese in the Chinese text and in English in the English."""
    kind = Message("station", "社工站")
    message = Message("unknown {kind} {id}", "未知的{kind} {id}", kind=kind, id="'x'")
    assert (message, message.zh) == ("unknown station 'x'", "未知的社工站 'x'")


def test_a_message_refuses_texts_with_different_fields() -> None:
    """The two templates must name the same fields; the error says which texts disagree, in both languages."""
    with pytest.raises(sw.InvalidValueError) as caught:
        Message("expected {what}", "应为{that}", what=1, that=2)
    assert caught.value.path == "zh"
    assert "'expected {what}'" in caught.value.reason
    assert isinstance(caught.value.reason, Message)
    assert CJK.search(caught.value.reason.zh)


def test_a_pair_of_templates_checked_once_does_not_vouch_for_another() -> None:
    """The fields of each pair of templates are checked; a good pair does not let a bad one with its English by."""
    assert Message("got {n}", "实为 {n}", n=1).zh == "实为 1"
    with pytest.raises(sw.InvalidValueError):
        Message("got {n}", "实为 {m}", n=1, m=2)
    assert Message("got {n}", "实为 {n}", n=2).zh == "实为 2"


@given(value=values)
def test_the_chinese_made_when_first_read_is_the_same_every_time(value: object) -> None:
    """The Chinese text, filled in when first asked for, is the same on every reading and after pickling."""
    inner = Message("x {v}", "叉 {v}", v=value)
    message = Message("got {value}", "实为 {value}", value=inner)
    first = message.zh
    assert first == message.zh == f"实为 叉 {value}"
    assert pickle.loads(pickle.dumps(message)).zh == first


def test_a_message_cannot_be_changed() -> None:
    """A Message is frozen as attrs classes are; its params are a read-only view."""
    message = Message("got {n}", "实为 {n}", n=1)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        message.zh = "x"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        del message.template
    with pytest.raises(TypeError):
        message.params["n"] = 2  # type: ignore[index]


def test_braces_are_written_as_in_str_format() -> None:
    """Doubled braces are one brace in either language, as in str.format."""
    message = Message("a {{literal}} and {n}", "字面 {{literal}} 与 {n}", n=3)
    assert (message, message.zh) == ("a {literal} and 3", "字面 {literal} 与 3")


@given(parts=st.lists(st.text(max_size=5), max_size=5))
def test_joined_joins_each_language_with_its_separator(parts: list[str]) -> None:
    """Message.joined joins the English with one separator and the Chinese with another."""
    messages = [Message("e {p}", "中 {p}", p=part) for part in parts]
    joined = Message.joined("; ", "；", messages)
    assert joined == "; ".join(messages)
    assert joined.zh == "；".join(m.zh for m in messages)


def test_text_refuses_an_unknown_language_in_both_languages() -> None:
    """text() and text_in() take "zh" or "en" only, and say so in a Message."""
    for call in (lambda: Message("a", "甲").text("fr"), lambda: text_in("a", "fr")):  # type: ignore[arg-type]
        with pytest.raises(sw.InvalidValueError) as caught:
            call()
        assert caught.value.path == "lang"
        assert isinstance(caught.value.reason, Message)


def test_text_in_leaves_plain_strings_as_they_are() -> None:
    """A plain string (a user's own rule, another library) is shown as it was written, in either language."""
    assert text_in("no funds", "zh") == "no funds"
    assert text_in(Message("no funds", "没有基金"), "zh") == "没有基金"


def test_a_problem_renders_in_either_language() -> None:
    """Problem.render puts the path before the message in the chosen language; str() stays English."""
    problem = Problem("stations[3].parent_id", Message("unknown station", "未知的社工站"))
    assert problem.render("zh") == "stations[3].parent_id: 未知的社工站"
    assert problem.render("en") == str(problem) == "stations[3].parent_id: unknown station"
    assert Problem("", Message("empty", "空")).render("zh") == "空"
    assert problem.under("x").render("zh") == "x.stations[3].parent_id: 未知的社工站"


def test_errors_keep_their_messages_through_pickling() -> None:
    """A FieldError's reason and a ProblemsError's summary and problems stay Messages when pickled."""
    reason = Message("expected text", "应为文本")
    field = pickle.loads(pickle.dumps(sw.InvalidValueError(reason, path="name")))
    assert isinstance(field.reason, Message)
    assert field.problems[0].render("zh") == "name: 应为文本"
    summary = Message("cannot load", "无法载入")
    problems = pickle.loads(pickle.dumps(sw.LoadError(summary, [Problem("a", reason)])))
    assert problems.summary.zh == "无法载入"
    assert problems.problems[0].render("zh") == "a: 应为文本"


@pytest.mark.parametrize(
    ("value", "zh"),
    [(10**5000, "一个 5001 位的整数"), ("x" * 200, "（200 个字符）")],
    ids=["digits", "characters"],
)
def test_excerpt_says_what_it_cut_in_both_languages(value: object, zh: str) -> None:
    """The words excerpt adds (how long a cut value was, how many digits) are a Message too."""
    cut = errors.excerpt(value)
    assert isinstance(cut, Message)
    assert zh in cut.zh


# -- the rule that every message of the library is a Message ----------------------------


def _calls(tree: ast.AST) -> Iterator[tuple[ast.Call, ast.AST]]:
    # Every call, with the function (or module) that holds it.
    scopes: list[ast.AST] = [tree]

    def visit(node: ast.AST) -> Iterator[tuple[ast.Call, ast.AST]]:
        is_scope = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        if is_scope:
            scopes.append(node)
        if isinstance(node, ast.Call):
            yield node, scopes[-1]
        for child in ast.iter_child_nodes(node):
            yield from visit(child)
        if is_scope:
            scopes.pop()

    yield from visit(tree)


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _text_argument(call: ast.Call) -> ast.expr | None:
    name = _name(call.func)
    keyword = "message" if name in _SECOND else "reason"
    for argument in call.keywords:
        if argument.arg in (keyword, "summary"):
            return argument.value
    index = 1 if name in _SECOND else 0
    return call.args[index] if len(call.args) > index else None


def _is_plain(node: ast.expr) -> bool:
    # Text made in one language only: a literal, an f-string, or text built from them.
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and any(c.isalpha() for c in node.value)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _is_plain(node.left) or _is_plain(node.right)
    if isinstance(node, ast.IfExp):
        return _is_plain(node.body) or _is_plain(node.orelse)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr in ("format", "join") and _is_plain(node.func.value)
    return False


def _assigned(scope: ast.AST, name: str) -> Iterator[ast.expr]:
    # Every value the function (or module) *scope* gives the variable *name*.
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign | ast.AugAssign) and node.value is not None:
            targets = [node.target]
        else:
            continue
        if any(isinstance(target, ast.Name) and target.id == name for target in targets):
            yield node.value


def _one_language_messages() -> list[str]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call, scope in _calls(tree):
            if _name(call.func) not in _ERRORS | _SECOND:
                continue
            argument = _text_argument(call)
            if argument is None:
                continue
            plain = _is_plain(argument) or (
                isinstance(argument, ast.Name) and any(_is_plain(v) for v in _assigned(scope, argument.id))
            )
            if plain:
                found.append(f"{path.relative_to(SOURCE.parent)}:{call.lineno}: {_name(call.func)}")
    return found


def test_every_message_of_the_library_is_in_both_languages() -> None:
    """No error the package raises and no Problem it makes has its text in one language only."""
    found = _one_language_messages()
    assert not found, f"{len(found)} message(s) in English only:\n" + "\n".join(found)


def _literal(template: str) -> str:
    # The words of a template, without its fields.
    return "".join(text for text, _, _, _ in string.Formatter().parse(template))


def _templates() -> Iterator[tuple[str, int, str, str]]:
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) == "Message" and len(node.args) >= 2:
                en, zh = node.args[0], node.args[1]
                if isinstance(en, ast.Constant) and isinstance(zh, ast.Constant):
                    yield str(path.relative_to(SOURCE.parent)), node.lineno, str(en.value), str(zh.value)


def test_every_message_template_has_chinese_with_the_same_fields() -> None:
    """Each Message written in the source has Chinese text with the same fields as its English."""
    bad = []
    for where, line, en, zh in _templates():
        if errors._fields(en) != errors._fields(zh):
            bad.append(f"{where}:{line}: fields differ: {en!r} / {zh!r}")
        elif (
            any(c.isalpha() for c in _literal(en))
            and not CJK.search(_literal(zh))
            and zh.strip() != en.strip()  # a word the same in both, such as null
        ):
            bad.append(f"{where}:{line}: no Chinese in the Chinese text: {zh!r}")
    assert not bad, "\n".join(bad)


# -- reason_of: what Python's and the system's errors say, in Chinese too ---------------


def test_reason_of_gives_json_s_reason_in_chinese() -> None:
    """A JSONDecodeError's reason, without its position, is a Message with its Chinese."""
    with pytest.raises(json.JSONDecodeError) as caught:
        json.loads('{"a": 1,}')
    reason = errors.reason_of(caught.value)
    assert isinstance(reason, Message)
    assert reason == caught.value.msg
    assert CJK.search(reason.zh)


def test_reason_of_gives_a_codec_s_reason_in_chinese() -> None:
    """A UnicodeDecodeError's reason is a Message with its Chinese."""
    with pytest.raises(UnicodeDecodeError) as caught:
        b"\xff".decode("utf-8")
    reason = errors.reason_of(caught.value)
    assert (reason, getattr(reason, "zh", None)) == ("invalid start byte", "不是有效的起始字节")


@given(number=st.sampled_from(sorted(errno_module.errorcode)))
def test_reason_of_an_os_error_is_what_the_system_says(number: int) -> None:
    """For any errno, the English is the system's own text; the Chinese is known or the same."""
    error = OSError(number, os.strerror(number))
    reason = errors.reason_of(error)
    assert reason == os.strerror(number)
    assert text_in(reason, "zh") == reason or CJK.search(text_in(reason, "zh"))


def test_reason_of_a_library_error_is_its_message() -> None:
    """A socialwork error gives its Message (after its path for a FieldError); others their text."""
    message = Message("unknown station", "未知的社工站")
    assert errors.reason_of(sw.UnknownIdError(message)) is message
    field = errors.reason_of(sw.InvalidValueError(message, path="stations[3]"))
    assert (field, text_in(field, "zh")) == ("stations[3]: unknown station", "stations[3]: 未知的社工站")
    assert errors.reason_of(sw.InvalidValueError(message)) is message
    assert errors.reason_of(ValueError("plain")) == "plain"
    assert errors.reason_of(RuntimeError()) == "RuntimeError"


@given(lines=st.integers(0, 5), spaces=st.integers(0, 5))
def test_position_of_says_where_json_stopped_in_both_languages(lines: int, spaces: int) -> None:
    """The line and column are json's own, in both texts; an error without a position gives ''."""
    with pytest.raises(json.JSONDecodeError) as caught:
        json.loads("\n" * lines + " " * spaces + "]")
    where = errors.position_of(caught.value)
    line, column = caught.value.lineno, caught.value.colno
    assert (where, text_in(where, "zh")) == (
        f" at line {line}, column {column}",
        f"（第 {line} 行，第 {column} 列）",
    )
    with pytest.raises(UnicodeDecodeError) as bad:
        (b"a" * lines + b"\xff").decode("utf-8")
    assert text_in(errors.position_of(bad.value), "zh") == f"（第 {lines} 字节）"
    assert errors.position_of(ValueError("x")) == ""
