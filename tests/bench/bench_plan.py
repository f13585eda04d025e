"""Plan PDF: a full plan in-process against reportlab setting the same words plainly, and
``ppf plan`` as a whole process against a bare script.

In-process, the baseline takes the words of the plan just written (read back from the
PDF) and sets them as plain paragraphs in one frame, in the same embedded font: the least
reportlab can do to print that much text.

As a process, ``ppf plan`` on a 300-behaviour framework (start, imports, opening the
library, reading, laying out, writing) runs alternately with
:mod:`tests.bench.baseline_plain_pdf`, a script that imports SQLModel and sets 600 plain
paragraphs (the framework's behaviours, twice) in one frame in the same embedded font.
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

from ppf_app.domain.framework_loader import load_framework
from ppf_app.reports.fonts import REGULAR, register_fonts
from ppf_app.services import assessments, people, plan_report
from ppf_app.services.library import Library, open_library
from tests.bench.bench_startup import alternate
from tests.bench.big_framework import write_big_framework
from tests.bench.figures import Figure
from tests.bench.libraries import make_library
from tests.bench.measure import PYTHON, median, repeat

HERE = Path(__file__).resolve().parent
#: How many plain paragraphs the process baseline sets.
PLAIN_PARAGRAPHS = 600
PROCESS_GOAL = 1.6


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
    out = folder.parent / f"{folder.name}-plan.pdf"  # never inside the data folder
    plain = folder.parent / f"{folder.name}-plain.pdf"
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


def process_figures(folder: Path, times: int, framework_file: Path) -> list[Figure]:
    """``ppf plan`` as a whole process against the bare script, run alternately."""
    make_library(folder, people=8, per_person=2, framework_file=framework_file)
    with open_library(folder) as lib:
        person_id = complete_person(lib)
    texts = [b.text for _, b in load_framework(framework_file).behaviours()]
    lines = folder.parent / "plain-paragraphs.txt"
    lines.write_text("\n".join((texts * 2)[:PLAIN_PARAGRAPHS]), encoding="utf-8")
    plan = [
        PYTHON, "-m", "ppf_app.cli.main", "--data-dir", str(folder), "plan",
        "--person", str(person_id), "--out", str(folder.parent / "plan-process.pdf"),
    ]  # fmt: skip
    plain = [
        PYTHON, str(HERE / "baseline_plain_pdf.py"), str(lines), str(folder.parent / "plain.pdf")
    ]  # fmt: skip
    app, bare = alternate(plan, plain, times)
    note = (
        f"median of {times} runs after one warm-up, run alternately; baseline: import sqlmodel "
        f"and set {PLAIN_PARAGRAPHS} plain paragraphs in one frame, same embedded font"
    )
    return [
        Figure(
            "ppf plan process, 300-behaviour framework",
            median([r.seconds for r in app]),
            "s",
            baseline=median([r.seconds for r in bare]),
            goal=PROCESS_GOAL,
            note=note + "; wall clock of the whole process",
            details={"plan": [r.seconds for r in app], "plain": [r.seconds for r in bare]},
        ),
        Figure(
            "ppf plan process CPU time (user + system)",
            median([r.cpu_seconds for r in app]),
            "s",
            baseline=median([r.cpu_seconds for r in bare]),
            goal=PROCESS_GOAL,
            note="the same runs' CPU time (os.wait4): steadier than wall clock on a busy machine",
            details={
                "plan": [r.cpu_seconds for r in app],
                "plain": [r.cpu_seconds for r in bare],
            },
        ),
    ]


def run(work: Path, *, quick: bool) -> list[Figure]:
    times = 3 if quick else 5
    big = write_big_framework(work / "bench-large.toml")
    return [
        plan_figure(work / "plan-ppf", "Plan PDF, bundled framework", times, None),
        plan_figure(work / "plan-large", "Plan PDF, 300-behaviour framework", times, big),
        *process_figures(work / "plan-process" / "library", 3 if quick else 7, big),
    ]
