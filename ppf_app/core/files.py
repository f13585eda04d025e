"""Writing a user's file whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ppf_app.core.paths import FILE_MODE


def write_private_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    Readers see the old file or the whole new one, never half of it, and no temporary
    file is left behind on failure. The file is readable by its owner only: what this
    product writes holds personal data.

    Raises:
        OSError: the folder cannot be written or the rename failed; ``path`` is untouched.
    """
    target = Path(path)
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
    return target
