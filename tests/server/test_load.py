"""Many clients at once on one server (loopback only): people rating, saving objectives
and signing, appraisers and a lead reading. No write a client saw succeed is lost, none
is stored twice, and no client meets an error (a deadlock included).

The full load (50 clients for 60 seconds, with the 95th-percentile write latency) is a
``make bench`` figure (tests/bench/bench_load.py); this is its shorter twin.
"""

from __future__ import annotations

import pytest

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
