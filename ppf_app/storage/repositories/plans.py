"""Reading and writing development plans and their objectives."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlmodel import Session, col, select

from ppf_app.storage.models import Assessment, Plan, PlanObjective
from ppf_app.storage.repositories.clock import as_stored, now


def for_assessment(assessment_id: int, *, session: Session) -> Plan | None:
    return session.exec(select(Plan).where(Plan.assessment_id == assessment_id)).first()


def get_by_uid(uid: str, *, session: Session) -> Plan | None:
    return session.exec(select(Plan).where(Plan.uid == uid)).first()


def ensure(assessment_id: int, *, session: Session) -> Plan:
    """The assessment's plan, created (empty) when it has none yet."""
    plan = for_assessment(assessment_id, session=session)
    if plan is None:
        plan = Plan(assessment_id=assessment_id)
        add(plan, session=session)
    return plan


def add(plan: Plan, *, session: Session) -> Plan:
    plan.created_at = as_stored(plan.created_at)
    plan.updated_at = as_stored(plan.updated_at)
    session.add(plan)
    session.flush()
    return plan


def touch(plan: Plan, *, session: Session) -> None:
    """Stamp ``updated_at``: something in the plan changed."""
    plan.updated_at = now()
    session.add(plan)


def objectives(plan_id: int, *, session: Session) -> Sequence[PlanObjective]:
    """A plan's objectives in order."""
    statement = (
        select(PlanObjective)
        .where(PlanObjective.plan_id == plan_id)
        .order_by(col(PlanObjective.position), col(PlanObjective.id))
    )
    return session.exec(statement).all()


def objective_by_uid(uid: str, *, session: Session) -> PlanObjective | None:
    return session.exec(select(PlanObjective).where(PlanObjective.uid == uid)).first()


def objectives_carried_from(
    source_uids: Sequence[str], plan_id: int, *, session: Session
) -> Sequence[PlanObjective]:
    """The objectives of a plan that were carried forward from ``source_uids``."""
    if not source_uids:
        return []
    statement = (
        select(PlanObjective)
        .where(PlanObjective.plan_id == plan_id)
        .where(col(PlanObjective.carried_from_uid).in_(list(source_uids)))
    )
    return session.exec(statement).all()


def carried_uids(uids: Sequence[str], *, session: Session) -> set[str]:
    """Which of ``uids`` some objective was carried forward from, in any plan."""
    if not uids:
        return set()
    statement = select(PlanObjective.carried_from_uid).where(
        col(PlanObjective.carried_from_uid).in_(list(uids))
    )
    return {uid for uid in session.exec(statement) if uid is not None}


def add_objective(objective: PlanObjective, *, session: Session) -> PlanObjective:
    session.add(objective)
    session.flush()
    return objective


def renumber(rows: Sequence[PlanObjective], *, session: Session) -> None:
    """Give ``rows`` the positions 0, 1, ... in the order given."""
    for position, row in enumerate(rows):
        if row.position != position:
            row.position = position
            session.add(row)


def latest_plan_for_person(
    person_id: int,
    *,
    session: Session,
    framework_id: str | None = None,
    exclude_assessment_id: int | Collection[int] | None = None,
) -> tuple[Plan, Assessment] | None:
    """The plan of the person's most recent assessment (by date, then creation) that has one.

    ``exclude_assessment_id``: one assessment id, or several, whose plans are passed over.
    """
    statement = (
        select(Plan, Assessment)
        .join(Assessment, col(Assessment.id) == col(Plan.assessment_id))
        .where(Assessment.person_id == person_id)
    )
    if framework_id is not None:
        statement = statement.where(Assessment.framework_id == framework_id)
    if isinstance(exclude_assessment_id, int):
        statement = statement.where(col(Assessment.id) != exclude_assessment_id)
    elif exclude_assessment_id:
        statement = statement.where(col(Assessment.id).not_in(list(exclude_assessment_id)))
    statement = statement.order_by(col(Assessment.assessed_on).desc(), col(Assessment.id).desc())
    row = session.exec(statement).first()
    return None if row is None else (row[0], row[1])
