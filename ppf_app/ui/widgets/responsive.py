"""Layouts that reflow on small screens (a laptop at 150 %, a 1024-wide window).

- :class:`ResponsiveSplitter`: side by side when wide, one above the other when narrow.
- :class:`ReflowGrid`: parts in a grid when wide, in one column when narrow.
- :class:`FlowLayout`: a row of controls that wraps onto the next line when it runs out
  of width (Qt's flow layout example), for rows of buttons and choices; :func:`labelled`
  keeps a label with its field.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QSplitter,
    QStyle,
    QWidget,
)


class ResponsiveSplitter(QSplitter):
    """A splitter whose parts sit side by side from ``wide_from`` pixels on, and one
    above the other below it.

    A splitter passes on no height for width, so it works out itself what its parts need
    at the width they have (wrapped text included): its least height says so, and the page
    scrolls rather than cut a part's text off. Stacked, each part is also kept at least
    the height :meth:`set_stacked_height` gives it (a table is never squeezed to a line);
    side by side, the parts share the width by their stretch factors.
    """

    def __init__(self, wide_from: int, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.wide_from = wide_from
        self.setChildrenCollapsible(False)
        self._stacked_heights: dict[int, int] = {}
        self._own_heights: dict[int, int] = {}
        self._weights: list[int] = []
        self._least = 0
        self.splitterMoved.connect(lambda _pos, _index: self._fit())

    def set_stacked_height(self, index: int, height: int) -> None:
        """The least height of part ``index`` while the parts are stacked."""
        self._stacked_heights[index] = height
        self._fit()

    def set_weights(self, *weights: int, sizes: tuple[int, ...] = ()) -> None:
        """How the parts share the room: stretch factors, and the first sizes (in that
        proportion), given again each time the parts move."""
        self._weights = list(sizes or weights)
        for index, weight in enumerate(weights):
            self.setStretchFactor(index, weight)
        self.setSizes(self._weights)

    def is_stacked(self) -> bool:
        return self.orientation() == Qt.Orientation.Vertical

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        if not self.is_stacked():
            # Side by side it needs the parts' widths together; it stacks before that.
            stacked = max((part.minimumSizeHint().width() for part in self._parts()), default=0)
            hint.setWidth(min(hint.width(), stacked))
        hint.setHeight(max(hint.height(), self._least_height()))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        stacked = event.size().width() < self.wide_from
        if stacked != self.is_stacked():
            self.setOrientation(Qt.Orientation.Vertical if stacked else Qt.Orientation.Horizontal)
            self._fit()
            if self._weights:
                self.setSizes(self._weights)
        super().resizeEvent(event)
        self._fit()

    def event(self, event: QEvent) -> bool:
        # A part's contents changed (new text, rows shown or hidden): its need may too.
        if event.type() == QEvent.Type.LayoutRequest:
            self._fit()
        return super().event(event)

    def _parts(self) -> list[QWidget]:
        return [part for index in range(self.count()) if (part := self.widget(index)) is not None]

    def _need(self, index: int, part: QWidget, width: int) -> int:
        """What part ``index`` needs at ``width``, with its own least height."""
        own = self._own_heights.setdefault(index, part.minimumHeight())
        least = part.minimumSizeHint().height()
        layout = part.layout()
        if layout is not None and layout.hasHeightForWidth() and width > 0:
            least = max(least, layout.totalMinimumHeightForWidth(width))
        return max(least, own)

    def _least_height(self) -> int:
        shown = [(i, part) for i, part in enumerate(self._parts()) if not part.isHidden()]
        if self.is_stacked():
            heights = [part.minimumHeight() for _, part in shown]
            return sum(heights) + self.handleWidth() * max(len(heights) - 1, 0)
        return max((self._need(i, part, part.width()) for i, part in shown), default=0)

    def _fit(self) -> None:
        """Stacked, keep each part at what it needs; side by side, at its own least.
        Then say so when the splitter's least height changed."""
        stacked = self.is_stacked()
        for index, part in enumerate(self._parts()):
            need = self._need(index, part, self.width())
            wanted = max(need, self._stacked_heights.get(index, 0)) if stacked else None
            wanted = self._own_heights[index] if wanted is None else wanted
            if part.minimumHeight() != wanted:
                part.setMinimumHeight(wanted)
        least = self._least_height()
        if least != self._least:
            self._least = least
            self.updateGeometry()


class ReflowGrid(QWidget):
    """Parts placed in a grid from ``wide_from`` pixels on; below that, one column in
    reading order (row by row, left to right)."""

    def __init__(self, wide_from: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.wide_from = wide_from
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self._parts: list[tuple[QWidget, int, int, Qt.AlignmentFlag, Qt.AlignmentFlag]] = []
        self._stretch: dict[int, int] = {}
        self._wide = True

    def add(
        self,
        widget: QWidget,
        row: int,
        column: int,
        alignment: Qt.AlignmentFlag | None = None,
        narrow_alignment: Qt.AlignmentFlag | None = None,
    ) -> None:
        """Put ``widget`` at ``row``, ``column`` of the wide grid (``narrow_alignment``:
        its alignment in the single column, else ``alignment``)."""
        wide = alignment if alignment is not None else Qt.AlignmentFlag(0)
        narrow = wide if narrow_alignment is None else narrow_alignment
        self._parts.append((widget, row, column, wide, narrow))
        self._place()

    def set_column_stretch(self, column: int, stretch: int) -> None:
        self._stretch[column] = stretch
        self._place()

    def minimumSizeHint(self) -> QSize:
        # It goes to one column before it would need the grid's width.
        hint = super().minimumSizeHint()
        narrowest = max((part[0].minimumSizeHint().width() for part in self._parts), default=0)
        hint.setWidth(min(hint.width(), narrowest))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        wide = event.size().width() >= self.wide_from
        if wide != self._wide:
            self._wide = wide
            self._place()
        super().resizeEvent(event)

    def _place(self) -> None:
        for widget, *_ in self._parts:
            self.grid.removeWidget(widget)
        columns = max((part[2] for part in self._parts), default=0) + 1
        for column in range(columns):
            self.grid.setColumnStretch(column, self._stretch.get(column, 0) if self._wide else 0)
        ordered = sorted(self._parts, key=lambda part: (part[1], part[2]))
        for line, (widget, row, column, alignment, narrow) in enumerate(ordered):
            if self._wide:
                self.grid.addWidget(widget, row, column, alignment)
            else:
                self.grid.addWidget(widget, line, 0, narrow)
        self.updateGeometry()


class FlowLayout(QLayout):
    """Items left to right, wrapping onto a new line when the width runs out."""

    def __init__(self, parent: QWidget | None = None, spacing: int = -1) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        if parent is None:
            self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        # One line, as wide as its items together.
        width = 0
        height = 0
        shown = self._shown()
        for item in shown:
            hint = item.sizeHint()
            width += hint.width()
            height = max(height, hint.height())
        width += self._gap(Qt.Orientation.Horizontal) * max(len(shown) - 1, 0)
        margins = self.contentsMargins()
        return QSize(
            width + margins.left() + margins.right(), height + margins.top() + margins.bottom()
        )

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _gap(self, orientation: Qt.Orientation) -> int:
        if self._spacing >= 0:
            return self._spacing
        widget = self.parentWidget()
        if widget is not None:
            metric = (
                QStyle.PixelMetric.PM_LayoutHorizontalSpacing
                if orientation == Qt.Orientation.Horizontal
                else QStyle.PixelMetric.PM_LayoutVerticalSpacing
            )
            gap = widget.style().pixelMetric(metric, None, widget)
            if gap >= 0:
                return gap
        return 6

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        x, y = area.x(), area.y()
        line_height = 0
        across = self._gap(Qt.Orientation.Horizontal)
        down = self._gap(Qt.Orientation.Vertical)
        for item in self._shown():
            hint = item.sizeHint()
            width = min(hint.width(), area.width()) if area.width() > 0 else hint.width()
            width = max(width, item.minimumSize().width())
            if x > area.x() and x + width > area.right() + 1:
                x = area.x()
                y += line_height + down
                line_height = 0
            height = hint.height()
            if item.hasHeightForWidth():
                height = item.heightForWidth(width)
            if move:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, height)))
            x += width + across
            line_height = max(line_height, height)
        return y + line_height - rect.y() + margins.bottom()


def labelled(label: QLabel, field: QWidget) -> QWidget:
    """A label and its field as one piece, which a :class:`FlowLayout` keeps on one line."""
    piece = QWidget()
    row = QHBoxLayout(piece)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(label)
    row.addWidget(field)
    return piece
