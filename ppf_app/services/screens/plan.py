"""The plan screen: suggested training areas, each with the objective it proposes, the
plan's objectives with the activities that fit them, and the review date."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ppf_app.domain.activities import activities_for_behaviours
from ppf_app.domain.appraisal import plan_levels
from ppf_app.domain.numbering import behaviour_numbers
from ppf_app.domain.suggestions import suggest_training
from ppf_app.services import appraisal, assessments, people, plans
from ppf_app.services.appraisal import AppraisalView
from ppf_app.services.lookups import require_assessment, require_person
from ppf_app.services.plan_views import ObjectiveInput, PlanView
from ppf_app.services.unit import unit
from ppf_app.services.views import AssessmentView, PersonView
from ppf_app.storage.repositories import appraisal as appraisal_repo

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
    """The assessment whose plan this is (an appraisal's: its agreed assessment)."""
    person: PersonView
    plan: PlanView
    appraisal: AppraisalView | None
    """The appraisal the plan was agreed in, when it is an appraisal's plan."""
    suggestions: tuple[SuggestionLine, ...]
    behaviour_choices: tuple[tuple[str, str], ...]
    """``(behaviour id, "1.2 text")`` for every behaviour an objective can link."""
    activities: dict[str, tuple[str, ...]]
    """Objective uid -> the activities of the areas its linked behaviours belong to."""
    read_only: bool = False
    """The plan belongs to a signed appraisal: shown, never changed."""


def plan_screen(lib: Library, assessment_id: int) -> PlanScreen:
    """Everything the plan screen shows for one assessment.

    Raises:
        NotFound: no such assessment.
    """
    with unit(lib) as work:
        session = work.session
        owner_id, record = appraisal.plan_owner(lib, assessment_id)
        row = require_assessment(owner_id, session=session)
        person = people.person_view(require_person(row.person_id, session=session))
        framework = assessments.framework_by_key(
            lib, row.framework_id, row.framework_version, session=session
        )
        saved = assessments.ratings_of(owner_id, session=session)
        view = assessments.assessment_view(
            row, framework, sum(1 for r in saved.values() if r.level is not None)
        )
        plan = plans.plan_of(owner_id, session=session)
        read_only = appraisal_repo.is_frozen(owner_id, session=session)
        if record is not None:
            # Suggestions follow the agreed levels where agreed, the person's own elsewhere.
            own = assessments.ratings_of(record.self_assessment.id, session=session)
            levels = plan_levels(
                {b: r.level for b, r in own.items()}, {b: r.level for b, r in saved.items()}
            )
        else:
            levels = {b: r.level for b, r in saved.items()}
    labels = {level.value: level.label for level in framework.scale}
    numbers = behaviour_numbers(framework)
    return PlanScreen(
        assessment=view,
        person=person,
        plan=plan,
        appraisal=record,
        read_only=read_only,
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
