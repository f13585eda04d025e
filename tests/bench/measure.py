"""Timing and memory helpers shared by the benchmarks.

Peak memory of a subprocess is its own maximum resident set size, read with
``os.wait4`` (the per-child form of ``getrusage(RUSAGE_CHILDREN)``) by a small launcher
(:mod:`tests.bench.rusage_run`), so neither this process's size nor another run's peak
is counted in it.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
RUSAGE_RUN = Path(__file__).resolve().parent / "rusage_run.py"


@dataclass(frozen=True)
class Run:
    """One subprocess run: wall-clock and CPU seconds, and peak resident memory in bytes."""

    seconds: float
    cpu_seconds: float
    peak_rss: int
    stdout: str


def maxrss_bytes(ru_maxrss: int) -> int:
    # Linux reports kibibytes, macOS bytes.
    return ru_maxrss if sys.platform == "darwin" else ru_maxrss * 1024


def run_process(args: Sequence[str], *, env: dict[str, str] | None = None) -> Run:
    """Run ``args`` to the end; its wall time, CPU time and its own peak RSS.

    The command is started by :mod:`tests.bench.rusage_run`, a small process, so that
    this (large) process's peak memory is not counted as the command's.

    Raises:
        RuntimeError: the process failed (its standard error is in the message).
    """
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    with tempfile.TemporaryDirectory(prefix="ppf-bench-run-") as folder:
        report = Path(folder) / "usage"
        done = subprocess.run(
            [PYTHON, str(RUSAGE_RUN), str(report), *args],
            capture_output=True,
            env=environment,
            cwd=REPO,
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"{' '.join(args)} exited with {done.returncode}:\n"
                + done.stderr.decode(errors="replace")
            )
        seconds, cpu, peak = report.read_text(encoding="ascii").split()
    return Run(float(seconds), float(cpu), int(peak), done.stdout.decode(errors="replace"))


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def timed(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def repeat(function: Callable[[], object], times: int, *, warmup: int = 1) -> list[float]:
    """Seconds for each of ``times`` calls of ``function``, after ``warmup`` untimed calls."""
    for _ in range(warmup):
        function()
    return [timed(function) for _ in range(times)]


def mib(size: int) -> float:
    return size / (1024 * 1024)
