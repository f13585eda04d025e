"""The appraisal meeting: self and appraiser ratings side by side, and what to discuss.

Pure functions over a framework and plain ``behaviour id -> level`` mappings. The
discussion list puts the largest self/appraiser differences first (ties in framework
order), so the meeting starts where the two views are furthest apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from ppf_app.domain.framework import Framework


@dataclass(frozen=True)
class MeetingRow:
    """One behaviour in the meeting view."""

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


def compare(
    framework: Framework,
    self_levels: Mapping[str, int | None],
    appraiser_levels: Mapping[str, int | None],
    agreed: Mapping[str, tuple[int | None, str]] | None = None,
    group_id: str | None = None,
    *,
    self_evidence: Mapping[str, str] | None = None,
    appraiser_evidence: Mapping[str, str] | None = None,
) -> list[MeetingRow]:
    """Every behaviour of ``framework``, in framework order, with the three ratings (and
    the evidence of the first two, when given)."""
    agreed = agreed or {}
    self_evidence = self_evidence or {}
    appraiser_evidence = appraiser_evidence or {}
    rows = []
    for position, (value, behaviour) in enumerate(framework.behaviours()):
        agreed_level, note = agreed.get(behaviour.id, (None, ""))
        rows.append(
            MeetingRow(
                position=position,
                value_id=value.id,
                value_title=value.title,
                behaviour_id=behaviour.id,
                behaviour_text=behaviour.text,
                target=framework.target_for(behaviour.id, group_id),
                self_level=self_levels.get(behaviour.id),
                appraiser_level=appraiser_levels.get(behaviour.id),
                agreed_level=agreed_level,
                agreed_note=note,
                self_evidence=self_evidence.get(behaviour.id, ""),
                appraiser_evidence=appraiser_evidence.get(behaviour.id, ""),
            )
        )
    return rows


def discussion_order(rows: list[MeetingRow], limit: int | None = None) -> list[MeetingRow]:
    """The behaviours where self and appraiser differ, largest difference first."""
    differing = [row for row in rows if row.difference]
    differing.sort(key=lambda row: (-abs(row.difference or 0), row.position))
    return differing if limit is None else differing[:limit]


def strengths(rows: list[MeetingRow], limit: int = 3) -> list[MeetingRow]:
    """The behaviours furthest above their target (at or above it), strongest first."""
    rated = [row for row in rows if row.level is not None and row.level >= row.target]
    rated.sort(key=lambda row: (-((row.level or 0) - row.target), -(row.level or 0), row.position))
    return rated[:limit]


def development_areas(rows: list[MeetingRow], limit: int = 3) -> list[MeetingRow]:
    """The behaviours furthest below their target, widest gap first."""
    below = [row for row in rows if row.level is not None and row.level < row.target]
    below.sort(key=lambda row: (-(row.target - (row.level or 0)), row.position))
    return below[:limit]


@dataclass(frozen=True)
class BriefObjective:
    text: str
    target_date: date | None = None


@dataclass(frozen=True)
class MeetingBrief:
    """What the one-page meeting brief prints."""

    person_name: str
    job_title: str
    framework_title: str
    self_assessed_on: date
    rated_by: str
    strengths: tuple[MeetingRow, ...]
    development_areas: tuple[MeetingRow, ...]
    differences: tuple[MeetingRow, ...]
    objectives: tuple[BriefObjective, ...]
    review_date: date | None
    signed_on: date | None = None
    signed_by: tuple[str, str] = ("", "")
    scale_labels: dict[int, str] = field(default_factory=dict)

    def label(self, level: int | None) -> str:
        """``3 (Consistent)``; a dash for no level."""
        if level is None:
            return "–"
        name = self.scale_labels.get(level)
        return f"{level} ({name})" if name else str(level)


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
    signed_on: date | None = None,
    signed_by: tuple[str, str] = ("", ""),
) -> MeetingBrief:
    """The brief of a meeting: three strengths, three development areas, five differences."""
    return MeetingBrief(
        person_name=person_name,
        job_title=job_title,
        framework_title=framework.title,
        self_assessed_on=self_assessed_on,
        rated_by=rated_by,
        strengths=tuple(strengths(rows, 3)),
        development_areas=tuple(development_areas(rows, 3)),
        differences=tuple(discussion_order(rows, 5)),
        objectives=objectives[:6],
        review_date=review_date,
        signed_on=signed_on,
        signed_by=signed_by,
        scale_labels={level.value: level.label for level in framework.scale},
    )
