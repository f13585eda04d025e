"""What the appraisal meeting does beyond agreeing levels: review the previous plan.

The review is recorded in the appraisal's agreed plan, started (with the agreed record)
in the same unit of work when the appraisal has none yet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ppf_app.services import appraisal, objective_review
from ppf_app.services.plan_views import ObjectiveView
from ppf_app.services.unit import unit
from ppf_app.storage.repositories import appraisal as appraisal_repo

if TYPE_CHECKING:
    from ppf_app.services.library import Library


def review_previous_objective(
    lib: Library, appraisal_id: int, objective_uid: str, *, done: bool, reflection: str
) -> ObjectiveView:
    """Record in the appraisal's plan that an objective of the previous plan was done or
    goes on, with the reflection."""
    with unit(lib) as work:
        record = appraisal.require_appraisal(appraisal_id, session=work.session)
        appraisal_repo.require_unsigned(record)
        agreed_id = appraisal.ensure_agreed(work, record)
        return objective_review.review_objective(
            lib, agreed_id, objective_uid, done=done, reflection=reflection
        )
