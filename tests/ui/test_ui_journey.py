"""The whole journey, driven with keyboard and mouse: first start, profile, rate every
behaviour, undo, complete, results; close the window, open it again: everything is there."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ppf_app.services import assessments, people
from ppf_app.services.library import open_library
from ppf_app.ui import messages
from ppf_app.ui.main_window import MainWindow
from ppf_app.ui.widgets.rating_control import RatingControl
from tests.ui.test_ui_support import make_window, ui_settings

__all__ = ["ui_settings"]


def click_level(qtbot: QtBot, control: RatingControl, index: int) -> None:
    """Click the ``index``-th level of a rating control with the mouse."""
    count = len(control.levels)
    width = control.width() / count
    point = QPoint(int(width * index + width / 2), control.height() // 2)
    qtbot.mouseClick(control, Qt.MouseButton.LeftButton, pos=point)


def create_profile(qtbot: QtBot, window: MainWindow, name: str) -> None:
    assert window.stack.currentWidget() is window.welcome
    qtbot.mouseClick(window.welcome.start_button, Qt.MouseButton.LeftButton)
    profile = window.profile
    assert window.stack.currentWidget() is profile
    qtbot.keyClicks(profile.name, name)
    profile.group.setFocus()
    qtbot.keyClick(profile.group, Qt.Key.Key_Down)  # the second group: "manager"
    qtbot.keyClicks(profile.job_title, "Service manager")
    qtbot.keyClicks(profile.organisation, "Northfield Trust")
    qtbot.mouseClick(profile.save_button, Qt.MouseButton.LeftButton)


@pytest.mark.gui
def test_first_start_to_results_and_back_again(
    qtbot: QtBot, tmp_path: Path, ui_settings: Path
) -> None:
    data = tmp_path / "data"
    lib = open_library(data)
    window = make_window(qtbot, lib)
    create_profile(qtbot, window, "Jo Bloggs")
    assert window.stack.currentWidget() is window.home
    person = window.context.person
    assert person is not None
    assert (person.name, person.professional_group) == ("Jo Bloggs", "manager")
    assert "Jo Bloggs" in window.windowTitle()

    # Start a new assessment on the bundled framework (preselected).
    default = lib.frameworks.default()
    assert window.home.framework_picker.currentData() == f"{default.id}@{default.version}"
    qtbot.mouseClick(window.home.start_button, Qt.MouseButton.LeftButton)
    page = window.assessment
    assert window.stack.currentWidget() is page
    rows = page.rows()
    assert len(rows) == default.behaviour_count
    scale = default.scale_values

    # Rate every behaviour from the keyboard: number key, then Tab to the next one.
    page.focus_behaviour(0)
    expected: dict[str, int] = {}
    for index, row in enumerate(rows):
        position = index % len(scale)
        qtbot.keyClick(row.rating, Qt.Key(Qt.Key.Key_1 + position))
        expected[row.behaviour_id] = scale[position]
        qtbot.keyClick(row.rating, Qt.Key.Key_Tab)
        if index + 1 < len(rows):
            assert QApplication.focusWidget() is rows[index + 1].rating
    assert page.progress.value() == len(rows)

    # The mouse works too, and Ctrl+Z undoes the last change (saved again at once).
    view = page.assessment
    assert view is not None
    click_level(qtbot, rows[0].rating, len(scale) - 1)
    assert assessments.ratings(lib, view.id)[rows[0].behaviour_id].level == scale[-1]
    window.undo_action.trigger()
    assert (
        assessments.ratings(lib, view.id)[rows[0].behaviour_id].level
        == expected[rows[0].behaviour_id]
    )
    assert rows[0].rating.level() == expected[rows[0].behaviour_id]

    # Evidence typed just before closing is not lost (no waiting for the debounce).
    rows[1].focus_evidence()
    qtbot.keyClicks(rows[1].evidence, "Chaired the bed meeting")
    qtbot.keyClick(page.complete_button, Qt.Key.Key_Space)
    assert window.stack.currentWidget() is window.results
    assert assessments.get_assessment(lib, view.id).is_complete
    assert window.results.results is not None
    assert window.results.results.rated_count == len(rows)
    window.close()
    lib.close()

    # Open it again on the same data folder: person, ratings, evidence, page.
    lib = open_library(data)
    try:
        again = make_window(qtbot, lib)
        assert again.context.person is not None
        assert again.context.person.name == "Jo Bloggs"
        assert again.stack.currentWidget() is again.results
        saved = assessments.ratings(lib, view.id)
        assert {b: r.level for b, r in saved.items()} == expected
        assert saved[rows[1].behaviour_id].evidence == "Chaired the bed meeting"
        again.show_page("home")
        assert again.home.model.rowCount() == 1
        qtbot.mouseClick(again.home.continue_button, Qt.MouseButton.LeftButton)
        reopened = again.assessment.rows()
        assert [r.rating.level() for r in reopened] == [expected[r.behaviour_id] for r in reopened]
        assert reopened[1].evidence.toPlainText() == "Chaired the bed meeting"
        again.close()
    finally:
        lib.close()


@pytest.mark.gui
def test_evidence_is_saved_after_a_pause_and_on_leaving_the_field(
    qtbot: QtBot, tmp_path: Path, ui_settings: Path
) -> None:
    lib = open_library(tmp_path / "data")
    try:
        person = people.add_person(lib, name="Ana", professional_group="clinician")
        view = assessments.start_assessment(lib, person.id)
        window = make_window(qtbot, lib)
        window.home.activated()
        window.go("assessment", view.id)
        rows = window.assessment.rows()
        rows[0].focus_evidence()
        qtbot.keyClicks(rows[0].evidence, "Audit of handovers")
        # Debounced: saved once typing pauses.
        qtbot.waitUntil(
            lambda: assessments.ratings(lib, view.id).get(rows[0].behaviour_id) is not None,
            timeout=3000,
        )
        assert assessments.ratings(lib, view.id)[rows[0].behaviour_id].evidence == (
            "Audit of handovers"
        )
        # Focus-out: saved at once.
        rows[2].focus_evidence()
        qtbot.keyClicks(rows[2].evidence, "Mentored two new staff")
        rows[3].focus_rating()
        assert assessments.ratings(lib, view.id)[rows[2].behaviour_id].evidence == (
            "Mentored two new staff"
        )
        assert window.statusBar().currentMessage() == "Saved"
        # Closing the window right after typing: nothing is lost.
        rows[4].focus_evidence()
        qtbot.keyClicks(rows[4].evidence, "Last words")
        window.close()
        assert assessments.ratings(lib, view.id)[rows[4].behaviour_id].evidence == "Last words"
    finally:
        lib.close()


@pytest.mark.gui
def test_completing_with_gaps_points_them_out(
    qtbot: QtBot, tmp_path: Path, ui_settings: Path
) -> None:
    lib = open_library(tmp_path / "data")
    try:
        person = people.add_person(lib, name="Ana", professional_group="clinician")
        view = assessments.start_assessment(lib, person.id)
        window = make_window(qtbot, lib)
        window.go("assessment", view.id)
        page = window.assessment
        rows = page.rows()
        qtbot.keyClick(rows[0].rating, Qt.Key.Key_3)
        # The user is told which behaviours are unrated; cancelling goes to the first one.
        with messages.answering(False):
            qtbot.mouseClick(page.complete_button, Qt.MouseButton.LeftButton)
        kind, _title, text = messages.shown()[-1]
        assert kind == "confirm"
        assert f"{len(rows) - 1} of {len(rows)} behaviours have no rating yet" in text
        assert "1.2" in text
        assert not assessments.get_assessment(lib, view.id).is_complete
        assert QApplication.focusWidget() is rows[1].rating
        assert window.stack.currentWidget() is page
        # Confirming completes it anyway.
        with messages.answering(True):
            qtbot.mouseClick(page.complete_button, Qt.MouseButton.LeftButton)
        assert assessments.get_assessment(lib, view.id).is_complete
        assert window.stack.currentWidget() is window.results
        window.close()
    finally:
        lib.close()
