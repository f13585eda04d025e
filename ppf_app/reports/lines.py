"""Rows of text set line by line, for the long tables of a plan (the appendix).

A reportlab table of paragraphs parses each paragraph's markup and breaks its lines
several times over (to size the rows, to split them across pages, to draw them); for a
framework of 300 behaviours that is most of the time a plan takes. These rows are wrapped
once, with word widths measured once per font and size, and drawn straight onto the
canvas. They look like :func:`ppf_app.reports.tables.data_table`: a blue heading row,
repeated on every page the rows run onto, light bands, a rule under each row.

Text is prepared as everywhere else (see :mod:`.text`): only characters the fonts draw,
right-to-left runs in visual order; a character the chosen style lacks but the regular
style has is drawn in the regular style.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable

from ppf_app.reports.bidi import visual_order
from ppf_app.reports.styles import ACCENT, ROW_BAND, RULE
from ppf_app.reports.text import clean, runs

PAD_X = 5.0
PAD_TOP = 2.5
PAD_BOTTOM = 3.0


@dataclass(frozen=True)
class Text:
    """A piece of a cell: text in one font, size, leading and colour. A piece that
    ``follows`` goes on the previous piece's last line when it fits there."""

    text: str
    font: str
    size: float
    leading: float
    colour: Color
    follows: bool = False


#: A line of a cell: its segments, each a text in the style of its piece.
Line = tuple[tuple[str, Text], ...]


@cache
def _word_width(word: str, font: str, size: float) -> float:
    return float(sum(stringWidth(run, face, size) for run, face in runs(word, font)))


def _break_word(word: str, font: str, size: float, width: float) -> list[str]:
    """A word wider than ``width`` cut into pieces that fit."""
    pieces: list[str] = []
    while word:
        low, high = 1, len(word)
        while low < high:  # the longest prefix that fits (at least one character)
            mid = (low + high + 1) // 2
            if _word_width(word[:mid], font, size) <= width:
                low = mid
            else:
                high = mid - 1
        pieces.append(word[:low])
        word = word[low:]
    return pieces


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` (cleaned for the regular style) broken into lines of at most ``width``
    points, in visual order; a line break in the text starts a new line."""
    lines: list[str] = []
    space = _word_width(" ", font, size)
    for paragraph in clean(text).split("\n"):
        line, used = "", 0.0
        for word in paragraph.split():
            wide = _word_width(word, font, size)
            if wide > width:
                pieces = _break_word(word, font, size, width)
                if line:
                    lines.append(line)
                lines.extend(pieces[:-1])
                line, used = pieces[-1], _word_width(pieces[-1], font, size)
            elif line and used + space + wide > width:
                lines.append(line)
                line, used = word, wide
            else:
                line, used = (f"{line} {word}", used + space + wide) if line else (word, wide)
        if line:
            lines.append(line)
    return [visual_order(line) for line in lines]


@dataclass(frozen=True)
class Row:
    """One row: its column widths and, per column, its lines; drawn on a band when
    ``banded``."""

    widths: tuple[float, ...]
    cells: tuple[tuple[Line, ...], ...]
    banded: bool = False

    @cached_property
    def height(self) -> float:
        tallest = max((sum(_leading(line) for line in cell) for cell in self.cells), default=0.0)
        return PAD_TOP + tallest + PAD_BOTTOM


def _leading(line: Line) -> float:
    return max(piece.leading for _, piece in line)


def _lay_out(pieces: Sequence[Text], room: float) -> tuple[Line, ...]:
    lines: list[Line] = []
    for piece in pieces:
        wrapped = wrap(piece.text, piece.font, piece.size, room)
        if not wrapped:
            continue
        if piece.follows and lines:
            last = lines[-1]
            used = sum(_word_width(text, p.font, p.size) for text, p in last)
            gap = _word_width(" ", piece.font, piece.size)
            joined = " ".join(wrapped)
            if used + gap + _word_width(joined, piece.font, piece.size) <= room:
                lines[-1] = (*last, (" " + joined, piece))
                continue
        lines.extend(((text, piece),) for text in wrapped)
    return tuple(lines)


def row(widths: Sequence[float], cells: Sequence[Sequence[Text]], *, banded: bool = False) -> Row:
    """A row of ``cells`` (each a list of pieces, each piece wrapped to its column)."""
    laid = tuple(
        _lay_out(pieces, width - 2 * PAD_X) for width, pieces in zip(widths, cells, strict=True)
    )
    return Row(tuple(widths), laid, banded)


class _Text:
    """A text object that sets its font and colour only when they change."""

    def __init__(self, text: PDFTextObject) -> None:
        self.text = text
        self._font: tuple[str, float] | None = None
        self._colour: Color | None = None

    def font(self, face: str, size: float) -> None:
        if self._font != (face, size):
            self.text.setFont(face, size)
            self._font = (face, size)

    def colour(self, colour: Color) -> None:
        if self._colour is not colour:
            self.text.setFillColor(colour)
            self._colour = colour


class Rows(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """A heading row and rows beneath it, split between rows across pages (the heading
    repeated), drawn straight onto the canvas."""

    def __init__(self, head: Row, rows: Sequence[Row]) -> None:
        super().__init__()
        self.head = head
        self.rows = list(rows)
        self.width = sum(head.widths)
        self.height = head.height + sum(r.height for r in self.rows)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        del available_width, available_height
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        del available_width
        room = available_height - self.head.height
        fits = 0
        for each in self.rows:
            if each.height > room:
                break
            room -= each.height
            fits += 1
        if fits == len(self.rows):
            return [self]
        if fits == 0:
            return []  # not even one row here: all of it on the next page
        return [Rows(self.head, self.rows[:fits]), Rows(self.head, self.rows[fits:])]

    def draw(self) -> None:
        """Bands and rules first, then every line of text in one text object (one PDF
        text block for the whole flowable, not one per line)."""
        canvas = self.canv
        text = _Text(canvas.beginText())
        top = self._draw_row(self.head, self.height, text, background=ACCENT, rule=False)
        for each in self.rows:
            top = self._draw_row(each, top, text, background=ROW_BAND if each.banded else None)
        canvas.drawText(text.text)

    def _draw_row(
        self,
        each: Row,
        top: float,
        text: _Text,
        *,
        background: Color | None,
        rule: bool = True,
    ) -> float:
        canvas = self.canv
        bottom = top - each.height
        if background is not None:
            canvas.setFillColor(background)
            canvas.rect(0, bottom, self.width, each.height, stroke=0, fill=1)
        if rule:
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.5)
            canvas.line(0, bottom, self.width, bottom)
        x = 0.0
        for width, cell in zip(each.widths, each.cells, strict=True):
            y = top - PAD_TOP
            for line in cell:
                leading = _leading(line)
                y -= leading
                text.text.setTextOrigin(x + PAD_X, y + leading * 0.25)
                for words, piece in line:
                    text.colour(piece.colour)
                    for run, face in runs(words, piece.font):
                        text.font(face, piece.size)
                        text.text.textOut(run)
            x += width
        return bottom
