"""A data folder whose database is not usable is refused, and not one byte is written.

The matrix: an empty file, random bytes, a truncated library, a PNG under the database's
name, another application's SQLite files, a damaged page, and a library from a newer
version. Each gets its own message naming the file and the newest good backup.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from ppf_app.cli.main import main as cli_main
from ppf_app.core.paths import DataPaths
from ppf_app.services.library import DataFolderError, DataFolderProblem, open_library
from ppf_app.storage import schema
from ppf_app.storage.models import Assessment, Person, Rating

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa75\x81"
    b"\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _fill(data_dir: Path, ratings: int = 300) -> Path:
    """A real library of several hundred KB, closed (so a backup of it exists)."""
    lib = open_library(data_dir)
    with lib.db.session() as session:
        person = Person(name="Ada", professional_group="clinician")
        session.add(person)
        session.flush()
        assessment = Assessment(
            person_id=person.id,
            framework_id="ppf",
            framework_version="1",
            assessed_on=date(2026, 3, 1),
        )
        session.add(assessment)
        session.flush()
        for n in range(ratings):
            session.add(
                Rating(
                    assessment_id=assessment.id,
                    behaviour_id=f"b{n}",
                    level=n % 5,
                    evidence="evidence " * 100,
                )
            )
    lib.close()
    return lib.paths.database


def _empty(db: Path) -> None:
    db.write_bytes(b"")


def _random_bytes(db: Path) -> None:
    db.write_bytes(bytes(range(256))[::-1] * 64 + os.urandom(4096))


def _truncated(db: Path) -> None:
    content = db.read_bytes()
    db.write_bytes(content[: len(content) // 2 + 1000])


def _png(db: Path) -> None:
    db.write_bytes(PNG)


def _other_app(db: Path) -> None:
    db.unlink()
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        connection.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    connection.close()


def _other_app_with_its_id(db: Path) -> None:
    db.unlink()
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA application_id = 252006673")  # Fossil's
        connection.execute("CREATE TABLE blob (rid INTEGER PRIMARY KEY)")
    connection.close()


def _damaged_page(db: Path) -> None:
    content = bytearray(db.read_bytes())
    page = 4096
    middle = (len(content) // page // 2) * page
    content[middle : middle + page] = b"\xa5" * page
    db.write_bytes(bytes(content))


def _newer(db: Path) -> None:
    with sqlite3.connect(db) as connection:
        connection.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
        connection.execute("UPDATE alembic_version SET version_num = 'f00dfeed'")
    connection.close()


def _newer_revision_only(db: Path) -> None:
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f00dfeed'")
    connection.close()


CASES: list[tuple[str, Callable[[Path], None], DataFolderProblem, str]] = [
    ("empty", _empty, DataFolderProblem.EMPTY, "is empty: it has 0 bytes"),
    ("random", _random_bytes, DataFolderProblem.NOT_SQLITE, "is not a database"),
    ("truncated", _truncated, DataFolderProblem.DAMAGED, "cut short (truncated)"),
    ("png", _png, DataFolderProblem.NOT_SQLITE, "it is a PNG image, not a database"),
    ("other-app", _other_app, DataFolderProblem.NOT_OURS, "another application's SQLite"),
    ("other-app-id", _other_app_with_its_id, DataFolderProblem.NOT_OURS, "application id"),
    ("damaged-page", _damaged_page, DataFolderProblem.DAMAGED, "is damaged"),
    ("newer", _newer, DataFolderProblem.NEWER, "made by a newer version"),
    ("newer-revision", _newer_revision_only, DataFolderProblem.NEWER, "made by a newer version"),
]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _folder_state(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): _digest(p) for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    ("spoil", "kind", "wording"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_unusable_database_is_refused_untouched(
    data_dir: Path, spoil: Callable[[Path], None], kind: DataFolderProblem, wording: str
):
    db = _fill(data_dir, ratings=60)
    good_backup = next(DataPaths(data_dir).backups.iterdir())
    spoil(db)
    before = _folder_state(data_dir)

    with pytest.raises(DataFolderError) as caught:
        open_library(data_dir)

    error = caught.value
    assert error.kind is kind
    message = str(error)
    assert str(db) in message
    assert wording in message
    assert error.newest_backup == good_backup
    assert f"ppf backup restore {good_backup.name}" in message
    # Not a byte written: not the database, not a backup, no lock file.
    after = _folder_state(data_dir)
    assert after == before


def test_truncated_without_a_backup_says_so(data_dir: Path):
    db = _fill(data_dir)
    for backup in DataPaths(data_dir).backups.iterdir():
        backup.unlink()
    _truncated(db)
    digest = _digest(db)
    with pytest.raises(DataFolderError) as caught:
        open_library(data_dir)
    assert caught.value.kind is DataFolderProblem.DAMAGED
    assert caught.value.newest_backup is None
    assert "There is no good backup" in str(caught.value)
    assert _digest(db) == digest


def test_a_damaged_backup_is_not_offered(data_dir: Path):
    db = _fill(data_dir, ratings=60)
    backups = DataPaths(data_dir).backups
    good = next(backups.iterdir())
    newer_but_bad = backups / "library-2099-01-01T000000.sqlite3"
    newer_but_bad.write_bytes(good.read_bytes()[:5000])
    _empty(db)
    with pytest.raises(DataFolderError) as caught:
        open_library(data_dir)
    assert caught.value.newest_backup == good


def test_the_cli_says_which_and_names_the_backup(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
):
    db = _fill(data_dir, ratings=10)
    good_backup = next(DataPaths(data_dir).backups.iterdir())
    _png(db)
    status = cli_main(["--data-dir", str(data_dir), "person", "list"])
    err = capsys.readouterr().err
    assert status == 2
    assert "is not a database: it is a PNG image" in err
    assert str(good_backup) in err
    assert db.read_bytes() == PNG
