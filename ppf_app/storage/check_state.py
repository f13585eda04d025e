"""Whether the library file is unchanged since it last passed SQLite's quick check.

``PRAGMA quick_check`` reads every page of the database: for a library of 5,000 people
with three assessments each that is a tenth of a second at every start. So each time
the file passes the checks while nobody has it open, its facts are written beside it
(``library.sqlite3.check-state``): inode, size, modification time and status-change time
(ns). While they are the same, nothing has written to the file since, and opening it
does not read every page again; every other check (the header, the schema) is made at
every opening as before. A write changes the size or the times, and the status-change
time cannot be set back (a program that puts the old modification time back changes
it); a file put in its place (a restore, a copy) has a new inode. A library closed after
a change is checked as it closes, so the next start does not wait for the check.

The facts are trusted only as far as the backup state's are
(:mod:`ppf_app.storage.backup_state`): file times finer than a second and older than the
clock's step, and never while a WAL, shared-memory or journal file is beside the file.
What no file fact can show (a disk that loses bits under an unchanged file) SQLite still
reports when it reads the page concerned, and the quick check finds at the first opening
after the next change.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from ppf_app.storage import sqlite
from ppf_app.storage.backup_state import read_small_file, settled, write_state_file

log = logging.getLogger(__name__)

STATE_SUFFIX = ".check-state"

Facts = list[int]


def state_file(database: Path) -> Path:
    """Where the facts of ``database`` at its last passed check are kept."""
    return database.with_name(database.name + STATE_SUFFIX)


def file_facts(database: Path) -> Facts | None:
    """Inode, size, modification and status-change times (ns) of ``database``; ``None``
    when it cannot be read, or a companion (WAL, shared memory, journal) is beside it."""
    if any(os.path.lexists(companion) for companion in sqlite.companions(database)):
        return None
    try:
        info = database.stat()
    except OSError:
        return None
    return [info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]


def unchanged(database: Path, facts: Facts | None = None) -> bool:
    """True when ``database`` (whose current ``facts`` may be given) is as it was when it
    last passed the checks."""
    current = file_facts(database) if facts is None else facts
    if current is None:
        return False
    try:
        state = json.loads(read_small_file(state_file(database)))
        return bool(state["database"] == current)
    except (OSError, ValueError, KeyError, TypeError):
        return False


def record(database: Path, facts_before_check: Facts) -> None:
    """Note that ``database`` passed the checks, as it was when they began.

    Nothing is recorded when the file changed meanwhile, or when a later write might not
    show in its facts (times in whole seconds, or too recent for the clock's step).
    """
    target = state_file(database)
    target.unlink(missing_ok=True)
    facts = _settled(database, facts_before_check)
    if facts is None:
        return
    write_state_file(target, {"database": facts}, "Check")


def forget(database: Path) -> None:
    """The next opening checks every page again."""
    state_file(database).unlink(missing_ok=True)


def _settled(database: Path, facts_before_check: Facts) -> Facts | None:
    facts = file_facts(database)
    if facts is None or facts != facts_before_check:
        return None
    return facts if settled(facts[2:], lambda: file_facts(database) == facts) else None


def check_after_changes(database: Path) -> None:
    """At closing: when the file changed since it last passed the checks, read every page
    now (so the next opening need not) and record the facts if it passes.

    Never raises: a file that fails is left unrecorded, and refused at the next opening
    with everything the refusal says.
    """
    try:
        before = file_facts(database)
        if before is None or unchanged(database, before):
            return
        problems = sqlite.quick_check_problems(database)
        if problems:
            log.error("The library %s fails SQLite's quick check: %s", database, problems[:3])
            forget(database)
            return
        record(database, before)
    except Exception:
        log.warning("The library %s was not checked on closing", database, exc_info=True)
