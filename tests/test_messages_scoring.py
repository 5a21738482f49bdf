"""The errors of socialwork.scoring say the same thing in Chinese as in English.

Each test makes a representative error of one module of the package and checks that
its English is as it always was, that its summary and problems are Messages, and that
the Chinese line has Chinese words and every value (ids, counts, paths) of the English.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import socialwork as sw
from socialwork.errors import (
    FieldError,
    InconsistentJudgementError,
    Message,
    ProblemsError,
    UnknownIdError,
)
from socialwork.scoring import (
    Extractor,
    Indicator,
    IndicatorSystem,
    ahp_weights,
    allocate,
    awards,
    entropy_weights,
    evaluate,
    extract,
    normalize,
    rank_reversals,
    register_extractor,
    topsis,
    weighted_sum,
)
from tests._messages import CJK, assert_both


def _system() -> IndicatorSystem:
    return IndicatorSystem(
        Indicator(
            id="r",
            children=[
                Indicator(id="x", weight="0.5", normalization="max"),
                Indicator(id="y", weight="0.5", normalization="max"),
            ],
        )
    )


def _problems_error(call: Callable[[], object]) -> ProblemsError:
    with pytest.raises(ProblemsError) as caught:
        call()
    return caught.value


# Each case: a call, the summary it fails with, one problem (path, English) and the values the Chinese repeats.
PROBLEM_CASES: dict[str, tuple[Callable[[], object], str, str, str, tuple[str, ...]]] = {
    "_checks (finite numbers)": (
        lambda: normalize([[np.nan] * 3] * 3, method="max", directions=[1, 1, 1]),
        "cannot normalize the matrix",
        "matrix",
        "expected finite numbers, found NaN or infinity at (0, 0), (0, 1), (0, 2), (1, 0), (1, 1) and 4 more",
        ("(0, 0), (0, 1), (0, 2), (1, 0), (1, 1)", "NaN", "4"),
    ),
    "_checks (matrix shape)": (
        lambda: normalize(np.zeros((0, 2)), method="max", directions=[1, 1]),
        "cannot normalize the matrix",
        "matrix",
        "expected at least 1 row(s) and 1 column, got shape 0 x 2",
        ("0 x 2",),
    ),
    "_checks (weights)": (
        lambda: weighted_sum([[1, 2]], [0, 0], directions=[1, 1], normalization="max"),
        "cannot compute the weighted sum",
        "weights",
        "expected at least one positive weight, got all zero",
        (),
    ),
    "_aggregate": (
        lambda: topsis([[1, 2]], [1, 1], directions=[1, 1], normalization=["none", "max"]),
        "cannot compute TOPSIS",
        "normalization",
        "'none' applies to the whole matrix; pass normalization='none'",
        ("'none'", "normalization='none'"),
    ),
    "_normalize (unknown method)": (
        lambda: normalize([[1, 2]], method=["foo", "max"], directions=[1, 1]),
        "cannot normalize the matrix",
        "method",
        "unknown normalisation [0] 'foo'; expected one of 'max', 'minmax', 'sum', 'target', 'vector'",
        ("[0] 'foo'", "'max', 'minmax', 'sum', 'target', 'vector'"),
    ),
    "_normalize (negative values)": (
        lambda: normalize([[-1, -2]], method=["max", "sum"], directions=[1, 1]),
        "cannot normalize the matrix",
        "matrix",
        "columns [0] (max), [1] (sum) hold negative values, which their method does not allow",
        ("[0]", "max", "[1]", "sum"),
    ),
    "_system": (
        lambda: IndicatorSystem(
            Indicator(id="r", children=[Indicator(id="x", weight="0.3", normalization="max")])
        ),
        "cannot build the indicator system 'r'",
        "root.children",
        "the weights of the children of 'r' sum to 3/10, expected exactly 1",
        ("'r'", "3/10", "1"),
    ),
    "_system (reweighted)": (
        lambda: _system().reweighted("r", {"x": 0.5, "y": "0.5"}),
        "cannot reweight the children of 'r'",
        "weights['x']",
        (
            "expected an exact weight (int, str such as '0.25' or '1/3', Decimal or Fraction), "
            "got float 0.5; use exact_weights() for computed weights"
        ),
        ("float 0.5", "exact_weights()", "'0.25'", "'1/3'"),
    ),
    "_scores": (
        lambda: evaluate(_system(), {"a": {"x": 1}}),
        "cannot read the indicator values",
        "values['a']",
        "no value for 'y'",
        ("'y'",),
    ),
    "_scores (columns)": (
        lambda: evaluate(_system(), [[1, 2, 3]]),
        "cannot evaluate the indicator system",
        "values",
        "expected 2 columns, one per leaf ('x', 'y'), got 3",
        ("2", "('x', 'y')", "3"),
    ),
    "_rank (rank reversals)": (
        lambda: rank_reversals([[1, 2], [2, 1]], [1, 1], directions=[1, 1], normalization="max"),
        "cannot find rank reversals",
        "matrix",
        "expected at least 3 rows to remove one and compare two, got 2",
        ("3", "2"),
    ),
    "_rank (awards)": (
        lambda: awards({"station": {"s1": 0.9}}, {"station": 1, "project": 1}, ties="x"),
        "cannot make the awards",
        "ties",
        "expected 'id', 'all' or 'none', got 'x'",
        ("'id'", "'all'", "'none'", "'x'"),
    ),
    "_weights": (
        lambda: ahp_weights([[1, 2], [2, 1]]),
        "cannot derive AHP weights",
        "pairwise",
        "entries that are not reciprocal (or a diagonal that is not 1): [0][1]=2 vs [1][0]=2",
        ("[0][1]=2 vs [1][0]=2", "1"),
    ),
    "_weights (entropy)": (
        lambda: entropy_weights([[1, -2], [1, 1]]),
        "cannot derive entropy weights",
        "matrix",
        "expected non-negative values for entropy weights, found negative ones at [0][1]",
        ("[0][1]",),
    ),
    "_extractors": (
        lambda: extract(sw.datasets.example(), ["station.workers", "project.budget"]),
        "cannot extract the indicator values",
        "names",
        "expected extractors of one kind of entity, got 'station.workers' (stations), 'project.budget' (projects)",
        ("'station.workers'", "'project.budget'"),
    ),
    "_extractors (register)": (
        lambda: register_extractor("station.workers", "stations", len),
        "cannot register the extractor",
        "name",
        "an extractor named 'station.workers' is already registered; pass replace=True to replace it",
        ("'station.workers'", "replace=True"),
    ),
    "_allocate": (
        lambda: allocate({"p1": "0"}, {"p1": 0.5, "p2": 0.5}, "100"),
        "cannot allocate the budget",
        "proposals['p1']",
        "expected an amount above 0, got '0'",
        ("0", "'0'"),
    ),
}


@pytest.mark.parametrize("case", list(PROBLEM_CASES), ids=list(PROBLEM_CASES))
def test_a_scoring_problem_reads_the_same_in_chinese(case: str) -> None:
    """The summary and the problem keep their English and carry Chinese with the same values."""
    call, summary, path, english, values = PROBLEM_CASES[case]
    error = _problems_error(call)
    assert isinstance(error.summary, Message)
    assert error.summary == summary
    assert CJK.search(error.summary.zh)
    (problem,) = [p for p in error.problems if p.path == path]
    assert_both(problem.message, english, *values)
    assert problem.render("zh") == f"{path}: {problem.message.zh}"
    assert problem.render("en") == f"{path}: {english}"


def test_every_problem_of_a_scoring_error_is_a_message() -> None:
    """When awards and allocate list several problems at once, each of the package's own is in Chinese too."""
    error = _problems_error(
        lambda: awards({"station": {"s1": float("nan")}, "project": 3}, {"station": 1, "staff": 1})
    )
    found = [(p.path, p.message) for p in error.problems]
    assert [path for path, _ in found] == [
        "quotas['staff']",
        "scores['project']",
        "scores['station']['s1']",
        "scores['project']",
    ]
    english = [
        "a category with a quota but no scores",
        "a category with scores but no quota",
        "expected a finite number, got nan",
        "expected a mapping of id to score, got int",
    ]
    for (_, message), text in zip(found, english, strict=True):
        assert_both(message, text)
    assert "nan" in found[2][1].zh
    assert "int" in found[3][1].zh
    error = _problems_error(lambda: allocate({"p1": "10"}, {"p2": 1.0}, "100"))
    messages = {p.path: p.message for p in error.problems}
    assert_both(messages["scores['p1']"], "no score for this proposal")
    assert_both(messages["scores['p2']"], "a score for an unknown proposal")


def test_the_exact_optimum_says_in_chinese_when_it_needs_a_coarser_granularity(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Too many states for the exact optimum is reported in both languages, the limit in each."""
    monkeypatch.setattr("socialwork.scoring._allocate._MAX_FRONT", 2)
    error = _problems_error(lambda: allocate({"a": 1, "b": 2, "c": 4}, {"a": 1, "b": 2, "c": 3}, 7))
    (problem,) = error.problems
    assert problem.path == "granularity"
    english = (
        "the exact optimum needs more than 2 states at this granularity; "
        "pass a coarser granularity, e.g. Decimal('100') yuan"
    )
    assert_both(problem.message, english, "2", "Decimal('100')")


# Each case: a call, the error it raises, its English text and the values the Chinese repeats.
SINGLE_CASES: dict[str, tuple[Callable[[], object], type[Exception], str, tuple[str, ...]]] = {
    "Indicator weight": (
        lambda: Indicator(id="a", weight="-1"),
        FieldError,
        "expected a weight of at least 0, got '-1'",
        ("0", "'-1'"),
    ),
    "Indicator direction": (
        lambda: Indicator(id="a", direction=True),
        FieldError,
        "expected Direction.BENEFIT (1) or Direction.COST (-1), got bool True",
        ("Direction.BENEFIT", "Direction.COST", "bool True"),
    ),
    "IndicatorSystem.find": (
        lambda: _system().find("z"),
        UnknownIdError,
        "unknown indicator 'z' in the system 'r'",
        ("'z'", "'r'"),
    ),
    "IndicatorSystem.reweighted": (
        lambda: _system().reweighted("r", {"z": "1"}),
        UnknownIdError,
        "'z' not among the children of 'r'",
        ("'z'", "'r'"),
    ),
    "Scores.explain row": (
        lambda: evaluate(_system(), [[1, 2]]).explain(5),
        UnknownIdError,
        "row 5 is out of range for 1 entities",
        ("5", "1"),
    ),
    "Scores.explain id": (
        lambda: evaluate(_system(), [[1, 2]], entities=["a"]).explain("b"),
        UnknownIdError,
        "unknown entity 'b'",
        ("'b'",),
    ),
    "extract": (
        lambda: extract(sw.datasets.example(), ["nope"], extractors={"x": Extractor("x", "stations", len)}),
        UnknownIdError,
        "unknown extractor(s) 'nope'; known: x",
        ("'nope'", "x"),
    ),
    "ahp_weights": (
        lambda: ahp_weights([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]),
        InconsistentJudgementError,
        (
            "the judgements are inconsistent: CR = 6.130, expected below 0.1 "
            "(revise the comparisons, or pass allow_inconsistent=True)"
        ),
        ("CR = 6.130", "0.1", "allow_inconsistent=True"),
    ),
}


def _text(error: Exception) -> Any:
    return error.reason if isinstance(error, FieldError) else error.args[0]


@pytest.mark.parametrize("case", list(SINGLE_CASES), ids=list(SINGLE_CASES))
def test_a_scoring_error_reads_the_same_in_chinese(case: str) -> None:
    """Errors that are not lists of problems keep their English, carry Chinese, and pickle with both."""
    call, kind, english, values = SINGLE_CASES[case]
    with pytest.raises(kind) as caught:
        call()
    assert_both(_text(caught.value), english, *values)
    assert str(caught.value).endswith(english)
    again = pickle.loads(pickle.dumps(caught.value))
    assert _text(again).zh == _text(caught.value).zh


def test_the_kinds_of_mixed_extractors_are_named_in_chinese() -> None:
    """Extractors of different kinds are listed with each kind's Chinese name in the Chinese text."""
    error = _problems_error(lambda: extract(sw.datasets.example(), ["station.workers", "project.budget"]))
    zh = error.problems[0].message.zh
    assert sw.model.KINDS["stations"].zh in zh
    assert sw.model.KINDS["projects"].zh in zh
