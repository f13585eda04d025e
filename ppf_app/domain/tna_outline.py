"""What the training-needs analysis needs to know of one framework version, as plain data.

The analysis is computed in two places that must agree to the last figure: here in
Python (:mod:`ppf_app.domain.tna`, over a local library or for an admin on a server) and
inside the PostgreSQL server for a lead, who may read no person's row (the ``ppf_tna``
function of :mod:`ppf_app.storage.server_access`). Both start from a :class:`TnaOutline`:
the columns (values, then training areas, in file order), the scale, where each
behaviour counts, and each group's target (in scale steps) and importance for every
behaviour it is asked. The server keeps the outline as JSON (:meth:`TnaOutline.as_json`),
recorded by an admin's program, so a lead can neither choose nor change what is counted.

A person's answers become :class:`~ppf_app.domain.cohort.PersonFacts` by
:meth:`TnaOutline.person_facts`, the same rules the server applies: a behaviour counts when
the framework asks it of the assessment's group and it was answered with a level of the
scale; its gap is the steps below the group's target times the group's importance.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ppf_app.domain.cohort import Answer, BehaviourPlace, FrameworkOutline, Heading, PersonFacts
from ppf_app.domain.framework import Framework

#: Raised when the outline's shape or rules change; the server's copies are then replaced.
OUTLINE_FORMAT = 1

#: The key of :attr:`TnaOutline.aims` for an assessment made for no group, or for a group
#: the framework does not name (its fallback targets; importance 1).
OTHER_GROUPS = ""

#: The segment of people whose assessment was made for no group (breakdown by group).
NO_GROUP = "(no group)"


@dataclass(frozen=True)
class TnaOutline:
    """One framework version as the training-needs analysis reads it.

    Attributes:
        framework_id, version, title: the framework.
        scale: the scale's values, lowest first (a level's step is its index).
        values, training_areas: the columns, in file order.
        places: each behaviour's value and training areas, in file order.
        aims: group id (:data:`OTHER_GROUPS` for any other) -> behaviour id ->
            ``(target step, importance)``, for the behaviours asked of that group.
    """

    framework_id: str
    version: str
    title: str
    scale: tuple[int, ...]
    values: tuple[Heading, ...]
    training_areas: tuple[Heading, ...]
    places: tuple[BehaviourPlace, ...]
    aims: Mapping[str, Mapping[str, tuple[int, int]]]
    #: The answers made so far by (aims' group, behaviour, level): an answer is a small
    #: frozen record, and thousands of people give the same few.
    _made: dict[tuple[str, str, int], Answer | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def from_framework(cls, framework: Framework) -> TnaOutline:
        steps = framework.scale_positions
        groups: list[str | None] = [group.id for group in framework.groups]
        groups.append(None)
        aims = {
            OTHER_GROUPS if group is None else group: {
                behaviour.id: (
                    steps[framework.target_for(behaviour.id, group)],
                    framework.importance_for(behaviour.id, group),
                )
                for behaviour in framework.behaviours_for(group)
            }
            for group in groups
        }
        outline = FrameworkOutline.from_framework(framework)
        return cls(
            framework_id=framework.id,
            version=framework.version,
            title=framework.title,
            scale=framework.scale_values,
            values=outline.values,
            training_areas=outline.training_areas,
            places=outline.behaviours,
            aims=aims,
        )

    @property
    def framework_outline(self) -> FrameworkOutline:
        """The outline :func:`ppf_app.domain.tna.training_needs` takes."""
        return FrameworkOutline(
            values=self.values, training_areas=self.training_areas, behaviours=self.places
        )

    @property
    def key(self) -> tuple[str, str]:
        return (self.framework_id, self.version)

    def person_facts(
        self, person_id: int, group_id: str, department: str, levels: Mapping[str, int]
    ) -> PersonFacts:
        """A person's facts from their chosen assessment.

        Args:
            group_id: the group the assessment was made for ("" for none).
            department: the person's department ("" when not recorded).
            levels: behaviour id -> level, for the behaviours answered on the scale
                (never "not applicable"); others (not asked of the group, off the scale,
                not in this framework) are left out.
        """
        key = group_id if group_id in self.aims else OTHER_GROUPS
        made = self._made
        answers = []
        for place in self.places:
            level = levels.get(place.behaviour_id)
            if level is None:
                continue
            cache_key = (key, place.behaviour_id, level)
            if cache_key in made:
                found = made[cache_key]
            else:
                found = made[cache_key] = self._answer(key, place.behaviour_id, level)
            if found is not None:
                answers.append(found)
        return PersonFacts(
            person_id=person_id,
            group=group_id or NO_GROUP,
            department=department or None,
            answers=tuple(answers),
        )

    def _answer(self, key: str, behaviour_id: str, level: int) -> Answer | None:
        """The answer of a level given to a behaviour by a group (None: not counted)."""
        aim = self.aims[key].get(behaviour_id)
        if aim is None or level not in self.scale:
            return None
        target, importance = aim
        return Answer.from_steps(behaviour_id, self.scale.index(level), target, importance)

    # -- as the server keeps it -----------------------------------------------------

    def as_json(self) -> str:
        """The outline as the server keeps it (and its ``ppf_tna`` function reads it)."""
        columns = [*self.values, *self.training_areas]
        index = {("value", h.id): i for i, h in enumerate(self.values)} | {
            ("training_area", h.id): len(self.values) + i for i, h in enumerate(self.training_areas)
        }
        data = {
            "format": OUTLINE_FORMAT,
            "framework": {"id": self.framework_id, "version": self.version, "title": self.title},
            "scale": list(self.scale),
            "columns": [
                {
                    "kind": "value" if i < len(self.values) else "training_area",
                    "id": h.id,
                    "title": h.title,
                }
                for i, h in enumerate(columns)
            ],
            "behaviours": {
                p.behaviour_id: [
                    index[("value", p.value_id)],
                    *(index[("training_area", t)] for t in p.training_areas),
                ]
                for p in self.places
            },
            "places": [[p.behaviour_id, p.value_id, list(p.training_areas)] for p in self.places],
            "aims": {
                group: {b: list(aim) for b, aim in aims.items()}
                for group, aims in self.aims.items()
            },
        }
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | Mapping[str, Any]) -> TnaOutline:
        """The inverse of :meth:`as_json`.

        Raises:
            ValueError: not an outline of :data:`OUTLINE_FORMAT`.
        """
        data = json.loads(text) if isinstance(text, str) else text
        if not isinstance(data, Mapping) or data.get("format") != OUTLINE_FORMAT:
            raise ValueError("not a training-needs outline of this version")
        columns = data["columns"]
        values = tuple(Heading(c["id"], c["title"]) for c in columns if c["kind"] == "value")
        areas = tuple(Heading(c["id"], c["title"]) for c in columns if c["kind"] != "value")
        framework = data["framework"]
        return cls(
            framework_id=str(framework["id"]),
            version=str(framework["version"]),
            title=str(framework["title"]),
            scale=tuple(int(v) for v in data["scale"]),
            values=values,
            training_areas=areas,
            places=tuple(
                BehaviourPlace(str(b), str(v), tuple(str(t) for t in ts))
                for b, v, ts in data["places"]
            ),
            aims={
                str(group): {str(b): (int(aim[0]), int(aim[1])) for b, aim in aims.items()}
                for group, aims in data["aims"].items()
            },
        )
