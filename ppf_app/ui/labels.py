"""How the app names the product's records: kinds and states of assessments, in the
user's language, from the one list the domain keeps."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ppf_app.domain.appraisal import RecordStage
from ppf_app.domain.objective_status import ObjectiveStatus
from ppf_app.domain.records import AssessmentKind, AssessmentStatus
from ppf_app.services.views import AssessmentView


def kind_label(kind: str) -> str:
    parsed = AssessmentKind.parse(kind)
    if parsed is None:
        return kind
    return QCoreApplication.translate("AssessmentKind", parsed.label)


def status_label(status: str) -> str:
    try:
        parsed = AssessmentStatus(status)
    except ValueError:
        return status
    return QCoreApplication.translate("AssessmentStatus", parsed.label)


def stage_label(stage: RecordStage) -> str:
    """Where a self assessment or an appraisal stands (``Ready for appraisal``)."""
    return QCoreApplication.translate("RecordStage", stage.label)


def objective_status_label(status: str) -> str:
    parsed = ObjectiveStatus.parse(status)
    if parsed is None:
        return status
    return QCoreApplication.translate("ObjectiveStatus", parsed.label.capitalize())


def assessment_summary(view: AssessmentView, *, with_status: bool = True) -> str:
    """``Self-assessment · Framework 2026.1 · 2026-03-02 · Complete``."""
    parts = [
        kind_label(view.kind),
        f"{view.framework_title} {view.framework_version}",
        view.assessed_on.isoformat(),
    ]
    if with_status:
        parts.append(status_label(view.status))
    return " · ".join(parts)
