"""Shared by the tests and the doctests: Hypothesis profiles and the doctest namespace."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

import socialwork as sw

collect_ignore = ["src/socialwork/__main__.py", "docs/conf.py", "docs/_build"]

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
