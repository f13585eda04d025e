"""Results: a radar chart of value averages against targets, strengths, development
areas, the changes since the previous assessment, and the way to the development plan."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ppf_app.domain.results import AssessmentResults
from ppf_app.services import appraisal
from ppf_app.services.library import Library
from ppf_app.services.screens.results import BehaviourLine, ResultsScreen, results_screen
from ppf_app.ui.context import AppContext
from ppf_app.ui.labels import assessment_summary
from ppf_app.ui.models.value_results_model import ValueResultsModel, ValueRow
from ppf_app.ui.pages.base import ScreenPage
from ppf_app.ui.widgets.radar_chart import Axis, RadarChart
from ppf_app.ui.widgets.responsive import ReflowGrid

#: Narrower than this (in pixels), the results read in one column.
RESULTS_WIDE_FROM = 900


class ResultsPage(ScreenPage[ResultsScreen]):
    page_name = "results"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        header = self.add_header()
        self.edit_button = QPushButton(self.tr("Edit ratings"))
        self.edit_button.setAccessibleName(self.tr("Edit the ratings of this assessment"))
        self.edit_button.clicked.connect(lambda: self._go("assessment"))
        header.addWidget(self.edit_button)
        self.plan_button = QPushButton(self.tr("Development plan…"))
        self.plan_button.setAccessibleName(self.tr("Open the development plan of this assessment"))
        self.plan_button.setDefault(True)
        self.plan_button.clicked.connect(lambda: self._go("plan"))
        header.addWidget(self.plan_button)
        self.meeting_button = QPushButton(self.tr("Appraisal…"))
        self.meeting_button.setAccessibleName(
            self.tr("Open the appraisal of this self assessment, or start it")
        )
        self.meeting_button.clicked.connect(self.open_appraisal)
        header.addWidget(self.meeting_button)
        self.page_layout.addLayout(header)

        self.note = QLabel()
        self.note.setWordWrap(True)
        self.page_layout.addWidget(self.note)

        # Chart and values side by side, strengths and areas to develop below them; in
        # one column on a narrow window.
        body = ReflowGrid(RESULTS_WIDE_FROM)
        grid = body.grid
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(12)

        self.chart = RadarChart()
        top = Qt.AlignmentFlag.AlignTop
        body.add(self.chart, 0, 0, top, top | Qt.AlignmentFlag.AlignHCenter)

        values_box = QGroupBox(self.tr("Values"))
        values_layout = QVBoxLayout(values_box)
        self.values_model = ValueResultsModel(self)
        self.values_table = QTableView()
        self.values_table.setModel(self.values_model)
        self.values_table.setAccessibleName(self.tr("Value averages against targets"))
        self.values_table.verticalHeader().setVisible(False)
        self.values_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.values_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.values_table.setWordWrap(True)
        self.values_table.setAlternatingRowColors(True)
        self.values_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.values_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.values_table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.values_table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        head = self.values_table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(ValueResultsModel.VALUE, QHeaderView.ResizeMode.Stretch)
        values_layout.addWidget(self.values_table)
        self.change_summary = QLabel()
        self.change_summary.setWordWrap(True)
        values_layout.addWidget(self.change_summary)
        body.add(values_box, 0, 1, top)

        self.strengths_box, self.strengths = self._list_box(
            self.tr("Strengths: furthest above your target")
        )
        self.development_box, self.development = self._list_box(
            self.tr("Areas to develop: furthest below your target")
        )
        body.add(self.strengths_box, 1, 0)
        body.add(self.development_box, 1, 1)
        body.set_column_stretch(0, 5)
        body.set_column_stretch(1, 6)
        # The page scrolls as one (ui/pages/base.py), header and all.
        self.page_layout.addWidget(body, 1)

    def _list_box(self, title: str) -> tuple[QGroupBox, QLabel]:
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        label = QLabel()
        label.setWordWrap(True)
        label.setAccessibleName(title)
        label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout.addWidget(label)
        layout.addStretch(1)
        return box, label

    def _go(self, page_name: str) -> None:
        if self._subject is not None:
            self._context.go(page_name, self._subject)

    def open_appraisal(self) -> None:
        """The appraisal of this self assessment (started now when it has none)."""
        subject = self._subject
        if subject is None:
            return
        record = self.run(
            lambda lib: appraisal.open_for(lib, subject), refused=self.tr("No appraisal")
        ).run()
        if record is not None:
            self._context.go("meeting", record.id)

    # -- showing --------------------------------------------------------------------

    @property
    def results(self) -> AssessmentResults | None:
        return self.shown.results if self.shown is not None else None

    def read_screen(self, library: Library, subject: int) -> ResultsScreen:
        return results_screen(library, subject)

    def person_of(self, screen: ResultsScreen) -> int:
        return screen.person.id

    def draw(self, screen: ResultsScreen) -> None:
        self.meeting_button.setVisible(screen.can_hold_meeting)
        self.meeting_button.setText(
            self.tr("Appraisal…") if screen.appraisal is not None else self.tr("Start appraisal…")
        )
        self.edit_button.setText(
            self.tr("View ratings") if screen.read_only else self.tr("Edit ratings")
        )
        view = screen.assessment
        self.title.setText(self.tr("Results of {name}").format(name=screen.person.name))
        self.subtitle.setText(assessment_summary(view))
        self.note.setText(self._coverage_text(screen))
        self.note.setVisible(bool(self.note.text()))
        rows = [
            ValueRow(
                number=line.number,
                title=line.title,
                mean_level=line.mean_level,
                mean_target=line.mean_target,
                rated=line.rated,
                total=line.total,
                previous=line.previous,
                not_applicable=line.not_applicable,
            )
            for line in screen.values
        ]
        self.values_model.set_rows(rows)
        self.chart.set_data(
            [
                Axis(
                    title=f"{row.number}. {row.title}",
                    level=row.mean_level,
                    target=row.mean_target,
                    previous=row.previous,
                )
                for row in rows
            ],
            screen.results.scale_min,
            screen.results.scale_max,
        )
        self.change_summary.setText(self._change_text(screen))
        self.strengths.setText(
            self._items(screen.strengths)
            or self.tr("None yet: no rated behaviour reaches its target.")
        )
        self.development.setText(
            self._items(screen.development_areas)
            or self.tr("None: every rated behaviour is at or above its target.")
        )

    def draw_empty(self) -> None:
        self.title.setText(self.tr("Results"))
        self.subtitle.setText(self.tr("Open an assessment from the home page."))
        self.note.setText("")
        self.chart.set_data([], 1, 5)
        self.values_model.set_rows([])
        self.strengths.setText("")
        self.development.setText("")
        self.change_summary.setText("")

    def _coverage_text(self, screen: ResultsScreen) -> str:
        """What these results leave out: behaviours not yet rated, and those answered
        "not applicable" (counted apart, never a gap or part of an average)."""
        results = screen.results
        total = len(results.behaviours)
        parts = []
        unrated = len(results.unrated)
        if unrated:
            parts.append(
                self.tr(
                    "{rated} of {total} behaviours are rated; the rest are left out of "
                    "these results until you rate them."
                ).format(rated=total - unrated - results.not_applicable_count, total=total)
            )
        na = results.not_applicable_count
        if na:
            label = screen.not_applicable_label or self.tr("not applicable")
            parts.append(
                (
                    self.tr("1 behaviour is answered “{label}”: it is counted apart, never a gap.")
                    if na == 1
                    else self.tr(
                        "{count} behaviours are answered “{label}”: they are counted apart, "
                        "never as gaps or in an average."
                    )
                ).format(count=na, label=label)
            )
        return " ".join(parts)

    def _change_text(self, screen: ResultsScreen) -> str:
        if screen.previous is None or screen.change is None:
            return self.tr("No earlier assessment of this kind on this framework to compare with.")
        if screen.previous_framework_title:
            return self.tr(
                "Since the assessment of {date} on {framework} (compared through the "
                "framework's crosswalk): {up} behaviours rated higher, {down} lower."
            ).format(
                date=screen.previous.assessed_on.isoformat(),
                framework=screen.previous_framework_title,
                up=screen.change.higher,
                down=screen.change.lower,
            )
        return self.tr(
            "Since the assessment of {date}: {up} behaviours rated higher, {down} lower."
        ).format(
            date=screen.previous.assessed_on.isoformat(),
            up=screen.change.higher,
            down=screen.change.lower,
        )

    def _items(self, items: tuple[BehaviourLine, ...]) -> str:
        parts = []
        for item in items:
            detail = self.tr("{level} (target {target})").format(
                level=item.level_label, target=item.target_label
            )
            parts.append(
                f"<p><b>{item.number}</b> {html.escape(item.text)}<br>"
                f"<i>{html.escape(detail)}</i></p>"
            )
        return "".join(parts)
