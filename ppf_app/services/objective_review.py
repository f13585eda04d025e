"""The meeting's review of the previous plan: each open objective done, or carried forward.

The previous plan is often signed, and a signed plan stays as it was; so the outcome is
recorded in the new (agreed) assessment's plan: the objective is carried into it with
``carried_from_uid`` naming the original, the reflection written in the meeting, and the
status "done" or "carried forward".
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ppf_app.core.errors import UserError
from ppf_app.domain.objective_status import ObjectiveStatus
from ppf_app.services import assessments, plans
from ppf_app.services.plan_views import ObjectiveView
from ppf_app.services.unit import unit
from ppf_app.storage.repositories import appraisal as appraisal_repo

if TYPE_CHECKING:
    from ppf_app.services.library import Library

MAX_REFLECTION = 2_000


def objectives_to_review(lib: Library, assessment_id: int) -> list[ObjectiveView]:
    """The open objectives of the person's previous plan.

    Not a plan of this meeting: neither this assessment's own, nor that of the self
    assessment it reviews, nor of another review of that self assessment.
    """
    view = assessments.get_assessment(lib, assessment_id)
    return plans.open_objectives_of_last_plan(
        lib, view.person_id, view.framework_id, exclude_assessment_id=_meeting_ids(lib, view.id)
    )


def _meeting_ids(lib: Library, assessment_id: int) -> set[int]:
    """The assessment and every assessment of the appraisals it belongs to."""
    ids = {assessment_id}
    with unit(lib) as work:
        for record in appraisal_repo.holding(assessment_id, session=work.session):
            ids.update(
                member
                for member in (
                    record.self_assessment_id,
                    record.appraiser_assessment_id,
                    record.agreed_assessment_id,
                )
                if member is not None
            )
    return ids


def review_objective(
    lib: Library, assessment_id: int, objective_uid: str, *, done: bool, reflection: str = ""
) -> ObjectiveView:
    """Record in ``assessment_id``'s plan that an earlier objective was done or goes on.

    Returns the objective as it now stands in the new plan.

    Raises:
        UserError: the reflection is too long, or the objective is not the person's.
        SignedRecordError: the new plan is signed.
    """
    reflection = reflection.strip()
    if len(reflection) > MAX_REFLECTION:
        raise UserError(
            f"reflection: at most {MAX_REFLECTION} characters (found {len(reflection)})"
        )
    with unit(lib) as work:
        plan = plans.carry_objectives(work, assessment_id, [objective_uid])
        copy = next(o for o in plan.objectives if o.carried_from_uid == objective_uid)
        status = ObjectiveStatus.DONE if done else ObjectiveStatus.CARRIED_FORWARD
        wanted = replace(copy.as_input(), status=status.value, reflection=reflection)
        return plans.change_objective(work, copy.uid, wanted)
