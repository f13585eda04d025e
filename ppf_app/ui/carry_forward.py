"""The question asked when a new assessment starts and the last plan has open objectives:
which of them to carry forward into the new plan."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ppf_app.services.plan_views import ObjectiveView
from ppf_app.ui.labels import objective_status_label as status_label
from ppf_app.ui.models.objectives_model import first_line


class CarryForwardDialog(QDialog):
    """A checklist of open objectives, all checked; Carry forward or Not now."""

    def __init__(self, objectives: Sequence[ObjectiveView], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Carry forward objectives"))
        layout = QVBoxLayout(self)
        count = len(objectives)
        question = QLabel(
            self.tr("Carry forward {count} open objectives from your last plan?").format(
                count=count
            )
            if count != 1
            else self.tr("Carry forward the open objective from your last plan?")
        )
        question.setWordWrap(True)
        layout.addWidget(question)
        hint = QLabel(self.tr("Uncheck any you do not want in the new plan."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.checklist = QListWidget()
        self.checklist.setAccessibleName(self.tr("Open objectives to carry forward"))
        self.checklist.setWordWrap(True)
        for objective in objectives:
            date_text = (
                self.tr(", target {date}").format(date=objective.target_date.isoformat())
                if objective.target_date
                else ""
            )
            item = QListWidgetItem(
                f"{first_line(objective.text)} ({status_label(objective.status)}{date_text})"
            )
            item.setData(Qt.ItemDataRole.UserRole, objective.uid)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.checklist.addItem(item)
        layout.addWidget(self.checklist, 1)
        buttons = QDialogButtonBox()
        carry = buttons.addButton(self.tr("Carry forward"), QDialogButtonBox.ButtonRole.AcceptRole)
        carry.setAccessibleName(self.tr("Carry the checked objectives forward"))
        skip = buttons.addButton(self.tr("Not now"), QDialogButtonBox.ButtonRole.RejectRole)
        skip.setAccessibleName(self.tr("Start without carrying objectives forward"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 360)

    def checked_uids(self) -> list[str]:
        return [
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in (self.checklist.item(i) for i in range(self.checklist.count()))
            if item.checkState() == Qt.CheckState.Checked
        ]


def choose_objectives(parent: QWidget | None, objectives: Sequence[ObjectiveView]) -> list[str]:
    """Ask which open objectives to carry forward; their uids (none when declined)."""
    dialog = CarryForwardDialog(objectives, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return []
    return dialog.checked_uids()
