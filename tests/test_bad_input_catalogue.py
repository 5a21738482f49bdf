"""The catalogue of bad inputs: each class of issue 18 §2, with the error the library gives.

Each test names the class it stands for; together with the property of
``tests/test_bad_input.py`` they keep bare Python errors and silent wrong answers out.
"""

from __future__ import annotations

import datetime as dt
import io
import pickle
import traceback
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import socialwork as sw
from socialwork.errors import SocialWorkError, WriteError

REGISTRY = sw.datasets.example()
NOT_ITERABLE = [None, 3, 2.5, "wh-hub", b"wh-hub", {"a": 1}, object()]


# -- 1. Registry(...), add, replace, remove ------------------------------------------


@pytest.mark.parametrize("value", NOT_ITERABLE, ids=repr)
@pytest.mark.parametrize("change", ["Registry", "add", "replace", "remove"])
def test_registry_and_its_changes_refuse_what_is_not_an_iterable(change: str, value: object) -> None:
    """None, a number, a string, bytes, a mapping: an InvalidRegistryError naming the argument."""
    call = sw.Registry if change == "Registry" else getattr(REGISTRY, change)
    with pytest.raises(sw.InvalidRegistryError) as caught:
        call(value)
    (problem,) = caught.value.problems
    assert problem.path == ("entity_ids" if change == "remove" else "entities")
    assert "应为可迭代对象" in problem.message.zh  # type: ignore[attr-defined]


@pytest.mark.parametrize("change", ["Registry", "add", "replace"])
def test_a_non_entity_is_named_by_its_position(change: str) -> None:
    """The position is the one in the caller's argument, not in the registry built from it."""
    call = sw.Registry if change == "Registry" else getattr(REGISTRY, change)
    station = REGISTRY.stations["wh-hub"]
    with pytest.raises(sw.InvalidRegistryError) as caught:
        call([station, "wh-hub", 3] if change == "replace" else ["wh-hub", 3])
    paths = [p.path for p in caught.value.problems]
    assert paths == (
        ["entities[1]", "entities[2]"] if change == "replace" else ["entities[0]", "entities[1]"]
    )


@pytest.mark.parametrize("ids", [[["d-01"]], [{"d-01"}], [None], [1, "d-01"]], ids=repr)
def test_remove_refuses_ids_that_are_not_text(ids: list[Any]) -> None:
    """An unhashable id, None or a number among the ids: each named by its position."""
    with pytest.raises(sw.InvalidRegistryError) as caught:
        REGISTRY.remove(ids)
    assert caught.value.problems[0].path == "entity_ids[0]"


@pytest.mark.parametrize("key", [["wh-hub"], {"a": 1}, None, 3], ids=repr)
def test_look_ups_with_an_unhashable_or_wrong_key_are_unknown_ids(key: Any) -> None:
    """Registry.get, the mappings by kind, children and the Tree: UnknownIdError, never a bare TypeError."""
    for call in (REGISTRY.get, REGISTRY.stations.__getitem__, REGISTRY.children, REGISTRY.subdivisions):
        with pytest.raises(sw.UnknownIdError):
            call(key)
    assert key not in REGISTRY
    assert key not in REGISTRY.stations
    with pytest.raises(sw.UnknownIdError):
        sw.hierarchy.tree(REGISTRY).position(key)
    with pytest.raises(sw.UnknownIdError):
        sw.linkage.profiles(REGISTRY).score(key)


# -- 6. a registry whose construction failed ---------------------------------------


def test_a_registry_whose_construction_failed_still_has_repr_len_and_eq() -> None:
    """Tracebacks that show locals (unittest --locals) call repr: it must not raise AttributeError."""
    try:
        sw.Registry([1])
    except sw.InvalidRegistryError as error:
        half = error.__traceback__.tb_next.tb_frame.f_locals["self"]  # type: ignore[union-attr]
    assert repr(half) == "Registry(<not built>)"
    assert len(half) == 0
    assert half == half  # noqa: PLR0124 - equality must not raise
    assert half != REGISTRY


def test_locals_in_a_traceback_of_a_failed_registry_show_the_real_error() -> None:
    """With capture_locals the traceback renders, and ends in the real error."""
    try:
        sw.Registry([1])
    except sw.InvalidRegistryError as error:
        text = "".join(traceback.TracebackException.from_exception(error, capture_locals=True).format())
    assert "Registry(<not built>)" in text
    assert "entities[0]: expected a socialwork entity, got int 1" in text


# -- 2. dump and every writer -------------------------------------------------------

WRITERS = {
    "dump": sw.dump,
    "write_tables": sw.io.write_tables,
    "write_graphml": sw.io.write_graphml,
    "write_node_link": sw.io.write_node_link,
}


@pytest.mark.parametrize("target", [None, 3, 2.5, object(), [1]], ids=repr)
@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_writers_refuse_a_target_that_is_neither_path_nor_file(writer: str, target: object) -> None:
    """An InvalidTypeError naming the target, in both languages, never AttributeError."""
    with pytest.raises(sw.InvalidTypeError) as caught:
        WRITERS[writer](REGISTRY, target)
    assert caught.value.path == "target"
    assert "应为路径" in caught.value.reason.zh  # type: ignore[attr-defined]


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_path_in_a_missing_folder_names_the_users_path(writer: str, tmp_path: Path) -> None:
    """A WriteError (an OSError) whose filename is the user's path, not the hidden temporary file."""
    target = tmp_path / "no" / "such" / "r.out"
    with pytest.raises(WriteError) as caught:
        WRITERS[writer](REGISTRY, target)
    assert caught.value.filename == str(target)
    assert ".tmp" not in str(caught.value)
    assert isinstance(caught.value, OSError)
    assert caught.value.strerror.zh == "没有那个文件或目录"  # type: ignore[union-attr]
    assert list(tmp_path.iterdir()) == []
    copy = pickle.loads(pickle.dumps(caught.value))
    assert (type(copy), copy.filename, str(copy)) == (WriteError, str(target), str(caught.value))


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_folder_or_an_empty_path_is_refused(writer: str, tmp_path: Path) -> None:
    """A folder is a WriteError naming it; an empty path an InvalidValueError."""
    with pytest.raises(WriteError) as caught:
        WRITERS[writer](REGISTRY, tmp_path)
    assert caught.value.filename == str(tmp_path)
    with pytest.raises(sw.InvalidValueError):
        WRITERS[writer](REGISTRY, "")


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_writers_take_a_bytes_path(writer: str, tmp_path: Path) -> None:
    """A bytes path is a path, written atomically like a str one."""
    target = tmp_path / "out.bin"
    WRITERS[writer](REGISTRY, bytes(target))
    assert target.stat().st_size > 0
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_a_bytes_path_loads_and_the_cli_reports_a_write_error(tmp_path: Path) -> None:
    """load takes the bytes path dump wrote; the command line names the user's path on a failed write."""
    target = tmp_path / "r.json"
    sw.dump(REGISTRY, bytes(target))
    assert sw.load(bytes(target)) == REGISTRY
    from socialwork.cli._errors import error_lines

    error = WriteError(2, sw.errors.reason_of(FileNotFoundError(2, "No such file or directory")), "x/r.json")
    assert error_lines(error, "zh") == ["socialwork: x/r.json: 没有那个文件或目录"]


def test_a_closed_file_or_a_text_file_for_bytes_is_a_library_error() -> None:
    """Files that cannot take the writer's output: library errors, not ValueError or TypeError."""
    closed = io.BytesIO()
    closed.close()
    with pytest.raises(sw.InvalidValueError):
        sw.dump(REGISTRY, closed)
    with pytest.raises(sw.InvalidTypeError):
        sw.io.write_tables(REGISTRY, io.StringIO())


# -- 3. funds and assignments past 64 bits --------------------------------------------


@pytest.mark.parametrize(
    ("needs", "services"),
    [
        ({"n": 2**63}, {"s": 1}),
        ({"n": 1}, {"s": 2**63}),
        ({"n": 2**64}, {"s": 2**64}),
        ({"a": 2**53, "b": 1}, {"s": 1}),
    ],
)
@pytest.mark.parametrize("solver", ["assign", "assign_greedy"])
def test_assign_refuses_persons_past_the_limit_naming_it(
    solver: str, needs: dict[str, int], services: dict[str, int]
) -> None:
    """Beyond 2**53 persons in all the solvers are not exact: a MatchingInputError naming the limit."""
    with pytest.raises(sw.errors.MatchingInputError) as caught:
        getattr(sw.matching, solver)(needs, services, fit={(n, "s"): 1 for n in needs})
    assert "2**53" in str(caught.value)
    assert "2**53" in caught.value.problems[0].message.zh  # type: ignore[attr-defined]


def test_assign_at_the_limit_is_exact() -> None:
    """2**53 persons in all is still assigned, exactly."""
    result = sw.matching.assign({"n": 2**53}, {"s": 2**53}, fit={("n", "s"): 1})
    assert set(result.pairs) == {("n", "s", 2**53)}


def test_simulated_costs_past_int64_are_exact() -> None:
    """Matches that add up past 2**63 fen across funds: the exact sum, not a wrapped negative one."""
    each = 2**62 // 10**6 // 4 * 3
    table = sw.funds.DonationTable.from_arrays(
        ["a", "b", "c", "d"], [0, 1, 2, 3], [each] * 4, ["2022-01-01"] * 4
    )
    rule = attrs.evolve(sw.funds.BINZHOU_RULE, ratio=Decimal(10**6), cap=None)
    outcome = sw.funds.simulate(table, [rule]).outcomes[0]
    assert outcome.cost == Decimal(4 * each * 10**6) / 100
    assert outcome.cost > 0


def test_a_cap_past_int64_fen_is_never_reached_rather_than_overflowing() -> None:
    """A cap of 10**24 yuan: the same costs as no cap at all."""
    registry = sw.datasets.binzhou()
    huge = attrs.evolve(sw.funds.BINZHOU_RULE, cap=Decimal(10) ** 24)
    none = attrs.evolve(sw.funds.BINZHOU_RULE, cap=None)
    found = sw.funds.simulate(registry, [huge, none]).outcomes
    assert found[0].cost == found[1].cost
    assert found[0].at_cap_fund_count == 0


@pytest.mark.parametrize("day", ["10000-01-01", "-0005-01-01", np.datetime64("20000-01-01")], ids=str)
def test_donation_dates_past_what_a_date_holds_are_refused(day: object) -> None:
    """numpy's days go past 9999-12-31: a FundsError naming the position, not an OverflowError later."""
    with pytest.raises(sw.errors.FundsError) as caught:
        sw.funds.DonationTable.from_arrays(["a"], [0], [100], [day])
    assert caught.value.problems[0].path == "dates[0]"
    assert "9999-12-31" in caught.value.problems[0].message.zh  # type: ignore[attr-defined]


def test_the_last_day_is_a_date_like_any_other() -> None:
    """9999-12-31 and date.max as the as-of date simulate as any other day."""
    table = sw.funds.DonationTable.from_arrays(["a"], [0], [100], ["9999-12-31"])
    for period in sw.funds.CapPeriod:
        rule = attrs.evolve(sw.funds.BINZHOU_RULE, cap_period=period)
        assert sw.funds.simulate(table, [rule], as_of=dt.date.max).outcomes[0].cost == Decimal("0.10")


def test_to_fen_refuses_amounts_past_the_money_context() -> None:
    """Decimal('1E+400') yuan is no amount in fen: an InvalidValueError, not an OverflowError."""
    with pytest.raises(sw.InvalidValueError):
        sw.model.to_fen(Decimal("1E+400"))


# -- 4. scoring near the float limit -----------------------------------------------

NORMALIZATIONS = ["vector", "minmax", "max", "sum"]
BASE = np.array([[1.0, 2.0, 4.0], [3.0, 1.0, 2.0], [2.0, 3.0, 1.0], [4.0, 2.5, 3.0]])


def _all_scores(matrix: np.ndarray, normalization: str) -> list[np.ndarray]:
    directions = [1, -1, 1]
    weights = [0.2, 0.3, 0.5]
    return [
        sw.scoring.normalize(matrix, method=normalization, directions=directions),
        sw.scoring.weighted_sum(matrix, weights, directions=directions, normalization=normalization),
        sw.scoring.topsis(matrix, weights, directions=directions, normalization=normalization),
        sw.scoring.critic_weights(matrix, directions=directions),
        sw.scoring.entropy_weights(matrix),
    ]


@settings(max_examples=60, deadline=None)
@given(
    exponent=st.integers(-1070, 1020),
    normalization=st.sampled_from(NORMALIZATIONS),
)
def test_scores_do_not_depend_on_the_scale_up_to_the_float_limits(exponent: int, normalization: str) -> None:
    """A matrix times 2**k, from subnormals to near 1e308: the same scores, bit for bit, never NaN or zeros."""
    expected = _all_scores(BASE, normalization)
    scaled = np.ldexp(BASE, exponent)
    assert np.isfinite(scaled).all()
    found = _all_scores(scaled, normalization)
    for got, want in zip(found, expected, strict=True):
        assert np.isfinite(got).all()
        if exponent > -1020:  # deep in the subnormals the inputs themselves lose digits
            np.testing.assert_array_equal(got, want)
        else:
            np.testing.assert_allclose(got, want, rtol=0.05, atol=0.05)


@pytest.mark.parametrize("scale", [1e200, 1e300, 1.7e308 / 4, 1e-200, 5e-300])
@pytest.mark.parametrize("normalization", NORMALIZATIONS)
def test_scores_near_the_float_limits_agree_with_the_same_matrix_at_unit_scale(
    scale: float, normalization: str
) -> None:
    """Scales that are not powers of two: equal to float rounding, finite, and not silently zero."""
    for got, want in zip(
        _all_scores(BASE * scale, normalization), _all_scores(BASE, normalization), strict=True
    ):
        assert np.isfinite(got).all()
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("weights", [[1e308, 1e308, 1e308], [5e-324, 5e-324, 1e-323], [1e200, 2e200, 3e200]])
def test_weights_near_the_float_limits_are_shares_like_any_other(weights: list[float]) -> None:
    """Weights that overflow or vanish when summed: the same scores as the same shares at unit scale."""
    shares = np.asarray(weights) / max(weights)
    for method in (sw.scoring.weighted_sum, sw.scoring.topsis):
        got = method(BASE, weights, directions=[1, -1, 1], normalization="minmax")
        want = method(BASE, shares, directions=[1, -1, 1], normalization="minmax")
        assert np.isfinite(got).all()
        np.testing.assert_allclose(got, want, rtol=1e-12)


def test_a_subnormal_or_huge_target_normalises_without_overflow() -> None:
    """Target-based normalisation compares as given: no x / target overflow for a subnormal target."""
    got = sw.scoring.normalize(
        [[1.0, 0.0], [0.0, 1.0]], method="target", directions=[1, -1], targets=[1e-320, 1e308]
    )
    np.testing.assert_array_equal(got, [[1.0, 1.0], [0.0, 1.0]])


def test_sum_normalisation_of_a_cost_column_with_a_tiny_entry() -> None:
    """1 / x overflows for x near the subnormals; the shares of 1 / x do not."""
    got = sw.scoring.normalize([[1e308, 1.0], [1.0, 1e308]], method="sum", directions=[-1, -1])
    assert np.isfinite(got).all()
    np.testing.assert_allclose(got.sum(axis=0), [1.0, 1.0])


# -- 5. awards, indicator weights, extractors ------------------------------------------


@pytest.mark.parametrize(
    ("scores", "quotas", "path"),
    [
        ({"x": {"a": 1.0, 1: 2.0}}, {"x": 1}, "scores['x'][1]"),
        ({"x": {"a": 1.0, None: 2.0}}, {"x": 1}, "scores['x'][None]"),
        ({"x": {"a": 1.0}, 2: {"a": 2.0}}, {"x": 1, 2: 1}, "scores[2]"),
        ({"x": {"a": 10**400, "b": 1.0}}, {"x": 1}, "scores['x']['a']"),
    ],
)
def test_awards_refuse_mixed_ids_and_huge_scores(scores: Any, quotas: Any, path: str) -> None:
    """Ids of mixed types cannot be ordered, an int past the floats is no score: ScoringErrors with the path."""
    with pytest.raises(sw.errors.ScoringError) as caught:
        sw.scoring.awards(scores, quotas)
    assert path in [p.path for p in caught.value.problems]


def test_allocate_and_rank_refuse_mixed_ids() -> None:
    """The same id check as awards."""
    with pytest.raises(sw.errors.ScoringError):
        sw.scoring.allocate({"a": Decimal(10), 1: Decimal(5)}, {"a": 1.0, 1: 2.0}, Decimal(10))
    with pytest.raises(sw.errors.ScoringError):
        sw.scoring.rank({"a": 1.0, 2: 1.0})


@pytest.mark.parametrize(
    "weight",
    [Decimal("Infinity"), Decimal("-Infinity"), Decimal("NaN"), Decimal("sNaN"), float("inf"), None, "x"],
    ids=repr,
)
def test_indicator_weights_that_are_not_exact_numbers_are_refused(weight: object) -> None:
    """Decimal infinities and NaNs: a library error naming the weight, not an OverflowError."""
    with pytest.raises(sw.SocialWorkError) as caught:
        sw.scoring.Indicator(id="a", weight=weight, normalization="minmax")  # type: ignore[arg-type]
    assert "weight" in str(caught.value)


@pytest.mark.parametrize("target", [Decimal("Infinity"), float("nan"), 10**400, float("-inf")], ids=repr)
def test_indicator_targets_must_be_finite(target: object) -> None:
    """An infinite, NaN or huge target would normalise every value to 0 or NaN: refused."""
    with pytest.raises(sw.InvalidValueError):
        sw.scoring.Indicator(id="a", normalization="target", target=target)  # type: ignore[arg-type]


@pytest.mark.parametrize("extractor", [None, 5, "station.workers", len, {"a": 1}], ids=repr)
def test_extractors_of_the_wrong_type_are_named(extractor: object) -> None:
    """A mapping of extractors whose value is no Extractor: a ScoringError naming it."""
    with pytest.raises(sw.errors.ScoringError) as caught:
        sw.scoring.extract(REGISTRY, ["workers"], extractors={"workers": extractor})  # type: ignore[dict-item]
    assert caught.value.problems[0].path == "extractors['workers']"


@pytest.mark.parametrize(
    "function",
    [lambda: 1, lambda r: 1 / 0, lambda r: "abc", lambda r: {"a": 1}],
    ids=["arity", "raises", "text", "dict"],
)
def test_an_extractor_that_fails_is_named_and_keeps_its_cause(function: Any) -> None:
    """The extractor's own error is the cause of a ScoringError naming the extractor."""
    extractor = sw.scoring.Extractor(name="broken", kind="stations", function=function)
    with pytest.raises(sw.errors.ScoringError) as caught:
        sw.scoring.extract(REGISTRY, ["broken"], extractors={"broken": extractor})
    assert "'broken'" in str(caught.value)
    assert caught.value.__cause__ is not None


def test_top_k_stability_bounds_its_trials() -> None:
    """2**40 trials would allocate terabytes: refused, naming the bound."""
    with pytest.raises(sw.errors.ScoringError, match="1000000"):
        sw.scoring.top_k_stability(
            [[1.0, 2.0], [2.0, 1.0]],
            [0.5, 0.5],
            k=1,
            directions=[1, 1],
            normalization="minmax",
            seed=0,
            trials=2**40,
        )


# -- 7. the sweep: Tree positions, enums, messages, sizes ------------------------------


@pytest.mark.parametrize("position", [None, 0.0, 7, -1, 2**63, True, "0", np.int64(99)], ids=repr)
def test_tree_methods_check_their_positions(position: object) -> None:
    """Positions out of range or of the wrong type: library errors naming the argument."""
    tree = sw.hierarchy.tree(REGISTRY)
    for call in (tree.subtree_positions, lambda p: tree.contains(p, 0), lambda p: tree.contains(0, p)):
        with pytest.raises((sw.InvalidValueError, sw.InvalidTypeError)):
            call(position)
    assert tree.contains(np.int64(0), np.int64(0)) is True


@pytest.mark.parametrize("depth", [None, 0.5, "1", Decimal("NaN")], ids=repr)
def test_tree_ancestor_at_depth_checks_its_depth(depth: object) -> None:
    """A depth that is not a whole number is an InvalidTypeError."""
    with pytest.raises(sw.InvalidTypeError):
        sw.hierarchy.tree(REGISTRY).ancestor_at_depth(depth)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [None, 5, [1], b"x", 2**70], ids=repr)
def test_message_refuses_templates_that_are_not_text(value: object) -> None:
    """Message(None, None) and the like: an InvalidTypeError, not a bare TypeError."""
    with pytest.raises(sw.InvalidTypeError):
        sw.errors.Message(value, "文本")  # type: ignore[arg-type]
    with pytest.raises(sw.InvalidTypeError):
        sw.errors.Message("text", value)  # type: ignore[arg-type]


@pytest.mark.parametrize("size", [None, -1, 1.5, Decimal("NaN"), "10"], ids=repr)
def test_loads_and_load_check_max_size(size: object) -> None:
    """max_size is a whole number at least 0."""
    with pytest.raises((sw.InvalidTypeError, sw.InvalidValueError)):
        sw.loads(b"{}", max_size=size)  # type: ignore[arg-type]
    with pytest.raises((sw.InvalidTypeError, sw.InvalidValueError)):
        sw.load(io.BytesIO(b"{}"), max_size=size)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("call", "value"),
    [
        (sw.rules.RuleSet, None),
        (sw.rules.Parameters, 3),
        (lambda v: sw.rules.ValidationReport(violations=v), None),
        (lambda v: sw.validate(REGISTRY).filter(code=v), 3),
        (lambda v: sw.linkage.bridges(REGISTRY, districts=v), True),
        (sw.targets.ProgressReport, None),
        (sw.targets.ProgressReport, [1]),
        (lambda v: sw.rules.parse_parameters({}, base=v), False),
    ],
    ids=["ruleset", "parameters", "report", "filter", "bridges", "progress", "progress-item", "base"],
)
def test_arguments_that_take_many_things_refuse_what_is_not_an_iterable(call: Any, value: object) -> None:
    """The one iterable check (validators.check_iterable): an InvalidTypeError naming the argument."""
    with pytest.raises(sw.InvalidTypeError):
        call(value)


def test_errors_made_here_are_bilingual_and_pickle() -> None:
    """Every error of this catalogue has Chinese, and survives pickling with its problems."""
    made: list[SocialWorkError] = []
    for call in (
        lambda: sw.Registry(None),  # type: ignore[arg-type]
        lambda: sw.StationLevel("nope"),
        lambda: sw.hierarchy.tree(REGISTRY).subtree_positions(99),
        lambda: sw.matching.assign({"n": 2**63}, {"s": 1}, fit={("n", "s"): 1}),
        lambda: sw.scoring.awards({"x": {1: 1.0}}, {"x": 1}),
        lambda: sw.rules.RuleSet(None),  # type: ignore[arg-type]
        lambda: sw.dump(REGISTRY, None),  # type: ignore[arg-type]
    ):
        with pytest.raises(SocialWorkError) as caught:
            call()
        made.append(caught.value)
    for error in made:
        for problem in error.problems:  # type: ignore[attr-defined]
            assert isinstance(problem.message, sw.errors.Message), problem
            assert problem.message.zh != problem.message.en
        copy = pickle.loads(pickle.dumps(error))
        assert (type(copy), str(copy)) == (type(error), str(error))


def test_indicator_weights_as_fractions_of_huge_numbers_stay_exact() -> None:
    """An exact weight of 1/10**400 is still a weight: the system refuses sums other than 1, exactly."""
    tiny = Fraction(1, 10**400)
    leaf = sw.scoring.Indicator(id="a", weight=tiny, normalization="minmax")
    assert leaf.weight == tiny
    with pytest.raises(sw.errors.IndicatorSystemError):
        sw.scoring.IndicatorSystem(sw.scoring.Indicator(id="root", children=(leaf,)))
