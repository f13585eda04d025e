"""Opening a data folder: a new file, its marks and pragmas, sessions, the writer lock."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from ppf_app.cli.main import main as cli_main
from ppf_app.core.paths import DataPaths
from ppf_app.services.library import DataFolderError, DataFolderProblem, open_library
from ppf_app.storage import schema, sqlite
from ppf_app.storage.database import open_database
from ppf_app.storage.models import Assessment, Person, Rating
from tests.conftest import REPO_ROOT

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def _add_person(db, name: str = "Ada") -> int:
    with db.session() as session:
        person = Person(name=name, professional_group="clinician")
        session.add(person)
        session.flush()
        return person.id


def test_new_library_is_marked_and_stamped_at_head(data_dir: Path):
    paths = DataPaths(data_dir)
    open_database(paths).close()
    with sqlite3.connect(paths.database) as connection:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == sqlite.APPLICATION_ID
        assert connection.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (schema.HEAD_REVISION,)
        ]
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # Nothing half-made is left next to it.
    assert sorted(p.name for p in data_dir.iterdir() if p.name.startswith(".")) == []


def test_every_connection_has_the_safety_pragmas(data_dir: Path):
    db = open_database(DataPaths(data_dir))
    try:
        with db.engine.connect() as connection:
            pragma = connection.exec_driver_sql
            assert pragma("PRAGMA journal_mode").scalar() == "wal"
            assert pragma("PRAGMA synchronous").scalar() == 2  # FULL
            assert pragma("PRAGMA foreign_keys").scalar() == 1
            assert pragma("PRAGMA busy_timeout").scalar() == 5000
    finally:
        db.close()


def test_session_commits_on_success_and_rolls_back_on_error(data_dir: Path):
    db = open_database(DataPaths(data_dir))
    try:
        _add_person(db, "Kept")
        with pytest.raises(RuntimeError), db.session() as session:
            session.add(Person(name="Dropped", professional_group="manager"))
            session.flush()
            raise RuntimeError("stop")
        with db.session() as session:
            names = session.exec(select(Person.name)).all()
        assert names == ["Kept"]
    finally:
        db.close()


def test_foreign_keys_are_enforced_and_cascade(data_dir: Path):
    db = open_database(DataPaths(data_dir))
    try:
        person_id = _add_person(db)
        with db.session() as session:
            assessment = Assessment(
                person_id=person_id,
                framework_id="ppf",
                framework_version="1",
                assessed_on=date(2026, 1, 5),
            )
            session.add(assessment)
            session.flush()
            session.add(Rating(assessment_id=assessment.id, behaviour_id="b1", level=3))
        with pytest.raises(Exception, match="FOREIGN KEY"), db.session() as session:
            session.add(Rating(assessment_id=999, behaviour_id="b1", level=1))
        with db.session() as session:
            session.delete(session.get(Person, person_id))
        with db.session() as session:
            assert session.exec(select(Rating)).all() == []
            assert session.exec(select(Assessment)).all() == []
    finally:
        db.close()


def test_data_reopens_after_close(data_dir: Path):
    paths = DataPaths(data_dir)
    db = open_database(paths)
    _add_person(db, "Grace")
    db.close()
    db = open_database(paths)
    try:
        with db.session() as session:
            assert session.exec(select(Person.name)).all() == ["Grace"]
    finally:
        db.close()


@posix_only
def test_folder_database_and_backups_are_private(data_dir: Path):
    paths = DataPaths(data_dir)
    db = open_database(paths)
    _add_person(db)
    db.close()  # makes a backup
    db = open_database(paths)
    try:
        _add_person(db, "Second")
        assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
        assert stat.S_IMODE(paths.backups.stat().st_mode) == 0o700
        files = [paths.database, *sqlite.companions(paths.database), paths.lock_file]
        files += list(paths.backups.iterdir())
        checked = [f for f in files if f.exists()]
        assert paths.database in checked and len(checked) >= 3
        for file in checked:
            assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
    finally:
        db.close()


def test_second_opener_is_refused_clearly_and_writes_nothing(data_dir: Path):
    first = open_library(data_dir)
    try:
        _add_person(first.db)
        before = first.paths.database.read_bytes()
        with pytest.raises(DataFolderError) as caught:
            open_library(data_dir)
        assert caught.value.kind is DataFolderProblem.LOCKED
        message = str(caught.value)
        assert "already open in another PPF Self-Assessment window or command" in message
        assert str(data_dir) in message and "Close it first" in message
        assert first.paths.database.read_bytes() == before
        # The first one is unaffected.
        _add_person(first.db, "Still writing")
    finally:
        first.close()
    # Released on close: the next opener gets in.
    open_library(data_dir).close()


def test_lock_held_by_another_process(data_dir: Path, capsys: pytest.CaptureFixture[str]):
    lib = open_library(data_dir)
    _add_person(lib.db)
    lib.close()  # leaves a backup to restore
    backup = next(lib.paths.backups.iterdir())
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from ppf_app.services.library import open_library\n"
            "lib = open_library(sys.argv[1]); print('open', flush=True); sys.stdin.read()",
            str(data_dir),
        ],
        cwd=REPO_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        with pytest.raises(DataFolderError) as caught:
            open_library(data_dir)
        assert caught.value.kind is DataFolderProblem.LOCKED
        before = lib.paths.database.read_bytes()
        status = cli_main(
            ["--data-dir", str(data_dir), "--wait", "0", "backup", "restore", backup.name]
        )
        assert status == 2
        assert "already open in another PPF Self-Assessment" in capsys.readouterr().err
        assert lib.paths.database.read_bytes() == before
    finally:
        holder.kill()
        holder.wait()
    open_library(data_dir).close()  # a killed holder leaves no lock behind


def test_opening_an_up_to_date_library_does_not_load_alembic(data_dir: Path):
    open_library(data_dir).close()
    code = (
        "import sys; from ppf_app.services.library import open_library\n"
        "open_library(sys.argv[1]).close()\n"
        "print('alembic' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(data_dir)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == "False"


def test_a_server_url_uses_no_data_folder(data_dir: Path):
    """A PostgreSQL URL opens no data folder, takes no lock and runs no SQLite code; an
    unreachable server is one clear refusal. (Server mode is tested against a real
    PostgreSQL server in tests/server.)"""
    from ppf_app.storage.server import ServerError, ServerProblem

    with pytest.raises(ServerError) as caught:
        open_database(DataPaths(data_dir), url="postgresql://nobody@127.0.0.1:1/none")
    assert caught.value.kind is ServerProblem.UNREACHABLE
    assert len(caught.value.problems) == 1
    assert not data_dir.exists()
