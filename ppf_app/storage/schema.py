"""The schema's version and the Alembic migrations that bring a database up to it.

Start-up compares the stored revision with :data:`HEAD_REVISION` first; Alembic is
imported only when a database is created or has to be upgraded. On SQLite the schema
number (the position of the revision in :data:`REVISIONS`, from 1) is also kept in
``PRAGMA user_version``, where it can be read from the file header before anything else.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine
from sqlmodel import SQLModel

from ppf_app.storage import (
    models,  # noqa: F401  (registers the tables)
    sqlite,
)

if TYPE_CHECKING:
    from alembic.config import Config

#: Every revision under ``migrations/versions``, oldest first. A test keeps it in step.
REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008")
HEAD_REVISION = REVISIONS[-1]
#: The schema number this version of the product writes.
SCHEMA_VERSION = len(REVISIONS)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class MigrationError(Exception):
    """A migration left the database inconsistent; it was rolled back."""


def schema_number(revision: str | None) -> int | None:
    """1 for the first revision, ...; ``None`` for a revision this version does not know."""
    if revision is None or revision not in REVISIONS:
        return None
    return REVISIONS.index(revision) + 1


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration for the packaged scripts (no alembic.ini needed)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _mark(connection: Connection, revision: str) -> None:
    if connection.dialect.name == "sqlite":
        number = schema_number(revision)
        assert number is not None
        sqlite.set_marks(connection, number)


def create_schema(engine: Engine) -> None:
    """Create every table in an empty database and stamp it at the head revision."""
    from alembic import command

    with engine.begin() as connection:
        SQLModel.metadata.create_all(connection)
        command.stamp(alembic_config(connection), HEAD_REVISION)
        _mark(connection, HEAD_REVISION)


def upgrade(engine: Engine, target: str = "head") -> None:
    """Run the migrations up to ``target`` in one transaction.

    Raises:
        MigrationError: the result breaks a foreign key (nothing is kept).
    """
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), target)
        revision = current_revision(connection)
        if revision is not None:
            _mark(connection, revision)
        if connection.dialect.name == "sqlite":
            broken = sqlite.foreign_key_violations(connection)
            if broken:
                raise MigrationError("rows lost their parent: " + ", ".join(broken[:5]))


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    context: Any = MigrationContext.configure(connection)
    revision = context.get_current_revision()
    return None if revision is None else str(revision)
