"""Backups: made when the data changed, rotated, listed, and restored round trip."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from ppf_app.cli.main import main as cli_main
from ppf_app.core.errors import NotFound, UserError
from ppf_app.core.paths import DataPaths
from ppf_app.services import backups as backup_service
from ppf_app.services.library import DataFolderError, DataFolderProblem, open_library
from ppf_app.storage import backups
from ppf_app.storage.models import Person


def _names(lib) -> list[str]:
    with lib.db.session() as session:
        return list(session.exec(select(Person.name).order_by(Person.id)).all())


def _add(lib, name: str) -> None:
    with lib.db.session() as session:
        session.add(Person(name=name, professional_group="clinician"))


# -- rotation: a pure function of the backup times ------------------------------------------


def test_rotation_keeps_newest_per_day_for_seven_days():
    start = datetime(2026, 11, 2, 8, 0)  # a Monday
    stamps = [start + timedelta(days=d, hours=h) for d in range(10) for h in (0, 4, 9)]
    keep = backups.kept(stamps, recent=0)
    daily = sorted(s for s in keep if s.date() >= (start + timedelta(days=3)).date())
    assert daily == [start + timedelta(days=d, hours=9) for d in range(3, 10)]


def test_rotation_keeps_newest_per_iso_week_for_four_weeks():
    start = datetime(2026, 1, 5, 12, 0)  # Monday of ISO week 2
    stamps = [start + timedelta(days=d) for d in range(0, 70, 2)]  # ten weeks, every other day
    keep = backups.kept(stamps, daily=0, weekly=4, recent=0)
    weeks = sorted(s.isocalendar()[:2] for s in keep)
    assert len(keep) == 4
    assert weeks == sorted({s.isocalendar()[:2] for s in stamps})[-4:]
    for kept_stamp in keep:  # each is the newest of its week
        same_week = [s for s in stamps if s.isocalendar()[:2] == kept_stamp.isocalendar()[:2]]
        assert kept_stamp == max(same_week)


def test_rotation_counts_days_that_have_backups_not_calendar_days():
    stamps = [datetime(2026, 1, 1), datetime(2026, 3, 1), datetime(2026, 6, 1)]
    assert backups.kept(stamps, daily=7, weekly=0, recent=0) == set(stamps)


def test_rotation_deletes_files_and_spares_special_copies(tmp_path: Path):
    folder = tmp_path / "backups"
    folder.mkdir()
    start = datetime(2026, 11, 26, 10, 0)
    for hours in range(0, 24 * 40, 12):  # 80 backups over 40 days
        name = f"library-{(start - timedelta(hours=hours)):%Y-%m-%dT%H%M%S}.sqlite3"
        (folder / name).write_bytes(b"x")
    special = [
        folder / "library-2020-01-01T000000-before-upgrade.sqlite3",
        folder / "library-replaced-2020-01-01T000000.sqlite3",
        folder / "notes.txt",
    ]
    for path in special:
        path.write_bytes(b"x")
    backups.rotate(folder)
    left = {p.name for p in folder.iterdir()}
    assert {p.name for p in special} <= left
    regular = [b for b in backups.backup_files(folder) if b.rotated]
    assert 7 <= len(regular) <= 3 + 7 + 4
    assert regular[0].created == start


# -- making backups ---------------------------------------------------------------------------


def test_backup_only_when_the_data_changed(data_dir: Path):
    lib = open_library(data_dir)
    _add(lib, "Ada")
    assert lib.db.backup_if_changed() is not None
    assert lib.db.backup_if_changed() is None  # nothing new
    _add(lib, "Grace")
    second = lib.db.backup_if_changed()
    lib.close()
    assert second is not None
    open_library(data_dir).close()  # opening and closing unchanged data adds nothing
    files = backups.backup_files(lib.paths.backups)
    assert files[0].path == second
    assert len(files) == 2
    with sqlite3.connect(second) as connection:
        assert connection.execute("SELECT name FROM person ORDER BY id").fetchall() == [
            ("Ada",),
            ("Grace",),
        ]
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()


def test_backups_within_one_second_get_distinct_names(tmp_path: Path, data_dir: Path):
    lib = open_library(data_dir)
    when = datetime(2026, 11, 26, 10, 15)
    made = []
    for name in ("A", "B", "C"):
        _add(lib, name)
        made.append(backups.make_backup(lib.paths.database, lib.paths.backups, when=when))
    lib.db.close(backup=False)
    assert [p.name for p in made if p] == [
        "library-2026-11-26T101500.sqlite3",
        "library-2026-11-26T101500-2.sqlite3",
        "library-2026-11-26T101500-3.sqlite3",
    ]
    left = backups.backup_files(lib.paths.backups)
    assert [b.path for b in left] == made[::-1]  # newest first, by serial
    with sqlite3.connect(left[0].path) as connection:
        assert connection.execute("SELECT count(*) FROM person").fetchone()[0] == 3
    connection.close()


def test_rotation_keeps_the_three_newest_of_today():
    stamps = [datetime(2026, 11, 26, h) for h in (8, 10, 12, 14, 16)]
    assert backups.kept(stamps, daily=7, weekly=4) == set(stamps[-3:])


# -- listing and restoring --------------------------------------------------------------------


def test_list_and_restore_round_trip(data_dir: Path, capsys: pytest.CaptureFixture[str]):
    lib = open_library(data_dir)
    _add(lib, "Ada")
    lib.close()  # backup holding Ada
    lib = open_library(data_dir)
    _add(lib, "Mistake")
    lib.db.close(backup=False)

    assert cli_main(["--data-dir", str(data_dir), "backup", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    name, created, size = lines[0].split("\t")
    assert name.startswith("library-") and name.endswith(".sqlite3")
    assert datetime.fromisoformat(created) <= datetime.now()
    assert int(size) == (lib.paths.backups / name).stat().st_size

    assert cli_main(["--data-dir", str(data_dir), "backup", "restore", name]) == 0
    aside = Path(capsys.readouterr().out.strip())
    assert aside.parent == lib.paths.backups and aside.name.startswith("library-replaced-")

    lib = open_library(data_dir)
    try:
        assert _names(lib) == ["Ada"]
    finally:
        lib.db.close(backup=False)
    # The replaced file is kept whole: it still holds the mistake.
    with sqlite3.connect(aside) as connection:
        names = [r[0] for r in connection.execute("SELECT name FROM person ORDER BY id")]
    connection.close()
    assert names == ["Ada", "Mistake"]


def test_restore_works_when_the_database_is_damaged(data_dir: Path):
    lib = open_library(data_dir)
    _add(lib, "Ada")
    lib.close()
    lib.paths.database.write_bytes(b"\x00" * 1000)
    with pytest.raises(DataFolderError) as caught:
        open_library(data_dir)
    assert caught.value.kind is DataFolderProblem.NOT_SQLITE
    newest = caught.value.newest_backup
    assert newest is not None

    listed = backup_service.list_backups(data_dir)
    assert [b.name for b in listed] == [newest.name] and listed[0].ok

    aside = backup_service.restore(data_dir, newest.name)
    assert aside is not None and aside.read_bytes() == b"\x00" * 1000
    lib = open_library(data_dir)
    try:
        assert _names(lib) == ["Ada"]
    finally:
        lib.close()


def test_restore_refuses_unknown_and_damaged_backups(data_dir: Path):
    lib = open_library(data_dir)
    _add(lib, "Ada")
    lib.close()
    paths = DataPaths(data_dir)
    before = paths.database.read_bytes()
    with pytest.raises(NotFound, match="no backup of that name"):
        backup_service.restore(data_dir, "library-1999-01-01T000000.sqlite3")
    with pytest.raises(NotFound):
        backup_service.restore(data_dir, "../library.sqlite3")
    broken = paths.backups / "library-2099-01-01T000000.sqlite3"
    broken.write_bytes(next(paths.backups.glob("library-2*")).read_bytes()[:3000])
    with pytest.raises(UserError, match="cannot be restored") as caught:
        backup_service.restore(data_dir, broken.name)
    assert str(broken) in str(caught.value)
    listed = {b.path: b for b in backup_service.list_backups(data_dir)}
    assert not listed[broken].ok
    assert paths.database.read_bytes() == before


def test_restore_refuses_while_the_library_is_open(data_dir: Path):
    lib = open_library(data_dir)
    try:
        _add(lib, "Ada")
        backup = lib.db.backup_if_changed()
        assert backup is not None
        with pytest.raises(DataFolderError) as caught:
            backup_service.restore(data_dir, backup.name)
        assert caught.value.kind is DataFolderProblem.LOCKED
        assert _names(lib) == ["Ada"]
    finally:
        lib.close()
