"""An answer to one behaviour: a level of the scale, "not applicable", or nothing yet.

Framework format 2 lets a framework offer an answer that is not a level (the board
Leadership Competency Framework's "No chance to demonstrate"). It must never be mistaken
for a level: it is no gap, no part of an average and no strength. So it is a sentinel of
its own, :data:`NOT_APPLICABLE`, that a ratings mapping holds beside integer levels and
``None`` (not yet answered), rather than a magic number that arithmetic would accept.

The sentinel is an enum member so that type checkers narrow on ``answer is
NOT_APPLICABLE`` and so that it pickles and compares as a singleton.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import TypeGuard


class NotApplicable(enum.Enum):
    """The type of :data:`NOT_APPLICABLE`; it has exactly one member."""

    NOT_APPLICABLE = "n/a"

    def __repr__(self) -> str:
        return "NOT_APPLICABLE"

    def __str__(self) -> str:
        return "not applicable"


NOT_APPLICABLE = NotApplicable.NOT_APPLICABLE
"""The answer "this behaviour does not apply to me" (the framework's ``[not_applicable]``)."""

Answer = int | NotApplicable | None
"""A level of the scale, :data:`NOT_APPLICABLE`, or ``None`` (not yet answered)."""

Answers = Mapping[str, Answer]
"""Behaviour id -> answer. A behaviour absent from the mapping is not yet answered."""

#: What a portable file or CSV writes for :data:`NOT_APPLICABLE`.
NOT_APPLICABLE_TEXT = "n/a"

#: Texts read as :data:`NOT_APPLICABLE` (compared case-insensitively), besides the
#: framework's own label for it.
NOT_APPLICABLE_SPELLINGS = frozenset({"n/a", "na", "not applicable", "not-applicable"})


def is_level(answer: Answer) -> TypeGuard[int]:
    """True for an answer that is a level of the scale (an ``int``, never a bool)."""
    return isinstance(answer, int) and not isinstance(answer, bool)


def is_not_applicable(answer: object) -> bool:
    return answer is NOT_APPLICABLE


def to_portable(answer: Answer) -> int | str | None:
    """The answer as JSON can hold it: the level, ``"n/a"`` or ``None``."""
    return NOT_APPLICABLE_TEXT if answer is NOT_APPLICABLE else answer


def from_portable(value: object) -> Answer:
    """The inverse of :func:`to_portable`.

    Raises:
        ValueError: ``value`` is neither an integer, ``"n/a"`` nor ``None``.
    """
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().casefold() in NOT_APPLICABLE_SPELLINGS:
        return NOT_APPLICABLE
    raise ValueError(f"{value!r} is not a level, 'n/a' or empty")
