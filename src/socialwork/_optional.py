"""Lazy imports of optional dependencies, with an error that says how to install them."""

from __future__ import annotations

import importlib
from types import ModuleType

from socialwork.errors import Message, MissingDependencyError

__all__ = ["import_optional"]


def import_optional(module: str, *, extra: str, purpose: str) -> ModuleType:
    """Import *module*, or raise an error naming the extra that installs it.

    Examples:
        >>> from socialwork._optional import import_optional
        >>> import_optional("json", extra="none", purpose="reading JSON").__name__
        'json'
        >>> import_optional("no_such_module_xyz", extra="pandas", purpose="to_frame()")
        Traceback (most recent call last):
        ...
        socialwork.errors.MissingDependencyError: to_frame() needs no_such_module_xyz, ...
    """
    try:
        return importlib.import_module(module)
    except ImportError as error:
        msg = Message(
            "{purpose} needs {module}, which is not installed; "
            "install it with: pip install 'socialwork[{extra}]'",
            "{purpose} 需要 {module}，但它没有安装；请用 pip install 'socialwork[{extra}]' 安装",
            purpose=purpose,
            module=module,
            extra=extra,
        )
        raise MissingDependencyError(msg) from error
