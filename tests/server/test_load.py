"""Many clients at once on one server (loopback only): people rating, saving objectives
and signing, appraisers and a lead reading. No write a client saw succeed is lost, none
is stored twice, and no client meets an error (a deadlock included).

The full load (50 clients for 60 seconds, with the 95th-percentile write latency) is a
``make bench`` figure (tests/bench/bench_server.py); this is its shorter twin.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from ppf_app.services import people
from ppf_app.services.library import open_library
from ppf_app.services.server import ServerError, ServerProblem
from ppf_app.storage import server
from ppf_app.ui.offline import is_unreachable
from tests.server import load
from tests.server.conftest import Cluster

pytestmark = pytest.mark.slow


def test_concurrent_people_appraisers_and_a_lead_lose_and_double_nothing(
    pg_cluster: Cluster,
) -> None:
    org = load.prepare(pg_cluster, people_count=20, appraisers=4, leads=1)
    report = load.run(org, seconds=12, pause=(0.05, 0.2))
    problems = load.verify(org, report)
    assert problems == []
    people = [c for c in report.clients if c.role == "person"]
    assert all(c.ratings for c in people)  # every client did its work
    assert sum(len(c.signed) for c in people) == len(people)  # each signed once
    assert all(c.operations for c in report.clients if c.role != "person")
    assert len(report.writes) > 500


def test_a_deadlock_is_one_clear_line_and_the_app_keeps_the_change(
    pg_cluster: Cluster, prepared: str
) -> None:
    """Two changes that wait for each other: the server stops one; the product says so in
    one line (nothing changed, try again), which the Rate page treats as "keep and retry"."""
    owner = pg_cluster.owner_url(prepared)
    with open_library(database_url=owner) as lib:
        a = people.add_person(lib, name="A", professional_group="manager").id
        b = people.add_person(lib, name="B", professional_group="manager").id
    engines = [server.make_engine(owner), server.make_engine(owner)]
    both_locked = threading.Barrier(2)
    caught: list[BaseException] = []

    def change(engine, first: int, second: int) -> None:  # type: ignore[no-untyped-def]
        try:
            with engine.begin() as connection:
                connection.execute(text("UPDATE person SET job_title = 'x' WHERE id = :i"),
                                   {"i": first})  # fmt: skip
                both_locked.wait(timeout=10)
                connection.execute(text("UPDATE person SET job_title = 'y' WHERE id = :i"),
                                   {"i": second})  # fmt: skip
        except BaseException as error:
            caught.append(error)

    threads = [
        threading.Thread(target=change, args=(engines[0], a, b)),
        threading.Thread(target=change, args=(engines[1], b, a)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for engine in engines:
        engine.dispose()
    assert len(caught) == 1, caught
    error = caught[0]
    assert isinstance(error, ServerError) and error.kind is ServerProblem.BUSY
    assert "deadlock" in str(error) and "try again" in str(error)
    assert is_unreachable(error)
