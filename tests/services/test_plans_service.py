"""The development plan services on a real library: objectives stored, edited, ordered,
validated and carried forward."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from ppf_app.core.errors import NotFound, UserError
from ppf_app.domain.advice import advise_training
from ppf_app.domain.objective_status import ObjectiveStatus
from ppf_app.services import appraisal, assessments, people, plans, preferences
from ppf_app.services.library import Library, open_library
from ppf_app.services.plans import ObjectiveInput
from tests.helpers.appraisals import behaviour_ids, rated_self


def rated_assessment(lib: Library, person_id: int, on: date, low: int = 1) -> int:
    """An assessment with every other behaviour asked of its group rated ``low`` and the
    rest at the top."""
    framework = lib.frameworks.default()
    assessment = assessments.start_assessment(lib, person_id, assessed_on=on)
    top = framework.scale_values[-1]
    for i, behaviour in enumerate(framework.behaviours_for(assessment.group_id or None)):
        assessments.set_rating(lib, assessment.id, behaviour.id, level=low if i % 2 else top)
    return assessment.id


def person(lib: Library, name: str = "Siân Owen") -> int:
    return people.add_person(lib, name=name, professional_group="clinician").id


def test_a_new_assessment_has_an_empty_plan_and_reading_it_writes_nothing(
    lib: Library,
) -> None:
    assessment = assessments.start_assessment(lib, person(lib)).id
    plan = plans.get_plan(lib, assessment)
    assert plan.uid is None and plan.objectives == () and plan.review_date is None
    assert lib.db.path is not None
    with sqlite3.connect(lib.db.path) as connection:
        assert connection.execute("SELECT count(*) FROM plan").fetchone()[0] == 0
    connection.close()
    with pytest.raises(NotFound):
        plans.get_plan(lib, assessment + 100)


def test_objectives_are_stored_in_order_and_survive_reopening(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with open_library(data) as lib:
        assessment = assessments.start_assessment(lib, person(lib)).id
        ids = behaviour_ids(lib)
        first = plans.add_objective(
            lib,
            assessment,
            ObjectiveInput(
                text="  Lead a safety huddle  ",
                behaviour_ids=(ids[0], ids[2]),
                activity="Shadow the ward manager",
                support="Time in the rota",
                success_measure="Two huddles led by March",
                target_date="2027-03-01",
                status="In progress",
            ),
        )
        plans.add_objective(lib, assessment, ObjectiveInput(text="Second"))
        plans.add_objective(lib, assessment, ObjectiveInput(text="Zeroth"), position=0)
        plans.set_review_date(lib, assessment, date(2027, 6, 30))
    with open_library(data) as lib:
        plan = plans.get_plan(lib, assessment)
    assert [o.text for o in plan.objectives] == ["Zeroth", "Lead a safety huddle", "Second"]
    assert [o.position for o in plan.objectives] == [0, 1, 2]
    stored = plan.objectives[1]
    assert stored.uid == first.uid
    assert stored.behaviour_ids == (ids[0], ids[2])
    assert stored.target_date == date(2027, 3, 1)
    assert stored.status is ObjectiveStatus.IN_PROGRESS
    assert (stored.activity, stored.support) == ("Shadow the ward manager", "Time in the rota")
    assert plan.review_date == date(2027, 6, 30)
    assert plan.objectives[0].status is ObjectiveStatus.NOT_STARTED


def test_update_move_delete_and_status(lib: Library) -> None:
    assessment = assessments.start_assessment(lib, person(lib)).id
    uids = [plans.add_objective(lib, assessment, ObjectiveInput(text=t)).uid for t in "ABCD"]
    plan = plans.move_objective(lib, uids[0], 2)
    assert [o.text for o in plan.objectives] == ["B", "C", "A", "D"]
    plan = plans.move_objective(lib, uids[3], -5)
    assert [o.text for o in plan.objectives] == ["D", "B", "C", "A"]
    plan = plans.move_objective(lib, uids[3], 99)
    assert [o.text for o in plan.objectives] == ["B", "C", "A", "D"]
    plan = plans.delete_objective(lib, uids[2])
    assert [(o.text, o.position) for o in plan.objectives] == [("B", 0), ("A", 1), ("D", 2)]
    edited = plans.get_objective(lib, uids[1]).as_input()
    changed = plans.update_objective(
        lib, uids[1], ObjectiveInput(**{**edited.__dict__, "text": "B, reworded"})
    )
    assert changed.text == "B, reworded" and changed.position == 0
    done = plans.set_objective_status(lib, uids[1], "done")
    assert done.status is ObjectiveStatus.DONE and not done.is_open
    with pytest.raises(NotFound):
        plans.delete_objective(lib, uids[2])
    plan = plans.set_review_date(lib, assessment, "")
    assert plan.review_date is None


def test_bad_input_names_every_field_and_changes_nothing(lib: Library) -> None:
    assessment = assessments.start_assessment(lib, person(lib)).id
    kept = plans.add_objective(lib, assessment, ObjectiveInput(text="Keep me"))
    bad = ObjectiveInput(
        text="   ",
        behaviour_ids=("no-such-behaviour",),
        target_date="2027-02-30",
        status="finished",
    )
    with pytest.raises(UserError) as caught:
        plans.add_objective(lib, assessment, bad)
    fields = [line.split(":", 1)[0] for line in caught.value.problems]
    assert fields == ["text", "behaviour_ids", "target_date", "status"]
    assert "no-such-behaviour" in caught.value.problems[1]
    with pytest.raises(UserError) as caught:
        plans.update_objective(lib, kept.uid, ObjectiveInput(text="Fine", status="nope"))
    assert caught.value.problems[0].startswith("status:")
    with pytest.raises(UserError) as caught:
        plans.set_review_date(lib, assessment, "next week")
    assert caught.value.problems[0].startswith("review_date:")
    plan = plans.get_plan(lib, assessment)
    assert [(o.text, o.status) for o in plan.objectives] == [
        ("Keep me", ObjectiveStatus.NOT_STARTED)
    ]


def test_proposals_follow_the_suggested_training_areas(lib: Library) -> None:
    someone = person(lib)
    assessment = rated_assessment(lib, someone, date(2026, 3, 1))
    proposals = plans.objectives_from_suggestions(lib, assessment)
    framework = lib.frameworks.default()
    answers = assessments.answers(lib, assessment)
    expected = advise_training(framework, answers, "clinician").suggestions
    assert expected, "the ratings leave gaps, so there are suggestions"
    assert len(proposals) == len(expected) == 3  # the default number of areas
    for proposal, suggestion in zip(proposals, expected, strict=True):
        assert proposal.behaviour_ids == tuple(b.behaviour_id for b in suggestion.behaviours)
        assert proposal.activity == (suggestion.activities[0].text if suggestion.activities else "")
        assert proposal.success_measure and proposal.support
        assert proposal.target_date == date(2027, 3, 31)  # a year on, no review date set
    # The library's preference says how many areas are suggested.
    preferences.set_suggested_areas(lib, 1)
    assert len(plans.objectives_from_suggestions(lib, assessment)) == 1
    with pytest.raises(UserError, match="from 1 to 6"):
        preferences.set_suggested_areas(lib, 7)
    assert preferences.suggested_areas(lib) == 1
    preferences.set_suggested_areas(lib, 3)
    # A proposal is accepted as it is.
    added = plans.add_objective(lib, assessment, proposals[0])
    assert added.behaviour_ids == proposals[0].behaviour_ids
    assert plans.get_plan(lib, assessment).objectives == (added,)


def test_carry_forward_round_trip(lib: Library) -> None:
    someone = person(lib)
    other = person(lib, "Other Person")
    ids = behaviour_ids(lib)
    old = rated_assessment(lib, someone, date(2025, 3, 1))
    done = plans.add_objective(lib, old, ObjectiveInput(text="Done already", status="done"))
    open_a = plans.add_objective(
        lib, old, ObjectiveInput(text="Open A", behaviour_ids=(ids[1],), target_date="2025-09-01")
    )
    open_b = plans.add_objective(lib, old, ObjectiveInput(text="Open B", status="in_progress"))
    new = assessments.start_assessment(lib, someone, assessed_on=date(2026, 3, 1)).id

    offered = plans.open_objectives_of_last_plan(lib, someone, exclude_assessment_id=new)
    assert [o.uid for o in offered] == [open_a.uid, open_b.uid]
    assert done.uid not in {o.uid for o in offered}
    assert plans.open_objectives_of_last_plan(lib, other) == []

    plan = plans.carry_forward(lib, new, [open_a.uid, open_b.uid])
    assert [o.text for o in plan.objectives] == ["Open A", "Open B"]
    assert [o.carried_from_uid for o in plan.objectives] == [open_a.uid, open_b.uid]
    assert all(o.status is ObjectiveStatus.CARRIED_FORWARD for o in plan.objectives)
    assert plan.objectives[0].behaviour_ids == (ids[1],)
    assert plan.objectives[0].target_date == date(2025, 9, 1)
    assert {o.uid for o in plan.objectives}.isdisjoint({open_a.uid, open_b.uid})
    sources = plans.get_plan(lib, old).objectives
    assert [o.status for o in sources] == [
        ObjectiveStatus.DONE,
        ObjectiveStatus.CARRIED_FORWARD,
        ObjectiveStatus.CARRIED_FORWARD,
    ]
    # Nothing is left open in the old plan; carrying again copies nothing twice.
    assert plans.open_objectives_of_last_plan(lib, someone, exclude_assessment_id=new) == []
    again = plans.carry_forward(lib, new, [open_a.uid])
    assert len(again.objectives) == 2
    # The new plan is now the person's last plan: its copies are open there, and carry on.
    copies = plans.open_objectives_of_last_plan(lib, someone)
    assert [o.uid for o in copies] == [o.uid for o in plan.objectives]
    newest = assessments.start_assessment(lib, someone, assessed_on=date(2027, 3, 1)).id
    third = plans.carry_forward(lib, newest, [copies[1].uid])
    assert [(o.text, o.carried_from_uid) for o in third.objectives] == [("Open B", copies[1].uid)]
    left = plans.open_objectives_of_last_plan(lib, someone, exclude_assessment_id=newest)
    assert [o.uid for o in left] == [copies[0].uid]


def test_carry_forward_refuses_another_persons_objectives(lib: Library) -> None:
    someone = person(lib)
    other = person(lib, "Other Person")
    theirs = assessments.start_assessment(lib, other).id
    objective = plans.add_objective(lib, theirs, ObjectiveInput(text="Theirs"))
    mine = assessments.start_assessment(lib, someone).id
    with pytest.raises(UserError, match="another person"):
        plans.carry_forward(lib, mine, [objective.uid])
    with pytest.raises(UserError, match="already in this plan"):
        plans.carry_forward(lib, theirs, [objective.uid])
    with pytest.raises(NotFound):
        plans.carry_forward(lib, mine, ["no-such-uid"])
    assert plans.get_objective(lib, objective.uid).status is ObjectiveStatus.NOT_STARTED
    assert plans.get_plan(lib, mine).objectives == ()


def test_deleting_an_assessment_deletes_its_plan(lib: Library) -> None:
    assessment = assessments.start_assessment(lib, person(lib)).id
    objective = plans.add_objective(lib, assessment, ObjectiveInput(text="Gone soon"))
    assessments.delete_assessment(lib, assessment)
    with pytest.raises(NotFound):
        plans.get_objective(lib, objective.uid)


def test_a_signed_plan_stays_as_signed_and_its_objectives_still_carry_forward(
    lib: Library,
) -> None:
    someone = person(lib)
    own = rated_self(lib, someone, on=date(2025, 4, 1)).id
    record = appraisal.open_for(lib, own, held_on=date(2025, 4, 2))
    assert record.agreed_assessment is not None
    agreed = record.agreed_assessment.id
    kept = plans.add_objective(lib, agreed, ObjectiveInput(text="Agreed objective"))
    plans.set_review_date(lib, agreed, date(2026, 4, 1))
    appraisal.agree_remaining_at_self(lib, record.id)
    appraisal.sign(lib, record.id, appraisee="Siân Owen", appraiser="Dr Appraiser")

    with pytest.raises(UserError, match="signed"):
        plans.add_objective(lib, agreed, ObjectiveInput(text="Added after signing"))
    with pytest.raises(UserError, match="signed"):
        plans.update_objective(lib, kept.uid, ObjectiveInput(text="Reworded after signing"))
    with pytest.raises(UserError, match="signed"):
        plans.set_review_date(lib, agreed, None)

    new = assessments.start_assessment(lib, someone, assessed_on=date(2026, 4, 1)).id
    offered = plans.open_objectives_of_last_plan(lib, someone, exclude_assessment_id=new)
    assert [o.uid for o in offered] == [kept.uid]
    plan = plans.carry_forward(lib, new, [kept.uid])
    assert [o.carried_from_uid for o in plan.objectives] == [kept.uid]
    signed = plans.get_plan(lib, agreed)
    assert [(o.text, o.status) for o in signed.objectives] == [
        ("Agreed objective", ObjectiveStatus.NOT_STARTED)
    ]
    assert signed.review_date == date(2026, 4, 1)
    assert plans.open_objectives_of_last_plan(lib, someone, exclude_assessment_id=new) == []
