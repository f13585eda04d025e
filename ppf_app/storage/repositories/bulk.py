"""Writing many rows at once: people, assessments and ratings by the thousand.

For building large libraries (test data, benchmarks), where one transaction per rating
would take hours. The rows are plain mappings of column name to value, already checked
by the caller; each function runs one multi-row ``INSERT`` inside the caller's
transaction, so a failure part-way leaves nothing behind once the caller rolls back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Table, insert
from sqlmodel import Session

from ppf_app.storage.models import Assessment, Person, Rating

Row = Mapping[str, Any]


def _table(model: type[Any]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _insert_returning_ids(table: Table, rows: Sequence[Row], *, session: Session) -> list[int]:
    if not rows:
        return []
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    result = session.connection().execute(statement, list(rows))
    return [int(row[0]) for row in result]


def insert_people(rows: Sequence[Row], *, session: Session) -> list[int]:
    """Insert people; their new ids, in the order of ``rows``."""
    return _insert_returning_ids(_table(Person), rows, session=session)


def insert_assessments(rows: Sequence[Row], *, session: Session) -> list[int]:
    """Insert assessments; their new ids, in the order of ``rows``."""
    return _insert_returning_ids(_table(Assessment), rows, session=session)


def insert_ratings(rows: Sequence[Row], *, session: Session) -> int:
    """Insert ratings; how many were inserted.

    Ratings come by the hundred thousand, so they skip the per-row work of an ORM or
    Core insert: one prepared statement run over plain tuples, with the time stamps
    stored exactly as the ``updated_at`` column type stores them.
    """
    if not rows:
        return 0
    connection = session.connection()
    table = _table(Rating)
    names = ("assessment_id", "behaviour_id", "level", "evidence", "updated_at")
    column_type = table.c.updated_at.type.dialect_impl(connection.dialect)
    stamp = column_type.bind_processor(connection.dialect)
    as_stored: Callable[[Any], Any] = stamp if stamp is not None else (lambda value: value)
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"  # SQLite; psycopg
    statement = (
        f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join([mark] * len(names))})"
    )
    values = [
        (
            row["assessment_id"],
            row["behaviour_id"],
            row["level"],
            row.get("evidence", ""),
            as_stored(row["updated_at"]),
        )
        for row in rows
    ]
    connection.exec_driver_sql(statement, values)
    return len(values)
