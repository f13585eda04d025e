"""Start-up: ``ppf-app --smoke`` on 50 assessments against a bare window script."""

from __future__ import annotations

from pathlib import Path

from tests.bench.figures import Figure
from tests.bench.libraries import make_library
from tests.bench.measure import PYTHON, Run, median, mib, run_process

HERE = Path(__file__).resolve().parent
BARE_WINDOW = [PYTHON, str(HERE / "baseline_window.py")]


def app_command(data_dir: Path) -> list[str]:
    return [PYTHON, "-m", "ppf_app", "--smoke", "--data-dir", str(data_dir)]


def alternate(first: list[str], second: list[str], times: int) -> tuple[list[Run], list[Run]]:
    """Run two commands in turn ``times`` times each, after one untimed run of each."""
    run_process(first)
    run_process(second)
    a, b = [], []
    for _ in range(times):
        a.append(run_process(first))
        b.append(run_process(second))
    return a, b


def run(work: Path, *, quick: bool) -> list[Figure]:
    folder = work / "startup"
    made = make_library(folder, people=10, per_person=5)
    assert made.assessments == 50
    times = 3 if quick else 7
    app, bare = alternate(app_command(folder), BARE_WINDOW, times)
    note = f"median of {times} runs after one warm-up; wall clock of the whole process"
    return [
        Figure(
            "Start-up, 50 assessments (ppf-app --smoke)",
            median([r.seconds for r in app]),
            "s",
            baseline=median([r.seconds for r in bare]),
            goal=1.2,
            note=note + "; baseline: bare PySide6 window + import sqlmodel",
            details={"app": [r.seconds for r in app], "bare": [r.seconds for r in bare]},
        ),
        Figure(
            "Start-up CPU time (user + system)",
            median([r.cpu_seconds for r in app]),
            "s",
            baseline=median([r.cpu_seconds for r in bare]),
            goal=1.2,
            note="the same runs' CPU time (os.wait4): steadier than wall clock on a busy machine",
        ),
        Figure(
            "Start-up peak memory",
            mib(int(median([r.peak_rss for r in app]))),
            "MiB",
            baseline=mib(int(median([r.peak_rss for r in bare]))),
            note="peak RSS of each process (os.wait4 ru_maxrss)",
        ),
    ]
