"""What the tests of messages in two languages share: checks of one text, and of one language.

A text in Chinese may still show, in Latin letters, what is not words: the ids, codes,
names and file names that are data (``'wh-s-03'``, ``510107``, a scenario's source),
the codes of rules (``SW-C001``), paths into the input (``stations[3].parent_id``), and
the few names of :data:`WORDS`. :func:`latin_words` finds every other Latin word; in an
English text, :func:`chinese_words` finds every Chinese run that is not part of a data
value.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from html.parser import HTMLParser

import attrs

import socialwork as sw
from socialwork.errors import Message

CJK = re.compile(r"[\u3400-\u9fff]")
"""A Chinese character."""

CHINESE_RUN = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]+")
"""A run of Chinese characters and full-width signs."""

LATIN_WORD = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.'/\[\]:-]*")
"""A word in Latin letters, with the digits, signs and brackets of ids and paths."""

CODES = (
    re.compile(r"SW-[A-Z]\d{3}"),  # a rule's code
    re.compile(r"[a-z_]+\[\d+\](\.[a-z_]+(\[\d+\])?)*"),  # a path into the input: stations[3].parent_id
)
"""What a Chinese text may show in Latin letters besides data: rule codes and paths."""

WORDS = frozenset({"json", "graphml", "node-link", "csv", "TOPSIS", "example", *sw.datasets.SCENARIOS})
"""The few other Latin words a Chinese text may show: names of formats, methods and bundled datasets."""


def assert_both(message: object, english: str, *values: str) -> str:
    """Check that *message* is a Message in English and Chinese that shows *values*; return its Chinese.

    Its English is *english* exactly, and its Chinese has Chinese characters and each
    of *values* (the ids, amounts and counts the English shows).
    """
    assert isinstance(message, Message), f"plain str: {message!r}"
    assert message == english
    assert CJK.search(message.zh), message.zh
    for value in values:
        assert value in message.zh, (value, message.zh)
    return message.zh


def data_of(registry: sw.Registry, *more: str) -> frozenset[str]:
    """Return every text *registry* holds (ids, codes, names, ...) and *more*: the data a report may show."""
    found: set[str] = set(more)

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(json.loads(sw.dumps(registry)))
    return frozenset(found)


def _without(text: str, data: Iterable[str]) -> str:
    # *text* with each data value that holds a space or a non-ASCII character cut out, longest first.
    for value in sorted(
        (v for v in data if len(v) > 1 and (" " in v or not v.isascii())), key=len, reverse=True
    ):
        text = text.replace(value, " ")
    return text


def latin_words(text: str, data: Iterable[str], allowed: Iterable[str] = ()) -> list[str]:
    """Return the Latin words of the Chinese *text* that are not data, codes, :data:`WORDS` or *allowed*."""
    values = frozenset(data) | WORDS | frozenset(allowed)
    found = []
    for match in LATIN_WORD.finditer(_without(text, values)):
        word = match.group().strip("'.:")
        if not re.search(r"[A-Za-z]", word) or word in values or f"/{word}" in values:
            continue
        if any(code.fullmatch(word) for code in CODES):
            continue
        found.append(word)
    return found


def chinese_words(text: str, data: Iterable[str]) -> list[str]:
    """Return the Chinese runs of the English *text* that are no part of a data value."""
    values = [value for value in data if CJK.search(value)]
    return [run for run in CHINESE_RUN.findall(text) if not any(run in value for value in values)]


class _Text(HTMLParser):
    # The text a reader sees on a page: its data, outside style sheets and scripts.
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._hidden += 1
        self.parts += [value for name, value in attrs if name in ("title", "alt", "aria-label") and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def page_text(page: str) -> str:
    """Return the text a reader sees on the HTML *page*: its words and the titles of its figures."""
    reader = _Text()
    reader.feed(page)
    return "\n".join(reader.parts)


SUBJECTS = ("example", *sw.datasets.SCENARIOS, "tiny", "faulty")
"""The registries every rendering is checked on, by name (see :func:`subject`)."""


@attrs.frozen
class Subject:
    """A registry to report on, the scenario it comes from, and the texts that are its data."""

    registry: sw.Registry
    scenario: sw.datasets.Scenario | None
    data: frozenset[str]


@functools.cache
def subject(name: str) -> Subject:
    """Return the registry *name* stands for, with its data: a bundled one, a small one, one with every fault.

    ``"tiny"`` is the small synthetic registry of the command's tests, ``"faulty"`` one with every fault planted.
    """
    scenario = sw.datasets.scenario(name) if name in sw.datasets.SCENARIOS else None
    if scenario is not None:
        registry = scenario.registry
    elif name == "example":
        registry = sw.datasets.example()
    elif name == "tiny":
        registry = sw.datasets.synthetic(
            districts=1, streets_per_district=2, communities_per_street=3, seed=7
        )
    else:
        registry = sw.datasets.synthetic(districts=30, faults=tuple(sw.datasets.FAULTS), seed=1)
    report = sw.reporting.report(scenario or registry)
    # Only the data a Chinese text may show: a report's English title, a target's metric and an
    # indicator's English name have Chinese of their own, so a Chinese text that shows them is mixed.
    more = {report.title_zh, report.source, sw.funds.BINZHOU_RULE.name}
    if scenario is not None:
        more |= {t.zh for t in scenario.targets}
        more |= {scenario.rule.name} if scenario.rule is not None else set()
    systems = [sw.scoring.STATION_INDICATORS]
    if scenario is not None and scenario.indicators is not None:
        systems.append(scenario.indicators)
    more |= {text for system in systems for node in system.indicators() for text in (node.id, node.zh)}
    return Subject(registry, scenario, data_of(registry, *more))
