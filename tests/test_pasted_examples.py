"""Every docstring example runs when pasted into a fresh interpreter after ``import socialwork as sw``.

The examples are collected from every module of the package with
``doctest.DocTestFinder().find(module, globs={"sw": socialwork})``: each docstring
sees ``sw`` and nothing else (not its module's globals, not the doctest namespace
of ``conftest.py``), as a reader who pastes it would. Each docstring is its own
test case, named after the object it documents
(``socialwork.model._entities.Division``), so a failure names the example.

Optional extras: an example that needs one imports its module first
(``>>> import pandas as pd``, ``>>> import ortools``). Such an example is skipped
at collection when :func:`importlib.util.find_spec` cannot find that module, with
a reason naming the extra that installs it. An example that meets a
:class:`~socialwork.MissingDependencyError` it did not expect is skipped too: the
library itself said that an extra is missing.
"""

from __future__ import annotations

import ast
import doctest
import importlib
import importlib.util
import pkgutil
import types
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import socialwork

# The top-level module of each optional dependency, and the extra that installs it.
OPTIONAL = {"pandas": "pandas", "ortools": "solvers", "matplotlib": "plot"}
# Modules whose examples are not for pasting: entry points run on import, strategies need hypothesis.
SKIPPED = ("socialwork.testing",)
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _modules() -> Iterator[types.ModuleType]:
    """Yield the package and every module in it, without importing ``__main__`` modules or SKIPPED."""

    def walk(package: types.ModuleType) -> Iterator[types.ModuleType]:
        yield package
        for info in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
            if info.name.rsplit(".", 1)[-1] == "__main__" or info.name.startswith(SKIPPED):
                continue
            module = importlib.import_module(info.name)
            if info.ispkg:
                yield from walk(module)
            else:
                yield module

    yield from walk(socialwork)


def _optional_needs(test: doctest.DocTest) -> list[str]:
    """Return the optional modules that the examples of *test* import."""
    needs = []
    for example in test.examples:
        try:
            tree = ast.parse(example.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            needs.extend(
                top for name in names if (top := name.split(".")[0]) in OPTIONAL and top not in needs
            )
    return needs


def _skip_marks(test: doctest.DocTest) -> list[pytest.MarkDecorator]:
    """Return a skip mark for each optional module that *test* imports and that is not installed."""
    return [
        pytest.mark.skip(reason=f"needs the '{OPTIONAL[name]}' extra: {name} is not installed")
        for name in _optional_needs(test)
        if importlib.util.find_spec(name) is None
    ]


def _cases() -> list[Any]:
    finder = doctest.DocTestFinder()
    cases: list[Any] = []
    for module in _modules():
        for test in sorted(finder.find(module, globs={"sw": socialwork}), key=lambda t: t.name):
            if test.examples:
                cases.append(pytest.param(test, id=test.name, marks=_skip_marks(test)))
    return cases


CASES = _cases()


class _Runner(doctest.DocTestRunner):
    """A runner that notes an unexpected MissingDependencyError, so that the case is skipped, not failed."""

    def __init__(self) -> None:
        super().__init__(optionflags=FLAGS, verbose=False)
        self.missing: str | None = None

    def report_unexpected_exception(
        self, out: Callable[[str], object], test: doctest.DocTest, example: doctest.Example, exc_info: Any
    ) -> None:
        if isinstance(exc_info[1], socialwork.MissingDependencyError) and self.missing is None:
            self.missing = str(exc_info[1])
        super().report_unexpected_exception(out, test, example, exc_info)


def test_examples_are_collected() -> None:
    """The walk finds examples in the model, io, reporting and cli modules, and many in all."""
    names = {case.id for case in CASES}  # type: ignore[attr-defined]
    for name in [
        "socialwork.model._entities.Division",
        "socialwork.reporting._summary.summary_text",
        "socialwork.cli.main",
    ]:
        assert name in names
    assert len(CASES) > 100


def _run_pasted(test: doctest.DocTest) -> None:
    """Run *test* with only ``sw`` defined; fail naming it, or skip if the library says an extra is missing."""
    test.globs = {"sw": socialwork}
    runner = _Runner()
    output: list[str] = []
    result = runner.run(test, out=output.append, clear_globs=True)
    if runner.missing is not None:
        pytest.skip(runner.missing)
    if result.failed:
        where = f"{test.filename}:{(test.lineno or 0) + 1}"
        pytest.fail(f"{test.name} ({where}) fails when pasted:\n{''.join(output)}", pytrace=False)


@pytest.mark.parametrize("test", CASES)
def test_example_runs_when_pasted(test: doctest.DocTest) -> None:
    """The docstring's examples pass with only ``sw`` defined, as in a fresh interpreter."""
    _run_pasted(test)


def _doctest(text: str) -> doctest.DocTest:
    return doctest.DocTestParser().get_doctest(text, {}, "example", "example.py", 0)


def test_an_example_importing_a_missing_extra_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    """An example that imports pandas or ortools gets a skip mark, naming the extra, when it is absent."""
    test = _doctest(">>> import pandas as pd\n>>> from ortools.linear_solver import pywraplp\n")
    assert _optional_needs(test) == ["pandas", "ortools"]
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *_: None)
    reasons = [mark.kwargs["reason"] for mark in _skip_marks(test)]
    assert reasons == [
        "needs the 'pandas' extra: pandas is not installed",
        "needs the 'solvers' extra: ortools is not installed",
    ]


def test_an_example_without_extras_is_not_skipped() -> None:
    """An example that imports only the standard library and socialwork is always run."""
    test = _doctest(">>> import datetime as dt\n>>> from socialwork.model import KINDS\n")
    assert _optional_needs(test) == []
    assert _skip_marks(test) == []


def test_a_missing_dependency_at_run_time_skips() -> None:
    """An example that meets MissingDependencyError it did not expect is skipped with the library's message."""
    test = _doctest(
        ">>> from socialwork._optional import import_optional\n"
        ">>> import_optional('no_such_module_xyz', extra='pandas', purpose='to_frame()').__name__\n"
        "'no_such_module_xyz'\n"
    )
    with pytest.raises(pytest.skip.Exception, match=r"pip install 'socialwork\[pandas\]'"):
        _run_pasted(test)


def test_a_failing_example_names_itself() -> None:
    """A failure says which docstring failed and where, with doctest's report of the example."""
    test = _doctest(">>> example.counts()\n{}\n")
    with pytest.raises(pytest.fail.Exception) as info:
        _run_pasted(test)
    assert "example (example.py:1) fails when pasted" in str(info.value)
    assert "NameError: name 'example' is not defined" in str(info.value)
