"""The row rules find a record's assessment, and the login's own rows, by their keys: on a
database of 1,000 people with 3 assessments each, the statements of a rating change and
of an assessment's page read no table from end to end, as a person or as an appraiser, so
their cost does not grow with the organisation.

What each login may read and write is checked in :mod:`tests.server.test_server_access`;
here only how PostgreSQL plans to find it (``EXPLAIN``, nothing run).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import psycopg
import pytest

from tests.bench import server_scale
from tests.server.conftest import Cluster

#: What the autosave (``ppf_set_rating`` runs the same statements) and an assessment's
#: page ask of the server.
STATEMENTS: dict[str, str] = {
    "stamp the assessment": (
        "UPDATE assessment SET updated_at = %(now)s WHERE id = %(assessment)s RETURNING *"
    ),
    "change a rating": (
        "UPDATE rating AS r SET level = %(level)s, updated_at = %(now)s "
        "WHERE r.assessment_id = %(assessment)s AND r.behaviour_id = %(behaviour)s "
        "RETURNING r.level"
    ),
    "write a rating": (
        "INSERT INTO rating AS r (assessment_id, behaviour_id, level, not_applicable, "
        "evidence, updated_at) VALUES (%(assessment)s, %(behaviour)s, %(level)s, false, '', "
        "%(now)s) ON CONFLICT (assessment_id, behaviour_id) DO UPDATE SET "
        "level = excluded.level, updated_at = excluded.updated_at RETURNING r.id"
    ),
    "count the answers": (
        "SELECT count(*) FROM rating WHERE assessment_id = %(assessment)s "
        "AND (level IS NOT NULL OR not_applicable)"
    ),
    "read the ratings": "SELECT * FROM rating WHERE assessment_id = %(assessment)s ORDER BY id",
    "read the plan": "SELECT * FROM plan WHERE assessment_id = %(assessment)s",
    "read its appraisals": "SELECT * FROM appraisal WHERE self_assessment_id = %(assessment)s",
}


@pytest.fixture(scope="module")
def scale(pg_cluster: Cluster) -> Iterator[server_scale.ScaleDatabase]:
    yield server_scale.populate(pg_cluster, people=1000)


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


@pytest.mark.parametrize("statement", sorted(STATEMENTS))
@pytest.mark.parametrize("who", ["person", "appraiser"])
def test_a_change_and_a_page_read_no_whole_table(
    scale: server_scale.ScaleDatabase, who: str, statement: str
) -> None:
    login = scale.person if who == "person" else scale.appraiser
    values = {
        "assessment": login.assessment,
        "behaviour": login.behaviour,
        "level": login.level,
        "now": datetime.now(UTC).replace(tzinfo=None),
    }
    with psycopg.connect(scale.conninfo(login.name)) as connection:
        row = connection.execute(
            "EXPLAIN (FORMAT JSON) " + STATEMENTS[statement],  # type: ignore[arg-type]
            values,
        ).fetchone()
        connection.rollback()
    assert row is not None
    plan = row[0][0]["Plan"]
    scanned = sorted(
        f"{node.get('Relation Name')} ({node.get('Alias')})"
        for node in _nodes(plan)
        if node["Node Type"] == "Seq Scan"
    )
    assert scanned == [], f"{statement} as the {who} reads whole tables: {scanned}"
