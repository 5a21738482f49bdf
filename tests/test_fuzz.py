"""Fuzzing the loader: whatever bytes arrive, ``loads`` returns a registry or raises ``LoadError``.

Hypothesis drives two fuzz targets here for the test profile's budget: random bytes
and text, and valid documents mutated byte by byte (flips, cuts, insertions,
duplications of a span). ``benchmarks/fuzz_loads.py`` runs the same targets for
longer and prints how many inputs ran.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import socialwork as sw
from socialwork.testing import registries

SEEDS = [
    sw.dumps(sw.datasets.example()).encode(),
    sw.dumps(sw.datasets.synthetic(districts=1, streets_per_district=2, communities_per_street=2)).encode(),
]


def check_loads(data: bytes | str) -> None:
    """Load *data*: a registry that dumps back to a loadable document, or a LoadError with problems."""
    try:
        registry = sw.loads(data)
    except sw.LoadError as error:
        assert error.problems
        assert all(isinstance(problem.path, str) for problem in error.problems)
        # Bounded whatever the input: the longest message lists the 14 service kinds
        # (about 270 characters) and echoes at most EXCERPT_LIMIT of the value found.
        assert len(str(error)) < 500 * (len(error.problems) + 1)
    else:
        assert sw.loads(sw.dumps(registry)) == registry


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A valid document with a few byte-level mutations."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "cut", "insert", "duplicate", "truncate"]))
        if action == "flip":
            data[where] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[where : where + draw(st.integers(1, 40))]
        elif action == "insert":
            data[where:where] = draw(
                st.sampled_from(
                    [b"{", b"[", b"]", b'"', b",", b"0", b"-1", b"1e999", b"1e9999999999999999999999", b"\\u"]
                )
            )
        elif action == "duplicate":
            span = data[where : where + draw(st.integers(1, 80))]
            data[where:where] = span
        else:
            del data[where:]
        if not data:
            data = bytearray(b"{")
    return bytes(data)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000) | st.text(max_size=500))
def test_random_input_never_escapes_load_error(data: bytes | str) -> None:
    """Random bytes and text load or give a LoadError, never another exception."""
    check_loads(data)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_documents_never_escape_load_error(data: bytes) -> None:
    """Valid documents with bytes flipped, cut, inserted or repeated load or give a LoadError."""
    check_loads(data)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], max_examples=25)
@given(registries(), st.data())
def test_documents_with_a_value_replaced_never_escape_load_error(
    registry: sw.Registry, data: st.DataObject
) -> None:
    """Replacing any one JSON value of a valid document by any other JSON value is loaded or refused."""
    doc = json.loads(sw.dumps(registry))
    kinds = [kind for kind in sw.model.KINDS if doc.get(kind)]
    if not kinds:
        return
    kind = data.draw(st.sampled_from(kinds))
    entity = data.draw(st.sampled_from(doc[kind]))
    key = data.draw(st.sampled_from(sorted(entity)))
    entity[key] = data.draw(
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=20),
            lambda inner: (
                st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
            ),
            max_leaves=5,
        )
    )
    check_loads(json.dumps(doc, ensure_ascii=False))
