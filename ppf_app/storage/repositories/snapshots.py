"""The stored copies of the framework files assessments were made with."""

from __future__ import annotations

from sqlalchemy import Table
from sqlmodel import Session, select

from ppf_app.core.errors import UserError
from ppf_app.storage.models import FrameworkSnapshot
from ppf_app.storage.repositories.clock import now


def get(framework_id: str, version: str, *, session: Session) -> FrameworkSnapshot | None:
    statement = select(FrameworkSnapshot).where(
        FrameworkSnapshot.framework_id == framework_id, FrameworkSnapshot.version == version
    )
    return session.exec(statement).first()


def add(
    framework_id: str, version: str, *, sha256: str, content: str, session: Session
) -> FrameworkSnapshot:
    """Keep a framework's text, unless the same id and version is kept already.

    Many people may start their first assessment on a new framework at the same moment
    on a server: the first insert wins and the others take its row (it waits for the
    first to commit) instead of failing on the unique key.

    Raises:
        UserError: a different text of that id and version was stored meanwhile.
    """
    table: Table = FrameworkSnapshot.__table__  # type: ignore[attr-defined]
    row = {
        "framework_id": framework_id,
        "version": version,
        "sha256": sha256,
        "content": content,
        "stored_at": now(),
    }
    keys = ["framework_id", "version"]
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        session.execute(
            postgresql.insert(table).values(row).on_conflict_do_nothing(index_elements=keys)
        )
    else:
        from sqlalchemy.dialects import sqlite

        session.execute(
            sqlite.insert(table).values(row).on_conflict_do_nothing(index_elements=keys)
        )
    stored = get(framework_id, version, session=session)
    assert stored is not None
    if stored.sha256 != sha256:
        raise UserError(
            f"framework {framework_id}@{version}: another text of this id and version was "
            "stored meanwhile; a framework's id and version must name one text"
        )
    return stored
