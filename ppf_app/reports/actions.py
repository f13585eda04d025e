"""The plan itself: objectives (or worked examples), suggested areas, the review of the
previous plan, and the signatures."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from ppf_app.domain.advice import AdvisedArea
from ppf_app.domain.plan import Objective, PlanDocument
from ppf_app.domain.smart_examples import ExampleObjective
from ppf_app.reports.fonts import BOLD
from ppf_app.reports.styles import (
    ACCENT_DARK_HEX,
    FRAME_WIDTH,
    MUTED_HEX,
    ROW_BAND,
    RULE,
    TARGET,
    styles,
)
from ppf_app.reports.tables import data_table, heading, long_date, para, unkept
from ppf_app.reports.text import markup

#: Activities listed under a suggested area on the plan's pages (the rest are in the
#: framework, and the other areas linked to a gap follow the results).
ACTIVITIES_SHOWN = 2
NOT_AGREED = "Not agreed yet"
NUMBER_WIDTH = 8 * mm
LABEL_WIDTH = 27 * mm


def need(plan: PlanDocument, behaviour_id: str) -> Paragraph:
    """``2.1 I contribute ... Now Developing; target Strong.``: a linked behaviour in full,
    with its level and target."""
    s = styles()
    row = plan.row_index.get(behaviour_id)
    if row is None:
        return para(behaviour_id, s.cell)
    return need_paragraph(row.number, row.behaviour_text, row.level_label, row.target_label)


def need_paragraph(
    number: str, text: str, level: str, target: str, aim: str = "target"
) -> Paragraph:
    s = styles()
    standing = markup(f"Now {level}; {aim} {target}.")
    return Paragraph(
        f"<b>{markup(number, BOLD)}</b> {markup(' '.join(text.split()))} "
        f'<font color="{MUTED_HEX}">{standing}</font>',
        s.cell,
    )


def _field_table(
    number: str, head: Flowable, fields: Sequence[tuple[str, list[Flowable]]]
) -> Table:
    """An objective or example: its number and head line, then a label and value a row."""
    s = styles()
    rows: list[list[object]] = [[para(number, s.cell_bold), head, ""]]
    for label, value in fields:
        rows.append(["", para(label, s.label), value])
    return data_table(
        rows,
        [NUMBER_WIDTH, LABEL_WIDTH, FRAME_WIDTH - NUMBER_WIDTH - LABEL_WIDTH],
        header=False,
        zebra=False,
        extra=(
            ("SPAN", (1, 0), (2, 0)),
            ("BACKGROUND", (0, 0), (-1, 0), ROW_BAND),
            ("LINEBELOW", (0, 0), (-1, -2), 0, ROW_BAND),
            ("LINEBELOW", (0, -1), (-1, -1), 0.8, RULE),
            ("TOPPADDING", (0, 1), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 1), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 5),
        ),
    )


def _value(text: str) -> list[Flowable]:
    s = styles()
    if text.strip():
        return [para(text.strip(), s.cell)]
    return [Paragraph(NOT_AGREED, s.note)]


def _objective(plan: PlanDocument, n: int, objective: Objective) -> Table:
    s = styles()
    needs: list[Flowable] = [need(plan, b) for b in objective.linked_behaviours]
    if not needs:
        needs = [Paragraph("No behaviour linked yet", s.note)]
    when = long_date(objective.target_date, NOT_AGREED)
    status = objective.status or "Not started"
    if objective.carried_from and objective.state is not None and not objective.state.is_open:
        status = "Carried forward from the previous plan"
    return _field_table(
        f"{n}.",
        para(objective.objective or "(no objective written)", s.cell_bold),
        [
            ("For", needs),
            ("Activity", _value(objective.activity)),
            ("Support", _value(objective.support)),
            ("Success measure", _value(objective.success_measure)),
            ("Target date", [para(f"{when} · Status: {status}", s.cell)]),
        ],
    )


def objectives(plan: PlanDocument) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = heading("Objectives", s.h1)
    if not plan.objectives:
        return story + examples(plan)
    count = len(plan.objectives)
    lead = (
        f"{count} objective{'s' if count != 1 else ''} agreed, each with the behaviours it "
        "is for: their level now and their target."
    )
    story.append(Paragraph(lead, unkept(s.lead)))
    for n, objective in enumerate(plan.objectives, start=1):
        story += [_objective(plan, n, objective), Spacer(0, 2 * mm)]
    return story


def _example(n: int, example: ExampleObjective) -> Table:
    s = styles()
    gap = example.need
    aim = "the top of the scale is" if example.stretch else "target"
    head = Paragraph(
        f'<font color="{ACCENT_DARK_HEX}">EXAMPLE TO REWRITE</font>'
        f" · {markup(example.area_title, s.cell_bold.fontName)}",
        s.cell_bold,
    )
    sentence = f"By {long_date(example.due)}, {example.action}."
    table = _field_table(
        f"{n}.",
        head,
        [
            ("Objective", [para(sentence, s.example)]),
            (
                "For",
                [need_paragraph(gap.number, gap.text, gap.level_label, gap.target_label, aim)],
            ),
            ("Success measure", [para(example.measure, s.cell)]),
            ("Support", [para(example.support, s.cell)]),
        ],
    )
    table.setStyle([("BACKGROUND", (0, 0), (0, -1), TARGET)])
    return table


def examples(plan: PlanDocument) -> list[Flowable]:
    """In place of the objectives: a worked example per suggested area, to rewrite."""
    s = styles()
    if not plan.examples:
        return [
            Paragraph(
                "No objective is agreed yet, and nothing rated is below target for a "
                "training area to address: agree two to five objectives with your "
                "appraiser and write them in the app.",
                s.body,
            )
        ]
    story: list[Flowable] = [
        Paragraph(
            "No objective is agreed yet. For each suggested area there is an example, "
            "written from your own largest gap in it: rewrite it in your own words with "
            "your appraiser, keeping it specific, measurable and dated, and record it in "
            "the app. A plan usually holds two to five.",
            unkept(s.lead),
        )
    ]
    for n, example in enumerate(plan.examples, start=1):
        story += [_example(n, example), Spacer(0, 2 * mm)]
    return story


def _addressed_by(plan: PlanDocument, area: AdvisedArea) -> list[int]:
    """The numbers of the objectives linked to a behaviour the area was chosen for."""
    ids = {b.behaviour_id for b in area.behaviours}
    return [
        n
        for n, objective in enumerate(plan.objectives, start=1)
        if ids.intersection(objective.linked_behaviours)
    ]


def suggestions(plan: PlanDocument) -> list[Flowable]:
    s = styles()
    advice = plan.advice
    title_text = "Areas to stretch into" if advice.stretch else "Suggested training areas"
    story: list[Flowable] = heading(title_text, s.h2, room=45 * mm)
    if not advice.suggestions:
        story.append(
            Paragraph(
                "No training area is suggested: no rated behaviour has a gap an area addresses.",
                s.body,
            )
        )
        return story
    story.append(
        Paragraph(
            "Chosen one at a time for the largest gaps still open; the other areas linked "
            "to a gap are listed with the results.",
            unkept(s.lead),
        )
    )
    for n, area in enumerate(advice.suggestions, start=1):
        title = f"{n}. {area.title}"
        objectives = _addressed_by(plan, area)
        if objectives:
            named = ", ".join(str(o) for o in objectives)
            title += f" (objective{'s' if len(objectives) > 1 else ''} {named})"
        block: list[Flowable] = [para(title, s.h3), para(area.reason, s.cell)]
        for activity in area.activity_texts[:ACTIVITIES_SHOWN]:
            block.append(
                para(activity, s.bullet.clone("ActivityBullet", fontSize=9, leading=12), bullet="–")
            )
        more = len(area.activities) - ACTIVITIES_SHOWN
        if more > 0:
            block.append(Paragraph(f"and {more} more in the framework", s.note))
        story += block  # an area may run onto the next page; its title stays with its reason
    return story


def review(plan: PlanDocument) -> list[Flowable]:
    """What became of the previous plan's objectives."""
    s = styles()
    story: list[Flowable] = heading("Review of the previous plan", s.h2)
    if not plan.reviewed:
        story.append(Paragraph("No previous plan with objectives is recorded.", s.muted))
        return story
    head = [Paragraph(h, s.cell_head) for h in ("Objective", "Outcome", "Reflection")]
    rows: list[list[object]] = [head]
    for item in plan.reviewed:
        objective: list[Flowable] = [para(item.text, s.cell)]
        if item.target_date is not None:
            objective.append(Paragraph(f"Due {long_date(item.target_date)}", s.note))
        rows.append(
            [
                objective,
                para(item.outcome.label, s.cell_bold),
                para(item.reflection, s.cell) if item.reflection else Paragraph("–", s.note),
            ]
        )
    story.append(data_table(rows, [72 * mm, 28 * mm, FRAME_WIDTH - 100 * mm]))
    return story


def signatures(plan: PlanDocument) -> list[Flowable]:
    s = styles()
    block: list[Flowable] = [Paragraph("Signatures", s.h2)]
    review_on = long_date(plan.review_date)
    agreed = "Signing confirms that this plan was discussed and agreed"
    if review_on:
        agreed += f", and that it will be reviewed on {review_on}."
    else:
        agreed += ". Review date: ______________________"
    block.append(para(agreed, s.muted))
    head = [Paragraph(h, s.cell_head) for h in ("Role", "Name", "Signature", "Date")]
    rows: list[list[object]] = [head]
    for sig in plan.signatures:
        rows.append(
            [
                para(sig.role, s.cell_bold),
                para(sig.name, s.cell),
                "",
                para(long_date(sig.signed_on), s.cell),
            ]
        )
    block.append(
        data_table(
            rows,
            [32 * mm, 52 * mm, 54 * mm, FRAME_WIDTH - 138 * mm],
            zebra=False,
            row_heights=[None] + [12 * mm] * len(plan.signatures),
            extra=(("INNERGRID", (0, 1), (-1, -1), 0.5, RULE),),
        )
    )
    return [KeepTogether(block)]
