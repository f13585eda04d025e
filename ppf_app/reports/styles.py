"""Colours, page geometry and paragraph styles of the development plan."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from ppf_app.reports.fonts import BOLD, ITALIC, REGULAR, register_fonts

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 22 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_X

# NHS identity colours: calm, high-contrast, printable.
NHS_BLUE = colors.HexColor("#005EB8")
NHS_DARK_BLUE = colors.HexColor("#003087")
NHS_PALE_BLUE = colors.HexColor("#E8F1FA")
NHS_LIGHT_BLUE = colors.HexColor("#41B6E6")
NHS_DARK_GREY = colors.HexColor("#425563")
NHS_MID_GREY = colors.HexColor("#768692")
NHS_PALE_GREY = colors.HexColor("#E8EDEE")
NHS_WARM_YELLOW = colors.HexColor("#FFB81C")
TEXT = colors.HexColor("#212B32")
WHITE = colors.white


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_head: ParagraphStyle
    evidence: ParagraphStyle
    bullet: ParagraphStyle
    cover_label: ParagraphStyle
    cover_value: ParagraphStyle


@cache
def styles() -> Styles:
    register_fonts()
    body = ParagraphStyle(
        "Body",
        fontName=REGULAR,
        bulletFontName=REGULAR,
        fontSize=10,
        leading=14,
        textColor=TEXT,
        alignment=TA_LEFT,
        splitLongWords=1,
        spaceAfter=6,
    )
    cell = ParagraphStyle("Cell", parent=body, fontSize=9, leading=12, spaceAfter=0)
    return Styles(
        body=body,
        small=ParagraphStyle("Small", parent=body, fontSize=8.5, leading=11.5),
        muted=ParagraphStyle(
            "Muted", parent=body, fontSize=9, leading=12.5, textColor=NHS_DARK_GREY
        ),
        title=ParagraphStyle(
            "Title", parent=body, fontName=BOLD, fontSize=26, leading=32, textColor=WHITE
        ),
        subtitle=ParagraphStyle(
            "Subtitle", parent=body, fontSize=13, leading=18, textColor=WHITE, spaceAfter=0
        ),
        h1=ParagraphStyle(
            "H1",
            parent=body,
            keepWithNext=1,
            fontName=BOLD,
            fontSize=17,
            leading=22,
            textColor=NHS_BLUE,
            spaceBefore=16,
            spaceAfter=8,
        ),
        h2=ParagraphStyle(
            "H2",
            parent=body,
            keepWithNext=1,
            fontName=BOLD,
            fontSize=12.5,
            leading=17,
            textColor=NHS_DARK_BLUE,
            spaceBefore=12,
            spaceAfter=4,
        ),
        h3=ParagraphStyle(
            "H3",
            parent=body,
            keepWithNext=1,
            fontName=BOLD,
            fontSize=10.5,
            leading=14,
            textColor=TEXT,
            spaceBefore=8,
            spaceAfter=3,
        ),
        cell=cell,
        cell_bold=ParagraphStyle("CellBold", parent=cell, fontName=BOLD),
        cell_head=ParagraphStyle("CellHead", parent=cell, fontName=BOLD, textColor=WHITE),
        evidence=ParagraphStyle(
            "Evidence", parent=cell, fontName=ITALIC, fontSize=8.5, textColor=NHS_DARK_GREY
        ),
        bullet=ParagraphStyle(
            "Bullet", parent=body, leftIndent=14, bulletIndent=4, spaceAfter=2, leading=13
        ),
        cover_label=ParagraphStyle(
            "CoverLabel", parent=body, fontSize=9, leading=12, textColor=NHS_MID_GREY, spaceAfter=0
        ),
        cover_value=ParagraphStyle(
            "CoverValue", parent=body, fontSize=12, leading=16, textColor=TEXT, spaceAfter=0
        ),
    )
