"""The appendix: every behaviour's answer against its target, with the evidence."""

from __future__ import annotations

from itertools import groupby

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from ppf_app.domain.plan import BehaviourRow, PlanDocument
from ppf_app.reports.fonts import BOLD, ITALIC, REGULAR
from ppf_app.reports.lines import Row, Rows, Text
from ppf_app.reports.lines import row as lines_row
from ppf_app.reports.styles import FRAME_WIDTH, MUTED, TEXT, WHITE, styles
from ppf_app.reports.tables import heading, level_text, unkept
from ppf_app.reports.text import excerpt

EVIDENCE_EXCERPT = 240
"""How many characters of a behaviour's evidence the plan prints."""
APPENDIX_TITLE = "Appendix: every behaviour"


def standing(row: BehaviourRow) -> str:
    """Where the answer stands against the target: ``at target``, ``target Strong, 1
    below``; the target alone when not yet rated; nothing for "not applicable"."""
    if row.not_applicable:
        return ""
    if row.level is None:
        return f"target {row.target_label}"
    gap = row.target - row.level
    if gap == 0:
        return "at target"
    side = "below" if gap > 0 else "above"
    return f"target {row.target_label}, {abs(gap)} {side}"


TEXT_SIZE, TEXT_LEADING = 8.5, 10.5
NOTE_SIZE, NOTE_LEADING = 8.0, 10.0
WIDTHS = (12 * mm, FRAME_WIDTH - 54 * mm, 42 * mm)


def _row(row: BehaviourRow, banded: bool) -> Row:
    """The number, the behaviour with its evidence under it, and the level with where it
    stands against the target."""
    behaviour = [Text(row.behaviour_text, REGULAR, TEXT_SIZE, TEXT_LEADING, TEXT)]
    if row.evidence:
        shown = excerpt(row.evidence, EVIDENCE_EXCERPT)
        behaviour.append(Text(shown, ITALIC, NOTE_SIZE, NOTE_LEADING, MUTED))
    level = [
        Text(
            row.level_label,
            BOLD if row.level is not None else REGULAR,
            TEXT_SIZE,
            TEXT_LEADING,
            TEXT,
        )
    ]
    note = standing(row)
    if note:
        level.append(Text(note, ITALIC, NOTE_SIZE, NOTE_LEADING, MUTED, follows=True))
    number = [Text(row.number, REGULAR, TEXT_SIZE, TEXT_LEADING, TEXT)]
    return lines_row(WIDTHS, [number, behaviour, level], banded=banded)


def ratings_by_value(plan: PlanDocument) -> list[Flowable]:
    """Rows per value under a heading row that is repeated where they run onto another
    page (so a heading is never left alone at the foot of a page)."""
    s = styles()
    story: list[Flowable] = [
        *heading(APPENDIX_TITLE, s.h1, room=40 * mm),
        Paragraph(
            "Each behaviour's level against its target, with the evidence recorded for it "
            "(shortened where long).",
            unkept(s.lead),
        ),
    ]
    averages = {v.value_id: v for v in plan.results.values}
    head_widths = (WIDTHS[0] + WIDTHS[1], WIDTHS[2])
    for n, (value_id, items) in enumerate(groupby(plan.rows, key=lambda r: r.value_id), start=1):
        found = list(items)
        average = averages[value_id]
        title = (
            f"{n}. {found[0].value_title} · average {level_text(average.mean_level)}, "
            f"{average.rated_count} of {average.behaviour_count} rated"
        )
        head = lines_row(
            head_widths,
            [
                [Text(title, BOLD, 9, 12, WHITE)],
                [Text("Level", BOLD, 9, 12, WHITE)],
            ],
        )
        story.append(Rows(head, [_row(r, bool(i % 2)) for i, r in enumerate(found)]))
    return story
