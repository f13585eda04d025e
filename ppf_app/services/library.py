"""The open library: one data folder's database and framework collection, or an
organisation's database on a PostgreSQL server (server mode, :mod:`ppf_app.core.config`).

Every service takes a :class:`Library`. The app opens one at start-up; each ``ppf``
command opens one for its run. A server library has no data folder of its own: the
bundled frameworks are read from the app, and frameworks added there are kept in the
database so that every desk sees them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ppf_app.core import config
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

    @property
    def on_server(self) -> bool:
        """Whether the library is an organisation's database server."""
        return self.db.on_server

    @property
    def lead_only(self) -> bool:
        """Whether the library is a server open as a lead (aggregates only)."""
        return self.on_server and self.db.server_role == "lead"

    def close(self) -> None:
        try:
            self.db.close()
        finally:
            close = getattr(self.frameworks, "close", None)
            if close is not None:
                close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def framework_library(paths: DataPaths) -> FrameworkLibrary:
    """The installed frameworks: bundled ones plus those added to this data folder."""
    return FrameworkLibrary(
        bundled_dir=bundled_frameworks_dir(),
        user_dir=paths.frameworks,
        cache_file=paths.framework_cache,
    )


def open_library(
    data_dir: str | os.PathLike[str] | None = None, *, database_url: str | None = None
) -> Library:
    """Open the library in ``data_dir`` (else ``PPF_DATA_DIR``, else the per-user folder),
    or on the database server ``database_url`` (else the one :func:`config.database_url`
    names: ``--database-url``, ``PPF_DATABASE_URL`` or the system-wide settings).

    On a server: see :func:`ppf_app.services.server.open_server_library`.

    The library holds the data folder's single-writer lock until it is closed. Its
    database file is checked first, backed up when it changed, and upgraded when it was
    made by an earlier version.

    Raises:
        DataFolderError: the database is damaged, not this product's, or from a newer
            version (nothing was written), or the folder is open in another window or
            command. ``kind`` says which and ``newest_backup`` names the last good backup.
    """
    url = database_url or config.database_url(data_dir)
    if url is not None:
        from ppf_app.services.server import open_server_library

        return open_server_library(url, data_dir)
    paths = data_paths(data_dir).ensure()
    db = open_database(paths)
    return Library(paths=paths, db=db, frameworks=framework_library(paths))
