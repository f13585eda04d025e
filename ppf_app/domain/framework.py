"""A framework of values and behaviours, as described by framework file format 1.

These models are the validated, in-memory form of a framework file. They are strict:
unknown keys are refused and types are not coerced, so a typo in a file is reported
instead of silently dropping content. Cross-references (unique ids, training-area
references, targets on the scale) are checked by :mod:`ppf_app.domain.framework_loader`,
which reports every problem with its location.

TOML arrays arrive as lists and a strict tuple field refuses lists, so every tuple field
says ``strict=False``; its items stay strict (``StrictStr``, ``StrictInt``, models).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


FRAMEWORK_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"


class FrameworkInfo(_Strict):
    id: StrictStr = Field(pattern=FRAMEWORK_ID_PATTERN)
    version: StrictStr = Field(min_length=1)
    title: StrictStr = Field(min_length=1)
    publisher: StrictStr | None = None
    description: StrictStr | None = None
    licence: StrictStr | None = None


class ScaleLevel(_Strict):
    value: StrictInt
    label: StrictStr = Field(min_length=1)
    description: StrictStr | None = None


class TrainingArea(_Strict):
    id: StrictStr = Field(min_length=1)
    title: StrictStr = Field(min_length=1)
    description: StrictStr | None = None
    activities: tuple[StrictStr, ...] = Field(default=(), strict=False)


class Group(_Strict):
    id: StrictStr = Field(min_length=1)
    title: StrictStr = Field(min_length=1)
    default_target: StrictInt
    targets: dict[StrictStr, StrictInt] = Field(default_factory=dict)


class Behaviour(_Strict):
    id: StrictStr = Field(min_length=1)
    text: StrictStr = Field(min_length=1)
    training_areas: tuple[StrictStr, ...] = Field(default=(), strict=False)


class Value(_Strict):
    id: StrictStr = Field(min_length=1)
    title: StrictStr = Field(min_length=1)
    description: StrictStr | None = None
    behaviours: tuple[Behaviour, ...] = Field(min_length=1, strict=False)


class Framework(_Strict):
    """A whole framework file (format 1)."""

    format: StrictInt
    framework: FrameworkInfo
    scale: tuple[ScaleLevel, ...] = Field(min_length=2, max_length=10, strict=False)
    training_areas: tuple[TrainingArea, ...] = Field(default=(), strict=False)
    groups: tuple[Group, ...] = Field(default=(), strict=False)
    values: tuple[Value, ...] = Field(min_length=1, strict=False)

    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, ignored_types=(cached_property,)
    )

    # -- convenience -----------------------------------------------------------------

    @property
    def id(self) -> str:
        return self.framework.id

    @property
    def version(self) -> str:
        return self.framework.version

    @property
    def title(self) -> str:
        return self.framework.title

    @property
    def key(self) -> tuple[str, str]:
        """``(id, version)``: what an assessment keeps to find its framework again."""
        return (self.framework.id, self.framework.version)

    def behaviours(self) -> Iterator[tuple[Value, Behaviour]]:
        """Every behaviour with its value, in file order."""
        for value in self.values:
            for behaviour in value.behaviours:
                yield value, behaviour

    @cached_property
    def behaviour_index(self) -> dict[str, tuple[Value, Behaviour]]:
        return {b.id: (v, b) for v, b in self.behaviours()}

    @cached_property
    def training_area_index(self) -> dict[str, TrainingArea]:
        return {t.id: t for t in self.training_areas}

    @property
    def behaviour_count(self) -> int:
        return sum(len(v.behaviours) for v in self.values)

    @property
    def scale_values(self) -> tuple[int, ...]:
        return tuple(level.value for level in self.scale)

    def scale_label(self, level: int) -> str:
        for item in self.scale:
            if item.value == level:
                return item.label
        raise KeyError(level)

    def group(self, group_id: str) -> Group | None:
        for group in self.groups:
            if group.id == group_id:
                return group
        return None

    def target_for(self, behaviour_id: str, group_id: str | None) -> int:
        """The target level for a behaviour and professional group (format 1 rules).

        The group's own target for the behaviour, else its target for the behaviour's
        value, else the group's ``default_target``. A group the framework does not know
        (or a framework without groups) targets the second-highest scale level.
        """
        value, _ = self.behaviour_index[behaviour_id]
        group = self.group(group_id) if group_id else None
        if group is None:
            return self.scale_values[-2]
        if behaviour_id in group.targets:
            return group.targets[behaviour_id]
        if value.id in group.targets:
            return group.targets[value.id]
        return group.default_target
