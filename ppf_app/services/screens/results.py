"""The results screen: value averages against targets, strengths, development areas, and
what changed since the previous assessment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ppf_app.domain.framework import Framework
from ppf_app.domain.history import ChangeCount, count_changes, previous_assessment
from ppf_app.domain.numbering import behaviour_numbers
from ppf_app.domain.records import AssessmentKind
from ppf_app.domain.results import AssessmentResults, BehaviourResult, assessment_results
from ppf_app.services import appraisal, assessments, people
from ppf_app.services.appraisal import AppraisalView
from ppf_app.services.lookups import require_assessment, require_person
from ppf_app.services.unit import unit
from ppf_app.services.views import AssessmentView, PersonView, RatingView
from ppf_app.storage.repositories import appraisal as appraisal_repo

if TYPE_CHECKING:
    from ppf_app.services.library import Library


@dataclass(frozen=True)
class ValueLine:
    """One value: its mean level (rated behaviours only) against its mean target."""

    number: int
    title: str
    mean_level: float | None
    mean_target: float
    rated: int
    total: int
    previous: float | None
    """The mean level in the previous assessment, when there is one."""


@dataclass(frozen=True)
class BehaviourLine:
    """A behaviour named in a list of strengths or development areas."""

    behaviour_id: str
    number: str
    text: str
    level_label: str
    target_label: str


@dataclass(frozen=True)
class ResultsScreen:
    assessment: AssessmentView
    person: PersonView
    results: AssessmentResults
    values: tuple[ValueLine, ...]
    strengths: tuple[BehaviourLine, ...]
    development_areas: tuple[BehaviourLine, ...]
    previous: AssessmentView | None
    """The assessment these results are compared with (see ``domain.history``)."""
    change: ChangeCount | None
    """Behaviours rated higher or lower since ``previous``."""
    appraisal: AppraisalView | None = None
    """The (newest) appraisal the assessment belongs to."""

    @property
    def can_hold_meeting(self) -> bool:
        """An appraisal is held on a self assessment."""
        return self.assessment.kind == AssessmentKind.SELF

    @property
    def read_only(self) -> bool:
        """It belongs to a signed appraisal: its ratings cannot change."""
        return self.appraisal is not None and self.appraisal.signed


def results_screen(lib: Library, assessment_id: int) -> ResultsScreen:
    """Everything the results screen shows for one assessment.

    Raises:
        NotFound: no such assessment.
    """
    with unit(lib) as work:
        session = work.session
        row = require_assessment(assessment_id, session=session)
        person = people.person_view(require_person(row.person_id, session=session))
        history = assessments.person_assessments(lib, person.id, session=session)
        view = next(a for a in history if a.id == assessment_id)
        framework = assessments.framework_by_key(
            lib, view.framework_id, view.framework_version, session=session
        )
        levels = _levels(assessments.ratings_of(assessment_id, session=session))
        held = appraisal_repo.holding(assessment_id, session=session)
        record = appraisal.appraisal_view(lib, held[0], session=session) if held else None
        previous = previous_assessment(view, history)
        before: dict[str, int | None] = {}
        previous_framework: Framework | None = None
        if previous is not None:
            previous_framework = assessments.framework_by_key(
                lib, previous.framework_id, previous.framework_version, session=session
            )
            before = _levels(assessments.ratings_of(previous.id, session=session))
    group = person.professional_group
    results = assessment_results(framework, levels, group)
    previous_results = (
        assessment_results(previous_framework, before, group)
        if previous_framework is not None
        else None
    )
    means = {v.value_id: v.mean_level for v in previous_results.values} if previous_results else {}
    numbers = behaviour_numbers(framework)
    return ResultsScreen(
        assessment=view,
        person=person,
        results=results,
        values=tuple(
            ValueLine(
                number=number,
                title=value.title,
                mean_level=value.mean_level,
                mean_target=value.mean_target,
                rated=value.rated_count,
                total=value.behaviour_count,
                previous=means.get(value.value_id),
            )
            for number, value in enumerate(results.values, start=1)
        ),
        strengths=_lines(framework, numbers, results.strengths),
        development_areas=_lines(framework, numbers, results.development_areas),
        previous=previous,
        change=count_changes(levels, before) if previous is not None else None,
        appraisal=record,
    )


def _levels(ratings: dict[str, RatingView]) -> dict[str, int | None]:
    return {behaviour_id: rating.level for behaviour_id, rating in ratings.items()}


def _lines(
    framework: Framework, numbers: dict[str, str], items: tuple[BehaviourResult, ...]
) -> tuple[BehaviourLine, ...]:
    return tuple(
        BehaviourLine(
            behaviour_id=item.behaviour_id,
            number=numbers[item.behaviour_id],
            text=item.text,
            level_label=framework.scale_label(item.level) if item.level is not None else "",
            target_label=framework.scale_label(item.target),
        )
        for item in items
    )
