"""Every benchmark still runs: a smoke run of each with --quick (the figures are not checked)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = sorted((Path(__file__).parent.parent / "benchmarks").glob("bench_*.py"))


@pytest.mark.parametrize("path", BENCHMARKS, ids=lambda p: p.name)
def test_benchmark_runs_quickly(path: Path) -> None:
    """The benchmark's --quick run exits cleanly and prints its table."""
    result = subprocess.run(
        [sys.executable, str(path), "--quick"], capture_output=True, text=True, check=True, timeout=300
    )
    assert result.stdout.strip()
