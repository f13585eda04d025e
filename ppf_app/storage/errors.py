"""Problems with the library database that the user can act on."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from ppf_app.core.errors import UserError


class DataFolderProblem(StrEnum):
    """Why a data folder was refused; the app picks its wording and actions from this."""

    EMPTY = "empty"
    NOT_SQLITE = "not-sqlite"
    NOT_OURS = "not-ours"
    NEWER = "newer"
    DAMAGED = "damaged"
    LOCKED = "locked"
    UNREADABLE = "unreadable"
    READ_ONLY = "read-only"


class DataFolderError(UserError):
    """The data folder cannot be used as it is, and nothing in it was written.

    Attributes:
        kind: what is wrong (a :class:`DataFolderProblem`).
        what: the first line shown: the file, and what is wrong with it.
        todo: what the user can do about it.
        database: the database file concerned.
        newest_backup: the newest backup that passed its checks, or ``None``.
        backup_lacks: what that backup lacks of the current file (a restore offer names
            what it would lose), or ``None`` when no backup is offered.
    """

    def __init__(
        self,
        kind: DataFolderProblem,
        database: Path,
        what: str,
        todo: str,
        newest_backup: Path | None = None,
        backup_lacks: str | None = None,
    ) -> None:
        self.kind = kind
        self.database = database
        self.what = what
        self.todo = todo
        self.newest_backup = newest_backup
        self.backup_lacks = backup_lacks
        lines = [what, todo]
        if kind not in (DataFolderProblem.LOCKED, DataFolderProblem.READ_ONLY):
            if newest_backup is not None:
                lacks = f" ({backup_lacks})" if backup_lacks else ""
                lines.append(
                    f"The newest good backup is {newest_backup}{lacks}; "
                    f"'ppf backup restore {newest_backup.name}' puts it back "
                    "(the current file is kept aside)."
                )
            else:
                lines.append("There is no good backup in this data folder.")
        super().__init__(lines)


class StorageWriteError(UserError):
    """A write the disk refused (full disk, file size limit, failing drive).

    The transaction was rolled back, so everything saved before it is intact.
    """

    def __init__(self, database: Path | str, detail: str) -> None:
        self.database = database
        self.detail = detail
        super().__init__(
            [
                f"The disk is full or refused the write ({detail}), so the last change to "
                f"{database} was not saved.",
                "Your earlier work is safe. Free some disk space, then try again.",
            ]
        )
