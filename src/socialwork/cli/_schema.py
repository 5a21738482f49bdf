"""``socialwork schema``: the JSON Schema of the data format."""

from __future__ import annotations

import argparse
import json

import socialwork as sw
from socialwork.cli._errors import ExitCode
from socialwork.errors import Message

__all__ = ["register"]


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``schema`` command to *commands*."""
    parser = commands.add_parser(
        "schema",
        help=Message("print the JSON Schema of the data format", "输出数据格式的 JSON Schema"),
        description=Message(
            "Print the JSON Schema (draft 2020-12) that every socialwork document meets.",
            "输出每份 socialwork 文档都符合的 JSON Schema（draft 2020-12）。",
        ),
    )
    parser.set_defaults(run=run)


def run(_args: argparse.Namespace) -> ExitCode:
    """Print the JSON Schema."""
    print(json.dumps(sw.io.json_schema(), ensure_ascii=False, indent=2))
    return ExitCode.OK
