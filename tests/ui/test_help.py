"""Offline help: the guide shipped with the app, F1 on each page opens its section, the
guide can be searched, and the shortcuts list is read from the window's own actions."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QAction, QKeySequence
from pytestqt.qtbot import QtBot

from ppf_app.core.resources import resource_path
from ppf_app.services import assessments, people
from ppf_app.services.library import Library
from ppf_app.ui import help as app_help
from ppf_app.ui.main_window import NAVIGATION, MainWindow, _page_factories
from ppf_app.ui.widgets.rating_control import Level, RatingControl
from tests.conftest import REPO_ROOT
from tests.ui.test_ui_support import library, make_window, ui_settings, window

__all__ = ["library", "ui_settings", "window"]

#: The offscreen platform cannot size or raise a top-level dialog; the dialog still works.
OFFSCREEN_DIALOG = "This plugin does not support"


def test_the_guide_has_a_section_for_every_page_and_every_topic() -> None:
    text = app_help.guide_html(QLocale(QLocale.Language.English))
    anchors = [section.anchor for section in app_help.sections(text)]
    assert len(anchors) == len(set(anchors)), "each section once"
    assert set(_page_factories()) <= set(app_help.SECTION_OF_PAGE)
    assert set(app_help.SECTION_OF_PAGE.values()) <= set(anchors)
    for topic in ("appraisal", "plan", "frameworks", "backups", "privacy", "keys"):
        assert topic in anchors
    titles = {section.anchor: section.title for section in app_help.sections(text)}
    assert titles["appraisal"] == "The appraisal, on one computer or two"
    # The appraisal between two computers goes through the File menu's own entries.
    assert "Export for appraisal…" in text and "Import…" in text
    # Nothing in the guide is fetched from anywhere.
    assert "http://" not in text and "https://" not in text and "<img" not in text


def test_the_guide_ships_with_the_app() -> None:
    assert app_help.guide_path() == resource_path("help", "guide.html")
    # The installable bundle takes the whole resources folder, the guide with it.
    spec = (REPO_ROOT / "packaging" / "ppf.spec").read_text(encoding="utf-8")
    assert '(str(ROOT / "resources"), "resources")' in spec


@pytest.mark.gui
@pytest.mark.qt_log_ignore(OFFSCREEN_DIALOG)
def test_f1_opens_the_section_of_the_page_on_screen(
    qtbot: QtBot, library: Library, ui_settings: Path
) -> None:
    person = people.add_person(library, name="Nia", professional_group="clinician")
    view = assessments.start_assessment(library, person.id)
    window = make_window(qtbot, library)
    actions = window.help_actions
    assert QKeySequence(Qt.Key.Key_F1) in actions.page_help_action.shortcuts()
    for name, subject, section in (
        ("home", None, "assessments"),
        ("assessment", view.id, "rating"),
        ("frameworks", None, "frameworks"),
        ("profile", None, "profile"),
    ):
        window.go(name, subject)
        if name == "assessment":
            window.assessment.rows()  # every row built now, none left for later
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=2000)
        qtbot.keyClick(window, Qt.Key.Key_F1)
        dialog = actions.dialog
        assert dialog is not None and dialog.isVisible()
        assert dialog.current_section() == section, name
        assert dialog.contents.currentItem().data(Qt.ItemDataRole.UserRole) == section
    # One guide window, brought forward each time.
    assert len([w for w in window.findChildren(app_help.HelpDialog)]) == 1
    dialog.close()


@pytest.mark.gui
@pytest.mark.qt_log_ignore(OFFSCREEN_DIALOG)
def test_user_guide_contents_and_search(qtbot: QtBot, window: MainWindow) -> None:
    window.help_actions.guide_action.trigger()
    dialog = window.help_actions.dialog
    assert dialog is not None
    assert dialog.current_section() == "start"
    titles = [dialog.contents.item(i).text() for i in range(dialog.contents.count())]
    assert "Backups and moving computer" in titles and "Privacy" in titles
    # Choosing a section in the contents shows it.
    dialog.contents.setCurrentRow(titles.index("Privacy"))
    assert dialog.current_section() == "privacy"
    # Search: typed words are found and selected, again from the top at the end.
    dialog.search.setFocus()
    qtbot.keyClicks(dialog.search, "portable file")
    assert dialog.browser.textCursor().selectedText().lower() == "portable file"
    count = dialog.find_count("portable file")
    assert count >= 2
    for _ in range(count):
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
        assert dialog.browser.textCursor().selectedText().lower() == "portable file"
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "zzzz-not-there")
    assert dialog.found_label.text() == "Not found"
    # A link never leaves the guide.
    assert not dialog.browser.openExternalLinks() and not dialog.browser.openLinks()
    dialog.close()


@pytest.mark.gui
@pytest.mark.qt_log_ignore(OFFSCREEN_DIALOG)
def test_shortcuts_are_read_from_the_window_actions(qtbot: QtBot, window: MainWindow) -> None:
    listed = app_help.window_shortcuts(window)
    pairs = {(s.what, s.where) for s in listed}
    # Every action of the window that has a shortcut is listed, with its menu.
    expected = [
        action
        for action in window.findChildren(QAction)
        if not action.shortcut().isEmpty() and action.text()
    ]
    assert expected
    keys = {s.keys for s in listed}
    for action in expected:
        native = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        assert any(native in k for k in keys), action.text()
    for _, title in NAVIGATION:
        assert (title, "Go") in pairs
    assert ("Help for this page", "Help") in pairs
    assert ("New assessment", "File") in pairs
    assert all("&" not in s.what for s in listed)
    # A shortcut given to an action later is in the list the next time it is opened.
    extra = QAction("Reticulate splines", window)
    extra.setShortcut(QKeySequence("Ctrl+Shift+K"))
    window.addAction(extra)
    dialog = window.help_actions.show_shortcuts()
    rows = dialog.model.rows()
    assert any(s.what == "Reticulate splines" and s.where == "Window" for s in rows)
    assert [s for s in rows if s.where == "Rate page"] == app_help.rating_keys()
    dialog.close()


@pytest.mark.gui
def test_the_rate_page_keys_listed_do_what_they_say(qtbot: QtBot) -> None:
    control = RatingControl([Level(1, "Rarely"), Level(2, "Sometimes"), Level(3, "Often")])
    qtbot.addWidget(control)
    chosen: list[object] = []
    steps: list[int] = []
    evidence: list[bool] = []
    control.level_chosen.connect(chosen.append)
    control.step_requested.connect(steps.append)
    control.evidence_requested.connect(lambda: evidence.append(True))
    described = {s.keys for s in app_help.rating_keys()}
    assert {"Tab / Shift+Tab", "1 to 9, 0", "Left / Right", "Delete", "E or Enter"} <= described
    qtbot.keyClick(control, Qt.Key.Key_2)
    qtbot.keyClick(control, Qt.Key.Key_Right)
    qtbot.keyClick(control, Qt.Key.Key_Delete)
    assert chosen == [2, 3, None]
    qtbot.keyClick(control, Qt.Key.Key_Tab)
    qtbot.keyClick(control, Qt.Key.Key_Backtab)
    assert steps == [1, -1]
    qtbot.keyClick(control, Qt.Key.Key_E)
    assert evidence == [True]
