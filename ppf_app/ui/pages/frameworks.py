"""Frameworks: the installed ones, and adding one from a file.

The loader's messages are shown exactly as they are (``FILE: LOCATION: PROBLEM``): the
author of a framework file needs the locations to fix it.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QItemSelection, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ppf_app.core.errors import UserError
from ppf_app.domain.framework import Framework
from ppf_app.services import frameworks
from ppf_app.services.screens.frameworks import frameworks_screen
from ppf_app.services.unit import Changes
from ppf_app.ui.context import AppContext
from ppf_app.ui.models.frameworks_model import FrameworkRow, FrameworksModel
from ppf_app.ui.models.table_model import RowRole
from ppf_app.ui.operations import read
from ppf_app.ui.pages.base import Page
from ppf_app.ui.widgets.record_table import record_table
from ppf_app.ui.widgets.responsive import ResponsiveSplitter

#: Narrower than this (in pixels), the details stand below the list.
FRAMEWORKS_WIDE_FROM = 760


class FrameworksPage(Page):
    page_name = "frameworks"

    #: An add finished: True when the framework was installed.
    add_finished = Signal(bool)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.add_title(self.tr("Frameworks"))
        intro = QLabel(
            self.tr(
                "A framework is the list of values and behaviours you rate yourself against, "
                "with its rating scale and the targets for each professional group. The "
                "bundled one is always here; add another (for example your organisation's) "
                "from a framework file."
            )
        )
        intro.setWordWrap(True)
        self.page_layout.addWidget(intro)

        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("&Add from file…"))
        self.add_button.setAccessibleName(self.tr("Add a framework from a file"))
        self.add_button.clicked.connect(self._choose_and_add)
        row.addWidget(self.add_button)
        self.busy = QLabel()
        row.addWidget(self.busy, 1)
        self.page_layout.addLayout(row)

        # The list beside the chosen framework's details; above them on a narrow window.
        splitter = ResponsiveSplitter(FRAMEWORKS_WIDE_FROM)
        self.model = FrameworksModel(self)
        self.table = record_table(
            self.model, self.tr("Installed frameworks"), stretch_column=FrameworksModel.TITLE
        )
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        splitter.addWidget(self.table)
        self.details = QTextBrowser()
        self.details.setAccessibleName(self.tr("Framework details"))
        self.details.setOpenLinks(False)
        splitter.addWidget(self.details)
        splitter.set_weights(3, 2)
        lines = self.fontMetrics().lineSpacing()
        splitter.set_stacked_height(0, lines * 8)
        splitter.set_stacked_height(1, lines * 10)
        self.page_layout.addWidget(splitter, 1)

        self.problems_box = QGroupBox(self.tr("Problems"))
        problems_layout = QVBoxLayout(self.problems_box)
        self.problems_intro = QLabel()
        self.problems_intro.setWordWrap(True)
        problems_layout.addWidget(self.problems_intro)
        self.problems = QPlainTextEdit()
        self.problems.setReadOnly(True)
        self.problems.setAccessibleName(self.tr("Problems found in the framework file"))
        self.problems.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.problems.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        problems_layout.addWidget(self.problems)
        self.problems_box.hide()
        self.page_layout.addWidget(self.problems_box)

    # -- showing --------------------------------------------------------------------

    def activated(self) -> None:
        self.refresh()
        self.table.setFocus()

    def affected_by(self, changes: Changes) -> bool:
        return changes.frameworks

    def refresh(self) -> None:
        screen = read(self, self._context, frameworks_screen)
        if screen is None:
            return
        selected = self.selected()
        self.model.set_rows(
            [FrameworkRow(line.framework, line.bundled, line.path) for line in screen.installed]
        )
        if screen.skipped and not self.problems_box.isVisible():
            self._show_problems(
                self.tr("These framework files in the data folder were skipped:"),
                list(screen.skipped),
            )
        self.select(selected.key if selected is not None else screen.default_key)

    def act(self, intent: str) -> None:
        if intent == "add":
            self._choose_and_add()

    def selected(self) -> FrameworkRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.model.data(rows[0], RowRole)
        return item if isinstance(item, FrameworkRow) else None

    def select(self, key: tuple[str, str]) -> None:
        row = self.model.row_of(key)
        if row is not None:
            self.table.selectRow(row)

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        item = self.selected()
        self.details.setHtml(describe(item.framework) if item is not None else "")

    # -- adding ---------------------------------------------------------------------

    def ask_framework_file(self) -> Path | None:
        """Ask which framework file to add (tests replace this)."""
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Add a framework"),
            str(Path.home()),
            self.tr("Framework files (*.toml);;All files (*)"),
        )
        return Path(name) if name else None

    def _choose_and_add(self) -> None:
        path = self.ask_framework_file()
        if path is not None:
            self.add_from_file(path)

    def add_from_file(self, path: Path) -> None:
        """Validate and install ``path`` off the UI thread; show the outcome here."""
        self.add_button.setEnabled(False)
        self.busy.setText(self.tr("Checking {name}…").format(name=path.name))
        self._added_ok = False
        (
            self.run(lambda lib: frameworks.add_framework(lib, path))
            .done(self._added)
            .refused(self._add_refused)
            .ended(self._add_ended)
            .in_background()
        )

    def _added(self, framework: Framework) -> None:
        self._added_ok = True
        self.busy.setText(
            self.tr("Added {title} {version}.").format(
                title=framework.title, version=framework.version
            )
        )
        self.problems_box.hide()
        self.refresh()
        self.select(framework.key)
        self._context.status_message.emit(self.busy.text())

    def _add_refused(self, error: UserError) -> None:
        self.busy.setText(self.tr("Not added."))
        self._show_problems(
            self.tr(
                "The framework was not added. Fix these problems in the file, then add it again:"
            ),
            error.problems,
        )

    def _add_ended(self) -> None:
        self.add_button.setEnabled(True)
        if not self._added_ok and self.busy.text() != self.tr("Not added."):
            self.busy.setText("")
        self.add_finished.emit(self._added_ok)

    def _show_problems(self, intro: str, problems: list[str]) -> None:
        self.problems_intro.setText(intro)
        self.problems.setPlainText("\n".join(problems))
        # Long problems wrap: leave room for about two lines each, within reason.
        lines = min(max(2 * len(problems), 3), 14)
        self.problems.setFixedHeight(self.problems.fontMetrics().lineSpacing() * (lines + 1) + 12)
        self.problems_box.show()


def describe(framework: Framework) -> str:
    """The framework as HTML for the details pane."""
    e = html.escape
    info = framework.framework
    parts = [f"<h3>{e(info.title)}</h3>", f"<p>{e(info.id)} · {e(info.version)}"]
    if info.publisher:
        parts[-1] += f" · {e(info.publisher)}"
    parts[-1] += "</p>"
    if info.description:
        parts.append(f"<p>{e(info.description)}</p>")
    scale = ", ".join(f"{level.value} {e(level.label)}" for level in framework.scale)
    parts.append(f"<p><b>{e(_tr('Scale'))}:</b> {scale}</p>")
    if framework.groups:
        groups = ", ".join(e(group.title) for group in framework.groups)
        parts.append(f"<p><b>{e(_tr('Professional groups'))}:</b> {groups}</p>")
    parts.append(f"<p><b>{e(_tr('Values'))}:</b></p><ol>")
    for value in framework.values:
        count = len(value.behaviours)
        parts.append(
            f"<li>{e(value.title)} <i>({e(_tr('{n} behaviours').format(n=count))})</i></li>"
        )
    parts.append("</ol>")
    if info.licence:
        parts.append(f"<p><b>{e(_tr('Licence'))}:</b> {e(info.licence)}</p>")
    return "".join(parts)


def _tr(text: str) -> str:
    return QCoreApplication.translate("FrameworksPage", text)
