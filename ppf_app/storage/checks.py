"""The checks a database file passes before anything opens it for writing.

They read the file without changing a byte of it. A file that fails is refused with a
:class:`DataFolderError` that says what is wrong, what to do, and names the newest good
backup.
"""

from __future__ import annotations

import dataclasses
import os
import stat
from pathlib import Path

from sqlmodel import SQLModel

from ppf_app.storage import backups, check_state, schema, sqlite
from ppf_app.storage.errors import DataFolderError, DataFolderProblem

_TODO = {
    DataFolderProblem.EMPTY: (
        "The file may have been overwritten or cut off. Restore a backup, or move the file "
        "out of the data folder to start an empty library."
    ),
    DataFolderProblem.NOT_SQLITE: (
        "Move this file out of the data folder, or choose another data folder with "
        "--data-dir. Nothing was changed."
    ),
    DataFolderProblem.NOT_OURS: (
        "Move this file out of the data folder, or choose another data folder with "
        "--data-dir. Nothing was changed."
    ),
    DataFolderProblem.NEWER: (
        "Open it with that newer version of PPF Self-Assessment, or choose another data "
        "folder with --data-dir. Nothing was changed."
    ),
    DataFolderProblem.DAMAGED: (
        "Restore a backup ('ppf backup list', then 'ppf backup restore NAME'); the damaged "
        "file is kept aside. Nothing was changed."
    ),
    DataFolderProblem.UNREADABLE: (
        "Check that the file and its folder belong to you and can be read. Nothing was changed."
    ),
    DataFolderProblem.READ_ONLY: (
        "Nothing can be saved in a read-only library, so it was not opened, and its "
        "permissions were left as they are. Make it writable again if that was not meant "
        "(for example 'chmod u+w FILE'), or choose another data folder with --data-dir."
    ),
}

_HEADLINE = {
    DataFolderProblem.EMPTY: "is empty",
    DataFolderProblem.NOT_SQLITE: "is not a database",
    DataFolderProblem.NOT_OURS: "is not a PPF Self-Assessment library",
    DataFolderProblem.NEWER: "was made by a newer version of PPF Self-Assessment",
    DataFolderProblem.DAMAGED: "is damaged",
    DataFolderProblem.UNREADABLE: "cannot be read",
    DataFolderProblem.READ_ONLY: "is read-only",
}


def refusal(
    kind: DataFolderProblem, database: Path, detail: str, backups_dir: Path
) -> DataFolderError:
    """The error for a refused file, naming the newest good backup in ``backups_dir``."""
    what = f"The library database {database} {_HEADLINE[kind]}: {detail}."
    newest = None if kind is DataFolderProblem.READ_ONLY else backups.newest_good(backups_dir)
    lacks = backups.what_backup_lacks(database, newest) if newest is not None else None
    return DataFolderError(kind, database, what, _TODO[kind], newest, lacks)


def _foreign(database: Path, application_id: int) -> sqlite.FileProblem:
    if application_id != 0:
        detail = f"it belongs to another application (application id {application_id:#x})"
        return sqlite.FileProblem(DataFolderProblem.NOT_OURS, detail)
    tables = sqlite.table_names(database)
    if not tables:
        detail = "it is an SQLite database without the mark of this product, and holds no tables"
    elif tables >= sqlite.LIBRARY_TABLES:
        detail = "it has tables like a library's but lacks this product's mark"
    else:
        shown = ", ".join(sorted(tables)[:5])
        detail = f"it is another application's SQLite database (tables: {shown})"
    return sqlite.FileProblem(DataFolderProblem.NOT_OURS, detail)


def _newer(number: int | str) -> sqlite.FileProblem:
    detail = (
        f"its schema is version {number}, and this version of the product knows up to "
        f"version {schema.SCHEMA_VERSION}"
    )
    return sqlite.FileProblem(DataFolderProblem.NEWER, detail)


def inspect(database: Path) -> sqlite.FileFacts:
    """The facts of a library file, or the :class:`sqlite.FileProblem` that refuses it.

    SQLite's check of every page is left out for a file unchanged since it last passed
    these checks (:mod:`ppf_app.storage.check_state`). When it is made on a file nobody
    has open and passes, ``passed_check`` holds the facts to record once the file is
    taken (nothing is written here).
    """
    if database.is_dir():
        raise sqlite.FileProblem(DataFolderProblem.NOT_SQLITE, "it is a folder")
    application_id, user_version = sqlite.read_header(database)
    special = sqlite.special_companions(database)
    if special:
        raise sqlite.FileProblem(
            DataFolderProblem.UNREADABLE,
            "its companion " + "; ".join(special) + " (move it out of the data folder)",
        )
    if application_id != sqlite.APPLICATION_ID:
        raise _foreign(database, application_id)
    if user_version > schema.SCHEMA_VERSION:
        raise _newer(user_version)
    before = check_state.file_facts(database)
    checked_before = check_state.unchanged(database, before)
    facts = sqlite.inspect_library(database, quick_check=not checked_before)
    if facts.revision is None:
        raise sqlite.FileProblem(
            DataFolderProblem.DAMAGED, "it has lost the record of its schema version"
        )
    number = schema.schema_number(facts.revision)
    if number is None:
        raise _newer(f"{facts.revision!r}")
    if number != user_version:
        raise sqlite.FileProblem(
            DataFolderProblem.DAMAGED,
            f"its two records of the schema version disagree ({user_version} and {number})",
        )
    lacking = schema_lacks(facts, number)
    if lacking:
        raise sqlite.FileProblem(
            DataFolderProblem.DAMAGED,
            "its schema is not what this version's migrations make: "
            + "; ".join(lacking[:5])
            + (f" (and {len(lacking) - 5} more)" if len(lacking) > 5 else ""),
        )
    if before is not None and not checked_before:
        return dataclasses.replace(facts, passed_check=tuple(before))
    return facts


#: The schema number that created each table (tables are never dropped by a migration).
TABLES_SINCE = {
    "alembic_version": 1,
    "framework_snapshot": 1,
    "person": 1,
    "assessment": 1,
    "rating": 1,
    "plan": 2,
    "objective": 2,
    "appraisal": 3,
    "prompt_answer": 5,
    "appraisal_signature": 6,
    "known_key": 6,
    "learning_pair": 7,
    "pair_meeting": 7,
    "pair_shadowing": 7,
    "appraisal_countersignature": 8,
}


def expected_schema() -> dict[str, frozenset[str]]:
    """The tables and columns the migrations make at the newest schema (the models')."""
    expected = {
        table.name: frozenset(column.name for column in table.columns)
        for table in SQLModel.metadata.sorted_tables
    }
    expected["alembic_version"] = frozenset({"version_num"})
    return expected


def expected_indexes() -> frozenset[str]:
    """The named indexes at the newest schema."""
    return frozenset(
        str(index.name)
        for table in SQLModel.metadata.sorted_tables
        for index in table.indexes
        if index.name
    )


def schema_lacks(facts: sqlite.FileFacts, number: int) -> list[str]:
    """What a library at schema ``number`` lacks of what its migrations made.

    At the newest schema: every table, column and named index of the models. At an
    older one (about to be upgraded): the tables that schema had; the migrations check
    the rest as they run.
    """
    lacking = []
    expected = expected_schema()
    for table in sorted(expected, key=lambda name: (TABLES_SINCE.get(name, 0), name)):
        if TABLES_SINCE.get(table, schema.SCHEMA_VERSION) > number:
            continue
        if table not in facts.tables:
            lacking.append(f"the table {table} is missing")
        elif number == schema.SCHEMA_VERSION and facts.columns:
            missing = sorted(expected[table] - facts.columns.get(table, frozenset()))
            if missing:
                lacking.append(f"the table {table} lacks the columns {', '.join(missing)}")
    if number == schema.SCHEMA_VERSION and facts.columns:
        missing_indexes = sorted(expected_indexes() - facts.indexes)
        if missing_indexes:
            lacking.append(f"the indexes {', '.join(missing_indexes)} are missing")
    return lacking


def check_database_file(database: Path, backups_dir: Path) -> sqlite.FileFacts | None:
    """Check an existing database file read-only; ``None`` when there is no file yet.

    Raises:
        DataFolderError: the file is empty, not SQLite, not ours, newer, damaged or
            unreadable.
    """
    if not database.exists() and not database.is_symlink():
        return None
    try:
        facts = inspect(database)
        _check_writable(database)
    except sqlite.FileProblem as problem:
        raise refusal(problem.kind, database, problem.what, backups_dir) from None
    return facts


def _check_writable(database: Path) -> None:
    """Refuse a database file (or its WAL) the user made read-only; never change its mode."""
    for path in (database, *sqlite.companions(database)[:1]):
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            continue
        if not mode & stat.S_IWUSR or not os.access(path, os.W_OK):
            detail = "its permissions allow no writing"
            if path != database:
                detail += f" (its companion {path.name} is read-only)"
            raise sqlite.FileProblem(DataFolderProblem.READ_ONLY, detail)
