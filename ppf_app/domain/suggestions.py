"""Suggested training areas: the framework's training areas ranked by the gaps of the
behaviours they address.

Superseded by :func:`ppf_app.domain.advice.advise_training` (framework format 2's rule);
kept until every caller has moved. It follows format 2 only as far as leaving out
behaviours and training areas not meant for the person's group.

Rules (they hold for any framework in format 1):

* A behaviour's gap is its target (format 1 rules, for the person's professional group)
  minus its level. Only behaviours *below* target count towards a suggestion.
* Unrated behaviours are "not yet rated": they create no gap, so they never cause a
  suggestion (the results list them separately).
* An area is suggested only when at least one of its behaviours is below target.
* Areas are ranked by, in order: the sum of their behaviours' gaps (larger first); the
  sum of the squared gaps (larger first: a few wide gaps outrank many narrow ones of the
  same total); the number of behaviours below target (more first); the area's position in
  the framework file; its id.

Every score in the ranking key is a *sum over behaviours*. That is what makes the ranking
monotone: raising one rating takes the same amount off the score of every area that
addresses that behaviour and leaves the others alone, so no area overtakes another by
it, and an area can only move down (or out of) the list. A key with a maximum in it
(say "widest gap") would break this: two areas sharing the raised behaviour could swap.
"""

from __future__ import annotations

from dataclasses import dataclass

from ppf_app.domain.framework import Framework, TrainingArea
from ppf_app.domain.results import BehaviourResult, Ratings, behaviour_results


@dataclass(frozen=True)
class Suggestion:
    """A training area worth pursuing, with the behaviours below target it addresses."""

    area: TrainingArea
    position: int
    behaviours: tuple[BehaviourResult, ...]
    """The area's behaviours below target, widest gap first (ties: file order)."""

    @property
    def area_id(self) -> str:
        return self.area.id

    @property
    def title(self) -> str:
        return self.area.title

    @property
    def activities(self) -> tuple[str, ...]:
        return self.area.activities

    @property
    def total_gap(self) -> int:
        return sum(b.shortfall for b in self.behaviours)

    @property
    def squared_gap(self) -> int:
        return sum(b.shortfall**2 for b in self.behaviours)

    @property
    def below_count(self) -> int:
        return len(self.behaviours)

    def rank_key(self) -> tuple[int, int, int, int, str]:
        """Sort key: smaller sorts first (see the module's docstring)."""
        return (-self.total_gap, -self.squared_gap, -self.below_count, self.position, self.area.id)

    def reason(self, level_label: dict[int, str] | None = None) -> str:
        """One sentence saying why the area is suggested.

        Args:
            level_label: scale value -> label, to name levels instead of numbering them.
        """

        def name(level: int) -> str:
            return level_label.get(level, str(level)) if level_label else str(level)

        count = self.below_count
        noun = "behaviour" if count == 1 else "behaviours"
        levels = "level" if self.total_gap == 1 else "levels"
        parts = [
            f"“{b.text}” ({name(b.level)} against a target of {name(b.target)}: "
            f"{b.shortfall} below)"
            for b in self.behaviours
            if b.level is not None
        ]
        return (
            f"{count} {noun} below target, {self.total_gap} {levels} in all: "
            + "; ".join(parts)
            + "."
        )


def suggest_training(
    framework: Framework, ratings: Ratings, group_id: str | None
) -> tuple[Suggestion, ...]:
    """The training areas to suggest for an assessment, best first.

    Args:
        framework: the framework the assessment was made with.
        ratings: behaviour id -> level; missing or ``None`` means not yet rated.
        group_id: the person's professional group id (unknown: format 1's fallback target).

    Raises:
        UserError: a rating names an unknown behaviour or a level off the scale.
    """
    results = behaviour_results(framework, ratings, group_id)
    below: dict[str, list[BehaviourResult]] = {}
    for result in results:
        if result.shortfall == 0:
            continue
        _, behaviour = framework.behaviour_index[result.behaviour_id]
        for area_id in dict.fromkeys(behaviour.training_areas):
            below.setdefault(area_id, []).append(result)
    suggestions = [
        Suggestion(
            area=area,
            position=position,
            behaviours=tuple(sorted(below[area.id], key=lambda r: (-r.shortfall, r.position))),
        )
        for position, area in enumerate(framework.training_areas)
        if area.id in below and area.is_for(group_id)
    ]
    suggestions.sort(key=Suggestion.rank_key)
    return tuple(suggestions)
