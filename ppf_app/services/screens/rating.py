"""The rating screen: one assessment's framework, its saved answers and whose it is."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ppf_app.domain.framework import Behaviour, Framework, Value
from ppf_app.domain.numbering import behaviour_numbers
from ppf_app.domain.records import AssessmentKind
from ppf_app.services import appraisal, assessments, people
from ppf_app.services.appraisal import AppraisalView
from ppf_app.services.lookups import require_assessment, require_person
from ppf_app.services.screens.common import LevelChoice, level_choices
from ppf_app.services.unit import unit
from ppf_app.services.views import AssessmentView, PersonView, RatingView
from ppf_app.storage.repositories import appraisal as appraisal_repo

if TYPE_CHECKING:
    from ppf_app.services.library import Library


@dataclass(frozen=True)
class PromptLine:
    """A question the person answers in words, and their answer so far."""

    prompt_id: str
    text: str
    answer: str


@dataclass(frozen=True)
class RatingScreen:
    assessment: AssessmentView
    person: PersonView
    framework: Framework
    levels: tuple[LevelChoice, ...]
    numbers: dict[str, str]
    """Behaviour id -> its number as shown (``1.2``)."""
    ratings: dict[str, RatingView]
    """The saved answers by behaviour id (never answered: absent)."""
    read_only: bool = False
    """It belongs to a signed appraisal: shown, never changed (a new version is the way on)."""
    appraisal: AppraisalView | None = None
    """The appraisal it belongs to, if any."""
    self_ratings: dict[str, RatingView] = field(default_factory=dict)
    """For the appraiser's ratings: the person's own, shown beside each behaviour."""
    group_title: str = ""
    """The group the assessment is made for, as the framework names it."""
    prompts: tuple[PromptLine, ...] = ()
    """The questions answered in words, asked after the values."""

    @property
    def group_id(self) -> str:
        return self.assessment.group_id

    def values(self) -> tuple[tuple[Value, tuple[Behaviour, ...]], ...]:
        """Each value with the behaviours asked of the assessment's group, in order."""
        return self.framework.values_for(self.group_id or None)

    def levels_for(self, behaviour_id: str) -> tuple[LevelChoice, ...]:
        """The scale as this behaviour shows it: each level with what the behaviour looks
        like there (its own descriptor, else the scale's description)."""
        return tuple(
            LevelChoice(
                level.value,
                level.label,
                self.framework.level_descriptor(behaviour_id, level.value) or "",
            )
            for level in self.levels
        )

    def not_applicable_for(self, behaviour_id: str) -> str:
        """The framework's words for "not applicable" when this behaviour offers it."""
        if not self.framework.allows_not_applicable(behaviour_id):
            return ""
        return self.framework.not_applicable_label or ""

    @property
    def not_applicable_hint(self) -> str:
        answer = self.framework.not_applicable
        return (answer.description or "") if answer is not None else ""

    @property
    def as_appraiser(self) -> bool:
        return self.assessment.kind == AssessmentKind.APPRAISER


def rating_screen(lib: Library, assessment_id: int) -> RatingScreen:
    """Everything the rating screen shows for one assessment.

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
            row, framework, sum(1 for r in saved.values() if r.answered)
        )
        held = appraisal_repo.holding(assessment_id, session=session)
        record = appraisal.appraisal_view(lib, held[0], session=session) if held else None
        read_only = any(item.signed_at is not None for item in held)
        own: dict[str, RatingView] = {}
        if record is not None and row.kind == AssessmentKind.APPRAISER:
            own = assessments.ratings_of(record.self_assessment.id, session=session)
        answered = assessments.prompt_answers_of(assessment_id, session=session)
    group = framework.group(row.group_id) if row.group_id else None
    prompts = tuple(
        PromptLine(prompt.id, prompt.text, answered.get(prompt.id, ""))
        for prompt in framework.prompts_for(row.group_id or None)
    )
    return RatingScreen(
        assessment=view,
        person=person,
        framework=framework,
        levels=level_choices(framework),
        numbers=behaviour_numbers(framework),
        ratings=saved,
        read_only=read_only,
        appraisal=record,
        self_ratings=own,
        group_title=group.title if group is not None else "",
        prompts=prompts,
    )
