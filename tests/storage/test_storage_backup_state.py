"""Opening and closing decide on a backup from file facts, without copying unchanged data.

The guarantee stays: a backup is made whenever the data changed since the newest one,
whoever changed them (this app, another program, a restore).
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from ppf_app.services import backups as backup_service
from ppf_app.services import people
from ppf_app.services.library import open_library
from ppf_app.storage import backup_state, backups, sqlite


def _copies(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every copy the backup code makes from now on (the copies still happen)."""
    made: list[Path] = []
    real = sqlite.online_backup

    def counting(source: Path, target: Path) -> None:
        made.append(target)
        real(source, target)

    monkeypatch.setattr(sqlite, "online_backup", counting)
    return made


def _rotated(data_dir: Path) -> list[Path]:
    return [b.path for b in backups.backup_files(data_dir / "backups") if b.rotated]


def _add(data_dir: Path, name: str) -> None:
    with open_library(data_dir) as lib:
        people.add_person(lib, name=name, professional_group="clinician")


def test_unchanged_data_is_not_copied_at_opening_or_closing(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add(data_dir, "Ann")
    assert len(_rotated(data_dir)) == 1
    state = backup_state.state_file(data_dir / "library.sqlite3")
    assert state.is_file()
    assert state.stat().st_mode & 0o077 == 0
    copies = _copies(monkeypatch)
    for _ in range(3):
        open_library(data_dir).close()
    assert copies == []
    assert len(_rotated(data_dir)) == 1


def test_a_write_through_the_app_is_backed_up_at_closing(data_dir: Path) -> None:
    _add(data_dir, "Ann")
    _add(data_dir, "Bob")  # opened with nothing new, closed after a write
    newest = _rotated(data_dir)[0]
    with closing(sqlite3.connect(newest)) as copy:
        assert [r[0] for r in copy.execute("SELECT name FROM person ORDER BY id")] == [
            "Ann",
            "Bob",
        ]


def test_a_same_size_change_by_another_program_is_backed_up_at_opening(data_dir: Path) -> None:
    _add(data_dir, "Ann")
    database = data_dir / "library.sqlite3"
    size = database.stat().st_size
    with closing(sqlite3.connect(database)) as other:
        other.execute("UPDATE person SET name = 'Bea'")
        other.commit()
    assert database.stat().st_size == size
    before = _rotated(data_dir)
    open_library(data_dir).close()
    after = _rotated(data_dir)
    assert len(after) == len(before) + 1
    with closing(sqlite3.connect(after[0])) as copy:
        assert copy.execute("SELECT name FROM person").fetchall() == [("Bea",)]


def test_a_restored_file_is_compared_again(data_dir: Path) -> None:
    _add(data_dir, "Ann")
    first = _rotated(data_dir)[0]
    _add(data_dir, "Bob")
    backup_service.restore(data_dir, first.name)  # back to Ann only: not the newest backup
    before = _rotated(data_dir)
    open_library(data_dir).close()
    after = _rotated(data_dir)
    assert len(after) == len(before) + 1
    with closing(sqlite3.connect(after[0])) as copy:
        assert copy.execute("SELECT name FROM person").fetchall() == [("Ann",)]


def test_whole_second_file_times_are_not_trusted(data_dir: Path) -> None:
    _add(data_dir, "Ann")
    database = data_dir / "library.sqlite3"
    newest = _rotated(data_dir)[0]
    os.utime(database, ns=(1_700_000_000 * 10**9, 1_700_000_000 * 10**9))
    facts = backup_state.file_facts(database)
    backup_state.record(database, newest, facts)
    assert not backup_state.state_file(database).exists()
    assert not backup_state.unchanged_since(database, newest)


def test_facts_that_changed_during_the_copy_are_not_recorded(data_dir: Path) -> None:
    _add(data_dir, "Ann")
    database = data_dir / "library.sqlite3"
    newest = _rotated(data_dir)[0]
    stale = backup_state.file_facts(database)
    _add(data_dir, "Bob")
    backup_state.record(database, newest, stale)
    assert not backup_state.state_file(database).exists()
