"""Dated parameters: OpenFisca-style resolution, strict files, overrides from a date on."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import socialwork as sw
from socialwork.rules import PARAMETERS, Parameter, ParametersError, parse_parameters


def test_a_value_holds_until_the_next_date() -> None:
    """{2015-01-01: 550, 2016-01-01: 600} gives 550 on 2015-06-01 and 600 on 2016-01-01."""
    p = Parameter("demo.amount", {dt.date(2015, 1, 1): 550, dt.date(2016, 1, 1): 600}, type="integer")
    assert p.value_on(dt.date(2015, 6, 1)) == 550
    assert p.value_on(dt.date(2015, 12, 31)) == 550
    assert p.value_on(dt.date(2016, 1, 1)) == 600
    assert p.value_on(None) == 600


def test_a_date_before_the_first_value_is_an_error_naming_the_parameter() -> None:
    """No value is in force before the history starts."""
    p = Parameter("demo.amount", {dt.date(2015, 1, 1): 550}, type="integer")
    with pytest.raises(sw.InvalidValueError) as caught:
        p.value_on(dt.date(2014, 12, 31))
    assert caught.value.path == "demo.amount"


def test_an_extra_key_is_refused_with_its_name() -> None:
    """An unknown parameter, flat or nested, is named in the error."""
    with pytest.raises(ParametersError) as caught:
        parse_parameters('{"staffing": {"min_street_workers": 3, "max_street_workers": 9}}')
    assert [p.path for p in caught.value.problems] == ["staffing.max_street_workers"]
    with pytest.raises(ParametersError) as caught:
        parse_parameters('{"colour": "red"}')
    assert [p.path for p in caught.value.problems] == ["colour"]


def test_a_malformed_date_is_refused_with_its_name() -> None:
    """A key that is not an ISO date is named, with the parameter it belongs to."""
    text = '{"staffing.min_street_workers": {"2015-1-1": 3, "2016-02-30": 4}}'
    with pytest.raises(ParametersError) as caught:
        parse_parameters(text)
    paths = [p.path for p in caught.value.problems]
    assert paths == ["staffing.min_street_workers['2015-1-1']", "staffing.min_street_workers['2016-02-30']"]


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ('{"staffing.min_street_workers": "3"}', "staffing.min_street_workers"),
        ('{"staffing.min_street_workers": true}', "staffing.min_street_workers"),
        ('{"projects.allow_cross_district": 1}', "projects.allow_cross_district"),
        ('{"coverage.street_severity": "fatal"}', "coverage.street_severity"),
        ('{"funds.manager_kinds": ["charity_federation", "bank"]}', "funds.manager_kinds[1]"),
        ('{"funds.matching_cap": "-1"}', "funds.matching_cap"),
        ('{"funds.matching_ratio": {"2024-01-01": "lots"}}', "funds.matching_ratio['2024-01-01']"),
    ],
)
def test_a_value_of_the_wrong_type_is_refused_with_its_place(text: str, path: str) -> None:
    """Integers are not text, booleans not numbers, severities and kinds are from their lists."""
    with pytest.raises(ParametersError) as caught:
        parse_parameters(text)
    assert [p.path for p in caught.value.problems] == [path]


def test_every_problem_is_reported_at_once() -> None:
    """Several faults give several problems."""
    with pytest.raises(ParametersError) as caught:
        parse_parameters({"nope": 1, "staffing.min_street_workers": "x"})
    assert len(caught.value.problems) == 2


def test_toml_through_the_standard_library() -> None:
    """TOML tables and dated keys read like JSON; TOML floats are refused for decimals."""
    params = parse_parameters(
        '[staffing]\nmin_street_workers = { 2025-01-01 = 3 }\n[funds]\nmatching_ratio = "0.2"\n',
        format="toml",
    )
    assert params["staffing.min_street_workers"].value_on(dt.date(2024, 12, 31)) == 2
    assert params["staffing.min_street_workers"].value_on(dt.date(2025, 1, 1)) == 3
    assert params["funds.matching_ratio"].value_on(None) == Decimal("0.2")
    with pytest.raises(ParametersError):
        parse_parameters("funds.matching_ratio = 0.2", format="toml")


def test_malformed_documents_are_parameter_errors() -> None:
    """Bad JSON, bad TOML and a document that is not a mapping are refused without a bare error."""
    for text, fmt in (("{", "json"), ("a = ", "toml"), ("[1, 2]", "json")):
        with pytest.raises(ParametersError):
            parse_parameters(text, format=fmt)  # type: ignore[arg-type]
    with pytest.raises(sw.InvalidValueError):
        parse_parameters("{}", format="yaml")  # type: ignore[arg-type]


def test_a_dated_override_keeps_the_history_before_it() -> None:
    """An override from a date changes the values from that date on only."""
    changed = PARAMETERS.updated({"staffing.min_street_workers": {"2025-01-01": 5}})
    p = changed["staffing.min_street_workers"]
    assert p.value_on(dt.date(2024, 1, 1)) == 2
    assert p.value_on(dt.date(2025, 1, 1)) == 5
    assert p.to_data() == {"0001-01-01": 2, "2025-01-01": 5}


def test_a_plain_override_replaces_the_history() -> None:
    """A value without dates holds since always."""
    changed = PARAMETERS.updated({"staffing.min_street_workers": 4})
    assert changed["staffing.min_street_workers"].values == ((dt.date.min, 4),)


def test_parameters_replace_whole_histories() -> None:
    """Updating with Parameters replaces the named parameters as given."""
    mine = sw.rules.Parameters([Parameter("staffing.min_street_workers", 7, type="integer")])
    assert PARAMETERS.updated(mine).on(None)["staffing.min_street_workers"] == 7
    assert len(PARAMETERS.updated(mine)) == len(PARAMETERS)


def test_unknown_parameter_lookup_is_a_key_error_naming_it() -> None:
    """Looking up a name that is not there raises UnknownIdError, a KeyError."""
    with pytest.raises(sw.UnknownIdError, match=r"nope\.nope"):
        PARAMETERS["nope.nope"]


def test_parameter_definitions_are_checked() -> None:
    """Names, types and histories of a Parameter are checked when it is made."""
    with pytest.raises(sw.InvalidValueError):
        Parameter("NoDots", 1, type="integer")
    with pytest.raises(sw.InvalidValueError):
        Parameter("demo.x", 1, type="float")  # type: ignore[arg-type]
    with pytest.raises(sw.InvalidTypeError):
        Parameter("demo.x", {"2015-01-01": 1}, type="integer")
    with pytest.raises(sw.InvalidValueError):
        Parameter("demo.x", {}, type="integer")
    with pytest.raises(sw.InvalidValueError):
        sw.rules.Parameters([Parameter("demo.x", 1, type="integer"), Parameter("demo.x", 2, type="integer")])


def test_validate_reads_params_strictly() -> None:
    """validate refuses an unknown parameter and a value of the wrong type with their names."""
    with pytest.raises(ParametersError) as caught:
        sw.validate(sw.datasets.example(), params={"staffing.min_street_worker": 1})
    assert caught.value.problems[0].path == "staffing.min_street_worker"
    with pytest.raises(sw.InvalidTypeError):
        sw.validate(sw.datasets.example(), params=[("a", 1)])  # type: ignore[arg-type]
