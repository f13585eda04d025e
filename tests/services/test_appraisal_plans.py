"""The plan of an appraisal: agreed levels replace the person's own, the previous plan's
objectives are reviewed in it, and a signed plan prints both names and the date."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from ppf_app.services import appraisal, assessments, objective_review, people, plan_report, plans
from ppf_app.services.library import Library, open_library
from ppf_app.services.plan_views import ObjectiveInput
from tests.helpers.appraisals import behaviour_ids, rated_self, ready_to_sign


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    with open_library(tmp_path / "lib") as library:
        yield library


def test_agreed_levels_replace_the_persons_own_in_the_plan(lib: Library) -> None:
    ids = behaviour_ids(lib)
    ann = people.add_person(lib, name="Ann", professional_group="clinician")
    own = assessments.start_assessment(lib, ann.id)
    assessments.set_rating(lib, own.id, ids[0], level=2, evidence="my example")
    assessments.set_rating(lib, own.id, ids[1], level=4)
    before = plan_report.plan_document(lib, ann.id, own.id)
    record = appraisal.open_for(lib, own.id)
    appraisal.agree(lib, record.id, ids[0], 3, "seen at the audit")
    # The self assessment's plan and the agreed one are the same: the appraisal's.
    after = plan_report.plan_document(lib, ann.id, own.id)
    assert record.agreed_assessment is not None
    assert plan_report.plan_document(lib, ann.id, record.agreed_assessment.id) == after
    rows = {row.behaviour_id: row for row in after.rows}
    assert rows[ids[0]].level == 3
    assert rows[ids[0]].evidence == "my example\nAgreed at appraisal: seen at the audit"
    assert rows[ids[1]].level == 4  # not agreed: the person's own stays
    assert {row.behaviour_id: row.level for row in before.rows}[ids[0]] == 2


def test_a_signed_plan_prints_both_names_and_the_date(lib: Library) -> None:
    ann = people.add_person(lib, name="Ann", professional_group="clinician")
    own = rated_self(lib, ann.id)
    record = appraisal.open_for(lib, own.id)
    assert record.agreed_assessment is not None
    unsigned = plan_report.plan_document(lib, ann.id, record.agreed_assessment.id)
    ready_to_sign(lib, record.id)
    signed = appraisal.sign(lib, record.id, appraisee="Ann", appraiser="Grace Hopper")
    assert signed.signed_on is not None
    for assessment_id in (record.agreed_assessment.id, own.id):
        document = plan_report.plan_document(lib, ann.id, assessment_id)
        assert [(s.role, s.name, s.signed_on) for s in document.signatures] == [
            ("Individual", "Ann", signed.signed_on),
            ("Appraiser", "Grace Hopper", signed.signed_on),
        ]
    assert [s.signed_on for s in unsigned.signatures] == [None, None]


def test_last_years_signed_objectives_are_reviewed_in_the_new_plan(lib: Library) -> None:
    ann = people.add_person(lib, name="Ann", professional_group="clinician")
    last = rated_self(lib, ann.id, on=date(2025, 3, 1))
    old = appraisal.open_for(lib, last.id, held_on=date(2025, 3, 8))
    assert old.agreed_assessment is not None
    done = plans.add_objective(lib, old.agreed_assessment.id, ObjectiveInput(text="Teach"))
    goes_on = plans.add_objective(lib, old.agreed_assessment.id, ObjectiveInput(text="Audit"))
    ready_to_sign(lib, old.id, objective="Lead a huddle")
    appraisal.sign(lib, old.id, appraisee="Ann", appraiser="Grace")
    signed_plan = plans.get_plan(lib, old.agreed_assessment.id)

    this_year = rated_self(lib, ann.id, on=date(2026, 3, 1))
    record = appraisal.open_for(lib, this_year.id)
    assert record.agreed_assessment is not None
    agreed_id = record.agreed_assessment.id
    open_ones = objective_review.objectives_to_review(lib, agreed_id)
    assert [o.text for o in open_ones] == ["Teach", "Audit", "Lead a huddle"]
    first = objective_review.review_objective(
        lib, agreed_id, done.uid, done=True, reflection="Ran it twice"
    )
    second = objective_review.review_objective(
        lib, agreed_id, goes_on.uid, done=False, reflection="Half the wards so far"
    )
    assert (first.status.value, first.reflection) == ("done", "Ran it twice")
    assert first.carried_from_uid == done.uid
    assert (second.status.value, second.carried_from_uid) == ("carried_forward", goes_on.uid)
    assert [o.text for o in plans.get_plan(lib, agreed_id).objectives] == ["Teach", "Audit"]
    # The signed plan is as it was signed.
    assert plans.get_plan(lib, old.agreed_assessment.id) == signed_plan
