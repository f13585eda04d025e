"""Batch: 200 plans in one process; time per plan and peak memory at 50 and at 200."""

from __future__ import annotations

import json
from pathlib import Path

from tests.bench.figures import Figure
from tests.bench.libraries import make_library
from tests.bench.measure import PYTHON, mib, run_process


def run(work: Path, *, quick: bool) -> list[Figure]:
    small, large = (20, 80) if quick else (50, 200)
    folder = work / "batch"
    make_library(folder, people=large, per_person=2)
    done = run_process(
        [PYTHON, "-m", "tests.bench.batch_worker", str(folder), str(work / "batch-plans"),
         str(large), str(small), str(large)]
    )  # fmt: skip
    report = {int(key): value for key, value in json.loads(done.stdout).items()}
    per_plan_small = report[small]["seconds"] / small
    per_plan_large = report[large]["seconds"] / large
    note = "plan_report.write_plan_pdf for each person in one process (bundled framework)"
    return [
        Figure(
            f"Batch: time per plan over {large} plans",
            per_plan_large,
            "s",
            baseline=per_plan_small,
            goal=1.2,
            note=f"{note}; baseline: time per plan over the first {small}",
        ),
        Figure(
            f"Batch: peak memory after {large} plans",
            mib(report[large]["peak_rss"]),
            "MiB",
            baseline=mib(report[small]["peak_rss"]),
            goal=1.1,
            note=f"peak RSS of the process (getrusage ru_maxrss); baseline: after {small} plans",
        ),
    ]
