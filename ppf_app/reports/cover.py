"""The head of the plan's first page: who the plan is for, against which framework and
group, from which assessment, and when it is reviewed."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from ppf_app.domain.plan import PlanDocument
from ppf_app.reports.fonts import REGULAR
from ppf_app.reports.styles import ACCENT, FRAME_WIDTH, RULE, styles
from ppf_app.reports.tables import long_date, para

INTRO = (
    "What will be done, by when, with what support, and why: the objectives agreed from "
    "an assessment against the framework named above, the training areas it suggests, "
    "and the review of the previous plan. The results it rests on follow the signatures."
)
LABEL_WIDTH = 25 * mm


def _band(plan: PlanDocument) -> Table:
    s = styles()
    title = s.title.clone("PlanTitle", fontSize=19, leading=24)
    rows: list[list[Flowable]] = [
        [Paragraph("Personal development plan", title)],
        [para(plan.person.name, s.subtitle)],
    ]
    return Table(
        rows,
        colWidths=[FRAME_WIDTH],
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("BACKGROUND", (0, 0), (-1, -1), ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 12),
                ("RIGHTPADDING", (0, 0), (-1, -1), 12),
                ("TOPPADDING", (0, 0), (0, 0), 10),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 10),
            ]
        ),
    )


def _assessment(plan: PlanDocument) -> str:
    kind = plan.kind_label
    text = f"{kind} of {long_date(plan.assessment_date)}"
    if plan.signed:
        signed = next(s.signed_on for s in plan.signatures if s.signed_on is not None)
        text += f", signed on {long_date(signed)}"
    return text


def cover(plan: PlanDocument) -> list[Flowable]:
    """The band with the person's name and the plan's particulars in two columns."""
    s = styles()
    person = plan.person
    details: list[tuple[str, str]] = [
        ("Framework", f"{plan.framework_title} {plan.framework_version}"),
        ("Group", person.group_title or person.group_id),
        ("Assessment", _assessment(plan)),
        ("Review date", long_date(plan.review_date, "To be agreed")),
    ]
    if person.job_title or person.organisation:
        details += [("Role", person.job_title or "–"), ("Organisation", person.organisation or "–")]
    rows = []
    for left, right in zip(details[0::2], details[1::2], strict=True):
        rows.append(
            [
                para(left[0], s.cover_label),
                para(left[1], s.cover_value),
                para(right[0], s.cover_label),
                para(right[1], s.cover_value),
            ]
        )
    value_width = (FRAME_WIDTH - 2 * LABEL_WIDTH) / 2
    table = Table(
        rows,
        colWidths=[LABEL_WIDTH - 3 * mm, value_width + 3 * mm, LABEL_WIDTH, value_width],
        hAlign="LEFT",
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ]
        ),
    )
    return [_band(plan), Spacer(0, 3 * mm), table, Spacer(0, 2 * mm), Paragraph(INTRO, s.muted)]
