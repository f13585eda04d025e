"""Reading and writing the answers, in words, to a framework's narrative prompts."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from ppf_app.storage.models import PromptAnswer
from ppf_app.storage.repositories.clock import now


def list_for_assessment(assessment_id: int, *, session: Session) -> Sequence[PromptAnswer]:
    statement = (
        select(PromptAnswer)
        .where(PromptAnswer.assessment_id == assessment_id)
        .order_by(col(PromptAnswer.id))
    )
    return session.exec(statement).all()


def write(
    assessment_id: int, prompt_id: str, text: str, *, session: Session
) -> PromptAnswer | None:
    """Store one answer (an empty one removes it); the answer as stored, or None."""
    statement = select(PromptAnswer).where(
        PromptAnswer.assessment_id == assessment_id, PromptAnswer.prompt_id == prompt_id
    )
    answer = session.exec(statement).first()
    if not text.strip():
        if answer is not None:
            session.delete(answer)
            session.flush()
        return None
    if answer is None:
        answer = PromptAnswer(assessment_id=assessment_id, prompt_id=prompt_id)
    answer.text = text
    answer.updated_at = now()
    session.add(answer)
    session.flush()
    return answer
