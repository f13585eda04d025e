"""The one-page meeting brief of a person's latest (or a named) self assessment."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ppf_app.core.errors import UserError
from ppf_app.domain import meeting
from ppf_app.services import appraisal, assessments, people, plan_report
from ppf_app.services.unit import unit
from ppf_app.services.views import AssessmentView, RatingView

if TYPE_CHECKING:
    from ppf_app.services.library import Library


def build_brief(
    lib: Library, person_id: int, self_assessment_id: int | None = None
) -> meeting.MeetingBrief:
    """The brief's content: the self, appraiser and agreed levels of each behaviour asked
    of the assessment's group, and the plan the plan PDF prints for the self assessment
    (the appraisal's agreed plan, once there is one) with the review of the previous plan.

    Raises:
        UserError: the person has no self assessment (or the one named is not theirs).
    """
    with unit(lib):  # one read: everything the brief shows, as it is at one moment
        return _build_brief(lib, person_id, self_assessment_id)


def _build_brief(
    lib: Library, person_id: int, self_assessment_id: int | None
) -> meeting.MeetingBrief:
    people.get_person(lib, person_id)
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
    # The plan the brief lists is the one the plan PDF prints: who (as signed), the
    # group the targets are for, the objectives and the review of the previous plan.
    plan = plan_report.plan_document(lib, person_id, own.id)
    record = appraisal.appraisal_holding(lib, own.id)
    framework = assessments.framework_for(lib, own)
    mine = assessments.ratings(lib, own.id)
    theirs = _ratings(lib, record.appraiser_assessment if record is not None else None)
    agreed = _ratings(lib, record.agreed_assessment if record is not None else None)
    rows = meeting.compare(
        framework,
        {b: r.answer for b, r in mine.items()},
        {b: r.answer for b, r in theirs.items()},
        {b: (r.answer, r.evidence) for b, r in agreed.items()},
        plan.person.group_id or None,
        self_evidence={b: r.evidence for b, r in mine.items()},
        appraiser_evidence={b: r.evidence for b, r in theirs.items()},
    )
    signed = record is not None and record.signed
    return meeting.brief(
        rows,
        person_name=plan.person.name,
        job_title=plan.person.job_title,
        framework=framework,
        self_assessed_on=own.assessed_on,
        rated_by=record.appraiser_name if record is not None else "",
        objectives=tuple(
            meeting.BriefObjective(text=o.objective, target_date=o.target_date, status=o.status)
            for o in plan.objectives
        ),
        previous_objectives=tuple(
            meeting.BriefObjective(
                text=o.text,
                target_date=o.target_date,
                status=o.outcome.label,
                reflection=o.reflection,
            )
            for o in plan.reviewed
        ),
        review_date=plan.review_date,
        signed_on=record.signed_on if record is not None else None,
        signed_by=(
            (record.signed_by_appraisee, record.signed_by_appraiser)
            if record is not None and signed
            else ("", "")
        ),
        group_title=plan.person.group_title,
        # Signatures (services/signing.py): a signed record changed since says so here.
        signature_note=record.signature.text if record is not None and signed else "",
    )


def _ratings(lib: Library, assessment: AssessmentView | None) -> dict[str, RatingView]:
    return assessments.ratings(lib, assessment.id) if assessment is not None else {}


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
