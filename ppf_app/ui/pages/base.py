"""What every page shares: a title row and the hooks the main window calls."""

from __future__ import annotations

from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


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

    def activated(self) -> None:
        """Called each time the page is shown: refresh from the services."""

    def leave(self) -> None:
        """Called before another page is shown or the window closes: save pending edits."""


def muted(label: QLabel) -> QLabel:
    """Secondary text in the palette's muted colour (follows light and dark themes)."""
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def heading_font(widget: QWidget, scale: float = 1.2) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    return font
