"""A person's history of assessments: which one came before, and what changed since.

The results page, the plan PDF and the command line all compare an assessment with "the
previous one"; the rule for which one that is, and how a change is counted, lives here
once.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol, TypeVar


class Dated(Protocol):
    """What the rule needs to know of an assessment."""

    @property
    def id(self) -> int: ...
    @property
    def framework_id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def assessed_on(self) -> date: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def is_complete(self) -> bool: ...


A = TypeVar("A", bound=Dated)


def previous_assessment(
    current: A, others: Iterable[A], *, framework_ids: Collection[str] = ()
) -> A | None:
    """The assessment ``current`` is compared with, or None.

    The latest one made before it (by date, then by when it was created) of the same
    kind, on the same framework or on one of ``framework_ids`` (those it supersedes).
    A complete one is preferred to a draft.
    """
    accepted = {current.framework_id, *framework_ids}
    earlier = [
        other
        for other in others
        if other.id != current.id
        and other.framework_id in accepted
        and other.kind == current.kind
        and (other.assessed_on, other.created_at) < (current.assessed_on, current.created_at)
    ]
    complete = [other for other in earlier if other.is_complete] or earlier
    return max(complete, key=lambda other: (other.assessed_on, other.created_at), default=None)


@dataclass(frozen=True)
class ChangeCount:
    """How many behaviours rated in both assessments moved up or down since."""

    higher: int
    lower: int
    same: int


def count_changes(
    now: Mapping[str, int | None], before: Mapping[str, float | int | None]
) -> ChangeCount:
    """Compare levels by behaviour; a behaviour missing or unrated in either is left out.

    ``before`` may hold a mean of several old levels (a behaviour compared through a
    crosswalk), hence floats.
    """
    higher = lower = same = 0
    for behaviour_id, level in now.items():
        old = before.get(behaviour_id)
        if not isinstance(level, int) or isinstance(level, bool) or old is None:
            continue
        if not isinstance(old, int | float) or isinstance(old, bool):
            continue
        if level > old:
            higher += 1
        elif level < old:
            lower += 1
        else:
            same += 1
    return ChangeCount(higher=higher, lower=lower, same=same)
