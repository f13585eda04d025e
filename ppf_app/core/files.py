"""Writing a user's file whole or not at all; reading one without ever waiting."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ppf_app.core.errors import UserError
from ppf_app.core.paths import DATABASE_NAME, FILE_MODE, data_folder_holding, is_within


def write_private_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    Readers see the old file or the whole new one, never half of it, and no temporary
    file is left behind on failure. The file is readable by its owner only: what this
    product writes holds personal data.

    Raises:
        UserError: ``path`` is a file of a data folder (the library's own files are never
            replaced by an export).
        OSError: the folder cannot be written or the rename failed; ``path`` is untouched.
    """
    target = Path(path)
    refuse_data_folder_output(target)
    replace_file(target, data)
    return target


def replace_file(target: Path, data: bytes) -> None:
    """Put ``data`` in place of ``target`` (owner-only) through a temporary file in the
    same folder, renamed over it once written and flushed to disk: readers see the old
    file or the whole new one. A library's own files are written this way too.

    Raises:
        OSError: the folder cannot be written or the rename failed; ``target`` is untouched.
    """
    folder = target.parent if str(target.parent) else Path(".")
    handle, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            if os.name == "posix":
                os.fchmod(stream.fileno(), FILE_MODE)
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def refuse_data_folder_output(
    path: str | os.PathLike[str], data_folder: Path | None = None
) -> None:
    """Refuse an output path that is, or is inside, a data folder.

    Args:
        path: a file (or, for a batch, a folder) about to be written.
        data_folder: the data folder in use, when known; any folder holding a library
            database is recognised as one in any case.

    Raises:
        UserError: ``path`` names a place in a data folder.
    """
    folder = data_folder if data_folder is not None and is_within(path, data_folder) else None
    folder = folder or data_folder_holding(path)
    if folder is None and Path(path).is_dir() and (Path(path) / DATABASE_NAME).exists():
        folder = Path(path)
    if folder is not None:
        raise UserError(
            f"{os.fspath(path)}: is in the data folder {folder}, which holds only the "
            "library's own files; write it somewhere else"
        )


@contextmanager
def private_umask() -> Iterator[None]:
    """New files and folders are made owner-only while the block runs (POSIX).

    The umask is the whole process's: for an entry point's run, not for a thread.
    """
    if os.name != "posix":
        yield
        return
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def read_regular_file(
    path: str | os.PathLike[str], *, max_bytes: int, what: str = "file", too_large: str = ""
) -> bytes:
    """The bytes of the regular file ``path``, read without ever waiting.

    Only a regular file is read: a folder, a named pipe (FIFO), a device or a socket is
    refused at once, since reading one could wait forever (and a caller may hold the
    library's lock while it reads). The file is opened non-blocking, and checked after
    opening, so what is read is what was checked.

    Args:
        path: the file.
        max_bytes: a larger file is refused.
        what: what the file should be, for the messages ("portable file").
        too_large: added to the message for a file over ``max_bytes`` ("; split it").

    Raises:
        UserError: ``FILE: problem`` when the file is missing, not a regular file, too
            large or unreadable.
    """
    source = os.fspath(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(source, flags)
    except IsADirectoryError:
        raise UserError(f"{source}: is a folder, not a {what}") from None
    except OSError as exc:
        raise UserError(f"{source}: cannot read the file: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UserError(f"{source}: is a folder, not a {what}")
        if not stat.S_ISREG(info.st_mode):
            raise UserError(
                f"{source}: is {_kind(info.st_mode)}, not a regular file; give the path of a "
                f"{what} saved on disk"
            )
        if info.st_size > max_bytes:
            raise UserError(f"{source}: larger than {_mib(max_bytes)}{too_large}")
        with os.fdopen(fd, "rb") as stream:
            fd = -1
            data = stream.read(max_bytes + 1)
    except OSError as exc:
        raise UserError(f"{source}: cannot read the file: {exc.strerror or exc}") from None
    finally:
        if fd != -1:
            os.close(fd)
    if len(data) > max_bytes:
        raise UserError(f"{source}: larger than {_mib(max_bytes)}{too_large}")
    return data


def _mib(size: int) -> str:
    return f"{size // (1024 * 1024)} MiB"


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"
