"""What the learning-pair analyses read of a person's assessment: numbers only.

**Whose assessment.** A person's place in the matching is their latest complete *self*
assessment on the framework (by date, then creation; on any version of the framework
unless one is named). Where a signed appraisal reviewed that self assessment, the levels
agreed in it replace the person's own (the newest signed one; behaviours not agreed keep
the person's level): an agreed level is the better-founded one. The targets and
importance are those of the group the assessment was made for (the person's own group
when it names none); a behaviour not asked of that group, answered "not applicable" or
left unanswered is neither a gap nor a strength. Evidence and notes are never read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlmodel import Session

from ppf_app.domain import cohort
from ppf_app.domain.answers import NOT_APPLICABLE, Answer, is_level
from ppf_app.domain.framework import Framework
from ppf_app.services import assessments, people
from ppf_app.services.views import PersonView
from ppf_app.storage.models import Assessment, Person
from ppf_app.storage.repositories import pairs as pairs_repo

if TYPE_CHECKING:
    from ppf_app.services.library import Library


@dataclass(frozen=True)
class BehaviourLine:
    """A behaviour as a person reads it: its number and text."""

    behaviour_id: str
    number: str
    text: str

    @property
    def label(self) -> str:
        return f"{self.number} {self.text}".strip()


def behaviour_line(framework: Framework, behaviour_id: str) -> BehaviourLine:
    found = framework.behaviour_index.get(behaviour_id)
    if found is None:
        return BehaviourLine(behaviour_id, "", behaviour_id)
    return BehaviourLine(behaviour_id, framework.behaviour_numbers[behaviour_id], found[1].text)


@dataclass(frozen=True)
class Basis:
    """A person's assessment as the analyses read it."""

    person: PersonView
    assessment_id: int
    group: str
    facts: cohort.PersonFacts
    framework: Framework
    """The framework the assessment was made with."""


@dataclass(frozen=True, slots=True)
class Aim:
    """What a group aims for in one behaviour it is asked: the target's place on the
    scale (0 for the lowest level) and the behaviour's importance."""

    behaviour_id: str
    target_step: int
    importance: int


def aims_of(framework: Framework, group: str) -> tuple[Aim, ...]:
    """The behaviours asked of ``group`` (framework order), each with its aim."""
    chosen = group or None
    steps = framework.scale_positions
    return tuple(
        Aim(b.id, steps[framework.target_for(b.id, chosen)], framework.importance_for(b.id, chosen))
        for b in framework.behaviours_for(chosen)
    )


def person_facts(
    framework: Framework,
    person_id: int,
    group: str,
    department: str | None,
    answers: Mapping[str, Answer],
    aims: Sequence[Aim] | None = None,
) -> cohort.PersonFacts:
    """The numbers the analyses need from one person's answers (framework order): for
    each behaviour asked of ``group`` and answered on the scale, the steps below and
    above the group's target and the behaviour's importance for the group.

    Args:
        aims: :func:`aims_of` the framework and group, when the caller keeps them for
            many people of the group.
    """
    steps = framework.scale_positions
    found = []
    for aim in aims_of(framework, group) if aims is None else aims:
        level = answers.get(aim.behaviour_id)
        if not is_level(level) or level not in steps:
            continue
        found.append(
            cohort.Answer.from_steps(
                aim.behaviour_id, steps[level], aim.target_step, aim.importance
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


def bases_of(
    lib: Library, rows: Sequence[tuple[Assessment, Person]], *, session: Session
) -> dict[int, Basis]:
    """The basis of each assessment (by assessment id), agreed levels applied."""
    ids = [assessment.id for assessment, _ in rows if assessment.id is not None]
    agreed = pairs_repo.signed_agreed(ids, session=session)
    answers = pairs_repo.answers([*ids, *agreed.values()], session=session)
    found: dict[int, Basis] = {}
    kept: dict[tuple[str, str, str], tuple[Aim, ...]] = {}  # by framework key and group
    for assessment, person in rows:
        assert assessment.id is not None and person.id is not None
        framework = assessments.framework_by_key(
            lib, assessment.framework_id, assessment.framework_version, session=session
        )
        group = assessment.group_id or person.professional_group
        key = (*framework.key, group)
        aims = kept.get(key)
        if aims is None:
            aims = kept[key] = aims_of(framework, group)
        agreed_id = agreed.get(assessment.id)
        merged = _merged(
            answers.get(assessment.id, []), answers.get(agreed_id, []) if agreed_id else []
        )
        found[assessment.id] = Basis(
            person=people.person_view(person),
            assessment_id=assessment.id,
            group=group,
            facts=person_facts(framework, person.id, group, person.department, merged, aims),
            framework=framework,
        )
    return found


def cohort_bases(
    lib: Library,
    framework_id: str,
    version: str | None,
    *,
    session: Session,
    person_ids: Sequence[int] | None = None,
) -> dict[int, Basis]:
    """Each person's basis (by person id): their latest complete self assessment."""
    rows = pairs_repo.latest_complete_self(
        session=session, framework_id=framework_id, version=version, person_ids=person_ids
    )
    return {basis.person.id: basis for basis in bases_of(lib, rows, session=session).values()}


def assessment_bases(
    lib: Library, ids: Iterable[int | None], *, session: Session
) -> dict[int, Basis]:
    wanted = [i for i in ids if i is not None]
    rows = pairs_repo.assessments_with_people(wanted, session=session)
    return bases_of(lib, rows, session=session)
