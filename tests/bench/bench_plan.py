"""Plan PDF: a full plan in-process against reportlab setting the same words plainly.

The baseline takes the words of the plan just written (read back from the PDF) and sets
them as plain paragraphs in one frame, in the same embedded font: the least reportlab
can do to print that much text.
"""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

from ppf_app.reports.fonts import REGULAR, register_fonts
from ppf_app.services import assessments, people, plan_report
from ppf_app.services.library import Library, open_library
from tests.bench.big_framework import write_big_framework
from tests.bench.figures import Figure
from tests.bench.libraries import make_library
from tests.bench.measure import median, repeat


def pdf_lines(path: Path) -> list[str]:
    reader = PdfReader(path)
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return [line.strip() for line in text.splitlines() if line.strip()]


def plain_pdf(lines: list[str], out: Path) -> None:
    """The lines as plain paragraphs in one frame per page, written to ``out``."""
    register_fonts()
    style = ParagraphStyle("plain", fontName=REGULAR, fontSize=10, leading=13)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=A4)
    frame = Frame(20 * mm, 20 * mm, A4[0] - 40 * mm, A4[1] - 40 * mm, id="text")
    doc.addPageTemplates([PageTemplate(id="plain", frames=[frame])])
    doc.build([Paragraph(escape(line), style) for line in lines])
    out.write_bytes(buffer.getvalue())


def complete_person(lib: Library) -> int:
    """A person whose latest assessment is complete."""
    for person in people.list_people(lib):
        latest = assessments.latest_assessment(lib, person.id)
        if latest is not None and latest.is_complete:
            return person.id
    raise RuntimeError("no person with a complete assessment")


def plan_figure(folder: Path, label: str, times: int, framework_file: Path | None) -> Figure:
    make_library(folder, people=8, per_person=2, framework_file=framework_file)
    out = folder / "plan.pdf"
    plain = folder / "plain.pdf"
    with open_library(folder) as lib:
        person_id = complete_person(lib)
        plan_seconds = repeat(lambda: plan_report.write_plan_pdf(lib, person_id, out), times)
    lines = pdf_lines(out)
    pages = len(PdfReader(out).pages)
    plain_seconds = repeat(lambda: plain_pdf(lines, plain), times)
    return Figure(
        label,
        median(plan_seconds),
        "s",
        baseline=median(plain_seconds),
        goal=2,
        note=f"plan_report.write_plan_pdf, median of {times} after one warm-up; baseline: "
        f"the same {sum(len(line.split()) for line in lines)} words as plain paragraphs",
        details={
            "plan_pages": pages,
            "plain_pages": len(PdfReader(plain).pages),
            "plan_runs": plan_seconds,
            "plain_runs": plain_seconds,
        },
    )


def run(work: Path, *, quick: bool) -> list[Figure]:
    times = 3 if quick else 5
    big = write_big_framework(work / "bench-large.toml")
    return [
        plan_figure(work / "plan-ppf", "Plan PDF, bundled framework (32 behaviours)", times, None),
        plan_figure(work / "plan-large", "Plan PDF, 300-behaviour framework", times, big),
    ]
