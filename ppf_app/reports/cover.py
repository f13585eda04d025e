"""The cover: who the plan is for, and against which framework and assessment."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from ppf_app.domain.plan import PlanDocument
from ppf_app.reports.fonts import REGULAR
from ppf_app.reports.styles import ACCENT, FRAME_WIDTH, RULE, styles
from ppf_app.reports.tables import long_date, para

INTRO = (
    "This plan records an assessment against the values and behaviours of the framework "
    "named below, the training areas suggested by it and the objectives agreed. Review it "
    "with your appraiser and keep it with your appraisal records."
)


def cover(plan: PlanDocument) -> list[Flowable]:
    s = styles()
    band = Table(
        [
            [Paragraph("Personal development plan", s.title)],
            [para(plan.framework_title, s.subtitle)],
        ],
        colWidths=[FRAME_WIDTH],
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("BACKGROUND", (0, 0), (-1, -1), ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 16),
                ("RIGHTPADDING", (0, 0), (-1, -1), 16),
                ("TOPPADDING", (0, 0), (0, 0), 22),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 22),
            ]
        ),
    )
    person = plan.person
    name_style = s.h1.clone("CoverName", fontSize=22, leading=28, textColor=s.body.textColor)
    story: list[Flowable] = [band, Spacer(0, 18 * mm), para(person.name, name_style)]
    if person.job_title:
        story.append(para(person.job_title, s.cover_value))
    if person.organisation:
        story.append(para(person.organisation, s.cover_value))
    story.append(Spacer(0, 12 * mm))

    details = [
        ("Professional group", person.group_title or person.group_id),
        ("Framework", plan.framework_title),
        ("Framework version", plan.framework_version),
        ("Assessment", plan.kind_label),
        ("Assessment date", long_date(plan.assessment_date)),
        ("Review date", long_date(plan.review_date, "To be agreed")),
    ]
    rows = [[para(label, s.cover_label), para(value, s.cover_value)] for label, value in details]
    story.append(
        Table(
            rows,
            colWidths=[45 * mm, FRAME_WIDTH - 45 * mm],
            hAlign="LEFT",
            style=TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                    ("VALIGN", (0, 0), (-1, -1), "BASELINE"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
                    ("TOPPADDING", (0, 0), (-1, -1), 6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ]
            ),
        )
    )
    story += [Spacer(0, 14 * mm), Paragraph(INTRO, s.muted)]
    return story
