"""The JSON Schema is as strict as JSON Schema can say what the loader checks, and no stricter.

Every case of the bad-input catalogue (``tests/catalogue.py``) is fed to the loader and
to ``jsonschema`` (Draft 2020-12, with formats asserted). The schema refuses each case
unless it is listed below with the reason JSON Schema cannot say it: a new case
therefore has to be refused by the schema or put in a list, with its reason. In the
other direction, the schema accepts every valid document, and each of its patterns
agrees with the model's own check, property by property.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import socialwork as sw
from socialwork.io import _schema
from socialwork.model import DivisionLevel, check_credit_code, check_division_code, to_decimal, to_money
from socialwork.model.validators import check_id, check_text
from socialwork.testing import credit_codes, division_codes, registries
from tests.catalogue import BASE, LOAD_CASES

SCHEMA = sw.io.json_schema()
VALIDATOR = jsonschema.Draft202012Validator(
    SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)

# The cases JSON Schema cannot express, each with the reason; the loader refuses them all.
CANNOT_EXPRESS: dict[str, str] = {
    "credit code check character": "the check character is arithmetic (mod 31) over the other 17 "
    "characters (GB 32100-2015), which no pattern can say",
    "float money": "the fen of a JSON number: multipleOf 0.01 is binary floating point in most "
    "validators (0.07 / 0.01 is not a whole number there), so it would refuse good amounts; "
    "written as a string, as dump writes it, the fen is checked by a pattern",
    "lone surrogate": "a lone surrogate is no Unicode character: validators see JSON strings as "
    "Unicode text, and what a pattern sees of one (or of half an emoji, in ECMA-262 without "
    "the u flag) differs between them",
    "dangling reference": "a reference to another entity: JSON Schema cannot say that a value "
    "names an object elsewhere in the document",
    "duplicate id": "an id used once in a list: uniqueItems compares whole objects, not one key",
    "duplicate keys": "JSON Schema validates the parsed document, where a repeated key is "
    "already gone (RFC 8259 leaves repeated names to the parser)",
    "street whose code does not extend its parent's": "two values of one object compared (a code "
    "and its parent's): draft 2020-12 has no $data",
    "station that is its own parent": "two values of one object compared (an id and a parent id)",
    "project that ends before it starts": "two values of one object compared (two dates)",
}

# The cases that are not JSON documents at all: a strict parser refuses them before any schema.
NOT_JSON: dict[str, str] = {
    "NaN": "RFC 8259 has no NaN",
    "Infinity": "RFC 8259 has no Infinity",
    "invalid UTF-8": "JSON text is UTF-8 (RFC 8259 section 8.1)",
    "nesting 100,000 deep": "deeper than a parser takes (RFC 8259 section 9 lets it set a limit)",
}

EXPRESSIBLE = [case for case in LOAD_CASES if case not in CANNOT_EXPRESS and case not in NOT_JSON]


class NotJsonError(Exception):
    """The input is not a JSON document that a strict parser reads."""


def _refuse(constant: str) -> Any:
    msg = f"not JSON: {constant}"
    raise NotJsonError(msg)


def _number(text: str) -> Decimal | float:
    # Decimal has no number with an exponent past its range; a float parser makes it infinite.
    try:
        return Decimal(text)
    except InvalidOperation:
        return float(text)


def _integer(text: str) -> int | Decimal:
    # Python refuses int() of more than 4,300 digits; a validator still sees such a number.
    return int(text) if len(text) < 4300 else Decimal(text)


def parse(data: str | bytes) -> Any:
    """Parse *data* strictly, as a validator would see it: decimals exactly, as the loader reads them."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        return json.loads(text, parse_float=_number, parse_int=_integer, parse_constant=_refuse)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise NotJsonError(str(error)) from None


def schema_paths(document: Any) -> list[str]:
    """The paths, in the loader's form, of the schema's errors for *document*."""
    paths = []
    for error in VALIDATOR.iter_errors(document):
        path = ""
        for part in error.absolute_path:
            path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
        paths.append(path)
    return paths


def _under(path: str, prefix: str) -> bool:
    return prefix in ("", path) or path.startswith((prefix + ".", prefix + "["))


def test_every_case_is_expressible_or_listed_with_its_reason() -> None:
    """The lists name catalogue cases only, each once, with a reason; the rest the schema must refuse."""
    assert set(CANNOT_EXPRESS) <= set(LOAD_CASES)
    assert set(NOT_JSON) <= set(LOAD_CASES)
    assert not set(CANNOT_EXPRESS) & set(NOT_JSON)
    assert all(reason.strip() for reason in [*CANNOT_EXPRESS.values(), *NOT_JSON.values()])
    assert len(EXPRESSIBLE) >= 35


@pytest.mark.parametrize("case", EXPRESSIBLE)
def test_the_schema_refuses_what_the_loader_refuses(case: str) -> None:
    """The schema refuses the case, at the loader's path or an object above it."""
    data, path = LOAD_CASES[case]
    with pytest.raises(sw.LoadError):
        sw.loads(data)
    paths = schema_paths(parse(data))
    assert paths, f"{case}: the schema accepts it; make the schema refuse it, or list it with the reason"
    # The schema's error is at the loader's path, at an object above it, or (when the loader
    # names the whole document) below it.
    assert any(_under(path, found) or _under(found, path) for found in paths), (path, paths)


@pytest.mark.parametrize("case", list(CANNOT_EXPRESS))
def test_the_cases_listed_as_beyond_json_schema_are_accepted_by_it(case: str) -> None:
    """A listed case is refused by the loader and accepted by the schema: once the schema refuses it, unlist it."""
    data, _ = LOAD_CASES[case]
    with pytest.raises(sw.LoadError):
        sw.loads(data)
    assert VALIDATOR.is_valid(parse(data))


@pytest.mark.parametrize("case", list(NOT_JSON))
def test_what_is_not_json_is_refused_by_a_strict_parser(case: str) -> None:
    """The inputs that are not JSON never reach a schema: a strict parser refuses them, as the loader does."""
    data, _ = LOAD_CASES[case]
    with pytest.raises(sw.LoadError):
        sw.loads(data)
    with pytest.raises(NotJsonError):
        parse(data)


# -- every valid document is valid under the schema ---------------------------------------------


@pytest.mark.parametrize("name", sorted(sw.datasets.SCENARIOS))
def test_the_schema_accepts_each_scenario(name: str) -> None:
    """The registries of the three reported scenarios are valid documents."""
    assert schema_paths(parse(sw.dumps(sw.datasets.scenario(name).registry))) == []


def test_the_schema_accepts_the_example_synthetic_and_a_version_1_document() -> None:
    """The bundled example, a small synthetic registry, and the example as version 1 are valid."""
    assert schema_paths(BASE) == []
    assert schema_paths(parse(sw.dumps(sw.datasets.synthetic(districts=2, seed=3)))) == []
    assert schema_paths(dict(BASE, version=1)) == []
    assert schema_paths(parse(sw.dumps(sw.datasets.synthetic(districts=1, seed=1, faults=())))) == []


TEXTS = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12
).filter(lambda s: s.strip() != "")


@settings(max_examples=50, deadline=None)
@given(registries(shuffled=True, texts=TEXTS))
def test_the_schema_accepts_every_registry_that_dumps(reg: sw.Registry) -> None:
    """Whatever valid registry Hypothesis draws, with names in any text, its document is valid."""
    assert schema_paths(parse(sw.dumps(reg))) == []


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    """The schema passes its meta-schema, and every pattern compiles as Python's re reads it."""
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    text = json.dumps(SCHEMA)
    for pattern in re.findall(r'"pattern": ("(?:[^"\\]|\\.)*")', text):
        re.compile(json.loads(pattern))


# -- each pattern agrees with the model's own check ---------------------------------------------


def _passes(check: Any, *args: Any, **kwargs: Any) -> bool:
    try:
        check(*args, **kwargs)
    except sw.SocialWorkError:
        return False
    return True


def test_the_class_of_white_space_is_exactly_what_strip_removes() -> None:
    """WHITE_SPACE holds exactly the characters str.isspace accepts; NOT_PRINTABLE only unprintable ones."""
    white = re.compile(f"[{_schema.WHITE_SPACE}]")
    unprintable = re.compile(f"[{_schema.NOT_PRINTABLE}]")
    for code in range(0x110000):
        char = chr(code)
        assert (white.match(char) is not None) == char.isspace(), hex(code)
        if unprintable.match(char):
            assert not char.isprintable(), hex(code)


@given(st.text(max_size=8) | st.sampled_from([" a", "a ", "a b", "a\u3000b", "\u200b", "a\u2028b", "\x7f"]))
def test_the_id_pattern_accepts_every_id_and_refuses_what_it_can(text: str) -> None:
    """An id check_id accepts matches ID_PATTERN; for ASCII text, and for spaces and separators, they agree."""
    matches = re.search(_schema.ID_PATTERN, text) is not None
    valid = _passes(check_id, None, "id", text)
    if valid:
        assert matches
    if text.isascii() or not (set(text) - set(" \u3000\u200b\u2028a")):
        assert matches == valid


@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=6))
def test_the_text_pattern_agrees_with_check_text(text: str) -> None:
    """A name matches TEXT_PATTERN exactly when check_text accepts it (lone surrogates aside)."""
    assert (re.search(_schema.TEXT_PATTERN, text) is not None) == _passes(check_text, None, "name", text)


DECIMAL_TEXTS = st.from_regex(r"\A-?[0-9]{1,27}(\.[0-9]{1,5})?\Z") | st.sampled_from(
    ["-0", "-0.00", "0.001", "1.000", "1.0010", "0" * 30 + "1", "9" * 25, "1" + "0" * 25, "1e3", "1.", ".5"]
)


@given(DECIMAL_TEXTS)
def test_the_decimal_and_money_patterns_agree_with_the_model(text: str) -> None:
    """DECIMAL, MONEY and POSITIVE_MONEY patterns accept a string exactly when to_decimal/to_money (> 0) do."""
    assert (re.search(_schema.DECIMAL_PATTERN, text) is not None) == _passes(to_decimal, text)
    assert (re.search(_schema.MONEY_PATTERN, text) is not None) == _passes(to_money, text)
    positive = _passes(to_money, text) and to_money(text) > 0
    assert (re.search(_schema.POSITIVE_MONEY_PATTERN, text) is not None) == positive


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


@given(st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z") | st.dates().map(dt.date.isoformat))
def test_the_date_pattern_and_format_agree_with_the_loader(text: str) -> None:
    """A date string passes the pattern and the date format exactly when it is a real calendar day."""
    schema = SCHEMA["$defs"]["Date"]
    valid = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).is_valid(text)
    assert valid == _is_date(text)
    if _is_date(text):
        assert re.search(_schema.DATE_PATTERN, text)


@given(st.sampled_from(list(DivisionLevel)), st.from_regex(r"\A[0-9]{6}([0-9]{3}){0,2}\Z"))
def test_the_code_pattern_of_each_level_agrees_with_check_division_code(
    level: DivisionLevel, code: str
) -> None:
    """A code matches its level's pattern exactly when check_division_code accepts it at that level."""
    pattern = _schema._CODE_OF_LEVEL[level]
    assert (re.search(pattern, code) is not None) == _passes(check_division_code, code, level)
    if _passes(check_division_code, code, level):
        assert re.search(_schema.DIVISION_CODE_PATTERN, code)


@given(st.sampled_from([DivisionLevel.STREET, DivisionLevel.COMMUNITY]).flatmap(division_codes))
def test_a_division_code_the_strategies_draw_fits_its_parent_pattern(code: str) -> None:
    """The code a street or community extends fits the pattern of its parent's code."""
    level = DivisionLevel.STREET if len(code) == 9 else DivisionLevel.COMMUNITY
    (parent,) = sw.model.parent_codes(code, level)
    assert re.search(_schema._PARENT_OF_LEVEL[level] or "$^", parent)


@given(credit_codes() | st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZa ", min_size=17, max_size=19))
def test_the_credit_code_pattern_accepts_every_valid_code(code: str) -> None:
    """A valid credit code matches the pattern; a code off the pattern is refused by check_credit_code."""
    matches = re.search(_schema.CREDIT_CODE_PATTERN, code) is not None
    if _passes(check_credit_code, code):
        assert matches
    if not matches:
        assert not _passes(check_credit_code, code)


def test_the_bounds_of_each_whole_number_are_its_validator_s() -> None:
    """Each integer field's minimum and maximum are exactly the bounds its validator keeps."""
    found = 0
    for name, kind in sw.model.KINDS.items():
        properties = SCHEMA["$defs"][kind.cls.__name__]["properties"]
        for field in attrs.fields(kind.cls):
            schema = properties[field.name]
            options = schema.get("anyOf", [schema])
            integer = next((o for o in options if o.get("type") == "integer"), None)
            if integer is None:
                continue
            found += 1
            low, high = integer["minimum"], integer["maximum"]
            assert field.validator is not None
            assert _passes(field.validator, None, field, low), (name, field.name)
            assert _passes(field.validator, None, field, high), (name, field.name)
            assert not _passes(field.validator, None, field, low - 1), (name, field.name)
            assert not _passes(field.validator, None, field, high + 1), (name, field.name)
    assert found == 9
