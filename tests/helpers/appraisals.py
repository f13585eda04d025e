"""Appraisals for tests, made through the services as a user would make them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from ppf_app.services import appraisal, assessments, plans
from ppf_app.services.appraisal import AppraisalView
from ppf_app.services.library import Library
from ppf_app.services.plan_views import ObjectiveInput
from ppf_app.services.views import AssessmentView


def behaviour_ids(lib: Library, group: str | None = "clinician") -> list[str]:
    """The default framework's behaviours asked of ``group``, in framework order."""
    return [b.id for b in lib.frameworks.default().behaviours_for(group)]


def asked_ids(lib: Library, view: AssessmentView) -> list[str]:
    """The behaviours an assessment asks: its framework's, for its group."""
    framework = assessments.framework_for(lib, view)
    return [b.id for b in framework.behaviours_for(view.group_id or None)]


def rated_self(
    lib: Library,
    person_id: int,
    levels: Mapping[str, int] | None = None,
    *,
    on: date | None = None,
    evidence: str = "my own words",
    complete: bool = True,
) -> AssessmentView:
    """A self assessment on the default framework: every behaviour asked of the person's
    group rated (level 3) unless ``levels`` says which."""
    view = assessments.start_assessment(lib, person_id, assessed_on=on)
    chosen = levels if levels is not None else dict.fromkeys(asked_ids(lib, view), 3)
    for behaviour_id, level in chosen.items():
        assessments.set_rating(lib, view.id, behaviour_id, level=level, evidence=evidence)
    if complete:
        assessments.complete_assessment(lib, view.id, force=True)
    return assessments.get_assessment(lib, view.id)


def appraiser_rates(
    lib: Library, record_id: int, levels: Mapping[str, int], *, name: str = "Grace Hopper"
) -> AssessmentView:
    view = appraisal.rate_as_appraiser(lib, record_id, appraiser_name=name)
    for behaviour_id, level in levels.items():
        assessments.set_rating(lib, view.id, behaviour_id, level=level, evidence="seen it")
    return view


def ready_to_sign(
    lib: Library,
    record_id: int,
    *,
    objective: str = "Chair the weekly bed meeting",
    review: date = date(2027, 3, 31),
) -> None:
    """Agree whatever is not agreed yet (the person's own level, else 3), add an
    objective and a review date."""
    appraisal.agree_remaining_at_self(lib, record_id)
    record = appraisal.get_appraisal(lib, record_id)
    view = appraisal.meeting_view(lib, record_id)
    for row in view.unagreed:
        appraisal.agree(lib, record_id, row.behaviour_id, 3, "")
    assert record.agreed_assessment is not None
    plans.add_objective(lib, record.agreed_assessment.id, ObjectiveInput(text=objective))
    plans.set_review_date(lib, record.agreed_assessment.id, review)


def signed_appraisal(
    lib: Library, person_id: int, *, appraisee: str = "Ada Lovelace"
) -> AppraisalView:
    """A complete, signed appraisal of a fully rated self assessment."""
    own = rated_self(lib, person_id)
    record = appraisal.open_for(lib, own.id, appraiser_name="Grace Hopper")
    appraiser_rates(lib, record.id, dict.fromkeys(asked_ids(lib, own)[:5], 4))
    ready_to_sign(lib, record.id)
    return appraisal.sign(lib, record.id, appraisee=appraisee, appraiser="Grace Hopper")
