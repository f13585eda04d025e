"""What every page shares: a title row and the hooks the main window calls."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from ppf_app.services.views import AssessmentView
    from ppf_app.ui.context import AppContext


class Page(QWidget):
    """A page of the main window.

    ``page_name`` identifies it in settings (last page) and navigation.
    """

    page_name = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page_layout = QVBoxLayout(self)
        self.page_layout.setContentsMargins(24, 20, 24, 16)
        self.page_layout.setSpacing(12)

    def add_title(self, text: str) -> QLabel:
        title = QLabel(text)
        title.setAccessibleName(text)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        title.setWordWrap(True)
        self.page_layout.addWidget(title)
        return title

    def add_header(self, title: str = "") -> QHBoxLayout:
        """A title and subtitle (``self.title``, ``self.subtitle``) with room on the right
        for the page's buttons; the caller adds the buttons, then the row to the page."""
        header = QHBoxLayout()
        titles = QVBoxLayout()
        self.title = QLabel(title)
        self.title.setFont(heading_font(self, 1.6))
        self.title.setWordWrap(True)
        titles.addWidget(self.title)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        titles.addWidget(self.subtitle)
        header.addLayout(titles, 1)
        return header

    def activated(self) -> None:
        """Called each time the page is shown: refresh from the services."""

    def leave(self) -> None:
        """Called before another page is shown or the window closes: save pending edits."""


class AssessmentShowingPage(Page):
    """A page that shows one assessment and draws itself again when its ratings change.

    A change announced while the page is hidden only marks it stale; it is redrawn the
    next time it is shown, so hidden pages cost nothing while someone rates.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._view: AssessmentView | None = None
        self._stale = False
        context.assessments_changed.connect(self._on_assessments_changed)

    @property
    def assessment(self) -> AssessmentView | None:
        return self._view

    def show_assessment(self, view: AssessmentView) -> None:
        raise NotImplementedError

    def activated(self) -> None:
        if self._view is not None and self._stale:
            self.show_assessment(self._view)

    def _on_assessments_changed(self, person_id: int) -> None:
        if self._view is not None and self._view.person_id == person_id:
            self._stale = True


def muted(label: QLabel) -> QLabel:
    """Secondary text in the palette's muted colour (follows light and dark themes)."""
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def heading_font(widget: QWidget, scale: float = 1.2) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    return font
