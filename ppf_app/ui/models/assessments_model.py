"""A person's record, a line each: appraisals, and assessments of their own, with the
date, what it is, the framework, where it stands and how complete."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from ppf_app.domain.appraisal import RecordStage
from ppf_app.services.screens.home import RecordLine
from ppf_app.services.views import AssessmentView
from ppf_app.ui.labels import kind_label, stage_label, status_label
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


def what_text(line: RecordLine) -> str:
    """``Appraisal with Grace Obi``, ``Self-assessment``, ``Appraiser's assessment``."""
    record = line.appraisal
    if record is None:
        return kind_label(line.assessment.kind)
    if record.appraiser_name:
        return _tr("Appraisal with {name}").format(name=record.appraiser_name)
    return _tr("Appraisal")


def state_text(line: RecordLine) -> str:
    """Where the line stands, as a person says it (``Signed on 2026-03-17``)."""
    record = line.appraisal
    if record is not None and record.signed_on is not None:
        return _tr("Signed on {date}").format(date=record.signed_on.isoformat())
    if line.stage is not None:
        return stage_label(line.stage)
    return status_label(line.assessment.status)


def _date_key(line: RecordLine) -> str:
    # Text, so Qt's sort compares it (a Python date would reach Qt as an opaque object);
    # the creation time orders two lines of the same day.
    return f"{line.date.isoformat()} {line.assessment.created_at.isoformat()}"


class AssessmentsModel(RowTableModel[RecordLine]):
    DATE, WHAT, FRAMEWORK, STATUS, PROGRESS = range(5)
    #: Kept for callers that name the column by its older name.
    KIND = WHAT

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column(_tr("Date"), lambda line: line.date.isoformat(), _date_key),
                Column(_tr("What"), what_text),
                Column(
                    _tr("Framework"),
                    lambda line: (
                        f"{line.assessment.framework_title} {line.assessment.framework_version}"
                    ),
                    tooltip=lambda line: (
                        f"{line.assessment.framework_id} {line.assessment.framework_version}"
                    ),
                ),
                Column(_tr("Status"), state_text),
                Column(
                    _tr("Self rated"),
                    lambda line: progress_text(line.assessment),
                    lambda line: line.assessment.progress.fraction,
                    align_right=True,
                ),
            ],
            parent,
        )

    def row_of(self, assessment_id: int) -> int | None:
        """The line that opens ``assessment_id`` (an appraisal's line for its self
        assessment, its newest appraisal first)."""
        for row, line in enumerate(self.rows()):
            if line.assessment.id == assessment_id:
                return row
        return None

    def row_of_key(self, key: str) -> int | None:
        for row, line in enumerate(self.rows()):
            if line.key == key:
                return row
        return None


__all__ = ["AssessmentsModel", "RecordStage", "progress_text"]
