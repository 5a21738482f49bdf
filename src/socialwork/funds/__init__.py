"""Community funds (社区基金): matched donations, statements, ledgers and policy what-ifs.

A community raises money; a charity federation (慈善总会) manages the fund and adds
a matched donation (配捐) under a :class:`MatchingRule` — in Binzhou 1 yuan for
every 10 raised, at most 30,000 yuan per fund (:data:`BINZHOU_RULE`). Matches are
computed on cumulative totals, exactly, in ``Decimal`` yuan to the fen.

- :func:`matched_amount` and :func:`cap_reached_at`: the rule's arithmetic;
- :func:`statement`: one fund's figures as of a date, from a registry and a
  fund id, or from a fund and its donations;
- :class:`Ledger` and :func:`fund_ledger`: the fund's books, grants included,
  with ``raised + matched = disbursed + balance`` on every date;
- :func:`summary`: many funds, totalled, with the people their projects reach;
- :func:`simulate`: the same donations under several rules, vectorised over
  integer fen.

Every entry point takes its subject positionally and the rest as keywords; the
matching rule is ``rule=``, :data:`BINZHOU_RULE` by default. Money arithmetic
runs in ``socialwork.model.MONEY_CONTEXT``, whatever the caller's context.

.. versionchanged:: 0.2
   :func:`statement` and :func:`summary` take ``rule=`` as a keyword with the
   Binzhou default, like :func:`fund_ledger` and :class:`Ledger`.
"""

from socialwork.funds._ledger import EntryKind, Ledger, LedgerEntry, Position, fund_ledger
from socialwork.funds._rule import (
    BINZHOU_RULE,
    ROUNDINGS,
    CapPeriod,
    MatchingRule,
    cap_reached_at,
    matched_amount,
)
from socialwork.funds._simulate import DonationTable, RuleOutcome, Simulation, simulate
from socialwork.funds._statement import Statement, YearFigures, statement
from socialwork.funds._summary import FundsSummary, summary

__all__ = [
    "BINZHOU_RULE",
    "ROUNDINGS",
    "CapPeriod",
    "DonationTable",
    "EntryKind",
    "FundsSummary",
    "Ledger",
    "LedgerEntry",
    "MatchingRule",
    "Position",
    "RuleOutcome",
    "Simulation",
    "Statement",
    "YearFigures",
    "cap_reached_at",
    "fund_ledger",
    "matched_amount",
    "simulate",
    "statement",
    "summary",
]
