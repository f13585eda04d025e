"""Home: the open person's assessments; start a new one or continue a draft."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from ppf_app.core.errors import UserError
from ppf_app.services import assessments, frameworks, plans
from ppf_app.services.plan_views import ObjectiveView
from ppf_app.services.views import AssessmentView, PersonView
from ppf_app.ui import carry_forward, messages
from ppf_app.ui.context import AppContext
from ppf_app.ui.models.assessments_model import AssessmentsModel, kind_label
from ppf_app.ui.models.table_model import RowRole, SortRole
from ppf_app.ui.pages.base import Page
from ppf_app.ui.widgets.record_table import record_table


class HomePage(Page):
    page_name = "home"

    #: Open an assessment to rate (AssessmentView).
    open_assessment = Signal(object)
    #: Show an assessment's results (AssessmentView).
    open_results = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.title = self.add_title(self.tr("Assessments"))
        self.who = QLabel()
        self.who.setWordWrap(True)
        self.page_layout.addWidget(self.who)

        # Start a new assessment.
        start_box = QGroupBox(self.tr("Start a new assessment"))
        start_row = QHBoxLayout(start_box)
        start_row.addWidget(QLabel(self.tr("Framework:")))
        self.framework_picker = QComboBox()
        self.framework_picker.setAccessibleName(self.tr("Framework for the new assessment"))
        self.framework_picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.framework_picker.setMinimumContentsLength(36)
        start_row.addWidget(self.framework_picker, 1)
        start_row.addWidget(QLabel(self.tr("Kind:")))
        self.kind_picker = QComboBox()
        self.kind_picker.setAccessibleName(self.tr("Kind of assessment"))
        for kind in assessments.KINDS:
            self.kind_picker.addItem(kind_label(kind), kind)
        start_row.addWidget(self.kind_picker)
        self.start_button = QPushButton(self.tr("&Start"))
        self.start_button.setAccessibleName(self.tr("Start a new assessment"))
        self.start_button.clicked.connect(self.start_new)
        start_row.addWidget(self.start_button)
        self.page_layout.addWidget(start_box)

        # The list.
        self.model = AssessmentsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.table = record_table(
            self.proxy, self.tr("Assessments"), stretch_column=AssessmentsModel.FRAMEWORK
        )
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(AssessmentsModel.DATE, Qt.SortOrder.DescendingOrder)
        self.table.doubleClicked.connect(self._open_index)
        self.table.activated.connect(self._open_index)
        self.page_layout.addWidget(self.table, 1)
        self.empty_hint = QLabel(
            self.tr("No assessments yet. Choose a framework above and press Start.")
        )
        self.page_layout.addWidget(self.empty_hint)

        actions = QHBoxLayout()
        self.continue_button = QPushButton(self.tr("&Continue rating"))
        self.continue_button.setAccessibleName(self.tr("Continue rating the selected assessment"))
        self.continue_button.clicked.connect(self._continue_selected)
        self.results_button = QPushButton(self.tr("See &results"))
        self.results_button.setAccessibleName(self.tr("See the results of the selected assessment"))
        self.results_button.clicked.connect(self._results_selected)
        self.delete_button = QPushButton(self.tr("&Delete…"))
        self.delete_button.setAccessibleName(self.tr("Delete the selected assessment"))
        self.delete_button.clicked.connect(self._delete_selected)
        actions.addWidget(self.continue_button)
        actions.addWidget(self.results_button)
        actions.addStretch(1)
        actions.addWidget(self.delete_button)
        self.page_layout.addLayout(actions)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        context.person_changed.connect(self._on_person_changed)
        context.assessments_changed.connect(self._on_assessments_changed)
        context.frameworks_changed.connect(self.load_frameworks)
        self.load_frameworks()
        self._update_buttons()

    # -- loading --------------------------------------------------------------------

    def load_frameworks(self) -> None:
        current = self.framework_picker.currentData()
        self.framework_picker.clear()
        library = self._context.library
        default = library.frameworks.default()
        for framework in frameworks.list_frameworks(library):
            label = f"{framework.title} ({framework.version})"
            self.framework_picker.addItem(label, key_text(framework.key))
        wanted = current if current is not None else key_text(default.key)
        index = self.framework_picker.findData(wanted)
        self.framework_picker.setCurrentIndex(max(index, 0))

    def activated(self) -> None:
        self.refresh()
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self.table.setFocus() if self.model.rowCount() else self.start_button.setFocus()

    def refresh(self) -> None:
        person = self._context.person
        self._show_person(person)
        selected = self.selected()
        rows = (
            [] if person is None else assessments.list_assessments(self._context.library, person.id)
        )
        self.model.set_rows(rows)
        self.empty_hint.setVisible(not rows)
        if selected is not None:
            self.select(selected.id)
        if rows and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)  # the newest
        self._update_buttons()

    def _show_person(self, person: PersonView | None) -> None:
        if person is None:
            self.title.setText(self.tr("Assessments"))
            self.who.setText("")
            return
        self.title.setText(self.tr("Assessments of {name}").format(name=person.name))
        details = [self._context.group_title(person.professional_group)]
        details += [text for text in (person.job_title, person.organisation) if text]
        self.who.setText(" · ".join(details))

    def _on_person_changed(self, _person: object) -> None:
        self.table.clearSelection()
        self.refresh()

    def _on_assessments_changed(self, person_id: int) -> None:
        person = self._context.person
        if person is None or person.id != person_id:
            return
        # Ratings change many times a minute; a hidden list is refreshed when shown.
        if self.isVisible():
            self.refresh()

    # -- selection ------------------------------------------------------------------

    def selected(self) -> AssessmentView | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        view = self.proxy.data(rows[0], RowRole)
        return view if isinstance(view, AssessmentView) else None

    def select(self, assessment_id: int) -> None:
        row = self.model.row_of(assessment_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectRow(index.row())

    def _update_buttons(self) -> None:
        view = self.selected()
        self.continue_button.setEnabled(view is not None)
        self.continue_button.setText(
            self.tr("&Continue rating")
            if view is None or not view.is_complete
            else self.tr("&Review ratings")
        )
        self.results_button.setEnabled(view is not None)
        self.delete_button.setEnabled(view is not None)
        self.start_button.setEnabled(self._context.person is not None)

    # -- actions --------------------------------------------------------------------

    def start_new(self) -> None:
        person = self._context.person
        key = self.framework_picker.currentData()
        if person is None or not key:
            return
        framework_id, version = parse_key(str(key))
        try:
            view = assessments.start_assessment(
                self._context.library,
                person.id,
                framework_id,
                version,
                kind=str(self.kind_picker.currentData()),
            )
        except UserError as error:
            messages.problem(self, self.tr("Assessment not started"), "\n".join(error.problems))
            return
        self._offer_carry_forward(view)
        self._context.announce_assessment(view)
        self.select(view.id)
        self.open_assessment.emit(view)

    def _offer_carry_forward(self, view: AssessmentView) -> None:
        """Offer the open objectives of the person's last plan to the new assessment's."""
        library = self._context.library
        open_objectives = plans.open_objectives_of_last_plan(
            library, view.person_id, exclude_assessment_id=view.id
        )
        if not open_objectives:
            return
        chosen = self.choose_objectives_to_carry(open_objectives)
        if not chosen:
            return
        try:
            plans.carry_forward(library, view.id, chosen)
        except UserError as error:
            messages.problem(
                self, self.tr("Objectives not carried forward"), "\n".join(error.problems)
            )
            return
        self._context.status_message.emit(
            self.tr("{count} objectives carried forward into the new plan").format(
                count=len(chosen)
            )
        )

    def choose_objectives_to_carry(self, objectives: list[ObjectiveView]) -> list[str]:
        """Which open objectives to carry forward (their uids); tests replace this."""
        return carry_forward.choose_objectives(self, objectives)

    def _open_index(self, index: QModelIndex) -> None:
        view = self.proxy.data(index, RowRole)
        if not isinstance(view, AssessmentView):
            return
        if view.is_complete:
            self.open_results.emit(view)
        else:
            self.open_assessment.emit(view)

    def _continue_selected(self) -> None:
        view = self.selected()
        if view is not None:
            self.open_assessment.emit(view)

    def _results_selected(self) -> None:
        view = self.selected()
        if view is not None:
            self.open_results.emit(view)

    def _delete_selected(self) -> None:
        view = self.selected()
        if view is None:
            return
        question = self.tr(
            "Delete the {kind} of {date} ({framework}) with all its ratings and evidence? "
            "This cannot be undone."
        ).format(
            kind=kind_label(view.kind).lower(),
            date=view.assessed_on.isoformat(),
            framework=view.framework_title,
        )
        if not messages.confirm(self, self.tr("Delete assessment"), question, self.tr("Delete")):
            return
        try:
            assessments.delete_assessment(self._context.library, view.id)
        except UserError as error:
            messages.problem(self, self.tr("Not deleted"), "\n".join(error.problems))
            return
        self._context.assessment_deleted.emit(view.id)
        self._context.announce_assessment(view)
        self._context.status_message.emit(self.tr("Assessment deleted"))


def key_text(key: tuple[str, str]) -> str:
    """A framework's (id, version) as the picker keeps it: ``id@version``."""
    return f"{key[0]}@{key[1]}"


def parse_key(text: str) -> tuple[str, str]:
    framework_id, _, version = text.partition("@")  # ids never hold "@"
    return framework_id, version
