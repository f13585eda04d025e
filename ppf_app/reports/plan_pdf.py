"""The development plan as a PDF (A4), built from a :class:`PlanDocument`.

Order: first the plan, on one or two pages: who, framework and group, dates; the
objectives (or a worked example per suggested area while none is agreed); the suggested
areas; the review of the previous plan; the signatures. Then the detail it rests on:
results by value with the change since the previous assessment, the radar beside a
ranked chart, the scale, strengths and development areas, the other areas linked to a
gap, the framework's questions answered in words, and every behaviour in an appendix.
Every page carries "Confidential: personal development record" and "Page N of M".

``invariant=True`` gives byte-identical output for identical input (fixed creation date
and document id), for tests and reproducible archives.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from ppf_app import __version__
from ppf_app.core.files import write_private_atomic
from ppf_app.domain.plan import PlanDocument
from ppf_app.reports.actions import objectives, review, signatures, suggestions
from ppf_app.reports.cover import cover
from ppf_app.reports.fonts import REGULAR
from ppf_app.reports.furniture import NumberedCanvas, PageFill, PlanDocTemplate, SectionEnd
from ppf_app.reports.ratings import ratings_by_value
from ppf_app.reports.summary import also_relevant, charts, highlights, prompts, results, scale_key
from ppf_app.reports.text import clean


def plan_story(plan: PlanDocument) -> list[Flowable]:
    """The flowables of the whole plan, in print order."""
    return [
        NextPageTemplate("body"),
        *cover(plan),
        *objectives(plan),
        *suggestions(plan),
        *review(plan),
        *signatures(plan),
        SectionEnd(),
        PageBreak(),
        *results(plan),
        *charts(plan),
        *scale_key(plan),
        *highlights(plan),
        *also_relevant(plan),
        *prompts(plan),
        *ratings_by_value(plan),
        SectionEnd(),
    ]


def layout_plan_pdf(plan: PlanDocument, *, invariant: bool = False) -> tuple[bytes, list[PageFill]]:
    """The plan as PDF bytes, and how full each page was left."""
    buffer = io.BytesIO()
    name = clean(plan.person.name)
    doc = PlanDocTemplate(
        buffer,
        header=f"Personal development plan · {name} · {plan.framework_title}",
        title=f"Personal development plan: {name}",
        author=name,
        subject=f"{plan.framework_title} {plan.framework_version}",
        creator=f"PPF Self-Assessment {__version__}",
        invariant=1 if invariant else 0,
        initialFontName=REGULAR,
    )
    doc.build(plan_story(plan), canvasmaker=NumberedCanvas)
    return buffer.getvalue(), doc.page_fills


def render_plan_pdf(plan: PlanDocument, *, invariant: bool = False) -> bytes:
    """The plan as PDF bytes."""
    return layout_plan_pdf(plan, invariant=invariant)[0]


def write_plan_pdf_file(
    plan: PlanDocument, path: str | os.PathLike[str], *, invariant: bool = False
) -> Path:
    """Write the plan to ``path`` atomically: all of it, or the old file untouched.

    The PDF is rendered in memory, written to a temporary file beside ``path``, flushed
    to disk and then renamed over ``path``.
    """
    return write_private_atomic(path, render_plan_pdf(plan, invariant=invariant))
