"""Training advice: the few training areas that close a person's largest gaps.

This is the suggestion rule of framework format 2. It replaced a ranking by the sum of
gaps over every area, which listed every area touching any gap and let many small gaps
outrank one that matters.

The rule:

* A behaviour's **gap** is how many scale *steps* (positions on the scale, not value
  differences) its level is below its target, times its importance for the person's
  group. Not applicable, unanswered and at-or-above-target behaviours have none, and a
  behaviour not asked of the group is not considered at all.
* Areas are chosen **one at a time**. Each time, every remaining area allowed for the
  group is scored by the largest gap among its behaviours not covered by an area already
  chosen, then by the sum of those gaps, then by its place in the file (earlier first).
  The best is chosen and its behaviours count as covered. Choosing stops when no
  uncovered gap is left that an area could cover, or when ``limit`` areas are chosen.
* Areas linked to a gap but not chosen are listed apart (:attr:`TrainingAdvice.also_relevant`)
  with their behaviours; gaps no chosen area covers are listed too
  (:attr:`TrainingAdvice.uncovered`).
* Only the activities allowed for the group are shown.
* When nothing rated is below target, up to two **stretch** areas are offered by the same
  rule against the top level of the scale, flagged as such.

Why greedy and by the largest gap: a plan has room for a few areas, and the first one
should address what is furthest from target; once chosen, its behaviours no longer argue
for other areas, so the next choice goes to a different need instead of repeating it.
Because a lower gap only ever makes the areas containing that behaviour less attractive,
raising one level never brings in a suggestion for that behaviour, and the outcome
depends only on the answers, the targets and the order of the file (never on ids or on
the order answers arrive in).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ppf_app.core.errors import UserError
from ppf_app.domain.answers import Answers
from ppf_app.domain.framework import Activity, Framework, TrainingArea
from ppf_app.domain.results import BehaviourResult, behaviour_results

MIN_LIMIT = 1
MAX_LIMIT = 6
DEFAULT_LIMIT = 3
#: Most stretch areas offered when nothing is below target.
MAX_STRETCH = 2

#: How a reason names a behaviour's importance for the person's group.
IMPORTANCE_WORDS = {2: "important", 3: "essential"}

#: Longest behaviour text quoted in a reason.
_QUOTE_LENGTH = 80


@dataclass(frozen=True)
class BehaviourGap:
    """One behaviour below its target (or, for stretch advice, below the top level).

    ``steps`` counts scale positions below the target; ``gap`` weighs them by the
    behaviour's importance for the group, and is what the rule compares.
    """

    behaviour_id: str
    number: str
    text: str
    value_id: str
    position: int
    level: int
    target: int
    level_label: str
    target_label: str
    steps: int
    importance: int

    @property
    def gap(self) -> int:
        return self.steps * self.importance


def _order(gaps: Iterable[BehaviourGap]) -> tuple[BehaviourGap, ...]:
    """Largest gap first, then file order."""
    return tuple(sorted(gaps, key=lambda g: (-g.gap, g.position)))


def _score(gaps: tuple[BehaviourGap, ...], position: int) -> tuple[int, int, int]:
    """The rule's key, smaller first: largest gap, then sum of gaps, then file order."""
    return (-max(g.gap for g in gaps), -sum(g.gap for g in gaps), position)


@dataclass(frozen=True)
class AdvisedArea:
    """A chosen training area.

    Attributes:
        area: the framework's training area.
        position: its place among the framework's training areas (file order).
        behaviours: the gaps it was chosen for (not covered by an earlier choice),
            largest first.
        activities: its activities offered to the person's group, in file order.
        stretch: chosen against the top of the scale, because nothing is below target.
        reason: one or two plain sentences saying why it is suggested.
    """

    area: TrainingArea
    position: int
    behaviours: tuple[BehaviourGap, ...]
    activities: tuple[Activity, ...]
    stretch: bool
    reason: str

    @property
    def area_id(self) -> str:
        return self.area.id

    @property
    def title(self) -> str:
        return self.area.title

    @property
    def activity_texts(self) -> tuple[str, ...]:
        return tuple(activity.text for activity in self.activities)

    @property
    def largest_gap(self) -> int:
        return self.behaviours[0].gap

    @property
    def total_gap(self) -> int:
        return sum(b.gap for b in self.behaviours)


@dataclass(frozen=True)
class RelatedArea:
    """A training area linked to some gaps but not chosen, with all those gaps."""

    area: TrainingArea
    position: int
    behaviours: tuple[BehaviourGap, ...]
    activities: tuple[Activity, ...]

    @property
    def area_id(self) -> str:
        return self.area.id

    @property
    def title(self) -> str:
        return self.area.title


@dataclass(frozen=True)
class TrainingAdvice:
    """What to suggest for one assessment.

    Attributes:
        suggestions: the chosen areas, in the order chosen.
        also_relevant: areas linked to a gap but not chosen, best first by the same key.
        uncovered: gaps that no chosen area covers (no area addresses them, or the limit
            was reached), largest first.
        gaps: every gap considered, largest first.
        stretch: the suggestions are stretch areas (nothing rated is below target).
        not_applicable_count: behaviours answered "not applicable" (never a gap).
    """

    suggestions: tuple[AdvisedArea, ...]
    also_relevant: tuple[RelatedArea, ...]
    uncovered: tuple[BehaviourGap, ...]
    gaps: tuple[BehaviourGap, ...]
    stretch: bool
    not_applicable_count: int

    @property
    def area_ids(self) -> tuple[str, ...]:
        return tuple(s.area_id for s in self.suggestions)


def _short(text: str) -> str:
    """A behaviour's text, cut at a word when long, for quoting in a sentence."""
    text = " ".join(text.split())
    if len(text) <= _QUOTE_LENGTH:
        return text
    cut = text[: _QUOTE_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"


def _gap(framework: Framework, result: BehaviourResult, target: int) -> BehaviourGap | None:
    """The behaviour's gap against ``target``, or None when it has none."""
    if result.level is None or result.level_step is None:
        return None
    steps = framework.scale_positions[target] - result.level_step
    if steps <= 0:
        return None
    return BehaviourGap(
        behaviour_id=result.behaviour_id,
        number=result.number,
        text=result.text,
        value_id=result.value_id,
        position=result.position,
        level=result.level,
        target=target,
        level_label=framework.scale_label(result.level),
        target_label=framework.scale_label(target),
        steps=steps,
        importance=result.importance,
    )


def _reason(area: tuple[BehaviourGap, ...], stretch: bool, largest_overall: bool) -> str:
    top = area[0]
    quoted = f"“{_short(top.text)}”"
    if stretch:
        sentence = (
            f"Everything you rated is at or above target. To stretch: {quoted} is "
            f"{top.level_label}; the top of the scale is {top.target_label}."
        )
        others = "below the top of the scale"
    else:
        lead = "Your largest gap" if largest_overall else "The largest gap it addresses"
        sentence = f"{lead}: {quoted} is {top.level_label} against a target of {top.target_label}."
        others = "below target"
    if top.importance in IMPORTANCE_WORDS:
        sentence = sentence[:-1] + f", and your group counts it {IMPORTANCE_WORDS[top.importance]}."
    more = len(area) - 1
    if more:
        noun = "behaviour" if more == 1 else "behaviours"
        sentence += f" It also covers {more} more {noun} {others}."
    return sentence


def _choose(
    members: list[tuple[int, TrainingArea, tuple[BehaviourGap, ...]]], limit: int
) -> list[tuple[int, TrainingArea, tuple[BehaviourGap, ...]]]:
    """The rule's choices: ``(position, area, gaps it covers)`` in the order chosen."""
    chosen: list[tuple[int, TrainingArea, tuple[BehaviourGap, ...]]] = []
    covered: set[str] = set()
    remaining = list(members)
    while len(chosen) < limit:
        best: tuple[tuple[int, int, int], int] | None = None
        best_gaps: tuple[BehaviourGap, ...] = ()
        for index, (position, _, gaps) in enumerate(remaining):
            open_gaps = tuple(g for g in gaps if g.behaviour_id not in covered)
            if not open_gaps:
                continue
            key = _score(open_gaps, position)
            if best is None or key < best[0]:
                best, best_gaps = (key, index), open_gaps
        if best is None:
            break
        position, area, _ = remaining.pop(best[1])
        chosen.append((position, area, _order(best_gaps)))
        covered.update(g.behaviour_id for g in best_gaps)
    return chosen


def check_limit(limit: int) -> None:
    """Refuse a number of suggestions outside 1 to 6.

    Raises:
        UserError: naming the number given.
    """
    if isinstance(limit, bool) or not isinstance(limit, int) or not MIN_LIMIT <= limit <= MAX_LIMIT:
        raise UserError(
            f"the number of suggested training areas must be {MIN_LIMIT} to {MAX_LIMIT}; "
            f"got {limit!r}"
        )


def advise_training(
    framework: Framework,
    answers: Answers,
    group_id: str | None,
    *,
    limit: int = DEFAULT_LIMIT,
) -> TrainingAdvice:
    """The training areas to suggest for one assessment, by the rule of this module.

    Args:
        framework: the framework the assessment was made with.
        answers: behaviour id -> level or :data:`~ppf_app.domain.answers.NOT_APPLICABLE`;
            missing or ``None`` means not yet answered.
        group_id: the professional group the assessment was made for: it chooses the
            behaviours asked, the targets, the importance, and the areas and activities
            that may be suggested.
        limit: at most how many areas to choose, 1 to 6 (stretch advice: at most 2).

    Raises:
        UserError: an answer names an unknown behaviour, a level off the scale or "not
            applicable" where it is not offered; or ``limit`` is outside 1 to 6.
    """
    check_limit(limit)
    results = behaviour_results(framework, answers, group_id)
    not_applicable = sum(1 for r in results if r.not_applicable)
    by_target = [_gap(framework, r, r.target) for r in results if r.target_step is not None]
    gaps = [g for g in by_target if g is not None]
    stretch = not gaps
    if stretch:
        top = framework.scale_values[-1]
        gaps = [g for g in (_gap(framework, r, top) for r in results) if g is not None]
        limit = min(limit, MAX_STRETCH)
    by_id = {g.behaviour_id: g for g in gaps}
    members: list[tuple[int, TrainingArea, tuple[BehaviourGap, ...]]] = []
    for position, area in enumerate(framework.training_areas):
        if not area.is_for(group_id):
            continue
        linked = tuple(
            by_id[r.behaviour_id]
            for r in results
            if r.behaviour_id in by_id
            and area.id in framework.behaviour_index[r.behaviour_id][1].training_areas
        )
        if linked:
            members.append((position, area, linked))
    chosen = _choose(members, limit)
    largest = max((g.gap for g in gaps), default=0)
    suggestions = tuple(
        AdvisedArea(
            area=area,
            position=position,
            behaviours=covered,
            activities=area.activities_for(group_id),
            stretch=stretch,
            reason=_reason(covered, stretch, rank == 0 and covered[0].gap == largest),
        )
        for rank, (position, area, covered) in enumerate(chosen)
    )
    if stretch:
        return TrainingAdvice(suggestions, (), (), _order(gaps), True, not_applicable)
    chosen_positions = {position for position, _, _ in chosen}
    related = sorted(
        (
            (_score(linked, position), position, area, linked)
            for position, area, linked in members
            if position not in chosen_positions
        ),
        key=lambda item: item[0],
    )
    covered_ids = {g.behaviour_id for s in suggestions for g in s.behaviours}
    return TrainingAdvice(
        suggestions=suggestions,
        also_relevant=tuple(
            RelatedArea(area, position, _order(linked), area.activities_for(group_id))
            for _, position, area, linked in related
        ),
        uncovered=_order(g for g in gaps if g.behaviour_id not in covered_ids),
        gaps=_order(gaps),
        stretch=False,
        not_applicable_count=not_applicable,
    )
