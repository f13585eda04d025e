"""The plan screen: suggested training areas (widest gaps first, each with why, the
activities offered to the person's group and the objective it proposes), the areas also
relevant and the gaps no suggestion covers, the plan's objectives with the activities
that fit them, and the review date."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ppf_app.domain.activities import activities_for_behaviours
from ppf_app.domain.advice import BehaviourGap, advise_training
from ppf_app.services import appraisal, assessments, people, plans, preferences
from ppf_app.services.appraisal import AppraisalView
from ppf_app.services.lookups import require_assessment, require_person
from ppf_app.services.plan_views import ObjectiveInput, PlanView
from ppf_app.services.unit import unit
from ppf_app.services.views import AssessmentView, PersonView
from ppf_app.storage.repositories import appraisal as appraisal_repo

if TYPE_CHECKING:
    from ppf_app.services.library import Library


@dataclass(frozen=True)
class GapLine:
    """A behaviour below its target (or below the top of the scale, for stretch)."""

    behaviour_id: str
    number: str
    text: str
    level_label: str
    target_label: str

    @classmethod
    def of(cls, gap: BehaviourGap) -> GapLine:
        return cls(gap.behaviour_id, gap.number, gap.text, gap.level_label, gap.target_label)


@dataclass(frozen=True)
class SuggestionLine:
    """A suggested training area, why, what to do, and the objective it proposes."""

    area_id: str
    title: str
    reason: str
    activities: tuple[str, ...]
    proposal: ObjectiveInput
    behaviours: tuple[GapLine, ...] = ()
    """The gaps it was chosen for, largest first."""
    stretch: bool = False
    """Chosen against the top of the scale: nothing rated is below target."""


@dataclass(frozen=True)
class RelatedLine:
    """An area linked to some gaps but not chosen ("also relevant")."""

    area_id: str
    title: str
    behaviours: tuple[GapLine, ...]


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
    also_relevant: tuple[RelatedLine, ...] = ()
    uncovered: tuple[GapLine, ...] = ()
    """Gaps no suggested area covers (no area has them, or the limit was reached)."""
    stretch: bool = False
    """Nothing rated is below target: the suggestions are stretch areas."""
    limit: int = 3
    """How many areas a plan suggests at most (the library's preference)."""
    not_applicable: int = 0
    """Behaviours answered "not applicable": never a gap, so never a suggestion."""


def plan_screen(lib: Library, assessment_id: int) -> PlanScreen:
    """Everything the plan screen shows for one assessment.

    Raises:
        NotFound: no such assessment.
    """
    limit = preferences.suggested_areas(lib)
    with unit(lib) as work:
        session = work.session
        owner_id, record = appraisal.plan_owner(lib, assessment_id)
        row = require_assessment(owner_id, session=session)
        person = people.person_view(require_person(row.person_id, session=session))
        framework = assessments.framework_by_key(
            lib, row.framework_id, row.framework_version, session=session
        )
        saved = assessments.answers_of(owner_id, session=session)
        view = assessments.assessment_view(row, framework, len(saved))
        plan = plans.plan_of(owner_id, session=session)
        read_only = appraisal_repo.is_frozen(owner_id, session=session)
        if record is not None:
            own = assessments.answers_of(record.self_assessment.id, session=session)
            answers = plans.plan_answers(own, saved)
        else:
            answers = plans.plan_answers(saved, None)
    group = view.group_id or person.professional_group
    advice = advise_training(framework, answers, group or None, limit=limit)
    proposals = plans.proposed_objectives(
        framework, advice, assessed_on=view.assessed_on, review_date=plan.review_date
    )
    numbers = framework.behaviour_numbers
    return PlanScreen(
        assessment=view,
        person=person,
        plan=plan,
        appraisal=record,
        read_only=read_only,
        suggestions=tuple(
            SuggestionLine(
                area_id=area.area_id,
                title=area.title,
                reason=area.reason,
                activities=area.activity_texts,
                proposal=proposal,
                behaviours=tuple(GapLine.of(gap) for gap in area.behaviours),
                stretch=area.stretch,
            )
            for area, proposal in zip(advice.suggestions, proposals, strict=True)
        ),
        also_relevant=tuple(
            RelatedLine(
                area_id=area.area_id,
                title=area.title,
                behaviours=tuple(GapLine.of(gap) for gap in area.behaviours),
            )
            for area in advice.also_relevant
        ),
        uncovered=tuple(GapLine.of(gap) for gap in advice.uncovered),
        stretch=advice.stretch,
        limit=limit,
        not_applicable=advice.not_applicable_count,
        behaviour_choices=tuple(
            (behaviour.id, f"{numbers[behaviour.id]} {behaviour.text}")
            for behaviour in framework.behaviours_for(group or None)
        ),
        activities={
            objective.uid: activities_for_behaviours(framework, objective.behaviour_ids, group)
            for objective in plan.objectives
        },
    )


def activities_for(
    lib: Library, assessment_id: int, behaviour_ids: tuple[str, ...]
) -> tuple[str, ...]:
    """The activities offered for an objective linking ``behaviour_ids`` (after an edit),
    as far as they are offered to the assessment's group."""
    with unit(lib) as work:
        row = require_assessment(assessment_id, session=work.session)
        person = require_person(row.person_id, session=work.session)
        framework = assessments.framework_by_key(
            lib, row.framework_id, row.framework_version, session=work.session
        )
    return activities_for_behaviours(
        framework, behaviour_ids, row.group_id or person.professional_group
    )
