"""A radar chart of each value's average level against its target (QPainter).

Colours come from the palette, so the chart follows the system's light or dark theme.
The same figures are there as text for a screen reader: :meth:`RadarChart.figures`
(one row per value), the accessible description built from those rows, and
:attr:`RadarChart.figures_model`, a table model of them a page can show beside the chart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from ppf_app.ui.models.table_model import Column, RowTableModel


@dataclass(frozen=True)
class Axis:
    title: str
    level: float | None
    target: float
    previous: float | None = None


@dataclass(frozen=True)
class Figure:
    """One value's figures as text: what the chart draws on its axis."""

    title: str
    level: str
    target: str
    previous: str

    def sentence(self) -> str:
        """``Respect: 3.4 (target 4.0), previous 3.0``, as the description says it."""
        if self.previous:
            return _tr("{title}: {level} (target {target}), previous {previous}").format(
                title=self.title, level=self.level, target=self.target, previous=self.previous
            )
        return _tr("{title}: {level} (target {target})").format(
            title=self.title, level=self.level, target=self.target
        )


def _tr(text: str) -> str:
    return QCoreApplication.translate("RadarChart", text)


class FiguresModel(RowTableModel[Figure]):
    """The chart's figures as a table: value, this assessment, target, previous."""

    VALUE, LEVEL, TARGET, PREVIOUS = range(4)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column(_tr("Value"), lambda f: f.title),
                Column(_tr("This assessment"), lambda f: f.level, align_right=True),
                Column(_tr("Target"), lambda f: f.target, align_right=True),
                Column(
                    _tr("Previous assessment"),
                    lambda f: f.previous or "–",
                    align_right=True,
                    accessible=lambda f: f.previous or _tr("no previous assessment"),
                ),
            ],
            parent,
        )


class RadarChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._axes: list[Axis] = []
        #: The figures drawn, as a table model (kept up to date by :meth:`set_data`).
        self.figures_model = FiguresModel(self)
        self._minimum = 1.0
        self._maximum = 5.0
        self._has_previous = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(360, 320)
        self.setAccessibleName(self.tr("Radar chart of value averages against targets"))
        self.setAccessibleDescription(self.tr("Nothing rated yet"))

    def set_data(self, axes: Sequence[Axis], minimum: float, maximum: float) -> None:
        self._axes = list(axes)
        self._minimum = minimum
        self._maximum = maximum if maximum > minimum else minimum + 1
        self._has_previous = any(axis.previous is not None for axis in self._axes)
        figures = self.figures()
        self.figures_model.set_rows(figures)
        self.setAccessibleDescription(self.describe(figures))
        self.update()

    def figures(self) -> list[Figure]:
        """What the chart shows, one row per value, as text (the same as it draws)."""
        return [
            Figure(
                title=axis.title,
                level=f"{axis.level:.1f}" if axis.level is not None else self.tr("not rated"),
                target=f"{axis.target:.1f}",
                previous=f"{axis.previous:.1f}" if axis.previous is not None else "",
            )
            for axis in self._axes
        ]

    def describe(self, figures: Sequence[Figure] | None = None) -> str:
        """The chart in words: the scale, then each value's figures."""
        rows = self.figures() if figures is None else list(figures)
        if not rows:
            return self.tr("Nothing rated yet")
        scale = self.tr("Average level of each value on a scale of {low:g} to {high:g}.").format(
            low=self._minimum, high=self._maximum
        )
        return " ".join([scale, *(row.sentence() + "." for row in rows)])

    def axes(self) -> list[Axis]:
        return list(self._axes)

    def sizeHint(self) -> QSize:
        return QSize(520, 440)

    def _legend_height(self) -> int:
        metrics = self.fontMetrics()
        texts = [self.tr("This assessment"), self.tr("Target for your group")]
        if self._has_previous:
            texts.append(self.tr("Previous assessment"))
        total = sum(36 + metrics.horizontalAdvance(text) + 20 for text in texts)
        lines = 1 if total <= self.width() - 16 else 2
        return lines * (metrics.height() + 4) + 8

    # -- painting -------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        grid = QColor(text_colour)
        grid.setAlphaF(0.25)
        metrics = self.fontMetrics()
        legend_height = self._legend_height()
        area = QRectF(self.rect()).adjusted(8, 8, -8, -8 - legend_height)
        if not self._axes:
            painter.setPen(text_colour)
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self.tr("Nothing rated yet"))
            painter.end()
            return
        if len(self._axes) < 3:
            # A radar needs three axes to be a shape; one or two values read better as bars.
            self._paint_bars(painter, area, grid, text_colour)
            self._draw_legend(
                painter,
                palette.color(QPalette.ColorRole.Highlight),
                _target_colour(palette),
                text_colour,
                legend_height,
            )
            painter.end()
            return
        label_room = max(70, min(150, int(area.width() * 0.2)))
        radius = max(
            20.0, min(area.width() / 2 - label_room, area.height() / 2 - 2.6 * metrics.height())
        )
        centre = area.center()
        count = len(self._axes)

        def point(index: int, value: float) -> QPointF:
            fraction = (value - self._minimum) / (self._maximum - self._minimum)
            fraction = max(0.0, min(1.0, fraction))
            angle = -math.pi / 2 + 2 * math.pi * index / count
            return QPointF(
                centre.x() + math.cos(angle) * radius * fraction,
                centre.y() + math.sin(angle) * radius * fraction,
            )

        # Rings, one per scale level, and spokes.
        painter.setPen(QPen(grid, 1))
        steps = round(self._maximum - self._minimum)
        for step in range(steps + 1):
            level = self._minimum + step
            ring = QPolygonF([point(i, level) for i in range(count)])
            if count >= 3:
                painter.drawPolygon(ring)
        for index in range(count):
            painter.drawLine(centre, point(index, self._maximum))
        # Ring labels along the first spoke, just inside each ring (the outermost one's
        # would otherwise run into the first axis's title above it).
        ring_label = QColor(text_colour)
        ring_label.setAlphaF(0.65)
        painter.setPen(QPen(ring_label, 1))
        for step in range(steps + 1):
            level = self._minimum + step
            p = point(0, level)
            painter.drawText(QPointF(p.x() + 4, p.y() + metrics.ascent() + 1), f"{level:g}")

        highlight = palette.color(QPalette.ColorRole.Highlight)
        target_colour = _target_colour(palette)
        # Target: dashed outline.
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(target_colour, 2, Qt.PenStyle.DashLine))
        painter.drawPolygon(QPolygonF([point(i, a.target) for i, a in enumerate(self._axes)]))
        # Previous assessment: dotted outline.
        if self._has_previous:
            prev = QColor(text_colour)
            prev.setAlphaF(0.6)
            painter.setPen(QPen(prev, 1.5, Qt.PenStyle.DotLine))
            painter.drawPolygon(
                QPolygonF(
                    [
                        point(i, a.previous if a.previous is not None else self._minimum)
                        for i, a in enumerate(self._axes)
                    ]
                )
            )
        # This assessment: filled.
        fill = QColor(highlight)
        fill.setAlphaF(0.3)
        painter.setBrush(fill)
        painter.setPen(QPen(highlight, 2.5))
        painter.drawPolygon(
            QPolygonF(
                [
                    point(i, a.level if a.level is not None else self._minimum)
                    for i, a in enumerate(self._axes)
                ]
            )
        )
        painter.setBrush(highlight)
        for i, a in enumerate(self._axes):
            if a.level is not None:
                painter.drawEllipse(point(i, a.level), 3.5, 3.5)

        # Axis titles around the outside.
        painter.setPen(text_colour)
        for index, axis in enumerate(self._axes):
            angle = -math.pi / 2 + 2 * math.pi * index / count
            anchor = QPointF(
                centre.x() + math.cos(angle) * (radius + 10),
                centre.y() + math.sin(angle) * (radius + 10),
            )
            box = QRectF(0, 0, label_room * 1.6, metrics.height() * 3.2)
            flags = Qt.TextFlag.TextWordWrap
            cos = math.cos(angle)
            if abs(cos) < 0.2:
                box.moveCenter(anchor)
                if math.sin(angle) < 0:
                    box.moveBottom(anchor.y())
                else:
                    box.moveTop(anchor.y())
                align = Qt.AlignmentFlag.AlignHCenter
            elif cos > 0:
                box.moveLeft(anchor.x())
                box.moveTop(anchor.y() - box.height() / 2)
                align = Qt.AlignmentFlag.AlignLeft
            else:
                box.moveRight(anchor.x())
                box.moveTop(anchor.y() - box.height() / 2)
                align = Qt.AlignmentFlag.AlignRight
            vertical = (
                Qt.AlignmentFlag.AlignVCenter
                if abs(cos) >= 0.2
                else (
                    Qt.AlignmentFlag.AlignBottom
                    if math.sin(angle) < 0
                    else Qt.AlignmentFlag.AlignTop
                )
            )
            # Keep every title inside the widget, however long it is.
            bounds = QRectF(self.rect()).adjusted(2, 2, -2, -2 - legend_height)
            if box.left() < bounds.left():
                box.moveLeft(bounds.left())
            if box.right() > bounds.right():
                box.moveRight(bounds.right())
            if box.top() < bounds.top():
                box.moveTop(bounds.top())
            if box.bottom() > bounds.bottom():
                box.moveBottom(bounds.bottom())
            painter.drawText(box, int(align | vertical | flags), axis.title)

        self._draw_legend(painter, highlight, target_colour, text_colour, legend_height)
        painter.end()

    def _paint_bars(
        self, painter: QPainter, area: QRectF, grid: QColor, text_colour: QColor
    ) -> None:
        """One horizontal bar per value, with the target and the previous level marked."""
        palette = self.palette()
        metrics = self.fontMetrics()
        span = self._maximum - self._minimum
        label_width = min(area.width() * 0.35, 220.0)
        left = area.left() + label_width + 12
        width = max(40.0, area.right() - left - 12)
        band = min(80.0, area.height() / len(self._axes))
        top = area.top() + (area.height() - band * len(self._axes)) / 2

        def x_of(level: float) -> float:
            return left + width * max(0.0, min(1.0, (level - self._minimum) / span))

        painter.setPen(QPen(grid, 1))
        for step in range(round(span) + 1):
            x = x_of(self._minimum + step)
            painter.drawLine(QPointF(x, top), QPointF(x, top + band * len(self._axes)))
            painter.drawText(
                QPointF(x - 3, top + band * len(self._axes) + metrics.height()),
                f"{self._minimum + step:g}",
            )
        for index, axis in enumerate(self._axes):
            y = top + band * index
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(area.left(), y, label_width, band),
                int(
                    Qt.AlignmentFlag.AlignRight
                    | Qt.AlignmentFlag.AlignVCenter
                    | Qt.TextFlag.TextWordWrap
                ),
                axis.title,
            )
            bar = QRectF(left, y + band * 0.3, 0, band * 0.4)
            if axis.level is not None:
                bar.setRight(x_of(axis.level))
                fill = QColor(palette.color(QPalette.ColorRole.Highlight))
                painter.setPen(QPen(fill, 1.5))
                fill.setAlphaF(0.5)
                painter.setBrush(fill)
                painter.drawRect(bar)
                painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(_target_colour(palette), 2.5, Qt.PenStyle.DashLine))
            x = x_of(axis.target)
            painter.drawLine(QPointF(x, y + band * 0.15), QPointF(x, y + band * 0.85))
            if axis.previous is not None:
                previous = QColor(text_colour)
                previous.setAlphaF(0.6)
                painter.setPen(QPen(previous, 1.5, Qt.PenStyle.DotLine))
                x = x_of(axis.previous)
                painter.drawLine(QPointF(x, y + band * 0.2), QPointF(x, y + band * 0.8))

    def _draw_legend(
        self,
        painter: QPainter,
        highlight: QColor,
        target_colour: QColor,
        text_colour: QColor,
        legend_height: int,
    ) -> None:
        items: list[tuple[str, QPen]] = [
            (self.tr("This assessment"), QPen(highlight, 3)),
            (self.tr("Target for your group"), QPen(target_colour, 2, Qt.PenStyle.DashLine)),
        ]
        if self._has_previous:
            prev = QColor(text_colour)
            prev.setAlphaF(0.6)
            items.append((self.tr("Previous assessment"), QPen(prev, 1.5, Qt.PenStyle.DotLine)))
        metrics = self.fontMetrics()
        # Laid out left to right, wrapping onto a second line when the chart is narrow.
        line_height = metrics.height() + 4
        lines: list[list[tuple[str, QPen, float]]] = [[]]
        used = 0.0
        for text, pen in items:
            width = float(36 + metrics.horizontalAdvance(text) + 20)
            if lines[-1] and used + width > self.width() - 16:
                lines.append([])
                used = 0.0
            lines[-1].append((text, pen, width))
            used += width
        y = float(self.height() - legend_height + line_height / 2 + 4)
        for line in lines:
            x = (self.width() - sum(width for _, _, width in line)) / 2
            for text, pen, width in line:
                painter.setPen(pen)
                painter.drawLine(QPointF(x, y), QPointF(x + 28, y))
                painter.setPen(text_colour)
                painter.drawText(QPointF(x + 36, y + metrics.ascent() / 2 - 1), text)
                x += width
            y += line_height


def _target_colour(palette: QPalette) -> QColor:
    # An orange that reads on light and dark backgrounds alike.
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return QColor("#f0a040") if dark else QColor("#b35900")
