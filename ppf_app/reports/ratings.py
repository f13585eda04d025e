"""Ratings by value: every behaviour's level against its target, with evidence."""

from __future__ import annotations

from itertools import groupby

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph

from ppf_app.domain.plan import BehaviourRow, PlanDocument
from ppf_app.reports.styles import ACCENT_DARK, FRAME_WIDTH, styles
from ppf_app.reports.tables import data_table, level_text, para
from ppf_app.reports.text import excerpt

EVIDENCE_EXCERPT = 400
"""How many characters of a behaviour's evidence the plan prints."""


def standing(row: BehaviourRow) -> str:
    if row.level is None:
        return ""
    gap = row.target - row.level
    if gap > 0:
        return f"{gap} below target"
    if gap < 0:
        return f"{-gap} above target"
    return "at target"


def _row(row: BehaviourRow) -> list[object]:
    s = styles()
    behaviour: list[Flowable] = [para(row.behaviour_text, s.cell)]
    if row.evidence:
        behaviour.append(para(excerpt(row.evidence, EVIDENCE_EXCERPT), s.evidence))
    level: list[Flowable] = [
        para(row.level_label, s.cell_bold if row.level is not None else s.cell)
    ]
    note = standing(row)
    if note:
        level.append(para(note, s.evidence))
    return [behaviour, level, para(row.target_label, s.cell)]


def ratings_by_value(plan: PlanDocument) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [
        Paragraph("Ratings by value", s.h1),
        Paragraph(
            "Each behaviour's level against the target for the professional group, with an "
            "excerpt of the evidence recorded for it.",
            s.muted,
        ),
    ]
    averages = {v.value_id: v for v in plan.results.values}
    head = [Paragraph(h, s.cell_head) for h in ("Behaviour and evidence", "Level", "Target")]
    widths = [FRAME_WIDTH - 70 * mm, 38 * mm, 32 * mm]
    for n, (value_id, rows) in enumerate(groupby(plan.rows, key=lambda r: r.value_id), start=1):
        items = list(rows)
        average = averages[value_id]
        story.append(CondPageBreak(40 * mm))
        story.append(para(f"{n}. {items[0].value_title}", s.h2))
        story.append(
            Paragraph(
                f"Average level {level_text(average.mean_level)} against a target of "
                f"{level_text(average.mean_target)}; {average.rated_count} of "
                f"{average.behaviour_count} rated.",
                s.muted.clone("ValueMeta", textColor=ACCENT_DARK),
            )
        )
        story.append(data_table([head, *(_row(r) for r in items)], widths))
    return story
