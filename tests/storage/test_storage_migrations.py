"""Alembic migrations: in step with the models, and no row lost on the way to head."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

from ppf_app.core.paths import DataPaths
from ppf_app.storage import schema, sqlite
from ppf_app.storage.database import open_database

# Rows for every table as it is at each revision, written with plain SQL so that they do
# not depend on today's models. A new revision adds its own entry.
ROWS_AT: dict[str, dict[str, list[dict[str, object]]]] = {
    "0001": {
        "person": [
            {
                "id": 1,
                "uid": "u-p1",
                "name": "Ada Lovelace",
                "professional_group": "clinician",
                "job_title": "Registrar",
                "organisation": "St Elsewhere",
                "created_at": "2026-01-02 09:00:00.000000",
                "updated_at": "2026-01-02 09:00:00.000000",
            },
            {
                "id": 2,
                "uid": "u-p2",
                "name": "Zoë Ó Briain",
                "professional_group": "manager",
                "job_title": "",
                "organisation": "",
                "created_at": "2026-01-03 09:00:00.000000",
                "updated_at": "2026-01-03 09:00:00.000000",
            },
        ],
        "assessment": [
            {
                "id": 1,
                "uid": "u-a1",
                "person_id": 1,
                "framework_id": "ppf",
                "framework_version": "1",
                "kind": "self",
                "assessed_on": "2026-01-04",
                "status": "complete",
                "created_at": "2026-01-04 10:00:00.000000",
                "updated_at": "2026-01-04 11:00:00.000000",
                "completed_at": "2026-01-04 11:00:00.000000",
            },
            {
                "id": 2,
                "uid": "u-a2",
                "person_id": 2,
                "framework_id": "ppf",
                "framework_version": "1",
                "kind": "appraiser",
                "assessed_on": "2026-02-01",
                "status": "draft",
                "created_at": "2026-02-01 10:00:00.000000",
                "updated_at": "2026-02-01 10:00:00.000000",
                "completed_at": None,
            },
        ],
        "rating": [
            {
                "id": n,
                "assessment_id": 1 + n % 2,
                "behaviour_id": f"b{n}",
                "level": n % 5,
                "evidence": f"evidence {n} ✓",
                "updated_at": "2026-01-04 10:30:00.000000",
            }
            for n in range(1, 21)
        ],
        "framework_snapshot": [
            {
                "id": 1,
                "framework_id": "ppf",
                "version": "1",
                "sha256": "0" * 64,
                "content": '{"format": 1}',
                "stored_at": "2026-01-04 10:00:00.000000",
            },
        ],
    },
}
ROWS_AT["0002"] = {
    **ROWS_AT["0001"],
    "plan": [
        {
            "id": 1,
            "uid": "u-plan1",
            "assessment_id": 1,
            "review_date": "2026-07-01",
            "created_at": "2026-01-05 09:00:00.000000",
            "updated_at": "2026-01-05 09:00:00.000000",
        },
    ],
    "objective": [
        {
            "id": n,
            "uid": f"u-o{n}",
            "plan_id": 1,
            "position": n - 1,
            "text": f"Objective {n} ✓",
            "behaviour_ids": '["b1", "b2"]',
            "activity": "Shadowing",
            "support": "",
            "success_measure": "Seen in practice",
            "target_date": "2026-06-01" if n == 1 else None,
            "status": "in_progress",
            "carried_from_uid": None,
            "reflection": "",
        }
        for n in range(1, 4)
    ],
}

ROWS_AT["0003"] = {
    **ROWS_AT["0002"],
    "appraisal": [
        {
            "id": 1,
            "assessment_id": 2,
            "reviews_uid": "u-a1",
            "rated_by": "Grace Hopper",
            "replaces_uid": "",
            "signed_at": "2026-02-02 09:00:00.000000",
            "signed_by_appraisee": "Zoë Ó Briain",
            "signed_by_appraiser": "Grace Hopper",
        },
    ],
}


ROWS_AT["0004"] = {
    **{table: rows for table, rows in ROWS_AT["0003"].items() if table != "appraisal"},
    "appraisal": [
        {
            "id": 1,
            "uid": "u-r1",
            "person_id": 1,
            "self_assessment_id": 1,
            "appraiser_assessment_id": None,
            "agreed_assessment_id": None,
            "appraiser_name": "Grace Hopper",
            "held_on": "2026-02-02",
            "replaces_uid": "",
            "signed_at": None,
            "signed_by_appraisee": "",
            "signed_by_appraiser": "",
            "signed_profile": "",
            "created_at": "2026-02-02 09:00:00.000000",
            "updated_at": "2026-02-02 09:00:00.000000",
        },
    ],
}

ROWS_AT["0005"] = {
    **ROWS_AT["0004"],
    "prompt_answer": [
        {
            "id": 1,
            "assessment_id": 1,
            "prompt_id": "career",
            "text": "Lead a service in three years ✓",
            "updated_at": "2026-02-03 09:00:00.000000",
        },
    ],
}

ROWS_AT["0006"] = {
    **ROWS_AT["0005"],
    "known_key": [
        {
            "id": 1,
            "person_uid": "u-p1",
            "public_key": "k" * 44,
            "fingerprint": "f" * 64,
            "trusted_at": "2026-02-04 09:00:00.000000",
        },
    ],
}

ROWS_AT["0007"] = {
    **ROWS_AT["0006"],
    "learning_pair": [
        {
            "id": 1,
            "uid": "u-lp1",
            "framework_id": "ppf",
            "left_person_id": 1,
            "right_person_id": 2,
            "left_group": "clinician",
            "right_group": "manager",
            "score": 7,
            "left_targets": '["b1", "b3"]',
            "right_targets": '["b2"]',
            "left_objectives": '["u-o1", "u-o2"]',
            "right_objectives": "[]",
            "left_before_id": 1,
            "right_before_id": 2,
            "left_after_id": None,
            "right_after_id": None,
            "start_on": "2026-03-01",
            "months": 9,
            "agreed_on": "2026-03-02",
            "ended_on": None,
            "project_title": "Discharge before noon ✓",
            "project_aim": "Half of discharges before noon",
            "project_measure": "Weekly share of discharges before noon",
            "project_presented_on": None,
            "created_at": "2026-03-01 09:00:00.000000",
            "updated_at": "2026-03-01 09:00:00.000000",
        },
    ],
    "pair_meeting": [
        {
            "id": n,
            "pair_id": 1,
            "held_on": f"2026-0{n + 2}-10",
            "note": f"Meeting {n} ✓",
            "created_at": "2026-03-10 09:00:00.000000",
        }
        for n in range(1, 4)
    ],
    "pair_shadowing": [
        {
            "id": 1,
            "pair_id": 1,
            "held_on": "2026-04-02",
            "shadow_person_id": 1,
            "place": "Bed meeting",
            "learned": "How the day's beds are found",
            "created_at": "2026-04-02 09:00:00.000000",
        },
    ],
}

ROWS_AT["0008"] = {
    **ROWS_AT["0007"],
    "appraisal_countersignature": [
        {
            "id": 1,
            "appraisal_id": 1,
            "role": "appraiser",
            "signer": "Grace Hopper",
            "public_key": "k" * 44,
            "fingerprint": "G" * 20,
            "signature": "s" * 88,
            "content_sha256": "c" * 64,
            "signed_at": "2026-04-03 09:00:00.000000",
        },
    ],
}

#: Tables a later revision rebuilds into another shape (revision -> tables): their rows
#: are compared by the test of that revision, not column by column here.
RESHAPED_AFTER: dict[str, set[str]] = {"0003": {"appraisal"}}


def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(schema.alembic_config())


def test_revision_constants_match_the_scripts():
    script = _script()
    oldest_first = [rev.revision for rev in reversed(list(script.walk_revisions()))]
    assert tuple(oldest_first) == schema.REVISIONS
    assert script.get_current_head() == schema.HEAD_REVISION
    assert len(oldest_first) == schema.SCHEMA_VERSION


def test_every_revision_has_sample_rows():
    assert set(ROWS_AT) == set(schema.REVISIONS)


def _build_at(path: Path, revision: str) -> None:
    engine = sqlite.make_engine(path, for_migrations=True)
    try:
        schema.upgrade(engine, revision)
    finally:
        engine.dispose()


def _insert(path: Path, rows: dict[str, list[dict[str, object]]]) -> None:
    with sqlite3.connect(path) as connection:
        for table, table_rows in rows.items():  # parents before children
            for row in table_rows:
                columns = ", ".join(row)
                marks = ", ".join("?" for _ in row)
                connection.execute(
                    f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(row.values())
                )
    connection.close()


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name != 'alembic_version'"
            )
        ]
        dump = {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
            for table in tables
        }
    connection.close()
    return dump


@pytest.mark.parametrize("revision", schema.REVISIONS)
def test_upgrade_from_every_revision_keeps_every_row(tmp_path: Path, revision: str):
    data = DataPaths(tmp_path / "library")
    data.ensure()
    _build_at(data.database, revision)
    _insert(data.database, ROWS_AT[revision])
    with sqlite3.connect(data.database) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == (
            schema.REVISIONS.index(revision) + 1
        )
    connection.close()
    before = _dump(data.database)

    db = open_database(data)  # the real start-up path: checks, backup, migrations
    db.close(backup=False)

    after = _dump(data.database)
    reshaped = set().union(*(tables for at, tables in RESHAPED_AFTER.items() if at >= revision))
    for table, rows in ROWS_AT[revision].items():
        if table in reshaped:
            continue
        assert len(after[table]) == len(rows), table
        # Columns kept from the older revision keep their values.
        assert [row[: len(before[table][0])] for row in after[table]] == before[table]
    with sqlite3.connect(data.database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
            schema.HEAD_REVISION
        )
        assert connection.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    connection.close()


def test_migrations_build_the_schema_of_the_models(tmp_path: Path):
    path = tmp_path / "migrated.sqlite3"
    _build_at(path, "head")
    engine = sqlite.make_engine(path)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "render_as_batch": True}
            )
            differences = compare_metadata(context, SQLModel.metadata)
    finally:
        engine.dispose()
    assert differences == []


def test_created_and_migrated_databases_have_the_same_tables_and_indexes(tmp_path: Path):
    migrated = tmp_path / "migrated.sqlite3"
    _build_at(migrated, "head")
    created = DataPaths(tmp_path / "created")
    open_database(created).close(backup=False)

    def shape(path: Path) -> set[tuple[str, str]]:
        with sqlite3.connect(path) as connection:
            rows = connection.execute(
                "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            ).fetchall()
        connection.close()
        return set(rows)

    assert shape(migrated) == shape(created.database)


NEXT_REVISION = '''"""A later schema for this test: person.nickname, the person table rebuilt."""

import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("person", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("nickname", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("person", recreate="always") as batch_op:
        batch_op.drop_column("nickname")
'''


def test_upgrade_at_opening_backs_up_first_and_keeps_child_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A parent table rebuilt by a batch migration must not cascade-delete its children.

    The scripts are the product's own plus one later revision in a scratch folder, so
    that the real start-up path meets a database one revision behind.
    """
    data = DataPaths(tmp_path / "library")
    data.ensure()
    head = schema.HEAD_REVISION
    number = schema.SCHEMA_VERSION
    _build_at(data.database, head)
    _insert(data.database, ROWS_AT[head])
    before = _dump(data.database)

    scripts = tmp_path / "migrations"
    shutil.copytree(schema.MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9999_nickname.py").write_text(NEXT_REVISION.replace("{head}", head))
    monkeypatch.setattr(schema, "MIGRATIONS_DIR", scripts)
    monkeypatch.setattr(schema, "REVISIONS", (*schema.REVISIONS, "9999"))
    monkeypatch.setattr(schema, "HEAD_REVISION", "9999")
    monkeypatch.setattr(schema, "SCHEMA_VERSION", number + 1)

    db = open_database(data)
    db.close(backup=False)

    after = _dump(data.database)
    assert {t: len(rows) for t, rows in after.items()} == {
        t: len(rows) for t, rows in before.items()
    }
    assert [row[:-1] for row in after["person"]] == before["person"]
    assert all(row[-1] is None for row in after["person"])
    for table in set(before) - {"person"}:
        assert after[table] == before[table], table
    with sqlite3.connect(data.database) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == number + 1
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    connection.close()
    # The copy taken before the upgrade holds the data as they were, at the old head.
    (kept,) = list(data.backups.glob("library-*-before-upgrade.sqlite3"))
    assert _dump(kept) == before
    with sqlite3.connect(kept) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == number
    connection.close()
