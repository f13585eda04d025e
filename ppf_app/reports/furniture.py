"""Page furniture: the running header, the confidentiality footer and "Page N of M".

The total page count is only known once the story is laid out, so the canvas keeps each
page's state and draws the page numbers when the document is saved (reportlab's
"numbered canvas" pattern).

The document template also notes how full each page was left (:class:`PageFill`), and
whether a section ended on it (a :class:`SectionEnd` in the story), so that a test can
hold the layout to "no page more than a third empty unless it ends a section".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from ppf_app.reports.fonts import BOLD, REGULAR
from ppf_app.reports.styles import (
    ACCENT,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
)
from ppf_app.reports.text import fit

FOOTER_TEXT = "Confidential: personal development record"
COVER_BAND_HEIGHT = 88.0


class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
    """A canvas that writes "Page N of M" on every page once M is known."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved_pages)
        for state in self._saved_pages:
            self.__dict__.update(state)
            self._draw_page_number(total)
            super().showPage()
        super().save()

    def _draw_page_number(self, total: int) -> None:
        self.saveState()
        self.setFont(REGULAR, 8)
        self.setFillColor(MUTED)
        self.drawRightString(
            PAGE_WIDTH - MARGIN_X, MARGIN_BOTTOM / 2 - 3, f"Page {self._pageNumber} of {total}"
        )
        self.restoreState()


def _footer(canvas: Canvas) -> None:
    canvas.saveState()
    y = MARGIN_BOTTOM / 2 + 8
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.8)
    canvas.line(MARGIN_X, y, PAGE_WIDTH - MARGIN_X, y)
    canvas.setFont(BOLD, 8)
    canvas.setFillColor(MUTED)
    canvas.drawString(MARGIN_X, MARGIN_BOTTOM / 2 - 3, FOOTER_TEXT)
    canvas.restoreState()


@dataclass(frozen=True)
class PageFill:
    """How much of a page's frame was left empty (0 to 1), and whether a section ended on
    the page (its emptiness is then the section's end, not a gap)."""

    page: int
    empty: float
    ends_section: bool


class SectionEnd(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """Marks the end of a section in the story; takes no room and draws nothing."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        del available_width, available_height
        return (0, 0)

    def draw(self) -> None:
        pass


class PlanDocTemplate(BaseDocTemplate):  # type: ignore[misc]  # reportlab has no type hints
    """A4 with a first-page template (accent rule, no running header) and a body template
    (running header)."""

    def __init__(self, target: Any, *, header: str, **kwargs: Any) -> None:
        super().__init__(
            target,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            **kwargs,
        )
        self._header = header
        self.page_fills: list[PageFill] = []
        self._section_ended = False
        body_frame = Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        cover_frame = Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            self.width,
            PAGE_HEIGHT - MARGIN_BOTTOM - 24,
            id="cover",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates(
            [
                PageTemplate(id="cover", frames=[cover_frame], onPage=self._on_cover),
                PageTemplate(id="body", frames=[body_frame], onPage=self._on_body),
            ]
        )

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, SectionEnd):
            self._section_ended = True

    def afterPage(self) -> None:
        frame = self.frame
        empty = (frame._y - frame._y1 - frame._bottomPadding) / frame._height
        self.page_fills.append(PageFill(self.page, max(0.0, empty), self._section_ended))
        self._section_ended = False

    def _on_cover(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        del doc
        canvas.saveState()
        canvas.setFillColor(ACCENT)
        canvas.rect(0, PAGE_HEIGHT - 10, PAGE_WIDTH, 10, stroke=0, fill=1)
        canvas.restoreState()
        _footer(canvas)

    def _on_body(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        del doc
        canvas.saveState()
        y = PAGE_HEIGHT - MARGIN_TOP / 2
        canvas.setFont(REGULAR, 8)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN_X, y, fit(self._header, REGULAR, 8, PAGE_WIDTH - 2 * MARGIN_X))
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(1.2)
        canvas.line(MARGIN_X, y - 5, PAGE_WIDTH - MARGIN_X, y - 5)
        canvas.restoreState()
        _footer(canvas)
