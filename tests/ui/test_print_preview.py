"""The print preview of a PDF the app wrote: its pages shown one by one, printed through
a printer (here one that writes a PDF), and a copy saved; written PDFs reach it through
pdf_export, which tests switch to recording."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from ppf_app.ui import messages, pdf_export
from ppf_app.ui.print_preview import PrintPreviewDialog, preview_available

pytestmark = pytest.mark.skipif(not preview_available(), reason="QtPdf is not installed")

#: The offscreen platform cannot size or raise a top-level dialog; the dialog still works.
OFFSCREEN_DIALOG = "This plugin does not support"


def small_pdf(path: Path, pages: int = 3) -> Path:
    drawing = canvas.Canvas(str(path), pagesize=A4)
    for page in range(1, pages + 1):
        drawing.setFont("Helvetica", 24)
        drawing.drawString(72, 760, f"Development plan, page {page}")
        drawing.rect(72, 72, 451, 600)
        drawing.showPage()
    drawing.save()
    return path


@pytest.fixture
def preview(qtbot: QtBot, tmp_path: Path) -> PrintPreviewDialog:
    messages.use_logging()
    dialog = PrintPreviewDialog(small_pdf(tmp_path / "plan.pdf"))
    qtbot.addWidget(dialog)
    return dialog


@pytest.mark.gui
@pytest.mark.qt_log_ignore(OFFSCREEN_DIALOG)
def test_the_preview_loads_every_page(qtbot: QtBot, preview: PrintPreviewDialog) -> None:
    assert preview.page_count() == 3
    preview.show()
    qtbot.waitExposed(preview)
    assert preview.page_label.text() == "Page 1 of 3"
    assert not preview.previous_button.isEnabled()
    qtbot.mouseClick(preview.next_button, Qt.MouseButton.LeftButton)
    assert preview.current_page() == 1
    assert preview.page_label.text() == "Page 2 of 3"
    preview.go_to_page(2)
    assert preview.page_label.text() == "Page 3 of 3"
    assert not preview.next_button.isEnabled()
    # The page as drawn is not blank.
    image = preview.document.render(0, preview.document.pagePointSize(0).toSize())
    assert any(image.pixelColor(x, 57).lightness() < 128 for x in range(60, 300))
    preview.close()


@pytest.mark.gui
def test_print_sends_every_page_to_the_printer(preview: PrintPreviewDialog, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    printed = tmp_path / "printed.pdf"
    asked: list[QPrinter] = []

    def printer_to_file(printer: QPrinter) -> bool:
        asked.append(printer)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        printer.setResolution(72)
        return True

    preview.ask_printer = printer_to_file  # type: ignore[method-assign]
    preview.print_pages()
    assert len(asked) == 1
    assert asked[0].pageLayout().pageSize().id().name == "A4"
    assert len(PdfReader(printed).pages) == 3
    # A range chosen in the print dialog prints those pages only.
    from_to = tmp_path / "two.pdf"
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(from_to))
    printer.setResolution(72)
    printer.setFromTo(2, 3)
    assert preview.print_to(printer) == 2
    assert len(PdfReader(from_to).pages) == 2


@pytest.mark.gui
def test_save_a_copy(preview: PrintPreviewDialog, tmp_path: Path) -> None:
    target = tmp_path / "copies" / "my plan"
    target.parent.mkdir()
    preview.ask_copy_path = lambda: target.with_suffix(".pdf")  # type: ignore[method-assign]
    assert preview.save_copy() == target.with_suffix(".pdf")
    assert target.with_suffix(".pdf").read_bytes() == preview.path.read_bytes()
    # A folder that cannot be written is told, not raised.
    preview.ask_copy_path = lambda: tmp_path / "missing" / "x.pdf"  # type: ignore[method-assign]
    assert preview.save_copy() is None
    assert messages.shown()[-1][1] == "Copy not saved"


@pytest.mark.gui
def test_written_pdfs_are_recorded_not_shown_in_tests(tmp_path: Path) -> None:
    pdf = small_pdf(tmp_path / "brief.pdf", pages=1)
    pdf_export.record_viewer()
    try:
        pdf_export.open_in_viewer(pdf, None)
        assert pdf_export.opened_files() == [pdf]
    finally:
        pdf_export.use_viewer()
