"""Whether the database is unchanged since its newest backup, without reading it.

Copying and hashing the whole file at every opening and closing costs about a second for
a large library. Instead, after a backup (or after finding the newest backup holds the
same data), the database's file facts are written beside it (``library.sqlite3.backup-state``):
inode, size and modification time of the file and of its WAL. While they are the same and the same
backup is still the newest, the data are the same and no copy is needed.

A write changes the WAL (its size or time) or, after a checkpoint, the file; a restore
puts a new file (a new inode) in place. The facts are only recorded when they are
trustworthy: the file times must be finer than a second (some file systems keep whole
seconds) and older than the clock's step, so that a later write cannot carry the same
time; anything unexpected means "check by copying", as before.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ppf_app.core.paths import make_private_file

log = logging.getLogger(__name__)

STATE_SUFFIX = ".backup-state"
#: Longer than the file-time step of common file systems (a kernel tick: 1-10 ms).
SETTLE_NS = 30_000_000

Facts = list[list[int] | None]


def state_file(database: Path) -> Path:
    """Where the facts of ``database`` at its newest backup are kept."""
    return database.with_name(database.name + STATE_SUFFIX)


def file_facts(database: Path) -> Facts:
    """Inode, size and modification time (ns) of ``database`` and of its WAL (None: absent)."""
    facts: Facts = []
    for path in (database, Path(f"{database}-wal")):
        try:
            stat = path.stat()
        except FileNotFoundError:
            facts.append(None)
        else:
            facts.append([stat.st_ino, stat.st_size, stat.st_mtime_ns])
    return facts


def unchanged_since(database: Path, newest_backup: Path) -> bool:
    """True when the facts recorded with ``newest_backup`` still describe ``database``."""
    try:
        state = json.loads(read_small_file(state_file(database)))
        recorded = (state["backup"], state["backup_size"], state["database"])
        current = (newest_backup.name, newest_backup.stat().st_size, file_facts(database))
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return recorded == current


def read_small_file(path: Path) -> str:
    """A state file's text; only a regular file is read, so reading never waits."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise ValueError(f"{path} is not a regular file")
        return stream.read(65536).decode("utf-8")


def record(database: Path, newest_backup: Path, facts_before_copy: Facts) -> None:
    """Note that ``newest_backup`` holds the data of ``database`` as it is now.

    ``facts_before_copy`` are the facts read before the copy was made: when they differ
    now, something changed meanwhile and nothing is recorded.
    """
    target = state_file(database)
    target.unlink(missing_ok=True)
    facts = _settled_facts(database, facts_before_copy)
    if facts is None:
        return
    state = {
        "backup": newest_backup.name,
        "backup_size": newest_backup.stat().st_size,
        "database": facts,
    }
    write_state_file(target, state, "Backup")


def write_state_file(target: Path, state: dict[str, Any], what: str) -> None:
    """Write a state file atomically and private; a failure is logged (it only costs a
    full check next time)."""
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    try:
        partial.write_text(json.dumps(state), encoding="utf-8")
        make_private_file(partial)
        os.replace(partial, target)
    except OSError as exc:
        log.info("%s state not recorded in %s: %s", what, target, exc)
        partial.unlink(missing_ok=True)


def settled(times: list[int], still_same: Callable[[], bool]) -> bool:
    """True when a later write is sure to change file ``times`` (ns), so facts carrying
    them may be trusted; waits out the clock's step first when they are that recent, then
    asks ``still_same()``."""
    if not times or any(moment % 1_000_000_000 == 0 for moment in times):
        return False  # whole-second file times: a write within that second would not show
    age = time.time_ns() - max(times)
    if age < 0:
        return False  # the file is ahead of this clock (a network folder)
    if age < SETTLE_NS:
        time.sleep((SETTLE_NS - age) / 1e9)
        return still_same()
    return True


def _settled_facts(database: Path, facts_before_copy: Facts) -> Facts | None:
    """The current facts when a later write is sure to change them, else None."""
    facts = file_facts(database)
    if facts != facts_before_copy:
        return None
    times = [entry[2] for entry in facts if entry is not None]
    return facts if settled(times, lambda: file_facts(database) == facts) else None
