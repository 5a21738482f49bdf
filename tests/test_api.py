"""The public API: every __all__ is sorted and complete, and every name is documented."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import types
from pathlib import Path

import pytest

import socialwork as sw

DOCS = Path(__file__).parent.parent / "docs" / "api"
PUBLIC_MODULES = sorted(
    ["socialwork"]
    + [
        f"socialwork.{info.name}"
        for info in pkgutil.iter_modules(sw.__path__)
        if not info.name.startswith("_") and info.name != "cli"
    ]
)


def isort_key(name: str) -> tuple[int, str]:
    """The order ruff (RUF022) keeps: CONSTANTS, then Classes, then functions."""
    if name.isupper() and len(name) > 1:
        return (0, name)
    if name[0].isupper():
        return (1, name)
    return (2, name)


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_all_is_sorted(name: str) -> None:
    """__all__ is sorted, constants first, then classes, then functions."""
    module = importlib.import_module(name)
    assert list(module.__all__) == sorted(module.__all__, key=isort_key)


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_all_is_complete(name: str) -> None:
    """Every public class and function a module defines or re-exports is in its __all__."""
    module = importlib.import_module(name)
    exported = set(module.__all__)
    for attr, value in vars(module).items():
        if attr.startswith("_") or isinstance(value, types.ModuleType):
            continue
        if not (inspect.isclass(value) or inspect.isfunction(value)):
            continue
        defined_in = value.__module__ or ""
        if defined_in != name and not defined_in.startswith(f"{name}._"):
            continue  # imported from another module, such as Decimal or socialwork.io.loads
        assert attr in exported, f"{name}.{attr} is public but not in __all__"
    for attr in exported:
        assert hasattr(module, attr), f"{name}.__all__ names {attr}, which the module lacks"


def _documented_names() -> set[str]:
    names = set()
    for path in DOCS.glob("*.rst"):
        for match in re.finditer(
            r"^\.\. (?:auto\w+|py:\w+|data|class|function|exception|attribute):: (\S+)",
            path.read_text(encoding="utf-8"),
            re.M,
        ):
            names.add(match[1].rsplit(".", 1)[-1])
        for match in re.finditer(
            r"^\.\. automodule:: (\S+)\n(?:   :\w[^\n]*\n)*", path.read_text(encoding="utf-8"), re.M
        ):
            block = match[0]
            if ":members:" in block and ":no-members:" not in block:
                names.update(importlib.import_module(match[1]).__all__)
    return names


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_every_public_name_is_in_the_api_docs(name: str) -> None:
    """The API reference documents every name of every public module."""
    module = importlib.import_module(name)
    documented = _documented_names()
    for attr in module.__all__:
        value = getattr(module, attr)
        if isinstance(value, types.ModuleType) or attr == "__version__":
            continue
        assert attr in documented, f"{name}.{attr} is not in docs/api"


def test_design_names_are_at_the_top_level() -> None:
    """Every model name that DESIGN.md promises is reachable as sw.X."""
    for attr in [
        "Division", "Station", "Organization", "SocialWorker", "Volunteer", "Project", "Need", "Fund",
        "Donation", "Registry", "StationLevel", "DivisionLevel", "Society", "OrgKind", "TalentTrack",
        "ServiceKind", "Severity", "load", "dump", "LoadError", "SocialWorkError",
    ]:  # fmt: skip
        assert attr in sw.__all__


def test_every_exception_derives_from_socialwork_error() -> None:
    """Callers can catch everything the library raises with one except clause, every warning with one filter."""
    for value in vars(sw.errors).values():
        if inspect.isclass(value) and issubclass(value, Warning):
            assert issubclass(value, sw.errors.SocialWorkWarning)
        elif inspect.isclass(value) and issubclass(value, BaseException):
            assert issubclass(value, sw.SocialWorkError)


def test_package_is_typed() -> None:
    """The py.typed marker ships with the package."""
    assert (Path(sw.__file__).parent / "py.typed").exists()
