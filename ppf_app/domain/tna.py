"""The training-needs analysis (TNA): where an organisation's people fall short of their
targets, by value and by training area, for a learning and development lead.

The input is one :class:`~ppf_app.domain.cohort.PersonFacts` per person, from that
person's latest complete assessment on one framework (the services choose it: the agreed
one where signed, else the person's own), and the framework's
:class:`~ppf_app.domain.cohort.FrameworkOutline`. The output is a :class:`TnaReport`:
the rows of the CSV file (:data:`CSV_HEADER`), a heat map of segments by values, and the
training areas ranked by the people who need them, all after disclosure control
(:mod:`ppf_app.domain.disclosure`). Exact figures never leave this module.

Definitions, for one segment (a department, a group, or ``all``: everyone) and one column
(a value, or a training area):

* A person **belongs to the column** when they answered at least one of its behaviours
  (a value's behaviours; for a training area, the behaviours that address it). With
  framework format 1 everyone answers everything; with format 2 a behaviour asked of some
  groups only, or answered "not applicable", leaves a person out of a column.
* **people**: the segment's people who belong to the column.
* A person's **gap** in the column is the mean, over the column's behaviours they
  answered, of the behaviour's weighted gap (scale steps below target times importance;
  0 at or above target). A mean per behaviour, not a sum, so that values with five
  behaviours and values with six are on one footing in the heat map.
* **with_need**: people whose gap in the column is above 0, that is, below target on at
  least one of its behaviours.
* **mean_gap**: the mean of the people's gaps, each person counting once however many
  behaviours they answered.

Training areas are ranked by ``with_need`` (more first), then ``mean_gap`` (larger
first), then framework order, using the published (rounded) figures so that the order
gives nothing away that the figures do not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from ppf_app.core.errors import UserError
from ppf_app.domain.cohort import FrameworkOutline, Heading, PersonFacts
from ppf_app.domain.disclosure import (
    DEFAULT_MIN_GROUP,
    Figures,
    Published,
    check_min_group,
    is_primary_hidden,
    publish_breakdown,
)

Breakdown = Literal["department", "group", "organisation"]
BREAKDOWNS: tuple[Breakdown, ...] = ("department", "group", "organisation")
"""How people may be segmented; ``organisation`` means the ``all`` segment alone."""

Kind = Literal["value", "training_area"]
KIND_VALUE: Kind = "value"
KIND_TRAINING_AREA: Kind = "training_area"

ALL_SEGMENT = "all"
"""The segment of everyone, always first."""

NO_DEPARTMENT = "(no department)"
"""The segment of people whose department is not recorded."""

CSV_HEADER = ("segment", "kind", "id", "title", "people", "with_need", "mean_gap")

DARK_SHARE = 0.55
"""Above this share of the largest gap, a heat map cell's figure is drawn in white."""


@dataclass(frozen=True)
class TnaRow:
    """One segment's published figures for one value or training area.

    Attributes:
        segment: the segment's name (:data:`ALL_SEGMENT` for everyone).
        kind: :data:`KIND_VALUE` or :data:`KIND_TRAINING_AREA`.
        id: the value's or training area's id.
        title: its title.
        position: its place in the framework file among its kind (0 first).
        figures: the figures after disclosure control.
    """

    segment: str
    kind: Kind
    id: str
    title: str
    position: int
    figures: Published

    @property
    def hidden(self) -> bool:
        return self.figures.hidden

    @property
    def people(self) -> int | None:
        """People, rounded to 5; ``None`` when hidden."""
        return self.figures.people

    @property
    def with_need(self) -> int | None:
        """People with a gap, rounded to 5; ``None`` when hidden."""
        return self.figures.with_need

    @property
    def mean_gap(self) -> float | None:
        """Mean gap to two decimals; ``None`` when hidden or nobody belongs to the column."""
        return self.figures.mean_gap

    def csv_fields(self) -> tuple[str, str, str, str, str, str, str]:
        """The row under :data:`CSV_HEADER` (``*`` for hidden figures)."""
        people, with_need, mean_gap = self.figures.texts()
        return (self.segment, self.kind, self.id, self.title, people, with_need, mean_gap)


@dataclass(frozen=True)
class HeatMap:
    """Mean gaps of segments (rows) by values (columns), for a chart.

    Attributes:
        segments: row names, :data:`ALL_SEGMENT` first.
        columns: the values, in framework order.
        cells: ``cells[row][column]``: the published mean gap; ``None`` when hidden or
            empty (see ``hidden``).
        hidden: ``hidden[row][column]``: True where the figure is suppressed (draw ``*``).
        highest: the largest mean gap shown (0.0 when none), to scale the colours.
    """

    segments: tuple[str, ...]
    columns: tuple[Heading, ...]
    cells: tuple[tuple[float | None, ...], ...]
    hidden: tuple[tuple[bool, ...], ...]
    highest: float

    def share(self, gap: float) -> float:
        """``gap`` as a share of :attr:`highest`, 0 to 1: how dark its cell is drawn."""
        return 0.0 if self.highest <= 0 else max(0.0, min(1.0, gap / self.highest))

    def dark(self, gap: float) -> bool:
        """Whether the cell of ``gap`` is dark enough for its figure to be drawn in white."""
        return self.share(gap) > DARK_SHARE


@dataclass(frozen=True)
class TnaReport:
    """A training-needs analysis after disclosure control: what the CSV file, the PDF and
    the app's page show.

    Attributes:
        breakdown: how people were segmented.
        min_group: the minimum group used.
        segments: segment names, :data:`ALL_SEGMENT` first, then by name.
        values: the framework's values, in file order.
        training_areas: its training areas, in the order of :attr:`area_ranking`.
        rows: every row, in CSV order: for each segment, its values in framework order,
            then its training areas in the organisation-wide ranking order.
        area_ranking: the :data:`ALL_SEGMENT` rows of the training areas, ranked.
        heat_map: segments by values.
    """

    breakdown: Breakdown
    min_group: int
    segments: tuple[str, ...]
    values: tuple[Heading, ...]
    training_areas: tuple[Heading, ...]
    rows: tuple[TnaRow, ...]
    area_ranking: tuple[TnaRow, ...]
    heat_map: HeatMap

    def row(self, segment: str, kind: Kind, id: str) -> TnaRow:
        """One row.

        Raises:
            KeyError: no such segment, kind or id.
        """
        for row in self.rows:
            if row.segment == segment and row.kind == kind and row.id == id:
                return row
        raise KeyError((segment, kind, id))

    def segment_rows(self, segment: str, kind: Kind) -> tuple[TnaRow, ...]:
        """A segment's rows of one kind, in CSV order."""
        return tuple(r for r in self.rows if r.segment == segment and r.kind == kind)

    def ranked_training_areas(self, segment: str = ALL_SEGMENT) -> tuple[TnaRow, ...]:
        """A segment's training areas ranked by its own published figures.

        Hidden and empty rows come last, in framework order.
        """
        return tuple(sorted(self.segment_rows(segment, KIND_TRAINING_AREA), key=_rank_key))

    def csv_records(self) -> list[tuple[str, ...]]:
        """The CSV file's lines as fields, :data:`CSV_HEADER` first."""
        return [CSV_HEADER, *(row.csv_fields() for row in self.rows)]


def _rank_key(row: TnaRow) -> tuple[int, int, float, int]:
    figures = row.figures
    if figures.hidden or figures.mean_gap is None:
        return (1, 0, 0.0, row.position)
    return (0, -(figures.with_need or 0), -figures.mean_gap, row.position)


def check_breakdown(breakdown: str) -> Breakdown:
    """``breakdown`` as a :data:`Breakdown`.

    Raises:
        UserError: it is not one of :data:`BREAKDOWNS`.
    """
    for known in BREAKDOWNS:
        if breakdown == known:
            return known
    raise UserError(f"cannot break down by {breakdown!r}: choose one of {', '.join(BREAKDOWNS)}")


def segment_of(person: PersonFacts, breakdown: Breakdown) -> str | None:
    """The segment a person falls in under ``breakdown`` (``None``: ``all`` only)."""
    if breakdown == "organisation":
        return None
    name = person.group if breakdown == "group" else (person.department or NO_DEPARTMENT)
    # A department or group called "all" must not be mistaken for everyone.
    return f"{name} ({breakdown})" if name == ALL_SEGMENT else name


class _Tally:
    """Exact running figures of one segment, one slot per column."""

    __slots__ = ("need", "people", "sums")

    def __init__(self, columns: int) -> None:
        self.people = [0] * columns
        self.need = [0] * columns
        self.sums = [0.0] * columns

    def figures(self, column: int) -> Figures:
        people = self.people[column]
        return Figures(
            people=people,
            with_need=self.need[column],
            mean_gap=self.sums[column] / people if people else None,
        )


def training_needs(
    people: Iterable[PersonFacts],
    outline: FrameworkOutline,
    breakdown: Breakdown = "organisation",
    min_group: int = DEFAULT_MIN_GROUP,
) -> TnaReport:
    """The training-needs analysis of a cohort, after disclosure control.

    Args:
        people: one record per person, from the latest complete assessment on the
            framework ``outline`` describes.
        outline: the framework's values, training areas and behaviours.
        breakdown: segment by ``department``, by ``group``, or not at all
            (``organisation``: the ``all`` segment alone).
        min_group: the minimum group (5 or more).

    Raises:
        UserError: an unknown breakdown or a minimum group below 5.
        ValueError: a person appears twice or answered a behaviour the outline lacks
            (a mistake of the caller, not of the user).
    """
    check_min_group(min_group)
    check_breakdown(breakdown)
    value_column = {v.id: i for i, v in enumerate(outline.values)}
    area_base = len(outline.values)
    area_column = {t.id: area_base + i for i, t in enumerate(outline.training_areas)}
    width = area_base + len(outline.training_areas)
    columns_of = {
        place.behaviour_id: (
            value_column[place.value_id],
            *(area_column[t] for t in place.training_areas),
        )
        for place in outline.behaviours
    }

    everyone = _Tally(width)
    tallies: dict[str, _Tally] = {}
    seen: set[int] = set()
    for person in people:
        if person.person_id in seen:
            raise ValueError(f"person {person.person_id} appears twice")
        seen.add(person.person_id)
        sums = [0] * width
        counts = [0] * width
        needs = [False] * width
        for answer in person.answers:
            try:
                columns = columns_of[answer.behaviour_id]
            except KeyError:
                raise ValueError(
                    f"person {person.person_id}: behaviour {answer.behaviour_id!r} "
                    "is not in the framework"
                ) from None
            gap = answer.shortfall * answer.importance
            for column in columns:
                sums[column] += gap
                counts[column] += 1
                if gap:
                    needs[column] = True
        segment = segment_of(person, breakdown)
        targets = [everyone]
        if segment is not None:
            tally = tallies.get(segment)
            if tally is None:
                tally = tallies[segment] = _Tally(width)
            targets.append(tally)
        for column in range(width):
            count = counts[column]
            if not count:
                continue
            mean = sums[column] / count
            need = needs[column]
            for tally in targets:
                tally.people[column] += 1
                tally.sums[column] += mean
                if need:
                    tally.need[column] += 1

    names = sorted(tallies, key=lambda name: (name.casefold(), name))
    segments = (ALL_SEGMENT, *names)
    published: dict[tuple[str, int], Published] = {}
    for column in range(width):
        total = everyone.figures(column)
        if breakdown == "organisation":
            published[(ALL_SEGMENT, column)] = Published.of(
                total, is_primary_hidden(total.people, min_group)
            )
            continue
        cells, shown_total = publish_breakdown(
            {name: tallies[name].figures(column) for name in names}, total, min_group
        )
        assert shown_total is not None
        published[(ALL_SEGMENT, column)] = shown_total
        for name, figures in cells.items():
            published[(name, column)] = figures

    return tna_report(
        published, segments, outline.values, outline.training_areas, breakdown, min_group
    )


def tna_report(
    published: Mapping[tuple[str, int], Published],
    segments: tuple[str, ...],
    values: tuple[Heading, ...],
    training_areas: tuple[Heading, ...],
    breakdown: Breakdown,
    min_group: int,
) -> TnaReport:
    """The report of figures already published, in CSV order: for each segment, its
    values in framework order, then its training areas ranked by the ``all`` figures.

    Args:
        published: ``(segment, column)`` -> figures, for every segment and column; the
            columns are ``values`` then ``training_areas`` (both in framework order).
        segments: :data:`ALL_SEGMENT` first, then by name.
    """
    area_base = len(values)
    headings = (*values, *training_areas)

    def make_row(segment: str, column: int) -> TnaRow:
        is_value = column < area_base
        heading = headings[column]
        return TnaRow(
            segment=segment,
            kind=KIND_VALUE if is_value else KIND_TRAINING_AREA,
            id=heading.id,
            title=heading.title,
            position=column if is_value else column - area_base,
            figures=published[(segment, column)],
        )

    area_ranking = tuple(
        sorted((make_row(ALL_SEGMENT, c) for c in range(area_base, len(headings))), key=_rank_key)
    )
    area_order = [area_base + row.position for row in area_ranking]
    rows = tuple(
        make_row(segment, column)
        for segment in segments
        for column in (*range(area_base), *area_order)
    )
    return TnaReport(
        breakdown=breakdown,
        min_group=min_group,
        segments=segments,
        values=values,
        training_areas=tuple(headings[c] for c in area_order),
        rows=rows,
        area_ranking=area_ranking,
        heat_map=_heat_map(segments, values, published),
    )


def _heat_map(
    segments: tuple[str, ...],
    values: tuple[Heading, ...],
    published: Mapping[tuple[str, int], Published],
) -> HeatMap:
    cells = tuple(
        tuple(published[(segment, column)].mean_gap for column in range(len(values)))
        for segment in segments
    )
    hidden = tuple(
        tuple(published[(segment, column)].hidden for column in range(len(values)))
        for segment in segments
    )
    shown = [gap for row in cells for gap in row if gap is not None]
    return HeatMap(
        segments=segments,
        columns=values,
        cells=cells,
        hidden=hidden,
        highest=max(shown, default=0.0),
    )
