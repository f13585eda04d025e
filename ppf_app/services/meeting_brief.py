"""The one-page meeting brief of a person's latest (or a named) self assessment."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ppf_app.core.errors import UserError
from ppf_app.domain import meeting
from ppf_app.services import appraisal, assessments, people, plans
from ppf_app.services.unit import unit

if TYPE_CHECKING:
    from ppf_app.services.library import Library


def build_brief(
    lib: Library, person_id: int, self_assessment_id: int | None = None
) -> meeting.MeetingBrief:
    """The brief's content: the meeting view, and the plan of the agreed assessment.

    The plan is the agreed assessment's when there is one with objectives, else the self
    assessment's.

    Raises:
        UserError: the person has no self assessment (or the one named is not theirs).
    """
    with unit(lib):  # one read: everything the brief shows, as it is at one moment
        return _build_brief(lib, person_id, self_assessment_id)


def _build_brief(
    lib: Library, person_id: int, self_assessment_id: int | None
) -> meeting.MeetingBrief:
    person = people.get_person(lib, person_id)
    if self_assessment_id is None:
        latest = appraisal.latest_self_assessment(lib, person_id)
        if latest is None:
            raise UserError(
                f"person {person_id}: no self assessment yet; a brief compares one with "
                "the appraiser's ratings"
            )
        self_assessment_id = latest.id
    view = appraisal.meeting_view(lib, self_assessment_id)
    if view.self_assessment.person_id != person_id:
        raise UserError(f"assessment {self_assessment_id}: belongs to another person")
    plan = plans.get_plan(lib, self_assessment_id)
    if view.agreed_assessment is not None:
        agreed_plan = plans.get_plan(lib, view.agreed_assessment.id)
        if agreed_plan.objectives or agreed_plan.review_date:
            plan = agreed_plan
    signed = view.sign_off if view.sign_off is not None and view.sign_off.signed else None
    return meeting.brief(
        list(view.rows),
        person_name=person.name,
        job_title=person.job_title,
        framework=assessments.framework_for(lib, view.self_assessment),
        self_assessed_on=view.self_assessment.assessed_on,
        rated_by=view.rated_by,
        objectives=tuple(
            meeting.BriefObjective(text=o.text, target_date=o.target_date) for o in plan.objectives
        ),
        review_date=plan.review_date,
        signed_on=signed.signed_at.date() if signed and signed.signed_at else None,
        signed_by=(signed.signed_by_appraisee, signed.signed_by_appraiser) if signed else ("", ""),
    )


def write_brief(
    lib: Library,
    person_id: int,
    out: Path,
    *,
    self_assessment_id: int | None = None,
    invariant: bool = False,
) -> Path:
    """Write the meeting brief PDF to ``out`` (atomically); returns the path."""
    from ppf_app.reports.brief_pdf import write_brief_pdf_file

    if out.is_dir():
        raise UserError(f"{out}: is a folder; give a file name")
    if not out.parent.is_dir():
        raise UserError(f"{out}: the folder {out.parent} does not exist")
    content = build_brief(lib, person_id, self_assessment_id)
    try:
        return write_brief_pdf_file(content, out, invariant=invariant)
    except OSError as exc:
        raise UserError(f"{out}: cannot write the file: {exc.strerror or exc}") from None
