"""A bounded load on a server library, on loopback only: many people rating, saving
objectives and signing at once, appraisers and a lead reading, through the product's own
services, each client with its own login and connection.

Each person's client rates the behaviours of its self assessment one after another (a
random level, now and then evidence), adds an objective every few ratings and, half way
through, completes the assessment, agrees it in an appraisal and signs it, then goes on
with a new one. Appraisers read their appraisees' assessments and appraisals; the lead
runs the training-needs analysis. Clients pause between actions as people do.

Afterwards :func:`verify` reads the database as its superuser: every write a client saw
succeed is there with the value it last wrote (nothing lost), nothing is there twice,
every signature is recorded, and no client met an error (a deadlock included).
"""

from __future__ import annotations

import random
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import psycopg

from ppf_app.services import appraisal, assessments, people, plans, tna
from ppf_app.services.library import Library, open_library
from ppf_app.services.plan_views import ObjectiveInput
from tests.server.conftest import PASSWORD, Cluster

GROUP = "manager"  # asked every behaviour: a signature needs them all agreed


@dataclass
class Client:
    """What one client did, as it saw it."""

    name: str
    role: str
    person_id: int | None = None
    #: (assessment, behaviour) -> (level, evidence) last saved (the call returned)
    ratings: dict[tuple[int, str], tuple[int, str]] = field(default_factory=dict)
    #: writes whose outcome is unknown (the call raised): not checked
    uncertain: set[tuple[int, str]] = field(default_factory=set)
    objectives: list[str] = field(default_factory=list)
    signed: list[int] = field(default_factory=list)
    write_seconds: list[float] = field(default_factory=list)
    read_seconds: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    operations: int = 0


@dataclass
class LoadReport:
    clients: list[Client]
    seconds: float

    @property
    def writes(self) -> list[float]:
        return [s for c in self.clients for s in c.write_seconds]

    @property
    def reads(self) -> list[float]:
        return [s for c in self.clients for s in c.read_seconds]

    @property
    def errors(self) -> list[str]:
        return [f"{c.name}: {e}" for c in self.clients for e in c.errors]


@dataclass
class Organisation:
    cluster: Cluster
    database: str
    people: dict[str, int]  # login -> person
    appraisers: dict[str, list[int]]  # login -> appraisees
    leads: list[str]


def run_ppf(*args: str) -> int:
    from ppf_app.cli.main import main as cli_main

    return cli_main(list(args))


def prepare(
    cluster: Cluster,
    *,
    people_count: int,
    appraisers: int,
    leads: int = 1,
) -> Organisation:
    """A new database with ``people_count`` people (each a login), appraisers of them
    and leads."""
    database = cluster.create_database("load_" + secrets.token_hex(4))
    owner = cluster.owner_url(database)
    assert run_ppf("server", "init", owner) == 0
    tag = secrets.token_hex(2)
    made: dict[str, int] = {}
    with open_library(database_url=owner) as admin:
        for n in range(people_count):
            person = people.add_person(
                admin,
                name=f"Load person {n}",
                professional_group=GROUP,
                department=f"Department {n % 4}",
            )
            made[f"lp{n}_{tag}"] = person.id
    for login, person_id in made.items():
        cluster.create_login(login)
        assert run_ppf("server", "grant", owner, "--login", login, "--role", "person",
                       "--person", str(person_id)) == 0  # fmt: skip
    ids = list(made.values())
    appraiser_logins: dict[str, list[int]] = {}
    for n in range(appraisers):
        login = cluster.create_login(f"la{n}_{tag}")
        mine = ids[n::appraisers]
        options = [x for person_id in mine for x in ("--appraisee", str(person_id))]
        assert run_ppf("server", "grant", owner, "--login", login, "--role", "appraiser",
                       *options) == 0  # fmt: skip
        appraiser_logins[login] = mine
    lead_logins = []
    for n in range(leads):
        login = cluster.create_login(f"ll{n}_{tag}")
        assert run_ppf("server", "grant", owner, "--login", login, "--role", "lead") == 0
        lead_logins.append(login)
    return Organisation(cluster, database, made, appraiser_logins, lead_logins)


def _timed(client: Client, kind: str, call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    started = time.perf_counter()
    result = call(*args, **kwargs)
    elapsed = time.perf_counter() - started
    (client.write_seconds if kind == "write" else client.read_seconds).append(elapsed)
    client.operations += 1
    return result


def _person(
    client: Client,
    lib: Library,
    stop: float,
    sign_at: float,
    pause: tuple[float, float],
) -> None:
    rng = random.Random(client.name)
    framework = lib.frameworks.default()
    asked = [b.id for b in framework.behaviours_for(GROUP)]
    levels = framework.scale_values
    person_id = client.person_id
    assert person_id is not None
    current = assessments.start_assessment(lib, person_id).id
    step = 0
    signed_once = False
    while time.monotonic() < stop:
        behaviour = asked[step % len(asked)]
        level = rng.choice(levels)
        evidence = f"{client.name} note {step}" if rng.random() < 0.2 else ""
        key = (current, behaviour)
        try:
            _timed(
                client,
                "write",
                assessments.set_rating,
                lib,
                current,
                behaviour,
                level=level,
                evidence=evidence,
            )
        except Exception as error:
            client.uncertain.add(key)
            client.errors.append(f"set_rating: {type(error).__name__}: {error}")
        else:
            client.ratings[key] = (level, evidence)
            client.uncertain.discard(key)
        step += 1
        if step % 8 == 0:
            text = f"{client.name} objective {len(client.objectives) + 1}"
            try:
                _timed(
                    client, "write", plans.add_objective, lib, current, ObjectiveInput(text=text)
                )
            except Exception as error:
                client.errors.append(f"add_objective: {type(error).__name__}: {error}")
            else:
                client.objectives.append(text)
        if not signed_once and step >= len(asked) and time.monotonic() >= sign_at:
            signed_once = True
            try:
                record_id = _timed(client, "write", _sign, lib, current, client)
            except Exception as error:
                client.errors.append(f"sign: {type(error).__name__}: {error}")
            else:
                client.signed.append(record_id)
                current = assessments.start_assessment(lib, person_id).id
                step = 0
        time.sleep(rng.uniform(*pause))


def _sign(lib: Library, self_id: int, client: Client) -> int:
    """Complete, agree at the person's own levels, plan and sign: the appraisal's id."""
    assessments.complete_assessment(lib, self_id, force=True)
    record = appraisal.open_for(lib, self_id, appraiser_name="Load appraiser")
    appraisal.agree_remaining_at_self(lib, record.id)
    agreed = appraisal.get_appraisal(lib, record.id).agreed_assessment
    assert agreed is not None
    text = f"{client.name} agreed objective"
    plans.add_objective(lib, agreed.id, ObjectiveInput(text=text))
    client.objectives.append(text)
    plans.set_review_date(lib, agreed.id, date(2027, 6, 30))
    appraisal.sign(lib, record.id, appraisee=client.name, appraiser="Load appraiser")
    return record.id


def _appraiser(
    client: Client, lib: Library, appraisees: list[int], stop: float, pause: tuple[float, float]
) -> None:
    rng = random.Random(client.name)
    while time.monotonic() < stop:
        person_id = rng.choice(appraisees)
        try:
            views = _timed(client, "read", assessments.list_assessments, lib, person_id)
            if views:
                _timed(client, "read", assessments.ratings, lib, views[0].id)
            _timed(client, "read", appraisal.appraisals_of, lib, person_id)
        except Exception as error:
            client.errors.append(f"read: {type(error).__name__}: {error}")
        time.sleep(rng.uniform(*pause))


def _lead(client: Client, lib: Library, stop: float, pause: tuple[float, float]) -> None:
    rng = random.Random(client.name)
    while time.monotonic() < stop:
        breakdown = rng.choice(["department", "organisation"])
        try:
            _timed(client, "read", tna.training_needs_analysis, lib, breakdown=breakdown)
        except Exception as error:
            client.errors.append(f"tna: {type(error).__name__}: {error}")
        time.sleep(rng.uniform(*pause) * 4)


def run(
    org: Organisation, *, seconds: float, pause: tuple[float, float] = (0.2, 0.6)
) -> LoadReport:
    """Every client at once for ``seconds``; what each saw."""
    cluster, database = org.cluster, org.database

    def url(login: str) -> str:
        return cluster.url(login, PASSWORD, database)

    clients: list[tuple[Client, Callable[[Client, Library, float], None], str]] = []
    for login, person_id in org.people.items():
        client = Client(login, "person", person_id)
        clients.append(
            (
                client,
                lambda c, lib, stop: _person(c, lib, stop, stop - seconds / 2, pause),
                login,
            )
        )
    for login, appraisees in org.appraisers.items():
        clients.append(
            (
                Client(login, "appraiser"),
                lambda c, lib, stop, a=appraisees: _appraiser(c, lib, a, stop, pause),
                login,
            )
        )
    for login in org.leads:
        clients.append(
            (Client(login, "lead"), lambda c, lib, stop: _lead(c, lib, stop, pause), login)
        )

    libraries: dict[str, Library] = {}
    for client, _work, login in clients:  # opened first: the load is the work, not logging in
        libraries[client.name] = open_library(database_url=url(login))
    ready = threading.Barrier(len(clients) + 1)
    stop_at: list[float] = []

    def body(client: Client, work: Callable[[Client, Library, float], None]) -> None:
        ready.wait()
        try:
            work(client, libraries[client.name], stop_at[0])
        except Exception as error:  # a client that dies is an error of the run
            client.errors.append(f"client stopped: {type(error).__name__}: {error}")

    threads = [
        threading.Thread(target=body, args=(client, work), name=client.name, daemon=True)
        for client, work, _login in clients
    ]
    for thread in threads:
        thread.start()
    stop_at.append(time.monotonic() + seconds)
    started = time.perf_counter()
    ready.wait()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    elapsed = time.perf_counter() - started
    for lib in libraries.values():
        lib.close()
    return LoadReport([c for c, _w, _l in clients], elapsed)


def verify(org: Organisation, report: LoadReport) -> list[str]:
    """What the database holds against what the clients saw; the problems found."""
    problems = list(report.errors)
    with psycopg.connect(org.cluster.superuser_conninfo(org.database)) as connection:
        stored = {
            (int(r[0]), str(r[1])): (r[2], str(r[3]))
            for r in connection.execute(
                "SELECT assessment_id, behaviour_id, level, evidence FROM rating"
            )
        }
        twice = connection.execute(
            "SELECT assessment_id, behaviour_id FROM rating GROUP BY 1, 2 HAVING count(*) > 1"
        ).fetchall()
        problems += [f"rating stored twice: {row}" for row in twice]
        objectives: dict[int, list[str]] = {}
        for person_id, text in connection.execute(
            "SELECT a.person_id, o.text FROM objective o JOIN plan p ON p.id = o.plan_id "
            "JOIN assessment a ON a.id = p.assessment_id"
        ):
            objectives.setdefault(int(person_id), []).append(str(text))
        signed = {
            int(row[0])
            for row in connection.execute("SELECT id FROM appraisal WHERE signed_at IS NOT NULL")
        }
    for client in report.clients:
        if client.role != "person":
            continue
        for key, value in client.ratings.items():
            if key in client.uncertain:
                continue
            if stored.get(key) != value:
                problems.append(f"{client.name}: {key} saved as {value}, stored {stored.get(key)}")
        assert client.person_id is not None
        mine = objectives.get(client.person_id, [])
        if sorted(mine) != sorted(client.objectives):
            lost = set(client.objectives) - set(mine)
            extra = len(mine) - len(set(mine))
            problems.append(f"{client.name}: objectives lost {sorted(lost)}, doubled {extra}")
        for record in client.signed:
            if record not in signed:
                problems.append(f"{client.name}: appraisal {record} signed but not stored")
    return problems
