"""The appraisal meeting: self and appraiser ratings side by side, and what to discuss.

Pure functions over a framework and plain ``behaviour id -> level`` mappings. The
discussion list puts the largest self/appraiser differences first (ties in framework
order), so the meeting starts where the two views are furthest apart.

The one-page brief (:func:`brief`) sorts every behaviour rated by both into four
quadrants by where each rating stands against the target (:class:`Quadrant`), and keeps
the person's own largest gaps apart, whatever the appraiser said, so that a gap the
person names and backs with evidence is always on the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import partial

from ppf_app.domain.answers import NOT_APPLICABLE, Answer, is_level
from ppf_app.domain.framework import Framework


@dataclass(frozen=True)
class MeetingRow:
    """One behaviour in the meeting view.

    The ``*_level`` fields hold levels only: an answer of "not applicable" is ``None``
    there (it is no level, so never part of a difference, a gap or a strength) and is
    told by the ``*_not_applicable`` flags.
    """

    position: int
    value_id: str
    value_title: str
    behaviour_id: str
    behaviour_text: str
    target: int
    self_level: int | None
    appraiser_level: int | None
    agreed_level: int | None
    agreed_note: str
    self_evidence: str = ""
    appraiser_evidence: str = ""
    self_not_applicable: bool = False
    appraiser_not_applicable: bool = False
    agreed_not_applicable: bool = False

    @property
    def is_agreed(self) -> bool:
        """Whether an answer is agreed: a level, or "not applicable"."""
        return self.agreed_level is not None or self.agreed_not_applicable

    @property
    def self_answer(self) -> Answer:
        return NOT_APPLICABLE if self.self_not_applicable else self.self_level

    @property
    def appraiser_answer(self) -> Answer:
        return NOT_APPLICABLE if self.appraiser_not_applicable else self.appraiser_level

    @property
    def agreed_answer(self) -> Answer:
        return NOT_APPLICABLE if self.agreed_not_applicable else self.agreed_level

    @property
    def difference(self) -> int | None:
        """Appraiser minus self; None unless both rated the behaviour."""
        if self.self_level is None or self.appraiser_level is None:
            return None
        return self.appraiser_level - self.self_level

    @property
    def level(self) -> int | None:
        """The level that counts: agreed, else the appraiser's, else the person's own."""
        for level in (self.agreed_level, self.appraiser_level, self.self_level):
            if level is not None:
                return level
        return None


def _level(answer: Answer) -> int | None:
    return answer if is_level(answer) else None


def compare(
    framework: Framework,
    self_levels: Mapping[str, Answer],
    appraiser_levels: Mapping[str, Answer],
    agreed: Mapping[str, tuple[Answer, str]] | None = None,
    group_id: str | None = None,
    *,
    self_evidence: Mapping[str, str] | None = None,
    appraiser_evidence: Mapping[str, str] | None = None,
) -> list[MeetingRow]:
    """Every behaviour asked of ``group_id``, in framework order, with the three answers
    (a level, "not applicable" or none) and the evidence of the first two, when given.

    ``position`` stays the behaviour's place among all the framework's behaviours."""
    agreed = agreed or {}
    self_evidence = self_evidence or {}
    appraiser_evidence = appraiser_evidence or {}
    rows = []
    for position, (value, behaviour) in enumerate(framework.behaviours()):
        if not behaviour.is_for(group_id):
            continue
        agreed_answer, note = agreed.get(behaviour.id, (None, ""))
        own = self_levels.get(behaviour.id)
        theirs = appraiser_levels.get(behaviour.id)
        rows.append(
            MeetingRow(
                position=position,
                value_id=value.id,
                value_title=value.title,
                behaviour_id=behaviour.id,
                behaviour_text=behaviour.text,
                target=framework.target_for(behaviour.id, group_id),
                self_level=_level(own),
                appraiser_level=_level(theirs),
                agreed_level=_level(agreed_answer),
                agreed_note=note,
                self_evidence=self_evidence.get(behaviour.id, ""),
                appraiser_evidence=appraiser_evidence.get(behaviour.id, ""),
                self_not_applicable=own is NOT_APPLICABLE,
                appraiser_not_applicable=theirs is NOT_APPLICABLE,
                agreed_not_applicable=agreed_answer is NOT_APPLICABLE,
            )
        )
    return rows


def discussion_order(rows: list[MeetingRow], limit: int | None = None) -> list[MeetingRow]:
    """The behaviours where self and appraiser differ, largest difference first."""
    differing = [row for row in rows if row.difference]
    differing.sort(key=lambda row: (-abs(row.difference or 0), row.position))
    return differing if limit is None else differing[:limit]


class Quadrant(StrEnum):
    """Where a behaviour rated by both stands, each rating taken against the target.

    "Meets" is at or above the target. Both meet: an agreed strength; neither: an agreed
    development need; the person meets it and the appraiser does not: a blind spot (the
    person rated it higher than the appraiser did); the other way round: a hidden
    strength (the person rated it lower).
    """

    AGREED_STRENGTH = "agreed_strength"
    AGREED_NEED = "agreed_need"
    BLIND_SPOT = "blind_spot"
    HIDDEN_STRENGTH = "hidden_strength"

    @property
    def heading(self) -> str:
        return _QUADRANT_TITLES[self][0]

    @property
    def meaning(self) -> str:
        return _QUADRANT_TITLES[self][1]


_QUADRANT_TITLES = {
    Quadrant.AGREED_STRENGTH: ("Agreed strengths", "both meet it"),
    Quadrant.AGREED_NEED: ("Agreed development needs", "neither meets it"),
    Quadrant.BLIND_SPOT: ("Blind spots", "self meets it, appraiser does not"),
    Quadrant.HIDDEN_STRENGTH: ("Hidden strengths", "appraiser meets it, self does not"),
}
#: The order the brief shows the quadrants in: what to discuss first.
QUADRANT_ORDER = (
    Quadrant.BLIND_SPOT,
    Quadrant.AGREED_NEED,
    Quadrant.HIDDEN_STRENGTH,
    Quadrant.AGREED_STRENGTH,
)


def quadrant(row: MeetingRow) -> Quadrant | None:
    """The row's quadrant; None unless both the person and the appraiser rated it."""
    if row.self_level is None or row.appraiser_level is None:
        return None
    self_meets = row.self_level >= row.target
    appraiser_meets = row.appraiser_level >= row.target
    if self_meets and appraiser_meets:
        return Quadrant.AGREED_STRENGTH
    if not self_meets and not appraiser_meets:
        return Quadrant.AGREED_NEED
    return Quadrant.BLIND_SPOT if self_meets else Quadrant.HIDDEN_STRENGTH


def _quadrant_key(kind: Quadrant, row: MeetingRow) -> tuple[int, int, int]:
    """Largest first: furthest above target (both), widest gap (both), widest
    difference (blind spots and hidden strengths); ties in framework order."""
    own, theirs = row.self_level or 0, row.appraiser_level or 0
    if kind is Quadrant.AGREED_STRENGTH:
        return (-(min(own, theirs) - row.target), -(own + theirs), row.position)
    if kind is Quadrant.AGREED_NEED:
        return (-(2 * row.target - own - theirs), 0, row.position)
    return (-abs(own - theirs), -abs(row.target - min(own, theirs)), row.position)


def four_way(rows: list[MeetingRow]) -> dict[Quadrant, tuple[MeetingRow, ...]]:
    """Every behaviour rated by both, by quadrant, the largest first (see
    :func:`_quadrant_key`); in :data:`QUADRANT_ORDER`."""
    found: dict[Quadrant, list[MeetingRow]] = {kind: [] for kind in QUADRANT_ORDER}
    for row in rows:
        kind = quadrant(row)
        if kind is not None:
            found[kind].append(row)
    return {
        kind: tuple(sorted(items, key=partial(_quadrant_key, kind)))
        for kind, items in found.items()
    }


def own_gaps(rows: list[MeetingRow]) -> tuple[MeetingRow, ...]:
    """The behaviours the person rated below target, widest gap first (ties in
    framework order): the person's own view, whatever the appraiser said."""
    below = [row for row in rows if row.self_level is not None and row.self_level < row.target]
    below.sort(key=lambda row: (-(row.target - (row.self_level or 0)), row.position))
    return tuple(below)


@dataclass(frozen=True)
class BriefObjective:
    """An objective as the brief lists it: this plan's, or the previous plan's with what
    became of it (``status``) and the reflection on it."""

    text: str
    target_date: date | None = None
    status: str = ""
    reflection: str = ""


@dataclass(frozen=True)
class MeetingBrief:
    """What the one-page meeting brief prints.

    Every list is whole and in order; the page shows as much of each as fits and says
    how many more there are.
    """

    person_name: str
    job_title: str
    framework_title: str
    self_assessed_on: date
    rated_by: str
    own_gaps: tuple[MeetingRow, ...]
    """Below target in the self assessment, widest gap first."""
    quadrants: dict[Quadrant, tuple[MeetingRow, ...]]
    objectives: tuple[BriefObjective, ...]
    review_date: date | None
    previous_objectives: tuple[BriefObjective, ...] = ()
    signed_on: date | None = None
    signed_by: tuple[str, str] = ("", "")
    signature_note: str = ""
    """Whether a signed appraisal's signatures hold, in a sentence (checked on read)."""
    scale_labels: dict[int, str] = field(default_factory=dict)
    numbers: dict[str, str] = field(default_factory=dict)
    group_title: str = ""
    behaviour_count: int = 0
    appraiser_rated: int = 0
    agreed_count: int = 0
    rated_higher_by_self: int = 0
    """Behaviours rated by both where the person's level is above the appraiser's."""
    rated_lower_by_self: int = 0
    largest_difference: int = 0

    @property
    def has_appraiser_ratings(self) -> bool:
        return self.appraiser_rated > 0

    @property
    def has_agreed_levels(self) -> bool:
        return self.agreed_count > 0

    @property
    def rated_by_both(self) -> int:
        return sum(len(rows) for rows in self.quadrants.values())

    def label(self, level: int | None) -> str:
        """The level's label (``Consistent``); a dash for no level."""
        if level is None:
            return "–"
        return self.scale_labels.get(level, str(level))


def brief(
    rows: list[MeetingRow],
    *,
    person_name: str,
    job_title: str,
    framework: Framework,
    self_assessed_on: date,
    rated_by: str,
    objectives: tuple[BriefObjective, ...],
    review_date: date | None,
    previous_objectives: tuple[BriefObjective, ...] = (),
    signed_on: date | None = None,
    signed_by: tuple[str, str] = ("", ""),
    group_title: str = "",
    signature_note: str = "",
) -> MeetingBrief:
    """The brief of a meeting: the person's own gaps, every behaviour rated by both in
    its quadrant, the previous plan's objectives and this plan's."""
    both = [r for r in rows if r.self_level is not None and r.appraiser_level is not None]
    differences = [(r.self_level or 0) - (r.appraiser_level or 0) for r in both]
    return MeetingBrief(
        person_name=person_name,
        job_title=job_title,
        framework_title=f"{framework.title} {framework.version}",
        self_assessed_on=self_assessed_on,
        rated_by=rated_by,
        own_gaps=own_gaps(rows),
        quadrants=four_way(rows),
        objectives=objectives,
        review_date=review_date,
        previous_objectives=previous_objectives,
        signed_on=signed_on,
        signed_by=signed_by,
        signature_note=signature_note,
        scale_labels={level.value: level.label for level in framework.scale},
        numbers=framework.behaviour_numbers,
        group_title=group_title,
        behaviour_count=len(rows),
        appraiser_rated=sum(1 for r in rows if r.appraiser_level is not None),
        agreed_count=sum(1 for r in rows if r.is_agreed),
        rated_higher_by_self=sum(1 for d in differences if d > 0),
        rated_lower_by_self=sum(1 for d in differences if d < 0),
        largest_difference=max((abs(d) for d in differences), default=0),
    )
