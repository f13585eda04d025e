"""Backups of the library database: making them, keeping a few, finding a good one.

Backups live in the data folder's ``backups`` folder as ``library-YYYY-MM-DDTHHMMSS.sqlite3``
(local time). A new one is made only when the data differ from the newest backup; then
rotation keeps the 3 newest, the newest of each of the last 7 days that have backups and
the newest of each of the last 4 ISO weeks. Copies made before a schema upgrade
(``...-before-upgrade.sqlite3``) and files kept aside by a restore
(``library-replaced-...``) are never rotated away.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from ppf_app.storage import backup_state, schema, sqlite

log = logging.getLogger(__name__)

#: The newest few are kept whatever their day, so a mistake made today can be undone.
KEEP_RECENT = 3
KEEP_DAILY = 7
KEEP_WEEKLY = 4

_STAMP_FORMAT = "%Y-%m-%dT%H%M%S"
_NAME = re.compile(
    r"^library-(?P<replaced>replaced-)?(?P<stamp>\d{4}-\d\d-\d\dT\d{6})"
    r"(?:-(?P<serial>\d+))?(?P<label>-before-upgrade)?\.sqlite3$"
)


@dataclass(frozen=True)
class BackupFile:
    """One file in the backups folder."""

    path: Path
    created: datetime
    rotated: bool  # False for copies that rotation never deletes
    serial: int = 1  # 2, 3, ... for later backups made within the same second

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def parse_name(path: Path) -> BackupFile | None:
    """The backup a file name describes, or ``None`` for any other file."""
    match = _NAME.match(path.name)
    if match is None:
        return None
    stamp = match["stamp"]  # YYYY-MM-DDTHHMMSS, read without strptime (quicker, at start)
    try:
        created = datetime(
            int(stamp[0:4]),
            int(stamp[5:7]),
            int(stamp[8:10]),
            int(stamp[11:13]),
            int(stamp[13:15]),
            int(stamp[15:17]),
        )
    except ValueError:
        return None
    rotated = not (match["replaced"] or match["label"])
    serial = int(match["serial"] or 1)
    return BackupFile(path=path, created=created, rotated=rotated, serial=serial)


def backup_files(folder: Path) -> list[BackupFile]:
    """Every backup in ``folder``, newest first."""
    if not folder.is_dir():
        return []
    found = [parse_name(path) for path in folder.iterdir() if path.is_file()]
    backups = [backup for backup in found if backup is not None]
    return sorted(backups, key=lambda b: (b.created, b.serial, b.name), reverse=True)


def _free_name(folder: Path, prefix: str, when: datetime, label: str = "") -> Path:
    """``prefix + time + label``, with a serial above any backup already made that second."""
    stamp = when.strftime(_STAMP_FORMAT)
    taken = [
        found.serial
        for found in (parse_name(path) for path in folder.glob(f"{prefix}{stamp}*"))
        if found is not None and found.name.startswith(prefix + stamp)
    ]
    taken += [1] if (folder / f"{prefix}{stamp}{label}.sqlite3").exists() else []
    if not taken:
        return folder / f"{prefix}{stamp}{label}.sqlite3"
    return folder / f"{prefix}{stamp}-{max(taken) + 1}{label}.sqlite3"


def aside_name(folder: Path, when: datetime) -> Path:
    """A free name for a database file moved aside by a restore."""
    return _free_name(folder, "library-replaced-", when)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def make_backup(
    database: Path, folder: Path, *, when: datetime | None = None, before_upgrade: bool = False
) -> Path | None:
    """Copy ``database`` into ``folder`` when its data differ from the newest backup.

    A copy made ``before_upgrade`` is always kept. Returns the new backup, or ``None``
    when the newest backup already holds the same data. Whether it does is first
    decided from the file facts recorded with it (:mod:`ppf_app.storage.backup_state`),
    and only when they changed by copying the data and comparing.
    """
    when = when or datetime.now()
    folder.mkdir(parents=True, exist_ok=True)
    # Callers hold the writer lock: any partial copy here is from a process that died.
    for leftover in folder.glob(".library-*.partial*"):
        leftover.unlink(missing_ok=True)
    newest = _newest_rotated(folder)
    if not before_upgrade and newest is not None and backup_state.unchanged_since(database, newest):
        return None
    temporary = folder / f".library-{os.getpid()}.partial"
    try:
        facts = backup_state.file_facts(database)
        sqlite.online_backup(database, temporary)
        if not before_upgrade and newest is not None and _sha256(newest) == _sha256(temporary):
            temporary.unlink()
            backup_state.record(database, newest, facts)
            return None
        label = "-before-upgrade" if before_upgrade else ""
        target = _free_name(folder, "library-", when, label)
        os.replace(temporary, target)
        sqlite.fsync_dir(folder)
    finally:
        temporary.unlink(missing_ok=True)
    log.info("Backed up %s to %s", database, target)
    rotate(folder)
    if not before_upgrade and _newest_rotated(folder) == target:
        backup_state.record(database, target, facts)
    return target


def _newest_rotated(folder: Path) -> Path | None:
    rotated = [b for b in backup_files(folder) if b.rotated]
    return rotated[0].path if rotated else None


def kept(
    stamps: Iterable[datetime],
    daily: int = KEEP_DAILY,
    weekly: int = KEEP_WEEKLY,
    recent: int = KEEP_RECENT,
) -> set[datetime]:
    """The backup times rotation keeps.

    The ``recent`` newest; the newest of each of the last ``daily`` days that have
    backups; and the newest of each of the last ``weekly`` ISO weeks that have backups.
    """
    newest_first = sorted(set(stamps), reverse=True)
    keep = set(newest_first[:recent])
    days: list[object] = []
    weeks: list[object] = []
    for stamp in newest_first:
        day = stamp.date()
        if day not in days:
            days.append(day)
            if len(days) <= daily:
                keep.add(stamp)
        week = stamp.isocalendar()[:2]
        if week not in weeks:
            weeks.append(week)
            if len(weeks) <= weekly:
                keep.add(stamp)
    return keep


def rotate(folder: Path) -> list[Path]:
    """Delete the rotated backups :func:`kept` does not keep; returns what was deleted."""
    rotated = [b for b in backup_files(folder) if b.rotated]
    # Backups made within one second are told apart (and ordered) by their serial.
    moment = {b.path: b.created + timedelta(microseconds=b.serial) for b in rotated}
    keep = kept(moment.values())
    deleted = []
    for backup in rotated:
        if moment[backup.path] not in keep:
            backup.path.unlink(missing_ok=True)
            deleted.append(backup.path)
    return deleted


def newest_good(folder: Path) -> Path | None:
    """The newest backup that passes a full integrity check and this version can read."""
    for backup in backup_files(folder):
        if restorable_problem(backup.path) is None:
            return backup.path
    return None


_COMPARED = (("person", "person", "people"), ("assessment", "assessment", "assessments"))


def _records(database: Path) -> dict[str, dict[str, tuple[int, str]]] | None:
    """Per table, each row's ``uid`` with its id and ``updated_at``; ``None`` when unreadable.

    Read-only and without a byte written: through the WAL when the file is in use, as
    an immutable file otherwise.
    """
    if sqlite.special_companions(database):
        return None  # a named pipe as its WAL: never read
    in_use = any(Path(f"{database}{suffix}").exists() for suffix in ("-wal", "-shm"))
    try:
        with sqlite.read_only(database, immutable=not in_use) as connection:
            return {
                table: {
                    str(uid): (int(row_id), str(updated_at))
                    for row_id, uid, updated_at in connection.execute(
                        f"SELECT id, uid, updated_at FROM {table}"
                    )
                }
                for table, _one, _many in _COMPARED
            }
    except (sqlite3.Error, ValueError, TypeError, OSError):
        return None


def _ids(rows: list[int]) -> str:
    shown = ", ".join(str(row_id) for row_id in sorted(rows)[:5])
    more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
    return f"{'id' if len(rows) == 1 else 'ids'} {shown}{more}"


def what_backup_lacks(database: Path, backup: Path) -> str:
    """What putting ``backup`` in place of ``database`` would lose, in a few words.

    The people and assessments the database still shows that the backup lacks, or holds
    in an older state. When the database cannot be read at all, the backup's time says
    from when on work would be lost.
    """
    found = parse_name(backup)
    made = found.created.isoformat(sep=" ", timespec="seconds") if found else "its time"
    current = _records(database) if database.is_file() else None  # never a named pipe
    kept = _records(backup)
    if current is None or kept is None:
        return f"it holds the library as it was at {made}; anything saved after then is lost"
    lacks = []
    for table, one, many in _COMPARED:
        new = [row_id for uid, (row_id, _at) in current[table].items() if uid not in kept[table]]
        changed = [
            row_id
            for uid, (row_id, at) in current[table].items()
            if uid in kept[table] and kept[table][uid][1] < at
        ]
        if new:
            lacks.append(f"{len(new)} {one if len(new) == 1 else many} ({_ids(new)})")
        if changed:
            noun = one if len(changed) == 1 else many
            lacks.append(f"the later changes to {len(changed)} {noun} ({_ids(changed)})")
    if not lacks:
        return f"it was made at {made} and holds every person and assessment the file shows"
    return f"it was made at {made} and lacks " + ", and ".join(lacks)


def restorable_problem(backup: Path) -> str | None:
    """Why ``backup`` cannot replace the database, or ``None`` when it can."""
    problem = sqlite.verify_copy(backup)
    if problem is not None:
        return problem
    _application_id, user_version = sqlite.read_header(backup)
    if user_version > schema.SCHEMA_VERSION:
        return "made by a newer version of PPF Self-Assessment"
    return None


def put_back(
    database: Path, backup: Path, folder: Path, *, when: datetime | None = None
) -> Path | None:
    """Replace ``database`` by a copy of ``backup``; the replaced file is moved into ``folder``.

    The copy is complete on disk before anything is moved, and the database appears in one
    step. Returns where the replaced file (with its WAL, if any) was kept, or ``None`` when
    there was no database.
    """
    partial = database.with_name(f".{database.name}.{os.getpid()}.restoring")
    old_umask = os.umask(0o077)
    try:
        shutil.copyfile(backup, partial)
        sqlite.fsync_file(partial)
        aside = None
        if database.exists():
            aside = aside_name(folder, when or datetime.now())
            os.replace(database, aside)
            for companion, kept_companion in zip(
                sqlite.companions(database), sqlite.companions(aside), strict=True
            ):
                if companion.exists():
                    os.replace(companion, kept_companion)
            sqlite.fsync_dir(folder)
        os.replace(partial, database)
        sqlite.fsync_dir(database.parent)
    finally:
        os.umask(old_umask)
        partial.unlink(missing_ok=True)
    sqlite.secure_files(database)
    log.info("Restored %s from %s; the replaced file is %s", database, backup, aside)
    return aside
