"""Errors: one form of path, problems without parsing text, and pickling with problems intact."""

from __future__ import annotations

import inspect
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

import socialwork as sw
from socialwork import errors
from socialwork.errors import FieldError, Problem, ProblemsError, path_of

segments = st.lists(
    st.one_of(st.integers(0, 10**6), st.from_regex(r"[a-z_]{1,8}", fullmatch=True)), max_size=6
)


def _instances() -> list[errors.SocialWorkError]:
    made: list[errors.SocialWorkError] = []
    problems = [Problem("stations[3].parent_id", "unknown station 'wh-s-99'"), Problem("", "whole")]
    for _name, cls in inspect.getmembers(errors, inspect.isclass):
        if not issubclass(cls, errors.SocialWorkError):
            continue
        if issubclass(cls, ProblemsError):
            made.append(cls("cannot do it", problems))
        elif issubclass(cls, FieldError):
            made.append(cls("expected non-empty text", path="name"))
        elif cls is errors.WriteError:
            made.append(cls(2, errors.Message("No such file", "没有那个文件"), "no/such/r.json"))
        elif cls is errors.ReferralRefusedError:
            made.append(cls("PIPL Art. 31", errors.Message("a guardian must consent", "须经监护人同意")))
        elif cls is errors.InconsistentJudgementError:
            made.append(cls("too inconsistent", consistency_ratio=0.25))
        else:
            made.append(cls("something is wrong"))
    return made


@pytest.mark.parametrize("error", _instances(), ids=lambda e: type(e).__name__)
def test_every_error_survives_pickling(error: errors.SocialWorkError) -> None:
    """Every exception class of socialwork pickles and unpickles to the same class, text and problems."""
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert getattr(copy, "problems", None) == getattr(error, "problems", None)
    assert getattr(copy, "path", None) == getattr(error, "path", None)
    assert getattr(copy, "consistency_ratio", None) == getattr(error, "consistency_ratio", None)
    assert getattr(copy, "filename", None) == getattr(error, "filename", None)


def test_every_error_class_is_covered() -> None:
    """The pickling test builds one instance of every exception class the module exports."""
    exported = {name for name in errors.__all__ if isinstance(getattr(errors, name), type)}
    exported -= {"Problem", "LedgerProblem", "Message"}
    exported -= {name for name in exported if issubclass(getattr(errors, name), Warning)}
    assert {type(error).__name__ for error in _instances()} == exported


def test_every_warning_derives_from_socialwork_warning() -> None:
    """Every warning class is a UserWarning under SocialWorkWarning, so one filter silences them all."""
    found = [cls for _, cls in inspect.getmembers(errors, inspect.isclass) if issubclass(cls, Warning)]
    assert {cls.__name__ for cls in found} == {"SocialWorkWarning", "FontWarning"}
    for cls in found:
        assert issubclass(cls, errors.SocialWorkWarning)
        assert issubclass(cls, UserWarning)
        assert not issubclass(cls, errors.SocialWorkError)


def test_field_error_lists_its_one_problem() -> None:
    """A FieldError carries its path and reason apart, and as a Problem like every ProblemsError."""
    error = sw.InvalidValueError("expected non-empty text", path="name")
    assert (error.path, error.reason) == ("name", "expected non-empty text")
    assert error.problems == (Problem("name", "expected non-empty text"),)
    assert str(error) == "name: expected non-empty text"
    assert str(sw.InvalidTypeError("expected a date")) == "expected a date"


def test_problem_under_joins_paths() -> None:
    """Problem.under puts a relative path below a prefix in the one path form."""
    assert Problem("code", "bad").under("divisions[0]").path == "divisions[0].code"
    assert Problem("[2]", "bad").under("station_ids").path == "station_ids[2]"
    assert Problem("", "bad").under("funds[1]").path == "funds[1]"
    assert Problem("x", "bad").under(3).path == "[3].x"


@given(segments)
def test_path_of_is_dotted_names_and_bracketed_positions(parts: list[str | int]) -> None:
    """path_of writes names joined by dots and positions in brackets, whatever the mix."""
    expected = ""
    for part in parts:
        if isinstance(part, int):
            expected += f"[{part}]"
        else:
            expected += f".{part}" if expected else part
    assert path_of(*parts) == expected


@given(segments, segments)
def test_path_of_is_associative(left: list[str | int], right: list[str | int]) -> None:
    """Joining two paths gives the path of all their segments: prefixes compose."""
    assert path_of(path_of(*left), path_of(*right)) == path_of(*left, *right)


def test_loader_paths_use_the_one_form() -> None:
    """The loader reports field errors with the same paths path_of builds."""
    doc = (
        '{"format": "socialwork", "version": 1, "social_workers": '
        '[{"id": "w", "name": "x", "tracks": ["practitioner", "boss"]}]}'
    )
    with pytest.raises(sw.LoadError) as caught:
        sw.loads(doc)
    assert [p.path for p in caught.value.problems] == [path_of("social_workers", 0, "tracks", 1)]
