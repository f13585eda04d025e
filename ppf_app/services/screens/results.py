"""The results screen: value averages against targets, strengths, development areas, and
what changed since the previous assessment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ppf_app.domain import crosswalk
from ppf_app.domain.answers import Answer, is_level
from ppf_app.domain.framework import Framework
from ppf_app.domain.history import ChangeCount, count_changes, previous_assessment
from ppf_app.domain.records import AssessmentKind
from ppf_app.domain.results import (
    AssessmentResults,
    BehaviourResult,
    ValueResult,
    assessment_results,
)
from ppf_app.services import appraisal, assessments, people
from ppf_app.services.appraisal import AppraisalView
from ppf_app.services.lookups import require_assessment, require_person
from ppf_app.services.unit import unit
from ppf_app.services.views import AssessmentView, PersonView
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
    """The mean level in the previous assessment, when there is one (on this framework's
    scale, through the crosswalk when that assessment was on the framework this one
    supersedes)."""
    not_applicable: int = 0
    """Behaviours of the value answered "not applicable" (in no average)."""


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
    """The assessment these results are compared with (see ``domain.history``): on the
    same framework, or on the one this framework supersedes."""
    change: ChangeCount | None
    """Behaviours rated higher or lower since ``previous``."""
    appraisal: AppraisalView | None = None
    """The (newest) appraisal the assessment belongs to."""
    group_id: str = ""
    """The group the results are for: the assessment's own, else the person's."""
    previous_framework_title: str = ""
    """The framework of ``previous`` when it is not this assessment's framework."""
    not_applicable_label: str = ""
    """What the framework calls its "not applicable" answer (empty: it offers none)."""

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
        answers = assessments.answers_of(assessment_id, session=session)
        held = appraisal_repo.holding(assessment_id, session=session)
        record = appraisal.appraisal_view(lib, held[0], session=session) if held else None
        superseded = framework.superseded_key
        previous = previous_assessment(
            view, history, framework_ids=(superseded[0],) if superseded else ()
        )
        previous_framework: Framework | None = None
        before: dict[str, Answer] = {}
        if previous is not None:
            previous_framework = assessments.framework_by_key(
                lib, previous.framework_id, previous.framework_version, session=session
            )
            before = assessments.answers_of(previous.id, session=session)
    group = view.group_id or person.professional_group
    results = assessment_results(framework, answers, group)
    means: dict[str, float] = {}
    change: ChangeCount | None = None
    if previous_framework is not None:
        earlier = crosswalk.earlier_levels(framework, previous_framework, before)
        means = crosswalk.earlier_value_levels(framework, group, earlier)
        asked = {b.behaviour_id for b in results.behaviours}
        change = count_changes(
            {b: a for b, a in answers.items() if is_level(a) and b in asked},
            {b: e.level for b, e in earlier.items()},
        )
    numbers = framework.behaviour_numbers
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
                not_applicable=value.not_applicable_count,
            )
            for number, value in _numbered(framework, results)
        ),
        strengths=_lines(framework, numbers, results.strengths),
        development_areas=_lines(framework, numbers, results.development_areas),
        previous=previous,
        change=change,
        appraisal=record,
        group_id=group,
        not_applicable_label=framework.not_applicable_label or "",
        previous_framework_title=(
            f"{previous_framework.title} {previous_framework.version}"
            if previous_framework is not None and previous_framework.key != framework.key
            else ""
        ),
    )


def _numbered(framework: Framework, results: AssessmentResults) -> list[tuple[int, ValueResult]]:
    """Each value result with the value's number in the framework (values a group is not
    asked keep the numbers the framework gives the others)."""
    numbers = {value.id: n for n, value in enumerate(framework.values, start=1)}
    return [(numbers[value.value_id], value) for value in results.values]


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
