"""The window around the pages: accessible names, remembered geometry and page, About,
shortcuts, and the one error dialog for unexpected errors."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QScrollBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ppf_app import __version__
from ppf_app.core.logs import log_file_path
from ppf_app.services import assessments, people
from ppf_app.services.library import Library
from ppf_app.ui import errors
from ppf_app.ui.about import AboutDialog
from ppf_app.ui.context import AppContext
from ppf_app.ui.main_window import MainWindow
from ppf_app.ui.settings import AppSettings
from ppf_app.ui.widgets.rating_control import RatingControl
from tests.ui.test_ui_support import library, make_window, ui_settings, window

__all__ = ["library", "ui_settings", "window"]

CONTROLS = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractItemView,
    QPlainTextEdit,
    QTextEdit,
    QProgressBar,
    RatingControl,
)


def unnamed_controls(root: QWidget) -> list[str]:
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or isinstance(widget, QScrollBar):
            continue
        parent = widget.parentWidget()
        # Parts Qt builds inside a composite control (a combo's list, a view's header).
        if isinstance(parent, (QComboBox, QAbstractScrollArea)) and parent.accessibleName():
            continue
        if widget.window() is not root or widget.objectName().startswith("qt_"):
            continue
        if not widget.accessibleName():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} {widget.parent()}")
    return missing


@pytest.mark.gui
def test_every_control_has_an_accessible_name(
    qtbot: QtBot, library: Library, ui_settings: Path
) -> None:
    person = people.add_person(library, name="Nia", professional_group="clinician")
    view = assessments.start_assessment(library, person.id)
    window = make_window(qtbot, library)
    window.go("assessment", view.id)
    window.assessment.rows()  # every row built
    window.go("results", view.id)
    window.show_page("frameworks")
    assert unnamed_controls(window) == []


@pytest.mark.gui
def test_window_size_position_and_page_are_remembered(
    qtbot: QtBot, library: Library, ui_settings: Path
) -> None:
    people.add_person(library, name="Nia", professional_group="clinician")
    # The offscreen screen is 800x800: windows small enough to fit keep their place.
    first = MainWindow(AppContext(library))
    qtbot.addWidget(first)
    first.setMinimumSize(200, 200)
    first.restore()
    first.resize(700, 500)
    first.move(40, 30)
    first.show()
    qtbot.waitExposed(first)
    first.show_page("frameworks")
    geometry = first.saveGeometry()
    first.close()
    assert AppSettings().geometry() == geometry
    second = MainWindow(first.context)
    qtbot.addWidget(second)
    second.setMinimumSize(200, 200)
    second.restore()
    assert second.stack.currentWidget() is second.frameworks
    assert second.sidebar.nav.currentItem().text() == "Frameworks"
    assert (second.width(), second.height()) == (700, 500)
    assert abs(second.x() - first.x()) <= 4
    assert abs(second.y() - first.y()) <= 4


@pytest.mark.gui
def test_standard_shortcuts_and_go_menu(window: MainWindow) -> None:
    assert window.undo_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    # Ctrl+number in the order of the page list.
    shortcuts = [action.shortcut().toString() for action in window.go_actions.values()]
    assert shortcuts == [f"Ctrl+{number}" for number in range(1, len(shortcuts) + 1)]
    assert len(shortcuts) == len(window.go_actions) <= 9
    assert window.go_actions["frameworks"].shortcut() == QKeySequence("Ctrl+6")
    window.go_actions["frameworks"].trigger()
    assert window.stack.currentWidget() is window.frameworks
    # Without a person, pages about a person lead to the welcome page.
    window.go_actions["home"].trigger()
    assert window.stack.currentWidget() is window.welcome


@pytest.mark.gui
def test_about_box_names_version_data_folder_and_licence(qtbot: QtBot, window: MainWindow) -> None:
    about = AboutDialog(window.context.data_folder, window)
    qtbot.addWidget(about)
    assert about.fields["version"].text() == __version__
    assert about.fields["data"].text() == str(window.context.data_folder)
    assert about.fields["licence"].text() == "MIT"
    assert about.fields["log"].text() == str(log_file_path())


def test_unexpected_errors_are_logged_critical_when_dialogs_are_off(
    caplog: pytest.LogCaptureFixture, ui_settings: Path
) -> None:
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError as exc:
        with caplog.at_level(logging.CRITICAL):
            errors.report_unexpected(type(exc), exc, exc.__traceback__)
    assert [r.levelno for r in caplog.records] == [logging.CRITICAL]
    assert caplog.records[0].exc_info is not None


@pytest.mark.gui
def test_error_dialog_offers_a_copyable_report(qtbot: QtBot) -> None:
    try:
        raise ValueError("odd value")
    except ValueError as exc:
        report = errors.build_report(type(exc), exc, exc.__traceback__)
    assert "ValueError: odd value" in report
    assert str(log_file_path()) in report
    dialog = errors.ErrorDialog(report)
    qtbot.addWidget(dialog)
    assert dialog.report_view.toPlainText() == report
    copy = next(
        b for b in dialog.findChildren(QAbstractButton) if b.accessibleName() == "Copy report"
    )
    qtbot.mouseClick(copy, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == report
