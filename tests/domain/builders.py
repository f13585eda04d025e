"""Small cohorts built in code for the aggregate analyses' tests."""

from __future__ import annotations

from ppf_app.domain.cohort import Answer, BehaviourPlace, FrameworkOutline, Heading, PersonFacts


def outline() -> FrameworkOutline:
    """Two values and two training areas.

    ``care`` has ``c1`` (area ``lead``) and ``c2`` (area ``people``); ``own`` has ``o1``
    (areas ``lead`` and ``people``).
    """
    return FrameworkOutline(
        values=(Heading("care", "Patients first"), Heading("own", "Accountability")),
        training_areas=(Heading("lead", "Leadership"), Heading("people", "People management")),
        behaviours=(
            BehaviourPlace("c1", "care", ("lead",)),
            BehaviourPlace("c2", "care", ("people",)),
            BehaviourPlace("o1", "own", ("lead", "people")),
        ),
    )


def person(
    person_id: int,
    gaps: dict[str, int],
    *,
    group: str = "clinician",
    department: str | None = None,
    importance: dict[str, int] | None = None,
) -> PersonFacts:
    """A person whose ``gaps`` give, per behaviour answered, steps below target (positive)
    or above it (negative)."""
    importance = importance or {}
    return PersonFacts(
        person_id=person_id,
        group=group,
        department=department,
        answers=tuple(
            Answer(b, max(gap, 0), max(-gap, 0), importance.get(b, 1)) for b, gap in gaps.items()
        ),
    )
