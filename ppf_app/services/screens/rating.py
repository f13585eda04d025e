"""The rating screen: one assessment's framework, its saved answers and whose it is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ppf_app.domain.framework import Framework
from ppf_app.domain.numbering import behaviour_numbers
from ppf_app.services import assessments, people
from ppf_app.services.lookups import require_assessment, require_person
from ppf_app.services.screens.common import LevelChoice, level_choices
from ppf_app.services.unit import unit
from ppf_app.services.views import AssessmentView, PersonView, RatingView

if TYPE_CHECKING:
    from ppf_app.services.library import Library


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
            row, framework, sum(1 for r in saved.values() if r.level is not None)
        )
    return RatingScreen(
        assessment=view,
        person=person,
        framework=framework,
        levels=level_choices(framework),
        numbers=behaviour_numbers(framework),
        ratings=saved,
    )
