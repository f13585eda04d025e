"""One learning pair's record on the Pairs page: the objectives each person's plan gives
the pairing, meetings, shadowing sessions, the joint project, and the before and after
self-assessments.

It shows a :class:`~ppf_app.services.screens.pairs.PairScreen` and asks for changes with
signals; the page runs them (one operation each) and shows the record again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ppf_app.services.pair_records import SideRecord
from ppf_app.services.screens.pairs import PairScreen
from ppf_app.ui.models.pairs_model import MeetingsModel, ShadowingModel, short_date
from ppf_app.ui.models.table_model import RowRole
from ppf_app.ui.widgets.date_field import DateField
from ppf_app.ui.widgets.record_table import record_table
from ppf_app.ui.widgets.responsive import FlowLayout


class PairRecordPanel(QWidget):
    """A pair's record, and the controls to add to it."""

    agree_requested = Signal()
    end_requested = Signal()
    remove_requested = Signal()
    report_requested = Signal()
    after_requested = Signal()
    #: person id, the chosen objectives' uids
    objectives_chosen = Signal(int, list)
    #: date (or None: today), note
    meeting_added = Signal(object, str)
    meeting_removed = Signal(int)
    #: date (or None), shadow's person id, where, what was learned
    shadowing_added = Signal(object, int, str, str)
    shadowing_removed = Signal(int)
    #: title, aim, measure, presented on (date or None)
    project_saved = Signal(str, str, str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shown: PairScreen | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        buttons = FlowLayout()  # wraps onto a second line on a narrow window
        self.agree_button = self._button(
            buttons, self.tr("Agreement &signed"), self.agree_requested
        )
        self.report_button = self._button(
            buttons, self.tr("Save report &PDF…"), self.report_requested
        )
        self.after_button = self._button(
            buttons, self.tr("Record &after-assessments"), self.after_requested
        )
        self.after_button.setToolTip(
            self.tr(
                "Take each person's latest complete self-assessment since the pair started "
                "as their 'after'"
            )
        )
        self.end_button = self._button(buttons, self.tr("&End pairing"), self.end_requested)
        self.remove_button = self._button(buttons, self.tr("Remove pair…"), self.remove_requested)
        layout.addLayout(buttons)

        self.change = QLabel()
        self.change.setWordWrap(True)
        self.change.setAccessibleName(self.tr("Change on the targeted behaviours"))
        layout.addWidget(self.change)

        layout.addWidget(self._objectives_box())
        layout.addWidget(self._meetings_box())
        layout.addWidget(self._shadowing_box())
        layout.addWidget(self._project_box())
        layout.addStretch(1)
        self.setEnabled(False)

    # -- building -------------------------------------------------------------------------

    def _button(self, row: QLayout, text: str, signal: SignalInstance) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(signal.emit)
        row.addWidget(button)
        return button

    def _objectives_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Objectives the pairing serves (two or three each)"))
        grid = QGridLayout(box)
        self.objective_labels: list[QLabel] = []
        self.objective_lists: list[QListWidget] = []
        for column in range(2):
            label = QLabel()
            grid.addWidget(label, 0, column)
            listing = QListWidget()
            listing.setMaximumHeight(110)
            listing.setWordWrap(True)  # a long objective wraps rather than scroll sideways
            listing.itemChanged.connect(lambda _item, c=column: self._objectives_changed(c))
            label.setBuddy(listing)
            grid.addWidget(listing, 1, column)
            self.objective_labels.append(label)
            self.objective_lists.append(listing)
        self.objectives_note = QLabel()
        self.objectives_note.setWordWrap(True)
        grid.addWidget(self.objectives_note, 2, 0, 1, 2)
        return box

    def _meetings_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Meetings"))
        column = QVBoxLayout(box)
        self.meetings_model = MeetingsModel(self)
        self.meetings_table = record_table(
            self.meetings_model, self.tr("Meetings held"), stretch_column=MeetingsModel.NOTE
        )
        self.meetings_table.setMaximumHeight(150)
        column.addWidget(self.meetings_table)
        row = QHBoxLayout()
        self.meeting_date = DateField()
        self.meeting_date.setAccessibleName(self.tr("Meeting date"))
        row.addWidget(self.meeting_date)
        self.meeting_note = QLineEdit()
        self.meeting_note.setPlaceholderText(self.tr("What the meeting covered"))
        self.meeting_note.setAccessibleName(self.tr("Meeting note"))
        row.addWidget(self.meeting_note, 1)
        self.add_meeting_button = QPushButton(self.tr("Add &meeting"))
        self.add_meeting_button.clicked.connect(self._add_meeting)
        row.addWidget(self.add_meeting_button)
        remove = QPushButton(self.tr("Remove meeting"))
        remove.clicked.connect(self._remove_meeting)
        row.addWidget(remove)
        column.addLayout(row)
        return box

    def _shadowing_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Shadowing"))
        column = QVBoxLayout(box)
        self.shadowing_model = ShadowingModel(self)
        self.shadowing_table = record_table(
            self.shadowing_model,
            self.tr("Shadowing sessions"),
            stretch_column=ShadowingModel.LEARNED,
        )
        self.shadowing_table.setMaximumHeight(130)
        column.addWidget(self.shadowing_table)
        form = QFormLayout()
        self.shadow_date = DateField()
        self.shadow_date.setAccessibleName(self.tr("Shadowing date"))
        form.addRow(self.tr("Date"), self.shadow_date)
        self.shadow_who = QComboBox()
        self.shadow_who.setAccessibleName(self.tr("Who shadowed whom"))
        form.addRow(self.tr("Who"), self.shadow_who)
        self.shadow_place = QLineEdit()
        self.shadow_place.setAccessibleName(self.tr("Where"))
        form.addRow(self.tr("Where"), self.shadow_place)
        self.shadow_learned = QLineEdit()
        self.shadow_learned.setAccessibleName(self.tr("What was learned"))
        form.addRow(self.tr("What was learned"), self.shadow_learned)
        column.addLayout(form)
        row = QHBoxLayout()
        self.add_shadowing_button = QPushButton(self.tr("Add s&hadowing"))
        self.add_shadowing_button.clicked.connect(self._add_shadowing)
        row.addWidget(self.add_shadowing_button)
        remove = QPushButton(self.tr("Remove session"))
        remove.clicked.connect(self._remove_shadowing)
        row.addWidget(remove)
        row.addStretch(1)
        column.addLayout(row)
        return box

    def _project_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Joint improvement project"))
        form = QFormLayout(box)
        self.project_title = QLineEdit()
        self.project_title.setAccessibleName(self.tr("Project title"))
        form.addRow(self.tr("Title"), self.project_title)
        self.project_aim = QLineEdit()
        self.project_aim.setAccessibleName(self.tr("Project aim"))
        form.addRow(self.tr("Aim"), self.project_aim)
        self.project_measure = QLineEdit()
        self.project_measure.setAccessibleName(self.tr("How the project is measured"))
        form.addRow(self.tr("Measure"), self.project_measure)
        self.project_presented = DateField()
        self.project_presented.setAccessibleName(self.tr("Project presented on"))
        form.addRow(self.tr("Presented on"), self.project_presented)
        self.save_project_button = QPushButton(self.tr("Save pro&ject"))
        self.save_project_button.clicked.connect(self._save_project)
        form.addRow("", self.save_project_button)
        return box

    # -- showing --------------------------------------------------------------------------

    def show_screen(self, screen: PairScreen | None) -> None:
        """Show a pair's record (None: no pair chosen)."""
        self.shown = screen
        self.setEnabled(screen is not None)
        self.objectives_note.setText("")  # said again below when it still holds
        if screen is None:
            self.summary.setText(self.tr("Choose a pair to see its record."))
            self.change.setText("")
            self.meetings_model.set_rows([])
            self.shadowing_model.set_rows([])
            for listing in self.objective_lists:
                listing.clear()
            return
        record = screen.record
        pair = record.pair
        status = {
            "active": self.tr("runs to {day}").format(day=short_date(pair.ends_on)),
            "finished": self.tr("ran its course on {day}").format(day=short_date(pair.ends_on)),
            "ended": self.tr("ended on {day}").format(day=short_date(pair.ended_on)),
        }[pair.status(screen.today)]
        agreed = (
            self.tr("Agreement signed on {day}.").format(day=short_date(pair.agreed_on))
            if pair.agreed_on
            else self.tr("Agreement not signed yet.")
        )
        self.summary.setText(
            self.tr(
                "{left} and {right}: from {start} for {months} months, {status}. {agreed} "
                "Matched on {framework} with a score of {score}."
            ).format(
                left=pair.left.name,
                right=pair.right.name,
                start=short_date(pair.start_on),
                months=pair.months,
                status=status,
                agreed=agreed,
                framework=record.framework_title,
                score=pair.score,
            )
        )
        self.agree_button.setEnabled(pair.agreed_on is None)
        self.end_button.setEnabled(pair.ended_on is None)
        self.change.setText(" ".join(self._change_text(s) for s in (record.left, record.right)))
        for column, side in enumerate((record.left, record.right)):
            self._show_objectives(column, side, screen)
        self.meetings_model.set_rows(record.meetings)
        self.shadowing_model.set_rows(record.shadowing)
        self.shadow_who.clear()
        for shadow, host in ((pair.left, pair.right), (pair.right, pair.left)):
            self.shadow_who.addItem(
                self.tr("{shadow} shadowed {host}").format(shadow=shadow.name, host=host.name),
                shadow.id,
            )
        project = record.project
        self.project_title.setText(project.title)
        self.project_aim.setText(project.aim)
        self.project_measure.setText(project.measure)
        self.project_presented.set_value(project.presented_on)

    def _change_text(self, side: SideRecord) -> str:
        name = side.person.name
        if side.before is None:
            return self.tr("{name}: no before-assessment.").format(name=name)
        if side.after is None:
            return self.tr("{name}: after-assessment not recorded yet.").format(name=name)
        outcome = side.outcome
        if not outcome.is_measured:
            return self.tr("{name}: nothing measured before and after.").format(name=name)
        return self.tr(
            "{name}: gap on the targeted behaviours {before} before, {after} after."
        ).format(name=name, before=outcome.total_before, after=outcome.total_after)

    def _show_objectives(self, column: int, side: SideRecord, screen: PairScreen) -> None:
        listing = self.objective_lists[column]
        self.objective_labels[column].setText(
            self.tr("{name}'s objectives").format(name=side.person.name)
        )
        listing.setAccessibleName(self.objective_labels[column].text())
        chosen = {o.uid for o in side.objectives}
        listing.blockSignals(True)
        listing.clear()
        for objective in screen.choices.get(side.person.id, ()):
            item = QListWidgetItem(objective.text)
            item.setData(Qt.ItemDataRole.UserRole, objective.uid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if objective.uid in chosen else Qt.CheckState.Unchecked
            )
            listing.addItem(item)
        listing.blockSignals(False)
        if not listing.count():
            self.objectives_note.setText(
                self.tr("Objectives come from each person's own plan: add them on the Plan page.")
            )

    # -- asking for changes -------------------------------------------------------------

    def checked_objectives(self, column: int) -> list[str]:
        listing = self.objective_lists[column]
        return [
            str(listing.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(listing.count())
            if listing.item(row).checkState() == Qt.CheckState.Checked
        ]

    def _objectives_changed(self, column: int) -> None:
        if self.shown is None:
            return
        record = self.shown.record
        person = (record.left, record.right)[column].person
        self.objectives_chosen.emit(person.id, self.checked_objectives(column))

    def _add_meeting(self) -> None:
        self.meeting_date.commit_text()
        self.meeting_added.emit(self.meeting_date.value(), self.meeting_note.text())

    def clear_meeting_entry(self) -> None:
        self.meeting_note.clear()
        self.meeting_date.clear()

    def _remove_meeting(self) -> None:
        rows = self.meetings_table.selectionModel().selectedRows()
        if rows:
            self.meeting_removed.emit(self.meetings_model.data(rows[0], RowRole).id)

    def _add_shadowing(self) -> None:
        self.shadow_date.commit_text()
        shadow = self.shadow_who.currentData()
        if shadow is None:
            return
        self.shadowing_added.emit(
            self.shadow_date.value(),
            int(shadow),
            self.shadow_place.text(),
            self.shadow_learned.text(),
        )

    def clear_shadowing_entry(self) -> None:
        self.shadow_date.clear()
        self.shadow_place.clear()
        self.shadow_learned.clear()

    def _remove_shadowing(self) -> None:
        rows = self.shadowing_table.selectionModel().selectedRows()
        if rows:
            self.shadowing_removed.emit(self.shadowing_model.data(rows[0], RowRole).id)

    def _save_project(self) -> None:
        self.project_presented.commit_text()
        self.project_saved.emit(
            self.project_title.text(),
            self.project_aim.text(),
            self.project_measure.text(),
            self.project_presented.value(),
        )
