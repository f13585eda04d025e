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
    own = assessments.get_assessment(lib, self_assessment_id)
    if own.person_id != person_id:
        raise UserError(f"assessment {self_assessment_id}: belongs to another person")
    if own.kind != appraisal.SELF:
        raise UserError(
            f"assessment {self_assessment_id}: is a {own.kind} assessment; a brief is of a "
            "self assessment"
        )
    record = appraisal.appraisal_holding(lib, own.id)
    framework = assessments.framework_for(lib, own)
    frozen = record.signed_profile if record is not None and record.signed else None
    name = frozen.name if frozen is not None else person.name
    job_title = frozen.job_title if frozen is not None else person.job_title
    if record is None:
        levels = {b: r.level for b, r in assessments.ratings(lib, own.id).items()}
        rows = meeting.compare(framework, levels, {}, {}, person.professional_group)
        plan = plans.get_plan(lib, own.id)
        rated_by = ""
    else:
        view = appraisal.meeting_view(lib, record.id)
        rows = list(view.rows)
        plan = plans.get_plan(
            lib, record.agreed_assessment.id if record.agreed_assessment else own.id
        )
        rated_by = record.appraiser_name
    return meeting.brief(
        rows,
        person_name=name,
        job_title=job_title,
        framework=framework,
        self_assessed_on=own.assessed_on,
        rated_by=rated_by,
        objectives=tuple(
            meeting.BriefObjective(text=o.text, target_date=o.target_date) for o in plan.objectives
        ),
        review_date=plan.review_date,
        signed_on=record.signed_on if record is not None else None,
        signed_by=(
            (record.signed_by_appraisee, record.signed_by_appraiser)
            if record is not None and record.signed
            else ("", "")
        ),
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
