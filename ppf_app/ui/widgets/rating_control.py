"""A segmented control for one behaviour's rating, labelled with the framework's scale.

One widget (one focus stop) instead of a button per level: a 300-behaviour framework
stays light. Mouse: click a level. Keyboard: the number keys choose a level by position
(1 is the lowest), Left/Right step, Delete clears. The hovered or focused level's
descriptor is shown as a tooltip and announced through :attr:`hint_changed`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QStyle, QStyleOptionButton, QToolTip, QWidget


@dataclass(frozen=True)
class Level:
    value: int
    label: str
    description: str = ""


class RatingControl(QWidget):
    """Choose one level of a scale, or none."""

    #: The user chose a level (int) or cleared it (None).
    level_chosen = Signal(object)
    #: The descriptor to show for the level under the mouse or cursor ("" for none).
    hint_changed = Signal(str)
    #: Tab / Shift+Tab: the user wants the next (+1) or previous (-1) behaviour.
    step_requested = Signal(int)
    #: Enter or E: the user wants to write evidence for this behaviour.
    evidence_requested = Signal()

    def __init__(self, levels: Sequence[Level], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._levels = list(levels)
        self._level: int | None = None
        self._hover: int | None = None  # index
        self._cursor = 0  # index the keyboard points at
        self._width_cache: int | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover, True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._update_accessible()

    # -- state ----------------------------------------------------------------------

    @property
    def levels(self) -> list[Level]:
        return list(self._levels)

    def level(self) -> int | None:
        return self._level

    def set_level(self, value: int | None) -> None:
        """Show ``value`` without announcing it (used when loading and undoing)."""
        if value is not None and value not in self._values():
            raise ValueError(f"{value} is not a level of this scale")
        self._level = value
        if value is not None:
            self._cursor = self._values().index(value)
        self._update_accessible()
        self.update()

    def choose(self, value: int | None) -> None:
        """Set ``value`` as if the user had chosen it."""
        if value == self._level:
            return
        self.set_level(value)
        self.level_chosen.emit(value)

    def _values(self) -> list[int]:
        return [level.value for level in self._levels]

    def _update_accessible(self) -> None:
        if self._level is None:
            self.setAccessibleDescription(self.tr("Not rated"))
        else:
            label = self._levels[self._values().index(self._level)].label
            self.setAccessibleDescription(self.tr("Rated: {label}").format(label=label))

    # -- geometry -------------------------------------------------------------------

    def _segment_width(self) -> int:
        if self._width_cache is None:
            self._width_cache = self._measure_segment()
        return self._width_cache

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._width_cache = None
            self.updateGeometry()
        super().changeEvent(event)

    def _measure_segment(self) -> int:
        bold = QFont(self.font())
        bold.setBold(True)  # the chosen level is drawn bold: leave room for it
        metrics = QFontMetrics(bold)
        widest = max(metrics.horizontalAdvance(level.label) for level in self._levels)
        return widest + 24

    def sizeHint(self) -> QSize:
        return QSize(self._segment_width() * len(self._levels), self.fontMetrics().height() + 14)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def _segment_rect(self, index: int) -> QRect:
        count = len(self._levels)
        width = self.width() / count
        left = round(index * width)
        right = round((index + 1) * width)
        return QRect(left, 0, right - left, self.height())

    def _index_at(self, pos: QPoint) -> int | None:
        for index in range(len(self._levels)):
            if self._segment_rect(index).contains(pos):
                return index
        return None

    # -- painting -------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        style = self.style()
        for index, level in enumerate(self._levels):
            option = QStyleOptionButton()
            option.initFrom(self)
            option.rect = self._segment_rect(index).adjusted(1, 1, -1, -1)
            option.text = level.label
            option.state = QStyle.StateFlag.State_Enabled
            if level.value == self._level:
                option.state |= QStyle.StateFlag.State_On | QStyle.StateFlag.State_Sunken
            else:
                option.state |= QStyle.StateFlag.State_Raised | QStyle.StateFlag.State_Off
            if index == self._hover:
                option.state |= QStyle.StateFlag.State_MouseOver
            if self.hasFocus() and index == self._cursor:
                option.state |= QStyle.StateFlag.State_HasFocus
            if level.value == self._level:
                self._paint_chosen(painter, option)
            else:
                style.drawControl(QStyle.ControlElement.CE_PushButton, option, painter, self)
        painter.end()

    def _paint_chosen(self, painter: QPainter, option: QStyleOptionButton) -> None:
        """The chosen level: filled with the palette's highlight, unmistakable in any theme."""
        palette = self.palette()
        rect = option.rect
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(palette.color(QPalette.ColorRole.Highlight).darker(130))
        painter.setBrush(palette.highlight())
        painter.drawRoundedRect(rect.adjusted(0, 0, -1, -1), 3, 3)
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(palette.color(QPalette.ColorRole.HighlightedText))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, option.text)
        if option.state & QStyle.StateFlag.State_HasFocus:
            pen = QPen(palette.color(QPalette.ColorRole.HighlightedText), 1, Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(3, 3, -4, -4), 2, 2)
        painter.restore()

    # -- mouse ----------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        index = self._index_at(event.position().toPoint())
        if index is not None:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self._cursor = index
            self.choose(self._levels[index].value)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        index = self._index_at(event.position().toPoint())
        if index != self._hover:
            self._hover = index
            self._announce(index)
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._hover = None
        self._announce(self._cursor if self.hasFocus() else None)
        self.update()
        super().leaveEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self._index_at(event.pos())
            if index is not None:
                QToolTip.showText(event.globalPos(), self._tooltip(index), self)
            else:
                QToolTip.hideText()
            return True
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            # Tab is taken here, before Qt's focus chain sees it: it moves between behaviours.
            if event.key() == Qt.Key.Key_Tab and not event.modifiers() & ~(
                Qt.KeyboardModifier.KeypadModifier
            ):
                self.step_requested.emit(1)
                return True
            if event.key() == Qt.Key.Key_Backtab:
                self.step_requested.emit(-1)
                return True
        return super().event(event)

    def _tooltip(self, index: int) -> str:
        level = self._levels[index]
        text = f"<b>{index + 1}. {_escape(level.label)}</b>"
        if level.description:
            text += f"<br>{_escape(level.description)}"
        return text

    def descriptor(self, index: int | None) -> str:
        """The hint text for a level index: label and description."""
        if index is None:
            return ""
        level = self._levels[index]
        if level.description:
            return f"{level.label}: {level.description}"
        return level.label

    def _announce(self, index: int | None) -> None:
        self.hint_changed.emit(self.descriptor(index))

    # -- keyboard -------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        count = len(self._levels)
        if event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            super().keyPressEvent(event)
            return
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9 or key == Qt.Key.Key_0:
            index = 9 if key == Qt.Key.Key_0 else key - Qt.Key.Key_1
            if index < count:
                self._cursor = index
                self.choose(self._levels[index].value)
                self._announce(index)
            return
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = 1 if key == Qt.Key.Key_Right else -1
            self._cursor = max(0, min(count - 1, self._cursor + step))
            self.choose(self._levels[self._cursor].value)
            self._announce(self._cursor)
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.choose(None)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_E):
            self.evidence_requested.emit()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._announce(self._cursor)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._announce(None)
        self.update()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
