"""The meeting reviews the previous plan's objectives: done, or carried forward."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ppf_app.services import appraisal, assessments, objective_review, people, plans
from ppf_app.services.library import open_library
from ppf_app.services.plan_views import ObjectiveInput


def test_last_years_signed_objectives_are_reviewed_in_the_new_plan(tmp_path: Path):
    with open_library(tmp_path / "lib") as lib:
        ann = people.add_person(lib, name="Ann", professional_group="clinician")
        last = assessments.start_assessment(lib, ann.id, assessed_on=date(2025, 3, 1))
        old_agreed = appraisal.start_review(lib, last.id, kind="agreed")
        done = plans.add_objective(lib, old_agreed.id, ObjectiveInput(text="Teach a session"))
        goes_on = plans.add_objective(lib, old_agreed.id, ObjectiveInput(text="Audit handover"))
        appraisal.sign_off(lib, old_agreed.id, appraisee="Ann", appraiser="Grace")
        signed_plan = plans.get_plan(lib, old_agreed.id)

        this_year = assessments.start_assessment(lib, ann.id, assessed_on=date(2026, 3, 1))
        agreed = appraisal.start_review(lib, this_year.id, kind="agreed")
        open_ones = objective_review.objectives_to_review(lib, agreed.id)
        assert [o.text for o in open_ones] == ["Teach a session", "Audit handover"]

        first = objective_review.review_objective(
            lib, agreed.id, done.uid, done=True, reflection="Ran it twice"
        )
        second = objective_review.review_objective(
            lib, agreed.id, goes_on.uid, done=False, reflection="Half the wards so far"
        )
        assert (first.status.value, first.reflection) == ("done", "Ran it twice")
        assert first.carried_from_uid == done.uid
        assert (second.status.value, second.carried_from_uid) == ("carried_forward", goes_on.uid)
        new_plan = plans.get_plan(lib, agreed.id)
        assert [o.text for o in new_plan.objectives] == ["Teach a session", "Audit handover"]
        # The signed plan is as it was signed.
        assert plans.get_plan(lib, old_agreed.id) == signed_plan
