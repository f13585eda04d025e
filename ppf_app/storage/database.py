"""Opening the library database and handing out sessions.

The engine comes from a URL; everything SQLite-specific (pragmas, file checks, the
online backup API) lives in :mod:`ppf_app.storage.sqlite`, and everything about a
PostgreSQL server in :mod:`ppf_app.storage.server`, so the services never tell the two
apart. A server database is opened by :func:`open_server_database`.

Opening a data folder's SQLite file goes in this order, and stops at the first problem
without having written anything:

1. check the file read-only (:mod:`ppf_app.storage.checks`; SQLite reads every page
   only when the file changed since it last passed: :mod:`ppf_app.storage.check_state`);
2. take the folder's single-writer lock (and note that the file passed);
3. back the file up when its data changed since the newest backup;
4. run the migrations it needs (after one more backup), or create a new file;
5. hand out connections with WAL, ``synchronous=FULL`` and foreign keys on.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine
from sqlmodel import Session

from ppf_app.core.paths import DataPaths
from ppf_app.storage import backups, check_state, checks, schema, sqlite
from ppf_app.storage.errors import DataFolderProblem, StorageWriteError
from ppf_app.storage.lock import WriterLock
from ppf_app.storage.models import watch_signed_refusals

log = logging.getLogger(__name__)


@dataclass
class Database:
    """An open library database.

    Attributes:
        engine: the SQLAlchemy engine.
        url: where the data are (a server's without its password).
        path: the SQLite file, when the data are in one.
        backups_dir: where backups of ``path`` go (``None``: no automatic backups).
        writer_lock: the data folder's lock, held until :meth:`close`.
        server_role: on a server, the product role of the login (``person``,
            ``appraiser``, ``lead`` or ``admin``); ``None`` for a local library.
        login: on a server, the database login the library is open as.
    """

    engine: Engine
    url: str
    path: Path | None = None
    backups_dir: Path | None = None
    writer_lock: WriterLock | None = None
    server_role: str | None = None
    login: str | None = None

    @property
    def on_server(self) -> bool:
        """Whether the data are on a database server (no lock, no backup folder)."""
        return self.engine.dialect.name != "sqlite"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose work is committed on success and rolled back on error.

        Raises:
            StorageWriteError: the disk refused the write (full, or a size limit); the
                transaction was rolled back and earlier work is intact.
        """
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException as exc:
                try:
                    session.rollback()
                except Exception:
                    log.warning("Rollback failed after %r", exc, exc_info=True)
                refusal = sqlite.write_refusal(exc)
                if refusal is not None:
                    raise StorageWriteError(self.path or self.url, refusal) from exc
                raise

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A plain connection in one transaction, committed on success, rolled back on error.

        For the statements that run on every keystroke-sized change (the autosave), where
        an ORM session costs more than the SQL. Same refusals as :meth:`session`.
        """
        try:
            with self.engine.begin() as connection:
                yield connection
        except BaseException as exc:
            refusal = sqlite.write_refusal(exc)
            if refusal is not None:
                raise StorageWriteError(self.path or self.url, refusal) from exc
            raise

    def backup_if_changed(self) -> Path | None:
        """Back the file up when its data differ from the newest backup; the new backup."""
        if self.path is None or self.backups_dir is None:
            return None
        try:
            return backups.make_backup(self.path, self.backups_dir)
        except Exception as exc:
            refusal = sqlite.write_refusal(exc)
            if refusal is not None:
                raise StorageWriteError(self.backups_dir, refusal) from exc
            raise

    def close(self, *, backup: bool = True) -> None:
        """Close every connection, back up what changed, check the file when it changed
        (so that the next opening need not), and release the folder."""
        try:
            self.engine.dispose()
            if backup:
                try:
                    self.backup_if_changed()
                except Exception:
                    log.warning("No backup was made on closing %s", self.path, exc_info=True)
            if self.path is not None and self.writer_lock is not None:
                check_state.check_after_changes(self.path)
        finally:
            if self.writer_lock is not None:
                self.writer_lock.release()


def open_database(
    data: DataPaths,
    *,
    url: str | None = None,
    lock: bool = True,
    backup: bool = True,
) -> Database:
    """Open (creating when missing) the library database of a data folder.

    Args:
        data: the data folder.
        url: a database URL; default the SQLite file in the data folder.
        lock: take the data folder's single-writer lock (held until ``close``).
        backup: back the file up at opening and closing when its data changed.

    Raises:
        DataFolderError: the file is damaged, not this product's, from a newer version,
            or the folder is open elsewhere. Nothing was written.
    """
    if url is not None and not sqlite.is_sqlite_url(url):
        return open_server_database(url)
    data.ensure()
    url = url or sqlite.url_for(data.database)
    path = sqlite.path_from_url(url)
    facts = checks.check_database_file(path, data.backups)
    writer_lock = WriterLock(data).acquire() if lock else None
    try:
        if facts is None and path.exists():  # made by another process meanwhile
            facts = checks.check_database_file(path, data.backups)
        if facts is None:
            _create(path)
        else:
            if facts.passed_check is not None:  # the next opening need not read every page
                check_state.record(path, list(facts.passed_check))
            if backup:
                _backup_at_opening(path, data.backups)
            if facts.user_version < schema.SCHEMA_VERSION:
                _upgrade(path, data.backups)
        sqlite.secure_files(path)
        engine = create_engine(url)
        sqlite.configure_engine(engine)
        watch_signed_refusals(engine)
    except BaseException as exc:
        if writer_lock is not None:
            writer_lock.release()
        refusal = sqlite.write_refusal(exc)
        if refusal is not None:  # creating or upgrading on a full disk: nothing replaced
            raise StorageWriteError(path, refusal) from exc
        raise
    return Database(
        engine=engine,
        url=url,
        path=path,
        backups_dir=data.backups if backup else None,
        writer_lock=writer_lock,
    )


def _create(path: Path) -> None:
    """Make a new library file at ``path`` in one step: a half-made file never appears."""
    # Under the writer lock: any partial file left here is from an opener that died.
    for leftover in path.parent.glob(f".{path.name}.*.partial*"):
        leftover.unlink(missing_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    old_umask = os.umask(0o077)
    try:
        engine = sqlite.make_engine(partial)
        try:
            schema.create_schema(engine)
        finally:
            engine.dispose()
        sqlite.fsync_file(partial)
        if any(companion.exists() for companion in sqlite.companions(partial)):
            raise RuntimeError(f"{partial} was not closed cleanly")
        os.replace(partial, path)
        sqlite.fsync_dir(path.parent)
    finally:
        os.umask(old_umask)
        for leftover in (partial, *sqlite.companions(partial)):
            leftover.unlink(missing_ok=True)
    log.info("Created the library database %s", path)


def _backup_at_opening(path: Path, backups_dir: Path) -> None:
    """A backup when the data changed; a full disk only delays it (the data are intact)."""
    try:
        backups.make_backup(path, backups_dir)
    except Exception as exc:
        if sqlite.write_refusal(exc) is None:
            raise
        log.warning("No backup of %s at opening: %s", path, exc)


def _upgrade(path: Path, backups_dir: Path) -> None:
    try:
        backups.make_backup(path, backups_dir, before_upgrade=True)
    except Exception as exc:  # no upgrade without a copy of what was there
        refusal = sqlite.write_refusal(exc)
        if refusal is None:
            raise
        raise StorageWriteError(backups_dir, refusal) from exc
    engine = sqlite.make_engine(path, for_migrations=True)
    try:
        schema.upgrade(engine)
    except schema.MigrationError as exc:
        raise checks.refusal(
            DataFolderProblem.DAMAGED, path, f"its data could not be upgraded ({exc})", backups_dir
        ) from exc
    finally:
        engine.dispose()
    log.info("Upgraded %s to schema %s", path, schema.SCHEMA_VERSION)


def open_server_database(url: str) -> Database:
    """Open a library on a PostgreSQL server, prepared by ``ppf server init``.

    No data folder is used: there is no writer lock (the server serialises writers), no
    backup folder (the server is backed up with ``pg_dump``) and no migration here (the
    database's owner upgrades it with ``ppf server init``; a person's login could not).

    Raises:
        ServerError: the server cannot be reached or refuses the login; the database is
            not prepared, prepared by an older or a newer version, or this login has no
            role in it. Nothing was changed.
    """
    from sqlalchemy.exc import DBAPIError

    from ppf_app.storage import server

    engine = server.make_engine(url)
    where = server.describe(engine.url)
    try:
        try:
            with engine.connect() as connection:
                facts = _server_facts(connection)
        except DBAPIError as exc:
            raise server.translate(exc, where) or server.unreachable(where, str(exc.orig)) from None
        _refuse_unusable_server(where, *facts)
    except BaseException:
        engine.dispose()
        raise
    watch_signed_refusals(engine)
    _revision, role, login = facts
    log.info("Opened the server library %s (role %s)", server.location(engine.url), role)
    return Database(engine=engine, url=where, server_role=role, login=login)


def _server_facts(connection: Connection) -> tuple[str | None, str | None, str]:
    """The schema revision (``None``: not prepared), the login's product role and name."""
    login = str(connection.exec_driver_sql("SELECT current_user").scalar())
    prepared = connection.exec_driver_sql(
        "SELECT to_regprocedure('ppf_schema_revision()') IS NOT NULL"
    ).scalar()
    if not prepared:
        return None, None, login
    revision = connection.exec_driver_sql("SELECT ppf_schema_revision()").scalar()
    role = connection.exec_driver_sql("SELECT ppf_my_role()").scalar()
    return (
        None if revision is None else str(revision),
        None if role is None else str(role),
        login,
    )


def _refuse_unusable_server(where: str, revision: str | None, role: str | None, login: str) -> None:
    from ppf_app.storage.server import ServerError, ServerProblem

    init = f"ppf server init {where}"
    if revision is None:
        raise ServerError(
            ServerProblem.NOT_PREPARED,
            where,
            [
                f"The database {where} is not prepared for PPF Self-Assessment.",
                f"Its owner prepares it once with: {init}",
            ],
        )
    number = schema.schema_number(revision)
    if number is None:
        raise ServerError(
            ServerProblem.NEWER,
            where,
            [
                f"The database {where} was prepared by a newer version of PPF Self-Assessment "
                f"(its schema is {revision!r}; this version knows up to schema "
                f"{schema.SCHEMA_VERSION}).",
                "Use the newer version of the app; nothing was changed.",
            ],
        )
    if revision != schema.HEAD_REVISION:
        raise ServerError(
            ServerProblem.OLDER,
            where,
            [
                f"The database {where} was prepared by an earlier version of PPF "
                f"Self-Assessment (schema {number}; this version uses schema "
                f"{schema.SCHEMA_VERSION}).",
                f"Its owner upgrades it with this version: {init}",
            ],
        )
    if role is None:
        raise ServerError(
            ServerProblem.NO_ROLE,
            where,
            [
                f"Your database login {login!r} has no role in {where}.",
                "Ask your IT team to give it one: ppf server grant URL --login "
                f"{login} --role person|appraiser|lead|admin",
            ],
        )
