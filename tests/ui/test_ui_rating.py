"""Rating a behaviour: the control's keys and descriptors, undo and redo through the
service, and the assessment list's delete."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QScrollArea
from pytestqt.qtbot import QtBot

from ppf_app.services import assessments, people
from ppf_app.services.library import Library
from ppf_app.ui import messages
from ppf_app.ui.widgets.behaviour_row import BehaviourRow
from ppf_app.ui.widgets.rating_control import Level, RatingControl
from tests.ui.test_ui_support import library, make_window, ui_settings

__all__ = ["library", "ui_settings"]

LEVELS = [
    Level(1, "Rarely", "Hardly ever shown."),
    Level(2, "Often", "Shown most of the time."),
    Level(3, "Always", ""),
]


@pytest.mark.gui
def test_rating_control_keys(qtbot: QtBot) -> None:
    control = RatingControl(LEVELS)
    qtbot.addWidget(control)
    chosen: list[object] = []
    control.level_chosen.connect(chosen.append)
    qtbot.keyClick(control, Qt.Key.Key_2)
    assert control.level() == 2
    qtbot.keyClick(control, Qt.Key.Key_Right)
    qtbot.keyClick(control, Qt.Key.Key_Right)  # stays on the highest level
    assert control.level() == 3
    qtbot.keyClick(control, Qt.Key.Key_9)  # no ninth level: ignored
    assert control.level() == 3
    qtbot.keyClick(control, Qt.Key.Key_Delete)
    assert control.level() is None
    assert chosen == [2, 3, None]
    assert control.accessibleDescription() == "Not rated"
    control.set_level(1)  # shown, not announced
    assert chosen == [2, 3, None]
    assert control.accessibleDescription() == "Rated: Rarely"
    with pytest.raises(ValueError):
        control.set_level(7)


@pytest.mark.gui
def test_descriptors_show_on_hover_and_focus(qtbot: QtBot) -> None:
    row = BehaviourRow("b1", "1.1", "Listens to patients", LEVELS)
    # In a scroll area, as on the page (a bare row would pass its fixed heights to the
    # window system, which the offscreen platform warns about).
    area = QScrollArea()
    area.setWidget(row)
    area.setWidgetResizable(True)
    qtbot.addWidget(area)
    area.resize(700, 240)
    area.show()
    qtbot.waitExposed(area)
    control = row.rating
    third = control.width() / 3
    qtbot.mouseMove(control, QPoint(int(third * 1.5), control.height() // 2))
    qtbot.waitUntil(lambda: row.hint.text() == "Often: Shown most of the time.")
    qtbot.keyClick(control, Qt.Key.Key_1)
    assert row.hint.text() == "Rarely: Hardly ever shown."
    assert "Shown most of the time." in control._tooltip(1)


@pytest.mark.gui
def test_undo_and_redo_save_again_and_only_on_the_rate_page(
    qtbot: QtBot, library: Library, ui_settings: Path
) -> None:
    person = people.add_person(library, name="Ola", professional_group="clinician")
    view = assessments.start_assessment(library, person.id)
    window = make_window(qtbot, library)
    window.go("assessment", view.id)
    row = window.assessment.rows()[0]

    def saved() -> int | None:
        rating = assessments.ratings(library, view.id).get(row.behaviour_id)
        return None if rating is None else rating.level

    qtbot.keyClick(row.rating, Qt.Key.Key_2)
    qtbot.keyClick(row.rating, Qt.Key.Key_4)
    assert saved() == 4
    assert window.undo_action.text() == "&Undo rating of 1.1"
    window.undo_action.trigger()
    assert (saved(), row.rating.level()) == (2, 2)
    window.redo_action.trigger()
    assert (saved(), row.rating.level()) == (4, 4)
    # Elsewhere, undo is off: nothing changes out of sight.
    window.show_page("home")
    assert not window.undo_action.isEnabled()
    window.undo_action.trigger()
    assert saved() == 4
    window.show_page("assessment")
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert saved() is None
    assert window.assessment.progress.value() == 0


@pytest.mark.gui
def test_deleting_an_assessment_asks_first(
    qtbot: QtBot, library: Library, ui_settings: Path
) -> None:
    person = people.add_person(library, name="Ola", professional_group="clinician")
    view = assessments.start_assessment(library, person.id)
    window = make_window(qtbot, library)
    window.go("results", view.id)
    window.go("assessment", view.id)
    window.show_page("home")
    home = window.home
    assert home.selected() is not None
    with messages.answering(False):
        qtbot.mouseClick(home.delete_button, Qt.MouseButton.LeftButton)
    assert [a.id for a in assessments.list_assessments(library, person.id)] == [view.id]
    with messages.answering(True):
        qtbot.mouseClick(home.delete_button, Qt.MouseButton.LeftButton)
    assert assessments.list_assessments(library, person.id) == []
    assert home.model.rowCount() == 0
    assert home.empty_hint.isVisible()
    # The deleted assessment is no longer open anywhere.
    assert window.assessment.assessment is None
    assert window.results.assessment is None
    window.show_page("assessment")
    assert window.stack.currentWidget() is home
