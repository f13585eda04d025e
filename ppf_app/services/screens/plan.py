"""The plan screen: suggested training areas, each with the objective it proposes, the
plan's objectives with the activities that fit them, and the review date."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ppf_app.domain.activities import activities_for_behaviours
from ppf_app.domain.numbering import behaviour_numbers
from ppf_app.domain.suggestions import suggest_training
from ppf_app.services import assessments, people, plans
from ppf_app.services.lookups import require_assessment, require_person
from ppf_app.services.plan_views import ObjectiveInput, PlanView
from ppf_app.services.unit import unit
from ppf_app.services.views import AssessmentView, PersonView

if TYPE_CHECKING:
    from ppf_app.services.library import Library


@dataclass(frozen=True)
class SuggestionLine:
    """A suggested training area, why, what to do, and the objective it proposes."""

    area_id: str
    title: str
    reason: str
    activities: tuple[str, ...]
    proposal: ObjectiveInput


@dataclass(frozen=True)
class PlanScreen:
    assessment: AssessmentView
    person: PersonView
    plan: PlanView
    suggestions: tuple[SuggestionLine, ...]
    behaviour_choices: tuple[tuple[str, str], ...]
    """``(behaviour id, "1.2 text")`` for every behaviour an objective can link."""
    activities: dict[str, tuple[str, ...]]
    """Objective uid -> the activities of the areas its linked behaviours belong to."""


def plan_screen(lib: Library, assessment_id: int) -> PlanScreen:
    """Everything the plan screen shows for one assessment.

    Raises:
        NotFound: no such assessment.
    """
    with unit(lib) as work:
        session = work.session
        row = require_assessment(assessment_id, session=session)
        person = people.person_view(require_person(row.person_id, session=session))
        framework = assessments.framework_by_key(
            lib, row.framework_id, row.framework_version, session=session
        )
        saved = assessments.ratings_of(assessment_id, session=session)
        view = assessments.assessment_view(
            row, framework, sum(1 for r in saved.values() if r.level is not None)
        )
        plan = plans.plan_of(assessment_id, session=session)
    levels = {behaviour_id: rating.level for behaviour_id, rating in saved.items()}
    labels = {level.value: level.label for level in framework.scale}
    numbers = behaviour_numbers(framework)
    return PlanScreen(
        assessment=view,
        person=person,
        plan=plan,
        suggestions=tuple(
            SuggestionLine(
                area_id=suggestion.area_id,
                title=suggestion.title,
                reason=suggestion.reason(labels),
                activities=suggestion.activities,
                proposal=plans.proposed_objective(suggestion),
            )
            for suggestion in suggest_training(framework, levels, person.professional_group)
        ),
        behaviour_choices=tuple(
            (behaviour.id, f"{numbers[behaviour.id]} {behaviour.text}")
            for _, behaviour in framework.behaviours()
        ),
        activities={
            objective.uid: activities_for_behaviours(framework, objective.behaviour_ids)
            for objective in plan.objectives
        },
    )


def activities_for(
    lib: Library, assessment_id: int, behaviour_ids: tuple[str, ...]
) -> tuple[str, ...]:
    """The activities offered for an objective linking ``behaviour_ids`` (after an edit)."""
    with unit(lib) as work:
        row = require_assessment(assessment_id, session=work.session)
        framework = assessments.framework_by_key(
            lib, row.framework_id, row.framework_version, session=work.session
        )
    return activities_for_behaviours(framework, behaviour_ids)
