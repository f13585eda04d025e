"""A restore offer names what the backup lacks, so no advice silently loses saved work."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ppf_app.core.paths import DataPaths
from ppf_app.services.library import DataFolderError, DataFolderProblem, open_library
from ppf_app.storage import backups
from ppf_app.storage.models import Assessment, Person, Rating


def _add_assessment(lib, person_id: int, ratings: int = 0) -> int:
    with lib.db.session() as session:
        assessment = Assessment(
            person_id=person_id,
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
        return assessment.id


def _library_with_unbacked_work(data_dir: Path) -> tuple[Path, Path, list[int]]:
    """A library whose newest backup lacks the last two assessments."""
    lib = open_library(data_dir)
    with lib.db.session() as session:
        person = Person(name="Asha Patel", professional_group="clinician")
        session.add(person)
        session.flush()
        person_id = person.id
    _add_assessment(lib, person_id, ratings=300)
    lib.close()  # the backup holds the person and the first assessment
    lib = open_library(data_dir)
    later = [_add_assessment(lib, person_id), _add_assessment(lib, person_id)]
    lib.db.close(backup=False)  # saved, and not in any backup
    backup = next(DataPaths(data_dir).backups.iterdir())
    return lib.paths.database, backup, later


def test_what_a_backup_lacks_is_named(data_dir: Path):
    database, backup, later = _library_with_unbacked_work(data_dir)
    lacks = backups.what_backup_lacks(database, backup)
    assert f"lacks 2 assessments (ids {later[0]}, {later[1]})" in lacks


def test_a_backup_that_lacks_nothing_says_so(data_dir: Path):
    lib = open_library(data_dir)
    with lib.db.session() as session:
        session.add(Person(name="Asha Patel", professional_group="clinician"))
    lib.close()
    backup = next(DataPaths(data_dir).backups.iterdir())
    assert "holds every person and assessment" in backups.what_backup_lacks(
        lib.paths.database, backup
    )


def test_the_refusal_of_a_damaged_file_names_what_the_offered_backup_lacks(data_dir: Path):
    database, backup, later = _library_with_unbacked_work(data_dir)
    content = bytearray(database.read_bytes())
    page = 4096
    middle = (len(content) // page // 2) * page  # among the ratings' pages
    content[middle : middle + page] = b"\xa5" * page
    database.write_bytes(bytes(content))
    with pytest.raises(DataFolderError) as caught:
        open_library(data_dir)
    error = caught.value
    assert error.kind is DataFolderProblem.DAMAGED
    assert error.newest_backup == backup
    message = str(error)
    assert f"lacks 2 assessments (ids {later[0]}, {later[1]})" in message
    assert f"ppf backup restore {backup.name}" in message


def test_an_unreadable_file_offers_the_backup_with_its_time(data_dir: Path):
    database, backup, _later = _library_with_unbacked_work(data_dir)
    database.write_bytes(b"")
    with pytest.raises(DataFolderError) as caught:
        open_library(data_dir)
    made = backups.parse_name(backup).created.isoformat(sep=" ", timespec="seconds")
    assert f"as it was at {made}; anything saved after then is lost" in str(caught.value)


def test_a_restore_names_what_it_put_aside(data_dir: Path, capsys: pytest.CaptureFixture[str]):
    from ppf_app.cli.main import main as cli_main

    _database, backup, later = _library_with_unbacked_work(data_dir)
    status = cli_main(["--data-dir", str(data_dir), "backup", "restore", backup.name])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    aside = captured.out.strip()
    assert f"lacks 2 assessments (ids {later[0]}, {later[1]})" in captured.err
    assert f"the replaced file is {aside}" in captured.err
