"""The bad-input property: every public callable returns or raises a SocialWorkError, nothing else.

The callables are found, not listed: every function and class in ``socialwork.__all__``
and in the ``__all__`` of each of its subpackages, and the public methods of one
instance of each main result class. A new public function is called here as soon as
it is exported; one that cannot be called this way must be named in :data:`EXCLUDED`
with the reason, or :func:`test_every_public_callable_is_covered` fails naming it.

Each argument is drawn by Hypothesis either from values of the wrong type or range
(``None``, huge and negative integers, NaN and infinities, text, bytes, lists,
dicts, entities of the wrong kind, Decimal infinities ...) or, so that the calls get
past their first check, from a plausible value for a parameter of that name.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import importlib
import inspect
import io
import os
import signal
import tempfile
import warnings
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import socialwork as sw
from socialwork.errors import SocialWorkError, SocialWorkWarning

REGISTRY = sw.datasets.example()
STATION = REGISTRY.stations["wh-hub"]
FUND = next(iter(REGISTRY.funds.values()))
MODULES = ("socialwork", *(f"socialwork.{name}" for name in ("errors", "model", "testing")))

EXCLUDED: dict[str, str] = {
    "socialwork.model.LabelledEnum": "a base for enumerations, without members of its own",
    "socialwork.model.LabelledIntEnum": "a base for enumerations, without members of its own",
    "socialwork.model.Labelled": "a mixin of the labelled enumerations",
    "socialwork.reporting.ScenarioLike": "a Protocol, not a class to call",
    "socialwork.scoring.Extractor": "a Protocol, not a class to call",
    "socialwork.testing.register_strategies": "registers strategies with Hypothesis itself",
    "socialwork.matching.Agent": "a type alias (Hashable), not a class to call",
}

# A value a parameter of each name is usually given, so that calls get past their first check.
PLAUSIBLE: dict[str, list[Any]] = {
    "registry": [REGISTRY],
    "subject": [REGISTRY],
    "data": [REGISTRY, b"{}"],
    "source": [REGISTRY, FUND],
    "graph": [REGISTRY],
    "entities": [list(REGISTRY.entities())[:3]],
    "entity": [STATION],
    "entity_id": ["wh-hub", "510107"],
    "entity_ids": [["d-01"]],
    "first": ["wh-hub"],
    "second": ["510107"],
    "ancestor": ["510107"],
    "community": ["510107015001"],
    "community_id": ["510107015001"],
    "district": ["510107"],
    "district_id": ["510107"],
    "districts": [["510107"]],
    "fund_id": [FUND.id],
    "of": [FUND.id],
    "station_id": ["wh-hub"],
    "code": ["510107"],
    "level": [sw.StationLevel.STREET, sw.DivisionLevel.COMMUNITY],
    "kind": ["stations", "divisions"],
    "rule": [sw.funds.BINZHOU_RULE],
    "rules": [[sw.funds.BINZHOU_RULE]],
    "raised": [Decimal("100")],
    "on": [dt.date(2022, 7, 1)],
    "as_of": [dt.date(2022, 7, 1)],
    "matrix": [[[1.0, 2.0], [3.0, 4.0], [2.0, 1.0]]],
    "weights": [[0.5, 0.5]],
    "directions": [[1, -1]],
    "normalization": ["minmax", "vector"],
    "method": ["weighted_sum", "topsis", "minmax"],
    "scores": [{"a": 1.0, "b": 2.0}, {"a": {"x": 1.0}, "b": {"x": 2.0}}],
    "quotas": [{"x": 1}],
    "needs": [{"n1": 2}],
    "services": [{"s1": 1}],
    "fit": [{("n1", "s1"): 1}],
    "proposals": [{"a": Decimal("100"), "b": Decimal("50")}],
    "budget": [Decimal("100")],
    "lang": ["zh", "en"],
    "text": ["社工站"],
    "width": [10],
    "targets": [list(sw.targets.WUHOU_TARGETS)],
    "observed": [{"workers": 10}],
    "system": [sw.scoring.STATION_INDICATORS],
    "values": [REGISTRY, {"wh-hub": 1}],
    "names": [["workers"]],
    "value": ["x", 1],
    "pairwise": [[[1.0, 3.0], [1 / 3, 1.0]]],
    "target": ["out.bin", io.BytesIO()],
    "directory": ["."],
    "proposer_prefs": [{"a": ["x"], "b": ["x"]}],
    "reviewer_prefs": [{"x": ["a", "b"]}],
    "capacities": [{"x": 1}],
    "name": ["binzhou", "wuhou"],
    "amount": [Decimal("1.00")],
    "faults": [["duplicate_id"]],
    "k": [1],
    "seed": [0],
    "top": [3],
    "old": [REGISTRY],
    "new": [REGISTRY.remove(["d-01"])],
    "date": [dt.date(2022, 4, 1)],
    "codes": [["510107015001", "510107"]],
    "labels": [sw.io.LEDGER_HEADERS],
    "pii": ["redact", "include"],
}

WRONG: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([-1, 0, 2**63, 2**64, -(2**63) - 1, 10**30]),
    st.floats(),
    st.sampled_from([float("nan"), float("inf"), -float("inf"), 1e308, 5e-324]),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from([Decimal("Infinity"), Decimal("NaN"), Decimal("sNaN"), Decimal("1E+400")]),
    st.text(max_size=6),
    st.binary(max_size=6),
    st.dates(),
    st.lists(st.none() | st.integers() | st.text(max_size=3) | st.floats(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.none() | st.integers() | st.floats(), max_size=3),
    st.dictionaries(st.integers(), st.text(max_size=3), max_size=2),
    st.sampled_from(
        [STATION, FUND, REGISTRY, sw.Registry(), sw.StationLevel.STREET, object(), [[1]], {(): 1}]
    ),
    st.sampled_from([sw.funds.BINZHOU_RULE, sw.scoring.STATION_INDICATORS, len, print, ValueError]),
)


class TookTooLong(Exception):  # noqa: N818 (not an error of the library)
    """A call ran past its time limit: a huge size accepted instead of refused."""


def _public_callables() -> dict[str, Callable[..., Any]]:
    """Every function and class exported by the package and its subpackages, by full name."""
    found: dict[str, Callable[..., Any]] = {}
    modules = list(MODULES)
    modules += [f"socialwork.{n}" for n in sw.__all__ if inspect.ismodule(getattr(sw, n))]
    for module_name in dict.fromkeys(modules):
        module = importlib.import_module(module_name)
        for attr in module.__all__:
            value = getattr(module, attr)
            if inspect.ismodule(value) or not callable(value):
                continue
            if not (inspect.isfunction(value) or inspect.isclass(value) or hasattr(value, "__wrapped__")):
                continue
            if isinstance(value, type) and issubclass(value, BaseException):
                continue  # exceptions and warnings are raised by the library, not called by its users
            found.setdefault(f"{module_name}.{attr}", value)
    return found


def _samples() -> dict[str, object]:
    """One instance of each main result class, whose public methods are called too."""
    return {
        "Registry": REGISTRY,
        "Tree": sw.hierarchy.tree(REGISTRY),
        "Coverage": sw.hierarchy.coverage(REGISTRY),
        "Profiles": sw.linkage.profiles(REGISTRY),
        "Statement": sw.funds.statement(REGISTRY, FUND.id),
        "Ledger": sw.funds.fund_ledger(REGISTRY, FUND.id),
        "ValidationReport": sw.validate(REGISTRY),
        "Scores": sw.scoring.evaluate(sw.scoring.STATION_INDICATORS, REGISTRY),
        "MatchingRule": sw.funds.BINZHOU_RULE,
        "Report": sw.reporting.report(REGISTRY),
        "Diff": sw.history.diff(REGISTRY, sw.history.as_of(REGISTRY, dt.date(2022, 4, 1))),
    }


def _methods() -> dict[str, Callable[..., Any]]:
    found: dict[str, Callable[..., Any]] = {}
    for class_name, sample in _samples().items():
        for attr in dir(type(sample)):
            if attr.startswith("_"):
                continue
            value = getattr(sample, attr)
            if callable(value) and not inspect.isclass(value):
                found[f"{class_name}.{attr}"] = value
    return found


FUNCTIONS = _public_callables()
METHODS = _methods()
CALLED = {name: f for name, f in {**FUNCTIONS, **METHODS}.items() if name not in EXCLUDED}
# Drawing plots is slow: fewer examples for them.
SLOW = ("socialwork.plots.", "socialwork.reporting.report", "socialwork.reporting.ranking", "Report.")
# Only load names a file it cannot open with the OSError it documents.
MAY_RAISE_OSERROR = {"socialwork.load", "socialwork.io.load"}


def test_every_public_callable_is_covered() -> None:
    """Every exported callable is called by the property, or excluded with a reason that still applies."""
    stale = sorted(name for name in EXCLUDED if name not in FUNCTIONS)
    assert not stale, f"excluded but no longer exported: {stale}"
    assert len(CALLED) > 250
    for name, function in FUNCTIONS.items():
        if name in EXCLUDED:
            continue
        with contextlib.suppress(ValueError, TypeError):
            inspect.signature(function)
            continue
        pytest.fail(f"{name} has no signature to draw arguments for; exclude it with a reason")


@st.composite
def _arguments(draw: st.DrawFn, function: Callable[..., Any]) -> tuple[list[Any], dict[str, Any]]:
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    try:
        parameters = list(inspect.signature(function).parameters.values())
    except (ValueError, TypeError):
        parameters = []
    positional = True  # until an optional positional-only parameter is left out
    if isinstance(function, type) and issubclass(function, enum.Enum):
        parameters = parameters[:1]  # a member by its value, not the functional API that makes an enum
    for parameter in parameters:
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        required = parameter.default is parameter.empty
        if not required and not draw(st.booleans()):
            positional = positional and parameter.kind is not parameter.POSITIONAL_ONLY
            continue
        plausible = PLAUSIBLE.get(parameter.name)
        strategy = WRONG if plausible is None else st.one_of(st.sampled_from(plausible), WRONG)
        value = draw(strategy, label=parameter.name)
        if parameter.kind is parameter.POSITIONAL_ONLY:
            if positional:
                args.append(value)
        elif parameter.kind is parameter.POSITIONAL_OR_KEYWORD and required and not kwargs:
            args.append(value)
        else:
            kwargs[parameter.name] = value
    return args, kwargs


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise TookTooLong

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


FOLDER = tempfile.mkdtemp(prefix="socialwork-bad-input-")
# Examples per callable: enough for CI; set SOCIALWORK_BAD_INPUT_EXAMPLES to search longer.
EXAMPLES = int(os.environ.get("SOCIALWORK_BAD_INPUT_EXAMPLES", "25"))


def check_call(name: str, function: Callable[..., Any], args: list[Any], kwargs: dict[str, Any]) -> None:
    """Call *function*: it returns, or raises a SocialWorkError; a huge size must not make it hang."""
    with contextlib.chdir(FOLDER), warnings.catch_warnings():
        warnings.simplefilter("ignore", SocialWorkWarning)
        try:
            with _time_limit(10):
                function(*args, **kwargs)
        except SocialWorkError:
            pass
        except OSError:
            if name not in MAY_RAISE_OSERROR:
                raise
        except TookTooLong:
            pytest.fail(f"{name}(*{args!r:.200}, **{kwargs!r:.200}) took over 10 s")
        finally:
            import matplotlib.pyplot as plt

            plt.close("all")


@pytest.mark.parametrize("name", sorted(CALLED))
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_bad_arguments_give_socialwork_errors(name: str, data: st.DataObject) -> None:
    """Arguments of the wrong type or range: the call returns or raises a SocialWorkError, nothing else."""
    function = CALLED[name]
    if name.startswith(SLOW) and data.draw(st.integers(0, 4), label="skip") != 0:
        return  # a fifth of the examples for the slow ones
    args, kwargs = data.draw(_arguments(function), label="arguments")
    check_call(name, function, args, kwargs)


def _enum_classes() -> list[type[enum.Enum]]:
    return [f for f in FUNCTIONS.values() if isinstance(f, type) and issubclass(f, enum.Enum) and len(f)]


@pytest.mark.parametrize("cls", _enum_classes(), ids=lambda c: c.__name__)
def test_unknown_enum_values_are_bilingual_errors(cls: type[enum.Enum]) -> None:
    """Every enumeration refuses a value it does not have with an InvalidValueError that lists its values."""
    with pytest.raises(sw.InvalidValueError) as caught:
        cls("no-such-value")
    assert repr(next(iter(cls)).value) in str(caught.value)
    assert "应为" in caught.value.reason.zh  # type: ignore[attr-defined]
