"""Everything SQLite-specific: the URL, pragmas on every connection, file permissions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

from ppf_app.core.paths import make_private_file

#: "PPF1" as a 32-bit integer: marks a database file as this product's.
APPLICATION_ID = 0x50504631


def url_for(path: Path) -> str:
    return f"sqlite:///{path}"


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
    finally:
        cursor.close()


def configure_engine(engine: Engine) -> None:
    event.listen(engine, "connect", _on_connect)


def secure_files(database: Path) -> None:
    """Owner-only permissions on the database and its WAL companions."""
    for suffix in ("", "-wal", "-shm"):
        make_private_file(Path(f"{database}{suffix}"))
