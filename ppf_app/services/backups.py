"""Backups of a data folder: listing them and putting one back.

These work on a data folder whose database is damaged, not this product's or from a
newer version, because that is when people need them: they never open the database.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ppf_app.core.errors import NotFound, UserError
from ppf_app.core.paths import DataPaths, data_paths
from ppf_app.storage import backups as stored
from ppf_app.storage.lock import WriterLock


@dataclass(frozen=True)
class BackupInfo:
    """One backup as the user sees it."""

    name: str
    path: Path
    created: datetime
    size: int
    problem: str | None  # None when the backup passed a full integrity check

    @property
    def ok(self) -> bool:
        return self.problem is None


def _paths(data: DataPaths | str | os.PathLike[str] | None) -> DataPaths:
    return data if isinstance(data, DataPaths) else data_paths(data)


def list_backups(
    data: DataPaths | str | os.PathLike[str] | None = None, *, verify: bool = True
) -> list[BackupInfo]:
    """The backups of a data folder, newest first, each checked unless ``verify`` is off."""
    paths = _paths(data)
    return [
        BackupInfo(
            name=backup.name,
            path=backup.path,
            created=backup.created,
            size=backup.size,
            problem=stored.restorable_problem(backup.path) if verify else None,
        )
        for backup in stored.backup_files(paths.backups)
    ]


def newest_good_backup(data: DataPaths | str | os.PathLike[str] | None = None) -> Path | None:
    return stored.newest_good(_paths(data).backups)


def backup_now(data: DataPaths | str | os.PathLike[str] | None = None) -> Path | None:
    """Back up the database now if it changed since the newest backup.

    For a folder not open elsewhere; an open library backs itself up
    (``Library.db.backup_if_changed``).
    """
    paths = _paths(data)
    with WriterLock(paths):
        if not paths.database.exists():
            raise NotFound(f"{paths.database}: there is no library database to back up")
        return stored.make_backup(paths.database, paths.backups)


def what_restore_loses(data: DataPaths | str | os.PathLike[str] | None, name: str) -> str | None:
    """What the backup ``name`` lacks of the current library, in a few words, or ``None``
    (no such backup, or no library to compare it with). Read-only."""
    paths = _paths(data)
    backup = paths.backups / name
    if Path(name).name != name or stored.parse_name(backup) is None or not backup.is_file():
        return None
    if not paths.database.is_file():
        return None
    return stored.what_backup_lacks(paths.database, backup)


def restore(data: DataPaths | str | os.PathLike[str] | None, name: str) -> Path | None:
    """Put the backup ``name`` back as the library database.

    The database it replaces (damaged or not) is kept in the backups folder as
    ``library-replaced-<time>.sqlite3``; its path is returned (``None`` when there was
    no database).

    Raises:
        NotFound: there is no backup of that name.
        UserError: the backup is damaged or too new.
        DataFolderError: the data folder is open in another window or command.
    """
    paths = _paths(data)
    backup = paths.backups / name
    if Path(name).name != name or stored.parse_name(backup) is None or not backup.is_file():
        raise NotFound(
            f"{name}: there is no backup of that name in {paths.backups} (see 'ppf backup list')"
        )
    problem = stored.restorable_problem(backup)
    if problem is not None:
        raise UserError(f"{backup}: this backup cannot be restored: {problem}")
    paths.ensure()
    with WriterLock(paths):
        return stored.put_back(paths.database, backup, paths.backups)
