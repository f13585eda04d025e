"""Statistical disclosure control for figures about groups of people.

A lead sees appraisal results only as aggregates, and an aggregate of a handful of
people can be traced back to them ("the two managers in Pharmacy both need..."). NHS
statistics practice answers this with small-number suppression and rounding; every
table this product publishes about several people goes through this module.

The rules:

* **Minimum group.** A cell (a segment's figures for one value or training area) with
  fewer people than the minimum, but at least one, is hidden: its people, with-need
  count and mean gap all show as ``*``. The minimum is 5 by default and may be raised,
  never lowered (:func:`check_min_group`).
* **Zero.** A cell with nobody in it identifies nobody, so it is shown as 0 (with no mean
  gap) and takes no part in suppression.
* **Secondary suppression.** Where the table also shows the total (the ``all`` segment),
  a hidden cell could be worked out by subtracting the shown cells from it. So while the
  hidden cells of a table are exactly one, or together hold fewer people than the
  minimum, the smallest cell still shown is hidden too (ties: the segment name first in
  sort order), until neither holds or nothing is left to hide. Every hidden cell then
  shares its subtraction with at least one other, and what the subtraction gives (the
  hidden cells' sum) is itself a group of at least the minimum.
* **Rounding.** Every count shown is rounded to the nearest multiple of 5. Integer
  counts never fall half-way between two multiples of an odd base; for any base, a half
  rounds up (:func:`round_count`). Means are rounded to two decimals, halves away from
  zero (:func:`round_mean`), computed from the exact figures, not the rounded ones.
* **No free text.** Only counts and means of numbers are aggregated here; evidence and
  notes are never inputs.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from ppf_app.core.errors import UserError

MIN_GROUP_FLOOR = 5
"""The smallest minimum group allowed: NHS statistics practice suppresses counts below 5."""

DEFAULT_MIN_GROUP = 5
"""The minimum group used unless a larger one is asked for."""

ROUNDING_BASE = 5
"""Published counts are multiples of this."""

HIDDEN = "*"
"""What a hidden figure shows in a table or CSV file."""

MEAN_PLACES = 2
"""Decimal places of a published mean."""

K = TypeVar("K", bound=Hashable)


def check_min_group(min_group: int) -> int:
    """Return ``min_group`` if it is allowed as a minimum group size.

    Raises:
        UserError: it is below :data:`MIN_GROUP_FLOOR`: a smaller group could let a
            reader recognise the people in it.
    """
    if isinstance(min_group, bool) or not isinstance(min_group, int):
        raise UserError(f"the minimum group size must be a whole number, not {min_group!r}")
    if min_group < MIN_GROUP_FLOOR:
        raise UserError(
            f"the minimum group size must be at least {MIN_GROUP_FLOOR} (got {min_group}): "
            "figures about fewer people could identify them"
        )
    return min_group


def round_count(count: int, base: int = ROUNDING_BASE) -> int:
    """``count`` rounded to the nearest multiple of ``base``, halves up.

    With the default base of 5 no integer is half-way (2 -> 0, 3 -> 5, 7 -> 5, 8 -> 10);
    with an even base such as 10, 15 -> 20. Integer arithmetic only, so the result never
    depends on floating point.

    Raises:
        ValueError: ``count`` is negative or ``base`` is not positive.
    """
    if count < 0:
        raise ValueError(f"a count is never negative: {count}")
    if base < 1:
        raise ValueError(f"the rounding base must be positive: {base}")
    return (2 * count + base) // (2 * base) * base


def round_mean(value: float, places: int = MEAN_PLACES) -> float:
    """``value`` rounded to ``places`` decimals, halves away from zero.

    The decimal written by ``repr`` is rounded (so 0.125 -> 0.13 and 0.135 -> 0.14, where
    Python's ``round`` would give 0.12 and 0.14), the same result on every machine.
    """
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def is_primary_hidden(count: int, min_group: int) -> bool:
    """True for a cell of at least one person but fewer than ``min_group``."""
    return 0 < count < min_group


def hidden_cells(
    counts: Mapping[K, int], min_group: int, *, total_shown: bool = True
) -> frozenset[K]:
    """The cells of one breakdown to hide (primary and secondary suppression).

    Args:
        counts: people in each cell; the cells must not overlap, so that their sum is the
            total (each person in one department, one group).
        min_group: the minimum group (checked with :func:`check_min_group`).
        total_shown: whether the table also shows the total of these cells. Without it
            there is nothing to subtract from and only the primary rule applies.

    Returns:
        The keys of the cells to show as ``*``.
    """
    check_min_group(min_group)
    hidden = {key for key, count in counts.items() if is_primary_hidden(count, min_group)}
    total = sum(counts.values())
    if not total_shown or not hidden or total < min_group:
        # Without a shown total nothing can be subtracted; a total under the minimum is
        # itself hidden, so it gives nothing away either.
        return frozenset(hidden)
    candidates = sorted(
        (key for key, count in counts.items() if count > 0 and key not in hidden),
        key=lambda key: (counts[key], str(key)),
    )
    while candidates and (len(hidden) == 1 or sum(counts[key] for key in hidden) < min_group):
        hidden.add(candidates.pop(0))
    return frozenset(hidden)


@dataclass(frozen=True)
class Figures:
    """A cell's exact figures, before disclosure control. Never shown as they are.

    Attributes:
        people: people in the cell.
        with_need: how many of them have a need (a gap above 0).
        mean_gap: the mean gap over the cell's people; ``None`` when ``people`` is 0.
    """

    people: int
    with_need: int
    mean_gap: float | None


@dataclass(frozen=True)
class Published:
    """A cell's figures as they may be shown.

    Attributes:
        hidden: True when the cell is suppressed; every figure is then ``None`` and shows
            as ``*``.
        people: people, rounded to a multiple of 5 (``None`` when hidden).
        with_need: people with a need, rounded to a multiple of 5 (``None`` when hidden).
        mean_gap: mean gap to two decimals; ``None`` when hidden or nobody is in the cell.
    """

    hidden: bool
    people: int | None
    with_need: int | None
    mean_gap: float | None

    @classmethod
    def of(cls, figures: Figures, hidden: bool) -> Published:
        """The published form of exact figures."""
        if hidden:
            return cls(hidden=True, people=None, with_need=None, mean_gap=None)
        return cls(
            hidden=False,
            people=round_count(figures.people),
            with_need=round_count(figures.with_need),
            mean_gap=None if figures.mean_gap is None else round_mean(figures.mean_gap),
        )

    def texts(self) -> tuple[str, str, str]:
        """``people``, ``with_need`` and ``mean_gap`` as a CSV file or table shows them.

        Hidden figures are ``*``; the mean of an empty cell is blank; means have two
        decimals.
        """
        if self.hidden:
            return (HIDDEN, HIDDEN, HIDDEN)
        return (
            format_count(self.people),
            format_count(self.with_need),
            format_mean(self.mean_gap),
        )


def format_count(count: int | None) -> str:
    """A published count as text: ``*`` for ``None`` (hidden)."""
    return HIDDEN if count is None else str(count)


def format_mean(mean: float | None, places: int = MEAN_PLACES) -> str:
    """A published mean as text with ``places`` decimals; blank for ``None``."""
    return "" if mean is None else f"{mean:.{places}f}"


def publish_breakdown(
    cells: Mapping[K, Figures], total: Figures | None, min_group: int
) -> tuple[dict[K, Published], Published | None]:
    """Disclosure control over one breakdown and its total.

    Args:
        cells: exact figures per segment; segments do not overlap.
        total: the exact figures of everyone in ``cells`` (the ``all`` row), or ``None``
            when the table does not show a total.
        min_group: the minimum group.

    Returns:
        The published cells (same keys) and the published total (``None`` if not given).
    """
    hidden = hidden_cells(
        {key: figures.people for key, figures in cells.items()},
        min_group,
        total_shown=total is not None,
    )
    published = {key: Published.of(figures, key in hidden) for key, figures in cells.items()}
    published_total = (
        None if total is None else Published.of(total, is_primary_hidden(total.people, min_group))
    )
    return published, published_total
