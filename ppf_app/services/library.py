"""The open library: one data folder's database and framework collection.

Every service takes a :class:`Library`. The app opens one at start-up; each ``ppf``
command opens one for its run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ppf_app.core.paths import DataPaths, data_paths
from ppf_app.core.resources import bundled_frameworks_dir
from ppf_app.domain.framework_library import FrameworkLibrary
from ppf_app.storage.database import Database, open_database
from ppf_app.storage.errors import DataFolderError, DataFolderProblem, StorageWriteError

__all__ = [
    "DataFolderError",
    "DataFolderProblem",
    "Library",
    "StorageWriteError",
    "framework_library",
    "open_library",
]


@dataclass
class Library:
    paths: DataPaths
    db: Database
    frameworks: FrameworkLibrary

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def framework_library(paths: DataPaths) -> FrameworkLibrary:
    """The installed frameworks: bundled ones plus those added to this data folder."""
    return FrameworkLibrary(bundled_dir=bundled_frameworks_dir(), user_dir=paths.frameworks)


def open_library(data_dir: str | os.PathLike[str] | None = None) -> Library:
    """Open the library in ``data_dir`` (else ``PPF_DATA_DIR``, else the per-user folder).

    The library holds the data folder's single-writer lock until it is closed. Its
    database file is checked first, backed up when it changed, and upgraded when it was
    made by an earlier version.

    Raises:
        DataFolderError: the database is damaged, not this product's, or from a newer
            version (nothing was written), or the folder is open in another window or
            command. ``kind`` says which and ``newest_backup`` names the last good backup.
    """
    paths = data_paths(data_dir).ensure()
    db = open_database(paths)
    return Library(paths=paths, db=db, frameworks=framework_library(paths))
