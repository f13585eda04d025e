"""Everything PostgreSQL-specific about a library kept on a database server ("server mode").

An organisation keeps every person's records on one PostgreSQL database; ``ppf`` and
``ppf-app`` reach it with ``--database-url postgresql://SERVER/DATABASE`` (or
``PPF_DATABASE_URL``, or the system-wide settings file). The driver is psycopg 3.

The schema is made by the same Alembic migrations as a local SQLite library;
:mod:`ppf_app.storage.server_access` adds what only a server has (roles, row-level
security, the tables behind them). There is no writer lock and no backup folder here:
PostgreSQL serialises writers itself and is backed up with its own tools (``pg_dump``).

Every problem reaching the server (unreachable, login refused, database missing) or
using it (not prepared, prepared by another version, no role for this login, a refusal
of the server's access rules) is a :class:`ServerError`: one line, never a traceback.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    create_engine,
    event,
    func,
    select,
    text,
)
from sqlalchemy.engine import URL, Connection, ExceptionContext, make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError

from ppf_app.core.errors import UserError
from ppf_app.storage.models import signed_refusal

log = logging.getLogger(__name__)

#: URL schemes taken for PostgreSQL (``postgres://`` is the common short form).
POSTGRES_SCHEMES = frozenset({"postgresql", "postgres"})
#: The SQLAlchemy driver name every server URL is given (psycopg 3).
DRIVER = "postgresql+psycopg"
#: Seconds to wait for the server to answer before saying it cannot be reached.
CONNECT_TIMEOUT = 10
#: A pooled connection given back less than this many seconds ago is taken as it is; one
#: idle for longer is tried with a round trip first, and replaced when the server has
#: gone (a restart, a dropped network): so a burst of autosaves pays no extra round trip,
#: and a connection left idle is never used broken. One that breaks within the interval
#: fails its statement as unreachable, which the Rate page keeps and saves again.
PING_AFTER_IDLE = 5.0

#: What the server answers for a refusal of its access rules (SQLSTATE).
_INSUFFICIENT_PRIVILEGE = "42501"
#: A change the server stopped because it met another at the same moment (a deadlock, a
#: serialisation failure, a lock it could not take): nothing was changed; trying again
#: succeeds.
_COLLISIONS = {"40P01": "a deadlock", "40001": "a serialisation failure",
               "55P03": "a lock held elsewhere"}  # fmt: skip


class ServerProblem(StrEnum):
    """Why a server database was refused; the message says it in words."""

    BAD_URL = "bad-url"
    UNREACHABLE = "unreachable"
    NOT_PREPARED = "not-prepared"
    OLDER = "older"
    NEWER = "newer"
    NO_ROLE = "no-role"
    REFUSED = "refused"
    BUSY = "busy"


class ServerError(UserError):
    """The database server cannot be used as asked; nothing was changed.

    Attributes:
        kind: what is wrong (a :class:`ServerProblem`).
        where: the database, as :func:`describe` shows it (never with a password).
    """

    def __init__(self, kind: ServerProblem, where: str, lines: str | Sequence[str]) -> None:
        self.kind = kind
        self.where = where
        super().__init__(lines)


# -- URLs ------------------------------------------------------------------------------


def is_server_url(url: str) -> bool:
    """Whether ``url`` names a PostgreSQL database (any driver)."""
    scheme = url.split(":", 1)[0].split("+", 1)[0].strip().lower()
    return scheme in POSTGRES_SCHEMES


def server_url(url: str) -> URL:
    """``url`` as SQLAlchemy's URL for psycopg 3 (``postgres://``, ``postgresql://`` and
    ``postgresql+psycopg://`` are all accepted).

    Raises:
        ServerError: ``url`` is not a PostgreSQL URL.
    """
    if not is_server_url(url):
        shown = url.split("://", 1)[0] + "://..." if "://" in url else "this value"
        raise ServerError(
            ServerProblem.BAD_URL,
            shown,
            f"--database-url: {shown} is not a PostgreSQL database URL; give "
            "postgresql://[USER@]SERVER[:PORT]/DATABASE",
        )
    try:
        parsed = make_url(url.strip())
    except ArgumentError:
        raise ServerError(
            ServerProblem.BAD_URL,
            "postgresql://...",
            "--database-url: cannot read this URL; give postgresql://[USER@]SERVER[:PORT]/DATABASE",
        ) from None
    return parsed.set(drivername=DRIVER)


def describe(url: str | URL) -> str:
    """``postgresql://USER@SERVER:PORT/DATABASE`` without the password, for messages."""
    parsed = url if isinstance(url, URL) else make_url(url)
    user = f"{parsed.username}@" if parsed.username else ""
    host = parsed.host or "localhost"
    port = f":{parsed.port}" if parsed.port else ""
    return f"postgresql://{user}{host}{port}/{parsed.database or ''}"


def location(url: str | URL) -> str:
    """``SERVER:PORT/DATABASE``, without the login: for the log, which names nobody."""
    parsed = url if isinstance(url, URL) else make_url(url)
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.host or 'localhost'}{port}/{parsed.database or ''}"


# -- engines and the errors they raise ---------------------------------------------------


def make_engine(url: str | URL) -> Engine:
    """An engine for the database at ``url``: psycopg 3, times in UTC, a connect timeout.

    The library's date-time columns hold UTC without a zone (as on SQLite), so every
    session works in UTC; refusals are turned into :class:`ServerError` (see
    :func:`translate`).
    """
    parsed = server_url(url) if isinstance(url, str) else url
    engine = create_engine(
        parsed,
        connect_args={
            "connect_timeout": CONNECT_TIMEOUT,
            "options": "-c timezone=UTC",
            "application_name": "ppf-self-assessment",
        },
    )
    where = describe(parsed)

    def _translate(context: ExceptionContext) -> Exception | None:
        return translate(context.original_exception, where)

    event.listen(engine, "handle_error", _translate)
    _ping_when_idle(engine)
    return engine


def _ping_when_idle(engine: Engine) -> None:
    """Try a pooled connection before use when it has been idle (see PING_AFTER_IDLE)."""
    import psycopg

    def used(_dbapi_connection: Any, record: Any) -> None:
        record.info["ppf_used_at"] = time.monotonic()

    def checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        last = record.info.get("ppf_used_at")
        if last is not None and time.monotonic() - last < PING_AFTER_IDLE:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except psycopg.Error as error:
            if engine.dialect.is_disconnect(error, dbapi_connection, None):  # type: ignore[arg-type]
                raise DisconnectionError(str(error)) from error  # the pool connects again
            raise
        record.info["ppf_used_at"] = time.monotonic()

    event.listen(engine, "connect", used)
    event.listen(engine, "checkin", used)
    event.listen(engine, "checkout", checkout)


def _one_line(message: str) -> str:
    text_ = " ".join(message.split())
    for prefix in ("connection failed: ", "FATAL: "):
        text_ = text_.removeprefix(prefix)
    return text_.rstrip(".")


def translate(exc: BaseException, where: str) -> ServerError | None:
    """The :class:`ServerError` a driver error means, or ``None`` for any other error."""
    import psycopg

    original = getattr(exc, "orig", None) or exc
    if isinstance(original, psycopg.OperationalError) and getattr(original, "sqlstate", None) in (
        None,
        "08000",
        "08001",
        "08006",
        "28000",
        "28P01",
        "3D000",
        "57P01",
        "57P03",
    ):
        return unreachable(where, str(original))
    collision = _COLLISIONS.get(str(getattr(original, "sqlstate", None)))
    if collision is not None:
        return ServerError(
            ServerProblem.BUSY,
            where,
            f"The database server could not make this change now: it met another change at "
            f"the same moment ({collision}); nothing was changed, try again",
        )
    if getattr(original, "sqlstate", None) == _INSUFFICIENT_PRIVILEGE:
        return ServerError(
            ServerProblem.REFUSED,
            where,
            f"The database server refused this: {_one_line(str(original).splitlines()[0])} "
            "(your login's role does not allow it; ask your IT team if it should)",
        )
    return None


def unreachable(where: str, detail: str) -> ServerError:
    return ServerError(
        ServerProblem.UNREACHABLE,
        where,
        f"Cannot use the database server {where}: {_one_line(detail)}",
    )


# -- one statement straight on the driver ---------------------------------------------------


def first_row(
    connection: Connection, statement: str, params: Mapping[str, Any], *, alone: bool = False
) -> tuple[Any, ...] | None:
    """The first row of one statement run straight on the psycopg connection under
    ``connection``, in its transaction (unless ``alone``, below); None when there is none.

    For the autosave, where SQLAlchemy's handling of a result costs more than the
    statement. The statement is prepared on the server. An error is raised as the
    engine's own handlers raise it (:func:`driver_error`); a connection it broke is
    invalidated, as SQLAlchemy does.

    ``alone``: the caller's unit of work is this one statement (nothing ran in it before,
    nothing will after). While the transaction has not begun on the server, the statement
    is then sent on its own, as its own transaction: the server commits it as it ends,
    as durably as a ``COMMIT``, and a statement that fails changes nothing. That is one
    round trip instead of three (``BEGIN``, the statement, ``COMMIT``); the unit's own
    commit then finds nothing left to do.
    """
    import psycopg
    from psycopg.pq import TransactionStatus

    driver = connection.connection.driver_connection
    assert driver is not None
    alone = alone and driver.pgconn.transaction_status == TransactionStatus.IDLE
    try:
        if alone:
            driver.autocommit = True
        with driver.cursor() as cursor:
            cursor.execute(statement, params, prepare=True)
            row: tuple[Any, ...] | None = cursor.fetchone()
            return row
    except psycopg.Error as exc:
        if driver.broken or driver.closed:
            connection.invalidate(exc)
        raise driver_error(exc, connection.engine.url, statement, params) from exc
    finally:
        if alone and not (driver.broken or driver.closed):
            driver.autocommit = False


def driver_error(
    exc: BaseException, url: URL, statement: str, params: Mapping[str, Any]
) -> Exception:
    """What the engine raises for the driver's error ``exc``: a refusal of the sign-off
    triggers (:func:`~ppf_app.storage.models.signed_refusal`), else a :class:`ServerError`
    (:func:`translate`), else SQLAlchemy's own exception for it."""
    import psycopg
    from sqlalchemy.exc import DBAPIError

    refusal = signed_refusal(exc)
    if refusal is not None:
        return refusal
    translated = translate(exc, describe(url))
    if translated is not None:
        return translated
    assert isinstance(exc, Exception)
    return DBAPIError.instance(statement, dict(params), exc, psycopg.Error)


# -- frameworks added on the server ------------------------------------------------------

#: Tables only a server database has, beside those of the models (made by ``server init``).
SERVER_METADATA = MetaData()

#: The framework files added in server mode, so that every desk sees them. Each row is
#: the exact bytes of the file (a snapshot keeps the same for an assessment).
FRAMEWORK_FILES = Table(
    "framework_file",
    SERVER_METADATA,
    Column("id", Integer, primary_key=True),
    Column("framework_id", String(64), nullable=False),
    Column("version", String(64), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("added_by", String(200), nullable=False, server_default=text("current_user")),
    Column("added_at", DateTime, nullable=False, server_default=func.now()),
    UniqueConstraint("framework_id", "version", name="uq_framework_file_id_version"),
)


def framework_files(connection: Connection) -> list[tuple[int, bytes]]:
    """``(id, content)`` of every framework file added on the server, oldest first."""
    rows = connection.execute(
        select(FRAMEWORK_FILES.c.id, FRAMEWORK_FILES.c.content).order_by(FRAMEWORK_FILES.c.id)
    )
    return [(int(row[0]), bytes(row[1])) for row in rows]


def store_framework_file(
    connection: Connection, *, framework_id: str, version: str, sha256: str, content: bytes
) -> bool:
    """Add a framework file; False when one of that id and version is there already."""
    from sqlalchemy.dialects.postgresql import insert

    statement = (
        insert(FRAMEWORK_FILES)
        .values(framework_id=framework_id, version=version, sha256=sha256, content=content)
        .on_conflict_do_nothing(constraint="uq_framework_file_id_version")
        .returning(FRAMEWORK_FILES.c.id)
    )
    return connection.execute(statement).first() is not None


def scalar(connection: Connection, sql: str, **params: Any) -> Any:
    """The one value a query returns."""
    return connection.execute(text(sql), params).scalar()


# -- the training-needs analysis of a lead ---------------------------------------------------


def tna_frameworks(connection: Connection) -> list[tuple[str, str, str, Any]]:
    """``(framework_id, version, title, outline)`` of every framework version whose
    training-needs analysis the server computes (``ppf_tna_frameworks``)."""
    rows = connection.execute(
        text("SELECT framework_id, version, title, outline FROM ppf_tna_frameworks()")
    )
    return [(str(row[0]), str(row[1]), str(row[2]), row[3]) for row in rows]


def tna_rows(
    connection: Connection, *, breakdown: str, framework_id: str, version: str, min_group: int
) -> list[tuple[str, int, bool, int | None, int | None, Any]]:
    """The published figures of the training-needs analysis, computed by the server
    (``ppf_tna``): ``(segment, column position, hidden, people, with_need, mean_gap)``."""
    rows = connection.execute(
        text(
            "SELECT segment, column_no, hidden, people, with_need, mean_gap "
            "FROM ppf_tna(:breakdown, :framework_id, :version, :min_group)"
        ),
        {
            "breakdown": breakdown,
            "framework_id": framework_id,
            "version": version,
            "min_group": min_group,
        },
    )
    return [
        (
            str(row[0]),
            int(row[1]),
            bool(row[2]),
            None if row[3] is None else int(row[3]),
            None if row[4] is None else int(row[4]),
            row[5],
        )
        for row in rows
    ]
