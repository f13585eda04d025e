"""What the analyses over many people (training needs, learning pairs) need to know.

The training-needs analysis (:mod:`ppf_app.domain.tna`) and the learning-pair proposals
(:mod:`ppf_app.domain.pairing`) work on small frozen records that the services fill from
each person's chosen assessment, rather than on frameworks, ratings and storage rows. That
keeps them fast (5,000 people in a fraction of a second), independent of how a framework
file words its targets and importance, and unable to see anything they must not
aggregate: the records hold numbers and ids only, never evidence or notes (free text is
never aggregated).

Gaps are counted in **scale steps**, not in scale values: on a scale of values 1, 3, 5
a level of 1 against a target of 5 is two steps short. A behaviour's **weighted gap** is
its shortfall in steps times its importance for the person's group (1 where the
framework gives no importance), the framework format 2 definition of a gap.

What the services put in, per person (:class:`PersonFacts`):

* ``person_id``, ``group`` (the framework group the assessment was made for) and
  ``department`` (``None`` when unknown);
* one :class:`Answer` per behaviour the person was asked and answered on the scale. A
  behaviour not asked of the person's group, answered "not applicable", or not rated is
  left out: it has neither a gap nor a strength.

And once per framework (:class:`FrameworkOutline`): its values and training areas in file
order with their titles, and for each behaviour its value and training areas.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ppf_app.domain.framework import Framework


@dataclass(frozen=True, slots=True)
class Answer:
    """One behaviour a person was asked and answered on the scale.

    Attributes:
        behaviour_id: the framework's behaviour id.
        shortfall: scale steps below the person's target (0 at or above it).
        margin: scale steps above the target (0 at or below it). At most one of
            ``shortfall`` and ``margin`` is non-zero.
        importance: the behaviour's importance for the person's group (format 2: 1 to
            3); 1 where the framework gives none.
    """

    behaviour_id: str
    shortfall: int
    margin: int
    importance: int = 1

    def __post_init__(self) -> None:
        if self.shortfall < 0 or self.margin < 0:
            raise ValueError(f"{self.behaviour_id}: shortfall and margin are never negative")
        if self.shortfall and self.margin:
            raise ValueError(f"{self.behaviour_id}: both below and above target")
        if self.importance < 1:
            raise ValueError(f"{self.behaviour_id}: importance is at least 1")

    @classmethod
    def from_steps(
        cls, behaviour_id: str, level_step: int, target_step: int, importance: int = 1
    ) -> Answer:
        """An answer from the positions (0 = lowest) of the level and target on the scale."""
        return cls(
            behaviour_id=behaviour_id,
            shortfall=max(0, target_step - level_step),
            margin=max(0, level_step - target_step),
            importance=importance,
        )

    @classmethod
    def from_levels(
        cls,
        behaviour_id: str,
        level: int,
        target: int,
        scale: Sequence[int],
        importance: int = 1,
    ) -> Answer:
        """An answer from a level and target given as scale values.

        Args:
            scale: the framework's scale values, lowest first (``Framework.scale_values``);
                ``level`` and ``target`` must be on it.

        Raises:
            ValueError: ``level`` or ``target`` is not on the scale.
        """
        steps = {value: step for step, value in enumerate(scale)}
        if level not in steps or target not in steps:
            raise ValueError(f"{behaviour_id}: level {level} or target {target} off the scale")
        return cls.from_steps(behaviour_id, steps[level], steps[target], importance)

    @property
    def gap(self) -> int:
        """The weighted gap: ``shortfall * importance`` (0 at or above target)."""
        return self.shortfall * self.importance


@dataclass(frozen=True)
class PersonFacts:
    """One person's answers on the assessment an analysis uses.

    Attributes:
        person_id: the person's id in the library.
        group: the framework group id the assessment was made for (``clinician``...).
        department: the person's department, ``None`` when not recorded.
        answers: one per behaviour asked and answered on the scale (see the module
            docstring); at most one per behaviour id. Framework order is expected: a
            pair's explanation lists behaviours in this order when their scores tie.
    """

    person_id: int
    group: str
    department: str | None
    answers: tuple[Answer, ...]

    def __post_init__(self) -> None:
        ids = [a.behaviour_id for a in self.answers]
        if len(set(ids)) != len(ids):
            raise ValueError(f"person {self.person_id}: a behaviour answered twice")

    @cached_property
    def by_behaviour(self) -> dict[str, Answer]:
        """Answers by behaviour id."""
        return {a.behaviour_id: a for a in self.answers}


@dataclass(frozen=True)
class Heading:
    """A value or training area as a table or chart names it."""

    id: str
    title: str


@dataclass(frozen=True)
class BehaviourPlace:
    """Where a behaviour sits: its value and the training areas it addresses."""

    behaviour_id: str
    value_id: str
    training_areas: tuple[str, ...] = ()


@dataclass(frozen=True)
class FrameworkOutline:
    """The parts of a framework the aggregate analyses need, in file order.

    Build it with :meth:`from_framework`, or by hand in tests.
    """

    values: tuple[Heading, ...]
    training_areas: tuple[Heading, ...]
    behaviours: tuple[BehaviourPlace, ...]
    _index: dict[str, BehaviourPlace] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {b.behaviour_id: b for b in self.behaviours}
        if len(index) != len(self.behaviours):
            raise ValueError("a behaviour id appears twice in the outline")
        values = {v.id for v in self.values}
        areas = {t.id for t in self.training_areas}
        for place in self.behaviours:
            if place.value_id not in values:
                raise ValueError(f"{place.behaviour_id}: unknown value {place.value_id}")
            unknown = [t for t in place.training_areas if t not in areas]
            if unknown:
                raise ValueError(f"{place.behaviour_id}: unknown training areas {unknown}")
        object.__setattr__(self, "_index", index)

    @classmethod
    def from_framework(cls, framework: Framework) -> FrameworkOutline:
        """The outline of a loaded framework (values, training areas, behaviours)."""
        return cls(
            values=tuple(Heading(v.id, v.title) for v in framework.values),
            training_areas=tuple(Heading(t.id, t.title) for t in framework.training_areas),
            behaviours=tuple(
                BehaviourPlace(b.id, v.id, tuple(b.training_areas))
                for v, b in framework.behaviours()
            ),
        )

    def place(self, behaviour_id: str) -> BehaviourPlace:
        """The behaviour's place.

        Raises:
            KeyError: the framework has no such behaviour.
        """
        return self._index[behaviour_id]

    def __contains__(self, behaviour_id: object) -> bool:
        return behaviour_id in self._index
