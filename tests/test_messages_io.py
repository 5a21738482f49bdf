"""The messages of reading and writing, in both languages: the loader, the writers, graphs and frames.

A broken file is what most users meet first, so the loader's words matter most: its own,
and those of Python's json module and codecs, which it wraps. Each message keeps its
English exactly and has a Chinese text that names the same values.
"""

from __future__ import annotations

import ast
import io
import json
import json.decoder
import json.scanner
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import socialwork as sw
from socialwork import errors
from socialwork._optional import import_optional
from socialwork._tables import check_money
from socialwork.errors import Message
from socialwork.graph import build_graph
from socialwork.io._convert import structure_field

CJK = re.compile(r"[\u3400-\u9fff]")
HEADER = '{"format": "socialwork", "version": 1'


def loading(data: str | bytes | Any) -> list[sw.Problem]:
    """The problems that loading *data* reports."""
    with pytest.raises(sw.LoadError) as caught:
        sw.io.loads(data)
    assert caught.value.summary == "cannot load the document"
    assert caught.value.summary.zh == "无法载入文档"  # type: ignore[attr-defined]
    return list(caught.value.problems)


def assert_both(problem: sw.Problem, english: str, *values: str) -> None:
    """*problem* reads *english* exactly, and in Chinese has Chinese words and each of *values*."""
    assert problem.render("en") == str(problem) == english
    assert isinstance(problem.message, Message)
    chinese = problem.render("zh")
    assert CJK.search(chinese), chinese
    for value in values:
        assert value in chinese, (value, chinese)


def reason_of(call: Callable[[], object]) -> sw.FieldError:
    """The field error that *call* raises."""
    with pytest.raises(sw.FieldError) as caught:
        call()
    assert isinstance(caught.value.reason, Message)
    assert CJK.search(caught.value.reason.zh)
    return caught.value


# -- the json module's and the codecs' own words -------------------------------------------


def _json_sources() -> Iterator[Path]:
    folder = Path(json.__file__).parent
    yield from (folder / name for name in ("__init__.py", "decoder.py", "scanner.py"))


def _messages_in(tree: ast.AST) -> Iterator[str]:
    # The first argument of each JSONDecodeError(...) call: a literal, a name given a literal or
    # "...".format(x) in the same function (filled here with a control character, as the decoder
    # fills it), or such a format call itself.
    def resolve(node: ast.expr, scope: ast.AST) -> Iterator[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value
        elif (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"
        ):
            template = node.func.value
            assert isinstance(template, ast.Constant), ast.dump(node)
            assert isinstance(template.value, str)
            yield template.value.format("\x01")
        elif isinstance(node, ast.Name):
            for assign in ast.walk(scope):
                if isinstance(assign, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == node.id for t in assign.targets
                ):
                    yield from resolve(assign.value, scope)
        else:  # pragma: no cover - a new way of writing a message: teach this test to read it
            raise AssertionError(ast.dump(node))

    scopes = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
    for scope in scopes:
        for call in ast.walk(scope):
            if (
                isinstance(call, ast.Call)
                and getattr(call.func, "id", None) == "JSONDecodeError"
                and call.args
            ):
                yield from resolve(call.args[0], scope)


def _json_module_messages() -> set[str]:
    found: set[str] = set()
    for path in _json_sources():
        found.update(_messages_in(ast.parse(path.read_text(encoding="utf-8"))))
    return found


def test_every_message_the_python_json_decoder_can_write_has_its_chinese() -> None:
    """Each JSONDecodeError text in this Python's json package (its pure-Python decoder) is in the table."""
    messages = _json_module_messages()
    assert {"Expecting value", "Extra data", "Unterminated string starting at"} <= messages
    assert len(messages) >= 9
    for text in sorted(messages):
        reason = errors._json_reason(text)
        assert reason == text
        assert isinstance(reason, Message), f"no Chinese for the json module's {text!r}"
        assert CJK.search(reason.zh)


def test_every_message_the_c_json_decoder_can_write_has_its_chinese() -> None:
    """Each message text compiled into this Python's C decoder (_json) is in the table."""
    import _json

    file = getattr(_json, "__file__", None)
    if file is None:  # pragma: no cover - built into the interpreter: no file to read
        pytest.skip("the C decoder is built into this interpreter")
    texts = {
        found.decode("ascii")
        for found in re.findall(rb"[\x20-\x7e]{6,}", Path(file).read_bytes())
        if re.match(rb"(Expecting|Invalid|Unterminated|Illegal|Extra|Unexpected) ", found)
    }
    assert {"Expecting value", "Invalid control character at"} <= texts
    lacking = {text for text in texts if not isinstance(errors._json_reason(text), Message)}
    assert not lacking


BROKEN = [
    "",
    "[",
    "{",
    '{"a" 1}',
    '{"a": 1 "b": 2}',
    "[1 2]",
    "{1: 2}",
    '{"a": 1,}',
    "[1,]",
    '"abc',
    '"a\x01"',
    '"\\q"',
    '"\\u12"',
    '"\\',
    "[1] x",
    "nul",
    "-",
    '{"a"',
    "\ufeff[]",
]


PY_SCANSTRING: Any = getattr(json.decoder, "py_scanstring")  # noqa: B009 - not in the stubs


def _pure_python_loads(text: str) -> object:
    # The decoder as it runs where the C one is missing.
    decoder = json.JSONDecoder(parse_float=Decimal)
    decoder.parse_string = PY_SCANSTRING  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    return decoder.decode(text)


@pytest.mark.parametrize("text", BROKEN)
def test_every_json_error_of_both_decoders_is_translated(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the C decoder and the pure-Python one say of a broken text both have their Chinese."""
    monkeypatch.setattr(json.decoder, "scanstring", PY_SCANSTRING)
    for decode in (json.loads, _pure_python_loads):
        with pytest.raises(json.JSONDecodeError) as caught:
            decode(text)
        reason = errors._json_reason(caught.value.msg)
        assert isinstance(reason, Message), caught.value.msg
        assert reason == caught.value.msg


def test_an_unknown_json_reason_is_shown_as_it_is() -> None:
    """A reason the table lacks (a newer Python's) stays English in both languages, not lost."""
    assert errors._json_reason("Something new") == "Something new"
    assert not isinstance(errors._json_reason("Something new"), Message)
    assert errors._decode_reason("something new") == "something new"


def test_the_python_decoders_bad_character_is_kept_in_chinese() -> None:
    """The pure-Python decoder names the bad character; the Chinese names it too."""
    reason = errors._json_reason("Invalid \\escape: 'q'")
    assert isinstance(reason, Message)
    assert (reason, reason.zh) == ("Invalid \\escape: 'q'", "无效的转义序列：'q'")
    control = errors._json_reason("Invalid control character '\\x01' at")
    assert control == "Invalid control character '\\x01' at"
    assert isinstance(control, Message)
    assert "'\\x01'" in control.zh


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("utf-8", b"\xff"),
        ("utf-8", b"\xe4\x41"),
        ("utf-8", b"\xe4\xb8"),
        ("ascii", b"\x80"),
        ("gbk", b"\x81"),
        ("gbk", b"\x81\x20"),
        ("utf-16-le", b"a"),
        ("utf-16-le", b"\x00\xdc"),
        ("utf-16-le", b"\x00\xd8\x41\x00"),
        ("utf-32-le", b"\x00\x00\x11\x00"),
        ("utf-32-le", b"\x00\xd8\x00\x00"),
        ("utf-32-le", b"ab"),
        ("cp1252", b"\x81"),
    ],
)
def test_codec_reasons_have_their_chinese(encoding: str, data: bytes) -> None:
    """The reasons UTF-8 and the codecs a text file may be opened with give are in the table."""
    with pytest.raises(UnicodeDecodeError) as caught:
        data.decode(encoding)
    reason = errors._decode_reason(caught.value.reason)
    assert isinstance(reason, Message), caught.value.reason
    assert CJK.search(reason.zh)


documents = st.sampled_from(
    [HEADER + "}", HEADER + ', "divisions": [{"code": "510107", "name": "武侯区", "level": "district"}]}']
)


@settings(max_examples=200, deadline=None)
@given(document=documents, data=st.data())
def test_a_broken_document_is_explained_in_chinese(document: str, data: st.DataObject) -> None:
    """Cut, doubled or replaced characters in a document give problems whose Chinese has no English reason."""
    position = data.draw(st.integers(0, len(document)), label="position")
    change = data.draw(st.sampled_from(["cut", "double", "replace", "end"]), label="change")
    if change == "cut":
        text = document[:position] + document[position + 1 :]
    elif change == "double":
        text = document[:position] + document[position : position + 1] * 2 + document[position + 1 :]
    elif change == "replace":
        text = (
            document[:position]
            + data.draw(st.sampled_from('{}[]:,"\\x\x01 '), label="by")
            + document[position + 1 :]
        )
    else:
        text = document[:position]
    try:
        sw.io.loads(text)
    except sw.LoadError as error:
        for problem in error.problems:
            # What the loader says of the document as a whole, and every Message of the other
            # problems (the model's rules speak for themselves).
            assert isinstance(problem.message, Message) or problem.path
            if isinstance(problem.message, Message):
                chinese = problem.render("zh")
                assert CJK.search(chinese), chinese
                if problem.message.startswith("the document is not valid JSON"):
                    assert CJK.search(chinese.rsplit("：", 1)[-1]), chinese


# -- the loader's own words ------------------------------------------------------------------


def test_what_is_not_json_is_said_in_both_languages() -> None:
    """Not bytes, too large, not UTF-8, not JSON, NaN, nested too deeply: each in both languages."""
    (problem,) = loading(5)
    assert_both(problem, "expected the document as bytes or str, got int", "int")
    with pytest.raises(sw.LoadError) as caught:
        sw.io.loads(b"[1, 2]", max_size=3)
    assert_both(
        caught.value.problems[0],
        "the document has 6 bytes, more than the limit of 3 (max_size)",
        "6 字节",
        "max_size",
    )
    (problem,) = loading(b'{"a": \xff}')
    assert_both(
        problem, "the document is not valid UTF-8: byte 6 (b'\\xff') invalid start byte", "b'\\xff'", "6"
    )
    (problem,) = loading('{"format": "socialwork",\n "version" 1}')
    assert_both(
        problem,
        "the document is not valid JSON at line 2, column 12: Expecting ':' delimiter",
        "第 2 行",
        "第 12 列",
        "':'",
    )
    assert problem.render("zh") == "文档不是有效的 JSON（第 2 行，第 12 列）：此处应为分隔符 ':'"
    (problem,) = loading("[NaN]")
    assert_both(problem, "the document is not valid JSON: NaN is not a number JSON allows", "NaN")
    (problem,) = loading("[" * 100_000)
    assert_both(
        problem,
        "the document is not valid JSON for this reader: its arrays and objects are nested too deeply",
    )


def test_a_file_that_is_not_text_is_said_in_both_languages() -> None:
    """load() of a file of the wrong kind, or of text that is not UTF-8, explains it in both languages."""
    with pytest.raises(sw.LoadError) as caught:
        sw.io.load(io.TextIOWrapper(io.BytesIO(b"[\xff]"), encoding="utf-8"))
    assert_both(
        caught.value.problems[0],
        "the file is not valid UTF-8 text: invalid start byte at byte 1 of a read",
        "位置 1",
        "起始字节",
    )
    with pytest.raises(sw.LoadError) as caught:
        sw.io.load(5)  # type: ignore[arg-type]
    assert_both(caught.value.problems[0], "expected a path or a file open for reading, got int", "int")


def test_the_documents_keys_and_version_are_said_in_both_languages() -> None:
    """A document of another format or version, with unknown or doubled keys, says so in both languages."""
    problems = loading('{"format": "x", "version": 9, "format": "y", "extra": 1}')
    by_path = {problem.path: problem for problem in problems}
    assert_both(by_path[""], "duplicate key(s) 'format' in the document", "'format'")
    assert_both(by_path["format"], "format: expected 'socialwork', got 'y'", "'socialwork'", "'y'")
    assert_both(
        by_path["version"],
        "version: expected 1 or 2 or 3 (this library reads versions 1, 2 and 3), got 9",
        "1 或 2",
        "9",
    )
    assert by_path["version"].render("zh") == "version: 应为 1 或 2 或 3（本库读取版本 1、2 和 3），实为 9"
    assert_both(
        by_path["extra"],
        "extra: unknown key 'extra'; expected 'format', 'version' or " + ", ".join(sw.model.KINDS),
        "'extra'",
        "grants",
    )
    (problem,) = loading("[]")
    assert_both(problem, "expected a JSON object with \"format\": 'socialwork', got list", "list")


def test_the_entities_problems_are_said_in_both_languages() -> None:
    """Objects that are not objects, unknown, doubled or missing keys and dangling ids, in both languages."""
    text = (
        HEADER
        + ', "stations": {}, "divisions": [5, {"code": "510107", "name": "武侯区", "level": "district",'
        ' "x": 1, "x": 2}], "organizations": [{"id": "o", "name": "n", "kind": "foundation",'
        ' "public_fundraising": true}], "funds": [{"id": "f", "name": "x", "manager_id": "zz"}]}'
    )
    by_path = {problem.path: problem for problem in loading(text)}
    assert_both(by_path["stations"], "stations: expected an array of stations, got dict", "社工站", "dict")
    assert_both(by_path["divisions[0]"], "divisions[0]: expected an object, got int", "int")
    assert_both(by_path["divisions[1]"], "divisions[1]: duplicate key(s) 'x' in one object", "'x'")
    assert_both(
        by_path["divisions[1].x"],
        "divisions[1].x: unknown key 'x'; the keys of divisions are code, name, level, parent_code",
        "行政区划",
        "parent_code",
    )
    assert_both(
        by_path["organizations[0].public_fundraising"],
        "organizations[0].public_fundraising: unknown key 'public_fundraising' in a version 1 document; "
        "the keys of organizations in version 1 are id, name, kind, credit_code, division_id "
        "(write version 2 to use it)",
        "版本 1",
        "版本 2",
        "division_id",
    )
    assert_both(by_path["funds[0].division_id"], "funds[0].division_id: required key is missing")
    assert_both(by_path["funds[0].manager_id"], "funds[0].manager_id: unknown organization 'zz'", "'zz'")
    assert by_path["funds[0].manager_id"].render("zh") == "funds[0].manager_id: 未知的社会组织 'zz'"


def test_the_field_hooks_say_what_they_expected_in_both_languages() -> None:
    """Whole numbers, dates, enumerations and arrays refused by the JSON hooks, in both languages."""
    assert reason_of(lambda: structure_field(Decimal("5.0"), int)).reason == (
        "expected a whole number without a decimal point, got 5.0"
    )
    long = reason_of(lambda: structure_field(Decimal("1" * 70 + ".0"), int)).reason
    assert long == f"expected a whole number without a decimal point, got {'1' * 57}... (72 digits)"
    assert "72 位" in long.zh  # type: ignore[attr-defined]
    assert reason_of(lambda: structure_field("5", int)).reason == "expected a whole number, got string '5'"
    levels = ", ".join(repr(level.value) for level in sw.DivisionLevel)
    assert reason_of(lambda: structure_field(5, sw.DivisionLevel)).reason == (
        f"expected one of {levels}, got number 5"
    )
    text = HEADER + ', "funds": [{"id": "f", "name": "x", "manager_id": "o", "division_id": "d",'
    problems = loading(text + ' "established": "2020-02-30"}]}')
    assert_both(
        next(p for p in problems if p.path == "funds[0].established"),
        "funds[0].established: no such date: '2020-02-30'",
        "'2020-02-30'",
    )
    problems = loading(text + ' "established": 5}]}')
    assert_both(
        next(p for p in problems if p.path == "funds[0].established"),
        "funds[0].established: expected a date string 'YYYY-MM-DD', got number 5",
        "'YYYY-MM-DD'",
        "number 5",
    )
    problems = loading(text + ' "established": "2020-1-1"}]}')
    assert_both(
        next(p for p in problems if p.path == "funds[0].established"),
        "funds[0].established: expected a date 'YYYY-MM-DD', got '2020-1-1'",
        "'2020-1-1'",
    )
    problems = loading(
        HEADER + ', "stations": [{"id": "s", "name": "n", "level": "street", '
        '"division_id": "d", "operator_id": "o", "co_builder_ids": 5}]}'
    )
    assert_both(
        next(p for p in problems if p.path.endswith("co_builder_ids")),
        "stations[0].co_builder_ids: expected an array, got number 5",
        "number 5",
    )


# -- writers, graphs, frames and the helpers ---------------------------------------------------


def test_the_writers_and_the_graph_refuse_wrong_arguments_in_both_languages() -> None:
    """write_atomically, write_tables, write_graphml, node_link_data and build_graph name what they expected."""
    registry = sw.datasets.example()
    error = reason_of(lambda: sw.io.write_atomically("x.json", b""))  # type: ignore[arg-type]
    assert (error.path, error.reason) == ("path", "expected a pathlib.Path and bytes, got str and bytes")
    assert "pathlib.Path" in error.reason.zh  # type: ignore[attr-defined]
    error = reason_of(lambda: sw.io.write_tables(registry, 5))  # type: ignore[arg-type]
    assert (error.path, error.reason) == ("target", "expected a path or a binary file, got int")
    error = reason_of(lambda: sw.io.write_graphml(registry, 5))  # type: ignore[arg-type]
    assert (error.path, error.reason) == ("target", "expected a path or a binary file, got int")
    error = reason_of(lambda: sw.io.node_link_data(5))
    assert (error.path, error.reason) == ("graph", "expected a Registry or a networkx graph, got int")
    assert "networkx" in error.reason.zh  # type: ignore[attr-defined]
    error = reason_of(lambda: build_graph([]))  # type: ignore[arg-type]
    assert (error.path, error.reason) == ("registry", "expected a Registry, got list")
    assert error.problems[0].render("zh") == "registry: 应为 Registry，实为 list"


def test_the_helpers_refuse_in_both_languages() -> None:
    """check_money and import_optional say what they expected, or how to install, in both languages."""
    error = reason_of(lambda: check_money("yuan"))
    assert (error.path, error.reason) == ("money", "expected 'decimal' or 'fen', got 'yuan'")
    assert "'yuan'" in error.reason.zh  # type: ignore[attr-defined]
    with pytest.raises(sw.MissingDependencyError) as caught:
        import_optional("no_such_module_xyz", extra="pandas", purpose="to_frame()")
    message = caught.value.args[0]
    assert message == (
        "to_frame() needs no_such_module_xyz, which is not installed; "
        "install it with: pip install 'socialwork[pandas]'"
    )
    assert isinstance(message, Message)
    assert (
        message.zh
        == "to_frame() 需要 no_such_module_xyz，但它没有安装；请用 pip install 'socialwork[pandas]' 安装"
    )


def test_the_frames_refuse_in_both_languages() -> None:
    """to_frames and from_frames name wrong arguments, unknown kinds, columns and frames in both languages."""
    pytest.importorskip("pandas")
    from socialwork.io import from_frames, to_frames

    error = reason_of(lambda: to_frames(5))  # type: ignore[arg-type]
    assert (error.path, error.reason) == ("registry", "expected a Registry, got int")
    error = reason_of(lambda: to_frames(sw.Registry(), redact=1))  # type: ignore[arg-type]
    assert (error.path, error.reason) == ("redact", "expected True or False, got int")
    error = reason_of(lambda: from_frames(5))  # type: ignore[arg-type]
    assert (error.path, error.reason) == ("frames", "expected a mapping of kind name to DataFrame, got int")
    frames = to_frames(sw.Registry(), redact=False)
    frames["stations"] = frames["stations"].assign(colour=[])
    with pytest.raises(sw.LoadError) as caught:
        from_frames({**frames, "places": 1, "needs": 5})
    assert caught.value.summary.zh == "无法载入文档"  # type: ignore[attr-defined]
    by_path = {problem.path: problem for problem in caught.value.problems}
    assert_both(
        by_path["places"],
        "places: unknown kind 'places'; expected one of " + ", ".join(sw.model.KINDS),
        "'places'",
    )
    assert_both(by_path["needs"], "needs: expected a pandas DataFrame, got int", "pandas DataFrame", "int")
    assert_both(
        by_path["stations"],
        "stations: unknown column 'colour'; expected " + ", ".join(f.name for f in attrs.fields(sw.Station)),
        "'colour'",
    )
