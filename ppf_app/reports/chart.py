"""The summary charts: each value's average level against its target (vector).

Three values or more make a radar (spider) chart; one or two make horizontal bars, since
a radar of fewer than three axes draws no area. Up to eight values carry their titles
round the radar, wrapped; more (or a radar set beside another chart) carry their numbers
only, which the summary table lists with the titles.

A radar's shape depends on the order of its axes, so the plan sets a ranked chart beside
it (:func:`ranked_chart`): one line per value, furthest below target first, with the
average as a dot and the target as a mark.

A value's target is the level the framework sets for the value and the group
(:attr:`ValueResult.target`); where that is unknown, the mean of its behaviours' targets.

The numbers come from :func:`ppf_app.domain.results.assessment_results`, as in the app.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, Rect, String
from reportlab.pdfbase.pdfmetrics import stringWidth

from ppf_app.domain.results import ValueResult
from ppf_app.reports.fonts import BOLD, REGULAR, register_fonts
from ppf_app.reports.styles import (
    ACCENT,
    FAINT,
    MUTED,
    RULE,
    TARGET,
    TEXT,
    WHITE,
)
from ppf_app.reports.text import clean, fit

TITLES_UP_TO = 8
LABEL_SIZE = 8


def wrap_label(text: str, width: float, size: float, max_lines: int = 3) -> list[str]:
    """``text`` broken into at most ``max_lines`` lines of ``width`` points."""
    register_fonts()  # the chart sets text in the bundled fonts
    words = clean(text).split()
    lines: list[str] = []
    current = ""
    for word in words:
        trial = f"{current} {word}".strip()
        if stringWidth(trial, REGULAR, size) <= width or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    return [fit(line, REGULAR, size, width) for line in lines]


def value_target(value: ValueResult) -> float:
    """The target a chart draws for a value: its level, else the mean of its behaviours'."""
    return float(value.target) if value.target is not None else value.mean_target


def _radius(level: float, low: int, high: int, outer: float) -> float:
    # The lowest level sits on a small inner ring, not the centre, so it stays visible.
    return outer * (level - low + 1) / (high - low + 1)


def _legend(drawing: Drawing, y: float, note: str) -> None:
    x = 0.0
    drawing.add(Rect(x, y - 3, 14, 8, fillColor=ACCENT, fillOpacity=0.35, strokeColor=ACCENT))
    drawing.add(
        String(x + 18, y - 1, "Average level", fontName=REGULAR, fontSize=8, fillColor=TEXT)
    )
    x += 100
    drawing.add(
        Line(
            x,
            y + 1,
            x + 14,
            y + 1,
            strokeColor=TARGET,
            strokeWidth=2,
            strokeDashArray=[3, 2],
        )
    )
    drawing.add(String(x + 18, y - 1, "Target", fontName=REGULAR, fontSize=8, fillColor=TEXT))
    if note:
        x += 70
        drawing.add(
            String(
                x,
                y - 1,
                note,
                fontName=REGULAR,
                fontSize=8,
                fillColor=MUTED,
            )
        )


def radar_chart(
    values: Sequence[ValueResult],
    scale: Sequence[tuple[int, str]],
    width: float,
    *,
    titles: bool | None = None,
) -> Drawing:
    """A radar of ``values`` (three or more) on ``scale`` (``(value, label)``, lowest first).

    ``titles``: the values' titles round the radar (default: up to eight values), else
    their numbers.
    """
    register_fonts()  # the chart sets text in the bundled fonts
    count = len(values)
    titled = count <= TITLES_UP_TO if titles is None else titles
    outer = min(width * 0.27, 140.0) if titled else min(width * 0.36, 170.0)
    label_width = width / 2 - outer - 14
    height = 2 * outer + 80
    cx, cy = width / 2, outer + 52
    drawing = Drawing(width, height, initialFontName=REGULAR)
    low, high = scale[0][0], scale[-1][0]

    def point(index: int, level: float) -> tuple[float, float]:
        angle = math.pi / 2 - 2 * math.pi * index / count
        r = _radius(level, low, high, outer) if level >= low else 0.0
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    for level, _label in scale:  # rings
        ring: list[float] = []
        for i in range(count):
            ring.extend(point(i, level))
        drawing.add(Polygon(ring, fillColor=None, strokeColor=RULE, strokeWidth=0.8))
    for i in range(count):  # spokes
        x, y = point(i, high)
        drawing.add(Line(cx, cy, x, y, strokeColor=RULE, strokeWidth=0.8))
    target: list[float] = []
    achieved: list[float] = []
    for i, value in enumerate(values):
        target.extend(point(i, value_target(value)))
        achieved.extend(point(i, value.mean_level if value.mean_level is not None else low - 1))
    if any(v.mean_level is not None for v in values):
        drawing.add(
            Polygon(
                achieved,
                fillColor=ACCENT,
                fillOpacity=0.25,
                strokeColor=ACCENT,
                strokeWidth=1.6,
            )
        )
        for i in range(count):
            drawing.add(
                Circle(
                    achieved[2 * i], achieved[2 * i + 1], 2.2, fillColor=ACCENT, strokeColor=None
                )
            )
    drawing.add(
        PolyLine(
            [*target, target[0], target[1]],
            strokeColor=TARGET,
            strokeWidth=2,
            strokeDashArray=[4, 2.5],
        )
    )

    for level, label in scale:  # level names up the first spoke, over the polygons
        x, y = point(0, level)
        text = fit(label, REGULAR, 6.5, 70)
        drawing.add(
            Rect(
                x + 2,
                y - 0.5,
                stringWidth(text, REGULAR, 6.5) + 2,
                8,
                fillColor=WHITE,
                fillOpacity=0.75,
                strokeColor=None,
            )
        )
        drawing.add(String(x + 3, y + 1.5, text, fontName=REGULAR, fontSize=6.5, fillColor=FAINT))

    for i, value in enumerate(values):
        angle = math.pi / 2 - 2 * math.pi * i / count
        cos, sin = math.cos(angle), math.sin(angle)
        lx, ly = cx + (outer + 10) * cos, cy + (outer + 10) * sin
        anchor = "middle" if abs(cos) < 0.2 else ("start" if cos > 0 else "end")
        lines = [str(i + 1)]
        if titled:
            lines = [
                f"{i + 1}. {line}" if n == 0 else line
                for n, line in enumerate(
                    wrap_label(
                        value.title,
                        label_width if anchor != "middle" else 2 * label_width,
                        LABEL_SIZE,
                    )
                )
            ]
        block = Group()
        leading = LABEL_SIZE + 1.5
        # Labels above the chart grow upwards, below it downwards, at the sides centred.
        if sin > 0.2:
            top = ly + (len(lines) - 1) * leading + 2
        elif sin < -0.2:
            top = ly - LABEL_SIZE
        else:
            top = ly + (len(lines) - 1) * leading / 2 - LABEL_SIZE / 3
        for n, line in enumerate(lines):
            block.add(
                String(
                    lx,
                    top - n * leading,
                    line,
                    fontName=BOLD if n == 0 and not titled else REGULAR,
                    fontSize=LABEL_SIZE,
                    fillColor=TEXT,
                    textAnchor=anchor,
                )
            )
        drawing.add(block)
    unrated = any(v.mean_level is None for v in values)
    _legend(drawing, 8, "Values not yet rated are drawn at the centre." if unrated else "")
    return drawing


def bar_chart(
    values: Sequence[ValueResult], scale: Sequence[tuple[int, str]], width: float
) -> Drawing:
    """Horizontal bars of ``values`` (for one or two), with each target marked."""
    register_fonts()  # the chart sets text in the bundled fonts
    low, high = scale[0][0], scale[-1][0]
    label_width = width * 0.32
    left = label_width + 8
    plot = width - left - 24
    bar_h, gap = 18.0, 26.0
    height = 40 + len(values) * (bar_h + gap) + 18
    drawing = Drawing(width, height, initialFontName=REGULAR)
    base_y = 40.0

    def x_of(level: float) -> float:
        return left + plot * (level - low + 1) / (high - low + 1)

    for level, label in scale:
        x = x_of(level)
        drawing.add(Line(x, base_y - 4, x, height - 12, strokeColor=RULE, strokeWidth=0.8))
        drawing.add(
            String(
                x,
                base_y - 14,
                fit(label, REGULAR, 6.5, plot / len(scale)),
                fontName=REGULAR,
                fontSize=6.5,
                fillColor=FAINT,
                textAnchor="middle",
            )
        )
    for n, value in enumerate(reversed(values)):
        y = base_y + gap / 2 + n * (bar_h + gap)
        lines = wrap_label(value.title, label_width, LABEL_SIZE, max_lines=2)
        for k, line in enumerate(lines):
            drawing.add(
                String(
                    label_width,
                    y + bar_h / 2 + (len(lines) / 2 - k - 0.8) * (LABEL_SIZE + 1.5),
                    line,
                    fontName=REGULAR,
                    fontSize=LABEL_SIZE,
                    fillColor=TEXT,
                    textAnchor="end",
                )
            )
        if value.mean_level is not None:
            drawing.add(
                Rect(
                    left,
                    y,
                    x_of(value.mean_level) - left,
                    bar_h,
                    fillColor=ACCENT,
                    fillOpacity=0.35,
                    strokeColor=ACCENT,
                    strokeWidth=1.2,
                )
            )
        tx = x_of(value_target(value))
        drawing.add(
            Line(
                tx,
                y - 5,
                tx,
                y + bar_h + 5,
                strokeColor=TARGET,
                strokeWidth=2.2,
                strokeDashArray=[4, 2.5],
            )
        )
    unrated = any(v.mean_level is None for v in values)
    _legend(drawing, 8, "Values not yet rated have no bar." if unrated else "")
    return drawing


def value_chart(
    values: Sequence[ValueResult],
    scale: Sequence[tuple[int, str]],
    width: float,
    *,
    titles: bool | None = None,
) -> Drawing:
    """The summary chart for ``values``: a radar for three or more, bars otherwise."""
    if len(values) >= 3:
        return radar_chart(values, scale, width, titles=titles)
    return bar_chart(values, scale, width)


RANK_ROW = 22.0
RANK_DOT = 3.6


def ranked(values: Sequence[ValueResult]) -> list[tuple[int, ValueResult]]:
    """``(number, value)`` furthest below target first (then file order); unrated last."""
    numbered = list(enumerate(values, start=1))
    return sorted(
        numbered,
        key=lambda item: (
            item[1].mean_level is None,
            (item[1].mean_level or 0.0) - value_target(item[1]),
            item[0],
        ),
    )


def ranked_chart(
    values: Sequence[ValueResult], scale: Sequence[tuple[int, str]], width: float
) -> Drawing:
    """Each value on a line of its own, furthest below target first: its average as a
    dot, its target as a mark, and the distance between them as a bar."""
    register_fonts()  # the chart sets text in the bundled fonts
    low, high = scale[0][0], scale[-1][0]
    label_width = width * 0.5
    left = label_width + 6
    right = width - 22
    top_pad, axis = 6.0, 30.0
    rows = ranked(values)
    height = axis + len(rows) * RANK_ROW + top_pad
    drawing = Drawing(width, height, initialFontName=REGULAR)

    def x_of(level: float) -> float:
        return left + 4 + (right - left - 8) * (level - low) / (high - low)

    for level, _label in scale:
        x = x_of(level)
        drawing.add(Line(x, axis - 2, x, height - top_pad, strokeColor=RULE, strokeWidth=0.8))
        drawing.add(
            String(
                x,
                axis - 11,
                str(level),
                fontName=REGULAR,
                fontSize=6.5,
                fillColor=FAINT,
                textAnchor="middle",
            )
        )
    for n, (number, value) in enumerate(rows):
        y = height - top_pad - (n + 0.5) * RANK_ROW
        lines = wrap_label(f"{number}. {value.title}", label_width, LABEL_SIZE, max_lines=2)
        for k, line in enumerate(lines):
            drawing.add(
                String(
                    label_width,
                    y + (len(lines) / 2 - k - 0.8) * (LABEL_SIZE + 1.5),
                    line,
                    fontName=REGULAR,
                    fontSize=LABEL_SIZE,
                    fillColor=TEXT,
                    textAnchor="end",
                )
            )
        target = value_target(value)
        tx = x_of(target)
        drawing.add(Line(tx, y - 6, tx, y + 6, strokeColor=TARGET, strokeWidth=2.4))
        if value.mean_level is None:
            drawing.add(
                String(right + 2, y - 3, "–", fontName=REGULAR, fontSize=7, fillColor=MUTED)
            )
            continue
        mx = x_of(value.mean_level)
        drawing.add(
            Line(
                min(mx, tx),
                y,
                max(mx, tx),
                y,
                strokeColor=ACCENT,
                strokeWidth=1.2,
                strokeOpacity=0.5,
            )
        )
        drawing.add(Circle(mx, y, RANK_DOT, fillColor=ACCENT, strokeColor=WHITE, strokeWidth=0.8))
        drawing.add(
            String(
                right + 20,
                y - 3,
                f"{value.mean_level:.1f}",
                fontName=REGULAR,
                fontSize=7,
                fillColor=TEXT,
                textAnchor="end",
            )
        )
    drawing.add(Circle(6, 9, RANK_DOT, fillColor=ACCENT, strokeColor=None))
    drawing.add(String(14, 6, "Average level", fontName=REGULAR, fontSize=8, fillColor=TEXT))
    drawing.add(Line(82, 3, 82, 15, strokeColor=TARGET, strokeWidth=2.4))
    drawing.add(String(88, 6, "Target", fontName=REGULAR, fontSize=8, fillColor=TEXT))
    return drawing
