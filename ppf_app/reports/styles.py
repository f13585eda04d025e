"""Colours, page geometry and paragraph styles of the development plan.

Margins and colours are data, in ``resources/report_styles/plan.toml``; type sizes and
spacing, which the layout depends on, stay here.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from ppf_app.core.resources import resource_path
from ppf_app.reports.fonts import BOLD, ITALIC, REGULAR, register_fonts

COLOUR_ROLES = ("text", "accent", "accent_dark", "row_band", "muted", "faint", "rule", "target")
MARGINS = ("margin_side_mm", "margin_top_mm", "margin_bottom_mm")
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


def style_file() -> Path:
    return resource_path("report_styles", "plan.toml")


def load_style_data(path: Path) -> tuple[dict[str, float], dict[str, str]]:
    """The margins (mm) and colours (``#RRGGBB``) in a report style file.

    Raises:
        ValueError: naming the file and every problem in it.
    """
    data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    problems: list[str] = []
    if set(data) != {"page", "colours"}:
        problems.append("needs exactly the tables [page] and [colours]")
    page = data.get("page", {})
    colours = data.get("colours", {})
    if set(page) != set(MARGINS):
        problems.append(f"[page] needs exactly: {', '.join(MARGINS)}")
    if set(colours) != set(COLOUR_ROLES):
        problems.append(f"[colours] needs exactly: {', '.join(COLOUR_ROLES)}")
    for key, value in page.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not 5 <= value <= 40:
            problems.append(f"page.{key}: {value!r} is not a margin of 5 to 40 mm")
    for key, value in colours.items():
        if not isinstance(value, str) or not _HEX.match(value):
            problems.append(f"colours.{key}: {value!r} is not a colour written #RRGGBB")
    if problems:
        raise ValueError("; ".join(f"{path}: {p}" for p in problems))
    return {k: float(v) for k, v in page.items()}, dict(colours)


_PAGE, _COLOURS = load_style_data(style_file())

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = _PAGE["margin_side_mm"] * mm
MARGIN_TOP = _PAGE["margin_top_mm"] * mm
MARGIN_BOTTOM = _PAGE["margin_bottom_mm"] * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_X

TEXT = colors.HexColor(_COLOURS["text"])
ACCENT = colors.HexColor(_COLOURS["accent"])
ACCENT_DARK = colors.HexColor(_COLOURS["accent_dark"])
ROW_BAND = colors.HexColor(_COLOURS["row_band"])
MUTED = colors.HexColor(_COLOURS["muted"])
FAINT = colors.HexColor(_COLOURS["faint"])
RULE = colors.HexColor(_COLOURS["rule"])
TARGET = colors.HexColor(_COLOURS["target"])
WHITE = colors.white
MUTED_HEX = _COLOURS["muted"]
ACCENT_DARK_HEX = _COLOURS["accent_dark"]


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
    label: ParagraphStyle
    lead: ParagraphStyle
    note: ParagraphStyle
    example: ParagraphStyle
    section_row: ParagraphStyle


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
        muted=ParagraphStyle("Muted", parent=body, fontSize=9, leading=12.5, textColor=MUTED),
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
            textColor=ACCENT,
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
            textColor=ACCENT_DARK,
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
            "Evidence", parent=cell, fontName=ITALIC, fontSize=8.5, textColor=MUTED
        ),
        bullet=ParagraphStyle(
            "Bullet", parent=body, leftIndent=14, bulletIndent=4, spaceAfter=2, leading=13
        ),
        cover_label=ParagraphStyle(
            "CoverLabel", parent=body, fontSize=9, leading=12, textColor=FAINT, spaceAfter=0
        ),
        cover_value=ParagraphStyle(
            "CoverValue", parent=body, fontSize=10, leading=13, textColor=TEXT, spaceAfter=0
        ),
        label=ParagraphStyle(
            "Label", parent=cell, fontName=BOLD, fontSize=8, leading=11, textColor=MUTED
        ),
        lead=ParagraphStyle(
            "Lead", parent=body, fontSize=9, leading=12.5, textColor=MUTED, keepWithNext=1
        ),
        note=ParagraphStyle("Note", parent=cell, fontSize=8.5, leading=11, textColor=MUTED),
        example=ParagraphStyle("Example", parent=body, fontName=ITALIC, spaceAfter=2),
        section_row=ParagraphStyle("SectionRow", parent=cell, fontName=BOLD, textColor=ACCENT_DARK),
    )
