"""Hypothesis strategies shared by the scoring tests."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

values = st.floats(min_value=0, max_value=1000, allow_nan=False, allow_infinity=False, width=64)
positive = st.floats(min_value=0.5, max_value=1000, allow_nan=False, allow_infinity=False, width=64)


@st.composite
def problems(
    draw: st.DrawFn, *, min_rows: int = 2, max_rows: int = 15, elements: st.SearchStrategy[float] = values
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A decision problem: matrix, weights (summing to 1), directions."""
    rows = draw(st.integers(min_rows, max_rows))
    columns = draw(st.integers(1, 6))
    matrix = draw(hnp.arrays(np.float64, (rows, columns), elements=elements))
    raw = draw(hnp.arrays(np.float64, columns, elements=st.floats(0.01, 1)))
    directions = np.array(draw(st.lists(st.sampled_from([1, -1]), min_size=columns, max_size=columns)))
    return matrix, raw / raw.sum(), directions
