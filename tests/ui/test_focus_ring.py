"""A button with the keyboard focus has a ring a keyboard user can see, in the light and
the dark palette alike: the button is grabbed to an image focused and unfocused and the
pixels round its edge compared."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from ppf_app.ui.application import FocusRingStyle, use_focus_ring

DARK = {
    QPalette.ColorRole.Window: "#2b2b2b",
    QPalette.ColorRole.WindowText: "#e8e8e8",
    QPalette.ColorRole.Base: "#1f1f1f",
    QPalette.ColorRole.Text: "#e8e8e8",
    QPalette.ColorRole.Button: "#353535",
    QPalette.ColorRole.ButtonText: "#e8e8e8",
    QPalette.ColorRole.Highlight: "#3d8ee0",
    QPalette.ColorRole.HighlightedText: "#ffffff",
}


@pytest.fixture
def app_style(qapp: QApplication) -> Iterator[QApplication]:
    """The app's focus ring style for one test; the style and palette put back after."""
    style_name = qapp.style().name() or "fusion"
    palette = QPalette(qapp.palette())
    use_focus_ring(qapp)
    yield qapp
    qapp.setPalette(palette)
    qapp.setStyle(style_name)


def edge_pixels(image: QImage, depth: int = 4) -> list[tuple[int, int]]:
    """The points within ``depth`` pixels of the image's edge."""
    points = []
    for y in range(image.height()):
        for x in range(image.width()):
            if min(x, y, image.width() - 1 - x, image.height() - 1 - y) < depth:
                points.append((x, y))
    return points


def near(colour: QColor, wanted: QColor, tolerance: int = 70) -> bool:
    return (
        abs(colour.red() - wanted.red())
        + abs(colour.green() - wanted.green())
        + abs(colour.blue() - wanted.blue())
    ) <= tolerance


def ring_pixels(qtbot: QtBot, app: QApplication) -> tuple[int, int]:
    """(edge pixels that change when the button takes the focus, of them those in the
    highlight colour)."""
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QHBoxLayout(holder)
    field = QLineEdit()
    field.setAccessibleName("Name")
    button = QPushButton("Save profile")
    layout.addWidget(field)
    layout.addWidget(button)
    holder.show()
    qtbot.waitExposed(holder)
    holder.activateWindow()
    qtbot.waitUntil(holder.isActiveWindow, timeout=2000)
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=2000)
    unfocused = button.grab().toImage()
    qtbot.keyClick(field, Qt.Key.Key_Tab)  # the keyboard moves the focus to the button
    qtbot.waitUntil(button.hasFocus, timeout=2000)
    focused = button.grab().toImage()
    highlight = app.palette().color(QPalette.ColorRole.Highlight)
    changed = [p for p in edge_pixels(focused) if focused.pixel(*p) != unfocused.pixel(*p)]
    ringed = [p for p in changed if near(focused.pixelColor(*p), highlight)]
    return len(changed), len(ringed)


@pytest.mark.gui
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_focus_ring_in_the_light_palette(qtbot: QtBot, app_style: QApplication) -> None:
    assert isinstance(app_style.style(), FocusRingStyle)
    changed, ringed = ring_pixels(qtbot, app_style)
    # A ring goes all the way round: well over a hundred pixels of a ~100x30 button.
    assert changed > 150
    assert ringed > 100


@pytest.mark.gui
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_focus_ring_in_the_dark_palette(qtbot: QtBot, app_style: QApplication) -> None:
    palette = QPalette(app_style.palette())
    for role, colour in DARK.items():
        palette.setColor(role, QColor(colour))
    app_style.setPalette(palette)
    changed, ringed = ring_pixels(qtbot, app_style)
    assert changed > 150
    assert ringed > 100


@pytest.mark.gui
def test_the_ring_is_added_once(app_style: QApplication) -> None:
    first = app_style.style()
    assert use_focus_ring(app_style) is first


@pytest.mark.gui
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_rating_control_rings_the_level_the_keyboard_is_on(
    qtbot: QtBot, app_style: QApplication
) -> None:
    from ppf_app.ui.widgets.rating_control import Level, RatingControl

    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QHBoxLayout(holder)
    field = QLineEdit()
    control = RatingControl([Level(1, "Rarely"), Level(2, "Sometimes"), Level(3, "Often")])
    layout.addWidget(field)
    layout.addWidget(control)
    holder.show()
    qtbot.waitExposed(holder)
    holder.activateWindow()
    qtbot.waitUntil(holder.isActiveWindow, timeout=2000)
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=2000)
    unfocused = control.grab().toImage()
    control.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(control.hasFocus, timeout=2000)
    focused = control.grab().toImage()
    highlight = app_style.palette().color(QPalette.ColorRole.Highlight)
    # The first level (the keyboard's place, none chosen yet) is ringed.
    first = control.width() // 3
    changed = [
        (x, y)
        for x in range(first)
        for y in range(focused.height())
        if focused.pixel(x, y) != unfocused.pixel(x, y)
        and near(focused.pixelColor(x, y), highlight)
    ]
    assert len(changed) > 100
