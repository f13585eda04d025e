"""A person's assessments: date, framework, kind, status and how complete."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from ppf_app.services.views import AssessmentView
from ppf_app.ui.labels import kind_label, status_label
from ppf_app.ui.models.table_model import Column, RowTableModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("AssessmentsModel", text)


def progress_text(view: AssessmentView) -> str:
    progress = view.progress
    return _tr("{answered} of {total} ({percent}%)").format(
        answered=progress.answered,
        total=progress.total,
        percent=round(progress.fraction * 100),
    )


def _date_key(view: AssessmentView) -> str:
    # Text, so Qt's sort compares it (a Python date would reach Qt as an opaque object);
    # the creation time orders two assessments of the same day.
    return f"{view.assessed_on.isoformat()} {view.created_at.isoformat()}"


class AssessmentsModel(RowTableModel[AssessmentView]):
    DATE, FRAMEWORK, KIND, STATUS, PROGRESS = range(5)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column(_tr("Date"), lambda a: a.assessed_on.isoformat(), _date_key),
                Column(
                    _tr("Framework"),
                    lambda a: f"{a.framework_title} {a.framework_version}",
                    tooltip=lambda a: f"{a.framework_id} {a.framework_version}",
                ),
                Column(_tr("Kind"), lambda a: kind_label(a.kind)),
                Column(_tr("Status"), lambda a: status_label(a.status)),
                Column(
                    _tr("Answered"),
                    progress_text,
                    lambda a: a.progress.fraction,
                    align_right=True,
                ),
            ],
            parent,
        )

    def row_of(self, assessment_id: int) -> int | None:
        for row, view in enumerate(self.rows()):
            if view.id == assessment_id:
                return row
        return None
