"""A framework of 300 behaviours: the page opens at once, builds the rest while staying
responsive, scrolls to every behaviour, and every rating made from the keyboard is kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ppf_app.services import assessments, frameworks, people
from ppf_app.services.library import open_library
from ppf_app.ui.pages.assessment import FIRST_ROWS
from tests.ui.test_ui_support import framework_toml, make_window, ui_settings

__all__ = ["ui_settings"]


@pytest.mark.gui
@pytest.mark.slow
def test_three_hundred_behaviours(qtbot: QtBot, tmp_path: Path, ui_settings: Path) -> None:
    data = tmp_path / "data"
    source = tmp_path / "big.toml"
    source.write_text(framework_toml(values=10, per_value=30), encoding="utf-8")
    lib = open_library(data)
    try:
        framework = frameworks.add_framework(lib, source)
        assert framework.behaviour_count == 300
        person = people.add_person(lib, name="Ana", professional_group="clinician")
        view = assessments.start_assessment(lib, person.id, framework.id, framework.version)
        window = make_window(qtbot, lib)
        page = window.assessment

        window.go("assessment", view.id)
        # Shown with a first screenful of rows; the rest are built a few per event-loop
        # turn, so the window keeps answering while a long framework opens.
        assert page.built_count() == FIRST_ROWS
        qtbot.waitUntil(page.is_fully_built, timeout=60_000)

        rows = page.rows()
        assert len(rows) == 300
        assert page.value_picker.count() == 10
        levels = framework.scale_values
        page.focus_behaviour(0)
        expected = {}
        for index, row in enumerate(rows):
            position = (index * 7) % len(levels)
            qtbot.keyClick(row.rating, Qt.Key(Qt.Key.Key_1 + position))
            expected[row.behaviour_id] = levels[position]
            qtbot.keyClick(row.rating, Qt.Key.Key_Tab)
            if index + 1 < len(rows):
                assert QApplication.focusWidget() is rows[index + 1].rating
        assert page.progress.value() == 300

        # The last behaviour was scrolled into view.
        bar = page.scroll_area.verticalScrollBar()
        assert bar.value() > bar.maximum() * 0.9
        viewport = page.scroll_area.viewport()
        last = rows[-1].rating
        top_left = last.mapTo(viewport, last.rect().topLeft())
        assert 0 <= top_left.y() < viewport.height()
        # Ctrl+PgUp goes back one value; the value picker jumps anywhere.
        last.setFocus()
        qtbot.keyClick(last, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
        assert QApplication.focusWidget() is rows[240].rating
        page.go_to_value(0)
        assert QApplication.focusWidget() is rows[0].rating
        assert bar.value() < bar.maximum() * 0.1

        window.close()
        lib.close()
        lib = open_library(data)
        saved = assessments.ratings(lib, view.id)
        assert {b: r.level for b, r in saved.items()} == expected
    finally:
        lib.close()
