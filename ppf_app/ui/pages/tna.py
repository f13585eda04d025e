"""Training needs: where the organisation's people fall short of their targets, for a
learning and development lead.

The page shows one analysis (:func:`ppf_app.services.screens.tna.tna_screen`): the
training areas ranked by the people who need them, a heat map of mean gaps (segments by
values) and every figure, all after disclosure control; it saves them as CSV or PDF. It
reads in the background (thousands of people take a moment) and again when records
change while it is shown.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ppf_app.core.errors import UserError
from ppf_app.domain.disclosure import DEFAULT_MIN_GROUP, MIN_GROUP_FLOOR, ROUNDING_BASE
from ppf_app.services import tna
from ppf_app.services.screens.tna import TnaScreen, tna_screen
from ppf_app.services.unit import Changes
from ppf_app.ui.context import AppContext
from ppf_app.ui.models.tna_model import TnaFiguresModel, TnaHeatMapModel, TnaRankingModel
from ppf_app.ui.pages.base import Page, muted
from ppf_app.ui.pdf_export import open_in_viewer
from ppf_app.ui.widgets.record_table import record_table
from ppf_app.ui.widgets.responsive import FlowLayout, labelled

#: The largest minimum group the page offers.
MAX_MIN_GROUP = 1000


class TnaPage(Page):
    page_name = "tna"

    #: An analysis was drawn (the TnaScreen), or a read ended without one (None).
    read_finished = Signal(object)
    #: A file was saved (its path), or not (None).
    save_finished = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.shown: TnaScreen | None = None
        self._stale = True
        self._reading = False
        self._again = False
        self.add_title(self.tr("Training needs"))
        intro = QLabel(
            self.tr(
                "How many people need development in each value and training area, and by "
                "how much, over everyone's latest complete assessment (the agreed levels "
                "where an appraisal was signed). Small groups are hidden so that nobody "
                "can be recognised."
            )
        )
        intro.setWordWrap(True)
        self.page_layout.addWidget(intro)

        # The choices wrap onto a second line on a narrow window.
        choices = FlowLayout()
        which = QLabel(self.tr("&Framework:"))
        self.framework = QComboBox()
        self.framework.setAccessibleName(self.tr("Framework"))
        self.framework.setMinimumContentsLength(24)
        which.setBuddy(self.framework)
        choices.addWidget(labelled(which, self.framework))
        by = QLabel(self.tr("&By:"))
        self.breakdown = QComboBox()
        self.breakdown.setAccessibleName(self.tr("Break down by"))
        for value, text in (
            ("department", self.tr("Department")),
            ("group", self.tr("Professional group")),
            ("organisation", self.tr("Whole organisation")),
        ):
            self.breakdown.addItem(text, value)
        by.setBuddy(self.breakdown)
        choices.addWidget(labelled(by, self.breakdown))
        smallest = QLabel(self.tr("&Smallest group shown:"))
        self.min_group = QSpinBox()
        self.min_group.setRange(MIN_GROUP_FLOOR, MAX_MIN_GROUP)
        self.min_group.setValue(DEFAULT_MIN_GROUP)
        self.min_group.setAccessibleName(self.tr("Smallest group shown"))
        smallest.setBuddy(self.min_group)
        choices.addWidget(labelled(smallest, self.min_group))
        self.save_csv_button = QPushButton(self.tr("Save as &CSV…"))
        self.save_csv_button.clicked.connect(lambda: self.save(".csv"))
        self.save_pdf_button = QPushButton(self.tr("Save as &PDF…"))
        self.save_pdf_button.clicked.connect(lambda: self.save(".pdf"))
        choices.addWidget(self.save_csv_button)
        choices.addWidget(self.save_pdf_button)
        self.page_layout.addLayout(choices)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("About these figures"))
        muted(self.status)
        self.page_layout.addWidget(self.status)

        self.tabs = QTabWidget()
        self.ranking_model = TnaRankingModel(self)
        self.ranking = record_table(
            self.ranking_model,
            self.tr("Training areas ranked by the people who need them"),
            stretch_column=TnaRankingModel.AREA,
        )
        self.tabs.addTab(self.ranking, self.tr("&Ranking"))

        heat_box = QWidget()
        heat_layout = QVBoxLayout(heat_box)
        heat_layout.setContentsMargins(0, 0, 0, 0)
        self.heat_model = TnaHeatMapModel(self)
        self.heat_map = QTableView()
        self.heat_map.setModel(self.heat_model)
        self.heat_map.setAccessibleName(self.tr("Heat map: mean gap by segment and value"))
        self.heat_map.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.heat_map.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.heat_map.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        heat_layout.addWidget(self.heat_map, 1)
        self.heat_key = QLabel()
        self.heat_key.setWordWrap(True)
        muted(self.heat_key)
        heat_layout.addWidget(self.heat_key)
        self.tabs.addTab(heat_box, self.tr("&Heat map"))

        self.figures_model = TnaFiguresModel(self)
        self.figures = record_table(
            self.figures_model, self.tr("Every figure"), stretch_column=TnaFiguresModel.TITLE
        )
        self.tabs.addTab(self.figures, self.tr("&All figures"))
        self.page_layout.addWidget(self.tabs, 1)

        self.framework.activated.connect(lambda _index: self.refresh(force=True))
        self.breakdown.activated.connect(lambda _index: self.refresh(force=True))
        self.min_group.editingFinished.connect(lambda: self.refresh(force=True))
        self._enable_saving(False)

    # -- showing ----------------------------------------------------------------------

    def activated(self) -> None:
        if self._stale:
            self.refresh(force=True)

    def affected_by(self, changes: Changes) -> bool:
        return bool(changes.records or changes.people or changes.removed or changes.frameworks)

    def refresh(self, *, force: bool = False) -> None:
        """Read the analysis again (now if shown or ``force``d, else when next shown)."""
        if not force and not self.isVisible():
            self._stale = True
            return
        if self._reading:
            self._again = True
            return
        framework = self.framework.currentData()
        chosen = (str(framework[0]), str(framework[1])) if isinstance(framework, list) else None
        breakdown = str(self.breakdown.currentData())
        min_group = self.min_group.value()
        self._reading = True
        self._stale = False
        self.status.setText(self.tr("Working out the figures…"))
        self.run(
            lambda lib: tna_screen(lib, chosen, breakdown, min_group),
            refused=self.tr("Cannot show the training needs"),
        ).done(self.draw).refused(self._not_shown).ended(self._read_ended).in_background()

    def _not_shown(self, error: UserError) -> None:
        self.status.setText("\n".join(error.problems))
        self.read_finished.emit(None)

    def _read_ended(self) -> None:
        self._reading = False
        if self._again:
            self._again = False
            self.refresh(force=True)

    def draw(self, screen: TnaScreen) -> None:
        self.shown = screen
        self._show_frameworks(screen)
        result = screen.result
        if result is None:
            self.ranking_model.set_rows([])
            self.heat_model.set_heat_map(None)
            self.figures_model.set_rows([])
            self.heat_key.setText("")
            self.status.setText(self.tr("There is no framework to analyse."))
            self._enable_saving(False)
            self.read_finished.emit(screen)
            return
        report = result.report
        self.ranking_model.set_ranking(report.area_ranking)
        self.heat_model.set_heat_map(report.heat_map)
        self.figures_model.set_rows(list(report.rows))
        self.heat_key.setText(
            self.tr("Values: {key}. Darker: larger mean gap; * hidden; – nobody asked.").format(
                key=self.heat_model.key_text()
            )
        )
        about = self.tr(
            "Counts are rounded to the nearest {base}; a segment of fewer than {n} people "
            "shows * (and where that could be worked out from the others, the next smallest "
            "is hidden too). Gaps are scale steps below target, weighted by importance. "
            "Evidence and notes are never read."
        ).format(base=ROUNDING_BASE, n=report.min_group)
        if screen.lead:
            about += " " + self.tr(
                "Worked out by the organisation's database server, which gives your login "
                "these figures and nothing else."
            )
        self.status.setText(about)
        self._enable_saving(True)
        self.read_finished.emit(screen)

    def _show_frameworks(self, screen: TnaScreen) -> None:
        chosen = screen.result.framework.key if screen.result is not None else None
        self.framework.blockSignals(True)
        try:
            self.framework.clear()
            for choice in screen.frameworks:
                self.framework.addItem(f"{choice.title} {choice.version}", list(choice.key))
            for index, choice in enumerate(screen.frameworks):
                if choice.key == chosen:
                    self.framework.setCurrentIndex(index)
        finally:
            self.framework.blockSignals(False)

    def _enable_saving(self, enabled: bool) -> None:
        self.save_csv_button.setEnabled(enabled)
        self.save_pdf_button.setEnabled(enabled)

    # -- saving -----------------------------------------------------------------------

    def act(self, intent: str) -> None:
        if intent == "save-csv":
            self.save(".csv")
        elif intent == "save-pdf":
            self.save(".pdf")

    def ask_save_path(self, suffix: str, suggested: str) -> Path | None:
        """Where to save the figures (tests replace this); None when cancelled."""
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        ) or str(Path.home())
        kinds = self.tr("CSV files (*.csv)") if suffix == ".csv" else self.tr("PDF files (*.pdf)")
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the training needs"), str(Path(folder) / suggested), kinds
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == suffix else path.with_suffix(suffix)

    def save(self, suffix: str) -> None:
        screen = self.shown
        if screen is None or screen.result is None:
            return
        result = screen.result
        suggested = (
            f"training-needs-{result.framework.framework_id}-{result.framework.version}-"
            f"by-{result.breakdown}{suffix}"
        )
        out = self.ask_save_path(suffix, suggested)
        if out is None:
            self.save_finished.emit(None)
            return
        self._enable_saving(False)
        self._context.status_message.emit(self.tr("Writing {name}…").format(name=out.name))
        (
            self.run(lambda _lib: tna.save_tna(result, out), refused=self.tr("Not saved"))
            .done(self._saved)
            .refused(self._save_refused)
            .ended(lambda: self._enable_saving(self.shown is not None))
            .in_background()
        )

    def _saved(self, path: Path) -> None:
        self._context.status_message.emit(self.tr("Saved: {path}").format(path=path))
        if path.suffix.lower() == ".pdf":
            open_in_viewer(path, self)  # the print preview: the same file, to print
        self.save_finished.emit(path)

    def _save_refused(self, error: UserError) -> None:
        self._context.status_message.emit(
            self.tr("Not saved: {problem}").format(problem=" ".join(error.problems))
        )
        self.save_finished.emit(None)
