"""Reading the registry that a command works on: a file, standard input, or the bundled example."""

from __future__ import annotations

import sys
from pathlib import Path

import socialwork as sw
from socialwork.cli._errors import InputError
from socialwork.errors import Message, position_of, reason_of

__all__ = [
    "LEDGER_SUFFIXES",
    "STDIN",
    "cannot_read",
    "is_ledger",
    "read_ledger",
    "read_registry",
    "source_name",
]

LEDGER_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv")
"""The file names read as ledgers (台账) rather than as socialwork documents; a folder is read so too."""

STDIN = "-"
"""The file name that stands for standard input."""


def source_name(file: str) -> str:
    """Return how messages name the input *file*."""
    return "<stdin>" if file == STDIN else file


def is_ledger(file: str | None) -> bool:
    """Return whether *file* names ledgers: a workbook, a CSV file or a folder."""
    if file is None or file == STDIN:
        return False
    path = Path(file)
    if path.is_dir():  # a folder of ledgers; any other folder is an input that cannot be read
        return any(p.suffix.lower() in LEDGER_SUFFIXES for p in path.iterdir())
    return path.suffix.lower() in LEDGER_SUFFIXES


def read_ledger(file: str) -> sw.io.LedgerImport:
    """Return the ledgers in *file* (see :func:`socialwork.io.import_ledgers`).

    Raises:
        InputError: the ledgers have problems, each named by its cell.
    """
    try:
        return sw.io.import_ledgers(file)
    except sw.LoadError as error:
        raise InputError(source_name(file), error.problems) from error


def read_registry(file: str | None) -> sw.Registry:
    """Return the registry in *file*, read from standard input for ``-``, the bundled example for None.

    Raises:
        InputError: the file cannot be read or is not a valid socialwork document.
    """
    if file is None:
        return sw.datasets.example()
    if is_ledger(file):
        return read_ledger(file).registry
    try:
        if file == STDIN:
            # Bytes, so that the document is read as UTF-8 whatever the locale says.
            return sw.loads(getattr(sys.stdin, "buffer", sys.stdin).read())
        return sw.load(file)
    except sw.LoadError as error:
        raise InputError(source_name(file), error.problems) from error
    except OSError as error:
        raise InputError(source_name(file), [sw.Problem("", cannot_read(error))]) from error


def cannot_read(error: OSError | UnicodeDecodeError) -> Message:
    """Return "cannot read: REASON" for *error*, in English and Chinese."""
    if isinstance(error, UnicodeDecodeError):
        return Message(
            "cannot read: not UTF-8 text{where}: {reason}",
            "无法读取：不是 UTF-8 文本{where}：{reason}",
            where=position_of(error),
            reason=reason_of(error),
        )
    return Message("cannot read: {reason}", "无法读取：{reason}", reason=reason_of(error))
