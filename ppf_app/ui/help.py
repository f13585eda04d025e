"""Help that works offline: the user guide shipped with the app, help for the page on
screen (F1), and the list of keyboard shortcuts.

The guide is one HTML file, ``resources/help/guide.html`` (``guide.LANG.html`` first when
there is one for the system's language, e.g. ``guide.cy.html``); each section starts with
``<h2><a name="ANCHOR"></a>Title</h2>``, and :data:`SECTION_OF_PAGE` names the section of
each page. It is shown in a :class:`HelpDialog`: contents on the left, a search box, and
the text, which never follows a link off the computer.

The shortcuts are read from the window's own actions when the list is opened (every menu
of the menu bar, then the window's other actions), so the list never drifts from what the
keys do; the Rate page's keys, which belong to its rating controls rather than to
actions, are added from :func:`rating_keys`.

The Help menu's entries (:mod:`ppf_app.ui.help_menu`) load this module when first used.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ppf_app.core.resources import resource_path
from ppf_app.ui.models.table_model import Column, RowTableModel
from ppf_app.ui.widgets.record_table import record_table

#: The guide's section about each page of the main window (``Page.page_name``).
SECTION_OF_PAGE = {
    "welcome": "start",
    "home": "assessments",
    "assessment": "rating",
    "results": "results",
    "plan": "plan",
    "meeting": "appraisal",
    "frameworks": "frameworks",
    "profile": "profile",
    "pairs": "pairs",
    "tna": "training-needs",
}
#: The section shown by Help > User guide.
FIRST_SECTION = "start"

_HEADING = re.compile(r'<h2>\s*<a name="([\w-]+)">\s*</a>(.*?)</h2>', re.DOTALL)


def _tr(text: str) -> str:
    return QCoreApplication.translate("help", text)


# -- the guide ---------------------------------------------------------------------------


def guide_path(locale: QLocale | None = None) -> Path:
    """The guide in the system's language when there is one, else in English."""
    chosen = locale or QLocale()
    for name in (chosen.name(), chosen.name().split("_")[0]):
        path = resource_path("help", f"guide.{name}.html")
        if path.is_file():
            return path
    return resource_path("help", "guide.html")


@cache
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def guide_html(locale: QLocale | None = None) -> str:
    return _read(guide_path(locale))


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str


def sections(text: str) -> list[Section]:
    """The guide's sections, in order, from its ``<h2><a name=...>`` headings."""
    return [
        Section(anchor, html.unescape(re.sub(r"<[^>]+>", "", title)).strip())
        for anchor, title in _HEADING.findall(text)
    ]


class HelpDialog(QDialog):
    """The user guide: contents, search, text; :meth:`show_section` jumps to a section."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("PPF Self-Assessment help"))
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        text = guide_html()
        self._sections = sections(text)
        self._current = ""

        layout = QVBoxLayout(self)
        search_row = QHBoxLayout()
        search_label = QLabel(self.tr("&Search:"))
        self.search = QLineEdit()
        self.search.setAccessibleName(self.tr("Search the guide"))
        self.search.setPlaceholderText(self.tr("A word to find, then Enter"))
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.find_next)
        self.search.textEdited.connect(self._search_from_top)
        search_label.setBuddy(self.search)
        search_row.addWidget(search_label)
        search_row.addWidget(self.search, 1)
        self.next_button = QPushButton(self.tr("Find &next"))
        self.next_button.setAccessibleName(self.tr("Find the next place"))
        self.next_button.clicked.connect(self.find_next)
        search_row.addWidget(self.next_button)
        self.found_label = QLabel()
        self.found_label.setAccessibleName(self.tr("Search result"))
        search_row.addWidget(self.found_label)
        layout.addLayout(search_row)

        splitter = QSplitter()
        self.contents = QListWidget()
        self.contents.setAccessibleName(self.tr("Contents"))
        self.contents.setWordWrap(True)
        self.contents.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for section in self._sections:
            item = QListWidgetItem(section.title)
            item.setData(Qt.ItemDataRole.UserRole, section.anchor)
            self.contents.addItem(item)
        self.contents.currentItemChanged.connect(self._on_contents)
        splitter.addWidget(self.contents)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName(self.tr("User guide"))
        # Links inside the guide only: nothing is ever fetched or opened elsewhere.
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(lambda url: self.show_section(url.fragment()))
        self.browser.setHtml(text)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 560])
        layout.addWidget(splitter, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.resize(860, 620)

    def section_anchors(self) -> list[str]:
        return [section.anchor for section in self._sections]

    def current_section(self) -> str:
        """The section last shown (its anchor)."""
        return self._current

    def show_section(self, anchor: str) -> None:
        """Scroll to section ``anchor`` (the first one when there is no such section)."""
        known = self.section_anchors()
        if anchor not in known:
            anchor = known[0] if known else ""
        self._current = anchor
        row = known.index(anchor) if anchor in known else -1
        blocked = self.contents.blockSignals(True)
        self.contents.setCurrentRow(row)
        self.contents.blockSignals(blocked)
        if anchor:
            self.browser.scrollToAnchor(anchor)

    def find_next(self) -> bool:
        """Select the next place the search text is found, from the top again at the end."""
        words = self.search.text().strip()
        if not words:
            self.found_label.clear()
            return False
        found = self.browser.find(words)
        if not found:
            cursor = self.browser.textCursor()
            cursor.movePosition(cursor.MoveOperation.Start)
            self.browser.setTextCursor(cursor)
            found = self.browser.find(words)
        self.found_label.setText("" if found else self.tr("Not found"))
        return found

    def find_count(self, words: str) -> int:
        """How many times ``words`` occur in the guide (case ignored)."""
        document: QTextDocument = self.browser.document()
        count = 0
        cursor = document.find(words)
        while not cursor.isNull():
            count += 1
            cursor = document.find(words, cursor)
        return count

    def _search_from_top(self, _text: str) -> None:
        cursor = self.browser.textCursor()
        cursor.movePosition(cursor.MoveOperation.Start)
        self.browser.setTextCursor(cursor)
        self.find_next()

    def _on_contents(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is not None:
            self.show_section(str(item.data(Qt.ItemDataRole.UserRole)))


# -- keyboard shortcuts --------------------------------------------------------------------


@dataclass(frozen=True)
class Shortcut:
    keys: str
    what: str
    where: str


def rating_keys() -> list[Shortcut]:
    """The Rate page's keys: they belong to its rating controls (``RatingControl``,
    ``BehaviourRow``), not to actions, so they are listed here."""
    where = _tr("Rate page")
    return [
        Shortcut(_tr("Tab / Shift+Tab"), _tr("Next or previous behaviour"), where),
        Shortcut(
            _tr("1 to 9, 0"), _tr("Choose a level by its place (1 the lowest, 0 a tenth)"), where
        ),
        Shortcut(_tr("Left / Right"), _tr("Step to the lower or higher level"), where),
        Shortcut(_tr("Delete"), _tr("Clear the rating"), where),
        Shortcut(_tr("E or Enter"), _tr("Write evidence for the behaviour"), where),
        Shortcut(_tr("Esc (in the evidence)"), _tr("Back to the levels"), where),
    ]


def _plain(text: str) -> str:
    """A menu text as read: without its mnemonic marks."""
    return re.sub(r"&(.)", r"\1", text).strip()


def _keys(action: QAction) -> str:
    return ", ".join(
        key.toString(QKeySequence.SequenceFormat.NativeText)
        for key in action.shortcuts()
        if not key.isEmpty()
    )


def window_shortcuts(window: QMainWindow) -> list[Shortcut]:
    """Every shortcut of ``window``'s actions: its menus' first, in menu order, then its
    other actions (a page's own), then the Rate page's keys."""
    listed: list[Shortcut] = []
    seen: set[int] = set()

    def add(action: QAction, where: str) -> None:
        if id(action) in seen or action.isSeparator():
            return
        seen.add(id(action))
        keys = _keys(action)
        if keys:
            listed.append(Shortcut(keys, _plain(action.text()), where))

    def walk(menu: QMenu, where: str) -> None:
        for action in menu.actions():
            submenu = action.menu()
            if isinstance(submenu, QMenu):
                walk(submenu, f"{where} > {_plain(submenu.title())}")
            else:
                add(action, where)

    bar = window.menuBar()
    for action in bar.actions():
        menu = action.menu()
        if isinstance(menu, QMenu):
            walk(menu, _plain(menu.title()))
    for action in [*window.actions(), *window.findChildren(QAction)]:
        add(action, _tr("Window"))
    return listed + rating_keys()


class ShortcutsModel(RowTableModel[Shortcut]):
    KEYS, WHAT, WHERE = range(3)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(_tr("Keys"), lambda s: s.keys),
                Column(_tr("What it does"), lambda s: s.what),
                Column(_tr("Where"), lambda s: s.where),
            ],
            parent,
        )


class ShortcutsDialog(QDialog):
    """The keyboard shortcuts of ``window``, read from its actions when opened."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("Underlined letters in menus, buttons and labels also work with Alt.")
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model = ShortcutsModel(self)
        self.model.set_rows(window_shortcuts(window))
        self.table = record_table(
            self.model, self.tr("Keyboard shortcuts"), stretch_column=ShortcutsModel.WHAT
        )
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.resize(640, 520)


# -- the Help menu -------------------------------------------------------------------------
