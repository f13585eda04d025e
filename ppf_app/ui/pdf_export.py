"""Save as PDF, for every PDF the app writes (the development plan, the meeting brief):
ask where, write it off the UI thread, then show it in the print preview (Print, Save a
copy, Open in PDF viewer; ``ui/print_preview.py``), or in the system's viewer where Qt's
PDF module is not installed.

Showing goes through :func:`open_in_viewer`; tests switch it to recording with
:func:`record_viewer`, so neither a preview nor a real viewer is ever opened.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QStandardPaths, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

from ppf_app.ui.operations import Op

if TYPE_CHECKING:
    from ppf_app.services.library import Library
    from ppf_app.ui.context import AppContext


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


def open_in_viewer(path: Path, parent: QWidget | None = None) -> None:
    """Show the PDF at ``path``: the print preview over ``parent``, else the system's
    viewer for its type."""
    if not _viewer.enabled:
        _viewer.opened.append(path)
        return
    from ppf_app.ui import print_preview

    if print_preview.preview_available():
        print_preview.show_preview(path, parent)
        return
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def pdf_file_name(kind: str, person_name: str, assessed_on: object) -> str:
    """A file name to suggest, e.g. ``development-plan-Sian-Jones-2026-11-26.pdf``."""
    safe_name = "".join(c if c.isalnum() else "-" for c in person_name).strip("-")
    return f"{kind}-{safe_name}-{assessed_on}.pdf"


def ask_pdf_path(parent: QWidget | None, title: str, suggested: str) -> Path | None:
    """Where to save a PDF, starting in the user's documents; None when cancelled."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = folder or str(Path.home())
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


def _write_plan(library: Library, person_id: int, out: Path, assessment_id: int) -> Path:
    # Imported here, in the worker: the PDF library stays off the start-up path.
    from ppf_app.services import plan_report

    return plan_report.write_plan_pdf(library, person_id, out, assessment_id)


def _write_brief(library: Library, person_id: int, out: Path, assessment_id: int) -> Path:
    from ppf_app.services import meeting_brief

    return meeting_brief.write_brief(library, person_id, out, self_assessment_id=assessment_id)


def _texts(kind: str) -> tuple[str, str, str]:
    """The save dialog's title, the refusal's title and the status line of a kind."""
    tr = QCoreApplication.translate
    if kind == "meeting-brief":
        return (
            tr("pdf", "Save the meeting brief"),
            tr("pdf", "Brief not saved"),
            tr("pdf", "Meeting brief saved: {path}"),
        )
    return (
        tr("pdf", "Save the development plan"),
        tr("pdf", "Plan not saved"),
        tr("pdf", "Development plan saved: {path}"),
    )


class PdfExport(QObject):
    """Writes one kind of PDF about an assessment, then opens it.

    Args:
        kind: ``development-plan`` or ``meeting-brief``.
    """

    #: The PDF was written (its path) or not (None).
    finished = Signal(object)

    def __init__(self, parent: QWidget, context: AppContext, *, kind: str) -> None:
        super().__init__(parent)
        self._widget = parent
        self._context = context
        self._kind = kind
        self._write = _write_brief if kind == "meeting-brief" else _write_plan
        self._title, self._refused, self._saved = _texts(kind)
        self.last_written: Path | None = None
        self._result: Path | None = None

    def ask_path(self, suggested: str) -> Path | None:
        """Where to save the PDF (tests replace this)."""
        return ask_pdf_path(self._widget, self._title, suggested)

    def export(self, assessment_id: int, person_id: int, person_name: str, on: date) -> None:
        """Ask where, then write the PDF of ``assessment_id`` in the background."""
        out = self.ask_path(pdf_file_name(self._kind, person_name, on))
        if out is None:
            self.finished.emit(None)
            return
        self._context.status_message.emit(self.tr("Writing {name}…").format(name=out.name))
        write = self._write
        self._result = None
        Op(
            self._widget,
            self._context,
            lambda lib: write(lib, person_id, out, assessment_id),
            refused_title=self._refused,
        ).done(self._written).ended(self._ended).in_background()

    def _written(self, path: Path) -> None:
        self.last_written = path
        self._result = path
        self._context.status_message.emit(self._saved.format(path=path))
        open_in_viewer(path, self._widget)

    def _ended(self) -> None:
        self.finished.emit(self._result)
