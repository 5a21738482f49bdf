"""Reading and writing registries: the versioned JSON format and its JSON Schema; graphs, tables, HSDS 3.

Also partitioned Parquet datasets (the ``parquet`` extra).

This is the only part of ``socialwork`` that touches files or imports cattrs.
"""

from socialwork.io._dataset import (
    DATASET_VERSION,
    DATASET_VERSIONS,
    PARTITION_LEVELS,
    partition_sources,
    read_dataset,
    write_dataset,
)
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
from socialwork.io._ledger_columns import HEADERS as LEDGER_HEADERS
from socialwork.io._ledger_columns import SHEET_NAMES as LEDGER_SHEETS
from socialwork.io._ledger_read import LedgerCell, LedgerImport, import_ledgers, read_ledgers
from socialwork.io._ledger_write import annotate_ledgers, neutralise, write_ledgers, write_template
from socialwork.io._schema import json_schema
from socialwork.io._tables import write_tables

__all__ = [
    "CHINA_PROFILE",
    "DATASET_VERSION",
    "DATASET_VERSIONS",
    "FORMAT",
    "HSDS_FILES",
    "HSDS_NAMESPACE",
    "LEDGER_HEADERS",
    "LEDGER_SHEETS",
    "MAX_SIZE",
    "MONEY_FIELDS",
    "PARTITION_LEVELS",
    "VERSION",
    "VERSIONS",
    "LedgerCell",
    "LedgerImport",
    "annotate_ledgers",
    "dump",
    "dumps",
    "from_frames",
    "from_hsds",
    "graph_frames",
    "hsds_id",
    "import_ledgers",
    "json_schema",
    "legal_value",
    "load",
    "loads",
    "neutralise",
    "node_link_data",
    "partition_sources",
    "read_dataset",
    "read_ledgers",
    "to_frames",
    "to_hsds",
    "write_atomically",
    "write_dataset",
    "write_graphml",
    "write_hsds",
    "write_ledgers",
    "write_node_link",
    "write_tables",
    "write_template",
]
