"""Every public function given a value of the wrong kind raises a socialwork error, never a bare one."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from typing import Any

import pytest

import socialwork as sw

MODULES = [
    "socialwork",
    "socialwork.datasets",
    "socialwork.errors",
    "socialwork.funds",
    "socialwork.graph",
    "socialwork.hierarchy",
    "socialwork.io",
    "socialwork.linkage",
    "socialwork.matching",
    "socialwork.model",
    "socialwork.plots",
    "socialwork.privacy",
    "socialwork.reporting",
    "socialwork.rules",
    "socialwork.scoring",
    "socialwork.targets",
]
WRONG = [None, 3.5, "x", b"\xff", [], {}]


def _functions() -> list[tuple[str, Callable[..., Any], int]]:
    found = []
    for name in MODULES:
        module = importlib.import_module(name)
        for attr in module.__all__:
            function = getattr(module, attr)
            if not inspect.isfunction(function):
                continue
            parameters = inspect.signature(function).parameters.values()
            if any(p.default is p.empty and p.kind is p.KEYWORD_ONLY for p in parameters):
                continue  # its required keywords are tested with the module
            required = [
                p
                for p in parameters
                if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
            ]
            found.append((f"{name}.{attr}", function, len(required)))
    return found


@pytest.mark.parametrize(
    ("name", "function", "count"), _functions(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_wrong_arguments_raise_socialwork_errors(name: str, function: Callable[..., Any], count: int) -> None:
    """None, floats, stray text and bytes, empty lists and dicts in every positional place: only SocialWorkError.

    Reading a path that does not exist is an OSError, as documented by load.
    """
    for wrong in WRONG:
        try:
            function(*([wrong] * count))
        except sw.SocialWorkError:
            pass
        except OSError:
            assert name.endswith(".load"), f"{name}({wrong!r}) raised OSError"
