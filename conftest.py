"""Shared by the tests and the doctests: Hypothesis profiles and the doctest namespace."""

from __future__ import annotations

import importlib.util
import os
import re

import pytest
from hypothesis import HealthCheck, settings

import socialwork as sw

collect_ignore = ["src/socialwork/__main__.py", "docs/conf.py", "docs/_build"]

# Without --lang the command speaks the language of SOCIALWORK_LANG or the locale. The tests
# and the pages' examples are written in English, so they run in English on any machine;
# the tests of the default language set the environment they need.
os.environ["SOCIALWORK_LANG"] = "en"

settings.register_profile("dev", max_examples=100)
settings.register_profile("fast", max_examples=10)
settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile(
    os.environ.get("SOCIALWORK_HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev")
)


@pytest.fixture(autouse=True)
def _doctest_namespace(doctest_namespace: dict[str, object]) -> None:
    doctest_namespace.update(sw=sw)


# An example that needs an optional extra imports its module first (">>> import pandas");
# where that module is missing, the example is skipped, naming the extra.
_OPTIONAL = {"pandas": "pandas", "ortools": "solvers", "matplotlib": "plot"}
_IMPORT = re.compile(r"^\s*(?:import|from)\s+(\w+)", re.MULTILINE)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip the doctests whose optional extra is not installed."""
    for item in items:
        test = getattr(item, "dtest", None)
        if test is None:
            continue
        for example in test.examples:
            for module in _IMPORT.findall(example.source):
                if module in _OPTIONAL and importlib.util.find_spec(module) is None:
                    extra = _OPTIONAL[module]
                    item.add_marker(
                        pytest.mark.skip(reason=f"needs {module}: pip install 'socialwork[{extra}]'")
                    )
