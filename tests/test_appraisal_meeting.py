"""The appraisal meeting: appraiser and agreed ratings, the discussion list, sign-off."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from ppf_app.core.errors import UserError
from ppf_app.domain import meeting
from ppf_app.services import appraisal, assessments, people
from ppf_app.services.library import Library, open_library
from ppf_app.storage.models import SignedRecordError


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    with open_library(tmp_path / "library") as library:
        yield library


def _self_assessment(lib: Library, levels: dict[str, int]) -> tuple[int, int]:
    person = people.add_person(lib, name="Ada Lovelace", professional_group="clinician")
    view = assessments.start_assessment(lib, person.id)
    for behaviour_id, level in levels.items():
        assessments.set_rating(lib, view.id, behaviour_id, level=level, evidence="my own words")
    return person.id, view.id


def test_domain_discussion_puts_the_largest_differences_first(lib: Library):
    framework = lib.frameworks.default()
    ids = [b.id for _, b in framework.behaviours()]
    own = {ids[0]: 2, ids[1]: 5, ids[2]: 3, ids[3]: 4}
    theirs = {ids[0]: 3, ids[1]: 1, ids[2]: 3, ids[3]: 1, ids[4]: 2}
    rows = meeting.compare(framework, own, theirs, {ids[0]: (3, "agreed")}, "clinician")
    assert [row.behaviour_id for row in rows] == ids
    assert rows[0].difference == 1 and rows[1].difference == -4 and rows[4].difference is None
    order = meeting.discussion_order(rows)
    # -4 before -3 before +1; equal ratings and one-sided ratings are not discussed.
    assert [row.behaviour_id for row in order] == [ids[1], ids[3], ids[0]]
    assert meeting.discussion_order(rows, limit=1) == order[:1]
    assert rows[0].level == 3 and rows[1].level == 1 and rows[5].level is None


def test_domain_strengths_and_development_areas(lib: Library):
    framework = lib.frameworks.default()
    ids = [b.id for _, b in framework.behaviours()]
    target = framework.target_for(ids[0], "clinician")
    own = {ids[0]: 5, ids[1]: 1, ids[2]: target, ids[3]: max(1, target - 1)}
    rows = meeting.compare(framework, own, {}, None, "clinician")
    assert meeting.strengths(rows)[0].behaviour_id == ids[0]
    areas = meeting.development_areas(rows)
    assert areas[0].behaviour_id == ids[1]
    assert all(row.level is not None and row.level < row.target for row in areas)


def test_appraiser_and_agreed_ratings_sit_beside_the_self_ratings(lib: Library):
    framework = lib.frameworks.default()
    ids = [b.id for _, b in framework.behaviours()]
    _, self_id = _self_assessment(lib, {ids[0]: 2, ids[1]: 4, ids[2]: 3})
    review = appraisal.start_review(lib, self_id, rated_by="Grace Hopper")
    assert review.kind == "appraiser"
    appraisal.rate(lib, review.id, ids[0], 4)
    appraisal.rate(lib, review.id, ids[1], 3, "seen on the ward")
    agreed = appraisal.start_review(lib, self_id, kind="agreed")
    appraisal.rate(lib, agreed.id, ids[0], 3, "settled on 3")

    view = appraisal.meeting_view(lib, self_id)
    assert view.rated_by == "Grace Hopper"
    assert view.appraiser_assessment is not None and view.appraiser_assessment.id == review.id
    first = view.rows[0]
    assert (first.self_level, first.appraiser_level, first.agreed_level) == (2, 4, 3)
    assert first.agreed_note == "settled on 3"
    assert [row.behaviour_id for row in view.discussion] == [ids[0], ids[1]]
    # The person's own ratings are untouched by the review.
    own = assessments.ratings(lib, self_id)
    assert own[ids[0]].level == 2 and own[ids[0]].evidence == "my own words"


def test_reviews_are_of_self_assessments_only(lib: Library):
    _, self_id = _self_assessment(lib, {})
    review = appraisal.start_review(lib, self_id, rated_by="G")
    with pytest.raises(UserError, match="review is of a self assessment"):
        appraisal.start_review(lib, review.id)
    with pytest.raises(UserError, match="not an appraiser or agreed"):
        appraisal.rate(lib, self_id, "pf-impact", 3)
    with pytest.raises(UserError, match="only an agreed assessment is signed"):
        appraisal.sign_off(lib, review.id, appraisee="A", appraiser="B")


def _signed(lib: Library) -> tuple[int, int, dict[str, tuple[int | None, str]]]:
    framework = lib.frameworks.default()
    ids = [b.id for _, b in framework.behaviours()]
    _, self_id = _self_assessment(lib, {ids[0]: 2})
    agreed = appraisal.start_review(lib, self_id, kind="agreed")
    appraisal.rate(lib, agreed.id, ids[0], 3, "agreed note")
    appraisal.rate(lib, agreed.id, ids[1], 4)
    signed = appraisal.sign_off(
        lib, agreed.id, appraisee=" Ada Lovelace ", appraiser="Grace Hopper"
    )
    assert signed.signed and signed.signed_by_appraisee == "Ada Lovelace"
    assert signed.signed_by_appraiser == "Grace Hopper"
    before = {k: (v.level, v.evidence) for k, v in assessments.ratings(lib, agreed.id).items()}
    return self_id, agreed.id, before


def test_a_signed_agreed_assessment_is_unchanged_by_any_later_action(lib: Library):
    self_id, agreed_id, before = _signed(lib)
    ids = list(before)
    attempts = [
        lambda: appraisal.rate(lib, agreed_id, ids[0], 1),
        lambda: assessments.set_rating(lib, agreed_id, ids[0], level=1),
        lambda: assessments.set_rating(lib, agreed_id, "pf-voice", level=2),
        lambda: assessments.clear_rating(lib, agreed_id, ids[1]),
        lambda: assessments.complete_assessment(lib, agreed_id, force=True),
        lambda: assessments.delete_assessment(lib, agreed_id),
        lambda: appraisal.sign_off(lib, agreed_id, appraisee="X", appraiser="Y"),
    ]
    for attempt in attempts:
        with pytest.raises(SignedRecordError, match="signed"):
            attempt()
    after = {k: (v.level, v.evidence) for k, v in assessments.ratings(lib, agreed_id).items()}
    assert after == before
    view = assessments.get_assessment(lib, agreed_id)
    assert view.status == "draft"
    facts = appraisal.get_appraisal(lib, agreed_id)
    assert facts is not None and facts.signed_by_appraiser == "Grace Hopper"
    assert appraisal.meeting_view(lib, self_id).signed


def test_the_database_itself_refuses_changes_to_signed_records(lib: Library):
    _, agreed_id, _ = _signed(lib)
    path = lib.paths.database
    lib.close()
    connection = sqlite3.connect(path)
    try:
        for statement in (
            f"UPDATE rating SET level = 1 WHERE assessment_id = {agreed_id}",
            f"DELETE FROM rating WHERE assessment_id = {agreed_id}",
            f"UPDATE appraisal SET signed_by_appraiser = 'Z' WHERE assessment_id = {agreed_id}",
            f"DELETE FROM appraisal WHERE assessment_id = {agreed_id}",
            f"UPDATE assessment SET status = 'complete' WHERE id = {agreed_id}",
        ):
            with pytest.raises(sqlite3.IntegrityError, match="read-only"):
                connection.execute(statement)
    finally:
        connection.close()


def test_a_later_change_opens_a_new_version_and_the_signed_one_stays(lib: Library):
    self_id, agreed_id, before = _signed(lib)
    draft = appraisal.new_version(lib, agreed_id)
    assert draft.id != agreed_id and draft.kind == "agreed" and draft.status == "draft"
    copied = {k: (v.level, v.evidence) for k, v in assessments.ratings(lib, draft.id).items()}
    assert copied == before
    first = next(iter(before))
    appraisal.rate(lib, draft.id, first, 5, "changed later")
    facts = appraisal.get_appraisal(lib, draft.id)
    signed_uid = assessments.get_assessment(lib, agreed_id).uid
    assert facts is not None and facts.replaces_uid == signed_uid and not facts.signed
    assert assessments.ratings(lib, agreed_id)[first].level == before[first][0]
    view = appraisal.meeting_view(lib, self_id)
    assert view.agreed_assessment is not None and view.agreed_assessment.id == draft.id
    assert not view.signed
    with pytest.raises(UserError, match="only a signed agreed assessment"):
        appraisal.new_version(lib, draft.id)


def test_sign_off_needs_both_names(lib: Library):
    _, self_id = _self_assessment(lib, {})
    agreed = appraisal.start_review(lib, self_id, kind="agreed")
    with pytest.raises(UserError, match="appraiser: must not be empty"):
        appraisal.sign_off(lib, agreed.id, appraisee="Ada", appraiser="  ")
    assert not appraisal.is_signed(lib, agreed.id)


def _triggers(path: Path) -> set[tuple[str, str]]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT name, tbl_name FROM sqlite_master WHERE type='trigger'")
        found = {(str(name), str(table)) for name, table in rows}
    connection.close()
    return found


def test_an_upgraded_database_has_the_same_guards_as_a_new_one(tmp_path: Path):
    from ppf_app.storage import schema, sqlite
    from ppf_app.storage.models import SIGNED_TRIGGERS

    upgraded = tmp_path / "upgraded.sqlite3"
    engine = sqlite.make_engine(upgraded, for_migrations=True)
    try:
        schema.upgrade(engine, "0002")
        schema.upgrade(engine, "0003")
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
    }


def test_the_plan_of_a_signed_agreed_assessment_is_read_only(lib: Library):
    from ppf_app.services import plans
    from ppf_app.services.plan_views import ObjectiveInput

    _, self_id = _self_assessment(lib, {})
    agreed = appraisal.start_review(lib, self_id, kind="agreed")
    kept = plans.add_objective(lib, agreed.id, ObjectiveInput(text="Lead a handover"))
    plans.set_review_date(lib, agreed.id, "2027-05-01")
    appraisal.sign_off(lib, agreed.id, appraisee="Ada", appraiser="Grace")
    for attempt in (
        lambda: plans.add_objective(lib, agreed.id, ObjectiveInput(text="Another")),
        lambda: plans.update_objective(lib, kept.uid, ObjectiveInput(text="Changed")),
        lambda: plans.delete_objective(lib, kept.uid),
        lambda: plans.set_review_date(lib, agreed.id, "2028-01-01"),
    ):
        with pytest.raises(SignedRecordError):
            attempt()
    plan = plans.get_plan(lib, agreed.id)
    assert [o.text for o in plan.objectives] == ["Lead a handover"]
    assert plan.review_date is not None and plan.review_date.isoformat() == "2027-05-01"
