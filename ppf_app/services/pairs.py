"""Learning pairs: proposals over a whole cohort, and each pair's record from agreement
to a measured change.

**Whose assessment.** A person's place in the matching is their latest complete *self*
assessment on the framework (by date, then creation; on any version of the framework
unless one is named). Where a signed appraisal reviewed that self assessment, the levels
agreed in it replace the person's own (the newest signed one; behaviours not agreed keep
the person's level): an agreed level is the better-founded one. The targets and
importance are those of the group the assessment was made for (the person's own group
when it names none); a behaviour not asked of that group, answered "not applicable" or
left unanswered is neither a gap nor a strength.

**Proposals** are optimal over the cohort (:mod:`ppf_app.domain.pairing`, which loads
numpy and scipy: it is imported when a proposal is asked for, never at start-up). People
in an *active* pair are left out unless asked otherwise: a pair is active until it is
closed (:func:`end_pair`) or its months have run out.

**A pair's record** keeps, for each person, the behaviours the pairing targets (where they
were below target and the partner above, when the pair was made), the two or three
objectives of their own plan it serves, and their self assessments before (the one the
match was made on) and after. Its outcome compares the two on the targeted behaviours
only (:mod:`ppf_app.domain.pair_outcomes`); the cohort summary for a lead goes through
the same disclosure control as the training-needs analysis.
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import Session

from ppf_app.core.errors import NotFound, UserError
from ppf_app.domain import cohort
from ppf_app.domain.answers import NOT_APPLICABLE, Answer, is_level
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
from ppf_app.services.plan_views import ObjectiveView
from ppf_app.services.screens.common import group_title
from ppf_app.services.unit import unit
from ppf_app.services.views import AssessmentView, PersonView
from ppf_app.storage.models import Assessment, LearningPair, PairMeeting, PairShadowing, Person
from ppf_app.storage.repositories import pairs as pairs_repo

if TYPE_CHECKING:
    from ppf_app.domain.pairing import Complement, PairProposal
    from ppf_app.reports.pair_pdf import PairDocument
    from ppf_app.services.library import Library

#: The groups paired by default (as :mod:`ppf_app.domain.pairing`, not imported here: it
#: loads scipy).
LEFT_GROUP = "clinician"
RIGHT_GROUP = "manager"
#: The longest a pairing runs, in months (the programme's nine).
MAX_MONTHS = 9
#: The objectives of a person's own plan a pairing may serve.
MAX_OBJECTIVES = 3
MAX_TEXT = 20_000
MAX_LINE = 200


class _Keep(Enum):
    KEEP = "keep"


#: Passed for a field of :func:`set_project` that keeps its value.
KEEP = _Keep.KEEP


# -- views -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PairOptions:
    """What to propose pairs from, and how.

    Attributes:
        framework_id: the framework (None: the bundled one).
        version: one version of it only (None: any version).
        left_group: the first person's group in each pair.
        right_group: the second person's.
        separate_departments: never pair two people of the same department.
        include_paired: also propose people already in an active pair.
        on: the day an active pair is judged on (None: today).
    """

    framework_id: str | None = None
    version: str | None = None
    left_group: str = LEFT_GROUP
    right_group: str = RIGHT_GROUP
    separate_departments: bool = False
    include_paired: bool = False
    on: date | None = None


@dataclass(frozen=True)
class BehaviourLine:
    """A behaviour as a person reads it: its number and text."""

    behaviour_id: str
    number: str
    text: str

    @property
    def label(self) -> str:
        return f"{self.number} {self.text}".strip()


@dataclass(frozen=True)
class Reason:
    """One behaviour where the learner is below target and the partner above."""

    behaviour: BehaviourLine
    gap: int
    """The learner's shortfall in scale steps."""
    margin: int
    """The partner's margin above their own target, in scale steps."""
    importance: int
    points: int

    def describe(self) -> str:
        weight = f" x importance {self.importance}" if self.importance != 1 else ""
        return (
            f"{self.behaviour.label} (gap {self.gap}, partner {self.margin} above target"
            f"{weight}: {self.points} point{'s' if self.points != 1 else ''})"
        )


@dataclass(frozen=True)
class ProposalView:
    """A proposed pair, who they are and why."""

    left: PersonView
    right: PersonView
    score: int
    left_learns: tuple[Reason, ...]
    """The left person's gaps where the right person is strong, most points first."""
    right_learns: tuple[Reason, ...]

    @property
    def key(self) -> tuple[int, int]:
        return (self.left.id, self.right.id)


@dataclass(frozen=True)
class Suggestions:
    """The proposals over a cohort, and who was considered."""

    options: PairOptions
    framework_id: str
    framework_title: str
    proposals: tuple[ProposalView, ...]
    left_people: int
    """People of the left group with a complete self assessment (and not left out)."""
    right_people: int
    left_out: int
    """People of either group left out because they are in an active pair."""


@dataclass(frozen=True)
class PairView:
    """A learning pair at a glance."""

    id: int
    uid: str
    framework_id: str
    left: PersonView
    right: PersonView
    left_group: str
    right_group: str
    score: int
    start_on: date
    months: int
    agreed_on: date | None
    ended_on: date | None
    meetings: int
    shadowing: int

    @property
    def ends_on(self) -> date:
        """When the pairing runs its course: ``months`` after its start."""
        return add_months(self.start_on, self.months)

    def is_active(self, on: date) -> bool:
        """Not closed, and its months not run out on ``on``."""
        return self.ended_on is None and on < self.ends_on

    def status(self, on: date) -> str:
        """``active``, ``ended`` (closed) or ``finished`` (its months have run out)."""
        if self.ended_on is not None:
            return "ended"
        return "active" if on < self.ends_on else "finished"

    def other(self, person_id: int) -> PersonView:
        """The partner of ``person_id``."""
        return self.right if person_id == self.left.id else self.left


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


# -- dates -------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """``day`` moved on by ``months`` calendar months (the 31st becomes the month's last)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def check_months(months: int) -> int:
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= MAX_MONTHS:
        raise UserError(f"months: a pairing lasts 1 to {MAX_MONTHS} months (got {months})")
    return months


# -- facts from assessments ---------------------------------------------------------------


@dataclass(frozen=True)
class _Basis:
    """A person's assessment as the analyses read it."""

    person: PersonView
    assessment_id: int
    group: str
    facts: cohort.PersonFacts
    framework: Framework
    """The framework the assessment was made with."""


def person_facts(
    framework: Framework,
    person_id: int,
    group: str,
    department: str | None,
    answers: Mapping[str, Answer],
) -> cohort.PersonFacts:
    """The numbers the analyses need from one person's answers (framework order): for
    each behaviour asked of ``group`` and answered on the scale, the steps below and
    above the group's target and the behaviour's importance for the group."""
    found = []
    chosen = group or None
    for behaviour in framework.behaviours_for(chosen):
        level = answers.get(behaviour.id)
        if not is_level(level) or level not in framework.scale_positions:
            continue
        found.append(
            cohort.Answer.from_levels(
                behaviour.id,
                level,
                framework.target_for(behaviour.id, chosen),
                framework.scale_values,
                framework.importance_for(behaviour.id, chosen),
            )
        )
    return cohort.PersonFacts(person_id, group, department or None, tuple(found))


def _merged(
    own: Sequence[tuple[str, int | None, bool]], agreed: Sequence[tuple[str, int | None, bool]]
) -> dict[str, Answer]:
    """The person's answers, with the agreed ones in their place where agreed."""
    answers: dict[str, Answer] = {
        behaviour_id: NOT_APPLICABLE if not_applicable else level
        for behaviour_id, level, not_applicable in own
    }
    for behaviour_id, level, not_applicable in agreed:
        if not_applicable:
            answers[behaviour_id] = NOT_APPLICABLE
        elif level is not None:
            answers[behaviour_id] = level
    return answers


def _bases(
    lib: Library, rows: Sequence[tuple[Assessment, Person]], *, session: Session
) -> dict[int, _Basis]:
    """The basis of each assessment (by assessment id), agreed levels applied."""
    ids = [assessment.id for assessment, _ in rows if assessment.id is not None]
    agreed = pairs_repo.signed_agreed(ids, session=session)
    answers = pairs_repo.answers([*ids, *agreed.values()], session=session)
    found: dict[int, _Basis] = {}
    for assessment, person in rows:
        assert assessment.id is not None and person.id is not None
        framework = assessments.framework_by_key(
            lib, assessment.framework_id, assessment.framework_version, session=session
        )
        group = assessment.group_id or person.professional_group
        agreed_id = agreed.get(assessment.id)
        merged = _merged(
            answers.get(assessment.id, []), answers.get(agreed_id, []) if agreed_id else []
        )
        found[assessment.id] = _Basis(
            person=people.person_view(person),
            assessment_id=assessment.id,
            group=group,
            facts=person_facts(framework, person.id, group, person.department, merged),
            framework=framework,
        )
    return found


def _cohort(
    lib: Library,
    framework_id: str,
    version: str | None,
    *,
    session: Session,
    person_ids: Sequence[int] | None = None,
) -> dict[int, _Basis]:
    """Each person's basis (by person id): their latest complete self assessment."""
    rows = pairs_repo.latest_complete_self(
        session=session, framework_id=framework_id, version=version, person_ids=person_ids
    )
    return {basis.person.id: basis for basis in _bases(lib, rows, session=session).values()}


def _assessment_bases(
    lib: Library, ids: Iterable[int | None], *, session: Session
) -> dict[int, _Basis]:
    wanted = [i for i in ids if i is not None]
    rows = pairs_repo.assessments_with_people(wanted, session=session)
    return _bases(lib, rows, session=session)


# -- proposals ---------------------------------------------------------------------------


def _framework(lib: Library, framework_id: str | None, version: str | None) -> Framework:
    return assessments.resolve_framework(lib, framework_id, version)


def _behaviour(framework: Framework, behaviour_id: str) -> BehaviourLine:
    found = framework.behaviour_index.get(behaviour_id)
    if found is None:
        return BehaviourLine(behaviour_id, "", behaviour_id)
    return BehaviourLine(behaviour_id, framework.behaviour_numbers[behaviour_id], found[1].text)


def _reasons(framework: Framework, found: Sequence[Complement]) -> tuple[Reason, ...]:
    return tuple(
        Reason(_behaviour(framework, c.behaviour_id), c.gap, c.margin, c.importance, c.points)
        for c in found
    )


def _proposal_view(
    framework: Framework, proposal: PairProposal, people_by_id: Mapping[int, PersonView]
) -> ProposalView:
    return ProposalView(
        left=people_by_id[proposal.left_id],
        right=people_by_id[proposal.right_id],
        score=proposal.score,
        left_learns=_reasons(framework, proposal.left_learns),
        right_learns=_reasons(framework, proposal.right_learns),
    )


def _active_people(on: date, *, session: Session) -> set[int]:
    active: set[int] = set()
    for row in pairs_repo.open_pairs(session=session):
        if on < add_months(row.start_on, row.months):
            active |= {row.left_person_id, row.right_person_id}
    return active


def cohort_facts(
    lib: Library, framework_id: str | None = None, version: str | None = None
) -> tuple[cohort.PersonFacts, ...]:
    """What the matching reads of everyone with a complete self assessment (numbers
    only), by person id."""
    framework = _framework(lib, framework_id, version)
    with unit(lib) as work:
        bases = _cohort(lib, framework.id, version, session=work.session)
    return tuple(bases[person_id].facts for person_id in sorted(bases))


def suggest(lib: Library, options: PairOptions | None = None) -> Suggestions:
    """Learning pairs proposed over everyone with a complete self assessment.

    Raises:
        UserError: the two groups are the same; the framework is not installed.
    """
    from ppf_app.domain import pairing  # numpy and scipy: only when asked for

    options = options or PairOptions()
    framework = _framework(lib, options.framework_id, options.version)
    with unit(lib) as work:
        bases = _cohort(lib, framework.id, options.version, session=work.session)
        paired = (
            set()
            if options.include_paired
            else _active_people(options.on or date.today(), session=work.session)
        )
    groups = (options.left_group, options.right_group)
    proposals = pairing.propose_pairs(
        [basis.facts for basis in bases.values()],
        options.left_group,
        options.right_group,
        separate_departments=options.separate_departments,
        already_paired=paired,
    )
    in_groups = [b for b in bases.values() if b.group in groups]
    people_by_id = {basis.person.id: basis.person for basis in bases.values()}
    return Suggestions(
        options=options,
        framework_id=framework.id,
        framework_title=framework.title,
        proposals=tuple(_proposal_view(framework, p, people_by_id) for p in proposals),
        left_people=sum(
            1 for b in in_groups if b.group == options.left_group and b.person.id not in paired
        ),
        right_people=sum(
            1 for b in in_groups if b.group == options.right_group and b.person.id not in paired
        ),
        left_out=sum(1 for b in in_groups if b.person.id in paired),
    )


def explain_pair(
    lib: Library,
    left_id: int,
    right_id: int,
    *,
    framework_id: str | None = None,
    version: str | None = None,
) -> ProposalView:
    """Why two given people would (or would not) learn from each other.

    Raises:
        UserError: either has no complete self assessment on the framework.
    """
    from ppf_app.domain import pairing

    framework = _framework(lib, framework_id, version)
    with unit(lib) as work:
        left, right = _two_bases(lib, framework, version, left_id, right_id, session=work.session)
    proposal = pairing.explain(left.facts, right.facts)
    return _proposal_view(framework, proposal, {left_id: left.person, right_id: right.person})


def swap_partners(
    lib: Library, options: PairOptions, first: ProposalView, second: ProposalView
) -> tuple[ProposalView, ProposalView]:
    """Two proposals with their partners exchanged: (A, X) and (B, Y) become (A, Y) and
    (B, X), each explained again.

    Raises:
        UserError: the same proposal twice; departments kept apart would meet.
    """
    if first.key == second.key:
        raise UserError("choose another proposal to swap partners with")
    if options.separate_departments:
        for left, right in ((first.left, second.right), (second.left, first.right)):
            if left.department and left.department == right.department:
                raise UserError(
                    f"{left.name} and {right.name} both work in {left.department}, and "
                    "departments are kept apart"
                )
    version = options.version
    return (
        explain_pair(
            lib, first.left.id, second.right.id, framework_id=options.framework_id, version=version
        ),
        explain_pair(
            lib, second.left.id, first.right.id, framework_id=options.framework_id, version=version
        ),
    )


def _two_bases(
    lib: Library,
    framework: Framework,
    version: str | None,
    left_id: int,
    right_id: int,
    *,
    session: Session,
) -> tuple[_Basis, _Basis]:
    if left_id == right_id:
        raise UserError(f"a pair is two people: person {left_id} was named twice")
    for person_id in (left_id, right_id):
        require_person(person_id, session=session)
    bases = _cohort(lib, framework.id, version, session=session, person_ids=[left_id, right_id])
    missing = [i for i in (left_id, right_id) if i not in bases]
    if missing:
        raise UserError(
            [
                f"person {i}: no complete self assessment on framework {framework.id}; "
                "a pairing starts from one"
                for i in missing
            ]
        )
    return bases[left_id], bases[right_id]


# -- making and changing pairs -------------------------------------------------------------


def _ids(text: str) -> list[str]:
    try:
        found = json.loads(text)
    except ValueError:
        return []
    return [str(item) for item in found] if isinstance(found, list) else []


def _dump(ids: Iterable[str]) -> str:
    return json.dumps(list(ids), ensure_ascii=False)


def create_pair(
    lib: Library,
    left_id: int,
    right_id: int,
    *,
    start: date | None = None,
    months: int = MAX_MONTHS,
    framework_id: str | None = None,
    version: str | None = None,
) -> PairView:
    """Record a learning pair, starting on ``start`` (today) for ``months`` (1 to 9).

    Each person's latest complete self assessment on the framework is their "before"; the
    behaviours the pairing targets for each are those where they are below target and the
    partner above.

    Raises:
        UserError: months out of range; the same person twice; someone without a complete
            self assessment, or already in a pair active on the start date.
    """
    from ppf_app.domain import pairing

    check_months(months)
    start = start or date.today()
    framework = _framework(lib, framework_id, version)
    with unit(lib) as work:
        session = work.session
        left, right = _two_bases(lib, framework, version, left_id, right_id, session=session)
        busy = []
        for row in pairs_repo.open_pairs(session=session):
            members = {row.left_person_id, row.right_person_id}
            running = row.start_on <= start < add_months(row.start_on, row.months)
            for person in (left.person, right.person):
                if person.id in members and (running or row.start_on >= start):
                    busy.append(
                        f"{person.name} (person {person.id}) is already in pair {row.id}, "
                        f"from {row.start_on.isoformat()} for {row.months} months; end it "
                        "first ('ppf pairs end')"
                    )
        if busy:
            raise UserError(busy)
        proposal = pairing.explain(left.facts, right.facts)
        row = LearningPair(
            framework_id=framework.id,
            left_person_id=left_id,
            right_person_id=right_id,
            left_group=left.group,
            right_group=right.group,
            score=proposal.score,
            left_targets=_dump(proposal.left_targets),
            right_targets=_dump(proposal.right_targets),
            left_before_id=left.assessment_id,
            right_before_id=right.assessment_id,
            start_on=start,
            months=months,
        )
        pairs_repo.add(row, session=session)
        return _pair_view(row, session=session)


def _require_pair(pair_id: int, *, session: Session) -> LearningPair:
    found = pairs_repo.get(pair_id, session=session)
    if found is None:
        raise NotFound(f"pair {pair_id}: no such pair ('ppf pairs list' shows them)")
    return found


def _pair_view(row: LearningPair, *, session: Session) -> PairView:
    assert row.id is not None
    left = people.person_view(require_person(row.left_person_id, session=session))
    right = people.person_view(require_person(row.right_person_id, session=session))
    return PairView(
        id=row.id,
        uid=row.uid,
        framework_id=row.framework_id,
        left=left,
        right=right,
        left_group=row.left_group,
        right_group=row.right_group,
        score=row.score,
        start_on=row.start_on,
        months=row.months,
        agreed_on=row.agreed_on,
        ended_on=row.ended_on,
        meetings=pairs_repo.meeting_counts([row.id], session=session)[row.id],
        shadowing=pairs_repo.shadowing_counts([row.id], session=session)[row.id],
    )


def list_pairs(lib: Library, *, framework_id: str | None = None) -> tuple[PairView, ...]:
    """Every pair (of one framework), newest start first."""
    with unit(lib) as work:
        return pair_views(framework_id=framework_id, session=work.session)


def pair_views(*, session: Session, framework_id: str | None = None) -> tuple[PairView, ...]:
    """:func:`list_pairs` inside the caller's unit of work."""
    rows = pairs_repo.every_pair(session=session, framework_id=framework_id)
    ids = [row.id for row in rows if row.id is not None]
    meetings = pairs_repo.meeting_counts(ids, session=session)
    shadowing = pairs_repo.shadowing_counts(ids, session=session)
    everyone = {p.id: p for p in people.everyone(session=session)}
    views = []
    for row in rows:
        assert row.id is not None
        views.append(
            PairView(
                id=row.id,
                uid=row.uid,
                framework_id=row.framework_id,
                left=everyone[row.left_person_id],
                right=everyone[row.right_person_id],
                left_group=row.left_group,
                right_group=row.right_group,
                score=row.score,
                start_on=row.start_on,
                months=row.months,
                agreed_on=row.agreed_on,
                ended_on=row.ended_on,
                meetings=meetings[row.id],
                shadowing=shadowing[row.id],
            )
        )
    return tuple(views)


def _side_person(row: LearningPair, person_id: int) -> str:
    if person_id == row.left_person_id:
        return "left"
    if person_id == row.right_person_id:
        return "right"
    raise UserError(f"person {person_id} is not in pair {row.id}")


def agree(lib: Library, pair_id: int, on: date | None = None) -> PairView:
    """Record that both signed the agreement on ``on`` (today)."""
    with unit(lib) as work:
        row = _require_pair(pair_id, session=work.session)
        row.agreed_on = on or date.today()
        pairs_repo.touch(row, session=work.session)
        return _pair_view(row, session=work.session)


def end_pair(lib: Library, pair_id: int, on: date | None = None) -> PairView:
    """Close a pairing on ``on`` (today): its people may be paired again.

    Raises:
        UserError: the date is before the pair's start.
    """
    with unit(lib) as work:
        row = _require_pair(pair_id, session=work.session)
        day = on or date.today()
        if day < row.start_on:
            raise UserError(
                f"end date {day.isoformat()} is before the pair started "
                f"({row.start_on.isoformat()})"
            )
        row.ended_on = day
        pairs_repo.touch(row, session=work.session)
        return _pair_view(row, session=work.session)


def delete_pair(lib: Library, pair_id: int) -> int:
    """Delete a pair with its meetings and shadowing (the app asks first)."""
    with unit(lib) as work:
        pairs_repo.delete(_require_pair(pair_id, session=work.session), session=work.session)
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
        row = _require_pair(pair_id, session=work.session)
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
        pairs_repo.touch(_require_pair(meeting.pair_id, session=work.session), session=work.session)
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
        row = _require_pair(pair_id, session=session)
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
        pairs_repo.touch(_require_pair(sitting.pair_id, session=work.session), session=work.session)
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
        row = _require_pair(pair_id, session=work.session)
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
        row = _require_pair(pair_id, session=session)
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
        setattr(row, f"{side}_objectives", _dump(uids))
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
        row = _require_pair(pair_id, session=session)
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
        row = _require_pair(pair_id, session=work.session)
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
    row = _require_pair(pair_id, session=session)
    pair = _pair_view(row, session=session)
    ids = (row.left_before_id, row.left_after_id, row.right_before_id, row.right_after_id)
    # On a server a member sees the pair, not the partner's assessments: those are absent.
    bases = _assessment_bases(lib, ids, session=session)
    views = {i: assessments.get_assessment(lib, i) for i in bases}
    framework = _display_framework(lib, row, bases)

    def side(name: str, person: PersonView) -> SideRecord:
        before_id = getattr(row, f"{name}_before_id")
        after_id = getattr(row, f"{name}_after_id")
        before = bases.get(before_id) if before_id is not None else None
        after = bases.get(after_id) if after_id is not None else None
        targets = _ids(getattr(row, f"{name}_targets"))
        outcome = person_outcome(
            person.id, targets, before.facts if before else None, after.facts if after else None
        )
        group = getattr(row, f"{name}_group")
        return SideRecord(
            person=person,
            group=group,
            group_title=group_title(framework, group),
            targets=tuple(_behaviour(framework, b) for b in targets),
            objectives=_objectives(_ids(getattr(row, f"{name}_objectives")), session=session),
            before=views.get(before_id) if before_id is not None else None,
            after=views.get(after_id) if after_id is not None else None,
            outcome=outcome,
            changes=tuple(
                ChangeLine(_behaviour(framework, c.behaviour_id), c.gap_before, c.gap_after)
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


def _display_framework(
    lib: Library, row: LearningPair, bases: Mapping[int, _Basis]
) -> Framework:
    """The framework to word a pair's behaviours with: a "before" assessment's (else the
    newest installed version of the pair's framework)."""
    for assessment_id in (row.left_before_id, row.right_before_id):
        if assessment_id is not None and assessment_id in bases:
            return bases[assessment_id].framework
    return _framework(lib, row.framework_id, None)


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
    bases = _assessment_bases(
        lib,
        [
            i
            for row in rows
            for i in (
                row.left_before_id,
                row.left_after_id,
                row.right_before_id,
                row.right_after_id,
            )
        ],
        session=session,
    )

    def facts(assessment_id: int | None) -> cohort.PersonFacts | None:
        basis = bases.get(assessment_id) if assessment_id is not None else None
        return basis.facts if basis is not None else None

    outcomes = [
        pair_outcome(
            left_id=row.left_person_id,
            left_targets=_ids(row.left_targets),
            left_before=facts(row.left_before_id),
            left_after=facts(row.left_after_id),
            right_id=row.right_person_id,
            right_targets=_ids(row.right_targets),
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
