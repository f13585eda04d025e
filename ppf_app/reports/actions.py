"""What follows from the assessment: suggested training, objectives, review, signatures."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

from ppf_app.domain.plan import Objective, PlanDocument
from ppf_app.domain.suggestions import Suggestion
from ppf_app.reports.fonts import ITALIC
from ppf_app.reports.styles import FRAME_WIDTH, MUTED, MUTED_HEX, RULE, styles
from ppf_app.reports.tables import data_table, long_date, para
from ppf_app.reports.text import excerpt, markup

BEHAVIOURS_SHOWN = 8
"""How many of a suggestion's behaviours the plan lists (widest gaps first)."""

BLANK_OBJECTIVES = 4
"""Empty rows printed when no objective is recorded yet, to agree and write in by hand."""


def _suggestion(plan: PlanDocument, n: int, suggestion: Suggestion) -> list[Flowable]:
    s = styles()
    labels = plan.level_labels
    count = suggestion.below_count
    gap = suggestion.total_gap
    why = (
        f"Suggested because {count} behaviour{'s' if count != 1 else ''} it addresses "
        f"{'are' if count != 1 else 'is'} below target, by {gap} level{'s' if gap != 1 else ''} "
        "in all:"
    )
    block: list[Flowable] = [para(f"{n}. {suggestion.title}", s.h3)]
    if suggestion.area.description:
        block.append(para(suggestion.area.description, s.body))
    block.append(Paragraph(why, s.body))
    for b in suggestion.behaviours[:BEHAVIOURS_SHOWN]:
        level = labels.get(b.level, str(b.level)) if b.level is not None else "–"
        target = labels.get(b.target, str(b.target))
        detail = markup(f"{level} against a target of {target}: {b.shortfall} below", ITALIC)
        block.append(
            Paragraph(
                f'{markup(b.text)}<br/><font color="{MUTED_HEX}"><i>{detail}</i></font>',
                s.bullet,
                bulletText="•",
            )
        )
    hidden = len(suggestion.behaviours) - BEHAVIOURS_SHOWN
    if hidden > 0:
        more = (
            f"and {hidden} more behaviour{'s' if hidden != 1 else ''} below target, "
            "listed under “Ratings by value”."
        )
        block.append(Paragraph(more, s.bullet, bulletText="•"))
    if suggestion.activities:
        block.append(Paragraph("Activities:", s.body.clone("ActivitiesHead", spaceBefore=4)))
        for activity in suggestion.activities:
            block.append(para(activity, s.bullet, bullet="–"))
    return block


def suggestions(plan: PlanDocument) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [Paragraph("Suggested training areas", s.h1)]
    if not plan.suggestions:
        story.append(
            Paragraph(
                "No training area is suggested: no rated behaviour is below its target.", s.body
            )
        )
        return story
    story.append(
        Paragraph(
            "Ranked by how far below target the behaviours each area addresses are, widest "
            "gaps first.",
            s.muted,
        )
    )
    for n, suggestion in enumerate(plan.suggestions, start=1):
        story.append(KeepTogether(_suggestion(plan, n, suggestion)))
        story.append(Spacer(0, 2 * mm))
    return story


def _linked(plan: PlanDocument, objective: Objective) -> str:
    texts = {r.behaviour_id: r.behaviour_text for r in plan.rows}
    return "\n".join("• " + excerpt(texts.get(b, b), 60) for b in objective.linked_behaviours)


def objectives(plan: PlanDocument) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [CondPageBreak(60 * mm), Paragraph("Objectives", s.h1)]
    head = [
        "Objective",
        "Behaviours",
        "Activity and support",
        "Success measure",
        "Target date",
        "Status",
    ]
    rows: list[list[object]] = [[Paragraph(h, s.cell_head) for h in head]]
    heights: list[float | None] = [None]
    if plan.objectives:
        for o in plan.objectives:
            activity = o.activity
            if o.support:
                activity = (
                    f"{activity}\nSupport: {o.support}" if activity else f"Support: {o.support}"
                )
            rows.append(
                [
                    para(o.objective, s.cell),
                    para(_linked(plan, o), s.cell),
                    para(activity, s.cell),
                    para(o.success_measure, s.cell),
                    para(long_date(o.target_date), s.cell),
                    para(o.status, s.cell),
                ]
            )
            heights.append(None)
    else:
        story.append(
            Paragraph("Agree your objectives with your appraiser and write them in below.", s.muted)
        )
        for _ in range(BLANK_OBJECTIVES):
            rows.append([""] * len(head))
            heights.append(17 * mm)
    widths = [38 * mm, 36 * mm, 32 * mm, 28 * mm, 18 * mm, FRAME_WIDTH - 152 * mm]
    grid = () if plan.objectives else (("INNERGRID", (0, 1), (-1, -1), 0.5, RULE),)
    story.append(
        data_table(rows, widths, zebra=bool(plan.objectives), row_heights=heights, extra=grid)
    )
    return story


def review_and_signatures(plan: PlanDocument) -> list[Flowable]:
    s = styles()
    review = long_date(plan.review_date, "")
    block: list[Flowable] = [Paragraph("Review", s.h2)]
    if review:
        block.append(para(f"This plan will be reviewed on {review}.", s.body))
    else:
        block.append(Paragraph("Review date: ______________________________", s.body))
    block.append(Paragraph("Signatures", s.h2))
    block.append(
        Paragraph(
            "Signing confirms that this plan was discussed and agreed.",
            s.muted.clone("SignNote", textColor=MUTED),
        )
    )
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
            row_heights=[None] + [16 * mm] * len(plan.signatures),
            extra=(("INNERGRID", (0, 1), (-1, -1), 0.5, RULE),),
        )
    )
    return [Spacer(0, 4 * mm), KeepTogether(block)]
