"""The editor of one objective: its text, linked behaviours, activity, support, success
measure, target date and status.

Every edit is announced by :attr:`ObjectiveEditor.edited` with the changed fields only.
Typed text waits a moment after the last keystroke (``EVIDENCE_DEBOUNCE_MS``, as evidence
does on the Rate page) and is sent at once when its field loses focus or
:meth:`ObjectiveEditor.flush` is called; choices (behaviours, status) are sent at once, and
the target date as soon as it is picked, cleared, or typed and confirmed (Enter or
leaving the field).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QWidget,
)

from ppf_app.ui.widgets.behaviour_row import EVIDENCE_DEBOUNCE_MS, EvidenceEdit
from ppf_app.ui.widgets.date_field import NO_DATE, DateField

__all__ = ["NO_DATE", "ObjectiveEditor", "qdate_to_date"]


def qdate_to_date(chosen: QDate) -> date | None:
    """The date a date field holds; None for its "No date"."""
    if chosen == NO_DATE or not chosen.isValid():
        return None
    return date(chosen.year(), chosen.month(), chosen.day())


class ObjectiveEditor(QWidget):
    """Edits the objective shown with :meth:`show_objective`; empty and disabled without one."""

    #: (objective uid, {field: new value}) — only the fields that changed; the fields are
    #: named as in ``ObjectiveInput``.
    edited = Signal(str, dict)

    def __init__(self, statuses: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        """``statuses``: ``(value, label)`` for each status the service accepts."""
        super().__init__(parent)
        self._objective_uid: str | None = None
        self._loading = False
        self._pending: dict[str, bool] = {}
        self._saved: dict[str, Any] = {}

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)

        self.objective = EvidenceEdit()
        self.objective.setAccessibleName(self.tr("Objective"))
        self.objective.setPlaceholderText(self.tr("What you will achieve"))
        form.addRow(self.tr("&Objective:"), self.objective)

        self.behaviours = QListWidget()
        self.behaviours.setAccessibleName(self.tr("Linked behaviours"))
        self.behaviours.setMinimumHeight(int(self.fontMetrics().lineSpacing() * 4.5))
        self.behaviours.setWordWrap(True)
        self.behaviours.setUniformItemSizes(False)
        self.behaviours.itemChanged.connect(self._on_behaviour_checked)
        form.addRow(self.tr("&Linked behaviours:"), self.behaviours)

        self.activity = QComboBox()
        self.activity.setEditable(True)
        self.activity.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.activity.setAccessibleName(self.tr("Activity"))
        self.activity.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.activity.setMinimumContentsLength(24)
        self.activity.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        line = self.activity.lineEdit()
        assert line is not None
        line.setPlaceholderText(self.tr("Choose one of the area's activities, or type your own"))
        line.setAccessibleName(self.tr("Activity"))
        form.addRow(self.tr("&Activity:"), self.activity)

        self.support = QLineEdit()
        self.support.setAccessibleName(self.tr("Support needed"))
        self.support.setPlaceholderText(self.tr("Who or what will help"))
        form.addRow(self.tr("Support n&eeded:"), self.support)

        self.success_measure = QLineEdit()
        self.success_measure.setAccessibleName(self.tr("How success will be measured"))
        self.success_measure.setPlaceholderText(self.tr("How you will know it is done"))
        form.addRow(self.tr("&Success measure:"), self.success_measure)

        # Typed in the system's short format or ISO, or picked from a calendar that opens
        # on today; empty shows "No date" as a placeholder.
        self.target_date = DateField()
        self.target_date.setAccessibleName(self.tr("Target date"))
        self.target_date.setDisplayFormat("d MMM yyyy")
        self.target_date.dateChanged.connect(self._on_date_changed)
        self.no_date_button = self.target_date.clear_button
        date_label = QLabel(self.tr("&Target date:"))
        date_label.setBuddy(self.target_date.line)
        form.addRow(date_label, self.target_date)

        self.status = QComboBox()
        self.status.setAccessibleName(self.tr("Status"))
        for value, label in statuses:
            self.status.addItem(label, value)
        self.status.currentIndexChanged.connect(self._on_status_changed)
        form.addRow(self.tr("Stat&us:"), self.status)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(EVIDENCE_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.flush)
        self.objective.textChanged.connect(lambda: self._typed("text"))
        self.objective.focus_left.connect(self.flush)
        self.activity.editTextChanged.connect(lambda _t: self._typed("activity"))
        self.activity.activated.connect(lambda _i: self.flush())
        self.support.textEdited.connect(lambda _t: self._typed("support"))
        self.success_measure.textEdited.connect(lambda _t: self._typed("success_measure"))
        for widget in (line, self.support, self.success_measure):
            widget.installEventFilter(self)
        self.show_objective(None)

    # -- showing --------------------------------------------------------------------

    @property
    def objective_uid(self) -> str | None:
        return self._objective_uid

    def show_objective(
        self,
        objective: Any,
        behaviours: Sequence[tuple[str, str]] = (),
        activities: Sequence[str] = (),
    ) -> None:
        """Show ``objective`` (None: nothing to edit).

        Args:
            objective: an ``ObjectiveView`` (``uid``, ``text``, ``behaviour_ids``,
                ``activity``, ``support``, ``success_measure``, ``target_date``, ``status``).
            behaviours: ``(behaviour id, label)`` offered as linked behaviours.
            activities: the activities offered for it (its training area's).
        """
        self.flush()
        self._loading = True
        try:
            self._objective_uid = None if objective is None else str(objective.uid)
            self.setEnabled(objective is not None)
            linked = set(objective.behaviour_ids) if objective is not None else set()
            self.behaviours.clear()
            offered = {behaviour_id for behaviour_id, _ in behaviours}
            # The linked behaviours first, so they show without scrolling; one the
            # framework no longer offers is still shown, checked.
            choices = (
                [choice for choice in behaviours if choice[0] in linked]
                + [(b, b) for b in sorted(linked - offered)]
                + [choice for choice in behaviours if choice[0] not in linked]
            )
            for behaviour_id, label in choices:
                item = QListWidgetItem(label)
                item.setData(Qt.ItemDataRole.UserRole, behaviour_id)
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsUserCheckable
                    | Qt.ItemFlag.ItemNeverHasChildren
                )
                checked = behaviour_id in linked
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                self.behaviours.addItem(item)
            self.activity.clear()
            self.activity.addItems(list(activities))
            if objective is None:
                self.objective.setPlainText("")
                self.activity.setEditText("")
                self.support.setText("")
                self.success_measure.setText("")
                self.target_date.set_value(None)
                self.status.setCurrentIndex(0)
                self._saved = {}
                return
            self.objective.setPlainText(objective.text)
            self.activity.setEditText(objective.activity)
            line = self.activity.lineEdit()
            if line is not None:
                line.setCursorPosition(0)  # show the start of a long activity
            self.support.setText(objective.support)
            self.success_measure.setText(objective.success_measure)
            target: date | None = objective.target_date
            self.target_date.set_value(target)
            index = self.status.findData(str(objective.status))
            self.status.setCurrentIndex(max(index, 0))
            self._saved = self._current()
        finally:
            self._pending.clear()
            self._loading = False

    # -- saving ---------------------------------------------------------------------

    def has_pending(self) -> bool:
        return bool(self._pending) or self._debounce.isActive()

    def flush(self) -> None:
        """Send the edits not sent yet, now."""
        if self.target_date.line.isModified():
            self.target_date.commit_text()  # a date typed but not confirmed yet
        self._debounce.stop()
        if self._objective_uid is None or not self._pending:
            self._pending.clear()
            return
        current = self._current()
        changes = {
            name: current[name] for name in self._pending if self._saved.get(name) != current[name]
        }
        self._pending.clear()
        if not changes:
            return
        self._saved.update(changes)
        self.edited.emit(self._objective_uid, changes)

    def _current(self) -> dict[str, Any]:
        return {
            "text": self.objective.toPlainText(),
            "behaviour_ids": self.linked_behaviours(),
            "activity": self.activity.currentText(),
            "support": self.support.text(),
            "success_measure": self.success_measure.text(),
            "target_date": self.chosen_date(),
            "status": self.status.currentData(),
        }

    def linked_behaviours(self) -> tuple[str, ...]:
        return tuple(
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in (self.behaviours.item(i) for i in range(self.behaviours.count()))
            if item.checkState() == Qt.CheckState.Checked
        )

    def chosen_date(self) -> date | None:
        return self.target_date.value()

    def _typed(self, name: str) -> None:
        if self._loading:
            return
        self._pending[name] = True
        self._debounce.start()

    def _chosen(self, name: str) -> None:
        if self._loading:
            return
        self._pending[name] = True
        self.flush()

    def _on_behaviour_checked(self, _item: QListWidgetItem) -> None:
        self._chosen("behaviour_ids")

    def _on_date_changed(self, _date: QDate) -> None:
        self._chosen("target_date")

    def _on_status_changed(self, _index: int) -> None:
        self._chosen("status")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.flush()
        return super().eventFilter(watched, event)
