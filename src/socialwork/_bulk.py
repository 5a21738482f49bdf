"""Helpers for building millions of objects at once, shared by every layer."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a bulk step builds objects that form no cycles.

    Millions of new tracked objects (entities, index dicts, graph adjacency) make the
    collector run again and again over everything built so far, costing more than
    the step itself; none of them is cyclic garbage, so it is paused and restored
    (only if it was enabled) afterwards, whatever happens.

    Examples:
        >>> import gc
        >>> from socialwork._bulk import gc_paused
        >>> with gc_paused():
        ...     gc.isenabled()
        False
        >>> gc.isenabled()
        True
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
