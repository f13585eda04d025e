"""Results: a radar chart of value averages against targets, strengths, development
areas, the changes since the previous assessment, and the way to the development plan."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ppf_app.domain.framework import Framework
from ppf_app.domain.results import AssessmentResults, BehaviourResult, assessment_results
from ppf_app.services import assessments
from ppf_app.services.views import AssessmentView
from ppf_app.ui.context import AppContext
from ppf_app.ui.models.assessments_model import kind_label, status_label
from ppf_app.ui.models.value_results_model import ValueResultsModel, ValueRow
from ppf_app.ui.pages.base import AssessmentShowingPage
from ppf_app.ui.widgets.radar_chart import Axis, RadarChart


class ResultsPage(AssessmentShowingPage):
    page_name = "results"

    #: The user wants the development plan of this assessment (AssessmentView).
    plan_requested = Signal(object)
    #: Back to rating this assessment (AssessmentView).
    edit_requested = Signal(object)
    #: The appraisal meeting on this self assessment (AssessmentView).
    meeting_requested = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.results: AssessmentResults | None = None
        self.previous: AssessmentView | None = None

        header = self.add_header()
        self.edit_button = QPushButton(self.tr("Edit ratings"))
        self.edit_button.setAccessibleName(self.tr("Edit the ratings of this assessment"))
        self.edit_button.clicked.connect(lambda: self._emit(self.edit_requested))
        header.addWidget(self.edit_button)
        self.plan_button = QPushButton(self.tr("Development plan…"))
        self.plan_button.setAccessibleName(self.tr("Open the development plan of this assessment"))
        self.plan_button.setDefault(True)
        self.plan_button.clicked.connect(lambda: self._emit(self.plan_requested))
        header.addWidget(self.plan_button)
        self.meeting_button = QPushButton(self.tr("Appraisal meeting…"))
        self.meeting_button.setAccessibleName(
            self.tr("Compare these ratings with the appraiser's and agree them")
        )
        self.meeting_button.clicked.connect(lambda: self._emit(self.meeting_requested))
        header.addWidget(self.meeting_button)
        self.page_layout.addLayout(header)

        self.note = QLabel()
        self.note.setWordWrap(True)
        self.page_layout.addWidget(self.note)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(12)

        self.chart = RadarChart()
        grid.addWidget(self.chart, 0, 0, Qt.AlignmentFlag.AlignTop)

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
        grid.addWidget(values_box, 0, 1, Qt.AlignmentFlag.AlignTop)

        self.strengths_box, self.strengths = self._list_box(
            self.tr("Strengths: furthest above your target")
        )
        self.development_box, self.development = self._list_box(
            self.tr("Areas to develop: furthest below your target")
        )
        grid.addWidget(self.strengths_box, 1, 0)
        grid.addWidget(self.development_box, 1, 1)
        grid.setColumnStretch(0, 5)
        grid.setColumnStretch(1, 6)
        scroll.setWidget(body)
        self.page_layout.addWidget(scroll, 1)

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

    def _emit(self, signal: SignalInstance) -> None:
        if self._view is not None:
            signal.emit(self._view)

    # -- showing --------------------------------------------------------------------

    def show_assessment(self, view: AssessmentView) -> None:
        self._stale = False
        library = self._context.library
        view = assessments.get_assessment(library, view.id)
        # The meeting is held on a self assessment.
        self.meeting_button.setVisible(view.kind == "self")
        person = self._context.person
        group = person.professional_group if person is not None else None
        framework = assessments.framework_for(library, view)
        levels = {b: r.level for b, r in assessments.ratings(library, view.id).items()}
        results = assessment_results(framework, levels, group)
        previous = self._previous_of(view)
        previous_results = None
        if previous is not None:
            previous_framework = assessments.framework_for(library, previous)
            previous_levels = {
                b: r.level for b, r in assessments.ratings(library, previous.id).items()
            }
            previous_results = assessment_results(previous_framework, previous_levels, group)
        self._view = view
        self.results = results
        self.previous = previous
        self._show_header(view)
        self._show_values(framework, results, previous_results)
        self._show_lists(framework, results)

    def clear(self) -> None:
        self._view = None
        self.results = None
        self.previous = None
        self.title.setText(self.tr("Results"))
        self.subtitle.setText(self.tr("Open an assessment from the home page."))
        self.note.setText("")
        self.chart.set_data([], 1, 5)
        self.values_model.set_rows([])
        self.strengths.setText("")
        self.development.setText("")
        self.change_summary.setText("")

    def _previous_of(self, view: AssessmentView) -> AssessmentView | None:
        """The latest earlier assessment of the same person on the same framework."""
        candidates = [
            other
            for other in assessments.list_assessments(self._context.library, view.person_id)
            if other.id != view.id
            and other.framework_id == view.framework_id
            and other.kind == view.kind
            and (other.assessed_on, other.created_at) < (view.assessed_on, view.created_at)
        ]
        complete = [c for c in candidates if c.is_complete] or candidates
        return max(complete, key=lambda c: (c.assessed_on, c.created_at), default=None)

    def _show_header(self, view: AssessmentView) -> None:
        person = self._context.person
        name = person.name if person is not None else ""
        self.title.setText(self.tr("Results of {name}").format(name=name))
        self.subtitle.setText(
            " · ".join(
                [
                    kind_label(view.kind),
                    f"{view.framework_title} {view.framework_version}",
                    view.assessed_on.isoformat(),
                    status_label(view.status),
                ]
            )
        )
        progress = view.progress
        if progress.answered < progress.total:
            self.note.setText(
                self.tr(
                    "{answered} of {total} behaviours are rated; the rest are left out of "
                    "these results until you rate them."
                ).format(answered=progress.answered, total=progress.total)
            )
            self.note.show()
        else:
            self.note.setText("")
            self.note.hide()

    def _show_values(
        self,
        framework: Framework,
        results: AssessmentResults,
        previous: AssessmentResults | None,
    ) -> None:
        before = {} if previous is None else {v.value_id: v.mean_level for v in previous.values}
        rows = [
            ValueRow(
                number=number,
                title=value.title,
                mean_level=value.mean_level,
                mean_target=value.mean_target,
                rated=value.rated_count,
                total=value.behaviour_count,
                previous=before.get(value.value_id),
            )
            for number, value in enumerate(results.values, start=1)
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
            results.scale_min,
            results.scale_max,
        )
        self.change_summary.setText(self._change_text(results, previous))

    def _change_text(self, results: AssessmentResults, previous: AssessmentResults | None) -> str:
        if previous is None or self.previous is None:
            return self.tr("No earlier assessment of this kind on this framework to compare with.")
        before = {b.behaviour_id: b.level for b in previous.behaviours}
        up = down = 0
        for behaviour in results.behaviours:
            old = before.get(behaviour.behaviour_id)
            if behaviour.level is None or old is None:
                continue
            if behaviour.level > old:
                up += 1
            elif behaviour.level < old:
                down += 1
        return self.tr(
            "Since the assessment of {date}: {up} behaviours rated higher, {down} lower."
        ).format(date=self.previous.assessed_on.isoformat(), up=up, down=down)

    def _show_lists(self, framework: Framework, results: AssessmentResults) -> None:
        numbers = _numbers(framework)
        self.strengths.setText(
            self._items(framework, numbers, results.strengths)
            or self.tr("None yet: no rated behaviour reaches its target.")
        )
        self.development.setText(
            self._items(framework, numbers, results.development_areas)
            or self.tr("None: every rated behaviour is at or above its target.")
        )

    def _items(
        self,
        framework: Framework,
        numbers: dict[str, str],
        items: tuple[BehaviourResult, ...],
    ) -> str:
        parts = []
        for item in items:
            assert item.level is not None
            detail = self.tr("{level} (target {target})").format(
                level=framework.scale_label(item.level),
                target=framework.scale_label(item.target),
            )
            parts.append(
                f"<p><b>{numbers[item.behaviour_id]}</b> {html.escape(item.text)}<br>"
                f"<i>{html.escape(detail)}</i></p>"
            )
        return "".join(parts)


def _numbers(framework: Framework) -> dict[str, str]:
    return {
        behaviour.id: f"{v}.{b}"
        for v, value in enumerate(framework.values, start=1)
        for b, behaviour in enumerate(value.behaviours, start=1)
    }
