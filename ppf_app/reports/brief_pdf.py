"""The meeting brief: one A4 page to take into the appraisal meeting.

Top strengths, the three widest development areas, the largest self/appraiser
differences, the objectives agreed and the next review date, in the plan report's
fonts, colours and page furniture.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from reportlab.platypus import Flowable, Spacer

from ppf_app import __version__
from ppf_app.core.files import write_private_atomic
from ppf_app.domain.meeting import MeetingBrief, MeetingRow
from ppf_app.reports.fonts import REGULAR
from ppf_app.reports.furniture import NumberedCanvas, PlanDocTemplate
from ppf_app.reports.styles import FRAME_WIDTH, styles
from ppf_app.reports.tables import data_table, long_date, para
from ppf_app.reports.text import clean, excerpt

BEHAVIOUR_CHARS = 150
OBJECTIVE_CHARS = 160


def _rows_table(rows: tuple[MeetingRow, ...], brief: MeetingBrief, empty: str) -> list[Flowable]:
    s = styles()
    if not rows:
        return [para(empty, s.muted)]
    head = [para(text, s.cell_head) for text in ("Behaviour", "Level", "Target")]
    body = [
        [
            para(excerpt(row.behaviour_text, BEHAVIOUR_CHARS), s.cell),
            para(brief.label(row.level), s.cell),
            para(brief.label(row.target), s.cell),
        ]
        for row in rows
    ]
    return [data_table([head, *body], _widths(0.6, 0.22, 0.18))]


def _differences(brief: MeetingBrief) -> list[Flowable]:
    s = styles()
    if not brief.differences:
        return [para("No differences between the self and appraiser ratings.", s.muted)]
    head = [para(text, s.cell_head) for text in ("Behaviour", "Self", "Appraiser", "Agreed")]
    body = [
        [
            para(excerpt(row.behaviour_text, BEHAVIOUR_CHARS), s.cell),
            para(brief.label(row.self_level), s.cell),
            para(brief.label(row.appraiser_level), s.cell),
            para(brief.label(row.agreed_level), s.cell),
        ]
        for row in brief.differences
    ]
    return [data_table([head, *body], _widths(0.46, 0.18, 0.18, 0.18))]


def _objectives(brief: MeetingBrief) -> list[Flowable]:
    s = styles()
    if not brief.objectives:
        return [para("No objectives agreed yet.", s.muted)]
    items = []
    for objective in brief.objectives:
        text = excerpt(objective.text, OBJECTIVE_CHARS)
        if objective.target_date is not None:
            text += f" (by {long_date(objective.target_date)})"
        items.append(para(text, s.bullet, bullet="•"))
    return items


def _widths(*shares: float) -> list[float]:
    return [FRAME_WIDTH * share for share in shares]


def brief_story(brief: MeetingBrief) -> list[Flowable]:
    s = styles()
    about = f"Self assessment of {long_date(brief.self_assessed_on)} · {brief.framework_title}"
    if brief.rated_by:
        about += f" · appraiser: {brief.rated_by}"
    story: list[Flowable] = [
        para(f"Appraisal meeting brief: {brief.person_name}", s.h1),
        para(about, s.muted),
    ]
    if brief.job_title:
        story.append(para(brief.job_title, s.muted))
    story += [
        para("Top strengths", s.h2),
        *_rows_table(brief.strengths, brief, "No behaviour is at its target yet."),
        para("Development areas", s.h2),
        *_rows_table(brief.development_areas, brief, "No behaviour is below its target."),
        para("Largest differences between self and appraiser ratings", s.h2),
        *_differences(brief),
        para("Objectives agreed", s.h2),
        *_objectives(brief),
        Spacer(1, 4),
        para(f"Next review: {long_date(brief.review_date, 'not set')}", s.h3),
    ]
    if brief.signed_on is not None:
        appraisee, appraiser = brief.signed_by
        story.append(
            para(
                f"Signed on {long_date(brief.signed_on)} by {appraisee} (appraisee) "
                f"and {appraiser} (appraiser)",
                s.body,
            )
        )
    return story


def render_brief_pdf(brief: MeetingBrief, *, invariant: bool = False) -> bytes:
    buffer = io.BytesIO()
    name = clean(brief.person_name)
    doc = PlanDocTemplate(
        buffer,
        header=f"Appraisal meeting brief · {name}",
        title=f"Appraisal meeting brief: {name}",
        author=name,
        subject=brief.framework_title,
        creator=f"PPF Self-Assessment {__version__}",
        invariant=1 if invariant else 0,
        initialFontName=REGULAR,
    )
    doc.build(brief_story(brief), canvasmaker=NumberedCanvas)
    return buffer.getvalue()


def write_brief_pdf_file(
    brief: MeetingBrief, path: str | os.PathLike[str], *, invariant: bool = False
) -> Path:
    """Write the brief to ``path`` atomically (temporary file beside it, then rename)."""
    return write_private_atomic(path, render_brief_pdf(brief, invariant=invariant))
