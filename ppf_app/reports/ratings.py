"""The appendix: every behaviour's answer against its target, with the evidence."""

from __future__ import annotations

from functools import cache
from itertools import groupby

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from ppf_app.domain.plan import BehaviourRow, PlanDocument
from ppf_app.reports.fonts import BOLD, ITALIC
from ppf_app.reports.styles import FRAME_WIDTH, MUTED_HEX, TEXT, styles
from ppf_app.reports.tables import Para, data_table, heading, level_text, para, unkept
from ppf_app.reports.text import excerpt, markup

EVIDENCE_EXCERPT = 240
"""How many characters of a behaviour's evidence the plan prints."""
APPENDIX_TITLE = "Appendix: every behaviour"
#: Tighter than the other tables: the appendix is the longest part of the plan.
DENSE = (
    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
)


#: The behaviour numbers are plain strings (no paragraph to lay out), set like the text.
NUMBERS = (("FONTSIZE", (0, 1), (0, -1), 8.5), ("TEXTCOLOR", (0, 1), (0, -1), TEXT))


@cache
def _styles() -> tuple[ParagraphStyle, ParagraphStyle]:
    """Text and evidence of the appendix's rows."""
    s = styles()
    return (
        s.cell.clone("AppendixCell", fontSize=8.5, leading=10.5),
        s.evidence.clone("AppendixEvidence", fontSize=8, leading=10),
    )


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


def _row(row: BehaviourRow) -> list[object]:
    """The number, the behaviour with its evidence under it, and the level with where it
    stands: two paragraphs (a row of a long appendix is laid out as few times as it can)."""
    text, _ = _styles()
    behaviour = markup(row.behaviour_text)
    if row.evidence:
        shown = markup(excerpt(row.evidence, EVIDENCE_EXCERPT), ITALIC)
        behaviour += f'<br/><font size="8" color="{MUTED_HEX}"><i>{shown}</i></font>'
    label = markup(row.level_label, BOLD)
    if row.level is not None:
        label = f"<b>{label}</b>"
    note = standing(row)
    if note:
        label += f' <font size="8" color="{MUTED_HEX}"><i>{markup(note, ITALIC)}</i></font>'
    return [row.number, Para(behaviour, text), Para(label, text)]


def ratings_by_value(plan: PlanDocument) -> list[Flowable]:
    """A table per value, its heading row repeated where it runs onto another page (so a
    heading is never left alone at the foot of a page)."""
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
    widths = [12 * mm, FRAME_WIDTH - 54 * mm, 42 * mm]
    for n, (value_id, items) in enumerate(groupby(plan.rows, key=lambda r: r.value_id), start=1):
        found = list(items)
        average = averages[value_id]
        title = (
            f"{n}. {found[0].value_title} · average {level_text(average.mean_level)}, "
            f"{average.rated_count} of {average.behaviour_count} rated"
        )
        head = [para(title, s.cell_head), "", Paragraph("Level", s.cell_head)]
        rows: list[list[object]] = [head, *(_row(r) for r in found)]
        table = data_table(
            rows, widths, split_in_row=False, extra=(("SPAN", (0, 0), (1, 0)), *DENSE, *NUMBERS)
        )
        story.append(table)
    return story
