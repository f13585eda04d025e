"""The server's row rules at the size of a trust: a database of 5,000 people with 3
assessments each (made by the library generator), a signed and an open appraisal per
person, a plan per assessment and a login per person, and what one rating change and one
read of an assessment's ratings cost the server there, as a person and as an appraiser of
100 people.

:func:`populate` makes the database (the library generator, then appraisals and plans in
SQL as the owner); :func:`server_times` runs each statement under ``EXPLAIN (ANALYZE)`` in
a transaction rolled back afterwards and gives the server's own time (planning and
execution) in milliseconds, the median of ``repeat`` runs after a warm-up. The
:mod:`tests.bench.bench_server` figures use both; run on its own, this prints the figures
and the plans::

    python -m tests.bench.server_scale [--people 5000] [--repeat 50] [--plans]
"""

from __future__ import annotations

import argparse
import json
import secrets
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg

from tests.server.conftest import PASSWORD, Cluster

#: How many people the appraiser of the figures appraises.
APPRAISEES = 100

#: One rating change, as the app sends it on a server (see ``ppf_set_rating``).
CHANGE = (
    "SELECT * FROM ppf_set_rating(CAST(current_user AS text), %(assessment)s, %(behaviour)s, "
    "%(level)s, false, '', "
    "false, true, false, %(now)s::timestamp, %(framework)s, %(version)s, %(group)s)"
)
#: Reading one assessment's ratings.
READ = "SELECT * FROM rating WHERE assessment_id = %(assessment)s"

_APPRAISALS = """
INSERT INTO appraisal (uid, person_id, self_assessment_id, appraiser_assessment_id,
    agreed_assessment_id, appraiser_name, held_on, replaces_uid, signed_at,
    signed_by_appraisee, signed_by_appraiser, signed_profile, created_at, updated_at)
SELECT gen_random_uuid()::text, ranked.person_id, ranked.id, NULL, NULL, 'Appraiser',
    ranked.assessed_on, '', CASE WHEN ranked.place = 1 THEN ranked.assessed_on::timestamp END,
    CASE WHEN ranked.place = 1 THEN 'Appraisee' ELSE '' END,
    CASE WHEN ranked.place = 1 THEN 'Appraiser' ELSE '' END,
    CASE WHEN ranked.place = 1 THEN '{}' ELSE '' END, ranked.created_at, ranked.updated_at
FROM (SELECT a.*, row_number() OVER (PARTITION BY a.person_id ORDER BY a.id) AS place
      FROM assessment a) AS ranked
WHERE ranked.place <= 2
"""
#: A login for every other person, and an appraiser of every 100 people (the rows only:
#: what the rules look up, at the size they would have).
_LOGINS = (
    "INSERT INTO ppf_access (login, role, person_id) "
    "SELECT 'scale_p' || id, 'person', id FROM person",
    "INSERT INTO ppf_access (login, role) SELECT DISTINCT 'scale_a' || (id / 100), 'appraiser' "
    "FROM person",
    "INSERT INTO ppf_access_appraisee (login, person_id) SELECT 'scale_a' || (id / 100), id "
    "FROM person",
)
_PLANS = """
INSERT INTO plan (uid, assessment_id, created_at, updated_at)
SELECT gen_random_uuid()::text, a.id, a.created_at, a.updated_at FROM assessment a
"""


@dataclass(frozen=True)
class Login:
    name: str
    #: the assessment it rates and reads
    assessment: int
    behaviour: str
    level: int
    framework: str
    version: str
    group: str


@dataclass(frozen=True)
class ScaleDatabase:
    cluster: Cluster
    database: str
    assessments: int
    person_id: int
    person: Login
    appraiser: Login

    def conninfo(self, login: str) -> str:
        return (
            f"host=127.0.0.1 port={self.cluster.port} dbname={self.database} "
            f"user={login} password={PASSWORD}"
        )


def populate(cluster: Cluster, *, people: int = 5000, per_person: int = 3) -> ScaleDatabase:
    """A new database of ``people`` made-up people, its person and appraiser logins."""
    from ppf_app.cli.main import main as cli_main
    from ppf_app.services import assessments
    from ppf_app.services.generate import generate_library
    from ppf_app.services.library import open_library
    from tests.bench.libraries import AS_OF

    database = cluster.create_database("bench_scale_" + secrets.token_hex(3))
    owner = cluster.owner_url(database)
    assert cli_main(["server", "init", owner]) == 0
    with open_library(database_url=owner) as admin:
        generate_library(admin, people_count=people, assessments_per_person=per_person,
                         seed=1, as_of=AS_OF)  # fmt: skip
    cluster.run_superuser(_PLANS, _APPRAISALS, *_LOGINS, "VACUUM ANALYZE", database=database)
    with psycopg.connect(cluster.superuser_conninfo(database)) as raw:
        ids = [int(row[0]) for row in raw.execute("SELECT id FROM person ORDER BY id")]
        total = int(raw.execute("SELECT count(*) FROM assessment").fetchone()[0])  # type: ignore[index]
    person_id = ids[len(ids) // 2]
    appraisees = ids[len(ids) // 4 :][:APPRAISEES]
    appraisee = appraisees[1]
    tag = secrets.token_hex(3)
    person_login = cluster.create_login(f"scale_person_{tag}")
    appraiser_login = cluster.create_login(f"scale_appraiser_{tag}")
    assert cli_main(["server", "grant", owner, "--login", person_login, "--role", "person",
                     "--person", str(person_id)]) == 0  # fmt: skip
    options = [x for one in appraisees for x in ("--appraisee", str(one))]
    assert cli_main(["server", "grant", owner, "--login", appraiser_login, "--role",
                     "appraiser", *options]) == 0  # fmt: skip
    made = []
    for login, whose, kind in (
        (person_login, person_id, "self"),
        (appraiser_login, appraisee, "appraiser"),
    ):
        # A new draft rated in full through the app, as the login.
        with open_library(database_url=cluster.url(login, PASSWORD, database)) as lib:
            view = assessments.start_assessment(lib, whose, kind=kind)
            framework = assessments.framework_for(lib, view)
            asked = [b.id for b in framework.behaviours_for(view.group_id or None)]
            levels = framework.scale_values
            for step, behaviour in enumerate(asked):
                assessments.set_rating(lib, view.id, behaviour, level=levels[step % len(levels)])
        made.append(
            Login(
                login,
                view.id,
                asked[0],
                levels[-1],
                view.framework_id,
                view.framework_version,
                view.group_id or "",
            )
        )
    cluster.run_superuser("ANALYZE", database=database)
    return ScaleDatabase(cluster, database, total + 2, person_id, made[0], made[1])


def _server_ms(
    connection: psycopg.Connection[Any], statement: str, values: dict[str, Any]
) -> float:
    """The server's time for one statement (planning and execution), rolled back."""
    try:
        row = connection.execute(
            "EXPLAIN (ANALYZE, FORMAT JSON) " + statement,  # type: ignore[arg-type]
            values,
        ).fetchone()
        assert row is not None
        found = row[0][0] if isinstance(row[0], list) else json.loads(row[0])[0]
        return float(found["Planning Time"]) + float(found["Execution Time"])
    finally:
        connection.rollback()


def statement_values(login: Login) -> dict[str, Any]:
    """The values of :data:`CHANGE` and :data:`READ` for ``login``, stamped now."""
    return {
        "assessment": login.assessment,
        "behaviour": login.behaviour,
        "level": login.level,
        "now": datetime.now(UTC).replace(tzinfo=None),
        "framework": login.framework,
        "version": login.version,
        "group": login.group,
    }


def server_times(scale: ScaleDatabase, *, repeat: int = 50, warmup: int = 5) -> dict[str, float]:
    """``{"change_person": ms, "read_person": ms, "change_appraiser": ..., ...}``: the
    median server time of a rating change and of reading an assessment's ratings."""
    times: dict[str, float] = {}
    for role, login in (("person", scale.person), ("appraiser", scale.appraiser)):
        with psycopg.connect(scale.conninfo(login.name)) as connection:
            for what, statement in (("change", CHANGE), ("read", READ)):
                runs = [_server_ms(connection, statement, statement_values(login))
                        for _ in range(warmup + repeat)]  # fmt: skip
                times[f"{what}_{role}"] = statistics.median(runs[warmup:])
    return times


def plans(scale: ScaleDatabase) -> str:
    """The plans (``EXPLAIN ANALYZE``) of the statements :func:`server_times` measures,
    and of the rating upsert on its own, with its triggers."""
    upsert = (
        "INSERT INTO rating AS r (assessment_id, behaviour_id, level, not_applicable, "
        "evidence, updated_at) VALUES (%(assessment)s, %(behaviour)s, %(level)s, false, '', "
        "%(now)s::timestamp) ON CONFLICT (assessment_id, behaviour_id) DO UPDATE SET "
        "level = excluded.level, updated_at = excluded.updated_at RETURNING r.id"
    )
    out = []
    for role, login in (("person", scale.person), ("appraiser", scale.appraiser)):
        with psycopg.connect(scale.conninfo(login.name)) as connection:
            for what, statement in (("change", CHANGE), ("upsert", upsert), ("read", READ)):
                for _ in range(3):  # warm the session's caches
                    _server_ms(connection, statement, statement_values(login))
                try:
                    rows = connection.execute(
                        "EXPLAIN (ANALYZE, COSTS OFF) " + statement,  # type: ignore[arg-type]
                        statement_values(login),
                    ).fetchall()
                finally:
                    connection.rollback()
                out.append(f"-- {what} as the {role}")
                out.extend(str(row[0]) for row in rows)
                out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.server_scale",
                                     description=__doc__.split("\n\n")[0])  # fmt: skip
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--plans", action="store_true", help="print the plans too")
    args = parser.parse_args(argv)
    from tests.server.own_cluster import own_cluster

    with own_cluster() as cluster:
        started = time.perf_counter()
        scale = populate(cluster, people=args.people)
        print(f"{scale.assessments:,} assessments made in {time.perf_counter() - started:.0f} s",
              file=sys.stderr)  # fmt: skip
        for name, value in server_times(scale, repeat=args.repeat).items():
            print(f"{name:18} {value:8.3f} ms")
        if args.plans:
            print()
            print(plans(scale))
    return 0


if __name__ == "__main__":
    sys.exit(main())
