"""The row rules find a record's assessment, and the login's own rows, by their keys: on a
database of 1,000 people with 3 assessments each, the statements of a rating change and
of an assessment's page read no table from end to end, as a person or as an appraiser, so
their cost does not grow with the organisation.

What each login may read and write is checked in :mod:`tests.server.test_server_access`;
here only how PostgreSQL plans to find it (``EXPLAIN``, nothing run; for the autosave's
own server function, the plans of the statements inside it, run and rolled back).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
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
    values = server_scale.statement_values(login)
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


@pytest.mark.parametrize("who", ["person", "appraiser"])
def test_the_autosave_function_reads_no_whole_table(
    scale: server_scale.ScaleDatabase, who: str
) -> None:
    """``ppf_set_rating`` runs its own statements (as the tables' owner): their plans,
    once the server keeps one for every call (after the first five), look every row up
    by a key. A login compared in the wrong collation read the whole ``ppf_access``
    table on every change."""
    login = scale.person if who == "person" else scale.appraiser
    values = server_scale.statement_values(login)
    plans: list[str] = []
    with psycopg.connect(
        scale.cluster.superuser_conninfo(scale.database), autocommit=True
    ) as connection:
        connection.add_notice_handler(lambda notice: plans.append(notice.message_primary or ""))
        try:
            connection.execute("LOAD 'auto_explain'")
        except psycopg.Error as why:
            pytest.skip(f"PostgreSQL's auto_explain module is not installed: {why}")
        for name, value in (
            ("log_min_duration", "0"),
            ("log_nested_statements", "on"),
            ("log_format", "json"),
            ("log_level", "notice"),
        ):
            connection.execute(f"SET auto_explain.{name} = '{value}'")
        # the login's own session, as the app's: the function acts for it
        connection.execute(f'SET SESSION AUTHORIZATION "{login.name}"')
        connection.execute("BEGIN")
        for _ in range(8):
            plans.clear()
            row = connection.execute(server_scale.CHANGE, values).fetchone()  # type: ignore[arg-type]
            assert row is not None  # written
        connection.execute("ROLLBACK")
    nested = [p for p in plans if '"Query Text": "UPDATE assessment' in p]
    assert len(nested) == 1, plans
    scanned = sorted(
        f"{node.get('Relation Name')} ({node.get('Alias')})"
        for text in plans
        for node in _nodes(json.loads(text[text.index("{") :])["Plan"])
        if node["Node Type"] == "Seq Scan"
    )
    assert scanned == [], f"the autosave as the {who} reads whole tables: {scanned}"
