"""The keyboard when rating starts: on the first unanswered behaviour, so the first number
key rates it; "Go to value" follows the keyboard into the next value."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ppf_app.services import assessments, people
from ppf_app.services.library import open_library
from tests.ui.test_ui_support import make_window, ui_settings

__all__ = ["ui_settings"]


@pytest.mark.gui
def test_the_first_key_rates_the_first_unanswered_behaviour(
    qtbot: QtBot, tmp_path: Path, ui_settings: Path
) -> None:
    lib = open_library(tmp_path / "data")
    try:
        ann = people.add_person(lib, name="Ann Lee", professional_group="clinician")
        view = assessments.start_assessment(lib, ann.id)
        framework = assessments.framework_for(lib, view)
        asked = [b.id for b in framework.behaviours_for(view.group_id or None)]
        window = make_window(qtbot, lib)
        window.go("assessment", view.id)
        page = window.assessment
        qtbot.waitUntil(lambda: page.row(asked[0]).rating.hasFocus(), timeout=3000)
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_2)
        assert assessments.answers(lib, view.id)[asked[0]] == framework.scale_values[1]

        # Opened again with the first two answered: the keyboard is on the third.
        assessments.set_rating(lib, view.id, asked[1], level=framework.scale_values[0])
        other = assessments.start_assessment(lib, ann.id)
        window.go("assessment", other.id)
        window.go("assessment", view.id)
        qtbot.waitUntil(lambda: page.row(asked[2]).rating.hasFocus(), timeout=3000)

        # Tab from the last behaviour of the first value into the second value.
        first_value = [b.id for b in framework.values_for(view.group_id or None)[0][1]]
        page.row(first_value[-1]).focus_rating()
        assert page.value_picker.currentIndex() == 0
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        assert page.value_picker.currentIndex() == 1
        window.close()
    finally:
        lib.close()
