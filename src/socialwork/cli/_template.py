"""``socialwork template``: a blank ledger workbook to fill in (see :mod:`socialwork.cli._ledgers`)."""

from __future__ import annotations

from socialwork.cli._ledgers import register_template as register
from socialwork.cli._ledgers import run_template as run

__all__ = ["register", "run"]
