"""The development plan of a person's assessment: gathered, built and written as a PDF.

Used by ``ppf plan`` and by the app's "Print plan" action alike.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ppf_app.core.errors import UserError
from ppf_app.domain.plan import Objective, PersonInfo, PlanDocument, Signature, build_plan
from ppf_app.reports.plan_pdf import write_plan_pdf_file
from ppf_app.services import appraisal, assessments, people, plans
from ppf_app.services.appraisal import AppraisalView
from ppf_app.services.plan_views import ObjectiveView
from ppf_app.services.unit import unit
from ppf_app.services.views import AssessmentView, PersonView

if TYPE_CHECKING:
    from ppf_app.services.library import Library


def plan_assessment(lib: Library, person_id: int, assessment_id: int | None) -> AssessmentView:
    """The assessment a plan is for: the named one, else the person's latest self
    assessment (else their latest of any kind).

    Raises:
        NotFound: no such person or assessment.
        UserError: the assessment is someone else's, or the person has none.
    """
    person = people.get_person(lib, person_id)
    if assessment_id is not None:
        assessment = assessments.get_assessment(lib, assessment_id)
        if assessment.person_id != person_id:
            raise UserError(
                f"assessment {assessment_id}: it belongs to another person, not to "
                f"person {person_id} ({person.name})"
            )
        return assessment
    latest = appraisal.latest_self_assessment(lib, person_id) or assessments.latest_assessment(
        lib, person_id
    )
    if latest is None:
        raise UserError(
            f"person {person_id} ({person.name}) has no assessment yet: record one first "
            "(in the app, or with `ppf assess import`)"
        )
    return latest


def plan_of(
    lib: Library, assessment: AssessmentView
) -> tuple[AssessmentView, AppraisalView | None]:
    """Whose plan an assessment's plan is (see :func:`appraisal.plan_owner`)."""
    owner_id, record = appraisal.plan_owner(lib, assessment.id)
    owner = assessment if owner_id == assessment.id else assessments.get_assessment(lib, owner_id)
    return owner, record


def plan_document(lib: Library, person_id: int, assessment_id: int | None = None) -> PlanDocument:
    """The plan for a person's assessment (``None``: their latest), ready to print, with the
    objectives and review date stored for it."""
    with unit(lib):  # one read: everything the plan shows, as it is at one moment
        return _plan_document(lib, person_id, assessment_id)


def _plan_document(lib: Library, person_id: int, assessment_id: int | None) -> PlanDocument:
    named = plan_assessment(lib, person_id, assessment_id)
    owner, record = plan_of(lib, named)
    person = people.get_person(lib, person_id)
    stored = plans.get_plan(lib, owner.id)
    signatures = None
    if record is None:
        framework = assessments.framework_for(lib, owner)
        recorded = assessments.ratings(lib, owner.id)
        levels = {behaviour_id: r.level for behaviour_id, r in recorded.items()}
        evidence = {behaviour_id: r.evidence for behaviour_id, r in recorded.items()}
        kind, assessed_on = owner.kind, owner.assessed_on
    else:
        own = record.self_assessment
        framework = assessments.framework_for(lib, own)
        recorded = assessments.ratings(lib, own.id)
        levels = {behaviour_id: r.level for behaviour_id, r in recorded.items()}
        evidence = {behaviour_id: r.evidence for behaviour_id, r in recorded.items()}
        # Levels agreed at the appraisal meeting replace the person's own, with their note.
        for behaviour_id, (level, note) in appraisal.agreed_levels(lib, record.id).items():
            levels[behaviour_id] = level
            agreed = f"Agreed at appraisal: {note}" if note else "Agreed at appraisal"
            evidence[behaviour_id] = "\n".join(filter(None, (evidence.get(behaviour_id), agreed)))
        kind, assessed_on = appraisal.AGREED, own.assessed_on
        if record.signed_on is not None:
            signatures = (
                Signature(
                    role="Individual", name=record.signed_by_appraisee, signed_on=record.signed_on
                ),
                Signature(
                    role="Appraiser", name=record.signed_by_appraiser, signed_on=record.signed_on
                ),
            )
    return build_plan(
        framework,
        _person_info(person, record),
        levels,
        evidence,
        assessment_date=assessed_on,
        kind=kind,
        objectives=[printed_objective(o) for o in stored.objectives],
        review_date=stored.review_date,
        signatures=signatures,
    )


def _person_info(person: PersonView, record: AppraisalView | None) -> PersonInfo:
    """Who the plan is for: as they were when signed, for a signed appraisal's plan."""
    frozen = record.signed_profile if record is not None and record.signed else None
    if frozen is not None:
        return PersonInfo(
            name=frozen.name,
            group_id=frozen.professional_group,
            job_title=frozen.job_title,
            organisation=frozen.organisation,
        )
    return PersonInfo(
        name=person.name,
        group_id=person.professional_group,
        job_title=person.job_title,
        organisation=person.organisation,
    )


def printed_objective(objective: ObjectiveView) -> Objective:
    """A stored objective as the printed plan shows it."""
    return Objective(
        objective=objective.text,
        linked_behaviours=objective.behaviour_ids,
        activity=objective.activity,
        support=objective.support,
        success_measure=objective.success_measure,
        target_date=objective.target_date,
        status=objective.status.label.capitalize(),
    )


def _check_destination(out_path: Path) -> None:
    if out_path.is_dir():
        raise UserError(f"{out_path}: is a folder; name the PDF file to write")
    if not out_path.parent.is_dir():
        raise UserError(f"{out_path}: the folder {out_path.parent} does not exist")


def write_plan_pdf(
    lib: Library,
    person_id: int,
    out_path: str | os.PathLike[str],
    assessment_id: int | None = None,
    *,
    invariant: bool = False,
) -> Path:
    """Write the plan PDF for a person's assessment (``None``: their latest) to ``out_path``.

    The file is written whole or not at all; an existing file is replaced.

    Returns:
        The path written.

    Raises:
        UserError: unknown person or assessment, no assessment, or a path that cannot be
            written.
    """
    target = Path(out_path)
    _check_destination(target)
    plan = plan_document(lib, person_id, assessment_id)
    try:
        return write_plan_pdf_file(plan, target, invariant=invariant)
    except OSError as exc:
        raise UserError(f"{target}: cannot write the plan: {exc.strerror or exc}") from exc
