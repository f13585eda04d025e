"""Scale: a generated library of 5,000 people with 3 assessments each (bundled framework)."""

from __future__ import annotations

import json
import sqlite3
import time
from contextlib import closing
from pathlib import Path

from tests.bench.bench_startup import BARE_WINDOW, alternate, app_command
from tests.bench.figures import Figure
from tests.bench.libraries import make_library
from tests.bench.measure import PYTHON, median, mib, run_process

RESPONSIVE_MS = 200

#: The queries behind the two timed screens, as the repositories issue them, for their plans.
QUERIES = {
    "list people": "SELECT * FROM person ORDER BY name COLLATE NOCASE, id",
    "a person's assessments": "SELECT * FROM assessment WHERE person_id = 1 "
    "ORDER BY assessed_on DESC, id DESC",
    "answered counts": "SELECT assessment_id, count(*) FROM rating WHERE assessment_id IN "
    "(1, 2, 3) AND level IS NOT NULL GROUP BY assessment_id",
}


def query_plans(database: Path) -> dict[str, list[str]]:
    """``EXPLAIN QUERY PLAN`` of each query in :data:`QUERIES` (read-only)."""
    uri = f"{database.absolute().as_uri()}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as connection:
        return {
            name: [str(row[3]) for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}")]
            for name, sql in QUERIES.items()
        }


def run(work: Path, *, quick: bool) -> list[Figure]:
    people_count = 1000 if quick else 5000
    folder = work / "scale"
    started = time.perf_counter()
    made = make_library(folder, people=people_count, per_person=3)
    generate_seconds = time.perf_counter() - started
    database = folder / "library.sqlite3"
    size = sum(path.stat().st_size for path in (database, Path(f"{database}-wal")) if path.exists())
    plans = query_plans(database)
    repeats, sample = (3, 20) if quick else (7, 50)
    timing = json.loads(
        run_process(
            [PYTHON, "-m", "tests.bench.scale_worker", str(folder), str(repeats), str(sample)]
        ).stdout
    )
    times = 1 if quick else 3
    app, bare = alternate(app_command(folder), BARE_WINDOW, times)
    label = f"{people_count:,} people x 3"
    history_ms = [seconds * 1000 for seconds in timing["history"]]
    return [
        Figure(
            f"Scale: generate {label}",
            generate_seconds,
            "s",
            goal=60,
            note="ppf_app.services.generate in-process, one transaction, closing and backup "
            f"included; {made.ratings:,} ratings",
        ),
        Figure(
            f"Scale: database size on disk, {label}",
            mib(size),
            "MiB",
            note=f"library.sqlite3 after closing; {size / max(made.ratings, 1):.0f} bytes a rating",
        ),
        Figure(
            f"Scale: list all people into the people model, {label}",
            median([seconds * 1000 for seconds in timing["list"]]),
            "ms",
            goal=RESPONSIVE_MS,
            note=f"people.list_people + PeopleModel.set_rows + first screenful read; median of "
            f"{repeats}",
            details={
                "runs_ms": [seconds * 1000 for seconds in timing["list"]],
                "query_plan": plans["list people"],
            },
        ),
        Figure(
            f"Scale: open a person's history, {label}",
            median(history_ms),
            "ms",
            goal=RESPONSIVE_MS,
            note=f"screens.home_screen (the Assessments page's one read) + AssessmentsModel; "
            f"median of {sample} people (slowest {max(history_ms):.0f} ms)",
            details={
                "runs_ms": history_ms,
                "query_plan": {k: v for k, v in plans.items() if k != "list people"},
            },
        ),
        Figure(
            f"Scale: app peak memory with {label} open",
            mib(int(median([r.peak_rss for r in app]))),
            "MiB",
            baseline=mib(int(median([r.peak_rss for r in bare]))),
            goal=1.5,
            note="ppf-app --smoke on the library, peak RSS (os.wait4); baseline: bare window",
        ),
        Figure(
            f"Scale: start-up with {label}",
            median([r.seconds for r in app]),
            "s",
            baseline=median([r.seconds for r in bare]),
            goal=1.3,
            note="the same ppf-app --smoke runs' wall clock; baseline: bare window",
            details={"app_cpu_seconds": [r.cpu_seconds for r in app]},
        ),
        Figure(
            f"Scale: start-up CPU time with {label}",
            median([r.cpu_seconds for r in app]),
            "s",
            baseline=median([r.cpu_seconds for r in bare]),
            goal=1.3,
            note="the same runs' CPU time (os.wait4): steadier than wall clock on a busy machine",
        ),
    ]
