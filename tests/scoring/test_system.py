"""Indicator systems, evaluate(), explanations and extractors, with the brand-organization example."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import socialwork as sw
from socialwork.errors import (
    IndicatorSystemError,
    InvalidTypeError,
    ScoringError,
    UnknownIdError,
)
from socialwork.scoring import (
    Direction,
    Indicator,
    IndicatorSystem,
    ahp_weights,
    evaluate,
    exact_weights,
    extract,
    extractors,
    register_extractor,
    topsis,
    weighted_sum,
)


def brand_system() -> IndicatorSystem:
    """An illustrative brand social-organization system (品牌社会组织评价指标), three levels deep."""
    return IndicatorSystem(
        Indicator(
            id="brand",
            zh="品牌社会组织评价",
            children=[
                Indicator(
                    id="A",
                    zh="组织建设",
                    weight="0.3",
                    children=[
                        Indicator(
                            id="A1",
                            zh="人才队伍",
                            weight="0.6",
                            children=[
                                Indicator(id="A1.1", zh="社工人数", weight="0.5", normalization="minmax"),
                                Indicator(
                                    id="A1.2", zh="督导人才", weight="0.5", normalization="target", target=2
                                ),
                            ],
                        ),
                        Indicator(id="A2", zh="财务规范", weight="0.4", normalization="max"),
                    ],
                ),
                Indicator(
                    id="B",
                    zh="服务成效",
                    weight="0.5",
                    children=[
                        Indicator(id="B1", zh="服务人次", weight="0.7", normalization="minmax"),
                        Indicator(id="B2", zh="投诉次数", weight="0.3", normalization="minmax", direction=-1),
                    ],
                ),
                Indicator(id="C", zh="社会影响", weight="0.2", normalization="vector"),
            ],
        )
    )


BRAND_VALUES = {
    "org-lc": {"A1.1": 30, "A1.2": 3, "A2": 90, "B1": 2000, "B2": 1, "C": 5},
    "org-yl": {"A1.1": 12, "A1.2": 1, "A2": 95, "B1": 1200, "B2": 0, "C": 8},
    "org-nj": {"A1.1": 8, "A1.2": 0, "A2": 70, "B1": 300, "B2": 4, "C": 2},
}


def test_brand_organization_evaluation_ranks_and_explains() -> None:
    """Brand organizations: totals add up from contributions; each line explains one indicator."""
    scores = evaluate(brand_system(), BRAND_VALUES)
    assert scores.entities == ("org-lc", "org-yl", "org-nj")
    np.testing.assert_allclose(scores.contributions.sum(axis=1), scores.total)
    explanation = scores.explain("org-lc")
    lines = {line.indicator_id: line for line in explanation.lines}
    assert lines["A1.2"].normalized == 1.0  # 3 supervisors reach the target of 2
    assert lines["A"].contribution == pytest.approx(sum(lines[i].contribution for i in ("A1", "A2")))
    assert max(scores.as_dict(), key=scores.as_dict().get) == "org-lc"
    assert "A1.1 社工人数" in str(explanation)


def test_tree_weighted_sum_equals_flat_weighted_sum_of_leaves() -> None:
    """A weighted sum up the tree equals the flat weighted sum over the leaves with global weights."""
    system = brand_system()
    matrix = np.array([[row[leaf] for leaf in system.leaf_ids] for row in BRAND_VALUES.values()], dtype=float)
    flat = weighted_sum(
        matrix,
        system.leaf_weights,
        directions=system.directions,
        normalization=[leaf.normalization or "" for leaf in system.leaves],
        targets=[leaf.target for leaf in system.leaves],
    )
    np.testing.assert_allclose(evaluate(system, matrix).total, flat)


def test_topsis_evaluation_matches_flat_topsis_and_explains_distances() -> None:
    """evaluate(method='topsis') equals flat topsis on the leaves; the squared gaps rebuild the closeness."""
    system = brand_system()
    scores = evaluate(system, BRAND_VALUES, method="topsis")
    matrix = np.array([[row[leaf] for leaf in system.leaf_ids] for row in BRAND_VALUES.values()], dtype=float)
    flat = topsis(
        matrix,
        system.leaf_weights,
        directions=system.directions,
        normalization=[leaf.normalization or "" for leaf in system.leaves],
        targets=[leaf.target for leaf in system.leaves],
    )
    np.testing.assert_allclose(scores.total, flat)
    explanation = scores.explain(1)
    top = [line for line in explanation.lines if line.level == 1]
    plus = np.sqrt(sum(line.to_ideal or 0 for line in top))
    minus = np.sqrt(sum(line.to_anti_ideal or 0 for line in top))
    assert explanation.total == pytest.approx(minus / (plus + minus))


def test_an_explanation_reads_line_by_line_in_both_languages() -> None:
    """describe() heads with the total and the method, then one line per indicator, named in the reader's language."""
    system = IndicatorSystem(
        Indicator(
            id="r",
            children=[
                Indicator(
                    id="g",
                    zh="队伍",
                    en="staff",
                    weight="1",
                    children=[
                        Indicator(id="x", zh="持证社工", en="certified", weight="0.5", normalization="max"),
                        Indicator(id="y", zh="服务人次", weight="0.5", normalization="max"),
                    ],
                )
            ],
        )
    )
    explanation = evaluate(system, {"s1": {"x": 1, "y": 4}, "s2": {"x": 2, "y": 2}}, method="topsis").explain(
        "s1"
    )
    words = explanation.describe()
    assert str(explanation) == words.en
    assert words.splitlines() == [
        "s1: 0.5000 (topsis)",
        "  g staff  weight 1  -> 0.7500",
        "    x certified  weight 1/2  value 0.5000  -> 0.2500",
        "    y 服务人次  weight 1/2  value 1.0000  -> 0.5000",  # no English name: the Chinese one is data
    ]
    assert words.zh.splitlines() == [
        "s1：0.5000（TOPSIS 法）",
        "  g 队伍  权重 1  -> 0.7500",
        "    x 持证社工  权重 1/2  数值 0.5000  -> 0.2500",
        "    y 服务人次  权重 1/2  数值 1.0000  -> 0.5000",
    ]
    assert [line.describe().zh for line in explanation.lines] == words.zh.splitlines()[1:]


def test_global_weights_are_exact_products() -> None:
    """A leaf's global weight is the exact product of the weights on its path."""
    system = brand_system()
    assert system.global_weight("A1.1") == Fraction(3, 10) * Fraction(3, 5) * Fraction(1, 2)
    assert sum(system.global_weight(leaf) for leaf in system.leaf_ids) == 1
    assert system.level("A1.1") == 3


def test_children_weights_must_sum_to_exactly_one() -> None:
    """Weights summing to 0.9 (or 1 + 1e-12) are refused, naming the group and its sum."""
    with pytest.raises(
        IndicatorSystemError, match=r"root\.children: the weights of the children of 'r' sum to 9/10"
    ):
        IndicatorSystem(
            Indicator(
                id="r",
                children=[
                    Indicator(id="a", weight="0.4", normalization="max"),
                    Indicator(id="b", weight="0.5", normalization="max"),
                ],
            )
        )


def test_float_weights_are_refused_and_exact_weights_are_the_way_in() -> None:
    """A float weight is an InvalidTypeError; AHP weights go in through exact_weights."""
    with pytest.raises(InvalidTypeError, match="exact_weights"):
        Indicator(id="a", weight=0.5)
    weights, _ = ahp_weights([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]])
    fractions = exact_weights(weights)
    system = IndicatorSystem(
        Indicator(
            id="r",
            children=[
                Indicator(id=k, weight=w, normalization="max") for k, w in zip("xyz", fractions, strict=True)
            ],
        )
    )
    np.testing.assert_allclose(system.leaf_weights, weights, atol=1e-6)


def test_every_problem_of_a_tree_is_reported_at_once() -> None:
    """Duplicate ids, missing normalisation or target, a group with a normalisation: all reported."""
    root = Indicator(
        id="r",
        children=[
            Indicator(id="a", weight="0.5", normalization="target"),
            Indicator(id="a", weight="0.25"),
            Indicator(
                id="g", weight="0.25", normalization="max", children=[Indicator(id="g1", normalization="max")]
            ),
        ],
    )
    with pytest.raises(IndicatorSystemError) as caught:
        IndicatorSystem(root)
    paths = [problem.path for problem in caught.value.problems]
    assert paths == [
        "root.children[0].target",
        "root.children[1].id",
        "root.children[1].normalization",
        "root.children[2].normalization",
    ]


def test_reweighted_returns_a_new_system() -> None:
    """reweighted changes one group's weights and leaves the original alone."""
    system = brand_system()
    other = system.reweighted("B", {"B1": "0.5", "B2": "0.5"})
    assert other.find("B1").weight == Fraction(1, 2)
    assert system.find("B1").weight == Fraction(7, 10)
    with pytest.raises(UnknownIdError, match="'C' not among the children of 'B'"):
        system.reweighted("B", {"C": 1})


def test_mapping_values_missing_a_leaf_are_reported() -> None:
    """A mapping that lacks leaf values names the entity and the leaves."""
    with pytest.raises(IndicatorSystemError, match=r"values\['x'\]: no value for 'C'"):
        evaluate(brand_system(), {"x": dict.fromkeys(("A1.1", "A1.2", "A2", "B1", "B2"), 1)})


def test_matrix_with_wrong_columns_or_ids_is_refused() -> None:
    """A matrix with the wrong number of columns, or ids that do not match its rows, is refused."""
    with pytest.raises(ScoringError, match="expected 6 columns"):
        evaluate(brand_system(), np.ones((2, 5)))
    with pytest.raises(ScoringError, match="expected 2 entity ids"):
        evaluate(brand_system(), np.ones((2, 6)), entities=["a"])
    with pytest.raises(ScoringError, match="method: expected one of 'weighted_sum', 'topsis'"):
        evaluate(brand_system(), np.ones((2, 6)), method="vikor")  # type: ignore[arg-type]


def test_scores_are_read_only() -> None:
    """The arrays of Scores cannot be changed in place."""
    scores = evaluate(brand_system(), BRAND_VALUES)
    with pytest.raises(ValueError, match="read-only"):
        scores.total[0] = 1.0


def test_unknown_entity_and_indicator_raise_unknown_id() -> None:
    """Explaining an unknown entity or asking for an unknown indicator raises UnknownIdError."""
    scores = evaluate(brand_system(), BRAND_VALUES)
    with pytest.raises(UnknownIdError, match="unknown entity 'nobody'"):
        scores.explain("nobody")
    with pytest.raises(UnknownIdError, match="unknown indicator 'Z'"):
        scores.contribution("Z")


@settings(max_examples=50, deadline=None)
@given(
    matrix=hnp.arrays(np.float64, st.tuples(st.integers(2, 12), st.just(6)), elements=st.floats(0, 1000)),
    method=st.sampled_from(["weighted_sum", "topsis"]),
)
def test_evaluated_scores_lie_in_unit_interval(matrix: np.ndarray, method: str) -> None:
    """Both methods give every entity a score in [0, 1]."""
    scores = evaluate(brand_system(), matrix, method=method)  # type: ignore[arg-type]
    assert ((scores.total >= -1e-12) & (scores.total <= 1 + 1e-12)).all()


@settings(max_examples=50, deadline=None)
@given(
    matrix=hnp.arrays(np.float64, st.tuples(st.integers(2, 12), st.just(6)), elements=st.floats(0, 1000)),
    data=st.data(),
)
def test_contributions_of_groups_add_up(matrix: np.ndarray, data: st.DataObject) -> None:
    """A group's contribution is the sum of its children's, for every group."""
    system = brand_system()
    scores = evaluate(system, matrix)
    node = data.draw(st.sampled_from([n for n in system.indicators() if n.children]))
    parts = sum(scores.contribution(child.id) for child in node.children)
    np.testing.assert_allclose(scores.contribution(node.id), parts, atol=1e-12)


# -- extractors and registries -------------------------------------------------------


def test_station_extractors_count_from_the_example_registry(registry: sw.Registry) -> None:
    """Station extractors count workers, supervisors and child stations per station."""
    found = extract(registry, ["station.workers", "station.supervisors", "station.children"])
    by_id = dict(zip(found.entity_ids, found.values.tolist(), strict=True))
    assert found.entity_ids == tuple(registry.stations)
    expected_workers = {
        s: sum(1 for w in registry.social_workers.values() if w.station_id == s) for s in registry.stations
    }
    assert {s: v[0] for s, v in by_id.items()} == expected_workers
    assert by_id["wh-hub"][2] == len(registry.children("wh-hub"))


def test_every_built_in_extractor_returns_one_finite_value_per_entity(registry: sw.Registry) -> None:
    """Every registered extractor runs on the example registry with one value per entity of its kind."""
    for name, extractor in extractors().items():
        found = extract(registry, [name])
        assert found.values.shape == (len(getattr(registry, extractor.kind)), 1)


def test_fund_raised_sums_donations(registry: sw.Registry) -> None:
    """fund.raised adds up the donations of each fund."""
    found = extract(registry, ["fund.raised"])
    expected = [
        float(sum(d.amount for d in registry.donations.values() if d.fund_id == f)) for f in registry.funds
    ]
    assert found.values[:, 0].tolist() == expected


def test_evaluate_a_registry_through_extractors(registry: sw.Registry) -> None:
    """A system whose leaves name extractors evaluates a registry directly, entities by id."""
    system = IndicatorSystem(
        Indicator(
            id="station",
            children=[
                Indicator(id="w", weight="1/2", normalization="max", extractor="station.workers"),
                Indicator(id="s", weight="1/2", normalization="max", extractor="station.supervisors"),
            ],
        )
    )
    scores = evaluate(system, registry)
    assert scores.entities == tuple(registry.stations)
    assert scores.as_dict()["wh-hub"] == 1.0


def test_users_can_register_and_pass_extractors(registry: sw.Registry) -> None:
    """A user's extractor, registered or passed in, is used like a built-in one."""
    extractor = register_extractor(
        "test.station_name_length",
        "stations",
        lambda reg: [len(s.name) for s in reg.stations.values()],
        replace=True,
    )
    found = extract(registry, ["test.station_name_length"])
    assert found.values[:, 0].tolist() == [len(s.name) for s in registry.stations.values()]
    alone = extract(registry, ["mine"], extractors={"mine": extractor})
    assert (alone.values == found.values).all()


def test_extractor_errors_name_the_problem(registry: sw.Registry) -> None:
    """Unknown names, mixed kinds, a taken name and a wrong-length result are all reported."""
    with pytest.raises(UnknownIdError, match="unknown extractor"):
        extract(registry, ["station.nothing"])
    with pytest.raises(ScoringError, match="one kind of entity"):
        extract(registry, ["station.workers", "fund.raised"])
    with pytest.raises(ScoringError, match="already registered"):
        register_extractor("station.workers", "stations", lambda reg: [])
    bad = register_extractor("test.bad", "stations", lambda reg: [1.0], replace=True)
    with pytest.raises(ScoringError, match=r"returned shape \(1,\)"):
        extract(registry, ["test.bad"], extractors={"test.bad": bad})
    with pytest.raises(ScoringError, match="kind: expected one of 'divisions'"):
        register_extractor("test.kind", "planets", lambda reg: [])


def test_direction_labels() -> None:
    """Directions carry Chinese and English labels."""
    assert (Direction.BENEFIT.zh, Direction.BENEFIT.en) == ("效益型", "benefit")


def test_a_tree_a_thousand_levels_deep_is_refused_not_a_recursion_error() -> None:
    """An indicator chain 1,000 deep gives an IndicatorSystemError naming where it is too deep."""
    node = Indicator(id="leaf", normalization="minmax")
    for level in range(1000):
        node = Indicator(id=f"n{level}", children=[node])
    with pytest.raises(IndicatorSystemError) as caught:
        IndicatorSystem(node)
    assert caught.value.problems[0].path.endswith(".children")
    assert "deeper than 32 levels" in caught.value.problems[0].message
