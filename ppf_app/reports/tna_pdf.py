"""The training-needs analysis as a short PDF report for a learning and development lead.

From a :class:`~ppf_app.domain.tna.TnaReport` (figures already through disclosure
control, so nothing here can show more than the CSV file does): the training areas
ranked by the people who need them, a heat map of mean gaps (segments by values, hidden
cells marked ``*``), every figure, and how small groups were protected. In the plan
report's fonts, colours and page furniture.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Spacer

from ppf_app import __version__
from ppf_app.domain.disclosure import HIDDEN, ROUNDING_BASE, format_count, format_mean
from ppf_app.domain.tna import ALL_SEGMENT, KIND_TRAINING_AREA, KIND_VALUE, TnaReport, TnaRow
from ppf_app.reports.fonts import BOLD, REGULAR
from ppf_app.reports.furniture import NumberedCanvas, PlanDocTemplate
from ppf_app.reports.styles import ACCENT, FRAME_WIDTH, RULE, TEXT, WHITE, styles
from ppf_app.reports.tables import data_table, long_date, para

TITLE = "Training needs analysis"
#: The heat map's colours: no gap (pale) to the largest gap shown (the accent).
HEAT_LOW = colors.HexColor("#F2F7FC")
HIDDEN_FILL = colors.HexColor("#D9DEE1")

BREAKDOWN_WORDS = {
    "department": "by department",
    "group": "by the group each assessment was made for",
    "organisation": "for the whole organisation",
}


def heat_colour(share: float) -> colors.Color:
    """The colour of a share of the largest gap shown (:meth:`HeatMap.share`)."""
    return colors.linearlyInterpolatedColor(HEAT_LOW, ACCENT, 0.0, 1.0, share)


def _figures(row: TnaRow) -> list[str]:
    return list(row.figures.texts())


def _ranking(report: TnaReport) -> list[Flowable]:
    s = styles()
    if not report.area_ranking:
        return [para("This framework names no training areas.", s.muted)]
    head = [
        para(text, s.cell_head)
        for text in ("#", "Training area", "People with a need", "People", "Mean gap")
    ]
    body = []
    for rank, row in enumerate(report.area_ranking, start=1):
        people, with_need, mean = _figures(row)
        body.append(
            [
                para(str(rank) if not row.hidden else "", s.cell),
                para(row.title, s.cell_bold if rank <= 3 and not row.hidden else s.cell),
                para(with_need, s.cell),
                para(people, s.cell),
                para(mean or "–", s.cell),
            ]
        )
    return [data_table([head, *body], _widths(0.06, 0.52, 0.16, 0.12, 0.14))]


def _heat_map(report: TnaReport) -> list[Flowable]:
    s = styles()
    heat = report.heat_map
    columns = heat.columns
    if not columns:
        return []
    segment_width = 0.28 if len(columns) <= 8 else 0.22
    cell_share = (1 - segment_width) / len(columns)
    centred = ParagraphStyle("CellHeadCentred", parent=s.cell_head, alignment=TA_CENTER)
    head = [para("Segment", s.cell_head)] + [
        para(str(number), centred) for number in range(1, len(columns) + 1)
    ]
    body: list[list[Any]] = []
    extra: list[tuple[Any, ...]] = [
        ("ALIGN", (1, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (1, 1), (-1, -1), 0.5, WHITE),
    ]
    for r, segment in enumerate(heat.segments, start=1):
        line: list[Any] = [para(segment, s.cell_bold if segment == ALL_SEGMENT else s.cell)]
        for c, (gap, hidden) in enumerate(zip(heat.cells[r - 1], heat.hidden[r - 1], strict=True)):
            if hidden:
                text, fill, ink = HIDDEN, HIDDEN_FILL, TEXT
            elif gap is None:
                text, fill, ink = "–", WHITE, TEXT
            else:
                fill = heat_colour(heat.share(gap))
                text, ink = format_mean(gap), WHITE if heat.dark(gap) else TEXT
            line.append(text)
            extra += [
                ("BACKGROUND", (c + 1, r), (c + 1, r), fill),
                ("TEXTCOLOR", (c + 1, r), (c + 1, r), ink),
                ("FONTNAME", (c + 1, r), (c + 1, r), BOLD if hidden else REGULAR),
            ]
        body.append(line)
    table = data_table(
        [head, *body],
        _widths(segment_width, *([cell_share] * len(columns))),
        zebra=False,
        extra=extra,
    )
    key = "; ".join(f"{n} {heading.title}" for n, heading in enumerate(columns, start=1))
    return [
        table,
        Spacer(1, 4),
        para(
            f"Values: {key}. Darker cells: larger mean gaps (the darkest is "
            f"{format_mean(heat.highest)} steps); {HIDDEN}: hidden to protect a small group; "
            "–: nobody in the segment was asked the value.",
            s.muted,
        ),
    ]


def _all_figures(report: TnaReport) -> list[Flowable]:
    s = styles()
    head = [para(t, s.cell_head) for t in ("Value or training area", "People", "With a need",
                                           "Mean gap")]  # fmt: skip
    body: list[list[Any]] = []
    extra: list[tuple[Any, ...]] = []
    for segment in report.segments:
        extra += [("SPAN", (0, len(body) + 1), (-1, len(body) + 1)),
                  ("LINEABOVE", (0, len(body) + 1), (-1, len(body) + 1), 0.8, RULE)]  # fmt: skip
        body.append([para(segment, s.section_row), "", "", ""])
        for kind, label in ((KIND_VALUE, "Value"), (KIND_TRAINING_AREA, "Training area")):
            for row in report.segment_rows(segment, kind):
                people, with_need, mean = _figures(row)
                body.append(
                    [
                        para(f"{row.title} ({label.lower()})", s.cell),
                        para(people, s.cell),
                        para(with_need, s.cell),
                        para(mean or "–", s.cell),
                    ]
                )
    return [data_table([head, *body], _widths(0.58, 0.14, 0.14, 0.14), extra=extra)]


def _disclosure(report: TnaReport) -> list[Flowable]:
    s = styles()
    hidden = sum(1 for row in report.rows if row.hidden)
    lines = [
        f"Counts of people are rounded to the nearest {ROUNDING_BASE}; means are worked out "
        "from the exact figures and rounded to two decimals.",
        f"A segment with fewer than {report.min_group} people in a value or training area "
        f"shows {HIDDEN} for all its figures there. Where a hidden figure could be worked "
        "out by subtracting the other segments from 'all', the next smallest segment is "
        "hidden too.",
        "Only levels are counted: no evidence, note or other text anyone wrote is read.",
        (
            f"In this report {hidden} of the {len(report.rows)} lines of figures are hidden."
            if hidden
            else "No figure had to be hidden in this report."
        ),
    ]
    return [para(line, s.bullet, bullet="•") for line in lines]


def tna_story(
    report: TnaReport, *, framework_title: str, framework_version: str, made_on: date | None
) -> list[Flowable]:
    s = styles()
    about = (
        f"{framework_title} {framework_version} · {BREAKDOWN_WORDS[report.breakdown]} · "
        f"smallest group shown: {report.min_group}"
    )
    if made_on is not None:
        about += f" · {long_date(made_on)}"
    everyone = report.row(ALL_SEGMENT, KIND_VALUE, report.values[0].id) if report.values else None
    count = format_count(everyone.people) if everyone is not None else "0"
    story: list[Flowable] = [
        NextPageTemplate("body"),
        para(TITLE, s.h1),
        para(about, s.muted),
        para(
            f"About {count} people, each counted once with their latest complete assessment "
            "on this framework version (the levels agreed at a signed appraisal, else their "
            "own). A need is a behaviour below the target for the person's group; the gap is "
            "the scale steps below target times the behaviour's importance for the group, "
            "averaged over the behaviours of a value or area the person was asked.",
            s.body,
        ),
        para("How small groups are protected", s.h2),
        *_disclosure(report),
        para("Training areas ranked by the people who need them", s.h2),
        *_ranking(report),
        para("Heat map: mean gap by value", s.h2),
        *_heat_map(report),
        PageBreak(),
        para("All figures", s.h2),
        para(
            "As in the CSV file: for each segment, its values, then its training areas in "
            "the order of the ranking.",
            s.muted,
        ),
        *_all_figures(report),
    ]
    return story


def render_tna_pdf(
    report: TnaReport,
    *,
    framework_title: str,
    framework_version: str,
    invariant: bool = False,
    made_on: date | None = None,
) -> bytes:
    """The report as PDF bytes (``invariant``: byte-stable, no date printed)."""
    buffer = io.BytesIO()
    doc = PlanDocTemplate(
        buffer,
        header=f"{TITLE} · {framework_title} {framework_version}",
        title=f"{TITLE}: {framework_title} {framework_version}",
        author="PPF Self-Assessment",
        subject=TITLE,
        creator=f"PPF Self-Assessment {__version__}",
        invariant=1 if invariant else 0,
        initialFontName=REGULAR,
    )
    shown_date = None if invariant else (made_on or date.today())
    doc.build(
        tna_story(
            report,
            framework_title=framework_title,
            framework_version=framework_version,
            made_on=shown_date,
        ),
        canvasmaker=NumberedCanvas,
    )
    return buffer.getvalue()


def _widths(*shares: float) -> list[float]:
    return [FRAME_WIDTH * share for share in shares]
