"""Save as PDF: ask where, write the plan PDF off the UI thread, open it in the viewer.

Opening goes through :func:`open_in_viewer`; tests switch it to recording with
:func:`record_viewer` so no real viewer is ever started.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QStandardPaths, QUrl, Signal
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


def pdf_file_name(kind: str, person_name: str, assessed_on: object) -> str:
    """A file name to suggest, e.g. ``development-plan-Sian-Jones-2026-11-26.pdf``."""
    safe_name = "".join(c if c.isalnum() else "-" for c in person_name).strip("-")
    return f"{kind}-{safe_name}-{assessed_on}.pdf"


def ask_pdf_path(parent: QWidget, title: str, suggested: str) -> Path | None:
    """Where to save a PDF, starting in the user's documents; None when cancelled."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    name, _ = QFileDialog.getSaveFileName(
        parent,
        title,
        str(Path(folder) / suggested),
        QCoreApplication.translate("pdf", "PDF files (*.pdf)"),
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")


def report_write_failure(parent: QWidget, title: str, error: BaseException) -> None:
    """A refused write is told as it is; anything else goes to the one error path."""
    if isinstance(error, UserError):
        messages.problem(parent, title, "\n".join(error.problems))
    else:
        errors.report_unexpected(type(error), error, error.__traceback__)


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
        return ask_pdf_path(self._window, self.tr("Save the development plan"), suggested)

    def make_plan(self, view: AssessmentView) -> None:
        person = self._context.person
        if person is None or person.id != view.person_id:
            return
        out = self.ask_plan_path(pdf_file_name("development-plan", person.name, view.assessed_on))
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
        report_write_failure(self._window, self.tr("Plan not saved"), error)
        self.finished.emit(None)
