"""Plots of a registry and of the analyses' results, drawn with matplotlib (the ``plot`` extra).

Each function returns a :class:`matplotlib.figure.Figure` built with the object
API (never pyplot's global state), so plotting works without a display and in
threads; pass ``ax=`` to draw into an Axes of your own figure instead.

- :func:`station_tree`: the district → street → community station tree,
  coloured by coverage (全覆盖);
- :func:`linkage_profile`: a community's five-society profile (五社联动);
- :func:`fund_progress`: each community fund's matched donation toward the cap;
- :func:`score_contributions`: indicator contributions to the best scores;
- :func:`target_progress`: progress toward dated targets;
- :func:`save_all`: every plot that applies to a registry or a scenario, saved;
  :func:`render`: a figure as the same SVG, PNG or PDF bytes every time.

Labels are Chinese with ``lang="zh"`` (the default) when a font with Chinese
glyphs is found (:func:`find_cjk_font`); without one, the figures get English
labels and one :class:`~socialwork.errors.FontWarning`, never empty boxes.
Money is labelled exactly, from the ``Decimal`` figures; floats only place
bars. matplotlib is imported on first use: ``pip install 'socialwork[plot]'``.

Examples:
    >>> import matplotlib  # the plot extra: without it, the example is skipped
    >>> from socialwork import plots
    >>> figure = plots.linkage_profile(sw.datasets.example(), "510107015001", lang="en")
    >>> figure.axes[0].get_title()
    '510107015001: 5 of 5 societies linked'

.. versionadded:: 0.2
"""

from socialwork.plots._charts import (
    SHOWN_SHARE,
    fund_progress,
    linkage_profile,
    money_text,
    score_contributions,
    target_progress,
    trend_line,
)
from socialwork.plots._fonts import find_cjk_font
from socialwork.plots._save import FORMATS, render, save_all
from socialwork.plots._tree import MAX_TREE_NODES, station_tree

__all__ = [
    "FORMATS",
    "MAX_TREE_NODES",
    "SHOWN_SHARE",
    "find_cjk_font",
    "fund_progress",
    "linkage_profile",
    "money_text",
    "render",
    "save_all",
    "score_contributions",
    "station_tree",
    "target_progress",
    "trend_line",
]
