"""Strategies for targets."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from socialwork.targets import Target
from socialwork.testing._model import dates

__all__ = ["targets"]


@st.composite
def _targets(draw: st.DrawFn) -> Target:
    start = draw(dates(max_value=dt.date(2029, 12, 31)))
    due = draw(dates(min_value=start + dt.timedelta(days=1)))
    baseline = draw(st.integers(0, 500))
    goal = draw(st.integers(baseline + 1, 1000))
    return Target(
        metric=draw(st.sampled_from(["practitioners", "supervisors", "stations", "raised"])),
        goal=goal,
        baseline_date=start,
        due=due,
        baseline=baseline,
        at_most=draw(st.none() | st.integers(goal, 2000)),
    )


def targets() -> st.SearchStrategy[Target]:
    """Return a strategy for dated numeric targets, each due after its baseline date.

    Examples:
        >>> from hypothesis import find
        >>> from socialwork.testing import targets
        >>> t = find(targets(), lambda _: True)
        >>> t.baseline_date < t.due
        True

    .. versionadded:: 0.2
    """
    return _targets()
