"""Each scoring function raises its documented error, naming the argument that is wrong."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal, localcontext
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import rankdata

import socialwork as sw
from socialwork.errors import (
    IndicatorSystemError,
    InvalidTypeError,
    InvalidValueError,
    ScoringError,
    SocialWorkError,
)
from socialwork.scoring import (
    Direction,
    Indicator,
    IndicatorSystem,
    allocate,
    awards,
    evaluate,
    extract,
    normalize,
    rank,
    register_extractor,
    top_k_stability,
    topsis,
)

SRC = Path(__file__).resolve().parents[2] / "src"


def tiny() -> IndicatorSystem:
    return IndicatorSystem(Indicator(id="r", children=[Indicator(id="x", normalization="max")]))


CALLS: dict[str, tuple[Callable[[], object], str]] = {
    "evaluate of an empty mapping": (lambda: evaluate(tiny(), {}), "values"),
    "evaluate of no system": (lambda: evaluate("r", [[1]]), "system"),  # type: ignore[arg-type]
    "evaluate with entities not a sequence": (lambda: evaluate(tiny(), [[1]], entities=5), "entities"),  # type: ignore[arg-type]
    "evaluate with an entity id not text": (lambda: evaluate(tiny(), [[1]], entities=[1]), "entities[0]"),  # type: ignore[list-item]
    "normalize with a method that is no name": (
        lambda: normalize([[1]], method=5, directions=[1]),  # type: ignore[arg-type]
        "method",
    ),
    "normalize with a target that is no number": (
        lambda: normalize([[1]], method="target", directions=[1], targets=["350"]),  # type: ignore[list-item]
        "targets",
    ),
    "normalize with targets that are no sequence": (
        lambda: normalize([[1]], method="target", directions=[1], targets=350),  # type: ignore[arg-type]
        "targets",
    ),
    "topsis with normalization that is no name": (
        lambda: topsis([[1]], [1], directions=[1], normalization=None),  # type: ignore[arg-type]
        "method",
    ),
    "rank with higher_is_better not a bool": (
        lambda: rank([1.0], higher_is_better="yes"),  # type: ignore[call-overload]
        "higher_is_better",
    ),
    "top_k_stability with a text seed": (
        lambda: top_k_stability([[1], [2]], [1], k=1, directions=[1], normalization="max", seed="x"),  # type: ignore[arg-type]
        "seed",
    ),
    "top_k_stability with a text spread": (
        lambda: top_k_stability(
            [[1], [2]],
            [1],
            k=1,
            directions=[1],
            normalization="max",
            seed=1,
            spread="0.1",  # type: ignore[arg-type]
        ),
        "spread",
    ),
    "awards of a list": (lambda: awards([("station", 1.0)], {"station": 1}), "scores"),  # type: ignore[arg-type]
    "awards of a category that is a list": (
        lambda: awards({"station": [1.0]}, {"station": 1}),  # type: ignore[dict-item]
        "scores['station']",
    ),
    "allocate of a list": (lambda: allocate(["p1"], {"p1": 1.0}, "10"), "proposals"),  # type: ignore[arg-type]
    "extract from no registry": (lambda: extract({}, ["station.workers"]), "registry"),  # type: ignore[arg-type]
    "extract of one name as text": (lambda: extract(sw.Registry([]), "station.workers"), "names"),
    "register_extractor of no function": (
        lambda: register_extractor("test.none", "stations", None),  # type: ignore[arg-type]
        "function",
    ),
}


@pytest.mark.parametrize("case", list(CALLS))
def test_wrong_arguments_raise_scoring_error_naming_them(case: str) -> None:
    """A wrong-typed or empty argument raises ScoringError whose problem's path names it."""
    call, path = CALLS[case]
    with pytest.raises(ScoringError) as caught:
        call()
    assert [problem.path for problem in caught.value.problems] == [path]
    assert isinstance(caught.value, SocialWorkError | ValueError)


def test_nan_in_a_mapping_names_the_entity_and_leaf() -> None:
    """A NaN value in a mapping is an IndicatorSystemError at values['e'], naming the leaf."""
    with pytest.raises(IndicatorSystemError, match=r"values\['e'\]: .*NaN or infinity for 'x'"):
        evaluate(tiny(), {"d": {"x": 1}, "e": {"x": float("nan")}})


def test_a_row_that_is_not_a_mapping_is_reported() -> None:
    """A mapping whose entity maps to a number is an IndicatorSystemError at values['e']."""
    with pytest.raises(IndicatorSystemError) as caught:
        evaluate(tiny(), {"e": 3})  # type: ignore[dict-item]
    assert [p.path for p in caught.value.problems] == ["values['e']"]


def test_an_empty_registry_is_reported_not_a_numpy_error() -> None:
    """A registry without entities of the leaves' kind is a ScoringError at values."""
    system = IndicatorSystem(
        Indicator(id="r", children=[Indicator(id="w", normalization="max", extractor="station.workers")])
    )
    with pytest.raises(ScoringError) as caught:
        evaluate(system, sw.Registry([]))
    assert [p.path for p in caught.value.problems] == ["values"]


@pytest.mark.parametrize(
    ("fields", "error", "path"),
    [
        ({"id": " A1"}, InvalidValueError, "id"),
        ({"id": 7}, InvalidTypeError, "id"),
        ({"zh": None}, InvalidTypeError, "zh"),
        ({"normalization": "zscore"}, InvalidValueError, "normalization"),
        ({"direction": True}, InvalidTypeError, "direction"),
        ({"direction": 0}, InvalidValueError, "direction"),
        ({"target": "many"}, InvalidValueError, "target"),
        ({"target": [1]}, InvalidTypeError, "target"),
        ({"extractor": ""}, InvalidValueError, "extractor"),
        ({"children": "ab"}, InvalidTypeError, "children"),
        ({"children": [Indicator(id="b", normalization="max"), "c"]}, InvalidTypeError, "children[1]"),
    ],
)
def test_indicator_fields_are_checked_by_the_public_validators(
    fields: dict[str, object], error: type[Exception], path: str
) -> None:
    """Each field of an Indicator is checked at construction; the error's path names it."""
    with pytest.raises(error) as caught:
        Indicator(**{"id": "A1", **fields})  # type: ignore[arg-type]
    assert caught.value.path == path  # type: ignore[attr-defined]


def test_a_root_that_is_no_indicator_is_an_indicator_system_error() -> None:
    """IndicatorSystem of something else raises IndicatorSystemError at root."""
    with pytest.raises(IndicatorSystemError) as caught:
        IndicatorSystem("root")  # type: ignore[arg-type]
    assert [p.path for p in caught.value.problems] == ["root"]


def test_reweighted_names_a_float_weight() -> None:
    """A float weight given to reweighted is an IndicatorSystemError at weights['x']."""
    system = IndicatorSystem(
        Indicator(
            id="r",
            children=[
                Indicator(id="x", weight="1/2", normalization="max"),
                Indicator(id="y", weight="1/2", normalization="max"),
            ],
        )
    )
    with pytest.raises(IndicatorSystemError) as caught:
        system.reweighted("r", {"x": 0.5, "y": "1/2"})  # type: ignore[dict-item]
    assert [p.path for p in caught.value.problems] == ["weights['x']"]
    with pytest.raises(IndicatorSystemError):
        system.reweighted("r", [("x", "1")])  # type: ignore[arg-type]


def test_direction_is_a_labelled_int() -> None:
    """Direction members are 1 and -1 in arithmetic and carry both labels, through label(lang)."""
    assert [int(d) for d in Direction] == [1, -1]
    assert Direction.COST * 2 == -2
    assert isinstance(Direction.BENEFIT, sw.model.LabelledIntEnum)
    assert [d.label("zh") for d in Direction] == ["效益型", "成本型"]
    assert [d.label("en") for d in Direction] == [d.en for d in Direction] == ["benefit", "cost"]


@given(st.lists(st.sampled_from([-1.0, -0.0, 0.0, 0.5, 1.0, 2.0]) | st.floats(-1e6, 1e6), max_size=40))
def test_ranks_agree_with_scipy(scores: list[float]) -> None:
    """Both rank methods equal scipy.stats.rankdata's 'average' and 'min' of the negated scores."""
    keyed = -np.asarray(scores, dtype=np.float64)
    np.testing.assert_array_equal(rank(scores), rankdata(keyed, method="average"))
    np.testing.assert_array_equal(rank(scores, method="competition"), rankdata(keyed, method="min"))
    np.testing.assert_array_equal(rank(scores, higher_is_better=False), rankdata(-keyed, method="average"))


def test_importing_scoring_loads_no_scipy() -> None:
    """Importing socialwork.scoring (and targets) leaves scipy unloaded: it took over a second."""
    code = "import sys, socialwork.scoring, socialwork.targets; print(sorted(m for m in sys.modules if m.startswith('scipy')))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={"PYTHONPATH": str(SRC)}
    )
    assert out.stdout.strip() == "[]"


def test_allocation_does_not_depend_on_the_decimal_context() -> None:
    """allocate's amounts are the same under a 3-digit decimal context: fen are counted exactly."""
    proposals = {"p1": "123456.78", "p2": "98765.43", "p3": "50000"}
    scores = {"p1": 0.9, "p2": 0.8, "p3": 0.7}
    expected = allocate(proposals, scores, "250000")
    with localcontext() as context:
        context.prec = 3
        narrow = allocate(proposals, scores, "250000")
        assert narrow.by_rank.total_amount == expected.by_rank.total_amount == Decimal("222222.21")
        assert narrow.by_rank.remaining == Decimal("27777.79")
    assert narrow == expected
