"""The appraisal: appraiser ratings, the meeting view, agreed ratings and sign-off.

An appraiser's assessment (kind ``appraiser``) and the agreed one (kind ``agreed``) each
review one self assessment, named by its uid so the link survives the portable file.
The agreed rating's note is the evidence of the agreed assessment's rating.

Signing records both names and the moment; from then on the agreed assessment, its
ratings and its plan are read-only (the database refuses any change). A later change
opens a new version: a copy that names the signed one it replaces.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlmodel import Session

from ppf_app.core.errors import UserError
from ppf_app.domain import meeting
from ppf_app.domain.records import AssessmentKind
from ppf_app.services import assessments
from ppf_app.services.assessments import NewRating
from ppf_app.services.lookups import require_assessment
from ppf_app.services.people import clean_line
from ppf_app.services.unit import Unit, unit
from ppf_app.services.views import AssessmentView, RatingChange, as_utc
from ppf_app.storage.models import Appraisal, Assessment
from ppf_app.storage.repositories import appraisal as appraisal_repo
from ppf_app.storage.repositories import assessments as assessments_repo
from ppf_app.storage.repositories import people as people_repo
from ppf_app.storage.repositories import ratings as ratings_repo
from ppf_app.storage.repositories.clock import now as utcnow

if TYPE_CHECKING:
    from ppf_app.services.library import Library

SELF = AssessmentKind.SELF.value
APPRAISER = AssessmentKind.APPRAISER.value
AGREED = AssessmentKind.AGREED.value


@dataclass(frozen=True)
class AppraisalView:
    """Who rated an appraiser or agreed assessment, what it reviews, and its sign-off."""

    assessment_id: int
    reviews_uid: str
    rated_by: str
    replaces_uid: str
    signed_at: datetime | None
    signed_by_appraisee: str
    signed_by_appraiser: str

    @property
    def signed(self) -> bool:
        return self.signed_at is not None


@dataclass(frozen=True)
class MeetingView:
    """Everything the meeting shows for one self assessment."""

    self_assessment: AssessmentView
    appraiser_assessment: AssessmentView | None
    agreed_assessment: AssessmentView | None
    rated_by: str
    rows: tuple[meeting.MeetingRow, ...]
    discussion: tuple[meeting.MeetingRow, ...]
    sign_off: AppraisalView | None

    @property
    def signed(self) -> bool:
        return self.sign_off is not None and self.sign_off.signed


def appraisal_view(row: Appraisal) -> AppraisalView:
    return AppraisalView(
        assessment_id=row.assessment_id,
        reviews_uid=row.reviews_uid,
        rated_by=row.rated_by,
        replaces_uid=row.replaces_uid,
        signed_at=as_utc(row.signed_at) if row.signed_at else None,
        signed_by_appraisee=row.signed_by_appraisee,
        signed_by_appraiser=row.signed_by_appraiser,
    )


# -- starting --------------------------------------------------------------------------


def start_review(
    lib: Library,
    self_assessment_id: int,
    *,
    kind: str = APPRAISER,
    rated_by: str = "",
    assessed_on: date | None = None,
) -> AssessmentView:
    """Start an appraiser (or agreed) assessment reviewing a self assessment."""
    with unit(lib) as work:
        return begin_review(
            work, self_assessment_id, kind=kind, rated_by=rated_by, assessed_on=assessed_on
        )


def begin_review(
    work: Unit,
    self_assessment_id: int,
    *,
    kind: str = APPRAISER,
    rated_by: str = "",
    assessed_on: date | None = None,
) -> AssessmentView:
    """:func:`start_review` inside the caller's unit of work."""
    if kind not in (APPRAISER, AGREED):
        raise UserError(f"kind: {kind!r}: a review is an {APPRAISER} or {AGREED} assessment")
    rated_by = clean_line("appraiser", rated_by, required=False)
    session = work.session
    reviewed = _require_self(self_assessment_id, session=session)
    framework = assessments.framework_by_key(
        work.lib, reviewed.framework_id, reviewed.framework_version, session=session
    )
    created = assessments.create_assessment(
        work.lib,
        reviewed.person_id,
        framework,
        kind=kind,
        assessed_on=assessed_on or date.today(),
        ratings=(),
        complete=False,
        session=session,
    )
    assert created.id is not None
    appraisal_repo.save(created.id, reviews_uid=reviewed.uid, rated_by=rated_by, session=session)
    work.assessment_changed(reviewed.person_id, created.id)
    return assessments.assessment_view(created, framework, 0)


def reviews_of(work: Unit, self_assessment_id: int) -> list[tuple[AssessmentView, AppraisalView]]:
    """The appraiser and agreed assessments reviewing a self assessment, newest first."""
    session = work.session
    reviewed = _require_self(self_assessment_id, session=session)
    return [
        (_view(work.lib, review, session=session), appraisal_view(facts))
        for review, facts in appraisal_repo.reviewing(reviewed.uid, session=session)
    ]


def agreed_of(work: Unit, self_assessment_id: int) -> int:
    """The agreed assessment of the meeting on a self assessment, started when it has none.

    The newest agreed assessment reviewing it; a new one takes the appraiser's name.
    """
    session = work.session
    reviewed = _require_self(self_assessment_id, session=session)
    reviews = appraisal_repo.reviewing(reviewed.uid, session=session)
    for review, _facts in reviews:
        if review.kind == AGREED and review.id is not None:
            return review.id
    rated_by = next((f.rated_by for a, f in reviews if a.kind == APPRAISER), "")
    return begin_review(work, self_assessment_id, kind=AGREED, rated_by=rated_by).id


def link_review(
    lib: Library, assessment_id: int, self_assessment_id: int, *, rated_by: str = ""
) -> AppraisalView:
    """Record that ``assessment_id`` (appraiser or agreed) reviews a self assessment."""
    rated_by = clean_line("appraiser", rated_by, required=False)
    with unit(lib) as work:
        session = work.session
        review = require_assessment(assessment_id, session=session)
        reviewed = _require_self(self_assessment_id, session=session)
        if review.kind not in (APPRAISER, AGREED):
            raise UserError(f"assessment {assessment_id}: a {review.kind} assessment reviews none")
        if review.person_id != reviewed.person_id:
            raise UserError(
                f"assessment {assessment_id}: reviews assessment {self_assessment_id} "
                "of another person"
            )
        row = appraisal_repo.save(
            assessment_id, reviews_uid=reviewed.uid, rated_by=rated_by, session=session
        )
        work.assessment_changed(review.person_id, assessment_id)
        return appraisal_view(row)


def latest_self_assessment(
    lib: Library, person_id: int, framework_id: str | None = None
) -> AssessmentView | None:
    """A person's most recent self assessment (by date), or None."""
    with unit(lib) as work:
        session = work.session
        rows = assessments_repo.list_for_person(
            person_id, framework_id=framework_id, session=session
        )
        for row in rows:
            if row.kind == SELF:
                return assessments.assessment_view(
                    row,
                    assessments.framework_by_key(
                        lib, row.framework_id, row.framework_version, session=session
                    ),
                    0,
                )
    return None


def get_appraisal(lib: Library, assessment_id: int) -> AppraisalView | None:
    with unit(lib) as work:
        session = work.session
        require_assessment(assessment_id, session=session)
        row = appraisal_repo.get(assessment_id, session=session)
        return appraisal_view(row) if row is not None else None


def is_signed(lib: Library, assessment_id: int) -> bool:
    with unit(lib) as work:
        session = work.session
        return appraisal_repo.is_signed(assessment_id, session=session)


# -- rating ----------------------------------------------------------------------------


def rate(
    lib: Library,
    assessment_id: int,
    behaviour_id: str,
    level: int | None,
    note: str = "",
) -> RatingChange:
    """Record an appraiser's or an agreed rating (with its note), unless signed."""
    with unit(lib) as work:
        session = work.session
        review = require_assessment(assessment_id, session=session)
        if review.kind not in (APPRAISER, AGREED):
            raise UserError(
                f"assessment {assessment_id}: is a {review.kind} assessment, "
                "not an appraiser or agreed one"
            )
        appraisal_repo.require_unsigned(assessment_id, session=session)
        return assessments.set_rating(lib, assessment_id, behaviour_id, level=level, evidence=note)


# -- the meeting -----------------------------------------------------------------------


def meeting_view(lib: Library, self_assessment_id: int) -> MeetingView:
    """Self and appraiser ratings side by side, the agreed ones, and what to discuss first."""
    with unit(lib) as work:
        session = work.session
        reviewed = _require_self(self_assessment_id, session=session)
        person = people_repo.get(reviewed.person_id, session=session)
        assert person is not None
        framework = assessments.framework_by_key(
            lib, reviewed.framework_id, reviewed.framework_version, session=session
        )
        reviews = appraisal_repo.reviewing(reviewed.uid, session=session)
        appraiser = next(((a, r) for a, r in reviews if a.kind == APPRAISER), None)
        agreed = next(((a, r) for a, r in reviews if a.kind == AGREED), None)
        own = _levels(reviewed, session=session)
        theirs = _levels(appraiser[0], session=session) if appraiser else {}
        settled: dict[str, tuple[int | None, str]] = {}
        if agreed is not None:
            assert agreed[0].id is not None
            for r in ratings_repo.list_for_assessment(agreed[0].id, session=session):
                settled[r.behaviour_id] = (r.level, r.evidence)
        rows = meeting.compare(framework, own, theirs, settled, person.professional_group)
        return MeetingView(
            self_assessment=_view(lib, reviewed, session=session),
            appraiser_assessment=_view(lib, appraiser[0], session=session) if appraiser else None,
            agreed_assessment=_view(lib, agreed[0], session=session) if agreed else None,
            rated_by=appraiser[1].rated_by if appraiser else "",
            rows=tuple(rows),
            discussion=tuple(meeting.discussion_order(rows)),
            sign_off=appraisal_view(agreed[1]) if agreed else None,
        )


# -- sign-off --------------------------------------------------------------------------


def sign_off(
    lib: Library,
    agreed_assessment_id: int,
    *,
    appraisee: str,
    appraiser: str,
    at: datetime | None = None,
) -> AppraisalView:
    """Sign an agreed assessment: both names and the moment; then it is read-only."""
    appraisee = clean_line("appraisee", appraisee, required=True)
    appraiser = clean_line("appraiser", appraiser, required=True)
    with unit(lib) as work:
        session = work.session
        agreed = require_assessment(agreed_assessment_id, session=session)
        if agreed.kind != AGREED:
            raise UserError(
                f"assessment {agreed_assessment_id}: only an agreed assessment is signed "
                f"(this one is {agreed.kind})"
            )
        appraisal_repo.require_unsigned(agreed_assessment_id, session=session)
        assessments_repo.touch(agreed, session=session)
        session.flush()
        row = appraisal_repo.sign(
            agreed_assessment_id,
            appraisee=appraisee,
            appraiser=appraiser,
            at=at or utcnow(),
            session=session,
        )
        work.assessment_changed(agreed.person_id, agreed_assessment_id)
        work.plan_changed(agreed.person_id, agreed_assessment_id)
        return appraisal_view(row)


def new_version(lib: Library, agreed_assessment_id: int) -> AssessmentView:
    """A draft copy of a signed agreed assessment, to change; the signed one stays."""
    with unit(lib) as work:
        session = work.session
        signed = require_assessment(agreed_assessment_id, session=session)
        facts = appraisal_repo.get(agreed_assessment_id, session=session)
        if signed.kind != AGREED or facts is None or facts.signed_at is None:
            raise UserError(
                f"assessment {agreed_assessment_id}: only a signed agreed assessment "
                "gets a new version; change this one directly"
            )
        framework = assessments.framework_by_key(
            lib, signed.framework_id, signed.framework_version, session=session
        )
        assert signed.id is not None
        copied = [
            NewRating(r.behaviour_id, r.level, r.evidence)
            for r in ratings_repo.list_for_assessment(signed.id, session=session)
        ]
        created = assessments.create_assessment(
            lib,
            signed.person_id,
            framework,
            kind=AGREED,
            assessed_on=date.today(),
            ratings=copied,
            complete=False,
            session=session,
        )
        assert created.id is not None
        appraisal_repo.save(
            created.id,
            reviews_uid=facts.reviews_uid,
            rated_by=facts.rated_by,
            replaces_uid=signed.uid,
            session=session,
        )
        work.assessment_changed(signed.person_id, created.id)
        answered = sum(1 for r in copied if r.level is not None)
        return assessments.assessment_view(created, framework, answered)


# -- helpers ---------------------------------------------------------------------------


def _levels(assessment: Assessment, *, session: Session) -> dict[str, int | None]:
    assert assessment.id is not None
    return {
        r.behaviour_id: r.level
        for r in ratings_repo.list_for_assessment(assessment.id, session=session)
    }


def _view(lib: Library, assessment: Assessment, *, session: Session) -> AssessmentView:
    assert assessment.id is not None
    framework = assessments.framework_by_key(
        lib, assessment.framework_id, assessment.framework_version, session=session
    )
    answered = assessments_repo.answered_counts([assessment.id], session=session)
    return assessments.assessment_view(assessment, framework, answered[assessment.id])


def _require_self(assessment_id: int, *, session: Session) -> Assessment:
    assessment = require_assessment(assessment_id, session=session)
    if assessment.kind != SELF:
        raise UserError(
            f"assessment {assessment_id}: is a {assessment.kind} assessment; "
            "a review is of a self assessment"
        )
    return assessment


def link_to_latest_self(
    lib: Library, assessment_id: int, *, rated_by: str = ""
) -> AppraisalView | None:
    """Link an appraiser or agreed assessment to the person's latest self assessment.

    The latest by date among the self assessments made with the same framework; None
    (and nothing recorded) when the person has none.
    """
    with unit(lib) as work:
        session = work.session
        review = require_assessment(assessment_id, session=session)
        person_id, framework_id = review.person_id, review.framework_id
    latest = latest_self_assessment(lib, person_id, framework_id)
    if latest is None:
        return None
    return link_review(lib, assessment_id, latest.id, rated_by=rated_by)


def agreed_ratings(lib: Library, self_assessment_id: int) -> dict[str, tuple[int, str]]:
    """The levels (with notes) agreed in the meeting on a self assessment, by behaviour.

    From the newest agreed assessment reviewing it; behaviours not agreed are absent, and
    so is everything when the assessment is not a self assessment or has no agreed one.
    """
    with unit(lib) as work:
        session = work.session
        reviewed = require_assessment(self_assessment_id, session=session)
        if reviewed.kind != SELF:
            return {}
        for review, _facts in appraisal_repo.reviewing(reviewed.uid, session=session):
            if review.kind == AGREED:
                assert review.id is not None
                return {
                    r.behaviour_id: (r.level, r.evidence)
                    for r in ratings_repo.list_for_assessment(review.id, session=session)
                    if r.level is not None
                }
    return {}


def sign_off_for(lib: Library, assessment_id: int) -> AppraisalView | None:
    """The sign-off that covers an assessment's plan, or None when it is not signed.

    For an agreed assessment, its own; for a self assessment, that of the newest agreed
    assessment reviewing it.
    """
    with unit(lib) as work:
        session = work.session
        assessment = require_assessment(assessment_id, session=session)
        facts: Appraisal | None = None
        if assessment.kind == AGREED:
            facts = appraisal_repo.get(assessment_id, session=session)
        elif assessment.kind == SELF:
            agreed = [
                f
                for a, f in appraisal_repo.reviewing(assessment.uid, session=session)
                if a.kind == AGREED
            ]
            facts = agreed[0] if agreed else None
        if facts is None or facts.signed_at is None:
            return None
        return appraisal_view(facts)
