"""The summary (chart and value averages) and the strengths and development areas."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from ppf_app.domain.plan import PlanDocument
from ppf_app.domain.results import BehaviourResult
from ppf_app.reports.chart import value_chart
from ppf_app.reports.styles import FRAME_WIDTH, styles
from ppf_app.reports.tables import data_table, level_text, para


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def summary(plan: PlanDocument) -> list[Flowable]:
    s = styles()
    results = plan.results
    total = len(results.behaviours)
    group = plan.person.group_title or plan.person.group_id
    lead = (
        f"{results.rated_count} of {_plural(total, 'behaviour', 'behaviours')} rated, "
        f"against the targets for the professional group “{group}”. "
        + (
            f"{_plural(len(plan.suggestions), 'training area is', 'training areas are')} suggested."
            if plan.suggestions
            else "No training area is suggested."
        )
    )
    story: list[Flowable] = [Paragraph("Summary", s.h1), para(lead, s.body)]
    story.append(value_chart(results.values, plan.scale, FRAME_WIDTH))
    scale_key = "Scale: " + " · ".join(f"{value} {label}" for value, label in plan.scale)
    story += [para(scale_key, s.muted), Spacer(0, 3 * mm)]

    head = ["#", "Value", "Average level", "Target", "Rated"]
    rows: list[list[Flowable]] = [[Paragraph(h, s.cell_head) for h in head]]
    for n, value in enumerate(results.values, start=1):
        rows.append(
            [
                Paragraph(str(n), s.cell),
                para(value.title, s.cell),
                Paragraph(level_text(value.mean_level), s.cell),
                Paragraph(level_text(value.mean_target), s.cell),
                Paragraph(f"{value.rated_count} of {value.behaviour_count}", s.cell),
            ]
        )
    widths = [10 * mm, FRAME_WIDTH - 88 * mm, 28 * mm, 22 * mm, 28 * mm]
    story.append(data_table(rows, widths))
    return story


def _behaviour_table(plan: PlanDocument, items: tuple[BehaviourResult, ...]) -> Flowable:
    s = styles()
    labels = plan.level_labels
    values = plan.value_titles()
    head = ["Behaviour", "Value", "Level", "Target"]
    rows: list[list[Flowable]] = [[Paragraph(h, s.cell_head) for h in head]]
    for item in items:
        level = labels.get(item.level, str(item.level)) if item.level is not None else "–"
        rows.append(
            [
                para(item.text, s.cell),
                para(values.get(item.value_id, item.value_id), s.cell),
                para(level, s.cell),
                para(labels.get(item.target, str(item.target)), s.cell),
            ]
        )
    widths = [FRAME_WIDTH - 108 * mm, 50 * mm, 29 * mm, 29 * mm]
    return data_table(rows, widths)


def highlights(plan: PlanDocument) -> list[Flowable]:
    s = styles()
    results = plan.results
    story: list[Flowable] = []
    strengths: list[Flowable] = [
        Paragraph("Strengths and development areas", s.h1),
        Paragraph("Strengths", s.h2),
        Paragraph("Behaviours furthest above their targets.", s.muted),
    ]
    if results.strengths:
        strengths.append(_behaviour_table(plan, results.strengths))
    else:
        strengths.append(Paragraph("No rated behaviour is at or above its target yet.", s.body))
    story.append(KeepTogether(strengths))
    development: list[Flowable] = [
        Paragraph("Development areas", s.h2),
        Paragraph("Behaviours furthest below their targets.", s.muted),
    ]
    if results.development_areas:
        development.append(_behaviour_table(plan, results.development_areas))
    else:
        development.append(Paragraph("No rated behaviour is below its target.", s.body))
    story.append(KeepTogether(development))
    if results.unrated:
        story.append(Spacer(0, 3 * mm))
        story.append(
            Paragraph(
                f"{_plural(len(results.unrated), 'behaviour is', 'behaviours are')} not yet "
                "rated; they are listed under their values as “Not yet rated”.",
                s.muted,
            )
        )
    return story
