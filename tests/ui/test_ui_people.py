"""More than one person in a library: the switcher shows whose record is open, and never
leaves one person's assessment on screen under another's name."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ppf_app.services import assessments, people
from ppf_app.services.library import Library
from ppf_app.ui import messages
from ppf_app.ui.main_window import MainWindow
from tests.ui.test_ui_support import library, make_window, ui_settings, window

__all__ = ["library", "ui_settings", "window"]


@pytest.mark.gui
def test_switching_person_closes_the_other_record(
    qtbot: QtBot, library: Library, ui_settings: Path
) -> None:
    amy = people.add_person(library, name="Amy Appraiser", professional_group="manager")
    ben = people.add_person(library, name="Ben Appraisee", professional_group="clinician")
    amy_view = assessments.start_assessment(library, amy.id)
    ben_view = assessments.start_assessment(library, ben.id, kind="appraiser")
    window = make_window(qtbot, library)
    picker = window.sidebar.person_picker
    assert picker.count() == 2

    window.switch_person(amy.id)
    window.go("assessment", amy_view.id)
    assert "Amy Appraiser" in window.assessment.title.text()
    assert "Amy Appraiser" in window.windowTitle()

    # Switch with the sidebar's picker, from the keyboard.
    picker.setFocus()
    index = picker.findText("Ben Appraisee")
    picker.setCurrentIndex(index)
    picker.activated.emit(index)
    assert window.context.person is not None
    assert window.context.person.id == ben.id
    assert window.assessment.assessment is None  # Amy's draft is no longer on screen
    assert window.stack.currentWidget() is window.home
    assert "Ben Appraisee" in window.home.title.text()
    assert "Ben Appraisee" in window.windowTitle()
    assert window.record_status.text() == "Record open: Ben Appraisee"
    assert [v.id for v in window.home.model.rows()] == [ben_view.id]
    # The Rate page cannot be reached until one of Ben's assessments is opened.
    window.show_page("assessment")
    assert window.stack.currentWidget() is window.home

    # An assessment of someone else is refused, with a message.
    window.go("assessment", amy_view.id)
    assert window.assessment.assessment is None
    assert messages.shown()[-1][0] == "warning"

    # The choice is remembered for the next start.
    window.close()
    again = make_window(qtbot, library)
    assert again.context.person is not None
    assert again.context.person.id == ben.id


@pytest.mark.gui
def test_add_person_and_edit_profile(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.mouseClick(window.welcome.start_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(window.profile.name, "Cara")
    qtbot.mouseClick(window.profile.save_button, Qt.MouseButton.LeftButton)
    # Adding a second person: the form is empty and can be cancelled.
    qtbot.mouseClick(window.sidebar.add_person_button, Qt.MouseButton.LeftButton)
    assert window.profile.name.text() == ""
    assert window.profile.cancel_button.isVisible()
    qtbot.keyClicks(window.profile.name, "Dev")
    qtbot.keyClick(window.profile.name, Qt.Key.Key_Return)
    assert window.context.person is not None
    assert window.context.person.name == "Dev"
    assert window.sidebar.person_picker.currentText() == "Dev"
    assert window.sidebar.person_picker.count() == 2
    # Editing the open person's profile.
    window.show_page("profile")
    assert window.profile.name.text() == "Dev"
    window.profile.name.clear()
    qtbot.keyClicks(window.profile.name, "Dev Kumar")
    qtbot.mouseClick(window.profile.save_button, Qt.MouseButton.LeftButton)
    assert [p.name for p in people.list_people(window.context.library)] == ["Cara", "Dev Kumar"]
    assert window.sidebar.person_picker.currentText() == "Dev Kumar"


@pytest.mark.gui
def test_a_refused_profile_says_why(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.mouseClick(window.welcome.start_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.profile.save_button, Qt.MouseButton.LeftButton)
    kind, title, text = messages.shown()[-1]
    assert (kind, title) == ("problem", "Profile not saved")
    assert "name" in text
    assert people.list_people(window.context.library) == []
    assert window.stack.currentWidget() is window.profile
