"""Reading and writing registries: the versioned JSON format and its JSON Schema; graphs, tables, HSDS 3.

This is the only part of ``socialwork`` that touches files or imports cattrs.
"""

from socialwork.io._frames import MONEY_FIELDS, from_frames, to_frames
from socialwork.io._graph import graph_frames, legal_value, node_link_data, write_graphml, write_node_link
from socialwork.io._hsds import (
    CHINA_PROFILE,
    HSDS_FILES,
    HSDS_NAMESPACE,
    from_hsds,
    hsds_id,
    to_hsds,
    write_hsds,
)
from socialwork.io._json import (
    FORMAT,
    MAX_SIZE,
    VERSION,
    VERSIONS,
    dump,
    dumps,
    load,
    loads,
    write_atomically,
)
from socialwork.io._schema import json_schema
from socialwork.io._tables import write_tables

__all__ = [
    "CHINA_PROFILE",
    "FORMAT",
    "HSDS_FILES",
    "HSDS_NAMESPACE",
    "MAX_SIZE",
    "MONEY_FIELDS",
    "VERSION",
    "VERSIONS",
    "dump",
    "dumps",
    "from_frames",
    "from_hsds",
    "graph_frames",
    "hsds_id",
    "json_schema",
    "legal_value",
    "load",
    "loads",
    "node_link_data",
    "to_frames",
    "to_hsds",
    "write_atomically",
    "write_graphml",
    "write_hsds",
    "write_node_link",
    "write_tables",
]
