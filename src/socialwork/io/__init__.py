"""Reading and writing registries: the versioned JSON format and its JSON Schema.

This is the only part of ``socialwork`` that touches files or imports cattrs.
"""

from socialwork.io._json import FORMAT, MAX_SIZE, VERSION, dump, dumps, load, loads, write_atomically
from socialwork.io._schema import json_schema

__all__ = [
    "FORMAT",
    "MAX_SIZE",
    "VERSION",
    "dump",
    "dumps",
    "json_schema",
    "load",
    "loads",
    "write_atomically",
]
