"""Scoring: indicator systems, weights, normalisation, aggregation, ranking, awards and budgets.

Indicator values live in numpy arrays (rows are entities, columns criteria); the
object layer (:class:`IndicatorSystem`, a :class:`~socialwork.Registry` read
through named extractors) is only the way in and out.

- Flat building blocks on a plain matrix: :func:`normalize`, :func:`weighted_sum`,
  :func:`topsis`, :func:`ahp_weights`, :func:`entropy_weights`, :func:`critic_weights`.
- Indicator systems (评价指标体系): :class:`Indicator`, :class:`IndicatorSystem`,
  :func:`evaluate` returning :class:`Scores` with each indicator's contribution.
- Rankings and their sensitivity: :func:`rank`, :func:`top_k_stability`,
  :func:`rank_reversals`.
- The three-excellents awards (三优评选): :func:`awards`; a venture-philanthropy
  round (公益创投大赛): :func:`allocate`.
"""

from socialwork.scoring._aggregate import topsis, weighted_sum
from socialwork.scoring._allocate import Allocation, Funding, Plan, Unfunded, allocate
from socialwork.scoring._checks import Direction
from socialwork.scoring._defaults import STATION_INDICATORS
from socialwork.scoring._extractors import Extraction, Extractor, extract, extractors, register_extractor
from socialwork.scoring._normalize import NORMALIZATIONS, Normalization, normalize
from socialwork.scoring._rank import (
    THREE_EXCELLENTS,
    Award,
    Awards,
    RankReversal,
    Stability,
    awards,
    rank,
    rank_reversals,
    top_k_stability,
)
from socialwork.scoring._scores import Explanation, Line, Scores, evaluate
from socialwork.scoring._system import Indicator, IndicatorSystem
from socialwork.scoring._weights import (
    RANDOM_INDEX,
    AhpWeights,
    ahp_weights,
    critic_weights,
    entropy_weights,
    exact_weights,
)

__all__ = [
    "NORMALIZATIONS",
    "RANDOM_INDEX",
    "STATION_INDICATORS",
    "THREE_EXCELLENTS",
    "AhpWeights",
    "Allocation",
    "Award",
    "Awards",
    "Direction",
    "Explanation",
    "Extraction",
    "Extractor",
    "Funding",
    "Indicator",
    "IndicatorSystem",
    "Line",
    "Normalization",
    "Plan",
    "RankReversal",
    "Scores",
    "Stability",
    "Unfunded",
    "ahp_weights",
    "allocate",
    "awards",
    "critic_weights",
    "entropy_weights",
    "evaluate",
    "exact_weights",
    "extract",
    "extractors",
    "normalize",
    "rank",
    "rank_reversals",
    "register_extractor",
    "top_k_stability",
    "topsis",
    "weighted_sum",
]
