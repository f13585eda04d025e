"""Reading and writing learning pairs, their meetings and shadowing sessions, and the
assessments the pairing analyses read (numbers only: never evidence or notes)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from sqlalchemy import or_
from sqlmodel import Session, col, func, select

from ppf_app.domain.records import AssessmentKind, AssessmentStatus
from ppf_app.storage.models import (
    Appraisal,
    Assessment,
    LearningPair,
    PairMeeting,
    PairShadowing,
    Person,
    Plan,
    PlanObjective,
    Rating,
)
from ppf_app.storage.repositories.clock import as_stored, now

#: Ids per ``IN (...)``: well under every database's limit on bound parameters.
_CHUNK = 500


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    unique = sorted(set(ids))
    for start in range(0, len(unique), _CHUNK):
        yield unique[start : start + _CHUNK]


# -- pairs -----------------------------------------------------------------------------


def get(pair_id: int, *, session: Session) -> LearningPair | None:
    return session.get(LearningPair, pair_id)


def add(pair: LearningPair, *, session: Session) -> LearningPair:
    pair.created_at = as_stored(pair.created_at)
    pair.updated_at = as_stored(pair.updated_at)
    session.add(pair)
    session.flush()
    return pair


def touch(pair: LearningPair, *, session: Session) -> None:
    """Stamp ``updated_at``: something in the pair's record changed."""
    pair.updated_at = now()
    session.add(pair)
    session.flush()


def every_pair(*, session: Session, framework_id: str | None = None) -> Sequence[LearningPair]:
    """Every pair (of one framework), newest start first."""
    statement = select(LearningPair)
    if framework_id is not None:
        statement = statement.where(LearningPair.framework_id == framework_id)
    statement = statement.order_by(col(LearningPair.start_on).desc(), col(LearningPair.id).desc())
    return session.exec(statement).all()


def pairs_of(person_id: int, *, session: Session) -> Sequence[LearningPair]:
    """The pairs a person is in, newest start first."""
    statement = (
        select(LearningPair)
        .where(
            or_(
                col(LearningPair.left_person_id) == person_id,
                col(LearningPair.right_person_id) == person_id,
            )
        )
        .order_by(col(LearningPair.start_on).desc(), col(LearningPair.id).desc())
    )
    return session.exec(statement).all()


def open_pairs(*, session: Session) -> Sequence[LearningPair]:
    """Pairs not closed (``ended_on`` not set); whether they have run their course is
    for the caller to judge."""
    statement = select(LearningPair).where(col(LearningPair.ended_on).is_(None))
    return session.exec(statement).all()


def delete(pair: LearningPair, *, session: Session) -> None:
    """Delete a pair with its meetings and shadowing sessions."""
    for meeting in meetings(pair.id or 0, session=session):
        session.delete(meeting)
    for sitting in shadowing(pair.id or 0, session=session):
        session.delete(sitting)
    session.delete(pair)
    session.flush()


# -- meetings and shadowing ------------------------------------------------------------


def meetings(pair_id: int, *, session: Session) -> Sequence[PairMeeting]:
    """A pair's meetings, oldest first."""
    statement = (
        select(PairMeeting)
        .where(PairMeeting.pair_id == pair_id)
        .order_by(col(PairMeeting.held_on), col(PairMeeting.id))
    )
    return session.exec(statement).all()


def meeting_counts(pair_ids: Sequence[int], *, session: Session) -> dict[int, int]:
    """How many meetings each pair held."""
    return _counts(PairMeeting, pair_ids, session=session)


def shadowing_counts(pair_ids: Sequence[int], *, session: Session) -> dict[int, int]:
    """How many shadowing sessions each pair recorded."""
    return _counts(PairShadowing, pair_ids, session=session)


def _counts(
    table: type[PairMeeting] | type[PairShadowing], pair_ids: Sequence[int], *, session: Session
) -> dict[int, int]:
    counts = dict.fromkeys(pair_ids, 0)
    for chunk in _chunks(pair_ids):
        statement = (
            select(table.pair_id, func.count())
            .where(col(table.pair_id).in_(chunk))
            .group_by(col(table.pair_id))
        )
        for pair_id, count in session.exec(statement):
            counts[pair_id] = int(count)
    return counts


def get_meeting(meeting_id: int, *, session: Session) -> PairMeeting | None:
    return session.get(PairMeeting, meeting_id)


def add_meeting(meeting: PairMeeting, *, session: Session) -> PairMeeting:
    meeting.created_at = as_stored(meeting.created_at)
    session.add(meeting)
    session.flush()
    return meeting


def shadowing(pair_id: int, *, session: Session) -> Sequence[PairShadowing]:
    """A pair's shadowing sessions, oldest first."""
    statement = (
        select(PairShadowing)
        .where(PairShadowing.pair_id == pair_id)
        .order_by(col(PairShadowing.held_on), col(PairShadowing.id))
    )
    return session.exec(statement).all()


def get_shadowing(shadowing_id: int, *, session: Session) -> PairShadowing | None:
    return session.get(PairShadowing, shadowing_id)


def add_shadowing(sitting: PairShadowing, *, session: Session) -> PairShadowing:
    sitting.created_at = as_stored(sitting.created_at)
    session.add(sitting)
    session.flush()
    return sitting


def remove(row: PairMeeting | PairShadowing, *, session: Session) -> None:
    session.delete(row)
    session.flush()


# -- what the analyses read --------------------------------------------------------------


def latest_complete_self(
    *,
    session: Session,
    framework_id: str,
    version: str | None = None,
    person_ids: Sequence[int] | None = None,
) -> list[tuple[Assessment, Person]]:
    """Each person's (of ``person_ids``, else everyone's) latest complete self assessment
    on the framework (by date, then creation), with the person; people without one are
    absent."""
    statement = (
        select(Assessment, Person)
        .join(Person, col(Person.id) == col(Assessment.person_id))
        .where(Assessment.framework_id == framework_id)
        .where(Assessment.kind == AssessmentKind.SELF.value)
        .where(Assessment.status == AssessmentStatus.COMPLETE.value)
    )
    if version is not None:
        statement = statement.where(Assessment.framework_version == version)
    if person_ids is not None:
        statement = statement.where(col(Assessment.person_id).in_(list(person_ids)))
    statement = statement.order_by(
        col(Assessment.person_id), col(Assessment.assessed_on).desc(), col(Assessment.id).desc()
    )
    found: dict[int, tuple[Assessment, Person]] = {}
    for assessment, person in session.exec(statement):
        found.setdefault(assessment.person_id, (assessment, person))
    return list(found.values())


def assessments_with_people(
    assessment_ids: Sequence[int], *, session: Session
) -> list[tuple[Assessment, Person]]:
    """The assessments named, each with its person (unknown ids absent)."""
    found: list[tuple[Assessment, Person]] = []
    for chunk in _chunks(assessment_ids):
        statement = (
            select(Assessment, Person)
            .join(Person, col(Person.id) == col(Assessment.person_id))
            .where(col(Assessment.id).in_(chunk))
        )
        found.extend((assessment, person) for assessment, person in session.exec(statement))
    return found


def signed_agreed(self_ids: Sequence[int], *, session: Session) -> dict[int, int]:
    """For each self assessment with a signed appraisal that agreed levels, the agreed
    assessment of the newest such appraisal."""
    agreed: dict[int, int] = {}
    for chunk in _chunks(self_ids):
        statement = (
            select(Appraisal.self_assessment_id, Appraisal.agreed_assessment_id)
            .where(col(Appraisal.self_assessment_id).in_(chunk))
            .where(col(Appraisal.signed_at).is_not(None))
            .where(col(Appraisal.agreed_assessment_id).is_not(None))
            .order_by(col(Appraisal.signed_at).desc(), col(Appraisal.id).desc())
        )
        for self_id, agreed_id in session.exec(statement):
            if agreed_id is not None:
                agreed.setdefault(self_id, agreed_id)
    return agreed


def answers(
    assessment_ids: Sequence[int], *, session: Session
) -> dict[int, list[tuple[str, int | None, bool]]]:
    """``(behaviour id, level, not applicable)`` of each assessment's ratings."""
    found: dict[int, list[tuple[str, int | None, bool]]] = {i: [] for i in assessment_ids}
    for chunk in _chunks(assessment_ids):
        statement = (
            select(Rating.assessment_id, Rating.behaviour_id, Rating.level, Rating.not_applicable)
            .where(col(Rating.assessment_id).in_(chunk))
            .order_by(col(Rating.assessment_id), col(Rating.id))
        )
        for assessment_id, behaviour_id, level, not_applicable in session.exec(statement):
            found[assessment_id].append((behaviour_id, level, bool(not_applicable)))
    return found


def latest_self_after(
    person_id: int, framework_id: str, after: date, exclude: int | None, *, session: Session
) -> Assessment | None:
    """The person's latest complete self assessment on the framework dated on or after
    ``after`` (other than ``exclude``)."""
    statement = (
        select(Assessment)
        .where(Assessment.person_id == person_id)
        .where(Assessment.framework_id == framework_id)
        .where(Assessment.kind == AssessmentKind.SELF.value)
        .where(Assessment.status == AssessmentStatus.COMPLETE.value)
        .where(col(Assessment.assessed_on) >= after)
    )
    if exclude is not None:
        statement = statement.where(col(Assessment.id) != exclude)
    statement = statement.order_by(col(Assessment.assessed_on).desc(), col(Assessment.id).desc())
    return session.exec(statement).first()


def objective_owners(uids: Sequence[str], *, session: Session) -> dict[str, int]:
    """For each objective uid, the person whose plan holds it (unknown uids absent)."""
    if not uids:
        return {}
    statement = (
        select(PlanObjective.uid, Assessment.person_id)
        .join(Plan, col(Plan.id) == col(PlanObjective.plan_id))
        .join(Assessment, col(Assessment.id) == col(Plan.assessment_id))
        .where(col(PlanObjective.uid).in_(list(uids)))
    )
    return {uid: person_id for uid, person_id in session.exec(statement)}


def objectives_by_uid(uids: Sequence[str], *, session: Session) -> dict[str, PlanObjective]:
    if not uids:
        return {}
    statement = select(PlanObjective).where(col(PlanObjective.uid).in_(list(uids)))
    return {row.uid: row for row in session.exec(statement)}


def objective_uids_by_id(ids: Sequence[int], *, session: Session) -> dict[int, str]:
    """The uids of objectives given by row id (unknown ids absent)."""
    if not ids:
        return {}
    statement = select(PlanObjective.id, PlanObjective.uid).where(
        col(PlanObjective.id).in_(list(ids))
    )
    return {row_id: uid for row_id, uid in session.exec(statement) if row_id is not None}
