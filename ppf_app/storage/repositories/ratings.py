"""Reading and writing the ratings of an assessment."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select
from sqlmodel import delete as delete_rows

from ppf_app.storage.models import Rating
from ppf_app.storage.repositories.clock import now


def list_for_assessment(assessment_id: int, *, session: Session) -> Sequence[Rating]:
    statement = select(Rating).where(Rating.assessment_id == assessment_id).order_by(col(Rating.id))
    return session.exec(statement).all()


def get(assessment_id: int, behaviour_id: str, *, session: Session) -> Rating | None:
    statement = select(Rating).where(
        Rating.assessment_id == assessment_id, Rating.behaviour_id == behaviour_id
    )
    return session.exec(statement).first()


def upsert(
    assessment_id: int, behaviour_id: str, *, level: int | None, evidence: str, session: Session
) -> Rating:
    """Create or replace one behaviour's rating in one assessment."""
    rating = get(assessment_id, behaviour_id, session=session)
    if rating is None:
        rating = Rating(assessment_id=assessment_id, behaviour_id=behaviour_id)
    rating.level = level
    rating.evidence = evidence
    rating.updated_at = now()
    session.add(rating)
    session.flush()
    return rating


def delete(assessment_id: int, behaviour_id: str, *, session: Session) -> bool:
    """Remove one rating; False when there was none."""
    rating = get(assessment_id, behaviour_id, session=session)
    if rating is None:
        return False
    session.delete(rating)
    session.flush()
    return True


def delete_all(assessment_id: int, *, session: Session) -> None:
    session.flush()
    session.exec(delete_rows(Rating).where(col(Rating.assessment_id) == assessment_id))
    session.expire_all()
