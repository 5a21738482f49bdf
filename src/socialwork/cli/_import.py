"""``socialwork import``: ledgers (台账) into a registry (see :mod:`socialwork.cli._ledgers`)."""

from __future__ import annotations

from socialwork.cli._ledgers import register, run

__all__ = ["register", "run"]
