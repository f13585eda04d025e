"""The plan tables: added by migration 0002 without touching older rows, in step with the
models, one plan per assessment, and gone with their assessment."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from ppf_app.core.paths import DataPaths
from ppf_app.services import plans
from ppf_app.services.library import open_library
from ppf_app.storage import schema, sqlite
from ppf_app.storage.database import open_database
from tests.storage.test_storage_migrations import ROWS_AT, _build_at, _dump, _insert


def test_0002_follows_0001() -> None:
    assert schema.REVISIONS[:2] == ("0001", "0002")


def test_a_0001_library_with_rows_upgrades_with_every_row_and_empty_plan_tables(
    tmp_path: Path,
) -> None:
    data = DataPaths(tmp_path / "library")
    data.ensure()
    _build_at(data.database, "0001")
    _insert(data.database, ROWS_AT["0001"])
    before = _dump(data.database)
    assert "plan" not in before and "objective" not in before

    open_database(data).close(backup=False)

    after = _dump(data.database)
    for table, rows in before.items():
        assert [row[: len(rows[0])] for row in after[table]] == rows, table
    assert after["plan"] == [] and after["objective"] == []
    with sqlite3.connect(data.database) as connection:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        indexes = {
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN "
                "('plan', 'objective')"
            )
        }
    connection.close()
    assert {"ix_plan_assessment_id", "ix_plan_uid", "ix_objective_plan_id"} <= indexes

    # The upgraded library takes plans for its old assessments.
    with open_library(data.root) as lib:
        plan = plans.set_review_date(lib, 1, date(2026, 9, 1))
        assert plan.uid is not None and plans.get_plan(lib, 1).review_date == date(2026, 9, 1)


def test_the_plan_tables_match_the_models_at_head(tmp_path: Path) -> None:
    path = tmp_path / "migrated.sqlite3"
    _build_at(path, "head")
    engine = sqlite.make_engine(path)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "render_as_batch": True}
            )
            assert compare_metadata(context, SQLModel.metadata) == []
    finally:
        engine.dispose()


def test_one_plan_per_assessment_and_deleting_the_person_deletes_the_plan(
    tmp_path: Path,
) -> None:
    data = DataPaths(tmp_path / "library")
    data.ensure()
    _build_at(data.database, "0002")
    _insert(data.database, ROWS_AT["0002"])
    with sqlite3.connect(data.database) as connection:
        connection.execute("PRAGMA foreign_keys = ON")
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
            connection.execute(
                "INSERT INTO plan (uid, assessment_id, created_at, updated_at) "
                "VALUES ('another', 1, '2026-01-01', '2026-01-01')"
            )
        connection.execute("DELETE FROM person WHERE id = 1")
        assert connection.execute("SELECT count(*) FROM plan").fetchone()[0] == 0
        assert connection.execute("SELECT count(*) FROM objective").fetchone()[0] == 0
    connection.close()
