"""The appraisal: one record from the self assessment it reviews to its sign-off.

An appraisal holds the self assessment it reviews, the appraiser's ratings (an
assessment of kind ``appraiser``, with the appraiser's name), the levels and notes agreed
in the meeting (an assessment of kind ``agreed``, whose plan is the plan agreed there,
the previous plan's review included) and the sign-off.

Signing asks for what makes it meaningful (every behaviour agreed or kept at the
person's own level, an objective, a review date) and records both names and the moment;
from then on the appraisal and everything it shows are read-only, refused by the
database itself. A later change opens a new version: a copy of the agreed record that
names the signed appraisal it replaces.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlmodel import Session

from ppf_app.core.errors import NotFound, UserError
from ppf_app.domain.answers import NOT_APPLICABLE, Answer, NotApplicable
from ppf_app.domain.appraisal import RecordStage, appraisal_stage, sign_off_problems
from ppf_app.domain.numbering import behaviour_numbers
from ppf_app.domain.records import AssessmentKind, AssessmentStatus
from ppf_app.services import assessments
from ppf_app.services.assessments import NewRating
from ppf_app.services.lookups import require_assessment, require_person
from ppf_app.services.people import clean_line
from ppf_app.services.unit import Unit, unit
from ppf_app.services.views import AssessmentView, RatingChange, as_utc
from ppf_app.storage.models import Appraisal, Assessment
from ppf_app.storage.repositories import appraisal as appraisal_repo
from ppf_app.storage.repositories import assessments as assessments_repo
from ppf_app.storage.repositories import plans as plans_repo
from ppf_app.storage.repositories import ratings as ratings_repo
from ppf_app.storage.repositories.clock import now as utcnow

if TYPE_CHECKING:
    from ppf_app.domain import meeting
    from ppf_app.services.library import Library
    from ppf_app.services.signing import SignatureCheck

SELF = AssessmentKind.SELF.value
APPRAISER = AssessmentKind.APPRAISER.value
AGREED = AssessmentKind.AGREED.value


@dataclass(frozen=True)
class SignedProfile:
    """The person as they were when an appraisal was signed."""

    name: str
    professional_group: str
    job_title: str
    organisation: str

    def to_json(self) -> str:
        return json.dumps(
            {
                "name": self.name,
                "professional_group": self.professional_group,
                "job_title": self.job_title,
                "organisation": self.organisation,
            },
            ensure_ascii=False,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> SignedProfile | None:
        try:
            data = json.loads(text) if text else None
        except ValueError:
            return None
        if not isinstance(data, dict):
            return None
        fields = ("name", "professional_group", "job_title", "organisation")
        values = [data.get(name, "") for name in fields]
        if not all(isinstance(value, str) for value in values):
            return None
        return cls(*values)


@dataclass(frozen=True)
class AppraisalView:
    """One appraisal: what it reviews, who rated, what was agreed, and its sign-off."""

    id: int
    uid: str
    person_id: int
    held_on: date
    appraiser_name: str
    replaces_uid: str
    self_assessment: AssessmentView
    appraiser_assessment: AssessmentView | None
    agreed_assessment: AssessmentView | None
    signed_at: datetime | None
    signed_by_appraisee: str
    signed_by_appraiser: str
    stage: RecordStage
    signed_profile: SignedProfile | None = None
    """Who the person was when signed (name, group, job title, organisation)."""
    checked: SignatureCheck | None = None
    """What checking a signed appraisal's signatures found on read (None: not signed)."""

    @property
    def signature(self) -> SignatureCheck:
        """Whether the signed appraisal is still as signed (its signatures checked on read)."""
        if self.checked is not None:
            return self.checked
        from ppf_app.services.signing import NOT_SIGNED

        return NOT_SIGNED

    @property
    def signed(self) -> bool:
        return self.signed_at is not None

    @property
    def signed_on(self) -> date | None:
        return self.signed_at.date() if self.signed_at is not None else None

    @property
    def members(self) -> tuple[int, ...]:
        """The ids of the assessments the appraisal holds."""
        held = (self.self_assessment, self.appraiser_assessment, self.agreed_assessment)
        return tuple(view.id for view in held if view is not None)


@dataclass(frozen=True)
class MeetingView:
    """Everything the meeting shows: the appraisal and its behaviours side by side."""

    appraisal: AppraisalView
    rows: tuple[meeting.MeetingRow, ...]
    discussion: tuple[meeting.MeetingRow, ...]
    numbers: dict[str, str]

    @property
    def self_assessment(self) -> AssessmentView:
        return self.appraisal.self_assessment

    @property
    def appraiser_assessment(self) -> AssessmentView | None:
        return self.appraisal.appraiser_assessment

    @property
    def agreed_assessment(self) -> AssessmentView | None:
        return self.appraisal.agreed_assessment

    @property
    def rated_by(self) -> str:
        return self.appraisal.appraiser_name

    @property
    def signed(self) -> bool:
        return self.appraisal.signed

    @property
    def unagreed(self) -> tuple[meeting.MeetingRow, ...]:
        return tuple(row for row in self.rows if not row.is_agreed)


# -- reading -----------------------------------------------------------------------------


def appraisal_view(lib: Library, row: Appraisal, *, session: Session) -> AppraisalView:
    assert row.id is not None
    ids = [
        i
        for i in (row.self_assessment_id, row.appraiser_assessment_id, row.agreed_assessment_id)
        if i is not None
    ]
    counts = assessments_repo.answered_counts(ids, session=session)

    def view(assessment_id: int | None) -> AssessmentView | None:
        if assessment_id is None:
            return None
        found = require_assessment(assessment_id, session=session)
        framework = assessments.framework_by_key(
            lib, found.framework_id, found.framework_version, session=session
        )
        return assessments.assessment_view(found, framework, counts.get(assessment_id, 0))

    own = view(row.self_assessment_id)
    assert own is not None
    theirs = view(row.appraiser_assessment_id)
    agreed = view(row.agreed_assessment_id)
    return AppraisalView(
        id=row.id,
        uid=row.uid,
        person_id=row.person_id,
        held_on=row.held_on,
        appraiser_name=row.appraiser_name,
        replaces_uid=row.replaces_uid,
        self_assessment=own,
        appraiser_assessment=theirs,
        agreed_assessment=agreed,
        signed_at=as_utc(row.signed_at) if row.signed_at else None,
        signed_by_appraisee=row.signed_by_appraisee,
        signed_by_appraiser=row.signed_by_appraiser,
        signed_profile=SignedProfile.from_json(row.signed_profile),
        checked=_checked_signatures(lib, row, session=session),
        stage=appraisal_stage(
            signed=row.signed_at is not None,
            appraiser_complete=theirs is not None and theirs.is_complete,
            agreed=agreed.progress.answered if agreed is not None else 0,
        ),
    )


def _checked_signatures(lib: Library, row: Appraisal, *, session: Session) -> SignatureCheck | None:
    """The signatures of a signed appraisal, checked; None for one not signed."""
    if row.signed_at is None:
        return None
    # Keys and signatures are read only for a signed record (not to show a list of drafts).
    from ppf_app.services import signing

    return signing.check(lib, row, session=session)


def require_appraisal(appraisal_id: int, *, session: Session) -> Appraisal:
    found = appraisal_repo.get(appraisal_id, session=session)
    if found is None:
        raise NotFound(f"appraisal {appraisal_id}: no such appraisal")
    return found


def get_appraisal(lib: Library, appraisal_id: int) -> AppraisalView:
    with unit(lib) as work:
        return appraisal_view(
            lib, require_appraisal(appraisal_id, session=work.session), session=work.session
        )


def appraisals_of(lib: Library, person_id: int) -> list[AppraisalView]:
    """A person's appraisals, newest first."""
    with unit(lib) as work:
        require_person(person_id, session=work.session)
        return [
            appraisal_view(lib, row, session=work.session)
            for row in appraisal_repo.for_person(person_id, session=work.session)
        ]


def appraisal_holding(lib: Library, assessment_id: int) -> AppraisalView | None:
    """The (newest) appraisal an assessment belongs to, or None."""
    with unit(lib) as work:
        require_assessment(assessment_id, session=work.session)
        rows = appraisal_repo.holding(assessment_id, session=work.session)
        return appraisal_view(lib, rows[0], session=work.session) if rows else None


def is_frozen(lib: Library, assessment_id: int) -> bool:
    """Whether the assessment belongs to a signed appraisal."""
    with unit(lib) as work:
        return appraisal_repo.is_frozen(assessment_id, session=work.session)


def latest_self_assessment(
    lib: Library, person_id: int, framework_id: str | None = None
) -> AssessmentView | None:
    """A person's most recent self assessment (by date), or None."""
    with unit(lib) as work:
        session = work.session
        for row in assessments_repo.list_for_person(
            person_id, framework_id=framework_id, session=session
        ):
            if row.kind == SELF:
                return _view(lib, row, session=session)
    return None


def plan_owner(lib: Library, assessment_id: int) -> tuple[int, AppraisalView | None]:
    """Whose plan an assessment's plan is, and the appraisal it was agreed in.

    A self assessment with an appraisal, and that appraisal's agreed assessment, have
    the plan agreed in the appraisal (kept with the agreed assessment); any other
    assessment has its own.
    """
    with unit(lib) as work:
        session = work.session
        found = require_assessment(assessment_id, session=session)
        if found.kind not in (SELF, AGREED):
            return assessment_id, None
        for record in appraisal_repo.holding(assessment_id, session=session):
            if found.kind == SELF and record.self_assessment_id != assessment_id:
                continue
            if record.agreed_assessment_id is None:
                continue
            return record.agreed_assessment_id, appraisal_view(lib, record, session=session)
        return assessment_id, None


def meeting_view(lib: Library, appraisal_id: int) -> MeetingView:
    """Self, appraiser and agreed ratings side by side, and what to discuss first."""
    with unit(lib) as work:
        session = work.session
        row = require_appraisal(appraisal_id, session=session)
        view = appraisal_view(lib, row, session=session)
        person = require_person(row.person_id, session=session)
        group = person.professional_group
        if view.signed_profile is not None and view.signed:
            group = view.signed_profile.professional_group  # targets as when signed
        # The group the self assessment was made for chooses what is asked and the targets.
        group = view.self_assessment.group_id or group
        framework = assessments.framework_for(lib, view.self_assessment)
        own = _ratings(row.self_assessment_id, session=session)
        theirs = _ratings(row.appraiser_assessment_id, session=session)
        agreed = _ratings(row.agreed_assessment_id, session=session)
    from ppf_app.domain import meeting  # the meeting's comparison: not for a list of records

    rows = meeting.compare(
        framework,
        {b: answer for b, (answer, _) in own.items()},
        {b: answer for b, (answer, _) in theirs.items()},
        {b: (answer, note) for b, (answer, note) in agreed.items()},
        group or None,
        self_evidence={b: text for b, (_, text) in own.items()},
        appraiser_evidence={b: text for b, (_, text) in theirs.items()},
    )
    return MeetingView(
        appraisal=view,
        rows=tuple(rows),
        discussion=tuple(meeting.discussion_order(rows)),
        numbers=behaviour_numbers(framework),
    )


def _ratings(assessment_id: int | None, *, session: Session) -> dict[str, tuple[Answer, str]]:
    """Behaviour id -> (answer, evidence or note) of one member of an appraisal."""
    if assessment_id is None:
        return {}
    return {
        r.behaviour_id: (NOT_APPLICABLE if r.not_applicable else r.level, r.evidence)
        for r in ratings_repo.list_for_assessment(assessment_id, session=session)
    }


# -- starting ----------------------------------------------------------------------------


def open_for(
    lib: Library,
    self_assessment_id: int,
    *,
    appraiser_name: str = "",
    held_on: date | None = None,
) -> AppraisalView:
    """The appraisal of a self assessment: its newest one, or a new one started now.

    A new appraisal starts with its agreed record (empty), whose plan takes the
    objectives already written on the self assessment's own plan: the plan agreed in the
    meeting starts from the person's draft.
    """
    with unit(lib) as work:
        return appraisal_view(
            lib,
            _open_for(work, self_assessment_id, appraiser_name=appraiser_name, held_on=held_on),
            session=work.session,
        )


def _open_for(
    work: Unit, self_assessment_id: int, *, appraiser_name: str, held_on: date | None
) -> Appraisal:
    session = work.session
    reviewed = _require_self(self_assessment_id, session=session)
    existing = appraisal_repo.reviewing(self_assessment_id, session=session)
    if existing:
        return existing[0]
    appraiser_name = clean_line("appraiser", appraiser_name, required=False)
    record = appraisal_repo.add(
        Appraisal(
            person_id=reviewed.person_id,
            self_assessment_id=self_assessment_id,
            appraiser_name=appraiser_name,
            held_on=held_on or date.today(),
        ),
        session=session,
    )
    ensure_agreed(work, record)
    _take_draft_objectives(work, record)
    assert record.id is not None
    work.assessment_changed(reviewed.person_id, self_assessment_id)
    return record


def ensure_agreed(work: Unit, record: Appraisal) -> int:
    """The appraisal's agreed assessment, started when it has none yet."""
    if record.agreed_assessment_id is not None:
        return record.agreed_assessment_id
    appraisal_repo.require_unsigned(record)
    created = _new_member(work, record, AGREED, ratings=())
    record.agreed_assessment_id = created
    appraisal_repo.touch(record, session=work.session)
    return created


def _new_member(work: Unit, record: Appraisal, kind: str, *, ratings: Sequence[NewRating]) -> int:
    session = work.session
    reviewed = require_assessment(record.self_assessment_id, session=session)
    framework = assessments.framework_by_key(
        work.lib, reviewed.framework_id, reviewed.framework_version, session=session
    )
    created = assessments.create_assessment(
        work.lib,
        record.person_id,
        framework,
        kind=kind,
        assessed_on=date.today(),
        ratings=ratings,
        complete=False,
        session=session,
        group_id=reviewed.group_id,  # asks what the self assessment asks
    )
    assert created.id is not None
    work.assessment_changed(record.person_id, created.id)
    return created.id


def _take_draft_objectives(work: Unit, record: Appraisal) -> None:
    """Move the objectives of the self assessment's own plan to the agreed plan."""
    session = work.session
    own = plans_repo.for_assessment(record.self_assessment_id, session=session)
    if own is None or own.id is None or record.agreed_assessment_id is None:
        return
    if appraisal_repo.is_frozen(record.self_assessment_id, session=session):
        return
    moving = list(plans_repo.objectives(own.id, session=session))
    if not moving:
        return
    agreed = plans_repo.ensure(record.agreed_assessment_id, session=session)
    assert agreed.id is not None
    taken = len(plans_repo.objectives(agreed.id, session=session))
    for offset, objective in enumerate(moving):
        objective.plan_id = agreed.id
        objective.position = taken + offset
        session.add(objective)
    if own.review_date is not None and agreed.review_date is None:
        agreed.review_date = own.review_date
    plans_repo.touch(agreed, session=session)
    plans_repo.touch(own, session=session)
    session.flush()
    work.plan_changed(record.person_id, record.self_assessment_id)
    work.plan_changed(record.person_id, record.agreed_assessment_id)


def rate_as_appraiser(lib: Library, appraisal_id: int, *, appraiser_name: str) -> AssessmentView:
    """The appraiser's assessment of the appraisal, started when there is none, with the
    appraiser's name recorded."""
    name = clean_line("appraiser", appraiser_name, required=True)
    with unit(lib) as work:
        session = work.session
        record = require_appraisal(appraisal_id, session=session)
        appraisal_repo.require_unsigned(record)
        if record.appraiser_name != name:
            record.appraiser_name = name
            appraisal_repo.touch(record, session=session)
            work.assessment_changed(record.person_id, record.self_assessment_id)
        if record.appraiser_assessment_id is None:
            record.appraiser_assessment_id = _new_member(work, record, APPRAISER, ratings=())
            appraisal_repo.touch(record, session=session)
        return _view(
            lib,
            require_assessment(record.appraiser_assessment_id, session=session),
            session=session,
        )


# -- the meeting -------------------------------------------------------------------------


def agree(
    lib: Library, appraisal_id: int, behaviour_id: str, level: Answer, note: str = ""
) -> RatingChange:
    """Record the level (and note) agreed for one behaviour in the meeting: a level of the
    scale, "not applicable" where the framework offers it, or None (not agreed)."""
    note = note if note is not None else ""
    with unit(lib) as work:
        record = require_appraisal(appraisal_id, session=work.session)
        appraisal_repo.require_unsigned(record)
        agreed_id = ensure_agreed(work, record)
        return assessments.set_rating(lib, agreed_id, behaviour_id, level=level, evidence=note)


def agree_remaining_at_self(lib: Library, appraisal_id: int) -> int:
    """Agree every behaviour not agreed yet at the person's own answer (a level, or
    "not applicable"); how many.

    A behaviour the person did not answer stays without an agreed level.
    """
    with unit(lib) as work:
        session = work.session
        record = require_appraisal(appraisal_id, session=session)
        appraisal_repo.require_unsigned(record)
        agreed_id = ensure_agreed(work, record)
        agreed = _ratings(agreed_id, session=session)
        done = 0
        for behaviour_id, (level, _evidence) in _ratings(
            record.self_assessment_id, session=session
        ).items():
            if level is None or agreed.get(behaviour_id, (None, ""))[0] is not None:
                continue
            note = agreed.get(behaviour_id, (None, ""))[1]
            assessments.set_rating(lib, agreed_id, behaviour_id, level=level, evidence=note)
            done += 1
        return done


def sign(
    lib: Library,
    appraisal_id: int,
    *,
    appraisee: str,
    appraiser: str,
    at: datetime | None = None,
) -> AppraisalView:
    """Sign an appraisal with both names; then it and all it holds are read-only.

    Raises:
        UserError: a behaviour has no agreed level, the plan has no objective or no
            review date (each said), or a name is missing.
        SignedRecordError: it is signed already.
    """
    appraisee = clean_line("appraisee", appraisee, required=True)
    appraiser = clean_line("appraiser", appraiser, required=True)
    with unit(lib) as work:
        session = work.session
        record = require_appraisal(appraisal_id, session=session)
        appraisal_repo.require_unsigned(record)
        agreed_id = ensure_agreed(work, record)
        reviewed = require_assessment(record.self_assessment_id, session=session)
        framework = assessments.framework_by_key(
            lib, reviewed.framework_id, reviewed.framework_version, session=session
        )
        numbers = behaviour_numbers(framework)
        agreed = _ratings(agreed_id, session=session)
        unagreed = [
            numbers[behaviour.id]
            for behaviour in framework.behaviours_for(reviewed.group_id or None)
            if agreed.get(behaviour.id, (None, ""))[0] is None
        ]
        plan = plans_repo.for_assessment(agreed_id, session=session)
        objectives = (
            len(plans_repo.objectives(plan.id, session=session))
            if plan is not None and plan.id is not None
            else 0
        )
        problems = sign_off_problems(
            unagreed, objectives=objectives, review_date=plan.review_date if plan else None
        )
        if problems:
            raise UserError(
                [f"appraisal {appraisal_id} cannot be signed yet: {problems[0]}"]
                + [f"appraisal {appraisal_id}: {problem}" for problem in problems[1:]]
            )
        agreed_row = require_assessment(agreed_id, session=session)
        if agreed_row.status != AssessmentStatus.COMPLETE.value:
            agreed_row.status = AssessmentStatus.COMPLETE.value
            agreed_row.completed_at = utcnow()
        assessments_repo.touch(agreed_row, session=session)
        session.flush()
        person = require_person(record.person_id, session=session)
        profile = SignedProfile(
            name=person.name,
            professional_group=person.professional_group,
            job_title=person.job_title,
            organisation=person.organisation,
        )
        appraisal_repo.sign(
            record,
            appraisee=appraisee,
            appraiser=appraiser,
            at=at or utcnow(),
            profile=profile.to_json(),
            session=session,
        )
        from ppf_app.services import signing

        signing.sign_off(lib, record, session=session)  # this library's key, both roles
        for member in (record.self_assessment_id, record.appraiser_assessment_id, agreed_id):
            if member is not None:
                work.assessment_changed(record.person_id, member)
                work.plan_changed(record.person_id, member)
        return appraisal_view(lib, record, session=session)


def countersign(lib: Library, appraisal_id: int, role: str) -> AppraisalView:
    """Add this library's own signature to a signed appraisal, for ``role`` (the party
    whose computer this is), so that it is signed by both parties' keys.

    Raises:
        NotFound: no such appraisal.
        UserError: not signed, its signatures do not hold, or this library's key has
            signed it for ``role`` already.
    """
    from ppf_app.services import signing

    with unit(lib) as work:
        session = work.session
        record = require_appraisal(appraisal_id, session=session)
        signing.countersign(lib, record, role, session=session)
        work.person_changed(record.person_id)
        return appraisal_view(lib, record, session=session)


def new_version(lib: Library, appraisal_id: int) -> AppraisalView:
    """A new, unsigned version of a signed appraisal, to change: its agreed levels, notes
    and plan copied; the signed one stays as it was signed."""
    with unit(lib) as work:
        session = work.session
        signed = require_appraisal(appraisal_id, session=session)
        if signed.signed_at is None:
            raise UserError(f"appraisal {appraisal_id}: it is not signed; change it directly")
        copied = [
            NewRating.of(behaviour_id, level, note)
            for behaviour_id, (level, note) in _ratings(
                signed.agreed_assessment_id, session=session
            ).items()
        ]
        record = appraisal_repo.add(
            Appraisal(
                person_id=signed.person_id,
                self_assessment_id=signed.self_assessment_id,
                appraiser_assessment_id=signed.appraiser_assessment_id,
                appraiser_name=signed.appraiser_name,
                held_on=date.today(),
                replaces_uid=signed.uid,
            ),
            session=session,
        )
        record.agreed_assessment_id = _new_member(work, record, AGREED, ratings=copied)
        appraisal_repo.touch(record, session=session)
        if signed.agreed_assessment_id is not None:
            _copy_plan(work, signed.agreed_assessment_id, record.agreed_assessment_id)
        work.assessment_changed(signed.person_id, signed.self_assessment_id)
        return appraisal_view(lib, record, session=session)


def _copy_plan(work: Unit, from_id: int, to_id: int) -> None:
    from ppf_app.storage.models import PlanObjective

    session = work.session
    source = plans_repo.for_assessment(from_id, session=session)
    if source is None or source.id is None:
        return
    target = plans_repo.ensure(to_id, session=session)
    assert target.id is not None
    target.review_date = source.review_date
    for row in plans_repo.objectives(source.id, session=session):
        plans_repo.add_objective(
            PlanObjective(
                plan_id=target.id,
                position=row.position,
                text=row.text,
                behaviour_ids=row.behaviour_ids,
                activity=row.activity,
                support=row.support,
                success_measure=row.success_measure,
                target_date=row.target_date,
                status=row.status,
                carried_from_uid=row.carried_from_uid,
                reflection=row.reflection,
            ),
            session=session,
        )
    plans_repo.touch(target, session=session)


def delete_appraisal(lib: Library, appraisal_id: int) -> int:
    """Delete an unsigned appraisal with its appraiser's and agreed ratings; the self
    assessment it reviewed stays (standalone again)."""
    with unit(lib) as work:
        session = work.session
        record = require_appraisal(appraisal_id, session=session)
        appraisal_repo.require_unsigned(record)
        members = [i for i in (record.appraiser_assessment_id, record.agreed_assessment_id) if i]
        shared = {
            member for member in members if len(appraisal_repo.holding(member, session=session)) > 1
        }
        appraisal_repo.delete(record, session=session)
        for member in members:
            if member in shared:
                continue
            found = assessments_repo.get(member, session=session)
            if found is not None:
                assessments_repo.delete(found, session=session)
                work.assessment_removed(record.person_id, member)
        work.assessment_changed(record.person_id, record.self_assessment_id)
        return appraisal_id


# -- imported reviews --------------------------------------------------------------------


def record_review(
    lib: Library,
    person_id: int,
    *,
    kind: str,
    ratings: Sequence[NewRating],
    framework_id: str | None,
    rated_by: str = "",
    new_version_of_signed: bool = False,
) -> tuple[AppraisalView, AssessmentView]:
    """Record ratings made elsewhere (a CSV) as the appraiser's or the agreed ones of the
    appraisal of the person's latest self assessment on that framework.

    The appraisal is started when the self assessment has none. The appraiser's ratings
    become complete; agreed levels are recorded as agreed.

    Raises:
        UserError: no self assessment to review; the appraisal is signed (unless
            ``new_version_of_signed``: then a new version takes the ratings).
    """
    if kind not in (APPRAISER, AGREED):
        raise UserError(f"kind: {kind!r}: a review is an {APPRAISER} or {AGREED} assessment")
    rated_by = clean_line("--rated-by", rated_by, required=False)
    with unit(lib) as work:
        session = work.session
        require_person(person_id, session=session)
        latest = latest_self_assessment(lib, person_id, framework_id)
        if latest is None:
            raise UserError(
                f"person {person_id}: no self assessment"
                + (f" with framework {framework_id}" if framework_id else "")
                + " to review; record the self assessment first"
            )
        record = _open_for(work, latest.id, appraiser_name=rated_by, held_on=None)
        if record.signed_at is not None:
            if not new_version_of_signed:
                raise UserError(
                    f"the appraisal of the self assessment of {latest.assessed_on.isoformat()} "
                    "is signed and cannot change; add --new-version to record these ratings "
                    "in a new version of it"
                )
            assert record.id is not None
            record = require_appraisal(new_version(lib, record.id).id, session=session)
        if rated_by and record.appraiser_name != rated_by:
            record.appraiser_name = rated_by
            appraisal_repo.touch(record, session=session)
        if kind == APPRAISER:
            if record.appraiser_assessment_id is None:
                record.appraiser_assessment_id = _new_member(work, record, APPRAISER, ratings=())
                appraisal_repo.touch(record, session=session)
            target = record.appraiser_assessment_id
        else:
            target = ensure_agreed(work, record)
        for item in ratings:
            ratings_repo.upsert(
                target, item.behaviour_id, level=item.level, evidence=item.evidence, session=session
            )
        member = require_assessment(target, session=session)
        if kind == APPRAISER and member.status != AssessmentStatus.COMPLETE.value:
            member.status = AssessmentStatus.COMPLETE.value
            member.completed_at = utcnow()
        assessments_repo.touch(member, session=session)
        session.flush()
        work.assessment_changed(person_id, target)
        return appraisal_view(lib, record, session=session), _view(lib, member, session=session)


# -- helpers -----------------------------------------------------------------------------


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
            "an appraisal reviews a self assessment"
        )
    return assessment


def agreed_levels(lib: Library, appraisal_id: int) -> dict[str, tuple[int | NotApplicable, str]]:
    """The answers (with notes) agreed in an appraisal, by behaviour: a level or
    "not applicable" (unagreed: absent)."""
    with unit(lib) as work:
        record = require_appraisal(appraisal_id, session=work.session)
        return {
            b: (level, note)
            for b, (level, note) in _ratings(
                record.agreed_assessment_id, session=work.session
            ).items()
            if level is not None
        }
