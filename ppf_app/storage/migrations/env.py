"""Alembic environment for the library database.

The product runs migrations itself (``ppf_app.storage.schema``) and hands over an open
connection in ``config.attributes["connection"]``; ``sqlalchemy.url`` is used only when a
developer runs Alembic by hand, e.g. to autogenerate a new revision against a scratch file.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

from ppf_app.storage import models  # noqa: F401  (registers the tables)

config = context.config
target_metadata = SQLModel.metadata


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        # SQLite alters tables by copying them; batch mode does that for every change.
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as own_connection:
        _run(own_connection)
        own_connection.commit()


if context.is_offline_mode():
    raise SystemExit("The library database is migrated online only.")
run_migrations_online()
