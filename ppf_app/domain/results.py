"""An assessment's results: each behaviour against its target, value averages, and the
strengths and development areas drawn from them.

The app's results page and the development-plan PDF both draw their charts and lists
from :func:`assessment_results`, so what a person sees on screen and on paper are the
same numbers.

Unrated behaviours (no level, or absent from the ratings) are "not yet rated": they
have a target but no gap, they are left out of value averages, strengths and
development areas, and they are listed in :attr:`AssessmentResults.unrated`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ppf_app.core.errors import UserError
from ppf_app.domain.framework import Framework

Ratings = Mapping[str, int | None]
"""Behaviour id -> level on the framework's scale (``None``: not yet rated)."""

DEFAULT_HIGHLIGHTS = 5
"""How many strengths and development areas a summary shows by default."""


@dataclass(frozen=True)
class BehaviourResult:
    """One behaviour's level against the person's target.

    ``gap`` is target minus level: positive below target, zero at target, negative above
    it; ``None`` when the behaviour is not yet rated.
    """

    value_id: str
    behaviour_id: str
    text: str
    position: int
    level: int | None
    target: int

    @property
    def rated(self) -> bool:
        return self.level is not None

    @property
    def gap(self) -> int | None:
        return None if self.level is None else self.target - self.level

    @property
    def shortfall(self) -> int:
        """How many levels below target (0 when at or above target, or not rated)."""
        gap = self.gap
        return gap if gap is not None and gap > 0 else 0


@dataclass(frozen=True)
class ValueResult:
    """A value's mean level (rated behaviours only) against its mean target."""

    value_id: str
    title: str
    mean_level: float | None
    mean_target: float
    rated_count: int
    behaviour_count: int


@dataclass(frozen=True)
class AssessmentResults:
    behaviours: tuple[BehaviourResult, ...]
    values: tuple[ValueResult, ...]
    strengths: tuple[BehaviourResult, ...]
    development_areas: tuple[BehaviourResult, ...]
    unrated: tuple[BehaviourResult, ...]
    scale_min: int
    scale_max: int

    @property
    def rated_count(self) -> int:
        return sum(1 for b in self.behaviours if b.rated)


def check_ratings(framework: Framework, ratings: Ratings) -> None:
    """Refuse ratings for behaviours the framework lacks or levels off its scale.

    Raises:
        UserError: with one line per problem.
    """
    scale = set(framework.scale_values)
    problems: list[str] = []
    for behaviour_id, level in ratings.items():
        if behaviour_id not in framework.behaviour_index:
            problems.append(
                f"rating for {behaviour_id!r}: framework {framework.id} {framework.version} "
                "has no such behaviour"
            )
        elif level is not None and level not in scale:
            allowed = ", ".join(str(v) for v in framework.scale_values)
            problems.append(
                f"rating for {behaviour_id!r}: level {level} is not on the scale ({allowed})"
            )
    if problems:
        raise UserError(problems)


def behaviour_results(
    framework: Framework, ratings: Ratings, group_id: str | None
) -> tuple[BehaviourResult, ...]:
    """Every behaviour of the framework, in file order, with its level and target."""
    check_ratings(framework, ratings)
    return tuple(
        BehaviourResult(
            value_id=value.id,
            behaviour_id=behaviour.id,
            text=behaviour.text,
            position=position,
            level=ratings.get(behaviour.id),
            target=framework.target_for(behaviour.id, group_id),
        )
        for position, (value, behaviour) in enumerate(framework.behaviours())
    )


def _value_results(
    framework: Framework, behaviours: tuple[BehaviourResult, ...]
) -> tuple[ValueResult, ...]:
    out = []
    for value in framework.values:
        mine = [b for b in behaviours if b.value_id == value.id]
        levels = [b.level for b in mine if b.level is not None]
        out.append(
            ValueResult(
                value_id=value.id,
                title=value.title,
                mean_level=sum(levels) / len(levels) if levels else None,
                mean_target=sum(b.target for b in mine) / len(mine),
                rated_count=len(levels),
                behaviour_count=len(mine),
            )
        )
    return tuple(out)


def strengths(
    behaviours: tuple[BehaviourResult, ...], limit: int = DEFAULT_HIGHLIGHTS
) -> tuple[BehaviourResult, ...]:
    """Rated behaviours at or above target, furthest above first (ties: file order)."""
    candidates = [b for b in behaviours if b.gap is not None and b.gap <= 0]
    candidates.sort(key=lambda b: (b.gap, b.position))
    return tuple(candidates[:limit])


def development_areas(
    behaviours: tuple[BehaviourResult, ...], limit: int = DEFAULT_HIGHLIGHTS
) -> tuple[BehaviourResult, ...]:
    """Rated behaviours below target, furthest below first (ties: file order)."""
    candidates = [b for b in behaviours if b.shortfall > 0]
    candidates.sort(key=lambda b: (-b.shortfall, b.position))
    return tuple(candidates[:limit])


def assessment_results(
    framework: Framework,
    ratings: Ratings,
    group_id: str | None,
    limit: int = DEFAULT_HIGHLIGHTS,
) -> AssessmentResults:
    """The results of one assessment for a person of professional group ``group_id``.

    Args:
        framework: the framework the assessment was made with.
        ratings: behaviour id -> level; missing or ``None`` means not yet rated.
        group_id: the person's professional group (targets follow format 1's rules).
        limit: how many strengths and development areas to keep.

    Raises:
        UserError: a rating names an unknown behaviour or a level off the scale.
    """
    behaviours = behaviour_results(framework, ratings, group_id)
    return AssessmentResults(
        behaviours=behaviours,
        values=_value_results(framework, behaviours),
        strengths=strengths(behaviours, limit),
        development_areas=development_areas(behaviours, limit),
        unrated=tuple(b for b in behaviours if not b.rated),
        scale_min=framework.scale_values[0],
        scale_max=framework.scale_values[-1],
    )
