"""Pieces several screens share: whose record it is, the framework and its labels."""

from __future__ import annotations

from dataclasses import dataclass

from ppf_app.domain.framework import Framework


@dataclass(frozen=True)
class LevelChoice:
    """A level of the framework's scale, as a choice a person makes."""

    value: int
    label: str
    description: str


def level_choices(framework: Framework) -> tuple[LevelChoice, ...]:
    return tuple(
        LevelChoice(level.value, level.label, level.description or "") for level in framework.scale
    )


def group_title(framework: Framework, group_id: str) -> str:
    """A professional group's title in ``framework`` (its id when the framework lacks it)."""
    group = framework.group(group_id)
    return group.title if group is not None else group_id
