"""Finding the records a user named, with the one message for each that is missing."""

from __future__ import annotations

from sqlmodel import Session

from ppf_app.core.errors import NotFound
from ppf_app.storage.models import Assessment, Person
from ppf_app.storage.repositories import assessments as assessments_repo
from ppf_app.storage.repositories import people as people_repo


def require_assessment(assessment_id: int, *, session: Session) -> Assessment:
    assessment = assessments_repo.get(assessment_id, session=session)
    if assessment is None:
        raise NotFound(f"assessment {assessment_id}: no such assessment")
    return assessment


def require_person(person_id: int, *, session: Session) -> Person:
    person = people_repo.get(person_id, session=session)
    if person is None:
        raise NotFound(f"person {person_id}: no such person")
    return person
