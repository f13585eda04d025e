"""Opening the library database and handing out sessions.

The engine comes from a URL; everything SQLite-specific (pragmas, file checks, the
online backup API) lives in :mod:`ppf_app.storage.sqlite`, so that a server database
could be plugged in later without touching services.

Opening a data folder's SQLite file goes in this order, and stops at the first problem
without having written anything:

1. check the file read-only (:mod:`ppf_app.storage.checks`);
2. take the folder's single-writer lock;
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

from sqlalchemy import Connection, Engine, create_engine, make_url
from sqlmodel import Session

from ppf_app.core.paths import DataPaths
from ppf_app.storage import backups, checks, schema, sqlite
from ppf_app.storage.errors import DataFolderProblem, StorageWriteError
from ppf_app.storage.lock import WriterLock
from ppf_app.storage.models import watch_signed_refusals

log = logging.getLogger(__name__)


@dataclass
class Database:
    """An open library database.

    Attributes:
        engine: the SQLAlchemy engine.
        url: where the data are.
        path: the SQLite file, when the data are in one.
        backups_dir: where backups of ``path`` go (``None``: no automatic backups).
        writer_lock: the data folder's lock, held until :meth:`close`.
    """

    engine: Engine
    url: str
    path: Path | None = None
    backups_dir: Path | None = None
    writer_lock: WriterLock | None = None

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
        """Close every connection, back up what changed, and release the folder."""
        try:
            self.engine.dispose()
            if backup:
                try:
                    self.backup_if_changed()
                except Exception:
                    log.warning("No backup was made on closing %s", self.path, exc_info=True)
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
    data.ensure()
    url = url or sqlite.url_for(data.database)
    if not sqlite.is_sqlite_url(url):
        return open_server_database(url, data, lock=lock)
    path = sqlite.path_from_url(url)
    facts = checks.check_database_file(path, data.backups)
    writer_lock = WriterLock(data).acquire() if lock else None
    try:
        if facts is None and path.exists():  # made by another process meanwhile
            facts = checks.check_database_file(path, data.backups)
        if facts is None:
            _create(path)
        else:
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


def open_server_database(url: str, data: DataPaths, *, lock: bool = True) -> Database:
    """A database on a server: migrated here, backed up by its own administrators.

    Nothing SQLite-specific happens on this path, so any SQLAlchemy URL works with it
    (tests run it on an SQLite file).
    """
    writer_lock = WriterLock(data).acquire() if lock else None
    engine = create_engine(url)
    watch_signed_refusals(engine)
    try:
        with engine.connect() as connection:
            revision = schema.current_revision(connection)
        if revision is None:
            schema.create_schema(engine)
        elif schema.schema_number(revision) is None:
            shown = Path(make_url(url).render_as_string(hide_password=True))
            raise checks.refusal(
                DataFolderProblem.NEWER, shown, f"its schema is {revision!r}", data.backups
            )
        elif revision != schema.HEAD_REVISION:
            schema.upgrade(engine)
    except BaseException:
        engine.dispose()
        if writer_lock is not None:
            writer_lock.release()
        raise
    return Database(engine=engine, url=url, writer_lock=writer_lock)
