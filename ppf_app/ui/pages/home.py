"""Home: the open person's assessments; start a new one or continue a draft."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from ppf_app.services import appraisal, assessments
from ppf_app.services.screens.home import (
    HomeScreen,
    RecordLine,
    home_screen,
    parse_framework_key,
)
from ppf_app.services.unit import Changes
from ppf_app.services.views import AssessmentView, PersonView
from ppf_app.ui import messages
from ppf_app.ui.context import AppContext
from ppf_app.ui.labels import kind_label
from ppf_app.ui.models.assessments_model import AssessmentsModel
from ppf_app.ui.models.table_model import RowRole, SortRole
from ppf_app.ui.operations import read
from ppf_app.ui.pages.base import Page
from ppf_app.ui.widgets.record_table import record_table

if TYPE_CHECKING:
    from ppf_app.services.plan_views import ObjectiveView


class HomePage(Page):
    page_name = "home"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.shown: HomeScreen | None = None
        self.title = self.add_title(self.tr("Assessments"))
        self.who = QLabel()
        self.who.setWordWrap(True)
        self.page_layout.addWidget(self.who)

        # Start a new self assessment (an appraisal is started from one).
        start_box = QGroupBox(self.tr("Start a new self assessment"))
        start_row = QHBoxLayout(start_box)
        start_row.addWidget(QLabel(self.tr("Framework:")))
        self.framework_picker = QComboBox()
        self.framework_picker.setAccessibleName(self.tr("Framework for the new assessment"))
        self.framework_picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        # Wide enough for a framework's title on a large window; it stretches, and on a
        # small one the title is elided rather than the page scrolling sideways.
        self.framework_picker.setMinimumContentsLength(20)
        start_row.addWidget(self.framework_picker, 1)
        self._framework_keys: tuple[str, ...] = ()
        self.group_label = QLabel(self.tr("As gr&oup:"))
        start_row.addWidget(self.group_label)
        self.group_picker = QComboBox()
        self.group_picker.setAccessibleName(
            self.tr("Group the new assessment is made for: it sets what is asked and the targets")
        )
        self.group_picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.group_picker.setMinimumContentsLength(14)
        self.group_picker.setPlaceholderText(self.tr("Choose a group"))
        self.group_label.setBuddy(self.group_picker)
        start_row.addWidget(self.group_picker)
        self._groups_for: tuple[int | None, object] = (None, None)
        self.framework_picker.currentIndexChanged.connect(self._show_groups)
        self.start_button = QPushButton(self.tr("&Start"))
        self.start_button.setAccessibleName(self.tr("Start a new self assessment"))
        self.start_button.clicked.connect(self.start_new)
        start_row.addWidget(self.start_button)
        self.page_layout.addWidget(start_box)

        # The list.
        self.model = AssessmentsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.table = record_table(
            self.proxy,
            self.tr("Appraisals and assessments"),
            stretch_column=AssessmentsModel.FRAMEWORK,
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
        self.appraisal_button = QPushButton(self.tr("&Appraisal…"))
        self.appraisal_button.setAccessibleName(
            self.tr("Open the appraisal of the selected self assessment, or start it")
        )
        self.appraisal_button.clicked.connect(self._appraisal_selected)
        self.delete_button = QPushButton(self.tr("&Delete…"))
        self.delete_button.setAccessibleName(self.tr("Delete the selected assessment"))
        self.delete_button.clicked.connect(self._delete_selected)
        actions.addWidget(self.continue_button)
        actions.addWidget(self.results_button)
        actions.addWidget(self.appraisal_button)
        actions.addStretch(1)
        actions.addWidget(self.delete_button)
        self.page_layout.addLayout(actions)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self._update_buttons()

    # -- showing --------------------------------------------------------------------

    def activated(self) -> None:
        self.refresh()
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self.table.setFocus() if self.model.rowCount() else self.start_button.setFocus()

    def refresh(self) -> None:
        person = self._context.person
        screen = (
            None
            if person is None
            else read(self, self._context, lambda lib: home_screen(lib, person.id))
        )
        self.shown = screen
        selected = self.selected()
        self._show_person(screen)
        rows = list(screen.records) if screen is not None else []
        self.model.set_rows(rows)
        self.empty_hint.setVisible(not rows)
        if screen is not None:
            self._show_frameworks(screen)
        if selected is not None:
            self.select(selected.id)
        if rows and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)  # the newest
        self._update_buttons()

    def act(self, intent: str) -> None:
        if intent == "new":
            self.framework_picker.setFocus()

    def _show_frameworks(self, screen: HomeScreen) -> None:
        keys = tuple(choice.key for choice in screen.frameworks)
        if keys == self._framework_keys:
            self._show_groups()
            return
        current = self.framework_picker.currentData()
        self.framework_picker.clear()
        for choice in screen.frameworks:
            self.framework_picker.addItem(choice.label, choice.key)
        self._framework_keys = keys
        wanted = current if current is not None else screen.default_framework
        index = self.framework_picker.findData(wanted)
        self.framework_picker.setCurrentIndex(max(index, 0))
        self._show_groups()

    def _show_groups(self) -> None:
        """The chosen framework's groups, the person's usual one preselected; hidden for
        a framework without groups."""
        screen = self.shown
        key = self.framework_picker.currentData()
        choice = (
            next((c for c in screen.frameworks if c.key == key), None)
            if screen is not None
            else None
        )
        shown_for = (screen.person.id if screen is not None else None, key)
        kept = self.group_picker.currentData() if shown_for == self._groups_for else None
        self._groups_for = shown_for
        self.group_picker.clear()
        groups = choice.groups if choice is not None else ()
        for group_id, title in groups:
            self.group_picker.addItem(title, group_id)
        if choice is not None:
            wanted = kept if kept is not None else choice.default_group
            # Not the person's usual group: they choose (the placeholder asks them to).
            self.group_picker.setCurrentIndex(self.group_picker.findData(wanted) if wanted else -1)
        self.group_picker.setVisible(bool(groups))
        self.group_label.setVisible(bool(groups))

    def _show_person(self, screen: HomeScreen | None) -> None:
        if screen is None:
            self.title.setText(self.tr("Assessments"))
            self.who.setText("")
            return
        person = screen.person
        self.title.setText(self.tr("Assessments of {name}").format(name=person.name))
        details = [screen.group_title]
        details += [text for text in (person.job_title, person.organisation) if text]
        self.who.setText(" · ".join(details))

    def _on_person_changed(self, _person: PersonView | None) -> None:
        self.table.clearSelection()
        if self.isVisible():
            self.refresh()

    def affected_by(self, changes: Changes) -> bool:
        person = self._context.person
        return changes.frameworks or (person is not None and changes.touches_person(person.id))

    def changes_arrived(self, changes: Changes) -> None:
        # Ratings change many times a minute; a hidden list is read when shown.
        if self.isVisible():
            self.refresh()

    # -- selection ------------------------------------------------------------------

    def selected_line(self) -> RecordLine | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        line = self.proxy.data(rows[0], RowRole)
        return line if isinstance(line, RecordLine) else None

    def selected(self) -> AssessmentView | None:
        """The assessment the selected line opens (an appraisal's self assessment)."""
        line = self.selected_line()
        return line.assessment if line is not None else None

    def select(self, assessment_id: int) -> None:
        row = self.model.row_of(assessment_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectRow(index.row())

    def _update_buttons(self) -> None:
        line = self.selected_line()
        view = line.assessment if line is not None else None
        signed = line is not None and line.appraisal is not None and line.appraisal.signed
        self.continue_button.setEnabled(view is not None)
        self.continue_button.setText(
            self.tr("&Continue rating")
            if view is None or not (view.is_complete or signed)
            else self.tr("Re&view ratings")
        )
        self.results_button.setEnabled(view is not None)
        self.appraisal_button.setEnabled(view is not None and view.kind == "self")
        self.appraisal_button.setText(
            self.tr("Start &appraisal…")
            if line is not None and line.appraisal is None
            else self.tr("&Appraisal…")
        )
        self.delete_button.setEnabled(line is not None and not signed)
        self.delete_button.setText(
            self.tr("&Delete appraisal…")
            if line is not None and line.appraisal is not None
            else self.tr("&Delete…")
        )
        self.start_button.setEnabled(self._context.person is not None)

    # -- actions --------------------------------------------------------------------

    def start_new(self) -> None:
        person = self._context.person
        key = self.framework_picker.currentData()
        if person is None or not key:
            return
        framework_id, version = parse_framework_key(str(key))
        group = self.group_picker.currentData() if self.group_picker.count() else None
        if self.group_picker.count() and self.group_picker.currentIndex() < 0:
            messages.inform(
                self,
                self.tr("Choose a group"),
                self.tr(
                    "This framework sets what it asks and the targets by group. Choose the "
                    "group this assessment is made for under As group:, then press Start."
                ),
            )
            self.group_picker.setFocus()
            return
        # Starting (and carrying objectives forward) loads the plan services: not at start-up.
        from ppf_app.services import starting

        kind = "self"
        offered = read(
            self, self._context, lambda lib: starting.objectives_to_carry(lib, person.id)
        )
        carry = self.choose_objectives_to_carry(offered) if offered else []
        view = self.run(
            lambda lib: starting.start(
                lib, person.id, framework_id, version, kind=kind, carry=carry, group_id=group
            ),
            refused=self.tr("Assessment not started"),
        ).run()
        if view is None:
            return
        if carry:
            self._context.status_message.emit(
                self.tr("{count} objectives carried forward into the new plan").format(
                    count=len(carry)
                )
            )
        self.refresh()
        self.select(view.id)
        self._context.go("assessment", view.id)

    def choose_objectives_to_carry(self, objectives: list[ObjectiveView]) -> list[str]:
        """Which open objectives to carry forward (their uids); tests replace this."""
        from ppf_app.ui import carry_forward

        return carry_forward.choose_objectives(self, objectives)

    def _open_index(self, index: QModelIndex) -> None:
        line = self.proxy.data(index, RowRole)
        if not isinstance(line, RecordLine):
            return
        if line.appraisal is not None:
            self._context.go("meeting", line.appraisal.id)
            return
        view = line.assessment
        self._context.go("results" if view.is_complete else "assessment", view.id)

    def _continue_selected(self) -> None:
        view = self.selected()
        if view is not None:
            self._context.go("assessment", view.id)

    def _results_selected(self) -> None:
        view = self.selected()
        if view is not None:
            self._context.go("results", view.id)

    def _appraisal_selected(self) -> None:
        line = self.selected_line()
        if line is None:
            return
        if line.appraisal is not None:
            self._context.go("meeting", line.appraisal.id)
            return
        subject = line.assessment.id
        record = self.run(
            lambda lib: appraisal.open_for(lib, subject), refused=self.tr("No appraisal")
        ).run()
        if record is not None:
            self.refresh()
            self._context.go("meeting", record.id)

    def _delete_selected(self) -> None:
        line = self.selected_line()
        if line is None:
            return
        view = line.assessment
        record = line.appraisal
        if record is not None:
            question = self.tr(
                "Delete the appraisal of {date} with the appraiser's ratings, the agreed "
                "levels and the agreed plan? The self assessment it reviewed stays. This "
                "cannot be undone."
            ).format(date=record.held_on.isoformat())
        else:
            question = self.tr(
                "Delete the {kind} of {date} ({framework}) with all its ratings and "
                "evidence? This cannot be undone."
            ).format(
                kind=kind_label(view.kind).lower(),
                date=view.assessed_on.isoformat(),
                framework=view.framework_title,
            )
        if not messages.confirm(self, self.tr("Delete"), question, self.tr("Delete")):
            return
        if record is not None:
            record_id = record.id
            deleted = self.run(
                lambda lib: appraisal.delete_appraisal(lib, record_id),
                refused=self.tr("Not deleted"),
            ).run()
        else:
            deleted = self.run(
                lambda lib: assessments.delete_assessment(lib, view.id),
                refused=self.tr("Not deleted"),
            ).run()
        if deleted is None:
            return
        self.refresh()
        self._context.status_message.emit(
            self.tr("Appraisal deleted") if record is not None else self.tr("Assessment deleted")
        )
