"""Learning pairs: proposals over a whole cohort, and the pairs made from them.

**Proposals** are optimal over the cohort (:mod:`ppf_app.domain.pairing`, which loads
numpy and scipy: it is imported when a proposal is asked for, never at start-up), on each
person's assessment as :mod:`ppf_app.services.pair_facts` reads it. People in an
*active* pair are left out unless asked otherwise: a pair is active until it is closed
(:func:`ppf_app.services.pair_records.end_pair`) or its months have run out.

**Making a pair** keeps, for each person, the behaviours the pairing targets (where they
were below target and the partner above) and the assessment the match was made on (their
"before"); the rest of its record is :mod:`ppf_app.services.pair_records`'.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlmodel import Session

from ppf_app.core.errors import NotFound, UserError
from ppf_app.domain import cohort
from ppf_app.domain.framework import Framework
from ppf_app.services import assessments, people
from ppf_app.services.lookups import require_person
from ppf_app.services.pair_facts import (
    Basis,
    BehaviourLine,
    behaviour_line,
    cohort_bases,
)
from ppf_app.services.unit import unit
from ppf_app.services.views import PersonView
from ppf_app.storage.models import LearningPair, dump_ids
from ppf_app.storage.repositories import pairs as pairs_repo

if TYPE_CHECKING:
    from ppf_app.domain.pairing import Complement, PairProposal
    from ppf_app.services.library import Library

#: The groups paired by default (as :mod:`ppf_app.domain.pairing`, not imported here: it
#: loads scipy).
LEFT_GROUP = "clinician"
RIGHT_GROUP = "manager"
#: The longest a pairing runs, in months (the programme's nine).
MAX_MONTHS = 9


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


# -- proposals ---------------------------------------------------------------------------


def _reasons(framework: Framework, found: Sequence[Complement]) -> tuple[Reason, ...]:
    return tuple(
        Reason(behaviour_line(framework, c.behaviour_id), c.gap, c.margin, c.importance, c.points)
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


def active_people(on: date, *, session: Session) -> set[int]:
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
    framework = assessments.resolve_framework(lib, framework_id, version)
    with unit(lib) as work:
        bases = cohort_bases(lib, framework.id, version, session=work.session)
    return tuple(bases[person_id].facts for person_id in sorted(bases))


def suggest(lib: Library, options: PairOptions | None = None) -> Suggestions:
    """Learning pairs proposed over everyone with a complete self assessment.

    Raises:
        UserError: the two groups are the same; the framework is not installed.
    """
    from ppf_app.domain import pairing  # numpy and scipy: only when asked for

    options = options or PairOptions()
    framework = assessments.resolve_framework(lib, options.framework_id, options.version)
    with unit(lib) as work:
        bases = cohort_bases(lib, framework.id, options.version, session=work.session)
        paired = (
            set()
            if options.include_paired
            else active_people(options.on or date.today(), session=work.session)
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

    framework = assessments.resolve_framework(lib, framework_id, version)
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
) -> tuple[Basis, Basis]:
    if left_id == right_id:
        raise UserError(f"a pair is two people: person {left_id} was named twice")
    for person_id in (left_id, right_id):
        require_person(person_id, session=session)
    bases = cohort_bases(
        lib, framework.id, version, session=session, person_ids=[left_id, right_id]
    )
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


# -- making and listing pairs --------------------------------------------------------------


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
    framework = assessments.resolve_framework(lib, framework_id, version)
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
            left_targets=dump_ids(proposal.left_targets),
            right_targets=dump_ids(proposal.right_targets),
            left_before_id=left.assessment_id,
            right_before_id=right.assessment_id,
            start_on=start,
            months=months,
        )
        pairs_repo.add(row, session=session)
        return pair_view(row, session=session)


def require_pair(pair_id: int, *, session: Session) -> LearningPair:
    found = pairs_repo.get(pair_id, session=session)
    if found is None:
        raise NotFound(f"pair {pair_id}: no such pair ('ppf pairs list' shows them)")
    return found


def pair_view(row: LearningPair, *, session: Session) -> PairView:
    assert row.id is not None
    return _view(
        row,
        people.person_view(require_person(row.left_person_id, session=session)),
        people.person_view(require_person(row.right_person_id, session=session)),
        meetings=pairs_repo.meeting_counts([row.id], session=session)[row.id],
        shadowing=pairs_repo.shadowing_counts([row.id], session=session)[row.id],
    )


def _view(
    row: LearningPair, left: PersonView, right: PersonView, *, meetings: int, shadowing: int
) -> PairView:
    assert row.id is not None
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
        meetings=meetings,
        shadowing=shadowing,
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
    return tuple(
        _view(
            row,
            everyone[row.left_person_id],
            everyone[row.right_person_id],
            meetings=meetings[row.id or 0],
            shadowing=shadowing[row.id or 0],
        )
        for row in rows
    )
