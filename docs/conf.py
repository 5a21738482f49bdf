"""Sphinx configuration for the socialwork documentation."""

from __future__ import annotations

import importlib
import os

from matplotlib.axes import Axes
from matplotlib.figure import Figure

import socialwork


def _give_plots_their_types() -> None:
    """Let autodoc evaluate socialwork.plots' annotations.

    The plots modules import matplotlib's ``Axes`` and ``Figure`` for the type checker
    only, so that matplotlib stays optional; the docs are built with it installed.
    """
    for name in ("_charts", "_fonts", "_save", "_tree"):
        module = importlib.import_module(f"socialwork.plots.{name}")
        module.Axes, module.Figure = Axes, Figure  # type: ignore[attr-defined]


_give_plots_their_types()

project = "socialwork"
author = "The socialwork developers"
copyright = "2026, The socialwork developers"
version = release = socialwork.__version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "sphinx.ext.viewcode",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]

autodoc_typehints = "description"
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "show-inheritance": False}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_attr_annotations = True

# Intersphinx needs the network to fetch inventories; CI has none beyond package
# registries, so it is on only when SOCIALWORK_DOCS_INTERSPHINX=1 is set.
if os.environ.get("SOCIALWORK_DOCS_INTERSPHINX") == "1":
    intersphinx_mapping = {
        "python": ("https://docs.python.org/3", None),
        "attrs": ("https://www.attrs.org/en/stable", None),
        "cattrs": ("https://catt.rs/en/stable", None),
        "networkx": ("https://networkx.org/documentation/stable", None),
        "hypothesis": ("https://hypothesis.readthedocs.io/en/latest", None),
    }
else:
    intersphinx_mapping = {}

nitpicky = True
nitpick_ignore_regex = [
    # Names from outside the project, resolvable only with intersphinx inventories.
    (
        r"py:.*",
        r"(attrs|cattrs|networkx|numpy|scipy|pandas|matplotlib|hypothesis|datetime|decimal|pathlib|fractions|typing|types|collections|enum|os|io)\..*",
    ),
    (
        r"py:class",
        r"(Decimal|Fraction|Path|IO|Any|Self|T|V|K|Iterable|Iterator|Mapping|Sequence|Callable|Final)(\[.*\])?",
    ),
    (r"py:class", r"(str|int|float|bool|bytes|object|dict|list|tuple|set|frozenset|type|None)(\[.*\])?"),
    (r"py:class", r"(np|numpy|nx|pd)\..*"),
    (r"py:class", r"socialwork\.model\.validators\.T"),
    (r"py:.*", r"socialwork\..*\._.*"),
    # The pseudo-signatures of the docstrings IdMapping inherits for keys, values and items.
    (r"py:class", r"(a set-like object|an object) providing a view on D's (keys|values|items)"),
]

html_theme = "furo"
html_title = "socialwork"
