"""The development plan as a PDF (A4), built from a :class:`PlanDocument`.

Order: cover; summary with the value chart; strengths and development areas; ratings by
value; suggested training areas; objectives; review date and signatures. Every page
carries "Confidential: personal development record" and "Page N of M".

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
from ppf_app.reports.actions import objectives, review_and_signatures, suggestions
from ppf_app.reports.cover import cover
from ppf_app.reports.fonts import REGULAR
from ppf_app.reports.furniture import NumberedCanvas, PlanDocTemplate
from ppf_app.reports.ratings import ratings_by_value
from ppf_app.reports.summary import highlights, summary
from ppf_app.reports.text import clean


def plan_story(plan: PlanDocument) -> list[Flowable]:
    """The flowables of the whole plan, in print order."""
    return [
        *cover(plan),
        NextPageTemplate("body"),
        PageBreak(),
        *summary(plan),
        *highlights(plan),
        PageBreak(),
        *ratings_by_value(plan),
        PageBreak(),
        *suggestions(plan),
        *objectives(plan),
        *review_and_signatures(plan),
    ]


def render_plan_pdf(plan: PlanDocument, *, invariant: bool = False) -> bytes:
    """The plan as PDF bytes."""
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
    return buffer.getvalue()


def write_plan_pdf_file(
    plan: PlanDocument, path: str | os.PathLike[str], *, invariant: bool = False
) -> Path:
    """Write the plan to ``path`` atomically: all of it, or the old file untouched.

    The PDF is rendered in memory, written to a temporary file beside ``path``, flushed
    to disk and then renamed over ``path``.
    """
    return write_private_atomic(path, render_plan_pdf(plan, invariant=invariant))
