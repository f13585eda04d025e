"""The Help menu's own entries: help for the page on screen (F1), the user guide and the
keyboard shortcuts.

The guide and the shortcuts list (:mod:`ppf_app.ui.help`) are loaded the first time one of
them is asked for, not when the window is built.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

if TYPE_CHECKING:
    from ppf_app.ui.help import HelpDialog, ShortcutsDialog


class HelpActions(QObject):
    """The Help menu's own entries: help for this page (F1), the guide, the shortcuts.

    Args:
        window: the main window (the dialogs' parent, and whose actions are listed).
        menu: the Help menu the actions go into.
        current_page: the name of the page on screen (``Page.page_name``), "" for none.
    """

    def __init__(self, window: QMainWindow, menu: QMenu, current_page: Callable[[], str]) -> None:
        super().__init__(window)
        self._window = window
        self._current_page = current_page
        self.dialog: HelpDialog | None = None
        self.shortcuts_dialog: ShortcutsDialog | None = None

        self.page_help_action = QAction(self.tr("&Help for this page"), window)
        keys = QKeySequence.keyBindings(QKeySequence.StandardKey.HelpContents)
        if QKeySequence(Qt.Key.Key_F1) not in keys:
            keys.append(QKeySequence(Qt.Key.Key_F1))
        self.page_help_action.setShortcuts(keys)
        self.page_help_action.triggered.connect(self.show_page_help)
        self.guide_action = QAction(self.tr("&User guide"), window)
        self.guide_action.triggered.connect(lambda: self.show_help())
        self.shortcuts_action = QAction(self.tr("&Keyboard shortcuts"), window)
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        for action in (self.page_help_action, self.guide_action, self.shortcuts_action):
            menu.addAction(action)

    def show_page_help(self) -> None:
        """The guide at the section about the page on screen."""
        from ppf_app.ui.help import FIRST_SECTION, SECTION_OF_PAGE

        self.show_help(SECTION_OF_PAGE.get(self._current_page(), FIRST_SECTION))

    def show_help(self, section: str = "") -> HelpDialog:
        """The guide (one window, brought forward if open) at ``section`` (its first
        section by default)."""
        from ppf_app.ui.help import FIRST_SECTION, HelpDialog

        section = section or FIRST_SECTION
        if self.dialog is None:
            self.dialog = HelpDialog(self._window)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        self.dialog.show_section(section)
        return self.dialog

    def show_shortcuts(self) -> ShortcutsDialog:
        """The shortcuts, read afresh from the window's actions."""
        from ppf_app.ui.help import ShortcutsDialog

        if self.shortcuts_dialog is not None:
            self.shortcuts_dialog.close()
            self.shortcuts_dialog.deleteLater()
        self.shortcuts_dialog = ShortcutsDialog(self._window)
        self.shortcuts_dialog.show()
        return self.shortcuts_dialog
