"""An assessment's results: each behaviour against its target, value averages, and the
strengths and development areas drawn from them.

The app's results page and the development-plan PDF both draw their charts and lists
from :func:`assessment_results`, so what a person sees on screen and on paper are the
same numbers.

Unrated behaviours (no level, or absent from the ratings) are "not yet rated": they
have a target but no gap, they are left out of value averages, strengths and
development areas, and they are listed in :attr:`AssessmentResults.unrated`.

Framework format 2 adds three things, and the results follow its contract:

* An answer of :data:`~ppf_app.domain.answers.NOT_APPLICABLE` is never a gap, never part
  of an average and never a strength; such behaviours are counted apart
  (:attr:`AssessmentResults.not_applicable`). Their ``level`` is ``None``, so a caller
  that knows only levels treats them as having none.
* A behaviour not asked of the person's group (``for_groups``) is left out entirely.
* Development areas are ranked by the gap in scale steps times the behaviour's importance
  for the group, so an essential behaviour one step short outranks a useful one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ppf_app.core.errors import UserError
from ppf_app.domain.answers import NOT_APPLICABLE, Answer, NotApplicable, is_level
from ppf_app.domain.framework import Framework

Ratings = Mapping[str, Answer]
"""Behaviour id -> level on the framework's scale, :data:`NOT_APPLICABLE`, or ``None``
(not yet rated)."""

DEFAULT_HIGHLIGHTS = 5
"""How many strengths and development areas a summary shows by default."""


@dataclass(frozen=True)
class BehaviourResult:
    """One behaviour's level against the person's target.

    ``gap`` is target minus level: positive below target, zero at target, negative above
    it; ``None`` when the behaviour is not yet rated or not applicable.

    ``position`` is the behaviour's place among all the framework's behaviours (file
    order); ``number`` is how the app shows it (``"1.2"``). ``level_step`` and
    ``target_step`` are positions on the scale (0 for the lowest level), so that gaps can
    be counted in steps whatever values the scale uses.
    """

    value_id: str
    behaviour_id: str
    text: str
    position: int
    level: int | None
    target: int
    not_applicable: bool = False
    importance: int = 1
    number: str = ""
    level_step: int | None = None
    target_step: int | None = None

    @property
    def rated(self) -> bool:
        """Whether the behaviour has a level (not "not applicable", not unanswered)."""
        return self.level is not None

    @property
    def answered(self) -> bool:
        """Whether the behaviour has an answer: a level or "not applicable"."""
        return self.level is not None or self.not_applicable

    @property
    def answer(self) -> Answer:
        return NOT_APPLICABLE if self.not_applicable else self.level

    @property
    def steps_below(self) -> int:
        """Scale steps below target (0 at or above it, unrated, or not applicable)."""
        if self.level_step is None or self.target_step is None:
            return self.shortfall
        return max(self.target_step - self.level_step, 0)

    @property
    def weighted_gap(self) -> int:
        """:attr:`steps_below` times the behaviour's importance for the group."""
        return self.steps_below * self.importance

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
    """A value's mean level (rated behaviours only) against its target.

    ``target`` is the value's target as a level of the scale (what the framework sets for
    the value and the group); ``mean_target`` is the mean of its behaviours' targets, for
    charts that plot a value against its behaviours. ``behaviour_count`` counts the
    behaviours asked of the group; ``not_applicable_count`` those answered "not
    applicable" (they are in neither average).
    """

    value_id: str
    title: str
    mean_level: float | None
    mean_target: float
    rated_count: int
    behaviour_count: int
    target: int | None = None
    not_applicable_count: int = 0


@dataclass(frozen=True)
class AssessmentResults:
    behaviours: tuple[BehaviourResult, ...]
    values: tuple[ValueResult, ...]
    strengths: tuple[BehaviourResult, ...]
    development_areas: tuple[BehaviourResult, ...]
    unrated: tuple[BehaviourResult, ...]
    scale_min: int
    scale_max: int
    not_applicable: tuple[BehaviourResult, ...] = ()
    """Behaviours answered "not applicable", in file order."""

    @property
    def rated_count(self) -> int:
        return sum(1 for b in self.behaviours if b.rated)

    @property
    def not_applicable_count(self) -> int:
        return len(self.not_applicable)

    @property
    def answered_count(self) -> int:
        """Behaviours with a level or "not applicable": how far the assessment has got."""
        return self.rated_count + self.not_applicable_count


def check_ratings(framework: Framework, ratings: Ratings) -> None:
    """Refuse ratings for behaviours the framework lacks, levels off its scale, and "not
    applicable" where the behaviour does not offer it.

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
        elif level is NOT_APPLICABLE:
            if not framework.allows_not_applicable(behaviour_id):
                problems.append(
                    f"rating for {behaviour_id!r}: 'not applicable' is not an answer this "
                    "behaviour offers; give a level of the scale"
                )
        elif level is not None and (not is_level(level) or level not in scale):
            allowed = ", ".join(str(v) for v in framework.scale_values)
            problems.append(
                f"rating for {behaviour_id!r}: level {level} is not on the scale ({allowed})"
            )
    if problems:
        raise UserError(problems)


def _level(answer: Answer) -> int | None:
    return answer if is_level(answer) else None


def behaviour_results(
    framework: Framework, ratings: Ratings, group_id: str | None
) -> tuple[BehaviourResult, ...]:
    """The behaviours asked of ``group_id``, in file order, with their answers and targets.

    A rating of a behaviour not asked of the group (the person changed group, say) is
    ignored rather than refused: it is not part of these results.
    """
    check_ratings(framework, ratings)
    positions = framework.scale_positions
    numbers = framework.behaviour_numbers
    found = []
    for position, (value, behaviour) in enumerate(framework.behaviours()):
        if not behaviour.is_for(group_id):
            continue
        answer = ratings.get(behaviour.id)
        level = _level(answer)
        target = framework.target_for(behaviour.id, group_id)
        found.append(
            BehaviourResult(
                value_id=value.id,
                behaviour_id=behaviour.id,
                text=behaviour.text,
                position=position,
                level=level,
                target=target,
                not_applicable=isinstance(answer, NotApplicable),
                importance=framework.importance_for(behaviour.id, group_id),
                number=numbers[behaviour.id],
                level_step=positions.get(level) if level is not None else None,
                target_step=positions.get(target),
            )
        )
    return tuple(found)


def _value_results(
    framework: Framework, behaviours: tuple[BehaviourResult, ...], group_id: str | None
) -> tuple[ValueResult, ...]:
    """One result per value with at least one behaviour asked of the group."""
    out = []
    for value in framework.values:
        mine = [b for b in behaviours if b.value_id == value.id]
        if not mine:
            continue
        levels = [b.level for b in mine if b.level is not None]
        out.append(
            ValueResult(
                value_id=value.id,
                title=value.title,
                mean_level=sum(levels) / len(levels) if levels else None,
                mean_target=sum(b.target for b in mine) / len(mine),
                rated_count=len(levels),
                behaviour_count=len(mine),
                target=framework.value_target_for(value.id, group_id),
                not_applicable_count=sum(1 for b in mine if b.not_applicable),
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
    """Rated behaviours below target, the largest gap (scale steps times importance)
    first (ties: file order)."""
    candidates = [b for b in behaviours if b.shortfall > 0]
    candidates.sort(key=lambda b: (-b.weighted_gap, b.position))
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
        ratings: behaviour id -> level or :data:`NOT_APPLICABLE`; missing or ``None``
            means not yet rated.
        group_id: the person's professional group: it chooses the behaviours asked, the
            targets and the importance of each behaviour.
        limit: how many strengths and development areas to keep.

    Raises:
        UserError: a rating names an unknown behaviour, a level off the scale, or "not
            applicable" where the behaviour does not offer it.
    """
    behaviours = behaviour_results(framework, ratings, group_id)
    return AssessmentResults(
        behaviours=behaviours,
        values=_value_results(framework, behaviours, group_id),
        strengths=strengths(behaviours, limit),
        development_areas=development_areas(behaviours, limit),
        unrated=tuple(b for b in behaviours if not b.answered),
        scale_min=framework.scale_values[0],
        scale_max=framework.scale_values[-1],
        not_applicable=tuple(b for b in behaviours if b.not_applicable),
    )
