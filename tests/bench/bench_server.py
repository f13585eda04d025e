"""Server mode on loopback: the autosave of one rating against a bare psycopg upsert, and
the load of 50 clients for 60 seconds with its 95th-percentile write latency.

A throwaway PostgreSQL cluster of the bench's own is started with a real server's durable
settings (fsync and synchronous commit on) and removed at the end; where PostgreSQL is not
installed the figures are skipped, saying why.

* **Autosave**: ``assessments.set_rating`` as a person's login, run as the app runs it
  (``perform(..., alone=True)``: one statement, its own transaction), median of 200
  changes, interleaved with the baseline: the same login's bare psycopg ``INSERT ... ON
  CONFLICT DO UPDATE`` of a rating row and ``COMMIT`` on a plain table of the same
  database (psycopg's ``BEGIN``, the upsert, ``COMMIT``). Goal: at most 2x. Shown beside
  it: the same upsert sent alone in autocommit, one round trip.
* **Autosave at scale**: the same on a database of 5,000 people with 3 assessments each
  (1,000 with ``--quick``; :mod:`tests.bench.server_scale`), where the row rules must
  look up a rating's assessment rather than read every assessment the login sees. With it,
  the server's own time (``EXPLAIN ANALYZE``) of one rating change and of reading one
  assessment's ratings, as a person and as an appraiser of 100 people.
* **Load**: :mod:`tests.server.load`: people rating, adding objectives and signing,
  appraisers and a lead reading, each client its own login and connection; every write
  checked against the database afterwards.
"""

from __future__ import annotations

import secrets
import sys
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from tests.bench.bench_autosave import percentile
from tests.bench.figures import Figure
from tests.bench.measure import median

WARMUP = 10
BASELINE_TABLE = """
CREATE TABLE bench_rating (
    id serial PRIMARY KEY,
    assessment_id integer NOT NULL,
    behaviour_id varchar(128) NOT NULL,
    level integer,
    evidence text NOT NULL DEFAULT '',
    updated_at timestamp NOT NULL,
    UNIQUE (assessment_id, behaviour_id)
)"""
UPSERT = (
    "INSERT INTO bench_rating (assessment_id, behaviour_id, level, evidence, updated_at) "
    "VALUES (%s, %s, %s, '', %s) ON CONFLICT (assessment_id, behaviour_id) "
    "DO UPDATE SET level = EXCLUDED.level, updated_at = EXCLUDED.updated_at"
)


def run(work: Path, *, quick: bool) -> list[Figure]:
    del work
    from tests.server.own_cluster import DURABLE, Unavailable, own_cluster

    with ExitStack() as stack:
        try:
            cluster = stack.enter_context(own_cluster(DURABLE))
        except Unavailable as why:
            print(f"[bench] server: skipped: {why}", file=sys.stderr)
            return []
        figures = [_autosave(cluster, 50 if quick else 200)]
        figures += _scale(cluster, quick)
        figures += _load(cluster, quick)
        return figures


def _autosave(cluster, times: int) -> Figure:  # type: ignore[no-untyped-def]
    from ppf_app.cli.main import main as cli_main
    from ppf_app.services import people
    from ppf_app.services.library import open_library

    database = cluster.create_database("bench_autosave_" + secrets.token_hex(3))
    owner = cluster.owner_url(database)
    assert cli_main(["server", "init", owner]) == 0
    with open_library(database_url=owner) as admin:
        person = people.add_person(admin, name="Siân Nguyễn", professional_group="manager")
    login = cluster.create_login("bench_person_" + secrets.token_hex(3))
    assert cli_main(["server", "grant", owner, "--login", login, "--role", "person",
                     "--person", str(person.id)]) == 0  # fmt: skip
    return _autosave_figure(
        "Autosave on a server: one rating change (median)",
        *_time_changes(cluster, database, login, person.id, times),
        note=f"assessments.set_rating as a person's login, as the app runs it (one "
        f"statement, its own transaction), {times} changes interleaved with the baseline "
        "(the same login's psycopg INSERT ... ON CONFLICT DO UPDATE and COMMIT), "
        "loopback, fsync and synchronous commit on",
    )


def _scale(cluster, quick: bool) -> list[Figure]:  # type: ignore[no-untyped-def]
    from tests.bench import server_scale

    people = 1000 if quick else 5000
    times = 50 if quick else 200
    started = time.perf_counter()
    scale = server_scale.populate(cluster, people=people)
    print(f"[bench] server: {scale.assessments:,} assessments made in "
          f"{time.perf_counter() - started:.0f} s", file=sys.stderr)  # fmt: skip
    server = server_scale.server_times(scale, repeat=20 if quick else 50)
    label = f"{people:,} people x 3"
    autosave = _autosave_figure(
        f"Autosave on a server, {label}: one rating change (median)",
        *_time_changes(cluster, scale.database, scale.person.name, scale.person_id, times),
        note=f"as the autosave figure above, on a database of {scale.assessments:,} "
        "assessments (each rated in full), two appraisals per person and a login per person; "
        f"server time of one change {server['change_person']:.2f} ms as a person, "
        f"{server['change_appraiser']:.2f} ms as an appraiser of "
        f"{server_scale.APPRAISEES} people",
    )
    autosave.details.update({f"server_ms_{key}": value for key, value in server.items()})
    return [
        autosave,
        Figure(
            f"Server time of one rating change, {label} (median)",
            server["change_person"],
            "ms",
            goal=1.0,
            note="EXPLAIN ANALYZE of ppf_set_rating as a person's login (planning and "
            f"execution, rolled back); as an appraiser {server['change_appraiser']:.2f} ms; "
            f"reading one assessment's ratings {server['read_person']:.2f} ms as the person, "
            f"{server['read_appraiser']:.2f} ms as the appraiser",
            details=server,
        ),
    ]


def _time_changes(  # type: ignore[no-untyped-def]
    cluster, database: str, login: str, person_id: int, times: int
) -> tuple[list[float], list[float], list[float], list[float], list[float]]:
    """Wall-clock and CPU seconds of ``times`` rating changes by ``login`` on a new
    assessment of ``person_id``, as the app makes them, each followed by the bare upsert
    and by the same upsert as one statement in autocommit (one round trip, the least a
    write can cost): (service, bare, service CPU, bare CPU, one statement)."""
    from ppf_app.services import assessments
    from ppf_app.services.library import open_library
    from ppf_app.services.unit import perform
    from tests.server.conftest import PASSWORD

    grant = f'GRANT ALL ON bench_rating, bench_rating_id_seq TO "{login}"'
    cluster.run_superuser(BASELINE_TABLE, grant, database=database)
    service: list[float] = []
    bare: list[float] = []
    cpu_service: list[float] = []
    cpu_bare: list[float] = []
    one_trip: list[float] = []
    conninfo = (
        f"host=127.0.0.1 port={cluster.port} dbname={database} user={login} password={PASSWORD}"
    )
    with (
        open_library(database_url=cluster.url(login, PASSWORD, database)) as lib,
        psycopg.connect(conninfo) as raw,
        psycopg.connect(conninfo, autocommit=True) as single,
    ):
        view = assessments.start_assessment(lib, person_id)
        framework = assessments.framework_for(lib, view)
        behaviours = [b.id for b in framework.behaviours_for(view.group_id or None)]
        levels = framework.scale_values
        for step in range(WARMUP + times):
            behaviour = behaviours[step % len(behaviours)]
            level = levels[step % len(levels)]
            wall, cpu = time.perf_counter(), time.process_time()
            perform(lib, assessments.set_rating, view.id, behaviour, level=level, alone=True)
            service_seconds = time.perf_counter() - wall
            service_cpu = time.process_time() - cpu

            wall, cpu = time.perf_counter(), time.process_time()
            raw.execute(UPSERT, (1, behaviour, level, datetime.now(UTC).replace(tzinfo=None)))
            raw.commit()
            bare_seconds = time.perf_counter() - wall
            bare_cpu = time.process_time() - cpu

            wall = time.perf_counter()
            single.execute(UPSERT, (2, behaviour, level, datetime.now(UTC).replace(tzinfo=None)))
            single_seconds = time.perf_counter() - wall
            if step >= WARMUP:
                service.append(service_seconds)
                bare.append(bare_seconds)
                cpu_service.append(service_cpu)
                cpu_bare.append(bare_cpu)
                one_trip.append(single_seconds)
    return service, bare, cpu_service, cpu_bare, one_trip


def _autosave_figure(
    name: str,
    service: list[float],
    bare: list[float],
    cpu_service: list[float],
    cpu_bare: list[float],
    one_trip: list[float],
    *,
    note: str,
) -> Figure:
    single = median(one_trip) * 1000
    return Figure(
        name,
        median(service) * 1000,
        "ms",
        baseline=median(bare) * 1000,
        goal=2,
        note=f"{note}; the upsert alone in autocommit (one round trip) {single:.2f} ms, "
        f"the autosave {median(service) / median(one_trip):.2f}x that",
        details={
            "service_p95_ms": percentile(service, 0.95) * 1000,
            "baseline_p95_ms": percentile(bare, 0.95) * 1000,
            "service_cpu_ms_median": median(cpu_service) * 1000,
            "baseline_cpu_ms_median": median(cpu_bare) * 1000,
            "one_statement_upsert_ms_median": single,
        },
    )


def _load(cluster, quick: bool) -> list[Figure]:  # type: ignore[no-untyped-def]
    from tests.server import load

    people, appraisers, seconds = (20, 4, 20) if quick else (50, 5, 60)
    org = load.prepare(cluster, people_count=people, appraisers=appraisers, leads=1)
    cpu = time.process_time()
    report = load.run(org, seconds=seconds)
    cpu_seconds = time.process_time() - cpu
    problems = load.verify(org, report)
    writes = report.writes
    clients = people + appraisers + 1
    label = f"{clients} clients for {seconds} s"
    details = {
        "writes": len(writes),
        "reads": len(report.reads),
        "write_p50_ms": percentile(writes, 0.5) * 1000,
        "write_p99_ms": percentile(writes, 0.99) * 1000,
        "read_p95_ms": percentile(report.reads, 0.95) * 1000,
        "signed": sum(len(c.signed) for c in report.clients),
        "client_cpu_seconds": cpu_seconds,
        "problems": problems[:20],
    }
    print(f"[bench] server: load {label}: {len(writes)} writes, {len(problems)} problems",
          file=sys.stderr)  # fmt: skip
    return [
        Figure(
            f"Load, {label}: write latency p95",
            percentile(writes, 0.95) * 1000,
            "ms",
            note=f"{people} people rating (each change committed), adding objectives and "
            f"signing, {appraisers} appraisers and a lead reading; {len(writes):,} writes, "
            f"p50 {details['write_p50_ms']:.1f} ms, p99 {details['write_p99_ms']:.1f} ms; "
            f"client CPU {cpu_seconds:.0f} s of {report.seconds:.0f} s",
            details=details,
        ),
        Figure(
            f"Load, {label}: writes lost, doubled or failed",
            float(len(problems)),
            "",
            goal=0,
            note="every write a client saw succeed checked against the database afterwards",
        ),
    ]
