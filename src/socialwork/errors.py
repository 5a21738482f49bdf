"""Every exception that ``socialwork`` raises, under one base class.

Catch :class:`SocialWorkError` to catch them all. Each subclass also derives from
the builtin exception a Python programmer would expect (``ValueError``,
``TypeError``, ``KeyError``), so existing ``except`` clauses keep working.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = [
    "FundsError",
    "InconsistentJudgementError",
    "IndicatorSystemError",
    "InvalidRegistryError",
    "InvalidTypeError",
    "InvalidValueError",
    "LoadError",
    "MatchingInputError",
    "MissingDependencyError",
    "OverdrawnError",
    "Problem",
    "ProblemsError",
    "SocialWorkError",
    "SolverError",
    "UnknownIdError",
]


class SocialWorkError(Exception):
    """The base of every exception raised by ``socialwork``."""


@attrs.frozen
class Problem:
    """One problem found in the input: where it is and what is wrong.

    Attributes:
        path: Where the problem is, as a JSON-like path such as
            ``stations[3].parent_id``; empty for the input as a whole.
        message: What was expected and what was found.

    Examples:
        >>> str(Problem("stations[3].parent_id", "unknown station 'wh-s-99'"))
        "stations[3].parent_id: unknown station 'wh-s-99'"
    """

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ProblemsError(SocialWorkError, ValueError):
    """An error that lists every problem found, not only the first.

    Attributes:
        problems: Each problem with its path, in the order they were found.
    """

    problems: tuple[Problem, ...]

    def __init__(self, summary: str, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        lines = [f"{summary} ({len(self.problems)} problem(s)):"]
        lines.extend(f"  {problem}" for problem in self.problems)
        super().__init__("\n".join(lines))


class InvalidRegistryError(ProblemsError):
    """A registry cannot be built: duplicate ids or dangling references.

    Raised by :class:`socialwork.Registry` and its methods that return a changed
    registry. Nothing is built: the error lists every problem at once.
    """


class LoadError(ProblemsError):
    """A document cannot be loaded; ``problems`` says every reason and where."""


class _FieldError(SocialWorkError):
    field: str
    reason: str

    def __init__(self, reason: str, *, field: str = "") -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}" if field else reason)


class InvalidValueError(_FieldError, ValueError):
    """A field of an entity holds a value that breaks one of its rules.

    Attributes:
        field: The field's name, such as ``"code"``.
        reason: What was expected and what was found.
    """


class InvalidTypeError(_FieldError, TypeError):
    """A field of an entity holds a value of the wrong type.

    Attributes:
        field: The field's name, such as ``"amount"``.
        reason: What type was expected and what was found.
    """


class MissingDependencyError(SocialWorkError, ImportError):
    """An optional dependency that a function needs is not installed.

    The message names the extra that installs it, e.g. ``pip install 'socialwork[pandas]'``.
    """


class UnknownIdError(SocialWorkError, KeyError):
    """An id that the registry does not hold was asked for."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class FundsError(ProblemsError):
    """The inputs of a fund computation do not fit together.

    Raised by :mod:`socialwork.funds` when donations or grants belong to another
    fund, an id is used twice, or arrays for a simulation disagree; ``problems``
    says every reason and where (``donations[2].fund_id: ...``).
    """


class OverdrawnError(ProblemsError):
    """A fund would pay out more than its balance.

    Raised by :class:`socialwork.funds.Ledger` when a grant is larger than the
    fund's balance on its date; nothing is recorded. ``problems`` names each grant
    that would overdraw the fund, with the balance it met.
    """


class InconsistentJudgementError(SocialWorkError, ValueError):
    """A pairwise comparison matrix is too inconsistent to derive weights from.

    Raised by :func:`socialwork.scoring.ahp_weights` when the consistency ratio
    is 0.1 or more and the caller has not allowed it.

    Attributes:
        consistency_ratio: The ratio found, CI / RI.
    """

    consistency_ratio: float

    def __init__(self, message: str, *, consistency_ratio: float) -> None:
        self.consistency_ratio = consistency_ratio
        super().__init__(message)


class IndicatorSystemError(ProblemsError):
    """An indicator system cannot be built; ``problems`` says every reason and where.

    Raised by :class:`socialwork.scoring.IndicatorSystem`: duplicate ids, children
    whose weights do not sum to exactly 1, leaves without a normalisation, ...
    """


class MatchingInputError(ProblemsError):
    """The input of a matching or an assignment is malformed; ``problems`` lists every fault.

    Raised by :mod:`socialwork.matching` for a capacity below one, an agent ranked
    twice, a preference naming an agent that does not exist, a fit for an unknown
    need or service, and the like. Pass ``clean=True`` to :func:`socialwork.matching.stable`
    to drop the bad entries instead and find them in ``Matching.dropped``.
    """


class SolverError(SocialWorkError, RuntimeError):
    """A numerical solver failed or returned an answer that does not check out.

    Raised by :func:`socialwork.matching.assign` if the linear-programming solver
    reports a failure or a solution that is not whole persons within capacities;
    the message says which. It signals a bug or a solver limit, not bad input.
    """
