"""What the appraisal meeting does: agree levels, review the previous plan, sign.

Each is one operation on the meeting of a self assessment. The agreed record is started
by the first of them that needs it, inside the same unit of work, so a refused change
(a signed record, a note too long) leaves no empty agreed assessment behind.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from ppf_app.services import appraisal, objective_review
from ppf_app.services.appraisal import AppraisalView
from ppf_app.services.plan_views import ObjectiveView
from ppf_app.services.unit import unit
from ppf_app.services.views import AssessmentView, RatingChange

if TYPE_CHECKING:
    from ppf_app.services.library import Library


def agree(
    lib: Library, self_assessment_id: int, behaviour_id: str, level: int | None, note: str
) -> RatingChange:
    """Record the level (and note) agreed for one behaviour in the meeting."""
    with unit(lib) as work:
        agreed_id = appraisal.agreed_of(work, self_assessment_id)
        return appraisal.rate(lib, agreed_id, behaviour_id, level, note)


def review_previous_objective(
    lib: Library, self_assessment_id: int, objective_uid: str, *, done: bool, reflection: str
) -> ObjectiveView:
    """Record in the meeting's plan that an objective of the previous plan was done or
    goes on, with the reflection."""
    with unit(lib) as work:
        agreed_id = appraisal.agreed_of(work, self_assessment_id)
        return objective_review.review_objective(
            lib, agreed_id, objective_uid, done=done, reflection=reflection
        )


def sign(
    lib: Library,
    self_assessment_id: int,
    *,
    appraisee: str,
    appraiser: str,
    at: datetime | None = None,
) -> AppraisalView:
    """Sign the meeting's agreed record with both names; then it is read-only."""
    with unit(lib) as work:
        agreed_id = appraisal.agreed_of(work, self_assessment_id)
        return appraisal.sign_off(lib, agreed_id, appraisee=appraisee, appraiser=appraiser, at=at)


def rate_as_appraiser(lib: Library, self_assessment_id: int) -> AssessmentView:
    """The appraiser's assessment of the meeting, started when there is none yet."""
    with unit(lib) as work:
        for review, _facts in appraisal.reviews_of(work, self_assessment_id):
            if review.kind == appraisal.APPRAISER:
                return review
        return appraisal.begin_review(work, self_assessment_id)


def new_version(lib: Library, self_assessment_id: int) -> AssessmentView:
    """A draft copy of the meeting's signed agreed record, to change."""
    with unit(lib) as work:
        return appraisal.new_version(lib, appraisal.agreed_of(work, self_assessment_id))
