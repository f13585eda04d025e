"""The date field, driven with the keyboard: typed in the system's short format or ISO,
"No date" only as a placeholder, a calendar that opens on today, clearing, and a bad date
shown as not taken."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QApplication, QCalendarWidget, QWidget
from pytestqt.qtbot import QtBot

from ppf_app.ui.widgets.date_field import NO_DATE, DateField, parse_date
from ppf_app.ui.widgets.objective_editor import ObjectiveEditor

UK = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
US = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


@pytest.fixture
def field(qtbot: QtBot) -> Iterator[DateField]:
    holder = QWidget()
    qtbot.addWidget(holder)
    field = DateField(holder)
    field.setLocale(UK)
    field.setAccessibleName("Target date")
    other = DateField(holder)  # somewhere for the focus to go
    other.move(0, 60)
    holder.show()
    qtbot.waitExposed(holder)
    holder.activateWindow()
    field.setFocus()
    qtbot.waitUntil(field.line.hasFocus, timeout=2000)
    yield field


def type_date(qtbot: QtBot, field: DateField, text: str) -> None:
    qtbot.keyClicks(field.line, text)
    qtbot.keyClick(field.line, Qt.Key.Key_Return)


@pytest.mark.gui
def test_empty_field_shows_no_date_as_a_placeholder_only(qtbot: QtBot, field: DateField) -> None:
    assert field.line.text() == ""
    assert field.line.placeholderText() == "No date"
    assert field.value() is None
    assert field.date() == NO_DATE  # as a QDateEdit's "No date"
    changes: list[object] = []
    field.value_changed.connect(changes.append)
    type_date(qtbot, field, "31/03/2027")
    assert field.value() == date(2027, 3, 31)
    assert changes == [date(2027, 3, 31)]
    assert field.problem() == ""


@pytest.mark.gui
def test_iso_and_the_shown_format_are_taken_too(qtbot: QtBot, field: DateField) -> None:
    field.setDisplayFormat("d MMM yyyy")
    type_date(qtbot, field, "2027-04-30")
    assert field.value() == date(2027, 4, 30)
    assert field.line.text() == "30 Apr 2027"
    field.line.selectAll()
    type_date(qtbot, field, "1 May 2027")
    assert field.value() == date(2027, 5, 1)


def test_short_formats_of_other_locales_and_two_digit_years() -> None:
    assert parse_date("3/31/27", US) == QDate(2027, 3, 31)
    assert parse_date("31/03/2027", UK) == QDate(2027, 3, 31)
    assert parse_date(" 2027-03-31 ", US) == QDate(2027, 3, 31)
    assert not parse_date("31/02/2027", UK).isValid()
    assert not parse_date("next Tuesday", UK).isValid()


@pytest.mark.gui
def test_a_bad_date_is_shown_as_not_taken_and_kept_as_typed(qtbot: QtBot, field: DateField) -> None:
    type_date(qtbot, field, "31/03/2027")
    dates: list[QDate] = []
    field.dateChanged.connect(dates.append)
    field.line.selectAll()
    type_date(qtbot, field, "31/02/2027")
    assert field.line.text() == "31/02/2027"  # not silently put back
    assert field.value() == date(2027, 3, 31)  # the last good date still stands
    assert field.problem() == "31/02/2027"
    assert not field.problem_label.isHidden()
    assert "Not a date" in field.problem_label.text()
    assert "Not a date" in field.line.accessibleDescription()
    assert "border" in field.line.styleSheet()  # framed in red
    assert dates == []
    # Correcting it takes it and the warning goes.
    for _ in range(8):
        qtbot.keyClick(field.line, Qt.Key.Key_Left)
    qtbot.keyClick(field.line, Qt.Key.Key_Backspace)
    assert field.problem_label.isHidden()  # editing again: the warning waits
    assert field.line.styleSheet() == ""
    qtbot.keyClicks(field.line, "8")
    assert field.line.text() == "38/02/2027"
    field.line.selectAll()
    type_date(qtbot, field, "28/02/2027")
    assert field.value() == date(2027, 2, 28)
    assert dates == [QDate(2027, 2, 28)]


@pytest.mark.gui
def test_leaving_the_field_takes_the_typed_date(qtbot: QtBot, field: DateField) -> None:
    qtbot.keyClicks(field.line, "2027-06-15")
    assert field.value() is None
    qtbot.keyClick(field.line, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not field.line.hasFocus(), timeout=2000)
    assert field.value() == date(2027, 6, 15)


@pytest.mark.gui
def test_clearing_by_deleting_the_text_or_with_the_button(qtbot: QtBot, field: DateField) -> None:
    type_date(qtbot, field, "31/03/2027")
    dates: list[QDate] = []
    field.dateChanged.connect(dates.append)
    field.line.selectAll()
    qtbot.keyClick(field.line, Qt.Key.Key_Delete)
    qtbot.keyClick(field.line, Qt.Key.Key_Return)
    assert field.value() is None
    assert dates == [NO_DATE]
    type_date(qtbot, field, "01/04/2027")
    field.clear_button.setFocus()
    qtbot.keyClick(field.clear_button, Qt.Key.Key_Space)
    assert field.value() is None
    assert field.line.text() == ""
    assert field.clear_button.accessibleName() == "Clear the target date"


#: The offscreen platform cannot raise a popup or grab the keyboard for it; it still works.
POPUP_OFFSCREEN = "This plugin does not support"


def calendar_keys(qtbot: QtBot, calendar: QCalendarWidget) -> QWidget:
    """The part of the open calendar that has the keyboard focus (its grid)."""
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=2000)
    focused = QApplication.focusWidget()
    assert focused is not None and calendar.isAncestorOf(focused)
    return focused


@pytest.mark.gui
@pytest.mark.qt_log_ignore(POPUP_OFFSCREEN)
def test_the_calendar_opens_on_today_and_picks_with_the_keyboard(
    qtbot: QtBot, field: DateField
) -> None:
    qtbot.keyClick(field.line, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = field.calendar()
    assert calendar is not None
    today = QDate.currentDate()
    assert calendar.selectedDate() == today
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year(), today.month())
    keys = calendar_keys(qtbot, calendar)
    qtbot.keyClick(keys, Qt.Key.Key_Right)
    qtbot.keyClick(keys, Qt.Key.Key_Return)
    assert field.calendar() is None
    assert field.value() == date.today() + timedelta(days=1)


@pytest.mark.gui
@pytest.mark.qt_log_ignore(POPUP_OFFSCREEN)
def test_the_calendar_opens_on_the_date_shown_and_escape_keeps_it(
    qtbot: QtBot, field: DateField
) -> None:
    type_date(qtbot, field, "15/08/2031")
    qtbot.keyClick(field.line, Qt.Key.Key_F4)
    calendar = field.calendar()
    assert calendar is not None
    assert calendar.selectedDate() == QDate(2031, 8, 15)
    qtbot.keyClick(calendar_keys(qtbot, calendar), Qt.Key.Key_Escape)
    assert field.calendar() is None
    assert field.value() == date(2031, 8, 15)


@pytest.mark.gui
def test_qdateedit_shaped_calls(qtbot: QtBot, field: DateField) -> None:
    field.setMinimumDate(NO_DATE)
    field.setSpecialValueText("No review date")
    assert field.line.placeholderText() == "No review date"
    field.setDate(QDate(2026, 12, 1))
    assert field.date() == QDate(2026, 12, 1)
    field.setDate(NO_DATE)
    assert field.value() is None and field.date() == NO_DATE
    field.setDate(field.minimumDate().addYears(27))
    assert field.value() == date(2027, 1, 1)


@pytest.mark.gui
@pytest.mark.qt_log_ignore("propagateSizeHints")  # a form shown as a window, offscreen
def test_objective_editor_saves_a_typed_target_date(qtbot: QtBot) -> None:
    editor = ObjectiveEditor([("not_started", "Not started"), ("done", "Done")])
    qtbot.addWidget(editor)

    class Objective:
        uid = "o1"
        text = "Chair the huddle"
        behaviour_ids = ()
        activity = ""
        support = ""
        success_measure = ""
        target_date = None
        status = "not_started"

    editor.show_objective(Objective())
    editor.target_date.setLocale(UK)
    editor.show()
    qtbot.waitExposed(editor)
    edits: list[tuple[str, dict[str, object]]] = []
    editor.edited.connect(lambda uid, changes: edits.append((uid, changes)))
    assert editor.target_date.line.placeholderText() == "No date"
    editor.target_date.line.setFocus()
    qtbot.keyClicks(editor.target_date.line, "31/03/2027")
    qtbot.keyClick(editor.target_date.line, Qt.Key.Key_Return)
    assert edits == [("o1", {"target_date": date(2027, 3, 31)})]
    assert editor.chosen_date() == date(2027, 3, 31)
    # Typed but not confirmed: flushing (leaving the page) takes it.
    editor.target_date.line.selectAll()
    qtbot.keyClicks(editor.target_date.line, "2027-04-01")
    editor.flush()
    assert edits[-1] == ("o1", {"target_date": date(2027, 4, 1)})
    qtbot.mouseClick(editor.no_date_button, Qt.MouseButton.LeftButton)
    assert edits[-1] == ("o1", {"target_date": None})
