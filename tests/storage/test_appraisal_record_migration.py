"""A library made by the release before the appraisal record is upgraded with nothing
lost: every rating, evidence, note and objective is where it was, and each appraisal is
one record, frozen where it was signed."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from ppf_app.services import appraisal, assessments, people, plans
from ppf_app.services.library import open_library
from ppf_app.storage.models import SignedRecordError

FIXTURE = (
    Path(__file__).resolve().parents[1] / "data" / "libraries" / "schema-0003-appraisals.sqlite3"
)


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        return sorted(connection.execute(sql).fetchall(), key=repr)
    finally:
        connection.close()


RATINGS = (
    "SELECT a.uid, r.behaviour_id, r.level, r.evidence FROM rating r "
    "JOIN assessment a ON a.id = r.assessment_id"
)
OBJECTIVES = (
    "SELECT o.uid, o.text, o.behaviour_ids, o.activity, o.support, o.success_measure, "
    "o.target_date, o.status, o.carried_from_uid, o.reflection FROM objective o"
)
ASSESSMENTS = "SELECT uid, person_id, kind, assessed_on, status FROM assessment"


@pytest.fixture
def upgraded(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir(mode=0o700)
    shutil.copyfile(FIXTURE, folder / "library.sqlite3")
    (folder / "library.sqlite3").chmod(0o600)
    return folder


def test_every_rating_note_and_objective_survives_the_upgrade(upgraded: Path) -> None:
    database = upgraded / "library.sqlite3"
    ratings_before = _rows(database, RATINGS)
    objectives_before = _rows(database, OBJECTIVES)
    assessments_before = _rows(database, ASSESSMENTS)
    assert len(ratings_before) == 134

    open_library(upgraded).close()  # opening upgrades (after a backup)

    assert _rows(database, RATINGS) == ratings_before
    assert _rows(database, OBJECTIVES) == objectives_before
    assert _rows(database, ASSESSMENTS) == assessments_before
    connection = sqlite3.connect(database)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        connection.close()
    assert list((upgraded / "backups").glob("*.sqlite3")), "no backup before the upgrade"


def test_each_trio_is_one_appraisal_and_the_signed_one_is_frozen(upgraded: Path) -> None:
    with open_library(upgraded) as lib:
        everyone = {p.name: p for p in people.list_people(lib)}
        asha, ben = everyone["Asha Patel"], everyone["Ben Okafor"]
        records = appraisal.appraisals_of(lib, asha.id)
        assert [r.held_on.isoformat() for r in records] == ["2026-03-16", "2025-03-17"]
        current, signed = records
        assert appraisal.appraisals_of(lib, ben.id) == []

        # 2025: signed, with both names, the moment, and every member.
        assert signed.signed and signed.signed_at is not None
        assert signed.signed_at.isoformat().startswith("2025-03-17T15:00")
        assert (signed.signed_by_appraisee, signed.signed_by_appraiser) == (
            "Asha Patel",
            "Grace Obi",
        )
        assert signed.appraiser_name == "Grace Obi"
        assert signed.self_assessment.assessed_on.isoformat() == "2025-03-03"
        assert signed.appraiser_assessment is not None
        assert signed.agreed_assessment is not None
        agreed = appraisal.agreed_levels(lib, signed.id)
        assert len(agreed) == 20
        assert all(note.startswith("Agreed note") for _, note in agreed.values())
        signed_plan = plans.get_plan(lib, signed.agreed_assessment.id)
        assert [o.text for o in signed_plan.objectives] == [
            "Chair four bed meetings",
            "Write a business case",
        ]
        assert signed_plan.review_date is not None

        # What was signed is frozen now, the self assessment it reviewed included.
        behaviour = next(iter(lib.frameworks.default().behaviour_index))
        for member in signed.members:
            with pytest.raises(SignedRecordError):
                assessments.set_rating(lib, member, behaviour, level=1)

        # 2026: unsigned; the objective typed on the self plan is now in the agreed plan,
        # after the two reviewed ones.
        assert not current.signed
        assert current.stage.value == "in_meeting"
        assert current.agreed_assessment is not None
        plan = plans.get_plan(lib, current.agreed_assessment.id)
        assert [o.text for o in plan.objectives] == [
            "Chair four bed meetings",
            "Write a business case",
            "Typed on the self plan",
        ]
        assert plans.get_plan(lib, current.self_assessment.id).objectives == ()
        assessments.set_rating(lib, current.self_assessment.id, behaviour, level=2)
