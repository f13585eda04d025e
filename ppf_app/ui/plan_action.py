"""Save as PDF: ask where, write the plan PDF off the UI thread, open it in the viewer.

Opening goes through :func:`open_in_viewer`; tests switch it to recording with
:func:`record_viewer` so no real viewer is ever started.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

from ppf_app.core.errors import UserError
from ppf_app.services.library import Library
from ppf_app.services.views import AssessmentView
from ppf_app.ui import errors, messages
from ppf_app.ui.context import AppContext
from ppf_app.ui.workers import run_in_background


@dataclass
class _Viewer:
    enabled: bool = True
    opened: list[Path] = field(default_factory=list)


_viewer = _Viewer()


def record_viewer() -> None:
    """Record the files to open instead of opening them (tests)."""
    _viewer.enabled = False
    _viewer.opened.clear()


def use_viewer() -> None:
    _viewer.enabled = True


def opened_files() -> list[Path]:
    """Files :func:`open_in_viewer` was asked to open since :func:`record_viewer`."""
    return list(_viewer.opened)


def open_in_viewer(path: Path) -> None:
    """Open ``path`` in the system's viewer for its type."""
    if not _viewer.enabled:
        _viewer.opened.append(path)
        return
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _write_plan(library: Library, person_id: int, out: Path, assessment_id: int) -> Path:
    # Imported here, in the worker: the PDF library stays off the start-up path.
    from ppf_app.services import plan_report

    return plan_report.write_plan_pdf(library, person_id, out, assessment_id)


class PlanAction(QObject):
    """Writes the development plan PDF of an assessment, then opens it."""

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
        open_in_viewer(path)
        self.finished.emit(path)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, UserError):
            messages.problem(self._window, self.tr("Plan not saved"), "\n".join(error.problems))
        else:
            errors.report_unexpected(type(error), error, error.__traceback__)
        self.finished.emit(None)
