"""A print preview of a PDF the app wrote: the pages as they will print, then Print, Save a
copy, or open it in the system's PDF viewer.

The pages are drawn by Qt's own PDF module (QtPdf, from the ``PySide6-Pdf`` wheel);
nothing leaves the computer. Where QtPdf is not installed :func:`preview_available` says
so and the app opens the file in the system's viewer instead (``ui/pdf_export.py``).

Printing renders each page at the printer's resolution (at most :data:`PRINT_DPI`) and
prints the images through the system's print dialog, so what prints is what was shown.
"""

from __future__ import annotations

import logging
import shutil
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSize, QSizeF, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QPageLayout, QPageSize, QPainter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ppf_app.ui import messages

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

log = logging.getLogger(__name__)

#: The highest resolution a page is rendered at for printing (dots per inch): sharp text
#: at about 35 MB per A4 page, one page at a time.
PRINT_DPI = 300


@cache
def preview_available() -> bool:
    """Whether Qt's PDF module is installed (the ``PySide6-Pdf`` wheel)."""
    try:
        import PySide6.QtPdf
        import PySide6.QtPdfWidgets  # noqa: F401
    except ImportError:
        log.info("QtPdf is not installed: written PDFs open in the system's viewer")
        return False
    return True


def _documents() -> str:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return location or str(Path.home())


class PrintPreviewDialog(QDialog):
    """The pages of the PDF at ``path``, with Print, Save a copy and Open in viewer."""

    #: A copy was saved (its path).
    copied = Signal(object)
    #: The pages went to the printer (how many).
    printed = Signal(int)

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        super().__init__(parent)
        self.path = Path(path)
        self.setWindowTitle(self.tr("Print preview: {name}").format(name=self.path.name))
        self.document = QPdfDocument(self)
        error = self.document.load(str(self.path))
        if error != QPdfDocument.Error.None_:
            log.warning("Cannot preview %s: %s", self.path, error)

        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.previous_button = QPushButton(self.tr("&Previous page"))
        self.previous_button.setShortcut(QKeySequence(QKeySequence.StandardKey.MoveToPreviousPage))
        self.previous_button.clicked.connect(lambda: self.go_to_page(self.current_page() - 1))
        bar.addWidget(self.previous_button)
        self.next_button = QPushButton(self.tr("&Next page"))
        self.next_button.setShortcut(QKeySequence(QKeySequence.StandardKey.MoveToNextPage))
        self.next_button.clicked.connect(lambda: self.go_to_page(self.current_page() + 1))
        bar.addWidget(self.next_button)
        self.page_label = QLabel()
        self.page_label.setAccessibleName(self.tr("Page shown"))
        bar.addWidget(self.page_label)
        bar.addStretch(1)
        self.viewer_button = QPushButton(self.tr("Open in PDF &viewer"))
        self.viewer_button.setAccessibleName(self.tr("Open the file in the system's PDF viewer"))
        self.viewer_button.clicked.connect(self.open_in_system_viewer)
        bar.addWidget(self.viewer_button)
        layout.addLayout(bar)

        self.view = QPdfView(self)
        self.view.setAccessibleName(self.tr("Pages of {name}").format(name=self.path.name))
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.pageNavigator().currentPageChanged.connect(self._show_page_number)
        layout.addWidget(self.view, 1)

        buttons = QDialogButtonBox()
        self.print_button = buttons.addButton(
            self.tr("&Print…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.print_button.setAccessibleName(self.tr("Print the pages"))
        self.print_button.clicked.connect(self.print_pages)
        self.copy_button = buttons.addButton(
            self.tr("&Save a copy…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.setAccessibleName(self.tr("Save a copy of the PDF elsewhere"))
        self.copy_button.clicked.connect(self.save_copy)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(self.tr("Close the preview"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._show_page_number(0)
        self.resize(760, 900)

    # -- pages --------------------------------------------------------------------------

    def page_count(self) -> int:
        return int(self.document.pageCount())

    def current_page(self) -> int:
        return int(self.view.pageNavigator().currentPage())

    def go_to_page(self, page: int) -> None:
        """Show page ``page`` (0 is the first)."""
        if 0 <= page < self.page_count():
            self.view.pageNavigator().jump(page, QPointF(), self.view.zoomFactor())
            self._show_page_number(page)

    def _show_page_number(self, page: int) -> None:
        count = self.page_count()
        self.page_label.setText(
            self.tr("Page {page} of {count}").format(page=page + 1, count=count)
            if count
            else self.tr("This PDF cannot be shown")
        )
        self.previous_button.setEnabled(page > 0)
        self.next_button.setEnabled(page + 1 < count)
        self.print_button.setEnabled(count > 0)

    # -- printing -----------------------------------------------------------------------

    def ask_printer(self, printer: QPrinter) -> bool:
        """The system's print dialog (tests replace this)."""
        from PySide6.QtPrintSupport import QPrintDialog

        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, max(1, self.page_count()))
        return dialog.exec() == QDialog.DialogCode.Accepted

    def print_pages(self) -> None:
        """Ask which printer (and pages), then print."""
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.path.stem)
        if self.page_count():
            size = self.document.pagePointSize(0)
            printer.setPageSize(QPageSize(size, QPageSize.Unit.Point, ""))
            orientation = (
                QPageLayout.Orientation.Landscape
                if size.width() > size.height()
                else QPageLayout.Orientation.Portrait
            )
            printer.setPageOrientation(orientation)
        printer.setFromTo(1, max(1, self.page_count()))
        if not self.ask_printer(printer):
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Print the chosen pages to ``printer`` (all when it names none); how many."""
        count = self.page_count()
        first, last = printer.fromPage(), printer.toPage()
        pages = range(max(first, 1) - 1, min(last, count)) if first and last else range(count)
        dpi = min(printer.resolution(), PRINT_DPI)
        painter = QPainter()
        if not painter.begin(printer):
            messages.problem(self, self.tr("Not printed"), self.tr("The printer cannot be used."))
            return 0
        printed = 0
        try:
            for page in pages:
                if printed:
                    printer.newPage()
                points: QSizeF = self.document.pagePointSize(page)
                pixels = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
                image = self.document.render(page, pixels)
                area = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
                area.moveTo(0, 0)
                scale = min(area.width() / pixels.width(), area.height() / pixels.height())
                target = QRectF(0, 0, pixels.width() * scale, pixels.height() * scale)
                target.moveCenter(area.center())
                painter.drawImage(target, image)
                printed += 1
        finally:
            painter.end()
        self.printed.emit(printed)
        return printed

    # -- copies and the system's viewer ----------------------------------------------------

    def ask_copy_path(self) -> Path | None:
        """Where to save a copy (tests replace this)."""
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save a copy"),
            str(Path(_documents()) / self.path.name),
            self.tr("PDF files (*.pdf)"),
        )
        if not name:
            return None
        chosen = Path(name)
        return chosen if chosen.suffix.lower() == ".pdf" else chosen.with_suffix(".pdf")

    def save_copy(self) -> Path | None:
        """Copy the PDF where the user says; the copy's path, or None."""
        target = self.ask_copy_path()
        if target is None:
            return None
        if target.resolve() == self.path.resolve():
            return target
        try:
            shutil.copyfile(self.path, target)
        except OSError as error:
            messages.problem(
                self,
                self.tr("Copy not saved"),
                self.tr("The copy could not be written to {path}: {reason}").format(
                    path=target, reason=error.strerror or error
                ),
            )
            return None
        self.copied.emit(target)
        return target

    def open_in_system_viewer(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))


def show_preview(path: Path, parent: QWidget | None) -> PrintPreviewDialog:
    """Show the preview of ``path`` (closed and deleted when the user closes it)."""
    dialog = PrintPreviewDialog(path, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
