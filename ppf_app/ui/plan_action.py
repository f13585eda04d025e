"""The development plan button: ask where to save, write the PDF off the UI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from ppf_app.core.errors import UserError
from ppf_app.services.library import Library
from ppf_app.services.views import AssessmentView
from ppf_app.ui import errors, messages
from ppf_app.ui.context import AppContext
from ppf_app.ui.workers import run_in_background


def _write_plan(library: Library, person_id: int, out: Path, assessment_id: int) -> Path:
    # Imported here, in the worker: the PDF library stays off the start-up path.
    from ppf_app.services import plan_report

    return plan_report.write_plan_pdf(library, person_id, out, assessment_id)


class PlanAction(QObject):
    """Writes the development plan PDF of the assessment on the results page."""

    #: The plan was written (its path) or not (None).
    finished = Signal(object)

    def __init__(self, context: AppContext, window: QWidget) -> None:
        super().__init__(window)
        self._context = context
        self._window = window
        self.last_written: Path | None = None

    def ask_plan_path(self, suggested: str) -> Path | None:
        """Where to save the plan (tests replace this)."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name, _ = QFileDialog.getSaveFileName(
            self._window,
            self.tr("Save the development plan"),
            str(Path(folder) / suggested),
            self.tr("PDF files (*.pdf)"),
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")

    def make_plan(self, view: AssessmentView) -> None:
        person = self._context.person
        if person is None or person.id != view.person_id:
            return
        safe_name = "".join(c if c.isalnum() else "-" for c in person.name).strip("-")
        out = self.ask_plan_path(f"development-plan-{safe_name}-{view.assessed_on}.pdf")
        if out is None:
            return
        self._context.status_message.emit(self.tr("Writing the development plan…"))
        run_in_background(
            _write_plan,
            self._context.library,
            person.id,
            out,
            view.id,
            on_done=self._written,
            on_failed=self._failed,
            receiver=self,
        )

    def _written(self, path: object) -> None:
        assert isinstance(path, Path)
        self.last_written = path
        self._context.status_message.emit(
            self.tr("Development plan saved: {path}").format(path=path)
        )
        messages.inform(
            self._window,
            self.tr("Development plan saved"),
            self.tr("The development plan was saved as:\n{path}").format(path=path),
        )
        self.finished.emit(path)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, UserError):
            messages.problem(self._window, self.tr("Plan not saved"), "\n".join(error.problems))
        else:
            errors.report_unexpected(type(error), error, error.__traceback__)
        self.finished.emit(None)
