"""Opening the library database and handing out sessions.

The engine comes from a URL; everything SQLite-specific (pragmas, file checks, the
online backup API) lives in :mod:`ppf_app.storage.sqlite`, so that a server database
could be plugged in later without touching services.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session, SQLModel, create_engine

from ppf_app.core.paths import DataPaths
from ppf_app.storage import models  # noqa: F401  (registers the tables)
from ppf_app.storage import sqlite


@dataclass
class Database:
    """An open library database."""

    engine: Engine
    url: str

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose work is committed on success and rolled back on error."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()


def open_database(data: DataPaths) -> Database:
    """Open (creating when missing) the library database in a data folder."""
    data.ensure()
    url = sqlite.url_for(data.database)
    engine = create_engine(url)
    sqlite.configure_engine(engine)
    SQLModel.metadata.create_all(engine)
    sqlite.secure_files(data.database)
    return Database(engine=engine, url=url)
