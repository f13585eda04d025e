"""The summary chart: radar for three values or more, bars for fewer; labels stay inside."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import pytest
from reportlab.graphics.shapes import Drawing, Group, Polygon, Rect, String
from reportlab.pdfbase.pdfmetrics import stringWidth

from ppf_app.domain.results import ValueResult
from ppf_app.reports.chart import value_chart
from ppf_app.reports.styles import ACCENT, FRAME_WIDTH

SCALE = ((1, "Starting"), (2, "Developing"), (3, "Established"), (4, "Leading"))
TITLES = [
    "Patients' care and safety first",
    "Respect for the public, patients, relatives, carers, staff and partners",
    "Honesty and integrity",
    "Responsibility for own work and the people you manage",
    "Working as a team member",
    "Responsibility for own learning and development",
    "Accountability",
    "Probity",
    "Inspiring shared purpose",
    "Leading with care",
    "Evaluating information",
    "Connecting our service",
    "Sharing the vision",
    "Engaging the team",
    "Influencing for results",
]


def values(count: int, unrated: int = -1) -> list[ValueResult]:
    return [
        ValueResult(
            value_id=f"v{i}",
            title=TITLES[i],
            mean_level=None if i == unrated else 1 + (i % 4) * 0.75,
            mean_target=3.0 + (i % 2) * 0.5,
            rated_count=0 if i == unrated else 2,
            behaviour_count=2,
        )
        for i in range(count)
    ]


def walk(node: Any) -> Iterator[Any]:
    for item in getattr(node, "contents", []):
        yield item
        if isinstance(item, Group):
            yield from walk(item)


def strings(drawing: Drawing) -> list[String]:
    return [s for s in walk(drawing) if isinstance(s, String)]


def assert_labels_inside(drawing: Drawing) -> None:
    for s in strings(drawing):
        width = stringWidth(s.text, s.fontName, s.fontSize)
        left = {"start": s.x, "middle": s.x - width / 2, "end": s.x - width}[s.textAnchor]
        assert left >= -0.5 and left + width <= drawing.width + 0.5, s.text
        assert 0 <= s.y <= drawing.height - s.fontSize * 0.7, s.text


@pytest.mark.parametrize("count", [1, 2])
def test_one_or_two_values_make_bars_not_a_radar(count: int) -> None:
    drawing = value_chart(values(count), SCALE, FRAME_WIDTH)
    shapes = list(walk(drawing))
    assert not any(isinstance(s, Polygon) for s in shapes)
    bars = [s for s in shapes if isinstance(s, Rect) and s.fillColor == ACCENT and s.height > 10]
    assert len(bars) == count
    assert_labels_inside(drawing)
    text = " ".join(s.text for s in strings(drawing))
    assert "Starting" in text and "Leading" in text


@pytest.mark.parametrize("count", [3, 5, 8])
def test_radar_carries_wrapped_titles(count: int) -> None:
    drawing = value_chart(values(count), SCALE, FRAME_WIDTH)
    assert_labels_inside(drawing)
    text = " ".join(s.text for s in strings(drawing))
    for i in range(count):
        first_word = TITLES[i].split()[0]
        assert f"{i + 1}. {first_word}" in text


def test_radar_of_fifteen_values_numbers_its_axes() -> None:
    drawing = value_chart(values(15), SCALE, FRAME_WIDTH)
    assert_labels_inside(drawing)
    labels = {s.text for s in strings(drawing)}
    assert {str(n) for n in range(1, 16)} <= labels
    assert not any("Leading with care" in label for label in labels)


def test_radar_points_are_the_value_averages() -> None:
    data = values(6)
    drawing = value_chart(data, SCALE, FRAME_WIDTH)
    polygons = [s for s in walk(drawing) if isinstance(s, Polygon)]
    rings = [p for p in polygons if p.fillColor is None]
    achieved = next(p for p in polygons if p.fillColor == ACCENT)
    outer_ring = rings[-1]  # the highest level, drawn last
    cx = sum(outer_ring.points[0::2]) / 6
    cy = sum(outer_ring.points[1::2]) / 6
    outer = math.dist((cx, cy), outer_ring.points[0:2])
    for i, value in enumerate(data):
        radius = math.dist((cx, cy), achieved.points[2 * i : 2 * i + 2])
        assert value.mean_level is not None
        assert radius == pytest.approx(outer * value.mean_level / 4)


def test_unrated_values_are_explained() -> None:
    radar = value_chart(values(4, unrated=1), SCALE, FRAME_WIDTH)
    assert "Values not yet rated are drawn at the centre." in {s.text for s in strings(radar)}
    bars = value_chart(values(2, unrated=0), SCALE, FRAME_WIDTH)
    assert "Values not yet rated have no bar." in {s.text for s in strings(bars)}
