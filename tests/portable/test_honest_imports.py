"""Honest imports: what a file adds, changes and leaves alone is worked out before
anything is written and shown; ``ppf import`` applies changes to records already in the
library only with ``--yes``; what is left alone is listed, never silently dropped."""

from __future__ import annotations

from pathlib import Path

import pytest

from ppf_app.cli.main import main as cli_main
from ppf_app.core.errors import UserError
from ppf_app.services import assessments, people, portable
from ppf_app.services.library import open_library
from tests.portable.exchange import Exchange, database_sha256, tables
from tests.portable.helpers import signer_of


def ppf(folder: Path, *args: object) -> int:
    return cli_main(["--data-dir", str(folder), *map(str, args)])


def test_the_first_file_from_a_key_prints_what_it_would_add_and_waits_for_trust(
    ex: Exchange, capsys: pytest.CaptureFixture[str]
):
    third = ex.root / "third"
    assert ppf(third, "import", ex.signed) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    fingerprint = ex.fingerprint(ex.appraisee)
    lines = captured.err.splitlines()
    assert lines[0] == (
        f"{ex.signed}: the record of Ann Ward (not in this library yet); signed by "
        f"{fingerprint}, a key not yet known for Ann Ward: compare this fingerprint with the "
        "person who sent the file before trusting it"
    )
    assert "  add: person Ann Ward (clinician)" in lines
    assert "  add: self assessment of 2026-03-02 (ppf 2026.1)" in lines
    assert any(line.startswith("  add: appraisal of 2026-03-20, signed on ") for line in lines)
    assert lines[-2:] == [
        f"{ex.signed}: signed by a key not yet known for Ann Ward: {fingerprint}; nothing was "
        "imported",
        f"{ex.signed}: compare this fingerprint with the person who sent the file (their app "
        f"shows it on the profile page; ppf key show prints it), then import again with "
        f"--trust {fingerprint}",
    ]
    assert not (third / "library.sqlite3").exists() or people_count(third) == 0
    assert ppf(third, "import", ex.signed, "--trust", fingerprint) == 0
    captured = capsys.readouterr()
    assert captured.out == "1\n"
    assert f"  add: trust key {fingerprint} for files about Ann Ward" in captured.err


def people_count(folder: Path) -> int:
    with open_library(folder) as lib:
        return len(people.list_people(lib))


def test_changes_to_records_here_need_yes(ex: Exchange, capsys: pytest.CaptureFixture[str]):
    # Grace changes Ann's job title on her computer and sends the record back.
    with open_library(ex.appraiser) as lib:
        people.update_person(lib, 1, job_title="Ward sister")
        portable.export_person(lib, 1, ex.root / "back.json")
    before = database_sha256(ex.appraisee)
    assert ppf(ex.appraisee, "import", ex.root / "back.json") == 2
    err = capsys.readouterr().err
    assert "  change: person Ann Ward: job title '' to 'Ward sister'" in err
    assert "--yes" in err.splitlines()[-1]
    assert database_sha256(ex.appraisee) == before
    assert ppf(ex.appraisee, "import", ex.root / "back.json", "--yes") == 0
    with open_library(ex.appraisee) as lib:
        assert people.get_person(lib, 1).job_title == "Ward sister"
    capsys.readouterr()
    # The same file again: nothing to add or change, so no --yes needed.
    assert ppf(ex.appraisee, "import", ex.root / "back.json") == 0
    assert "nothing to add or change" in capsys.readouterr().err


def test_new_records_alone_need_no_yes(ex: Exchange, capsys: pytest.CaptureFixture[str]):
    with open_library(ex.appraiser) as lib:
        review = assessments.start_assessment(lib, 1, "ppf", "2026.1")
        first = next(iter(lib.frameworks.get("ppf", "2026.1").behaviour_index))
        assessments.set_rating(lib, review.id, first, level=2, evidence="a new year")
        portable.export_person(lib, 1, ex.root / "new-year.json")
    assert ppf(ex.appraisee, "import", ex.root / "new-year.json") == 0
    err = capsys.readouterr().err
    assert "  add: self assessment of" in err and "change:" not in err


def test_the_app_applies_only_what_it_showed(ex: Exchange):
    with open_library(ex.appraiser) as lib:
        people.update_person(lib, 1, organisation="Northern Trust")
        portable.export_person(lib, 1, ex.root / "back.json")
    with open_library(ex.appraisee) as lib:
        shown = portable.preview_import(lib, ex.root / "back.json")
        assert shown.changed == ("person Ann Ward: organisation '' to 'Northern Trust'",)
        # The library changes after the summary was shown: the import is refused.
        people.update_person(lib, 1, organisation="Southern Trust")
        before = tables(ex.appraisee)
        with pytest.raises(UserError, match="this library changed since the file was read"):
            portable.import_portable(lib, ex.root / "back.json", expected=shown)
        assert tables(ex.appraisee) == before


def test_a_preview_writes_nothing(ex: Exchange):
    third = ex.root / "third"
    with open_library(third):
        pass
    before = database_sha256(third)
    with open_library(third) as lib:
        shown = portable.preview_import(lib, ex.signed)
    assert database_sha256(third) == before
    assert shown.signer.needs_trust and not shown.person_known
    assert shown.assessments == 3 and shown.appraisals == 1
    with open_library(third) as lib:
        done = portable.import_portable(lib, ex.signed, trust=signer_of(ex.signed), expected=shown)
    assert done.summary is not None and done.summary.same_as(shown)
    assert shown.added[-1] == f"trust key {signer_of(ex.signed)} for files about Ann Ward"
