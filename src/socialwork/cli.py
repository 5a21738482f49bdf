"""The ``socialwork`` command. Nothing imports this module; it only calls the public API."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import socialwork as sw
from socialwork.datasets import example, example_path

__all__ = ["main"]

_KIND_LABELS = {
    "divisions": ("行政区划", "divisions"),
    "organizations": ("组织", "organizations"),
    "stations": ("社工站", "stations"),
    "social_workers": ("社会工作者", "social workers"),
    "volunteers": ("社区志愿者", "volunteers"),
    "projects": ("服务项目", "projects"),
    "needs": ("服务需求", "needs"),
    "funds": ("社区基金", "funds"),
    "donations": ("捐赠", "donations"),
    "grants": ("基金资助", "grants"),
}
_TEXT = {
    "title": ("登记汇总", "Registry summary"),
    "source": ("数据", "source"),
    "bundled": ("内置示例", "bundled example"),
    "kinds": ("实体数量", "Entities"),
    "levels": ("社工站层级", "Stations by level"),
    "total": ("合计", "total"),
}


def _t(key: str, lang: sw.model.Language) -> str:
    zh, en = _TEXT[key]
    return zh if lang == "zh" else en


def summary_text(registry: sw.Registry, *, lang: sw.model.Language = "en", source: str = "") -> str:
    """Return the counts of *registry* per kind and per station level, as a small report.

    Examples:
        >>> print(summary_text(example, lang="en"))  # doctest: +ELLIPSIS
        Registry summary
        ...
        Stations by level
          district hub     1
          street station   2
          community room   4
    """
    rows: list[str] = [_t("title", lang)]
    if source:
        rows.append(f"{_t('source', lang)}: {source}")
    rows.append("")
    rows.append(_t("kinds", lang))
    counts = registry.counts()
    labels = {kind: (zh if lang == "zh" else en) for kind, (zh, en) in _KIND_LABELS.items()}
    width = max(_width(label) for label in labels.values()) + 2
    for kind, count in counts.items():
        rows.append(f"  {_pad(labels[kind], width)}{count:>5}")
    rows.append(f"  {_pad(_t('total', lang), width)}{len(registry):>5}")
    rows.append("")
    rows.append(_t("levels", lang))
    levels = Counter(station.level for station in registry.stations.values())
    names = [level.label(lang) for level in sw.StationLevel]
    width = max(_width(name) for name in names) + 2
    for level, name in zip(sw.StationLevel, names, strict=True):
        rows.append(f"  {_pad(name, width)}{levels[level]:>3}")
    return "\n".join(rows)


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(char) > 0x2E7F else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _summary(args: argparse.Namespace) -> int:
    if args.file is None:
        registry, source = example(), f"{_t('bundled', args.lang)} ({Path(example_path()).name})"
    else:
        registry, source = sw.load(args.file), args.file
    print(summary_text(registry, lang=args.lang, source=source))
    return 0


def _schema(_args: argparse.Namespace) -> int:
    print(json.dumps(sw.io.json_schema(), ensure_ascii=False, indent=2))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="socialwork",
        description="Community social-work registries: load, check and summarise them.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {sw.__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    summary = commands.add_parser(
        "summary",
        help="load a registry and print its counts per kind and per station level",
        description="Load a registry (the bundled example when no FILE is given) and print its counts.",
    )
    summary.add_argument("file", nargs="?", metavar="FILE", help="a socialwork JSON file")
    summary.add_argument("--lang", choices=["zh", "en"], default="en", help="language of the report")
    summary.set_defaults(run=_summary)
    schema = commands.add_parser("schema", help="print the JSON Schema of the data format")
    schema.set_defaults(run=_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``socialwork`` command with *argv* (the process arguments by default).

    Returns the exit status: 0 on success, 1 when the input has problems (each
    printed on standard error with its path), 2 for a usage error.

    Examples:
        >>> main(["summary", "--lang", "zh"])  # doctest: +ELLIPSIS
        登记汇总
        ...
        0
    """
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except sw.LoadError as error:
        print(f"socialwork: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"socialwork: cannot read {error.filename}: {error.strerror}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
