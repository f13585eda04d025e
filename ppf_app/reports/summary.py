"""The results the plan rests on: value averages against targets with the change since
the previous assessment, the charts, the scale, strengths and development areas, the
other areas linked to a gap, and the framework's questions answered in words."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table, TableStyle

from ppf_app.domain.plan import HIGHLIGHTS, PlanDocument
from ppf_app.domain.results import BehaviourResult, ValueResult
from ppf_app.reports.chart import ranked_chart, value_chart
from ppf_app.reports.fonts import REGULAR
from ppf_app.reports.styles import FRAME_WIDTH, styles
from ppf_app.reports.tables import (
    KEEP_WITH_TABLE,
    data_table,
    heading,
    level_text,
    long_date,
    para,
    unkept,
)

#: Behaviours named under an "also relevant" area before "and N more".
RELATED_NAMED = 8
CHART_GAP = 6 * mm
#: The fewest values a radar is drawn for.
RADAR_FROM = 3


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _compared_with(plan: PlanDocument) -> str:
    previous = plan.previous
    if previous is None:
        return "There is no earlier assessment to compare with."
    kind = {"self": "self assessment", "agreed": "agreed assessment"}.get(
        previous.kind, f"{previous.kind} assessment"
    )
    text = f"Change is since the {kind} of {long_date(previous.assessed_on)}"
    if previous.through_crosswalk:
        text += (
            f" on {previous.framework_title} {previous.framework_version}, compared through "
            "the crosswalk of the framework named above"
        )
    return text + "."


def _target(plan: PlanDocument, value: ValueResult) -> str:
    if value.target is None:
        return level_text(value.mean_target)
    return f"{plan.level_label(value.target)} ({value.target})"


def _change(plan: PlanDocument, value: ValueResult) -> str:
    previous = plan.previous.value_levels.get(value.value_id) if plan.previous else None
    if previous is None or value.mean_level is None:
        return "–"
    change = round(value.mean_level - previous, 1)
    if change == 0:
        return "no change"
    return f"{change:+.1f}".replace("-", "−")


def _answered(value: ValueResult) -> str:
    text = f"{value.rated_count} of {value.behaviour_count}"
    if value.not_applicable_count:
        text += f", {value.not_applicable_count} n/a"
    return text


def results(plan: PlanDocument) -> list[Flowable]:
    s = styles()
    res = plan.results
    group = plan.person.group_title or plan.person.group_id
    lead = (
        f"{res.rated_count} of {plural(len(res.behaviours), 'behaviour', 'behaviours')} rated "
        f"against the targets for {group}"
    )
    if res.not_applicable_count:
        lead += (
            f"; {res.not_applicable_count} answered “{plan.not_applicable_label}”, counted "
            "apart (in no average, gap or strength)"
        )
    lead += ". " + _compared_with(plan)
    change = plan.previous is not None
    head = ["#", "Value", "Average", "Target", *(["Change"] if change else []), "Rated"]
    rows: list[list[Flowable]] = [[Paragraph(h, s.cell_head) for h in head]]
    for n, value in enumerate(res.values, start=1):
        row = [
            Paragraph(str(n), s.cell),
            para(value.title, s.cell),
            Paragraph(level_text(value.mean_level), s.cell),
            para(_target(plan, value), s.cell),
        ]
        if change:
            row.append(Paragraph(_change(plan, value), s.cell))
        rows.append([*row, Paragraph(_answered(value), s.cell)])
    widths = [8 * mm, FRAME_WIDTH - 116 * mm, 20 * mm, 32 * mm, 22 * mm, 34 * mm]
    if not change:
        widths[1] += widths.pop(4)
    return [Paragraph("Results", s.h1), para(lead, s.body), data_table(rows, widths)]


def charts(plan: PlanDocument) -> list[Flowable]:
    """The radar (axes in the framework's order) beside the ranked chart."""
    s = styles()
    values = plan.results.values
    if len(values) < RADAR_FROM:  # no radar of fewer axes: the ranked chart alone
        caption = (
            "Each value's average level (dot) against its target (mark), furthest below "
            "target first."
        )
        return [ranked_chart(values, plan.scale, FRAME_WIDTH), Paragraph(caption, s.muted)]
    half = (FRAME_WIDTH - CHART_GAP) / 2
    radar = value_chart(values, plan.scale, half, titles=False)
    ranking = ranked_chart(values, plan.scale, half)
    table = Table(
        [[radar, "", ranking]],
        colWidths=[half, CHART_GAP, half],
        hAlign="LEFT",
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )
    caption = (
        "Left: each value's average level (blue) against its target (yellow), the values "
        "numbered as in the table. A radar's shape depends on the order of its axes, so "
        "right: the same values ranked, furthest below target first."
    )
    return [table, Paragraph(caption, s.muted)]


def scale_key(plan: PlanDocument) -> list[Flowable]:
    """The scale, once, with what each level means."""
    s = styles()
    described = any(plan.scale_descriptions)
    if not described:
        text = "The scale: " + " · ".join(f"{value} {label}" for value, label in plan.scale)
        return [para(text, s.muted)]
    rows: list[list[Flowable]] = [
        [Paragraph(str(value), s.cell), para(label, s.cell_bold), para(description, s.cell)]
        for (value, label), description in zip(plan.scale, plan.scale_descriptions, strict=True)
    ]
    head = [Paragraph(h, s.cell_head) for h in ("", "The scale", "What it means")]
    return [
        data_table(
            [head, *rows],
            [8 * mm, 32 * mm, FRAME_WIDTH - 40 * mm],
            extra=(
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ),
        )
    ]


def _behaviour_table(plan: PlanDocument, items: tuple[BehaviourResult, ...]) -> Flowable:
    s = styles()
    head = ["#", "Behaviour", "Level", "Target"]
    rows: list[list[Flowable]] = [[Paragraph(h, s.cell_head) for h in head]]
    for item in items:
        level = plan.level_label(item.level) if item.level is not None else "–"
        rows.append(
            [
                Paragraph(item.number, s.cell),
                para(item.text, s.cell),
                para(level, s.cell),
                para(plan.level_label(item.target), s.cell),
            ]
        )
    return data_table(rows, [12 * mm, FRAME_WIDTH - 70 * mm, 29 * mm, 29 * mm])


def highlights(plan: PlanDocument) -> list[Flowable]:
    s = styles()
    res = plan.results
    head: list[Flowable] = heading("Strengths and development areas", s.h2, room=45 * mm)
    at_target = plan.at_target_count
    counts = [
        plural(at_target, "behaviour is", "behaviours are") + " at target"
        if at_target
        else "No behaviour is at target"
    ]
    if res.not_applicable_count:
        counts.append(f"{res.not_applicable_count} answered “{plan.not_applicable_label}”")
    if res.unrated:
        counts.append(f"{len(res.unrated)} not yet rated")
    head.append(para("; ".join(counts) + ": they are in neither list.", unkept(s.lead)))
    head.append(Paragraph("Strengths: above target, furthest first", unkept(s.h3)))
    shown = plan.strengths[:HIGHLIGHTS]
    if shown:
        head.append(_behaviour_table(plan, shown))
    else:
        head.append(Paragraph("No rated behaviour is above its target.", s.body))
    story: list[Flowable] = head
    story += heading("Development areas: below target, largest gap first", s.h3)
    if res.development_areas:
        story.append(_behaviour_table(plan, res.development_areas))
    else:
        story.append(Paragraph("No rated behaviour is below its target.", s.body))
    return story


def also_relevant(plan: PlanDocument) -> list[Flowable]:
    """The areas linked to a gap that were not chosen, and gaps no chosen area covers."""
    s = styles()
    advice = plan.advice
    if not advice.also_relevant and not advice.uncovered:
        return []
    story: list[Flowable] = [
        CondPageBreak(KEEP_WITH_TABLE),
        Paragraph("Other areas linked to a gap", s.h2),
    ]
    if advice.also_relevant:
        story.append(
            Paragraph(
                "Not chosen for the plan, as the suggested areas cover larger gaps; worth a "
                "look when those are done.",
                s.lead,
            )
        )
    for area in advice.also_relevant:
        numbers = [b.number for b in area.behaviours]
        named = ", ".join(numbers[:RELATED_NAMED])
        if len(numbers) > RELATED_NAMED:
            named += f" and {len(numbers) - RELATED_NAMED} more"
        text = f"{area.title}: behaviour{'s' if len(numbers) > 1 else ''} {named}"
        story.append(para(text, s.bullet.clone("Related", fontSize=9, leading=12), bullet="•"))
    if advice.uncovered:
        listed = ", ".join(b.number for b in advice.uncovered)
        story.append(
            para(
                f"Gaps no suggested area covers: behaviours {listed}. Agree with your "
                "appraiser how to work on them.",
                s.body,
            )
        )
    return story


def prompts(plan: PlanDocument) -> list[Flowable]:
    """The framework's questions answered in words: each answered one with its answer,
    the others named in a line (they are still to answer)."""
    s = styles()
    if not plan.prompts:
        return []
    story: list[Flowable] = [
        CondPageBreak(KEEP_WITH_TABLE),
        Paragraph("In your own words", s.h2),
    ]
    waiting = []
    for item in plan.prompts:
        answer = item.answer.strip()
        if answer:
            story += [para(item.question, s.h3), para(answer, s.body)]
        else:
            waiting.append(f"“{' '.join(item.question.split())}”")
    if waiting:
        story.append(para("Not answered yet: " + " ".join(waiting), s.muted))
    return story
