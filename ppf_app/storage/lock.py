"""One writer per data folder: an OS lock on ``library.lock``.

The operating system drops the lock when its process ends, however it ends, so a crash
never leaves a data folder locked.
"""

from __future__ import annotations

from filelock import FileLock, Timeout

from ppf_app.core.paths import FILE_MODE, DataPaths
from ppf_app.storage.errors import DataFolderError, DataFolderProblem


class WriterLock:
    """The single-writer lock of one data folder, held until :meth:`release`."""

    def __init__(self, paths: DataPaths) -> None:
        self.paths = paths
        self._lock = FileLock(paths.lock_file, timeout=0, mode=FILE_MODE, thread_local=False)

    @property
    def held(self) -> bool:
        return bool(self._lock.is_locked)

    def acquire(self) -> WriterLock:
        """Take the lock now or fail.

        Raises:
            DataFolderError: another window or command has the folder open (kind ``locked``).
        """
        try:
            self._lock.acquire()
        except Timeout:
            raise DataFolderError(
                DataFolderProblem.LOCKED,
                self.paths.database,
                "This data folder is already open in another PPF Self-Assessment window or "
                f"command ({self.paths.root}).",
                "Close it first, then try again.",
            ) from None
        return self

    def release(self) -> None:
        if self._lock.is_locked:
            self._lock.release(force=True)

    def __enter__(self) -> WriterLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
