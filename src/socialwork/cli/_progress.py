"""Progress of long work on standard error, when it is a terminal: a ``tqdm`` bar, if installed.

The bar counts the steps of a command (read the file, validate, write) and names
the one under way. It is shown only when standard error is a terminal, so that
logs and pipes get nothing, and only when ``tqdm`` (the ``cli`` extra) is
installed: without it there is no progress and no error.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any, TextIO

from socialwork._optional import import_optional
from socialwork.errors import MissingDependencyError

__all__ = ["Progress"]


def _is_terminal(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


class Progress:
    """A bar of *total* steps on *stream* (standard error), or nothing, as a context manager.

    Call :meth:`step` as each step begins; the bar is complete and gone when the
    ``with`` block ends.
    """

    def __init__(self, total: int, *, stream: TextIO | None = None) -> None:
        self._stream = sys.stderr if stream is None else stream
        self._bar: Any = None
        self._started = False
        if not _is_terminal(self._stream):
            return
        try:
            tqdm = import_optional("tqdm", extra="cli", purpose="progress on a terminal")
        except MissingDependencyError:
            return
        self._bar = tqdm.tqdm(
            total=total,
            file=self._stream,
            leave=False,
            dynamic_ncols=True,
            bar_format="{desc}: {n_fmt}/{total_fmt} {bar} {elapsed}",
        )

    @property
    def shown(self) -> bool:
        """Whether a bar is being shown."""
        return self._bar is not None

    def step(self, description: str) -> None:
        """Start the next step, named *description*: the one before it is done."""
        if self._bar is None:
            return
        if self._started:
            self._bar.update(1)
        self._started = True
        self._bar.set_description_str(description)

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            if kind is None and self._started:
                self._bar.update(1)
            self._bar.close()
