"""Small helpers shared by the plan's sections: paragraphs of user text, tables, dates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table, TableStyle

from ppf_app.reports.fonts import REGULAR
from ppf_app.reports.styles import ACCENT, ROW_BAND, RULE
from ppf_app.reports.text import markup


class Para(Paragraph):  # type: ignore[misc]  # reportlab has no type hints
    """A paragraph that breaks its lines once per width.

    A table wraps each of its cells several times with the same width (to size its rows,
    to split across pages, to draw); a plain paragraph breaks its lines every time,
    which is most of the time a long plan takes to lay out.
    """

    _laid_out: tuple[float, float, float] | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        laid_out = self._laid_out
        if laid_out is not None and laid_out[0] == available_width and "blPara" in self.__dict__:
            return laid_out[1], laid_out[2]
        width, height = super().wrap(available_width, available_height)
        self._laid_out = (available_width, width, height)
        return width, height


def para(text: str, style: ParagraphStyle, bullet: str | None = None) -> Paragraph:
    """A paragraph showing ``text`` literally (escaped, drawable)."""
    return Para(markup(text, style.fontName), style, bulletText=bullet)


#: Room a heading needs below it to start its table or list on the same page (else it
#: starts on the next): the heading and the first lines or rows of what follows.
KEEP_WITH_TABLE = 32 * mm


@cache
def unkept(style: ParagraphStyle) -> ParagraphStyle:
    """``style`` without "keep with next"."""
    return ParagraphStyle(f"{style.name}Unkept", parent=style, keepWithNext=0)


def heading(text: str, style: ParagraphStyle, room: float = KEEP_WITH_TABLE) -> list[Flowable]:
    """A heading that starts a table: on this page when ``room`` is left below it, else
    on the next.

    Not "keep with next": reportlab would keep the heading with the whole table, and a
    table longer than the room left would take the heading to the next page and leave
    the rest of this one empty.
    """
    return [CondPageBreak(room), Paragraph(text, unkept(style))]


MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
"""Month names, not ``%B``: the app's locale must not change the plan's language."""


def long_date(day: date | None, blank: str = "") -> str:
    """``2 November 2026``; ``blank`` for no date."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" if day else blank


def level_text(level: float | None) -> str:
    return "–" if level is None else f"{level:.1f}"


def data_table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    header: bool = True,
    zebra: bool = True,
    split_in_row: bool = True,
    extra: Sequence[tuple[Any, ...]] = (),
    row_heights: Sequence[float | None] | None = None,
) -> Table:
    """A table with a blue header row, light row bands and room to breathe.

    Rows may be split across pages (``splitInRow``) so that a very long entry can never
    make a row taller than a page.
    """
    table = Table(
        list(rows),
        colWidths=list(widths),
        rowHeights=list(row_heights) if row_heights is not None else None,
        repeatRows=1 if header else 0,
        splitInRow=1 if split_in_row else 0,
        hAlign="LEFT",
    )
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
    ]
    if header:
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
            ("LINEBELOW", (0, 0), (-1, 0), 0, ACCENT),
        ]
    if zebra:
        first = 1 if header else 0
        commands.append(("ROWBACKGROUNDS", (0, first), (-1, -1), [None, ROW_BAND]))
    table.setStyle(TableStyle([*commands, *extra]))
    return table
