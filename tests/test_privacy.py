"""Personal information: every field is marked, and nothing read by people shows a personal value."""

from __future__ import annotations

import io
import json

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import socialwork as sw
from socialwork.cli import main
from socialwork.errors import InvalidTypeError, InvalidValueError, LoadError
from socialwork.model import KINDS, NON_PERSONAL_FIELDS, PERSONAL_FIELDS, is_personal, personal_fields
from socialwork.privacy import PSEUDONYM_PREFIX, REDACTED, pseudonym, redact, redact_registry

SENTINEL = "PERSONAL-SENTINEL"


def _sentinel_registry() -> sw.Registry:
    """The bundled example with every personal value replaced by a numbered sentinel."""
    registry = sw.datasets.example()
    lists: dict[str, list[sw.Entity]] = {}
    counter = 0
    for name in KINDS:
        entities = []
        for entity in getattr(registry, name).values():
            changes = {}
            for field in sorted(PERSONAL_FIELDS[name]):
                counter += 1
                changes[field] = f"{SENTINEL}-{counter}"
            entities.append(attrs.evolve(entity, **changes))
        lists[name] = entities
    return sw.Registry.from_kinds(lists)


SENTINELS = _sentinel_registry()


# -- the marking --------------------------------------------------------------------------


def test_every_field_of_every_entity_says_whether_it_is_personal() -> None:
    """A field added to an entity without being declared personal or not fails here."""
    for name, kind in KINDS.items():
        fields = {field.name for field in attrs.fields(kind.cls)}
        personal, other = PERSONAL_FIELDS[name], NON_PERSONAL_FIELDS[name]
        assert not personal & other, name
        assert fields == personal | other, f"{name}: declare {sorted(fields - personal - other)}"
    assert set(PERSONAL_FIELDS) == set(NON_PERSONAL_FIELDS) == set(KINDS)


def test_the_personal_fields() -> None:
    """A worker's name, a donor and a grant's purpose are personal; names of public bodies are not."""
    assert personal_fields(sw.SocialWorker) == {"name"}
    assert personal_fields(sw.Donation) == {"donor"}
    assert personal_fields(sw.Grant) == {"purpose"}
    assert personal_fields(next(iter(SENTINELS.donations.values()))) == {"donor"}
    assert not is_personal(sw.Organization, "name")
    assert is_personal(sw.SocialWorker, "name")


def test_is_personal_refuses_an_unknown_field_or_class() -> None:
    """An unknown field or a non-entity is a documented error naming the argument."""
    with pytest.raises(InvalidValueError) as caught:
        is_personal(sw.Station, "nope")
    assert caught.value.path == "field"
    with pytest.raises(InvalidTypeError):
        is_personal(sw.Station, 3)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError):
        personal_fields(int)  # type: ignore[arg-type]


def test_graph_labels_follow_the_marking() -> None:
    """The graph's personal labels are read from the one marking."""
    assert frozenset({"social_workers"}) == sw.graph.PERSONAL_LABELS


# -- what people read ---------------------------------------------------------------------


def test_reprs_show_no_personal_value() -> None:
    """The repr of every entity and of the registry shows ``<redacted>`` for a personal field."""
    for name in KINDS:
        for entity in getattr(SENTINELS, name).values():
            assert SENTINEL not in repr(entity)
            if PERSONAL_FIELDS[name]:
                assert REDACTED in repr(entity)
    assert SENTINEL not in repr(SENTINELS)


def test_repr_keeps_a_missing_value() -> None:
    """An anonymous donation's donor and an empty purpose show as they are: they name no one."""
    import datetime as dt

    gift = sw.Donation(id="d", fund_id="f", amount="1", date=dt.date(2022, 1, 1))
    assert "donor=None" in repr(gift)
    grant = sw.Grant(id="g", fund_id="f", project_id="p", amount="1", date=dt.date(2022, 1, 1))
    assert "purpose=''" in repr(grant)


def test_reports_show_no_personal_value() -> None:
    """The summary, the validation report's text and table, and the fund statements name no one."""
    assert SENTINEL not in sw.reporting.summary_text(SENTINELS)
    assert SENTINEL not in sw.reporting.summary_text(SENTINELS, lang="zh")
    report = sw.validate(SENTINELS)
    assert SENTINEL not in str(report)
    assert SENTINEL not in repr(report)
    pytest.importorskip("pandas")
    assert SENTINEL not in report.to_frame().to_csv()
    for fund in SENTINELS.funds:
        statement = sw.funds.statement(SENTINELS, fund)
        assert SENTINEL not in str(statement)
        assert SENTINEL not in repr(statement)


def test_graph_files_and_tables_show_no_personal_value() -> None:
    """Node-link JSON, GraphML and the node and edge tables redact by default."""
    assert SENTINEL not in json.dumps(sw.io.node_link_data(SENTINELS), ensure_ascii=False)
    buffer = io.BytesIO()
    sw.io.write_graphml(SENTINELS, buffer)
    assert SENTINEL.encode() not in buffer.getvalue()
    pytest.importorskip("pandas")
    nodes, edges = sw.io.graph_frames(SENTINELS)
    assert SENTINEL not in nodes.to_csv()
    assert SENTINEL not in edges.to_csv()


def test_cli_output_shows_no_personal_value(
    tmp_path: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """The summary command prints no personal value of the registry it reads."""
    path = tmp_path / "r.json"  # type: ignore[operator]
    sw.dump(SENTINELS, path)
    main(["summary", str(path)])
    captured = capsys.readouterr()
    assert SENTINEL not in captured.out + captured.err


@pytest.mark.parametrize(
    ("cls", "field", "bad"),
    [
        (sw.SocialWorker, "name", f"{SENTINEL}\ud800"),
        (sw.SocialWorker, "name", [SENTINEL]),
        (sw.Donation, "donor", {SENTINEL: 1}),
        (sw.Grant, "purpose", (SENTINEL,)),
    ],
)
def test_errors_cite_path_and_type_never_a_personal_value(cls: type, field: str, bad: object) -> None:
    """A bad personal value is reported by path and type, never echoed, in Python and in a load."""
    import datetime as dt

    good = {
        sw.SocialWorker: {"id": "w", "name": "x"},
        sw.Donation: {"id": "d", "fund_id": "f", "amount": "1", "date": dt.date(2022, 1, 1)},
        sw.Grant: {"id": "g", "fund_id": "f", "project_id": "p", "amount": "1", "date": dt.date(2022, 1, 1)},
    }[cls]
    with pytest.raises((InvalidTypeError, InvalidValueError)) as caught:
        cls(**{**good, field: bad})
    assert caught.value.path == field
    assert SENTINEL not in str(caught.value)
    assert type(bad).__name__ in caught.value.reason
    if isinstance(bad, str):
        return  # a lone surrogate cannot be written into a JSON document
    document = json.loads(sw.dumps(sw.datasets.example()))
    kind = sw.model.kind_of(cls).name
    document[kind][0][field] = bad
    with pytest.raises(LoadError) as loaded:
        sw.loads(json.dumps(document))
    assert SENTINEL not in str(loaded.value)
    assert any(p.path == f"{kind}[0].{field}" for p in loaded.value.problems)


# -- redaction, pseudonyms and the document -----------------------------------------------


def test_dump_is_lossless_by_default() -> None:
    """The document is the system of record: it keeps every personal value and round-trips."""
    text = sw.dumps(SENTINELS)
    assert SENTINEL in text
    assert sw.loads(text) == SENTINELS
    assert sw.dumps(SENTINELS, pii="include") == text


@pytest.mark.parametrize("pii", ["redact", "pseudonymise"])
def test_dump_writes_a_shareable_copy(pii: str) -> None:
    """``pii="redact"`` or ``"pseudonymise"`` writes a valid document without any personal value."""
    buffer = io.StringIO()
    sw.dump(SENTINELS, buffer, pii=pii, key=b"k")  # type: ignore[arg-type]
    text = buffer.getvalue()
    assert SENTINEL not in text
    shared = sw.loads(text)
    assert shared.counts() == SENTINELS.counts()
    assert shared == redact_registry(SENTINELS, pii=pii, key=b"k")  # type: ignore[arg-type]
    assert (PSEUDONYM_PREFIX if pii == "pseudonymise" else REDACTED) in text


def test_pseudonymise_needs_a_key() -> None:
    """No key, no pseudonyms: a documented error naming ``key``."""
    for call in (
        lambda: redact(next(iter(SENTINELS.donations.values())), pii="pseudonymise"),
        lambda: redact_registry(SENTINELS, pii="pseudonymise"),
        lambda: sw.dumps(SENTINELS, pii="pseudonymise"),
    ):
        with pytest.raises(InvalidValueError) as caught:
            call()
        assert caught.value.path == "key"


def test_bad_arguments_are_named() -> None:
    """An unknown mode, a key of the wrong type or an empty key, a non-registry: errors naming them."""
    with pytest.raises(InvalidValueError) as caught:
        redact_registry(SENTINELS, pii="hide")  # type: ignore[arg-type]
    assert caught.value.path == "pii"
    with pytest.raises(InvalidTypeError) as caught_type:
        redact_registry(SENTINELS, pii="pseudonymise", key=3)  # type: ignore[arg-type]
    assert caught_type.value.path == "key"
    with pytest.raises(InvalidValueError):
        pseudonym("x", key=b"")
    with pytest.raises(InvalidTypeError):
        pseudonym(3, key=b"k")  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError):
        redact_registry([])  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError):
        redact(3)  # type: ignore[type-var]


def test_pseudonymised_registry_keeps_distinct_donors() -> None:
    """Pseudonyms keep distinct values apart, so the donor counts of a statement survive."""
    shared = redact_registry(SENTINELS, pii="pseudonymise", key="secret")
    for fund in SENTINELS.funds:
        assert sw.funds.statement(shared, fund).donor_count == sw.funds.statement(SENTINELS, fund).donor_count
    assert redact_registry(SENTINELS, pii="include") is SENTINELS


texts = st.text(min_size=1).filter(lambda s: s.strip())
keys = st.binary(min_size=1, max_size=64)


@given(texts, keys, keys)
def test_pseudonyms_are_stable_per_key_and_differ_across_keys(value: str, key: bytes, other: bytes) -> None:
    """The same value and key give the same pseudonym; another key gives another (48 bits)."""
    made = pseudonym(value, key=key)
    assert made == pseudonym(value, key=key)
    assert made.startswith(PSEUDONYM_PREFIX)
    if key != other:
        assert made != pseudonym(value, key=other)


@given(texts, texts, keys)
def test_pseudonyms_differ_across_values(value: str, other: str, key: bytes) -> None:
    """Distinct values get distinct pseudonyms under one key."""
    if value != other:
        assert pseudonym(value, key=key) != pseudonym(other, key=key)


@given(st.sampled_from(["redact", "pseudonymise", "include"]))
def test_redact_changes_only_personal_fields(pii: str) -> None:
    """Redaction keeps every field that is not personal, so every analysis runs on the copy."""
    shared = redact_registry(SENTINELS, pii=pii, key=b"k")  # type: ignore[arg-type]
    for name in KINDS:
        for key, entity in getattr(SENTINELS, name).items():
            copy = getattr(shared, name)[key]
            for field in NON_PERSONAL_FIELDS[name]:
                assert getattr(copy, field) == getattr(entity, field)
            for field in PERSONAL_FIELDS[name]:
                assert (getattr(copy, field) == getattr(entity, field)) == (pii == "include")


def test_graph_exports_pseudonymise_with_a_key() -> None:
    """With a key, graph files label a social worker by a pseudonym, the same in every export."""
    data = sw.io.node_link_data(SENTINELS, key=b"k")
    labels = {n["id"]: n["label"] for n in data["nodes"] if n["kind"] == "social_workers"}
    assert labels
    assert SENTINEL not in json.dumps(data, ensure_ascii=False)
    for worker_id, label in labels.items():
        assert label == pseudonym(SENTINELS.social_workers[worker_id].name, key=b"k")
    buffer = io.BytesIO()
    sw.io.write_graphml(SENTINELS, buffer, key=b"k")
    assert SENTINEL.encode() not in buffer.getvalue()
    assert next(iter(labels.values())).encode() in buffer.getvalue()
    with pytest.raises(InvalidTypeError) as caught:
        sw.io.node_link_data(sw.Registry([]), key=3)  # type: ignore[arg-type]
    assert caught.value.path == "key"
    unredacted = sw.io.node_link_data(SENTINELS, redact=False, key=b"k")
    assert SENTINEL in json.dumps(unredacted, ensure_ascii=False)
