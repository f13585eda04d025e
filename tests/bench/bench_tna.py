"""The training-needs analysis of 5,000 people with 3 assessments each: on a local library
(computed in Python), and on a server both as a lead (computed inside PostgreSQL by
``ppf_tna``) and as an admin (read and computed in Python). Goal: under 2 s each.

The server figures need PostgreSQL's server programs: a throwaway cluster of the bench's
own is started (durable settings, as a real server) and removed; where PostgreSQL is not
installed they are skipped, saying why.
"""

from __future__ import annotations

import secrets
import sys
import time
from contextlib import ExitStack
from pathlib import Path

from sqlalchemy import text

from ppf_app.services import tna
from ppf_app.services.generate import generate_library
from ppf_app.services.library import Library, open_library
from ppf_app.services.unit import unit
from tests.bench.figures import Figure
from tests.bench.libraries import AS_OF, make_library
from tests.bench.measure import median

GOAL_SECONDS = 2.0

#: Departments of many sizes: 20 large ones, and two of 2 and 3 people (hidden).
DEPARTMENTS_SQL = (
    "UPDATE person SET department = CASE "
    "WHEN id % 1500 = 0 THEN 'Chaplaincy' "
    "WHEN id % 1700 = 0 THEN 'Estates' "
    "ELSE 'Department ' || CAST(id % 20 AS VARCHAR(8)) END"
)


def set_departments(lib: Library) -> None:
    with unit(lib) as work:
        work.connection.execute(text(DEPARTMENTS_SQL))


def time_analysis(lib: Library, times: int) -> tuple[list[float], list[float], tna.TnaResult]:
    """Wall-clock and CPU seconds of ``times`` analyses by department (after a warm-up)."""
    result = tna.training_needs_analysis(lib, breakdown="department")
    walls, cpus = [], []
    for _ in range(times):
        wall, cpu = time.perf_counter(), time.process_time()
        result = tna.training_needs_analysis(lib, breakdown="department")
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return walls, cpus, result


def _figure(name: str, walls: list[float], cpus: list[float], result: tna.TnaResult, note: str):  # type: ignore[no-untyped-def]
    hidden = sum(1 for row in result.report.rows if row.hidden)
    return Figure(
        name,
        median(walls),
        "s",
        goal=GOAL_SECONDS,
        note=note,
        details={
            "cpu_seconds_median": median(cpus),
            "runs": walls,
            "segments": len(result.report.segments),
            "rows": len(result.report.rows),
            "hidden_rows": hidden,
            "computed": result.computed,
        },
    )


def run(work: Path, *, quick: bool) -> list[Figure]:
    people = 1000 if quick else 5000
    times = 3 if quick else 5
    label = f"{people:,} people x 3"
    folder = work / "tna-local"
    make_library(folder, people=people, per_person=3)
    with open_library(folder) as lib:
        set_departments(lib)
        walls, cpus, result = time_analysis(lib, times)
    figures = [
        _figure(
            f"TNA by department, local library, {label}",
            walls,
            cpus,
            result,
            f"tna.training_needs_analysis in-process (SQLite, Python domain); median of {times}; "
            f"CPU {median(cpus):.2f} s",
        )
    ]
    figures += _server(work, people, times, label)
    return figures


def _server(work: Path, people: int, times: int, label: str) -> list[Figure]:
    from ppf_app.cli.main import main as cli_main
    from tests.server.own_cluster import DURABLE, Unavailable, own_cluster

    with ExitStack() as stack:
        try:
            cluster = stack.enter_context(own_cluster(DURABLE))
        except Unavailable as why:
            print(f"[bench] tna: server figures skipped: {why}", file=sys.stderr)
            return []
        database = cluster.create_database("bench_tna_" + secrets.token_hex(3))
        owner = cluster.owner_url(database)
        assert cli_main(["server", "init", owner]) == 0
        started = time.perf_counter()
        with open_library(database_url=owner) as admin:
            generate_library(admin, people_count=people, assessments_per_person=3, seed=1,
                             as_of=AS_OF)  # fmt: skip
            set_departments(admin)
        print(f"[bench] tna: server library made in {time.perf_counter() - started:.0f} s",
              file=sys.stderr)  # fmt: skip
        lead = cluster.create_login("bench_lead_" + secrets.token_hex(3))
        assert cli_main(["server", "grant", owner, "--login", lead, "--role", "lead"]) == 0
        from tests.server.conftest import PASSWORD

        with open_library(database_url=cluster.url(lead, PASSWORD, database)) as lib:
            lead_walls, lead_cpus, lead_result = time_analysis(lib, times)
        with open_library(database_url=owner) as lib:
            admin_walls, admin_cpus, admin_result = time_analysis(lib, times)
        assert lead_result.report == admin_result.report, "server and domain disagree"
        return [
            _figure(
                f"TNA by department, server as a lead, {label}",
                lead_walls,
                lead_cpus,
                lead_result,
                "computed inside PostgreSQL by ppf_tna (the lead reads no row), laid out "
                f"here; median of {times}; client CPU {median(lead_cpus):.2f} s",
            ),
            _figure(
                f"TNA by department, server as an admin, {label}",
                admin_walls,
                admin_cpus,
                admin_result,
                "each person's answers read over loopback, computed in Python; median of "
                f"{times}; CPU {median(admin_cpus):.2f} s",
            ),
        ]
