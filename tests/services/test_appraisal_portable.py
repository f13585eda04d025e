"""Appraiser ratings by portable file between two data folders (two computers)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from ppf_app.core.errors import UserError
from ppf_app.domain import portable_format
from ppf_app.services import appraisal, assessments, people, portable
from ppf_app.services.library import Library, open_library
from ppf_app.storage.models import SignedRecordError
from tests.helpers.appraisals import ready_to_sign
from tests.portable.helpers import as_version, trusted_import

TABLES = ("person", "assessment", "rating", "appraisal")


def rows(lib: Library) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(lib.paths.database) as raw:
        found = {t: raw.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in TABLES}
    raw.close()
    return found


def levels(lib: Library, assessment_id: int) -> dict[str, tuple[int | None, str]]:
    return {b: (r.level, r.evidence) for b, r in assessments.ratings(lib, assessment_id).items()}


#: A framework of format 1 (five levels, no groups), so these tests are about the exchange.
FRAMEWORK = ("ppf", "2026.1")


def behaviour_ids(lib: Library) -> list[str]:
    return [b.id for _, b in lib.frameworks.get(*FRAMEWORK).behaviours()]


def appraisee_exports(tmp_path: Path) -> tuple[Path, Path, int, str]:
    """The appraisee rates themselves and exports; returns folder, file, self id and uid."""
    mine = tmp_path / "appraisee"
    out = tmp_path / "to-appraiser.json"
    with open_library(mine) as lib:
        ids = behaviour_ids(lib)
        ann = people.add_person(lib, name="Ann Ward", professional_group="clinician")
        own = assessments.start_assessment(lib, ann.id, *FRAMEWORK)
        for behaviour_id, level in zip(ids[:4], (2, 4, 3, 5), strict=True):
            assessments.set_rating(lib, own.id, behaviour_id, level=level, evidence="mine")
        assessments.complete_assessment(lib, own.id, force=True)
        portable.export_person(lib, ann.id, out)
    return mine, out, own.id, own.uid


def appraiser_rates(tmp_path: Path, received: Path, self_uid: str) -> tuple[Path, Path]:
    """The appraiser imports, rates against the self assessment, exports back."""
    theirs = tmp_path / "appraiser"
    back = tmp_path / "to-appraisee.json"
    with open_library(theirs) as lib:
        ids = behaviour_ids(lib)
        result = trusted_import(lib, received)
        own = next(
            v for v in assessments.list_assessments(lib, result.person.id) if v.uid == self_uid
        )
        record = appraisal.open_for(lib, own.id)
        review = appraisal.rate_as_appraiser(lib, record.id, appraiser_name="Grace Hopper")
        for behaviour_id, level in zip(ids[:4], (4, 1, 3, 5), strict=True):
            assessments.set_rating(lib, review.id, behaviour_id, level=level, evidence="observed")
        portable.export_person(lib, result.person.id, back)
    return theirs, back


def meeting_of(lib: Library, self_id: int) -> appraisal.MeetingView:
    record = appraisal.appraisal_holding(lib, self_id)
    assert record is not None
    return appraisal.meeting_view(lib, record.id)


def test_round_trip_brings_the_appraisers_ratings_beside_the_persons_own(tmp_path: Path):
    mine, out, self_id, self_uid = appraisee_exports(tmp_path)
    _, back = appraiser_rates(tmp_path, out, self_uid)
    document = json.loads(back.read_text(encoding="utf-8"))
    assert document["version"] == 3 and len(document["checksum"]) == 64
    assert document["appraisals"] == []
    (record,) = document["appraisal_records"]
    assert record["appraiser_name"] == "Grace Hopper"
    assert record["self_assessment_uid"] == self_uid

    with open_library(mine) as lib:
        ids = behaviour_ids(lib)
        own_before = levels(lib, self_id)
        result = trusted_import(lib, back)
        # The appraiser's ratings and the agreed record (still empty) of the appraisal.
        assert (result.assessments_created, result.assessments_updated) == (2, 0)
        assert levels(lib, self_id) == own_before
        view = meeting_of(lib, self_id)
        assert view.rated_by == "Grace Hopper"
        assert [(r.self_level, r.appraiser_level) for r in view.rows[:4]] == [
            (2, 4),
            (4, 1),
            (3, 3),
            (5, 5),
        ]
        assert [r.behaviour_id for r in view.discussion] == [ids[1], ids[0]]
        before = rows(lib)
        again = trusted_import(lib, back)
        assert (again.assessments_created, again.assessments_updated) == (0, 0)
        assert rows(lib) == before


def test_conflicting_edits_keep_the_later_change_here(tmp_path: Path):
    mine, out, self_id, self_uid = appraisee_exports(tmp_path)
    _, back = appraiser_rates(tmp_path, out, self_uid)
    with open_library(mine) as lib:
        first = behaviour_ids(lib)[0]
        # The person changes their own rating after sending the file: theirs is newer.
        assessments.set_rating(lib, self_id, first, level=1, evidence="thought again")
        trusted_import(lib, back)
        assert levels(lib, self_id)[first] == (1, "thought again")
        assert meeting_of(lib, self_id).rows[0].self_level == 1


def test_a_newer_appraiser_file_updates_the_appraisers_ratings(tmp_path: Path):
    mine, out, self_id, self_uid = appraisee_exports(tmp_path)
    theirs, back = appraiser_rates(tmp_path, out, self_uid)
    with open_library(mine) as lib:
        trusted_import(lib, back)
    with open_library(theirs) as lib:
        person = people.list_people(lib)[0]
        review = next(
            v for v in assessments.list_assessments(lib, person.id) if v.kind == "appraiser"
        )
        assessments.set_rating(
            lib, review.id, behaviour_ids(lib)[2], level=1, evidence="on reflection"
        )
        portable.export_person(lib, person.id, back)
    with open_library(mine) as lib:
        result = trusted_import(lib, back)
        assert (result.assessments_created, result.assessments_updated) == (0, 1)
        view = meeting_of(lib, self_id)
        assert view.rows[2].appraiser_level == 1
        # Both copies carry the same moment, so a later change on either side is newer.
        sent = json.loads(back.read_text(encoding="utf-8"))
        (copy,) = [a for a in sent["assessments"] if a["kind"] == "appraiser"]
        assert view.appraiser_assessment is not None
        assert (
            view.appraiser_assessment.updated_at.isoformat().replace("+00:00", "Z")
            == (copy["updated_at"])
        )


def test_an_altered_file_is_refused_and_nothing_changes(tmp_path: Path):
    mine, out, _, self_uid = appraisee_exports(tmp_path)
    _, back = appraiser_rates(tmp_path, out, self_uid)
    document = json.loads(back.read_text(encoding="utf-8"))
    review = next(a for a in document["assessments"] if a["kind"] == "appraiser")
    review["ratings"][0]["level"] = 1
    back.write_text(json.dumps(document), encoding="utf-8")
    with open_library(mine) as lib:
        before = rows(lib)
        with pytest.raises(UserError) as caught:
            trusted_import(lib, back)
        assert caught.value.problems == [
            f"{back}: checksum: the content does not match its checksum: the file was "
            "changed after it was exported, or is damaged; ask for a new export"
        ]
        assert rows(lib) == before


def test_checksum_required_from_version_2_and_optional_in_version_1(tmp_path: Path):
    _, out, _, _ = appraisee_exports(tmp_path)
    document = json.loads(out.read_text(encoding="utf-8"))
    del document["checksum"]
    out.write_text(json.dumps(document), encoding="utf-8")
    with open_library(tmp_path / "other") as lib:
        with pytest.raises(UserError, match="checksum: required key is missing"):
            trusted_import(lib, out)
        # A file from before the checksum existed (version 1) is still read.
        out.write_text(json.dumps(as_version(document, 1)), encoding="utf-8")
        assert trusted_import(lib, out).person_created


def test_appraisal_records_must_name_assessments_of_the_file(tmp_path: Path):
    _, out, _, self_uid = appraisee_exports(tmp_path)
    document = json.loads(out.read_text(encoding="utf-8"))
    document["appraisal_records"] = [
        {
            "uid": "11111111-1111-4111-8111-111111111111",
            "self_assessment_uid": self_uid,
            "appraiser_assessment_uid": self_uid,
            "held_on": "2026-03-02",
        },
        {
            "uid": "22222222-2222-4222-8222-222222222222",
            "self_assessment_uid": "00000000-0000-4000-8000-000000000000",
            "held_on": "2026-03-02",
        },
    ]
    document["checksum"] = portable_format.content_checksum(document)
    out.write_text(json.dumps(document), encoding="utf-8")
    with open_library(tmp_path / "other") as lib, pytest.raises(UserError) as caught:
        trusted_import(lib, out)
    assert caught.value.problems == [
        f"{out}: appraisal_records[0].appraiser_assessment_uid: names a self assessment, "
        "not appraiser",
        f"{out}: appraisal_records[1].self_assessment_uid: not an assessment in this file",
    ]


def test_a_version_2_file_with_appraisal_facts_becomes_one_record(tmp_path: Path):
    """Files written before the appraisal record still import, as records."""
    mine, out, self_id, self_uid = appraisee_exports(tmp_path)
    _, back = appraiser_rates(tmp_path, out, self_uid)
    document = json.loads(back.read_text(encoding="utf-8"))
    (record,) = document["appraisal_records"]
    as_version(document, 2)
    document["appraisals"] = [
        {
            "assessment_uid": record["appraiser_assessment_uid"],
            "reviews_uid": self_uid,
            "rated_by": "Grace Hopper",
        },
        {
            "assessment_uid": record["agreed_assessment_uid"],
            "reviews_uid": self_uid,
            "rated_by": "Grace Hopper",
        },
    ]
    document["checksum"] = portable_format.content_checksum(document)
    back.write_text(json.dumps(document), encoding="utf-8")
    with open_library(mine) as lib:
        trusted_import(lib, back)
        (made,) = appraisal.appraisals_of(lib, 1)
        assert made.self_assessment.id == self_id and made.appraiser_name == "Grace Hopper"
        assert made.appraiser_assessment is not None and made.agreed_assessment is not None
        before = rows(lib)
        trusted_import(lib, back)  # the same file again finds the same record
        assert rows(lib) == before


def test_a_signed_record_travels_signed_and_no_import_changes_it(tmp_path: Path):
    mine, out, self_id, self_uid = appraisee_exports(tmp_path)
    theirs, back = appraiser_rates(tmp_path, out, self_uid)
    with open_library(theirs) as lib:
        person = people.list_people(lib)[0]
        own = next(v for v in assessments.list_assessments(lib, person.id) if v.kind == "self")
        record = appraisal.open_for(lib, own.id)
        first = behaviour_ids(lib)[0]
        appraisal.agree(lib, record.id, first, 3, "agreed in the meeting")
        ready_to_sign(lib, record.id)
        portable.export_person(lib, person.id, back)
        unsigned_copy = back.read_bytes()
        appraisal.sign(lib, record.id, appraisee="Ann Ward", appraiser="Grace Hopper")
        portable.export_person(lib, person.id, back)
    with open_library(mine) as lib:
        trusted_import(lib, back)
        view = meeting_of(lib, self_id)
        assert view.signed
        assert view.appraisal.signed_by_appraiser == "Grace Hopper"
        assert view.agreed_assessment is not None
        agreed_here = view.agreed_assessment.id
        before = rows(lib)
        # An older, unsigned copy of the same record changes nothing.
        back.write_bytes(unsigned_copy)
        trusted_import(lib, back)
        assert rows(lib) == before
        with pytest.raises(SignedRecordError):
            appraisal.agree(lib, view.appraisal.id, first, 4)
        assert levels(lib, agreed_here)[first] == (3, "agreed in the meeting")
        # What was signed includes the self assessment: it cannot change here either.
        with pytest.raises(SignedRecordError):
            assessments.set_rating(lib, self_id, first, level=1)


def test_ppf_import_refuses_an_altered_file_with_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    from ppf_app.cli.main import main

    _, out, _, _ = appraisee_exports(tmp_path)
    text = out.read_text(encoding="utf-8").replace('"Ann Ward"', '"Ann Warden"')
    out.write_text(text, encoding="utf-8")
    other = tmp_path / "other"
    assert main(["--data-dir", str(other), "import", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{out}: checksum: the content does not match its checksum" in captured.err
    with open_library(other) as lib:
        assert people.list_people(lib) == []
