"""The appraisal as one record: self, appraiser and agreed ratings side by side, sign-off
that asks for what makes it meaningful, and nothing signed that can drift afterwards."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from ppf_app.core.errors import UserError
from ppf_app.domain import meeting
from ppf_app.services import appraisal, assessments, people, plans
from ppf_app.services.library import Library, open_library
from ppf_app.services.plan_views import ObjectiveInput
from ppf_app.storage.models import SignedRecordError
from tests.helpers.appraisals import (
    appraiser_rates,
    behaviour_ids,
    rated_self,
    ready_to_sign,
    signed_appraisal,
)


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    with open_library(tmp_path / "library") as library:
        yield library


@pytest.fixture
def ada(lib: Library) -> int:
    return people.add_person(lib, name="Ada Lovelace", professional_group="clinician").id


def test_domain_discussion_puts_the_largest_differences_first(lib: Library) -> None:
    framework = lib.frameworks.default()
    ids = behaviour_ids(lib)
    own = {ids[0]: 2, ids[1]: 4, ids[2]: 3, ids[3]: 4}
    theirs = {ids[0]: 3, ids[1]: 1, ids[2]: 3, ids[3]: 1, ids[4]: 2}
    rows = meeting.compare(framework, own, theirs, {ids[0]: (3, "agreed")}, "clinician")
    # Every behaviour the group is asked, in the framework's order.
    assert [row.behaviour_id for row in rows] == [
        b.id for b in framework.behaviours_for("clinician")
    ]
    assert [row.behaviour_id for row in rows[:5]] == ids[:5]
    assert rows[0].difference == 1 and rows[1].difference == -3 and rows[4].difference is None
    order = meeting.discussion_order(rows)
    assert [row.behaviour_id for row in order] == [ids[1], ids[3], ids[0]]
    assert meeting.discussion_order(rows, limit=1) == order[:1]
    assert rows[0].level == 3 and rows[1].level == 1 and rows[5].level is None


def test_one_record_holds_self_appraiser_and_agreed_ratings(lib: Library, ada: int) -> None:
    ids = behaviour_ids(lib)
    own = rated_self(lib, ada, {ids[0]: 2, ids[1]: 4, ids[2]: 3})
    record = appraisal.open_for(lib, own.id, held_on=date(2026, 3, 9))
    # Opening again finds the same appraisal: one per self assessment until signed.
    assert appraisal.open_for(lib, own.id).id == record.id
    assert record.stage.value == "appraiser_rating"
    theirs = appraiser_rates(lib, record.id, {ids[0]: 4, ids[1]: 3})
    appraisal.agree(lib, record.id, ids[0], 3, "settled on 3")

    view = appraisal.meeting_view(lib, record.id)
    assert view.rated_by == "Grace Hopper"
    assert view.appraiser_assessment is not None and view.appraiser_assessment.id == theirs.id
    first = view.rows[0]
    assert (first.self_level, first.appraiser_level, first.agreed_level) == (2, 4, 3)
    assert first.agreed_note == "settled on 3"
    assert (first.self_evidence, first.appraiser_evidence) == ("my own words", "seen it")
    assert [row.behaviour_id for row in view.discussion] == [ids[0], ids[1]]
    assert appraisal.get_appraisal(lib, record.id).stage.value == "in_meeting"
    # The person's own ratings are untouched.
    assert assessments.ratings(lib, own.id)[ids[0]].level == 2


def test_an_appraisal_reviews_a_self_assessment(lib: Library, ada: int) -> None:
    own = rated_self(lib, ada, {})
    record = appraisal.open_for(lib, own.id)
    theirs = appraisal.rate_as_appraiser(lib, record.id, appraiser_name="G")
    with pytest.raises(UserError, match="an appraisal reviews a self assessment"):
        appraisal.open_for(lib, theirs.id)
    with pytest.raises(UserError, match="appraiser: must not be empty"):
        appraisal.rate_as_appraiser(lib, record.id, appraiser_name="  ")


def test_sign_off_asks_for_agreed_levels_an_objective_and_a_review_date(
    lib: Library, ada: int
) -> None:
    ids = behaviour_ids(lib)
    own = rated_self(lib, ada, {ids[0]: 2, ids[1]: 4})
    record = appraisal.open_for(lib, own.id)
    appraisal.agree(lib, record.id, ids[0], 3, "")
    with pytest.raises(UserError) as refused:
        appraisal.sign(lib, record.id, appraisee="Ada", appraiser="Grace")
    text = "\n".join(refused.value.problems)
    numbers = lib.frameworks.default().behaviour_numbers
    # Only the behaviours asked of Ada's group need an agreed level.
    missing = (
        f"{len(ids) - 1} behaviours have no agreed level ({numbers[ids[1]]}, {numbers[ids[2]]},"
    )
    assert missing in text
    assert "Agree all remaining at self level" in text
    assert "no objective" in text and "no review date" in text
    assert not appraisal.get_appraisal(lib, record.id).signed

    # One action agrees the rest at the person's own level; what they did not rate stays.
    assert appraisal.agree_remaining_at_self(lib, record.id) == 1
    agreed = appraisal.agreed_levels(lib, record.id)
    assert agreed[ids[0]] == (3, "") and agreed[ids[1]] == (4, "")
    assert len(appraisal.meeting_view(lib, record.id).unagreed) == len(ids) - 2

    ready_to_sign(lib, record.id)
    with pytest.raises(UserError, match="appraiser: must not be empty"):
        appraisal.sign(lib, record.id, appraisee="Ada", appraiser="  ")
    signed = appraisal.sign(lib, record.id, appraisee=" Ada Lovelace ", appraiser="Grace Hopper")
    assert signed.signed and signed.signed_on == date.today()
    assert (signed.signed_by_appraisee, signed.signed_by_appraiser) == (
        "Ada Lovelace",
        "Grace Hopper",
    )
    assert signed.stage.value == "signed"
    assert signed.agreed_assessment is not None and signed.agreed_assessment.is_complete


def test_objectives_written_before_the_appraisal_become_its_plan(lib: Library, ada: int) -> None:
    own = rated_self(lib, ada)
    draft = plans.add_objective(lib, own.id, ObjectiveInput(text="Shadow the COO"))
    plans.set_review_date(lib, own.id, "2027-04-01")
    record = appraisal.open_for(lib, own.id)
    assert record.agreed_assessment is not None
    agreed_plan = plans.get_plan(lib, record.agreed_assessment.id)
    assert [o.uid for o in agreed_plan.objectives] == [draft.uid]
    assert agreed_plan.review_date == date(2027, 4, 1)
    assert plans.get_plan(lib, own.id).objectives == ()
    # The self assessment's plan is the appraisal's now.
    owner, found = appraisal.plan_owner(lib, own.id)
    assert owner == record.agreed_assessment.id and found is not None and found.id == record.id


def test_nothing_a_signed_appraisal_shows_can_change(lib: Library, ada: int) -> None:
    signed = signed_appraisal(lib, ada)
    assert signed.agreed_assessment is not None and signed.appraiser_assessment is not None
    first = behaviour_ids(lib)[0]

    def shown() -> object:
        view = appraisal.meeting_view(lib, signed.id)
        assert view.agreed_assessment is not None
        return (view.rows, plans.get_plan(lib, view.agreed_assessment.id))

    before = shown()
    objective = plans.get_plan(lib, signed.agreed_assessment.id).objectives[0]
    attempts = [
        lambda: appraisal.agree(lib, signed.id, first, 1, "changed"),
        lambda: appraisal.agree_remaining_at_self(lib, signed.id),
        lambda: appraisal.sign(lib, signed.id, appraisee="X", appraiser="Y"),
        lambda: appraisal.rate_as_appraiser(lib, signed.id, appraiser_name="Z"),
        lambda: appraisal.delete_appraisal(lib, signed.id),
        lambda: plans.add_objective(
            lib, signed.agreed_assessment.id, ObjectiveInput(text="Another")
        ),
        lambda: plans.update_objective(lib, objective.uid, ObjectiveInput(text="Changed")),
        lambda: plans.delete_objective(lib, objective.uid),
        lambda: plans.set_review_date(lib, signed.agreed_assessment.id, "2028-01-01"),
    ]
    for member in signed.members:  # the self assessment it reviewed included
        attempts += [
            lambda member=member: assessments.set_rating(lib, member, first, level=1),
            lambda member=member: assessments.set_rating(lib, member, first, evidence="later"),
            lambda member=member: assessments.clear_rating(lib, member, first),
            lambda member=member: assessments.delete_assessment(lib, member),
            lambda member=member: plans.add_objective(lib, member, ObjectiveInput(text="X")),
        ]
    for attempt in attempts:
        with pytest.raises((SignedRecordError, UserError)):
            attempt()
    # Completing what is complete changes nothing; completing the appraiser's is refused.
    assert signed.appraiser_assessment is not None
    with pytest.raises(SignedRecordError):
        assessments.complete_assessment(lib, signed.appraiser_assessment.id, force=True)
    assert shown() == before
    # Renaming the person does not change what was signed.
    people.update_person(lib, ada, name="Ada King")
    assert appraisal.get_appraisal(lib, signed.id).signed_by_appraisee == "Ada Lovelace"


def test_the_database_itself_refuses_changes_to_what_was_signed(lib: Library, ada: int) -> None:
    signed = signed_appraisal(lib, ada)
    path = lib.paths.database
    members = signed.members
    lib.close()
    connection = sqlite3.connect(path)
    try:
        statements = [
            f"UPDATE appraisal SET signed_by_appraiser = 'Z' WHERE id = {signed.id}",
            f"DELETE FROM appraisal WHERE id = {signed.id}",
        ]
        for member in members:
            statements += [
                f"UPDATE rating SET level = 1 WHERE assessment_id = {member}",
                f"DELETE FROM rating WHERE assessment_id = {member}",
                f"UPDATE assessment SET status = 'draft' WHERE id = {member}",
                f"DELETE FROM assessment WHERE id = {member}",
            ]
        statements.append(
            "UPDATE objective SET text = 'forged' WHERE plan_id IN "
            f"(SELECT id FROM plan WHERE assessment_id = {members[-1]})"
        )
        for statement in statements:
            with pytest.raises(sqlite3.IntegrityError, match="read-only"):
                connection.execute(statement)
    finally:
        connection.close()


def test_a_new_version_copies_the_agreed_record_and_the_signed_one_stays(
    lib: Library, ada: int
) -> None:
    signed = signed_appraisal(lib, ada)
    assert signed.agreed_assessment is not None
    before = appraisal.agreed_levels(lib, signed.id)
    signed_plan = plans.get_plan(lib, signed.agreed_assessment.id)
    draft = appraisal.new_version(lib, signed.id)
    assert draft.id != signed.id and not draft.signed and draft.replaces_uid == signed.uid
    assert draft.self_assessment.id == signed.self_assessment.id
    assert appraisal.agreed_levels(lib, draft.id) == before
    assert draft.agreed_assessment is not None
    copied_plan = plans.get_plan(lib, draft.agreed_assessment.id)
    assert [o.text for o in copied_plan.objectives] == [o.text for o in signed_plan.objectives]
    first = next(iter(before))
    appraisal.agree(lib, draft.id, first, 1, "changed later")
    assert appraisal.agreed_levels(lib, signed.id) == before
    with pytest.raises(UserError, match="not signed"):
        appraisal.new_version(lib, draft.id)
    # The self assessment it reviews cannot change; a copy of it can.
    copy = assessments.new_version(lib, signed.self_assessment.id)
    assessments.set_rating(lib, copy.id, first, level=1)
    assert copy.kind == "self" and copy.status == "draft"


def test_ratings_made_elsewhere_join_the_appraisal(lib: Library, ada: int) -> None:
    ids = behaviour_ids(lib)
    own = rated_self(lib, ada)
    from ppf_app.services.assessments import NewRating

    record, theirs = appraisal.record_review(
        lib,
        ada,
        kind="appraiser",
        ratings=[NewRating(ids[0], 2, "seen"), NewRating(ids[1], 4, "")],
        framework_id="ppf",
        rated_by="Grace Hopper",
    )
    assert record.self_assessment.id == own.id and record.appraiser_name == "Grace Hopper"
    assert theirs.kind == "appraiser" and theirs.is_complete
    again, agreed = appraisal.record_review(
        lib, ada, kind="agreed", ratings=[NewRating(ids[0], 3, "met halfway")], framework_id="ppf"
    )
    assert again.id == record.id and agreed.kind == "agreed"
    assert appraisal.agreed_levels(lib, record.id) == {ids[0]: (3, "met halfway")}

    ready_to_sign(lib, record.id)
    appraisal.sign(lib, record.id, appraisee="Ada", appraiser="Grace")
    with pytest.raises(UserError, match="--new-version"):
        appraisal.record_review(
            lib, ada, kind="agreed", ratings=[NewRating(ids[0], 1, "")], framework_id="ppf"
        )
    newer, _ = appraisal.record_review(
        lib,
        ada,
        kind="agreed",
        ratings=[NewRating(ids[0], 1, "")],
        framework_id="ppf",
        new_version_of_signed=True,
    )
    assert newer.replaces_uid == record.uid
    assert appraisal.agreed_levels(lib, newer.id)[ids[0]] == (1, "")
    assert appraisal.agreed_levels(lib, record.id)[ids[0]] == (3, "met halfway")


def test_deleting_an_unsigned_appraisal_keeps_the_self_assessment(lib: Library, ada: int) -> None:
    own = rated_self(lib, ada)
    record = appraisal.open_for(lib, own.id)
    theirs = appraiser_rates(lib, record.id, {behaviour_ids(lib)[0]: 2})
    appraisal.delete_appraisal(lib, record.id)
    assert appraisal.appraisals_of(lib, ada) == []
    assert [a.id for a in assessments.list_assessments(lib, ada)] == [own.id]
    with pytest.raises(UserError):
        assessments.get_assessment(lib, theirs.id)


def _triggers(path: Path) -> set[tuple[str, str]]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT name, tbl_name FROM sqlite_master WHERE type='trigger'")
        found = {(str(name), str(table)) for name, table in rows}
    connection.close()
    return found


def test_an_upgraded_database_has_the_same_guards_as_a_new_one(tmp_path: Path) -> None:
    from ppf_app.storage import schema, sqlite
    from ppf_app.storage.models import SIGNED_TRIGGERS

    upgraded = tmp_path / "upgraded.sqlite3"
    engine = sqlite.make_engine(upgraded, for_migrations=True)
    try:
        schema.upgrade(engine, "0003")
        schema.upgrade(engine, "head")
    finally:
        engine.dispose()
    with open_library(tmp_path / "new") as library:
        created = library.paths.database
    assert _triggers(upgraded) == _triggers(created)
    assert len(_triggers(created)) == len(SIGNED_TRIGGERS)
    assert {table for _, table in _triggers(created)} == {
        "rating",
        "assessment",
        "appraisal",
        "plan",
        "objective",
        "prompt_answer",
        "appraisal_signature",
        "appraisal_countersignature",
    }
