"""The opening check compares the schema with what the migrations made: a library that
lost a table, a column or an index is refused at opening, never failing later."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ppf_app.cli.main import main as cli_main
from ppf_app.services import people
from ppf_app.services.library import DataFolderError, DataFolderProblem, open_library
from ppf_app.storage import checks, schema, sqlite


def _library(data_dir: Path) -> Path:
    with open_library(data_dir) as lib:
        people.add_person(lib, name="Asha Patel", professional_group="clinician")
    return data_dir / "library.sqlite3"


def _execute(database: Path, *statements: str) -> None:
    with sqlite3.connect(database) as connection:
        for statement in statements:
            connection.execute(statement)
    connection.close()


@pytest.mark.parametrize(
    ("spoil", "wording"),
    [
        (["DROP TABLE rating"], "the table rating is missing"),
        (["DROP TABLE appraisal"], "the table appraisal is missing"),
        (
            ["ALTER TABLE rating DROP COLUMN evidence"],
            "the table rating lacks the columns evidence",
        ),
        (["DROP INDEX ix_person_uid"], "the indexes ix_person_uid are missing"),
    ],
    ids=["rating-table", "appraisal-table", "column", "index"],
)
def test_a_library_missing_part_of_its_schema_is_refused_at_opening(
    data_dir: Path, capsys: pytest.CaptureFixture[str], spoil: list[str], wording: str
):
    database = _library(data_dir)
    _execute(database, *spoil)
    before = database.read_bytes()
    with pytest.raises(DataFolderError) as caught:
        open_library(data_dir)
    assert caught.value.kind is DataFolderProblem.DAMAGED
    assert "its schema is not what this version's migrations make" in str(caught.value)
    assert wording in str(caught.value)
    assert database.read_bytes() == before
    # The command that used to fail with exit 1 later is refused with exit 2 up front.
    assert cli_main(["--data-dir", str(data_dir), "--wait", "0", "assess", "list",
                     "--person", "1"]) == 2  # fmt: skip
    assert wording in capsys.readouterr().err


def test_an_intact_library_has_nothing_missing(data_dir: Path):
    facts = checks.check_database_file(_library(data_dir), data_dir / "backups")
    assert facts is not None
    assert checks.schema_lacks(facts, schema.SCHEMA_VERSION) == []


@pytest.mark.parametrize("revision", schema.REVISIONS)
def test_tables_since_keeps_in_step_with_the_migrations(tmp_path: Path, revision: str):
    """Each revision made by the migrations has exactly the tables TABLES_SINCE says."""
    path = tmp_path / "built.sqlite3"
    engine = sqlite.make_engine(path, for_migrations=True)
    try:
        schema.upgrade(engine, revision)
    finally:
        engine.dispose()
    number = schema.schema_number(revision)
    assert number is not None
    with sqlite3.connect(path) as connection:
        tables = {
            str(row[0])
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        }
    connection.close()
    since = checks.TABLES_SINCE
    assert tables == {table for table, first in since.items() if first <= number}
    assert set(checks.expected_schema()) == set(since)
    assert checks.schema_lacks(sqlite.inspect_library(path), number) == []
