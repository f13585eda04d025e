"""SQLite's check of every page runs when the file changed since it last passed, not at
every opening; whatever changes the file, even with its old times put back, is checked."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from ppf_app.services import people
from ppf_app.services.library import DataFolderError, DataFolderProblem, open_library
from ppf_app.storage import check_state, sqlite


@pytest.fixture
def full_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each full check from now on: ``opening`` or ``closing``."""
    made: list[str] = []
    real_inspect = sqlite.inspect_library
    real_quick_check = sqlite.quick_check_problems

    def inspect_library(path: Path, *, quick_check: bool = True) -> Any:
        if quick_check:
            made.append("opening")
        return real_inspect(path, quick_check=quick_check)

    def quick_check_problems(path: Path) -> list[str]:
        made.append("closing")
        return real_quick_check(path)

    monkeypatch.setattr(sqlite, "inspect_library", inspect_library)
    monkeypatch.setattr(sqlite, "quick_check_problems", quick_check_problems)
    return made


def _library(data_dir: Path) -> Path:
    with open_library(data_dir) as lib:
        people.add_person(lib, name="Asha Patel", professional_group="clinician")
    return data_dir / "library.sqlite3"


def test_an_unchanged_library_is_not_read_page_by_page_again(
    data_dir: Path, full_checks: list[str]
) -> None:
    database = _library(data_dir)
    assert full_checks == ["closing"]  # changed in that session: checked as it closed
    assert check_state.unchanged(database)
    for _ in range(2):
        with open_library(data_dir) as lib:
            assert [p.name for p in people.list_people(lib)] == ["Asha Patel"]
    assert full_checks == ["closing"]


def test_a_change_is_checked_as_the_library_closes(data_dir: Path, full_checks: list[str]) -> None:
    _library(data_dir)
    with open_library(data_dir) as lib:
        people.add_person(lib, name="Ben Okafor", professional_group="manager")
    assert full_checks == ["closing", "closing"]
    with open_library(data_dir):
        pass
    assert full_checks == ["closing", "closing"]


def test_damage_made_with_the_old_times_put_back_is_found(
    data_dir: Path, full_checks: list[str]
) -> None:
    database = _library(data_dir)
    before = database.stat()
    content = bytearray(database.read_bytes())
    page = 4096
    content[page : 2 * page] = b"\xa5" * page  # the first table's page, same size
    with open(database, "r+b") as stream:  # in place: the same inode
        stream.write(content)
    os.utime(database, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert database.stat().st_ino == before.st_ino
    assert database.stat().st_size == before.st_size
    assert database.stat().st_mtime_ns == before.st_mtime_ns

    with pytest.raises(DataFolderError) as caught:
        open_library(data_dir)
    assert caught.value.kind is DataFolderProblem.DAMAGED
    assert full_checks == ["closing", "opening"]


def test_a_file_put_in_place_is_checked(data_dir: Path, full_checks: list[str]) -> None:
    database = _library(data_dir)
    copy = database.with_name("copy.sqlite3")
    copy.write_bytes(database.read_bytes())
    copy.chmod(0o600)  # as the app keeps it (tightening it would change it again)
    os.replace(copy, database)  # a new inode, as a restore or a copy leaves
    with open_library(data_dir):
        pass
    assert full_checks == ["closing", "opening"]
    with open_library(data_dir):
        pass
    assert full_checks == ["closing", "opening"]


def test_a_file_that_fails_on_closing_is_not_recorded(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, full_checks: list[str]
) -> None:
    database = _library(data_dir)
    monkeypatch.setattr(sqlite, "quick_check_problems", lambda _path: ["page 2: damaged"])
    with open_library(data_dir) as lib:
        people.add_person(lib, name="Ben Okafor", professional_group="manager")
    assert not check_state.state_file(database).exists()
    assert not check_state.unchanged(database)


def test_the_record_is_not_trusted_beside_a_wal(data_dir: Path, full_checks: list[str]) -> None:
    database = _library(data_dir)
    wal = Path(f"{database}-wal")
    wal.write_bytes(b"")  # a WAL left behind: the file's facts alone say nothing
    assert not check_state.unchanged(database)
    with open_library(data_dir):
        pass
    assert full_checks == ["closing", "opening"]


@pytest.mark.parametrize("content", [b"", b"\x00garbage", b"[]", b'{"database": "x"}'])
def test_a_damaged_record_is_ignored_and_written_again(
    data_dir: Path, full_checks: list[str], content: bytes
) -> None:
    database = _library(data_dir)
    check_state.state_file(database).write_bytes(content)
    with open_library(data_dir):
        pass
    assert full_checks == ["closing", "opening"]
    assert check_state.unchanged(database)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_as_the_record_is_ignored(data_dir: Path, full_checks: list[str]) -> None:
    database = _library(data_dir)
    state = check_state.state_file(database)
    state.unlink()
    os.mkfifo(state)
    assert not check_state.unchanged(database)  # returns at once, without waiting


def test_a_refused_opening_records_nothing(data_dir: Path) -> None:
    database = _library(data_dir)
    with open_library(data_dir):
        check_state.forget(database)
        with pytest.raises(DataFolderError) as caught:
            open_library(data_dir)  # the folder is open: refused after the full check
        assert caught.value.kind is DataFolderProblem.LOCKED
        assert not check_state.state_file(database).exists()
