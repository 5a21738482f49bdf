"""The architecture holds: imports only go upward, no cycle, no private module of another package."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

SRC = Path(__file__).parent.parent / "src" / "socialwork"

# The layers of DESIGN.md, bottom to top. A module may import from its own layer
# (the analyses each other's public names) and from layers below it.
LAYERS: dict[str, int] = {
    "errors": 0,
    "_version": 0,
    "_bulk": 0,
    "_reasons": 0,  # the Chinese of Python's and the system's error texts, read by errors
    "_optional": 1,
    "_tables": 1,  # the frames, HTML tables and short reprs of results, for every layer above
    "model": 2,
    "graph": 3,
    "hierarchy": 3,
    "privacy": 3,
    "linkage": 4,
    "funds": 4,
    "matching": 4,
    "scoring": 4,
    "targets": 4,
    "history": 4,
    "referrals": 4,
    "rules": 5,
    "io": 6,
    "reporting": 7,
    "plots": 7,
    "__init__": 8,
    "__main__": 9,
    "cli": 9,
}
BESIDE = {"datasets", "testing"}  # use the public API only; nothing in the stack imports them


def _top(module: str) -> str:
    """The first part below ``socialwork`` of a dotted module name."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _module_name(path: Path) -> str:
    relative = path.relative_to(SRC.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports() -> list[tuple[str, str]]:
    """Every (importer, imported) pair of socialwork modules, type-checking imports included."""
    pairs = []
    for path in sorted(SRC.rglob("*.py")):
        importer = _module_name(path)
        package = importer if path.name == "__init__.py" else importer.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                    names = [f"{base}.{node.module}" if node.module else base]
                else:
                    names = [node.module or ""]
                names += [f"{names[0]}.{alias.name}" for alias in node.names if names[0] == "socialwork"]
            else:
                continue
            pairs.extend((importer, name) for name in names if name.startswith("socialwork"))
    return pairs


def _rank(top: str) -> int:
    if top not in LAYERS and top not in BESIDE:
        pytest.fail(f"socialwork.{top} has no layer: add it to LAYERS in {Path(__file__).name}")
    return LAYERS.get(top, 100)


def test_imports_only_go_upward() -> None:
    """A module imports only from its own layer or the layers below it (the facade and cli excepted)."""
    upward = []
    for importer, imported in _imports():
        source, target = _top(importer), _top(imported)
        if imported == "socialwork" and source in {"cli", "__main__", *BESIDE}:
            continue  # the command and the side packages use the public facade
        if source in BESIDE:
            if target in {"cli", "__main__"}:
                upward.append((importer, imported))
            continue
        if target in BESIDE:
            if source not in {"__init__", "cli", "__main__", *BESIDE}:
                upward.append((importer, imported))
            continue
        if _rank(target) > _rank(source):
            upward.append((importer, imported))
    assert not upward, f"upward imports: {upward}"


def test_no_private_module_of_another_package() -> None:
    """No module imports a private module (``_name``) of another package."""
    crossing = []
    for importer, imported in _imports():
        parts = imported.split(".")
        for depth, part in enumerate(parts[1:], start=1):
            if part.startswith("_") and part not in {
                "__init__",
                "_version",
                "_optional",
                "_bulk",
                "_reasons",
                "_tables",
            }:
                owner = ".".join(parts[:depth])
                if not (importer == owner or importer.startswith(owner + ".")):
                    crossing.append((importer, imported))
                break
    assert not crossing, f"imports of another package's private module: {crossing}"


def test_no_import_cycle_between_packages() -> None:
    """The packages of socialwork import each other without a cycle."""
    graph = nx.DiGraph()
    for importer, imported in _imports():
        source, target = _top(importer), _top(imported)
        if target not in (source, "__init__") and source != "__init__":
            graph.add_edge(source, target)
    cycles = list(nx.simple_cycles(graph))
    assert not cycles, f"import cycles between packages: {cycles}"


def test_nothing_imports_the_cli() -> None:
    """Only ``python -m socialwork`` imports the command-line package."""
    importers = {importer for importer, imported in _imports() if _top(imported) == "cli"}
    assert importers <= {"socialwork.__main__"} | {i for i in importers if _top(i) == "cli"}
