"""Optional dependencies are imported lazily, with an error that says how to install them."""

from __future__ import annotations

import pytest

import socialwork as sw
from socialwork._optional import import_optional


def test_missing_optional_dependency_names_the_extra() -> None:
    """A missing module raises MissingDependencyError naming the pip extra."""
    with pytest.raises(sw.MissingDependencyError, match=r"pip install 'socialwork\[plot\]'") as info:
        import_optional("surely_not_installed_module", extra="plot", purpose="plotting")
    assert isinstance(info.value, ImportError)
    assert isinstance(info.value, sw.SocialWorkError)


def test_installed_module_is_returned() -> None:
    """An installed module is imported and returned."""
    assert import_optional("decimal", extra="none", purpose="testing").Decimal is not None
