"""What the TOML of framework files held, kept as JSON by the sha256 of each file's bytes.

Reading a framework file's TOML is most of what loading it costs; checking what it
holds is quick. So a data folder keeps, in ``framework-cache.json``, the TOML of the
framework files it read last, each under the sha256 of the file's exact bytes. Loading
the same bytes again reads their TOML from there, and checks it as always (the format,
the ids, the rules): only the TOML reading is saved, never a verdict.

A file that changed has another sha256, so its cached TOML is never used; a cache file
that is damaged, unreadable, or written for another cache format or Python version is
ignored and written again. Only the TOML of files that passed every check is kept, and
only of the files read in the last reload, so the cache never grows.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import sys
from pathlib import Path
from typing import Any

from ppf_app.core.paths import make_private_file

log = logging.getLogger(__name__)

#: Changes when the layout of the cache file changes.
CACHE_FORMAT = 1
#: The TOML parser is the standard library's: another Python may read TOML differently.
PYTHON = f"{sys.version_info[0]}.{sys.version_info[1]}"
#: A cache file larger than this is not read (framework files are at most 2 MiB each).
MAX_CACHE_BYTES = 16 * 1024 * 1024


class TomlCache:
    """The cached TOML of framework files in one cache file, read on first use.

    Not thread-safe by itself: the framework library uses it under its lock.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._files: dict[str, dict[str, Any]] | None = None
        self._used: set[str] = set()
        self._changed = False

    def _loaded(self) -> dict[str, dict[str, Any]]:
        if self._files is None:
            self._files = self._read()
        return self._files

    def _read(self) -> dict[str, dict[str, Any]]:
        try:
            # Only a regular file is read, so reading never waits (a named pipe, say).
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            with os.fdopen(fd, "rb") as stream:
                if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                    raise ValueError("not a regular file")
                data = stream.read(MAX_CACHE_BYTES + 1)
            if len(data) > MAX_CACHE_BYTES:
                raise ValueError("too large")
            content = json.loads(data)
            if (
                not isinstance(content, dict)
                or content.get("format") != CACHE_FORMAT
                or content.get("python") != PYTHON
                or not isinstance(content.get("files"), dict)
            ):
                raise ValueError("another format")
        except FileNotFoundError:
            self._changed = True
            return {}
        except (OSError, ValueError, RecursionError) as exc:
            log.info("Framework cache %s not used (%s); it is written again", self.path, exc)
            self._changed = True
            return {}
        files = content["files"]
        return {key: value for key, value in files.items() if isinstance(value, dict)}

    def get(self, digest: str) -> dict[str, Any] | None:
        """The TOML of the file whose bytes have sha256 ``digest``, or None."""
        found = self._loaded().get(digest)
        if found is not None:
            self._used.add(digest)
        return found

    def put(self, digest: str, toml: dict[str, Any]) -> None:
        """Keep the TOML of a file that passed its checks (what JSON cannot hold is not
        kept: TOML dates and times)."""
        try:
            json.dumps(toml)
        except (TypeError, ValueError, RecursionError):
            return
        self._loaded()[digest] = toml
        self._used.add(digest)
        self._changed = True

    def save(self) -> None:
        """Write the TOML of the files used since the cache was read, if anything changed.

        A cache that cannot be written only costs reading the TOML again next time.
        """
        files = self._loaded()
        if not self._changed and set(files) == self._used:
            return
        kept = {digest: files[digest] for digest in sorted(self._used) if digest in files}
        text = json.dumps({"format": CACHE_FORMAT, "python": PYTHON, "files": kept})
        partial = self.path.with_name(f".{self.path.name}.{os.getpid()}.partial")
        try:
            partial.write_text(text, encoding="utf-8")
            make_private_file(partial)
            os.replace(partial, self.path)
        except OSError as exc:
            log.info("Framework cache not written to %s: %s", self.path, exc)
            partial.unlink(missing_ok=True)
            return
        self._files = kept
        self._changed = False
