"""Fixtures for the tests."""

from __future__ import annotations

import pytest

import socialwork as sw
from socialwork.datasets import example


@pytest.fixture
def registry() -> sw.Registry:
    """The bundled example registry."""
    return example()
