"""The library's private signing key, a file of its own in the data folder.

The key file (``signing-key.pem``, owner-only) is made the first time the library signs
something and is never copied anywhere by the app: not into a portable file and not into
the automatic backups (they copy the database only). It is written whole or not at all,
and two processes making it at once end up with the same one: the first to put it in
place wins, the other reads it.

What the key is (its algorithm, its encoding) is the services' business; here it is
bytes in a file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from ppf_app.core.errors import UserError
from ppf_app.core.paths import FILE_MODE, make_private_dir, make_private_file

KEY_FILE_NAME = "signing-key.pem"
MAX_KEY_BYTES = 16 * 1024


def key_path(folder: Path) -> Path:
    return folder / KEY_FILE_NAME


def read_key(folder: Path) -> bytes | None:
    """The key file's bytes, or None when there is none yet.

    Raises:
        UserError: the key file cannot be read.
    """
    path = key_path(folder)
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_KEY_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UserError(
            f"{path}: cannot read this library's signing key: {exc.strerror or exc}"
        ) from None
    make_private_file(path)  # a copy made readable by others is tightened again
    return data


def made_at(folder: Path) -> datetime | None:
    """When the key file was made (it is never rewritten), or None when there is none."""
    try:
        return datetime.fromtimestamp(key_path(folder).stat().st_mtime, UTC)
    except OSError:
        return None


def read_or_create_key(folder: Path, make: Callable[[], bytes]) -> bytes:
    """The key file's bytes, made with ``make()`` and stored first when there is none.

    Raises:
        UserError: the folder cannot be written or the key file cannot be read.
    """
    found = read_key(folder)
    if found is not None:
        return found
    path = key_path(folder)
    try:
        make_private_dir(folder)
        handle, temp_name = tempfile.mkstemp(dir=folder, prefix=".signing-key.", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                if os.name == "posix":
                    os.fchmod(stream.fileno(), FILE_MODE)
                stream.write(make())
                stream.flush()
                os.fsync(stream.fileno())
            with contextlib.suppress(FileExistsError):  # made meanwhile: that one stays
                os.link(temp_name, path)
        finally:
            Path(temp_name).unlink(missing_ok=True)
    except OSError as exc:
        raise UserError(
            f"{path}: cannot make this library's signing key: {exc.strerror or exc}"
        ) from None
    made = read_key(folder)
    assert made is not None
    return made
