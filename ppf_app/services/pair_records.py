"""A learning pair's record, from agreement to a measured change, and the cohort summary.

The record keeps, for each person, the behaviours the pairing targets, the two or three
objectives of their own plan it serves and their self assessments before and after; and
for the pair, its meetings, shadowing sessions and joint improvement project. Its outcome
compares each person's before and after on the targeted behaviours only
(:mod:`ppf_app.domain.pair_outcomes`); the cohort summary for a lead goes through the
same disclosure control as the training-needs analysis. The report PDF is
:mod:`ppf_app.reports.pair_pdf`'s.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import Session

from ppf_app.core.errors import NotFound, UserError
from ppf_app.domain import cohort
from ppf_app.domain.disclosure import DEFAULT_MIN_GROUP, check_min_group
from ppf_app.domain.framework import Framework
from ppf_app.domain.pair_outcomes import (
    CohortSummary,
    PairOutcome,
    PersonOutcome,
    cohort_summary,
    pair_outcome,
    person_outcome,
)
from ppf_app.services import assessments, people, plans
from ppf_app.services.lookups import require_assessment, require_person
from ppf_app.services.pair_facts import (
    Basis,
    BehaviourLine,
    assessment_bases,
    behaviour_line,
)
from ppf_app.services.pairs import PairView, pair_view, require_pair
from ppf_app.services.plan_views import ObjectiveView
from ppf_app.services.screens.common import group_title
from ppf_app.services.unit import unit
from ppf_app.services.views import AssessmentView, PersonView
from ppf_app.storage.models import (
    Assessment,
    LearningPair,
    PairMeeting,
    PairShadowing,
    dump_ids,
    load_ids,
)
from ppf_app.storage.repositories import pairs as pairs_repo

if TYPE_CHECKING:
    from ppf_app.reports.pair_pdf import PairDocument
    from ppf_app.services.library import Library

#: The objectives of a person's own plan a pairing may serve.
MAX_OBJECTIVES = 3
MAX_TEXT = 20_000
MAX_LINE = 200


class _Keep(Enum):
    KEEP = "keep"


#: Passed for a field of :func:`set_project` that keeps its value.
KEEP = _Keep.KEEP


@dataclass(frozen=True)
class ChangeLine:
    """A targeted behaviour's weighted gap before and after (None: not measured)."""

    behaviour: BehaviourLine
    gap_before: int | None
    gap_after: int | None

    @property
    def change(self) -> int | None:
        if self.gap_before is None or self.gap_after is None:
            return None
        return self.gap_after - self.gap_before


@dataclass(frozen=True)
class SideRecord:
    """One person of a pair: what the pairing targets for them and how they changed."""

    person: PersonView
    group: str
    group_title: str
    targets: tuple[BehaviourLine, ...]
    objectives: tuple[ObjectiveView, ...]
    before: AssessmentView | None
    after: AssessmentView | None
    outcome: PersonOutcome
    changes: tuple[ChangeLine, ...]


@dataclass(frozen=True)
class MeetingLine:
    id: int
    held_on: date
    note: str


@dataclass(frozen=True)
class ShadowingLine:
    id: int
    held_on: date
    shadow: PersonView
    """Who did the shadowing."""
    host: PersonView
    """Who was shadowed."""
    place: str
    learned: str


@dataclass(frozen=True)
class Project:
    """The pair's joint improvement project."""

    title: str
    aim: str
    measure: str
    presented_on: date | None


@dataclass(frozen=True)
class PairRecord:
    """Everything a pair's record holds, as one read."""

    pair: PairView
    framework_title: str
    left: SideRecord
    right: SideRecord
    meetings: tuple[MeetingLine, ...]
    shadowing: tuple[ShadowingLine, ...]
    project: Project

    @property
    def outcome(self) -> PairOutcome:
        return PairOutcome(self.left.outcome, self.right.outcome, len(self.meetings))

    def side(self, person_id: int) -> SideRecord:
        if person_id == self.left.person.id:
            return self.left
        if person_id == self.right.person.id:
            return self.right
        raise UserError(f"person {person_id} is not in pair {self.pair.id}")


@dataclass(frozen=True)
class CohortView:
    """The cohort summary a lead may see (disclosure-controlled)."""

    framework_id: str | None
    summary: CohortSummary


# -- changing the record -------------------------------------------------------------------


def _side_person(row: LearningPair, person_id: int) -> str:
    if person_id == row.left_person_id:
        return "left"
    if person_id == row.right_person_id:
        return "right"
    raise UserError(f"person {person_id} is not in pair {row.id}")


def agree(lib: Library, pair_id: int, on: date | None = None) -> PairView:
    """Record that both signed the agreement on ``on`` (today)."""
    with unit(lib) as work:
        row = require_pair(pair_id, session=work.session)
        row.agreed_on = on or date.today()
        pairs_repo.touch(row, session=work.session)
        return pair_view(row, session=work.session)


def end_pair(lib: Library, pair_id: int, on: date | None = None) -> PairView:
    """Close a pairing on ``on`` (today): its people may be paired again.

    Raises:
        UserError: the date is before the pair's start.
    """
    with unit(lib) as work:
        row = require_pair(pair_id, session=work.session)
        day = on or date.today()
        if day < row.start_on:
            raise UserError(
                f"end date {day.isoformat()} is before the pair started "
                f"({row.start_on.isoformat()})"
            )
        row.ended_on = day
        pairs_repo.touch(row, session=work.session)
        return pair_view(row, session=work.session)


def delete_pair(lib: Library, pair_id: int) -> int:
    """Delete a pair with its meetings and shadowing (the app asks first)."""
    with unit(lib) as work:
        pairs_repo.delete(require_pair(pair_id, session=work.session), session=work.session)
    return pair_id


def _text(label: str, value: str, limit: int = MAX_TEXT) -> str:
    cleaned = value.strip()
    if len(cleaned) > limit:
        raise UserError(f"{label}: at most {limit} characters (found {len(cleaned)})")
    return cleaned


def _on_or_after_start(label: str, day: date, row: LearningPair) -> date:
    if day < row.start_on:
        raise UserError(
            f"{label}: {day.isoformat()} is before the pair started ({row.start_on.isoformat()})"
        )
    return day


def add_meeting(
    lib: Library, pair_id: int, *, held_on: date | None = None, note: str = ""
) -> MeetingLine:
    """Record a meeting the pair held (today unless ``held_on``), with a note."""
    with unit(lib) as work:
        row = require_pair(pair_id, session=work.session)
        day = _on_or_after_start("meeting date", held_on or date.today(), row)
        meeting = PairMeeting(pair_id=pair_id, held_on=day, note=_text("note", note))
        pairs_repo.add_meeting(meeting, session=work.session)
        pairs_repo.touch(row, session=work.session)
        assert meeting.id is not None
        return MeetingLine(meeting.id, meeting.held_on, meeting.note)


def remove_meeting(lib: Library, meeting_id: int) -> int:
    with unit(lib) as work:
        meeting = pairs_repo.get_meeting(meeting_id, session=work.session)
        if meeting is None:
            raise NotFound(f"meeting {meeting_id}: no such meeting")
        pairs_repo.remove(meeting, session=work.session)
        pairs_repo.touch(require_pair(meeting.pair_id, session=work.session), session=work.session)
    return meeting_id


def add_shadowing(
    lib: Library,
    pair_id: int,
    *,
    shadow_id: int,
    held_on: date | None = None,
    place: str = "",
    learned: str = "",
) -> ShadowingLine:
    """Record a shadowing session: ``shadow_id`` (one of the pair) shadowed the other.

    Raises:
        UserError: ``shadow_id`` is not in the pair; the date is before its start.
    """
    with unit(lib) as work:
        session = work.session
        row = require_pair(pair_id, session=session)
        _side_person(row, shadow_id)
        day = _on_or_after_start("shadowing date", held_on or date.today(), row)
        sitting = PairShadowing(
            pair_id=pair_id,
            held_on=day,
            shadow_person_id=shadow_id,
            place=_text("where", place, MAX_LINE),
            learned=_text("what was learned", learned),
        )
        pairs_repo.add_shadowing(sitting, session=session)
        pairs_repo.touch(row, session=session)
        return _shadowing_line(row, sitting, session=session)


def _shadowing_line(
    row: LearningPair, sitting: PairShadowing, *, session: Session
) -> ShadowingLine:
    assert sitting.id is not None
    host_id = (
        row.right_person_id
        if sitting.shadow_person_id == row.left_person_id
        else row.left_person_id
    )
    return ShadowingLine(
        id=sitting.id,
        held_on=sitting.held_on,
        shadow=people.person_view(require_person(sitting.shadow_person_id, session=session)),
        host=people.person_view(require_person(host_id, session=session)),
        place=sitting.place,
        learned=sitting.learned,
    )


def remove_shadowing(lib: Library, shadowing_id: int) -> int:
    with unit(lib) as work:
        sitting = pairs_repo.get_shadowing(shadowing_id, session=work.session)
        if sitting is None:
            raise NotFound(f"shadowing session {shadowing_id}: no such session")
        pairs_repo.remove(sitting, session=work.session)
        pairs_repo.touch(require_pair(sitting.pair_id, session=work.session), session=work.session)
    return shadowing_id


def set_project(
    lib: Library,
    pair_id: int,
    *,
    title: str | _Keep = KEEP,
    aim: str | _Keep = KEEP,
    measure: str | _Keep = KEEP,
    presented_on: date | _Keep | None = KEEP,
) -> Project:
    """Write the joint improvement project's fields (:data:`KEEP` leaves one as it is)."""
    with unit(lib) as work:
        row = require_pair(pair_id, session=work.session)
        if not isinstance(title, _Keep):
            row.project_title = _text("project title", title, MAX_LINE)
        if not isinstance(aim, _Keep):
            row.project_aim = _text("project aim", aim)
        if not isinstance(measure, _Keep):
            row.project_measure = _text("project measure", measure)
        if not isinstance(presented_on, _Keep):
            row.project_presented_on = (
                None
                if presented_on is None
                else _on_or_after_start("presented on", presented_on, row)
            )
        pairs_repo.touch(row, session=work.session)
        return _project(row)


def _project(row: LearningPair) -> Project:
    return Project(
        row.project_title, row.project_aim, row.project_measure, row.project_presented_on
    )


def set_objectives(
    lib: Library, pair_id: int, person_id: int, objectives: Sequence[str]
) -> tuple[ObjectiveView, ...]:
    """The objectives of the person's own plan that the pairing serves (at most three),
    named by uid or by id; an empty list clears them.

    Raises:
        UserError: more than three; one that is not in the person's plans.
    """
    wanted = list(dict.fromkeys(ref.strip() for ref in objectives if ref.strip()))
    if len(wanted) > MAX_OBJECTIVES:
        raise UserError(
            f"objectives: a pairing serves at most {MAX_OBJECTIVES} of a person's objectives "
            f"(got {len(wanted)})"
        )
    with unit(lib) as work:
        session = work.session
        row = require_pair(pair_id, session=session)
        side = _side_person(row, person_id)
        by_id = pairs_repo.objective_uids_by_id(
            [int(ref) for ref in wanted if ref.isdigit()], session=session
        )
        uids = [by_id.get(int(ref), ref) if ref.isdigit() else ref for ref in wanted]
        owners = pairs_repo.objective_owners(uids, session=session)
        problems = [
            f"objective {ref}: not an objective of person {person_id}'s plans"
            for ref, uid in zip(wanted, uids, strict=True)
            if owners.get(uid) != person_id
        ]
        if problems:
            raise UserError(problems)
        setattr(row, f"{side}_objectives", dump_ids(uids))
        pairs_repo.touch(row, session=session)
        return _objectives(uids, session=session)


def _objectives(uids: Sequence[str], *, session: Session) -> tuple[ObjectiveView, ...]:
    rows = pairs_repo.objectives_by_uid(uids, session=session)
    return tuple(plans.objective_view(rows[uid]) for uid in uids if uid in rows)


def set_after(
    lib: Library, pair_id: int, person_id: int, assessment_id: int | None = None
) -> AssessmentView:
    """Record the person's "after" self assessment: the one given, else their latest
    complete self assessment on the pair's framework dated on or after the pair's start
    (other than the "before" one).

    Raises:
        UserError: none is found; the one given is not the person's, not a complete self
            assessment on the pair's framework, or is the "before" one.
    """
    with unit(lib) as work:
        session = work.session
        row = require_pair(pair_id, session=session)
        side = _side_person(row, person_id)
        before_id = getattr(row, f"{side}_before_id")
        if assessment_id is None:
            found = pairs_repo.latest_self_after(
                person_id, row.framework_id, row.start_on, before_id, session=session
            )
            if found is None:
                raise UserError(
                    f"person {person_id}: no complete self assessment on {row.framework_id} "
                    f"dated on or after {row.start_on.isoformat()} (the pair's start) yet"
                )
        else:
            found = require_assessment(assessment_id, session=session)
            problem = _after_problem(found, row, person_id, before_id)
            if problem:
                raise UserError(f"assessment {assessment_id}: {problem}")
        assert found.id is not None
        setattr(row, f"{side}_after_id", found.id)
        pairs_repo.touch(row, session=session)
        return assessments.get_assessment(lib, found.id)


def set_afters(lib: Library, pair_id: int) -> tuple[str, ...]:
    """Record both people's "after" self assessments where they have one (see
    :func:`set_after`); what is still missing, in words.

    Raises:
        UserError: neither has one yet.
    """
    missing: list[str] = []
    with unit(lib) as work:
        row = require_pair(pair_id, session=work.session)
        for person_id in (row.left_person_id, row.right_person_id):
            try:
                set_after(lib, pair_id, person_id)
            except UserError as refused:
                missing += refused.problems
    if len(missing) == 2:
        raise UserError(missing)
    return tuple(missing)


def _after_problem(
    found: Assessment, row: LearningPair, person_id: int, before_id: int | None
) -> str:
    if found.person_id != person_id:
        return f"belongs to another person, not person {person_id}"
    if found.kind != "self" or found.status != "complete":
        return "is not a complete self assessment"
    if found.framework_id != row.framework_id:
        return f"is on framework {found.framework_id}, not the pair's {row.framework_id}"
    if found.id == before_id:
        return "is the assessment made before the pairing"
    return ""


# -- the record ----------------------------------------------------------------------------


def pair_record(lib: Library, pair_id: int) -> PairRecord:
    """Everything a pair's record holds, its outcome included (one read)."""
    with unit(lib) as work:
        return record_of(lib, pair_id, session=work.session)


def record_of(lib: Library, pair_id: int, *, session: Session) -> PairRecord:
    """:func:`pair_record` inside the caller's unit of work."""
    row = require_pair(pair_id, session=session)
    pair = pair_view(row, session=session)
    # On a server a member sees the pair, not the partner's assessments: those are absent.
    bases = assessment_bases(lib, _assessment_ids(row), session=session)
    views = {i: assessments.get_assessment(lib, i) for i in bases}
    framework = _display_framework(lib, row, bases)

    def side(name: str, person: PersonView) -> SideRecord:
        before_id = getattr(row, f"{name}_before_id")
        after_id = getattr(row, f"{name}_after_id")
        before = bases.get(before_id) if before_id is not None else None
        after = bases.get(after_id) if after_id is not None else None
        targets = load_ids(getattr(row, f"{name}_targets"))
        outcome = person_outcome(
            person.id, targets, before.facts if before else None, after.facts if after else None
        )
        group = getattr(row, f"{name}_group")
        return SideRecord(
            person=person,
            group=group,
            group_title=group_title(framework, group),
            targets=tuple(behaviour_line(framework, b) for b in targets),
            objectives=_objectives(load_ids(getattr(row, f"{name}_objectives")), session=session),
            before=views.get(before_id) if before_id is not None else None,
            after=views.get(after_id) if after_id is not None else None,
            outcome=outcome,
            changes=tuple(
                ChangeLine(behaviour_line(framework, c.behaviour_id), c.gap_before, c.gap_after)
                for c in outcome.changes
            ),
        )

    assert row.id is not None
    return PairRecord(
        pair=pair,
        framework_title=framework.title,
        left=side("left", pair.left),
        right=side("right", pair.right),
        meetings=tuple(
            MeetingLine(m.id or 0, m.held_on, m.note)
            for m in pairs_repo.meetings(row.id, session=session)
        ),
        shadowing=tuple(
            _shadowing_line(row, s, session=session)
            for s in pairs_repo.shadowing(row.id, session=session)
        ),
        project=_project(row),
    )


def _assessment_ids(row: LearningPair) -> tuple[int | None, ...]:
    """The pair's "before" and "after" assessments, each side's (None: not recorded)."""
    return (row.left_before_id, row.left_after_id, row.right_before_id, row.right_after_id)


def _display_framework(lib: Library, row: LearningPair, bases: Mapping[int, Basis]) -> Framework:
    """The framework to word a pair's behaviours with: a "before" assessment's (else the
    newest installed version of the pair's framework)."""
    for assessment_id in (row.left_before_id, row.right_before_id):
        if assessment_id is not None and assessment_id in bases:
            return bases[assessment_id].framework
    return assessments.resolve_framework(lib, row.framework_id, None)


# -- the cohort ----------------------------------------------------------------------------


def cohort_view(
    lib: Library, *, framework_id: str | None = None, min_group: int = DEFAULT_MIN_GROUP
) -> CohortView:
    """How a cohort of pairs did, as a lead may see it: pairs, people, meetings held and
    the mean gap on the targeted behaviours before and after, small groups suppressed.

    Raises:
        UserError: a minimum group below 5.
    """
    check_min_group(min_group)
    with unit(lib) as work:
        return CohortView(
            framework_id, cohort_of(lib, framework_id, min_group, session=work.session)
        )


def cohort_of(
    lib: Library, framework_id: str | None, min_group: int, *, session: Session
) -> CohortSummary:
    """:func:`cohort_view`'s summary inside the caller's unit of work."""
    rows = pairs_repo.every_pair(session=session, framework_id=framework_id)
    ids = [row.id for row in rows if row.id is not None]
    meetings = pairs_repo.meeting_counts(ids, session=session)
    bases = assessment_bases(
        lib, [i for row in rows for i in _assessment_ids(row)], session=session
    )

    def facts(assessment_id: int | None) -> cohort.PersonFacts | None:
        basis = bases.get(assessment_id) if assessment_id is not None else None
        return basis.facts if basis is not None else None

    outcomes = [
        pair_outcome(
            left_id=row.left_person_id,
            left_targets=load_ids(row.left_targets),
            left_before=facts(row.left_before_id),
            left_after=facts(row.left_after_id),
            right_id=row.right_person_id,
            right_targets=load_ids(row.right_targets),
            right_before=facts(row.right_before_id),
            right_after=facts(row.right_after_id),
            meetings_held=meetings[row.id or 0],
        )
        for row in rows
    ]
    return cohort_summary(outcomes, min_group)


# -- the report ----------------------------------------------------------------------------


def write_report(
    lib: Library,
    pair_id: int,
    out: str | Path,
    *,
    as_of: date | None = None,
    invariant: bool = False,
) -> Path:
    """Write the pair's report PDF (the agreement to sign, then progress and change).

    Raises:
        NotFound: no such pair.
    """
    from ppf_app.reports import pair_pdf  # reportlab stays off the start-up path

    record = pair_record(lib, pair_id)
    return pair_pdf.write_pair_pdf_file(
        report_document(record, as_of or date.today()), out, invariant=invariant
    )


def report_document(record: PairRecord, as_of: date) -> PairDocument:
    """The report's content, from a pair's record."""
    from ppf_app.reports import pair_pdf

    def person(side: SideRecord, partner: SideRecord) -> pair_pdf.Participant:
        return pair_pdf.Participant(
            name=side.person.name,
            job_title=side.person.job_title,
            group_title=side.group_title,
            department=side.person.department,
            objectives=tuple(pair_pdf.Objective(o.text, o.target_date) for o in side.objectives),
            learns=tuple(b.label for b in side.targets),
            partner=partner.person.name,
            before_on=side.before.assessed_on if side.before else None,
            after_on=side.after.assessed_on if side.after else None,
            changes=tuple(
                pair_pdf.Change(c.behaviour.label, c.gap_before, c.gap_after) for c in side.changes
            ),
        )

    pair = record.pair
    return pair_pdf.PairDocument(
        framework_title=record.framework_title,
        left=person(record.left, record.right),
        right=person(record.right, record.left),
        start_on=pair.start_on,
        months=pair.months,
        ends_on=pair.ends_on,
        agreed_on=pair.agreed_on,
        ended_on=pair.ended_on,
        meetings=tuple(pair_pdf.Meeting(m.held_on, m.note) for m in record.meetings),
        shadowing=tuple(
            pair_pdf.Shadowing(s.held_on, s.shadow.name, s.host.name, s.place, s.learned)
            for s in record.shadowing
        ),
        project=pair_pdf.ProjectText(
            record.project.title,
            record.project.aim,
            record.project.measure,
            record.project.presented_on,
        ),
        as_of=as_of,
    )
