"""One writer per data folder: an OS lock on ``library.lock``, which names its holder.

The operating system drops the lock when its process ends, however it ends, so a crash
never leaves a data folder locked. While a process holds it, the file says who it is
(program, process id, computer, since when): a second writer that is refused can then
say who has the library open. A contender only reads the file, so it never disturbs the
holder's record.

Opening waits for a busy folder up to :func:`ppf_app.core.process.lock_wait` seconds (the
app: not at all; ``ppf``: 10 seconds, ``--wait``) before refusing.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import socket
import stat
import sys
import time
from datetime import datetime

from ppf_app.core import process
from ppf_app.core.paths import FILE_MODE, DataPaths, make_private_dir
from ppf_app.storage.errors import DataFolderError, DataFolderProblem

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    # Locked far beyond the holder's record, so that others can still read the record.
    _LOCK_OFFSET = 1 << 30

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return False
            raise
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


#: How often a waiting opener tries again.
_POLL_SECONDS = 0.05
_RECORD_LIMIT = 4096


class WriterLock:
    """The single-writer lock of one data folder, held until :meth:`release`.

    Args:
        paths: the data folder.
        wait: seconds to wait for another holder; ``None``: :func:`process.lock_wait`.
    """

    def __init__(self, paths: DataPaths, *, wait: float | None = None) -> None:
        self.paths = paths
        self.wait = wait
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> WriterLock:
        """Take the lock, waiting for another holder up to the wait, or fail.

        Raises:
            DataFolderError: another window or command has the folder open (kind
                ``locked``; the message names it), or the lock file cannot be opened.
        """
        if self._fd is not None:
            return self
        wait = process.lock_wait() if self.wait is None else max(self.wait, 0.0)
        deadline = time.monotonic() + wait
        fd = self._open()
        try:
            while not _try_lock(fd):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise self._busy(wait)
                time.sleep(min(_POLL_SECONDS, remaining))
            self._record_holder(fd)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return self

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)  # the record goes with the hold
        try:
            _unlock(fd)
        except OSError:
            pass
        finally:
            os.close(fd)

    def holder(self) -> str | None:
        """Who holds the lock, as its record says (``None``: unknown)."""
        return describe_holder(read_holder(self.paths))

    def _open(self) -> int:
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
        flags |= getattr(os, "O_NONBLOCK", 0)
        try:
            if not self.paths.root.exists():
                make_private_dir(self.paths.root)
            fd = os.open(self.paths.lock_file, flags, FILE_MODE)
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                os.close(fd)
                raise OSError(errno.EINVAL, "it is not a regular file; move it away")
            return fd
        except OSError as exc:
            raise DataFolderError(
                DataFolderProblem.UNREADABLE,
                self.paths.database,
                f"The lock file {self.paths.lock_file} cannot be opened "
                f"({exc.strerror or exc}), so the library cannot be used safely.",
                "Check that the data folder and its files belong to you. Nothing was changed.",
            ) from None

    def _record_holder(self, fd: int) -> None:
        record = {
            "program": process.program(),
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": datetime.now().isoformat(timespec="seconds"),
        }
        data = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        try:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, data)
        except OSError:
            pass  # a full disk: the lock holds all the same, only its record is missing

    def _busy(self, waited: float) -> DataFolderError:
        holder = self.holder()
        who = f": {holder}" if holder else ""
        todo = "Close it first, then try again."
        if waited > 0:
            todo = f"It was still open after waiting {waited:g} seconds. " + todo
        return DataFolderError(
            DataFolderProblem.LOCKED,
            self.paths.database,
            "This data folder is already open in another PPF Self-Assessment window or "
            f"command ({self.paths.root}){who}.",
            todo,
        )

    def __enter__(self) -> WriterLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def read_holder(paths: DataPaths) -> dict[str, object] | None:
    """The record in a data folder's lock file, or ``None`` when there is none."""
    try:
        fd = os.open(paths.lock_file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                return None  # never wait on a named pipe
            data = stream.read(_RECORD_LIMIT)
        record = json.loads(data.decode("utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def describe_holder(record: dict[str, object] | None) -> str | None:
    """``ppf assess import (process 1234 on host, since 2026-03-01 10:00:00)``."""
    if not record:
        return None
    program = str(record.get("program") or "a program")
    pid, host, since = (str(record.get(key) or "") for key in ("pid", "host", "since"))
    where = " ".join(
        part for part in (f"process {pid}" if pid else "", host and f"on {host}") if part
    )
    facts = [part for part in (where, since and "since " + since.replace("T", " ")) if part]
    return f"{program} ({', '.join(facts)})" if facts else program
