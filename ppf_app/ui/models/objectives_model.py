"""A plan's objectives: the objective, its status and its target date, in plan order."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from ppf_app.domain.objective_status import ObjectiveStatus
from ppf_app.services.plan_views import ObjectiveView
from ppf_app.ui.labels import objective_status_label as status_label
from ppf_app.ui.models.table_model import Column, RowTableModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("ObjectivesModel", text)


def status_choices() -> list[tuple[str, str]]:
    """``(value, label)`` of every status, in the order they are worked through."""
    return [(status.value, status_label(status.value)) for status in ObjectiveStatus]


def first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line or _tr("(no objective written yet)")


class ObjectivesModel(RowTableModel[ObjectiveView]):
    NUMBER, OBJECTIVE, STATUS, TARGET = range(4)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column(_tr("#"), lambda o: str(o.position + 1), lambda o: o.position, None, True),
                Column(_tr("Objective"), lambda o: first_line(o.text), tooltip=lambda o: o.text),
                Column(_tr("Status"), lambda o: status_label(o.status)),
                Column(
                    _tr("Target date"),
                    lambda o: o.target_date.isoformat() if o.target_date else "",
                ),
            ],
            parent,
        )

    def row_of(self, uid: str) -> int | None:
        for number, objective in enumerate(self.rows()):
            if objective.uid == uid:
                return number
        return None

    def replace_row(self, objective: ObjectiveView) -> None:
        """Show one edited objective again, without resetting the view's selection."""
        row = self.row_of(objective.uid)
        if row is None:
            return
        self._rows[row] = objective
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
